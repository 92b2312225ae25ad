package ankiconnecttest

import (
	"archive/zip"
	"errors"
	"os"
	"path/filepath"
	"slices"
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
	if ok, err := c.ExportPackage(ctx, "Trip", "trip.json", true); !ok || err != nil {
		t.Fatalf("ExportPackage = %v, %v", ok, err)
	}
	if _, err := os.Stat(filepath.Join(f.PackageDir(), "trip.json")); err != nil {
		t.Errorf("the package is not in PackageDir: %v", err)
	}
	if err := c.DeleteDecks(ctx, []string{"Trip"}); err != nil {
		t.Fatal(err)
	}
	if ok, err := c.ImportPackage(ctx, "trip.json"); !ok || err != nil {
		t.Fatalf("ImportPackage = %v, %v", ok, err)
	}
	if diff := cmp.Diff(before, f.Notes()); diff != "" {
		t.Errorf("notes after the round trip (-want +got):\n%s", diff)
	}
	if ok, err := c.ExportPackage(ctx, "No such deck", "x.json", false); ok || err != nil {
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
	if ok, err := f.Client().ExportPackage(t.Context(), "Default", filepath.Join(dir, "default.json"), false); !ok || err != nil {
		t.Fatalf("ExportPackage to an absolute path inside the directory = %v, %v", ok, err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "default.json")); err != nil {
		t.Errorf("the package is gone after Close: %v", err)
	}
}

// TestWithPackage seeds fakes with packages Anki made.
func TestWithPackage(t *testing.T) {
	f := New(t, WithPackage("../internal/apkg/testdata/media.apkg"), WithPackage("../internal/apkg/testdata/diffmodeltemplates-1.apkg"))
	var fields [][2]string
	for _, n := range f.Notes() {
		fields = append(fields, [2]string{n.Fields["Front"], n.Fields["Back"]})
	}
	if diff := cmp.Diff([][2]string{{"[sound:foo.wav]", ""}, {"question?", "answer!"}}, fields); diff != "" {
		t.Errorf("notes (-want +got):\n%s", diff)
	}
	if got := string(f.MediaFiles()["foo.wav"]); got != "abc\n" {
		t.Errorf("foo.wav = %q", got)
	}
	before := f.Notes()
	err := f.LoadPackage("../internal/apkg/testdata/missing.apkg")
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("LoadPackage of a missing file: %v", err)
	}
	if diff := cmp.Diff(before, f.Notes()); diff != "" {
		t.Errorf("a failed load changed the notes (-before +after):\n%s", diff)
	}
	if _, err := Start(WithPackage("packages_test.go")); err == nil || err.Error() != "packages_test.go: File is not a zip file" {
		t.Errorf("Start with a file that is not a package: %v", err)
	}
}

// TestPackageMediaInFolder: a package's media land in a real media folder,
// and a second import of the same package counts no media file as new
// (the importer reads what is stored through the folder, not a memory map
// that a folder leaves empty).
func TestPackageMediaInFolder(t *testing.T) {
	dir := t.TempDir()
	f := New(t, WithMediaDir(dir))
	c := f.Client()
	src, err := os.ReadFile("../internal/apkg/testdata/media.apkg")
	if err != nil {
		t.Fatal(err)
	}
	pkg := filepath.Join(f.PackageDir(), "deck.apkg")
	if err := os.WriteFile(pkg, src, 0o644); err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		if ok, err := c.ImportPackage(t.Context(), pkg); err != nil || !ok {
			t.Fatalf("import %d: %v, %v", i, ok, err)
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	want := []string{}
	for name := range f.MediaFiles() {
		want = append(want, name)
	}
	slices.Sort(want)
	if diff := cmp.Diff([]string{"foo.wav"}, want); diff != "" {
		t.Fatalf("media after import (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Errorf("files in the media folder (-want +got):\n%s", diff)
	}
	if n := len(f.Notes()); n != 1 {
		t.Errorf("%d notes after importing the same package twice, want 1", n)
	}
	// An export from the folder carries the media the deck uses.
	out := filepath.Join(f.PackageDir(), "out.apkg")
	if ok, err := c.ExportPackage(t.Context(), "Default", out, false); err != nil || !ok {
		t.Fatalf("export: %v, %v", ok, err)
	}
	g := New(t, WithPackage(out))
	var got []string
	for name := range g.MediaFiles() {
		got = append(got, name)
	}
	slices.Sort(got)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("media of the exported package (-want +got):\n%s", diff)
	}
}

// TestExportFormatLatest: with WithExportFormat(PackageLatest), the client's
// ExportPackage writes Anki's current layout (version 3 meta, zstd
// collection.anki21b), and a fake in the default layout imports it whole,
// media included.
func TestExportFormatLatest(t *testing.T) {
	ctx := t.Context()
	src := New(t, WithExportFormat(PackageLatest))
	c := src.Client()
	if _, err := src.CreateDeck("Trip"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.StoreMediaFile(ctx, "gato.png", []byte("png bytes"), ankiconnect.StoreMediaOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := src.AddNote(ankiconnect.Note{DeckName: "Trip", ModelName: "Basic", Fields: map[string]string{"Front": `gato <img src="gato.png">`, "Back": "cat"}}); err != nil {
		t.Fatal(err)
	}
	if ok, err := c.ExportPackage(ctx, "Trip", "trip.apkg", true); !ok || err != nil {
		t.Fatalf("ExportPackage = %v, %v", ok, err)
	}
	path := filepath.Join(src.PackageDir(), "trip.apkg")
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var names []string
	for _, m := range zr.File {
		names = append(names, m.Name)
	}
	if diff := cmp.Diff([]string{"meta", "collection.anki21b", "collection.anki2", "0", "media"}, names); diff != "" {
		t.Errorf("members (-want +got):\n%s", diff)
	}
	dst := New(t, WithPackage(path))
	if diff := cmp.Diff(src.Notes(), dst.Notes()); diff != "" {
		t.Errorf("notes imported from the latest layout (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string][]byte{"gato.png": []byte("png bytes")}, dst.MediaFiles()); diff != "" {
		t.Errorf("media imported (-want +got):\n%s", diff)
	}
}
