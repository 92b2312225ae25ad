package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/ankiconnect-go/ankiconnect"
	"github.com/ankiconnect-go/ankiconnect/ankiconnecttest"
	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// childEnv makes the test binary run the command itself (for the memory
// test, which measures a process of its own).
const childEnv = "ANKICONNECT_CLI_CHILD"

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "1" {
		code := run(context.Background(), os.Args[1:], env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, terminal: isTerminal})
		// The peak RSS of this process since its exec: getrusage in the
		// parent would count the parent's memory, which the child shares
		// between fork and exec.
		if status, err := os.ReadFile("/proc/self/status"); err == nil {
			for l := range strings.Lines(string(status)) {
				if strings.HasPrefix(l, "VmHWM:") {
					fmt.Fprint(os.Stderr, l)
				}
			}
		}
		os.Exit(code)
	}
	os.Exit(m.Run())
}

var epoch = time.Date(2026, 5, 4, 8, 0, 0, 0, time.UTC)

func newFake(t *testing.T) *ankiconnecttest.Fake {
	return ankiconnecttest.New(t, ankiconnecttest.WithTime(epoch))
}

type result struct {
	code           int
	stdout, stderr string
}

// cli runs the command with args against fake (nil: none), with stdin.
func cli(t *testing.T, fake *ankiconnecttest.Fake, stdin string, terminal bool, args ...string) result {
	t.Helper()
	if fake != nil {
		args = append([]string{"-url", fake.URL(), "-retries", "0"}, args...)
	}
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, env{
		stdin: strings.NewReader(stdin), stdout: &out, stderr: &errOut,
		terminal: func(io.Writer) bool { return terminal },
	})
	return result{code, out.String(), errOut.String()}
}

// golden compares got with testdata/name.golden, or rewrites it.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s (-want +got):\n%s", path, diff)
	}
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const script = `{"action": "deckNames"}
{"action": "createDeck", "params": {"deck": "Go"}}

{"action": "addNote", "params": {"note": {"deckName": "Go", "modelName": "Basic", "fields": {"Front": "<b>chan</b>", "Back": "a pipe"}}}}
{"action": "addNote", "params": {"note": {"deckName": "Go", "modelName": "Basic", "fields": {"Front": "<b>chan</b>", "Back": "again"}}}}
{"action": "answerCards", "params": {"answers": [{"cardId": 1, "ease": 9}]}}
{"action": "noSuchAction"}
{"action": "findNotes", "params": {"query": "deck:Go"}}
`

const words = "Front,Back\nhello,world\n\"x, <b>y</b>\",\"two\nlines\"\nhello,again\n,empty first field\n"

// TestGolden: the stdout of each subcommand, and of -h for each.
func TestGolden(t *testing.T) {
	tests := []struct {
		name  string
		args  []string
		stdin string
		code  int
	}{
		{"action_deckNames", []string{"deckNames"}, "", 0},
		{"action_pairs", []string{"createDeck", "deck=Go::Vocabulary"}, "", 0},
		{"action_params", []string{"findNotes", "-params", `{"query": "deck:Default"}`}, "", 0},
		{"action_json_pairs", []string{"modelFieldNames", "modelName=Basic (and reversed card)"}, "", 0},
		{"batch", []string{"batch", "-chunk", "3"}, script, exitRefused},
		{"batch_stop_on_error", []string{"batch", "-chunk", "1", "-stop-on-error"}, script, exitRefused},
		{"actions", []string{"actions"}, "", 0},
		{"help", []string{"-h"}, "", 0},
		{"help_action", []string{"findNotes", "-h"}, "", 0},
		{"help_batch", []string{"batch", "-h"}, "", 0},
		{"help_add_notes", []string{"add-notes", "-h"}, "", 0},
		{"help_actions", []string{"actions", "-h"}, "", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := cli(t, newFake(t), tc.stdin, false, tc.args...)
			if r.code != tc.code {
				t.Errorf("exit %d, want %d; stderr:\n%s", r.code, tc.code, r.stderr)
			}
			golden(t, tc.name, r.stdout)
		})
	}
}

