package main

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// Tests of the -old-server, -latency and -package-dir flags.

// TestOldServerFlag: -old-server answers as AnkiConnect before 2023, and
// -latency is accepted alongside it.
func TestOldServerFlag(t *testing.T) {
	url, cmd, out := startCommand(t, "-addr", "127.0.0.1:0", "-old-server", "-latency", "1ms")
	type reply struct{ ContentType, Body string }
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 10 * time.Second}
	send := func(method, body string) reply {
		t.Helper()
		req, err := http.NewRequest(method, url, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return reply{resp.Header.Get("Content-Type"), string(b)}
	}
	tests := []struct {
		name, method, body string
		want               reply
	}{
		{"version 6 gets a bare result", http.MethodPost, `{"action": "deckNames", "version": 6}`, reply{"text/json", `["Default"]`}},
		{"errors keep the envelope", http.MethodPost, `{"action": "nope", "version": 6}`, reply{"text/json", `{"result": null, "error": "unsupported action"}`}},
		{"plain-text banner", http.MethodGet, "", reply{"text/json", "AnkiConnect v.6"}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, send(tt.method, tt.body)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
	}
	stop(t, cmd, out, syscall.SIGTERM)
}

// TestPackageDirFlag: relative package paths resolve in -package-dir.
func TestPackageDirFlag(t *testing.T) {
	dir := t.TempDir()
	url, cmd, out := startCommand(t, "-addr", "127.0.0.1:0", "-package-dir", dir)
	if got := postJSON(t, url, `{"action": "exportPackage", "version": 6, "params": {"deck": "Default", "path": "d.json"}}`); got != `{"result": true, "error": null}` {
		t.Errorf("exportPackage: %s", got)
	}
	if _, err := os.Stat(filepath.Join(dir, "d.json")); err != nil {
		t.Errorf("the package is not in -package-dir: %v", err)
	}
	stop(t, cmd, out, syscall.SIGTERM)
}
