package main

import (
	"context"
	"io"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestPackageFlag: -package files are imported in order before serving,
// and a missing one fails run naming it.
func TestPackageFlag(t *testing.T) {
	const testdata = "../../internal/apkg/testdata/"
	url, cmd, out := startCommand(t, "-addr", "127.0.0.1:0", "-package", testdata+"diffmodeltemplates-1.apkg", "-package", testdata+"media.apkg")
	if got := postJSON(t, url, `{"action":"deckNames"}`); got != `["Default", "testdeck"]` {
		t.Errorf("deckNames: %s", got)
	}
	if got := postJSON(t, url, `{"action":"findNotes","params":{"query":"foo.wav"}}`); got != `[1348208769429]` {
		t.Errorf("findNotes: %s", got)
	}
	stop(t, cmd, out, syscall.SIGTERM)

	missing := filepath.Join(t.TempDir(), "missing.apkg")
	err := run(context.Background(), []string{"-addr", "127.0.0.1:0", "-package", missing}, io.Discard, io.Discard)
	if want := "[Errno 2] No such file or directory: '" + missing + "'"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("a missing -package: %v, want %q", err, want)
	}
}
