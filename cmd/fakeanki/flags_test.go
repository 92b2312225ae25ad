package main

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// Tests of the -old-server, -latency and -package-dir flags.

// TestOldServerFlag: -old-server answers as AnkiConnect before 2023, and
// -latency is accepted alongside it.
func TestOldServerFlag(t *testing.T) {
	url, cmd, out := startCommand(t, "-addr", "127.0.0.1:0", "-old-server", "-latency", "1ms")
	tests := []struct{ name, body, want string }{
		{"version 6 gets a bare result", `{"action": "deckNames", "version": 6}`, `["Default"]`},
		{"errors keep the envelope", `{"action": "nope", "version": 6}`, `{"result": null, "error": "unsupported action"}`},
	}
	for _, tt := range tests {
		if got := postJSON(t, url, tt.body); got != tt.want {
			t.Errorf("%s: got %s, want %s", tt.name, got, tt.want)
		}
	}
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	banner, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || string(banner) != "AnkiConnect v.6" || resp.Header.Get("Content-Type") != "text/json" {
		t.Errorf("banner %q (%v), Content-Type %q; want the plain text as text/json", banner, err, resp.Header.Get("Content-Type"))
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
