package apkg_test

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ankiconnect-go/ankiconnect/internal/apkg"
	"github.com/ankiconnect-go/ankiconnect/internal/collection"
	"github.com/ankiconnect-go/ankiconnect/internal/wire"
	"github.com/google/go-cmp/cmp"
)

var t0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

func newCollection() *collection.Collection {
	return collection.New(func() time.Time { return t0 }, t0)
}

// snapshot is the whole collection as JSON, media included.
func snapshot(t *testing.T, c *collection.Collection) string {
	t.Helper()
	var buf bytes.Buffer
	if err := c.Save(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func importFile(t *testing.T, c *collection.Collection, path string) (collection.ImportStats, error) {
	t.Helper()
	return wireImport(c, path)
}

// wireImport is importPackage's path: wire.ImportPackageFile.
func wireImport(c *collection.Collection, path string) (collection.ImportStats, error) {
	return wire.ImportPackageFile(c, path, filepath.Base(path))
}

func fieldsOf(c *collection.Collection) []string {
	var out []string
	for _, n := range c.AllNotes() {
		out = append(out, n.GUID+": "+strings.Join(n.Fields, " / "))
	}
	return out
}

// TestImportKeepsTheNewerNote: update2.apkg holds a newer copy of
// update1.apkg's note (same GUID); whichever order they come in, the
// collection ends with the newer one, once.
func TestImportKeepsTheNewerNote(t *testing.T) {
	for _, order := range [][]string{{"update1.apkg", "update2.apkg"}, {"update2.apkg", "update1.apkg"}} {
		c := newCollection()
		for _, f := range order {
			if _, err := importFile(t, c, "testdata/"+f); err != nil {
				t.Fatal(err)
			}
		}
		if diff := cmp.Diff([]string{"cU1%zNUzk1: goodbye / world"}, fieldsOf(c)); diff != "" {
			t.Errorf("%v (-want +got):\n%s", order, diff)
		}
		if n := c.CardCount(); n != 1 {
			t.Errorf("%v: %d cards, want 1", order, n)
		}
	}
}

// TestImportAnkiPackage: media.apkg lands with its note, card, note type
// and media file.
func TestImportAnkiPackage(t *testing.T) {
	c := newCollection()
	stats, err := importFile(t, c, "testdata/media.apkg")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(collection.ImportStats{Notes: 1, Cards: 1, Media: 1}, stats); diff != "" {
		t.Errorf("stats (-want +got):\n%s", diff)
	}
	n := c.NoteByID(1348208769429)
	if n == nil || n.Fields[0] != "[sound:foo.wav]" || c.ModelByID(n.ModelID).Name != "Basic" {
		t.Fatalf("note: %+v", n)
	}
	if data, ok := c.Media().File("foo.wav"); !ok || string(data) != "abc\n" {
		t.Errorf("foo.wav = %q, %v", data, ok)
	}
	c2 := newCollection()
	if _, err := importFile(t, c2, "testdata/diffmodeltemplates-1.apkg"); err != nil {
		t.Fatal(err)
	}
	if d := c2.DeckByName("testdeck"); d == nil || len(c2.AllCards()) != 1 || c2.AllCards()[0].DeckID != d.ID {
		t.Errorf("the card is not in testdeck: decks %v", c2.DeckNames())
	}
	if c2.ModelByName("testt") == nil {
		t.Errorf("note type testt missing")
	}
}

// rezip rewrites a package, changing members with edit (nil drops one).
func rezip(t *testing.T, data []byte, edit map[string]func([]byte) []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if _, err := b.ReadFrom(rc); err != nil {
			t.Fatal(err)
		}
		rc.Close()
		body := b.Bytes()
		if fn, ok := edit[f.Name]; ok {
			if fn == nil {
				continue
			}
			body = fn(body)
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(body); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestImportAllOrNothing: every broken package fails with an error naming
// the file and the cause, and leaves the collection exactly as it was.
func TestImportAllOrNothing(t *testing.T) {
	good, err := os.ReadFile("testdata/media.apkg")
	if err != nil {
		t.Fatal(err)
	}
	// An unrenderable note type: media.apkg's own, with a template that
	// does not parse, written by the exporter.
	p, err := apkg.Read("media.apkg", good)
	if err != nil {
		t.Fatal(err)
	}
	p.Models[0].Templates[0].Qfmt = "{{#Front}} never closed"
	var bad bytes.Buffer
	if err := apkg.Write(&bad, p, t0); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		file string
		data []byte
		want string
	}{
		{"truncated.apkg", good[:len(good)-40], "truncated.apkg: File is not a zip file"},
		{"nocol.apkg", rezip(t, good, map[string]func([]byte) []byte{"collection.anki2": nil}), "nocol.apkg: no collection in the package"},
		{"corrupt.apkg", rezip(t, good, map[string]func([]byte) []byte{"collection.anki2": func(b []byte) []byte {
			return append(b[:100:100], bytes.Repeat([]byte{0xff}, len(b)-100)...)
		}}), "corrupt.apkg: collection.anki2: "},
		{"nomedia.apkg", rezip(t, good, map[string]func([]byte) []byte{"0": nil}), `nomedia.apkg: media map names member "0" (foo.wav), which the package lacks`},
		{"badtype.apkg", bad.Bytes(), `badtype.apkg: package: note type "Basic", card type "Card 1" cannot be rendered: `},
	}
	dir := t.TempDir()
	for _, tt := range tests {
		path := filepath.Join(dir, tt.file)
		if err := os.WriteFile(path, tt.data, 0o644); err != nil {
			t.Fatal(err)
		}
		c := newCollection()
		if _, err := importFile(t, c, "testdata/update1.apkg"); err != nil {
			t.Fatal(err)
		}
		if _, err := c.Media().Write("keep.txt", []byte("kept")); err != nil {
			t.Fatal(err)
		}
		before := snapshot(t, c)
		_, err := importFile(t, c, path)
		t.Logf("%s: %v", tt.file, err)
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want %q...", tt.file, err, tt.want)
		}
		if diff := cmp.Diff(before, snapshot(t, c)); diff != "" {
			t.Errorf("%s: the collection changed (-before +after):\n%s", tt.file, diff)
		}
	}
	if _, err := importFile(t, newCollection(), filepath.Join(dir, "missing.apkg")); err == nil || err.Error() != "[Errno 2] No such file or directory: 'missing.apkg'" {
		t.Errorf("missing file: %v", err)
	}
}