// TestAddNotesTwice: the per-row report, and a second run that adds
// nothing and exits 0; TSV too.
func TestAddNotesTwice(t *testing.T) {
	for _, tc := range []struct{ file, content string }{
		{"words.csv", "Front,Back\nhello,world\n\"x, <b>y</b>\",\"two\nlines\"\nhello,again\n"},
		{"words.tsv", "front\tback\nhello\tworld\n<a href=\"u\">x</a>\ty\nhello\tagain\n"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			fake := newFake(t)
			path := writeFile(t, tc.file, tc.content)
			args := []string{"add-notes", "-deck", "Default", "-model", "Basic", "-tags", "go, cli", path}
			first := cli(t, fake, "", false, args...)
			if first.code != 0 {
				t.Fatalf("first run: exit %d\n%s", first.code, first.stderr)
			}
			golden(t, "add_notes_"+strings.ReplaceAll(tc.file, ".", "_")+"_first", first.stdout)
			notes := fake.Notes()
			if len(notes) != 2 {
				t.Fatalf("%d notes after the first run, want 2", len(notes))
			}
			if diff := cmp.Diff([]string{"cli", "go"}, notes[0].Tags); diff != "" {
				t.Errorf("tags (-want +got):\n%s", diff)
			}
			second := cli(t, fake, "", false, args...)
			if second.code != 0 {
				t.Fatalf("second run: exit %d\n%s", second.code, second.stderr)
			}
			golden(t, "add_notes_"+strings.ReplaceAll(tc.file, ".", "_")+"_second", second.stdout)
			if n := len(fake.Notes()); n != 2 {
				t.Errorf("%d notes after the second run, want still 2", n)
			}
			if !strings.Contains(second.stderr, "0 added, 3 duplicates, 0 failed") {
				t.Errorf("second run's summary: %s", second.stderr)
			}
		})
	}
}

// TestAddNotesChecksFirst: a header that does not match the note type, a
// malformed file, or a missing deck adds nothing.
func TestAddNotesChecksFirst(t *testing.T) {
	tests := []struct {
		name, file, content, deck string
		code                      int
		stderr                    string
	}{
		{"unknown column", "a.csv", "Front,Bak\nx,y\n", "Default", exitUsage, `"Bak" is not a field of note type "Basic"`},
		{"ragged row", "b.csv", "Front,Back\nx,y\nlast,row,extra\n", "Default", exitUsage, "record on line 3: wrong number of fields"},
		{"bad quote", "c.csv", "Front,Back\nx,y\n\"open,y\n", "Default", exitUsage, "extraneous or missing"},
		{"missing deck", "d.csv", "Front,Back\nx,y\n", "Nope", exitRefused, "ErrDeckNotFound"},
		{"not csv", "e.txt", "Front,Back\nx,y\n", "Default", exitUsage, "want a .csv or .tsv file"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fake := newFake(t)
			r := cli(t, fake, "", false, "add-notes", "-deck", tc.deck, "-model", "Basic", writeFile(t, tc.file, tc.content))
			if r.code != tc.code || !strings.Contains(r.stderr, tc.stderr) {
				t.Errorf("exit %d, stderr:\n%s\nwant exit %d and %q", r.code, r.stderr, tc.code, tc.stderr)
			}
			if n := len(fake.Notes()); n != 0 || r.stdout != "" {
				t.Errorf("%d notes added, stdout %q; want none", n, r.stdout)
			}
		})
	}
}

// TestAddNotesProgressBar: a bar on a terminal's stderr only; stdout is
// the same either way.
func TestAddNotesProgressBar(t *testing.T) {
	path := writeFile(t, "w.csv", words)
	args := []string{"add-notes", "-deck", "Default", "-model", "Basic", path}
	plain := cli(t, newFake(t), "", false, args...)
	tty := cli(t, newFake(t), "", true, args...)
	if plain.stdout != tty.stdout {
		t.Errorf("stdout differs with a terminal:\n%s\nvs\n%s", plain.stdout, tty.stdout)
	}
	if strings.Contains(plain.stderr, "adding notes") || strings.Contains(plain.stderr, "\r") {
		t.Errorf("a bar on redirected stderr:\n%q", plain.stderr)
	}
	if !strings.Contains(tty.stderr, "adding notes") || !strings.Contains(tty.stderr, "100%") || !strings.Contains(tty.stderr, "(4/4") {
		t.Errorf("no finished bar on a terminal's stderr:\n%q", tty.stderr)
	}
	if plain.code != exitRefused { // the empty first field
		t.Errorf("exit %d, want %d", plain.code, exitRefused)
	}
	golden(t, "add_notes_errors", plain.stdout)
}

