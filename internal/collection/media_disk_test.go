package collection

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestMediaFolder: on disk every Media method works on the folder, which is
// the truth both ways.
func TestMediaFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "collection.media")
	var m Media
	if _, err := m.Write("kept.txt", []byte("kept")); err != nil {
		t.Fatal(err)
	}
	m.UseFolderLater(dir)
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Fatalf("UseFolderLater made the folder: %v", err)
	}
	if m.OnDisk() {
		t.Fatal("on disk before Dir")
	}
	if got := m.Dir(); got != dir {
		t.Fatalf("Dir = %q, want %q", got, dir)
	}
	if !m.OnDisk() {
		t.Fatal("not on disk after Dir")
	}
	read := func(name string) string {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return "<" + err.Error() + ">"
		}
		return string(b)
	}
	if got := read("kept.txt"); got != "kept" {
		t.Errorf("kept.txt = %q", got)
	}
	if err := os.WriteFile(filepath.Join(dir, "ext.txt"), []byte("external"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	if data, ok, err := m.Retrieve("ext.txt"); err != nil || !ok || string(data) != "external" {
		t.Errorf("Retrieve(ext.txt) = %q, %v, %v", data, ok, err)
	}
	// Python's glob lists the subfolder too.
	if d := cmp.Diff([]string{"ext.txt", "kept.txt", "sub"}, m.Names("*")); d != "" {
		t.Errorf("Names (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"ext.txt"}, m.Names("ext.txt")); d != "" {
		t.Errorf("Names(ext.txt) (-want +got):\n%s", d)
	}
	// Same bytes keep the name; other bytes get the hashed one.
	if name, err := m.Write("ext.txt", []byte("external")); err != nil || name != "ext.txt" {
		t.Errorf("Write same bytes = %q, %v", name, err)
	}
	name, err := m.Write("ext.txt", []byte("other"))
	if err != nil || name == "ext.txt" || read(name) != "other" {
		t.Errorf("Write other bytes = %q, %v (on disk %q)", name, err, read(name))
	}
	m.Delete("ext.txt")
	if _, err := os.Stat(filepath.Join(dir, "ext.txt")); !os.IsNotExist(err) {
		t.Errorf("ext.txt after Delete: %v", err)
	}
	if data, ok := m.Trashed("ext.txt"); !ok || string(data) != "external" {
		t.Errorf("Trashed(ext.txt) = %q, %v", data, ok)
	}
	// A name that is no file name in the folder reaches nothing outside it.
	outside := filepath.Join(filepath.Dir(dir), "outside.txt")
	if err := os.WriteFile(outside, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	m.Delete("../outside.txt")
	if _, err := os.Stat(outside); err != nil {
		t.Errorf("Delete(../outside.txt) reached outside the folder: %v", err)
	}
	if _, ok := m.File("../outside.txt"); ok {
		t.Error("File(../outside.txt) read outside the folder")
	}
	if err := os.Remove(filepath.Join(dir, "kept.txt")); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := m.Retrieve("kept.txt"); ok {
		t.Error("Retrieve finds a file the program deleted")
	}
	if d := cmp.Diff(map[string][]byte{name: []byte("other")}, m.Snapshot()); d != "" {
		t.Errorf("Snapshot (-want +got):\n%s", d)
	}
	m.Restore(map[string][]byte{"new.txt": []byte("restored")})
	if d := cmp.Diff([]string{"new.txt", "sub"}, m.Names("*")); d != "" {
		t.Errorf("Names after Restore (-want +got):\n%s", d)
	}
	if got := read("new.txt"); got != "restored" {
		t.Errorf("new.txt = %q", got)
	}
	// A folder name that is a file: Retrieve reports Python's error.
	if _, _, err := m.Retrieve("sub"); err == nil {
		t.Error("Retrieve(sub) of a folder: no error")
	}
}

// TestMediaFolderLaterFails: a folder that cannot be made leaves the media
// in memory and Err says why.
func TestMediaFolderLaterFails(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	var m Media
	m.UseFolderLater(filepath.Join(file, "collection.media"))
	m.Dir()
	if m.Err() == nil || m.OnDisk() {
		t.Errorf("Err = %v, OnDisk = %v", m.Err(), m.OnDisk())
	}
	if _, err := m.Write("a.txt", []byte("a")); err != nil {
		t.Errorf("Write in memory after the failure: %v", err)
	}
}
