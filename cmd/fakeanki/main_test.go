package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ankiconnect-go/ankiconnect/internal/collection"
)

// TestMain lets the test binary act as the command, so the tests below can
// run it as a real process and signal it.
func TestMain(m *testing.M) {
	if os.Getenv("FAKEANKI_RUN_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// startCommand runs fakeanki with args and returns its URL and process.
func startCommand(t *testing.T, args ...string) (string, *exec.Cmd, *bufio.Reader) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "FAKEANKI_RUN_MAIN=1")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	out := bufio.NewReader(stdout)
	line, err := out.ReadString('\n')
	if err != nil {
		t.Fatalf("reading the URL line: %v", err)
	}
	const prefix = "fakeanki: serving AnkiConnect on "
	if !strings.HasPrefix(line, prefix+"http://127.0.0.1:") {
		t.Fatalf("first line %q", line)
	}
	return strings.TrimSpace(strings.TrimPrefix(line, prefix)), cmd, out
}

func postJSON(t *testing.T, url, body string) string {
	t.Helper()
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 10 * time.Second}
	resp, err := client.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// stop sends sig and expects a clean exit after the "stopped" line.
func stop(t *testing.T, cmd *exec.Cmd, out *bufio.Reader, sig os.Signal) {
	t.Helper()
	if err := cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	rest, _ := io.ReadAll(out)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("exit after %v: %v", sig, err)
	}
	if string(rest) != "fakeanki: stopped\n" {
		t.Errorf("output after the signal: %q", rest)
	}
}

func TestServeAndStop(t *testing.T) {
	for _, sig := range []os.Signal{syscall.SIGTERM, os.Interrupt} {
		url, cmd, out := startCommand(t, "-addr", "127.0.0.1:0", "-api-key", "k")
		if got := postJSON(t, url, `{"action":"version","version":6,"key":"k"}`); got != `{"result": 6, "error": null}` {
			t.Errorf("version: %s", got)
		}
		if got := postJSON(t, url, `{"action":"version","version":6}`); got != `{"result": null, "error": "valid api key must be provided"}` {
			t.Errorf("without the key: %s", got)
		}
		stop(t, cmd, out, sig)
	}
}

func TestFixture(t *testing.T) {
	col := collection.New(time.Now, time.Time{})
	col.CreateDeck("From the fixture")
	path := filepath.Join(t.TempDir(), "fixture.json")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := col.Save(f); err != nil {
		t.Fatal(err)
	}
	f.Close()
	url, cmd, out := startCommand(t, "-addr", "127.0.0.1:0", "-fixture", path)
	if got := postJSON(t, url, `{"action":"deckNames"}`); got != `["Default", "From the fixture"]` {
		t.Errorf("deckNames: %s", got)
	}
	stop(t, cmd, out, syscall.SIGTERM)
}

// TestBadArguments: each bad argument fails run with an error naming it,
// before anything is served. The bad address has a port out of range, so
// nothing is looked up or dialled.
func TestBadArguments(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "missing.json")
	for _, tt := range []struct {
		args []string
		want string // in the error text
	}{
		{[]string{"-fixture", missing}, "open " + missing + ": no such file or directory"},
		{[]string{"-addr", "127.0.0.1:99999"}, "address 99999: invalid port"},
		{[]string{"-bogus"}, "flag provided but not defined: -bogus"},
		{[]string{"extra"}, `unexpected arguments: ["extra"]`},
	} {
		err := run(context.Background(), tt.args, io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("run %q: error %v, want one containing %q", tt.args, err, tt.want)
		}
	}
}
