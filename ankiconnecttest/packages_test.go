package ankiconnecttest

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/ankiconnect-go/ankiconnect"
	"github.com/google/go-cmp/cmp"
)

// TestFakePackages: a deck exported through the client, deleted and
// imported back, in the fake's own package directory, which Close removes.
func TestFakePackages(t *testing.T) {
	f, err := Start()
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	c, ctx := f.Client(), t.Context()
	if _, err := f.CreateDeck("Trip::Words"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.AddNote(ankiconnect.Note{DeckName: "Trip::Words", ModelName: "Basic", Fields: map[string]string{"Front": "gato", "Back": "cat"}, Tags: []string{"animal"}}); err != nil {
		t.Fatal(err)
	}
	before := f.Notes()
	if ok, err := c.ExportPackage(ctx, "Trip", "trip.apkg", true); !ok || err != nil {
		t.Fatalf("ExportPackage = %v, %v", ok, err)
	}
	if _, err := os.Stat(filepath.Join(f.PackageDir(), "trip.apkg")); err != nil {
		t.Errorf("the package is not in PackageDir: %v", err)
	}
	if err := c.DeleteDecks(ctx, []string{"Trip"}); err != nil {
		t.Fatal(err)
	}
	if ok, err := c.ImportPackage(ctx, "trip.apkg"); !ok || err != nil {
		t.Fatalf("ImportPackage = %v, %v", ok, err)
	}
	if diff := cmp.Diff(before, f.Notes()); diff != "" {
		t.Errorf("notes after the round trip (-want +got):\n%s", diff)
	}
	if ok, err := c.ExportPackage(ctx, "No such deck", "x.apkg", false); ok || err != nil {
		t.Errorf("ExportPackage of an unknown deck = %v, %v; want false", ok, err)
	}
	_, err = c.ImportPackage(ctx, "/etc/hostname")
	var api *ankiconnect.APIError
	if !errors.As(err, &api) || api.Message != "[Errno 13] Permission denied: '/etc/hostname'" {
		t.Errorf("ImportPackage outside PackageDir: %v", err)
	}
	dir := f.PackageDir()
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("Close left the fake's package directory: %v", err)
	}
}

// TestFakePackageDirOption: a directory given with WithPackageDir is
// used and kept.
func TestFakePackageDirOption(t *testing.T) {
	dir := t.TempDir()
	f := New(t, WithPackageDir(dir))
	if f.PackageDir() != dir {
		t.Fatalf("PackageDir = %q, want %q", f.PackageDir(), dir)
	}
	if ok, err := f.Client().ExportPackage(t.Context(), "Default", filepath.Join(dir, "default.apkg"), false); !ok || err != nil {
		t.Fatalf("ExportPackage to an absolute path inside the directory = %v, %v", ok, err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "default.apkg")); err != nil {
		t.Errorf("the package is gone after Close: %v", err)
	}
}
