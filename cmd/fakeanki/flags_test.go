package main

import (
	"archive/zip"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// Tests of the -old-server, -latency, -package-dir, -package and
// -export-format flags.

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

// TestPackageFlag: -package seeds the fake with an Anki package (given
// twice: the second, newer copy of the note wins), and a bad one stops
// the command with an error naming the file.
func TestPackageFlag(t *testing.T) {
	url, cmd, out := startCommand(t, "-addr", "127.0.0.1:0",
		"-package", "../../internal/apkg/testdata/update1.apkg", "-package", "../../internal/apkg/testdata/update2.apkg",
		"-package", "../../internal/apkg/testdata/media.apkg")
	body := `{"action": "notesInfo", "version": 6, "params": {"query": "goodbye or foo.wav"}}`
	got := postJSON(t, url, body)
	for _, want := range []string{`"goodbye"`, `[sound:foo.wav]`} {
		if !strings.Contains(got, want) {
			t.Errorf("notesInfo %s lacks %s", got, want)
		}
	}
	if got := postJSON(t, url, `{"action": "retrieveMediaFile", "version": 6, "params": {"filename": "foo.wav"}}`); got != `{"result": "YWJjCg==", "error": null}` {
		t.Errorf("retrieveMediaFile: %s", got)
	}
	stop(t, cmd, out, syscall.SIGTERM)

	bad := filepath.Join(t.TempDir(), "bad.apkg")
	if err := os.WriteFile(bad, []byte("PK\x03\x04 not really"), 0o644); err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	err := run(t.Context(), []string{"-addr", "127.0.0.1:0", "-package", bad}, io.Discard, &stderr)
	if err == nil || !strings.Contains(err.Error(), "File is not a zip file") {
		t.Errorf("run with a bad -package: %v", err)
	}
}

// TestExportFormatFlag: -export-format latest makes exportPackage write
// Anki's current layout, which importPackage reads back; an unknown layout
// is refused at start.
func TestExportFormatFlag(t *testing.T) {
	dir := t.TempDir()
	url, cmd, out := startCommand(t, "-addr", "127.0.0.1:0", "-package-dir", dir, "-export-format", "latest",
		"-package", "../../internal/apkg/testdata/media.apkg")
	if got := postJSON(t, url, `{"action": "exportPackage", "version": 6, "params": {"deck": "Default", "path": "d.apkg"}}`); got != `{"result": true, "error": null}` {
		t.Errorf("exportPackage: %s", got)
	}
	zr, err := zip.OpenReader(filepath.Join(dir, "d.apkg"))
	if err != nil {
		t.Fatal(err)
	}
	var meta string
	for _, f := range zr.File {
		if f.Name == "meta" {
			r, _ := f.Open()
			b, _ := io.ReadAll(r)
			meta = string(b)
		}
	}
	zr.Close()
	if meta != "\x08\x03" {
		t.Errorf("meta member %q, want version 3", meta)
	}
	postJSON(t, url, `{"action": "deleteDecks", "version": 6, "params": {"decks": ["Default"], "cardsToo": true}}`)
	if got := postJSON(t, url, `{"action": "importPackage", "version": 6, "params": {"path": "d.apkg"}}`); got != `{"result": true, "error": null}` {
		t.Errorf("importPackage: %s", got)
	}
	if got := postJSON(t, url, `{"action": "findNotes", "version": 6, "params": {"query": "foo.wav"}}`); got == `{"result": [], "error": null}` || !strings.HasPrefix(got, `{"result": [`) {
		t.Errorf("findNotes after the round trip: %s", got)
	}
	stop(t, cmd, out, syscall.SIGTERM)

	var stderr strings.Builder
	err = run(t.Context(), []string{"-addr", "127.0.0.1:0", "-export-format", "zip"}, io.Discard, &stderr)
	if err == nil || !strings.Contains(stderr.String()+err.Error(), `unknown package format "zip" (want legacy or latest)`) {
		t.Errorf("-export-format zip: %v, stderr %q", err, stderr.String())
	}
}
