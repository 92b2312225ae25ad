package main

import (
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// resultOf posts one version 6 action and returns its result, failing on an
// error reply.
func resultOf(t *testing.T, url, action, params string) json.RawMessage {
	t.Helper()
	var reply struct {
		Result json.RawMessage
		Error  *string
	}
	body := postJSON(t, url, `{"action":"`+action+`","version":6,"params":`+params+`}`)
	if err := json.Unmarshal([]byte(body), &reply); err != nil || reply.Error != nil {
		t.Fatalf("%s: %s", action, body)
	}
	return reply.Result
}

func mediaDirOf(t *testing.T, url string) string {
	t.Helper()
	var dir string
	if err := json.Unmarshal(resultOf(t, url, "getMediaDirPath", "{}"), &dir); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestMediaDirFlag: -media-dir is the folder getMediaDirPath reports and
// the media live in, both ways.
func TestMediaDirFlag(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "collection.media")
	url, cmd, out := startCommand(t, "-addr", "127.0.0.1:0", "-media-dir", dir)
	if got := mediaDirOf(t, url); got != dir {
		t.Errorf("getMediaDirPath = %q, want %q", got, dir)
	}
	resultOf(t, url, "storeMediaFile", `{"filename":"a.txt","data":"`+base64.StdEncoding.EncodeToString([]byte("stored"))+`"}`)
	if b, err := os.ReadFile(filepath.Join(dir, "a.txt")); err != nil || string(b) != "stored" {
		t.Errorf("a.txt in the folder: %q, %v", b, err)
	}
	if err := os.WriteFile(filepath.Join(dir, "b.txt"), []byte("written"), 0o600); err != nil {
		t.Fatal(err)
	}
	if got := string(resultOf(t, url, "getMediaFilesNames", `{}`)); got != `["a.txt", "b.txt"]` {
		t.Errorf("getMediaFilesNames = %s", got)
	}
	stop(t, cmd, out, syscall.SIGTERM)
	if _, err := os.Stat(filepath.Join(dir, "b.txt")); err != nil {
		t.Errorf("the -media-dir folder was touched on exit: %v", err)
	}
}

// TestDefaultMediaDir: without -media-dir each profile's folder is
// <tmp>/<profile>/collection.media, made when reported and removed on
// exit; -profiles still works and getMediaDirPath follows loadProfile.
func TestDefaultMediaDir(t *testing.T) {
	url, cmd, out := startCommand(t, "-addr", "127.0.0.1:0", "-profiles", "A,B")
	if got := string(resultOf(t, url, "getProfiles", "{}")); got != `["A", "B"]` {
		t.Errorf("getProfiles = %s", got)
	}
	a := mediaDirOf(t, url)
	if !strings.HasSuffix(a, "/A/collection.media") {
		t.Errorf("profile A's folder %q", a)
	}
	if st, err := os.Stat(a); err != nil || !st.IsDir() {
		t.Errorf("profile A's folder: %v", err)
	}
	resultOf(t, url, "loadProfile", `{"name":"B"}`)
	if b := mediaDirOf(t, url); b != filepath.Join(filepath.Dir(filepath.Dir(a)), "B", "collection.media") {
		t.Errorf("profile B's folder %q next to %q", b, a)
	}
	stop(t, cmd, out, syscall.SIGTERM)
	if _, err := os.Stat(filepath.Dir(filepath.Dir(a))); !os.IsNotExist(err) {
		t.Errorf("the temporary media folder is still there: %v", err)
	}
}

// TestFreshProfiles: a fresh fakeanki answers getProfiles as a fresh Anki.
func TestFreshProfiles(t *testing.T) {
	url, cmd, out := startCommand(t, "-addr", "127.0.0.1:0")
	if got := string(resultOf(t, url, "getProfiles", "{}")); got != `["User 1"]` {
		t.Errorf("getProfiles = %s", got)
	}
	if dir := mediaDirOf(t, url); !strings.HasSuffix(dir, "/User 1/collection.media") {
		t.Errorf("getMediaDirPath = %q", dir)
	}
	stop(t, cmd, out, syscall.SIGTERM)
}
