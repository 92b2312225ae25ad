package bench

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ankiconnect-go/ankiconnect"
)

// EnvPythonCompare turns TestPythonCompare on; its value is the number of
// rounds (1 or any non-number means 10).
const EnvPythonCompare = "ANKICONNECT_PYCOMPARE"

// TestPythonCompare times the add-on documentation's Python client
// (urllib_client.py) against this package's Client and a hand-made
// net/http floor, all calling one cmd/fakeanki (a new connection per
// request, as the add-on serves) seeded with 10,000 Basic notes. Rounds
// interleave the three: each round makes a batch of calls with each in
// turn. It prints the medians; it asserts nothing about speed. Run it with
// bench/python_compare.sh.
func TestPythonCompare(t *testing.T) {
	rounds := 10
	switch v := os.Getenv(EnvPythonCompare); v {
	case "":
		t.Skip("set " + EnvPythonCompare + "=<rounds> to compare with Python's urllib client")
	default:
		if n, err := strconv.Atoi(v); err == nil && n > 1 {
			rounds = n
		}
	}
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("no python3:", err)
	}
	url := startFakeAnki(t)
	ctx := context.Background()
	c := ankiconnect.NewClient(ankiconnect.WithURL(url))
	ids, err := SeedNotes(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	py := startWorker(t, python)

	floor := &http.Client{Transport: func() *http.Transport {
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.DisableKeepAlives = true
		return tr
	}()}
	type workload struct {
		name   string
		action string
		params map[string]any
		n      int // calls per batch
		client func() error
		floor  func(body []byte) error // decodes the reply
	}
	workloads := []workload{
		{"deckNames", "deckNames", map[string]any{}, 200,
			func() error { _, err := c.DeckNames(ctx); return err },
			decodeInto[[]string]},
		{"findNotes (10,000 IDs)", "findNotes", map[string]any{"query": "deck:Default"}, 20,
			func() error { _, err := c.FindNotes(ctx, "deck:Default"); return err },
			decodeInto[[]ankiconnect.NoteID]},
		{"notesInfo (1,000 notes)", "notesInfo", map[string]any{"notes": ids[:1000]}, 20,
			func() error { _, err := c.NotesInfo(ctx, ids[:1000]); return err },
			decodeInto[[]*ankiconnect.NoteInfo]},
	}
	fmt.Printf("%d rounds; load average before: %s\n", rounds, loadAverage())
	fmt.Printf("| workload | Python urllib | Client | net/http floor | Python / Client | Client / floor |\n|---|---|---|---|---|---|\n")
	for _, w := range workloads {
		body, err := json.Marshal(map[string]any{"action": w.action, "version": 6, "params": w.params})
		if err != nil {
			t.Fatal(err)
		}
		var pyT, clientT, floorT []float64
		for range rounds {
			pyT = append(pyT, py.run(t, map[string]any{"url": url, "action": w.action, "params": w.params, "n": w.n})...)
			clientT = append(clientT, timeN(t, w.n, w.client)...)
			floorT = append(floorT, timeN(t, w.n, func() error {
				data, err := RawPost(ctx, floor, url, body)
				if err != nil {
					return err
				}
				return w.floor(data)
			})...)
		}
		p, cl, fl := Median(pyT), Median(clientT), Median(floorT)
		fmt.Printf("| %s | %s | %s | %s | %.2fx | %.2fx |\n", w.name, us(p), us(cl), us(fl), p/cl, cl/fl)
	}
	fmt.Printf("load average after: %s\n", loadAverage())
}

// startFakeAnki builds and starts cmd/fakeanki on a free port and returns
// its URL; it is stopped when the test ends.
func startFakeAnki(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "fakeanki")
	build := exec.Command("go", "build", "-o", bin, "../cmd/fakeanki")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building fakeanki: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "-addr", "127.0.0.1:0")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		_ = cmd.Wait()
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	i := strings.Index(line, "http://")
	if i < 0 {
		t.Fatalf("fakeanki printed %q", line)
	}
	go func() { _, _ = io.Copy(io.Discard, stdout) }()
	return strings.TrimSpace(line[i:])
}

// worker is the Python client, running.
type worker struct {
	in  io.Writer
	out *bufio.Scanner
}

func startWorker(t *testing.T, python string) *worker {
	t.Helper()
	cmd := exec.Command(python, "urllib_client.py")
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = in.Close()
		_ = cmd.Wait()
	})
	sc := bufio.NewScanner(out)
	sc.Buffer(nil, 1<<20)
	return &worker{in: in, out: sc}
}

// run sends one job and returns its call times.
func (w *worker) run(t *testing.T, job map[string]any) []float64 {
	t.Helper()
	b, err := json.Marshal(job)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.in.Write(append(b, '\n')); err != nil {
		t.Fatal(err)
	}
	if !w.out.Scan() {
		t.Fatalf("python worker stopped: %v", w.out.Err())
	}
	var times []float64
	if err := json.Unmarshal(w.out.Bytes(), &times); err != nil {
		t.Fatalf("python worker: %v: %.200s", err, w.out.Bytes())
	}
	return times
}

// decodeInto decodes a reply envelope with a result of type R.
func decodeInto[R any](data []byte) error {
	var env struct {
		Result R
		Error  *string
	}
	if err := json.Unmarshal(data, &env); err != nil {
		return err
	}
	if env.Error != nil {
		return fmt.Errorf("error reply: %s", *env.Error)
	}
	return nil
}

// timeN makes n calls and returns their times in nanoseconds.
func timeN(t *testing.T, n int, call func() error) []float64 {
	t.Helper()
	times := make([]float64, n)
	for i := range times {
		start := time.Now()
		if err := call(); err != nil {
			t.Fatal(err)
		}
		times[i] = float64(time.Since(start).Nanoseconds())
	}
	return times
}

func us(ns float64) string { return fmt.Sprintf("%.0f us", ns/1000) }

func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	return strings.Join(strings.Fields(string(b))[:3], " ")
}