// TestBatchMalformedLine: the lines before a malformed one are applied and
// reported, nothing at or after it is sent.
func TestBatchMalformedLine(t *testing.T) {
	in := `{"action": "createDeck", "params": {"deck": "A"}}
{"action": "createDeck", "params": {"deck": "B"}}
{"action": "createDeck", "params": {"deck": "C"}}
{"action": "createDeck", "params": {"deck": "D"}
{"action": "createDeck", "params": {"deck": "E"}}
`
	for _, chunk := range []string{"1", "2", "100"} {
		t.Run("chunk "+chunk, func(t *testing.T) {
			fake := newFake(t)
			r := cli(t, fake, in, false, "batch", "-chunk", chunk)
			if r.code != exitUsage || !strings.Contains(r.stderr, "stopped at line 4") {
				t.Errorf("exit %d, stderr:\n%s", r.code, r.stderr)
			}
			lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
			if len(lines) != 4 || !strings.Contains(lines[3], `"error":"line 4: `) {
				t.Errorf("stdout:\n%s\nwant 3 results and line 4's error", r.stdout)
			}
			var decks []string
			for _, d := range fake.Decks() {
				decks = append(decks, d.Name)
			}
			if diff := cmp.Diff([]string{"A", "B", "C", "Default"}, decks); diff != "" {
				t.Errorf("decks (-want +got):\n%s", diff)
			}
		})
	}
	for _, bad := range []string{`not json`, `{"action": "deckNames", "parms": {}}`, `{"params": {}}`, `{"action": "deckNames", "params": [1]}`, `{"action": "deckNames"} {}`} {
		fake := newFake(t)
		r := cli(t, fake, `{"action": "createDeck", "params": {"deck": "A"}}`+"\n"+bad+"\n", false, "batch")
		if r.code != exitUsage || !strings.Contains(r.stdout, `"error":"line 2: `) {
			t.Errorf("%s: exit %d, stdout %s", bad, r.code, r.stdout)
		}
	}
}

// TestExitCodes: one status per kind of failure.
func TestExitCodes(t *testing.T) {
	fake := newFake(t)
	down := newFake(t)
	down.GoDown()
	slow := newFake(t)
	slow.DelayNext("deckNames", 1, time.Second)
	teapot := newFake(t)
	teapot.RespondStatusNext(ankiconnecttest.AnyAction, 1, 418, "")
	tests := []struct {
		name   string
		fake   *ankiconnecttest.Fake
		args   []string
		code   int
		stderr string
	}{
		{"ok", fake, []string{"version"}, exitOK, ""},
		{"unsupported action", fake, []string{"noSuchAction"}, exitRefused, "unsupported action\nankiconnect: refused (ErrUnsupportedAction); exit status 4"},
		{"duplicate", fake, []string{"modelFieldNames", "modelName=Nope"}, exitRefused, "model was not found: Nope"},
		{"bad ease", fake, []string{"answerCards", "answers:=[{\"cardId\": 1, \"ease\": 0}]"}, exitRefused, "ErrInvalidEase"},
		{"http error", teapot, []string{"deckNames"}, exitRefused, "HTTP 418"},
		{"not running", down, []string{"deckNames"}, exitNotRunning, "is Anki running"},
		{"batch not running", down, []string{"batch"}, exitNotRunning, "failed as a whole"},
		{"timeout", slow, []string{"-timeout", "50ms", "deckNames"}, exitFailed, "exit status 1"},
		{"unknown flag", fake, []string{"deckNames", "-nope"}, exitUsage, "flag provided but not defined"},
		{"bad pair", fake, []string{"findNotes", "query"}, exitUsage, "want name=value"},
		{"bad params", fake, []string{"findNotes", "-params", "[1]"}, exitUsage, "must be a JSON object"},
		{"no command", nil, nil, exitUsage, "no command"},
		{"fake and url", fake, []string{"-fake", "deckNames"}, exitUsage, "exclude each other"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			stdin := ""
			if tc.name == "batch not running" {
				stdin = `{"action": "deckNames"}` + "\n"
			}
			r := cli(t, tc.fake, stdin, false, tc.args...)
			if r.code != tc.code || !strings.Contains(r.stderr, tc.stderr) {
				t.Errorf("exit %d, stderr:\n%s\nwant exit %d and %q", r.code, r.stderr, tc.code, tc.stderr)
			}
		})
	}
}

