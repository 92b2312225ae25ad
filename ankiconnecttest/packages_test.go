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

// fronts returns "model: Front" of every note, by ID.
func fronts(t *testing.T, f *Fake) []string {
	t.Helper()
	ctx := t.Context()
	ids, err := f.Client().FindNotes(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	infos, err := f.Client().NotesInfo(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, n := range infos {
		out = append(out, n.ModelName+": "+n.Fields["Front"].Value)
	}
	return out
}

// TestWithPackage: a fake seeded with real Anki packages holds their notes
// and media; LoadPackage merges a newer copy of a note; a broken package
// stops Start with an error naming it.
func TestWithPackage(t *testing.T) {
	const testdata = "../internal/apkg/testdata/"
	f := New(t, WithPackage(testdata+"media.apkg"), WithPackage(testdata+"update1.apkg"))
	if diff := cmp.Diff([]string{"Basic: [sound:foo.wav]", "Basic: hello"}, fronts(t, f)); diff != "" {
		t.Errorf("notes (-want +got):\n%s", diff)
	}
	data, found, err := f.Client().RetrieveMediaFile(t.Context(), "foo.wav")
	if err != nil || !found || string(data) != "abc\n" {
		t.Errorf("foo.wav = %q, %v, %v", data, found, err)
	}
	if err := f.LoadPackage(testdata + "update2.apkg"); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"Basic: [sound:foo.wav]", "Basic: goodbye"}, fronts(t, f)); diff != "" {
		t.Errorf("after update2 (-want +got):\n%s", diff)
	}
	bad := filepath.Join(t.TempDir(), "bad.apkg")
	if err := os.WriteFile(bad, []byte("not a zip"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := f.LoadPackage(bad); err == nil || err.Error() != bad+": File is not a zip file" {
		t.Errorf("LoadPackage of a broken file: %v", err)
	}
	if _, err := Start(WithPackage(bad)); err == nil || err.Error() != "ankiconnecttest: WithPackage: "+bad+": File is not a zip file" {
		t.Errorf("Start with a broken package: %v", err)
	}
}