// TestEnvAndFake: the environment names the address and key, and -fake
// needs no Anki.
func TestEnvAndFake(t *testing.T) {
	fake := ankiconnecttest.New(t, ankiconnecttest.WithAPIKey("s3cret"))
	t.Setenv(ankiconnect.EnvURL, fake.URL())
	t.Setenv(ankiconnect.EnvAPIKey, "s3cret")
	if r := cli(t, nil, "", false, "deckNames"); r.code != 0 || r.stdout != "[\"Default\"]\n" {
		t.Errorf("with the environment: %+v", r)
	}
	if r := cli(t, nil, "", false, "-key", "wrong", "deckNames"); r.code != exitRefused || !strings.Contains(r.stderr, "ErrInvalidAPIKey") {
		t.Errorf("-key overrides the environment: %+v", r)
	}
	t.Setenv(ankiconnect.EnvURL, "http://127.0.0.1:1")
	if r := cli(t, nil, `{"action": "createDeck", "params": {"deck": "X"}}`+"\n", false, "-fake", "batch"); r.code != 0 || !strings.Contains(r.stdout, `"error":null`) {
		t.Errorf("-fake: %+v", r)
	}
}

// csvRows writes a CSV of n rows with a field of about 1 KB each.
func csvRows(t *testing.T, n int) string {
	var b strings.Builder
	b.WriteString("Front,Back\n")
	pad := strings.Repeat("x", 1000)
	for i := range n {
		fmt.Fprintf(&b, "word %d,%s\n", i, pad)
	}
	return writeFile(t, fmt.Sprintf("rows%d.csv", n), b.String())
}

// TestAddNotesLarge imports 10,000 rows (2,000 with -short) in a process
// of its own, and checks that its peak RSS does not grow with the rows:
// the file is read twice, a chunk at a time, and each row's report is
// written as soon as it is known.
func TestAddNotesLarge(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("peak RSS is read from /proc/self/status, on Linux only")
	}
	small, large := 1000, 10000
	if testing.Short() {
		small, large = 500, 2000
	}
	peak := func(n int) (kb int64, d time.Duration) {
		fake := ankiconnecttest.New(t)
		path := csvRows(t, n)
		cmd := exec.Command(os.Args[0], "-url", fake.URL(), "add-notes", "-deck", "Default", "-model", "Basic", path)
		cmd.Env = append(os.Environ(), childEnv+"=1")
		var out, errOut bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errOut
		start := time.Now()
		if err := cmd.Run(); err != nil {
			t.Fatalf("%d rows: %v\n%s", n, err, errOut.String())
		}
		d = time.Since(start)
		if got := strings.Count(out.String(), `"status":"added"`); got != n {
			t.Fatalf("%d rows: %d added", n, got)
		}
		if got := len(fake.Notes()); got != n {
			t.Fatalf("%d rows: the fake has %d notes", n, got)
		}
		_, hwm, ok := strings.Cut(errOut.String(), "VmHWM:")
		if !ok {
			t.Fatalf("the child did not report its peak RSS:\n%s", errOut.String())
		}
		if _, err := fmt.Sscanf(strings.TrimSpace(hwm), "%d kB", &kb); err != nil {
			t.Fatalf("VmHWM %q: %v", hwm, err)
		}
		return kb, d
	}
	rssSmall, dSmall := peak(small)
	rssLarge, dLarge := peak(large)
	t.Logf("%d rows: %v, peak RSS %d KiB; %d rows: %v, peak RSS %d KiB", small, dSmall, rssSmall, large, dLarge, rssLarge)
	// Ten times the rows (about 9 MB more of CSV, and of JSON requests)
	// must not mean a bigger process: allow a quarter for the GC's slack.
	if rssLarge > rssSmall*5/4+4096 {
		t.Errorf("peak RSS grew from %d KiB (%d rows) to %d KiB (%d rows)", rssSmall, small, rssLarge, large)
	}
}
