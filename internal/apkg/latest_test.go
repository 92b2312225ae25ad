package apkg

import (
	"archive/zip"
	"bytes"
	"crypto/sha1"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ankiconnect-go/ankiconnect/internal/apkg/ankipb"
	"github.com/ankiconnect-go/ankiconnect/internal/collection"
	"github.com/google/go-cmp/cmp"
	"github.com/klauspost/compress/zstd"
	"google.golang.org/protobuf/encoding/protowire"
)

func writeFormat(t testing.TB, p *collection.Package, f Format) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, p, f); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func exportLatest(t testing.TB, c *collection.Collection, deck string, withSched bool) []byte {
	t.Helper()
	p, err := c.ExportPackage(c.DeckByName(deck).ID, withSched)
	if err != nil {
		t.Fatal(err)
	}
	return writeFormat(t, p, FormatLatest)
}

// TestLatestRoundTrip: a deck exported in the current format imports into
// another collection exactly as the legacy export of the same deck does,
// and its zip holds Anki's members in Anki's order, all stored.
func TestLatestRoundTrip(t *testing.T) {
	for _, withSched := range []bool{true, false} {
		views := map[Format]view{}
		for f, data := range map[Format][]byte{
			FormatLegacy: exportFile(t, source(t), "Lang", withSched),
			FormatLatest: exportLatest(t, source(t), "Lang", withSched),
		} {
			p, err := Read("lang.apkg", data)
			if err != nil {
				t.Fatalf("%v: %v", f, err)
			}
			c := newCol()
			importInto(t, c, p)
			views[f] = viewOf(c)
		}
		if diff := cmp.Diff(views[FormatLegacy], views[FormatLatest]); diff != "" {
			t.Errorf("includeSched %v (-legacy +latest):\n%s", withSched, diff)
		}
		if len(views[FormatLatest].Notes) != 2 || len(views[FormatLatest].Media) != 2 {
			t.Errorf("includeSched %v: imported %v", withSched, views[FormatLatest])
		}
	}
	data := exportLatest(t, source(t), "Lang", true)
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		if f.Method != zip.Store {
			t.Errorf("member %s has method %d, want stored", f.Name, f.Method)
		}
	}
	if diff := cmp.Diff([]string{"meta", "collection.anki21b", "collection.anki2", "0", "1", "media"}, names); diff != "" {
		t.Errorf("members (-want +got):\n%s", diff)
	}
	if got := member(t, data, "meta"); got != "\x08\x03" {
		t.Errorf("meta = %q, want version 3", got)
	}
	dummy, err := readCollection([]byte(member(t, data, "collection.anki2")))
	if err != nil || len(dummy.Notes) != 1 || dummy.Notes[0].Fields[0] != DummyNote {
		t.Errorf("collection.anki2: %v, %v; want the one note %q", dummy, err, DummyNote)
	}
}

// TestLatestAnkiPackages: each package Anki made, written in the current
// format, reads back as its schema 18 collection does.
func TestLatestAnkiPackages(t *testing.T) {
	for _, name := range []string{"media.apkg", "update1.apkg", "update2.apkg", "diffmodels2-1.apkg", "diffmodels2-2.apkg", "diffmodeltemplates-1.apkg", "diffmodeltemplates-2.apkg"} {
		p := readTestdata(t, name)
		_, want := throughSchemas(t, p)
		want.Media = p.Media
		got, err := Read(name, writeFormat(t, p, FormatLatest))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if diff := cmp.Diff(want, got, samePackage...); diff != "" {
			t.Errorf("%s (-schema 18 +latest package):\n%s", name, diff)
		}
	}
	p := readTestdata(t, "media.apkg")
	if len(p.Media) != 1 {
		t.Fatalf("media.apkg holds %d media files, want 1", len(p.Media))
	}
}

// latestMembers rewrites a current-format package, replacing or adding the
// members in repl (raw bytes, stored as given) and dropping those mapped
// to nil.
func latestMembers(t *testing.T, data []byte, repl map[string][]byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	put := func(name string, b []byte) {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(b)
	}
	for _, f := range zr.File {
		b, ok := repl[f.Name]
		if !ok {
			raw, err := readMember(f)
			if err != nil {
				t.Fatal(err)
			}
			b = raw
		}
		delete(repl, f.Name)
		if b != nil {
			put(f.Name, b)
		}
	}
	for name, b := range repl {
		put(name, b)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func zstdOf(t *testing.T, b []byte) []byte {
	t.Helper()
	enc, err := zstd.NewWriter(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer enc.Close()
	return enc.EncodeAll(b, nil)
}

// rawEntry is a media map entry as bytes on the wire may hold it (a SHA-1
// of any length).
type rawEntry struct {
	name string
	size uint64
	sha1 []byte
}

// mediaMap encodes a MediaEntries message by hand, each entry with a
// legacy_zip_filename (field 255) the reader must skip.
func mediaMap(entries ...rawEntry) []byte {
	var out []byte
	for _, e := range entries {
		var b []byte
		b = protowire.AppendString(protowire.AppendTag(b, 1, protowire.BytesType), e.name)
		b = protowire.AppendVarint(protowire.AppendTag(b, 2, protowire.VarintType), e.size)
		b = protowire.AppendBytes(protowire.AppendTag(b, 3, protowire.BytesType), e.sha1)
		b = protowire.AppendVarint(protowire.AppendTag(b, 255, protowire.VarintType), 7)
		out = protowire.AppendBytes(protowire.AppendTag(out, 1, protowire.BytesType), b)
	}
	return out
}

// TestLatestBadPackages: each damaged current-format package fails with an
// error naming the file and the cause, and leaves the collection exactly
// as it was.
func TestLatestBadPackages(t *testing.T) {
	good := exportLatest(t, source(t), "Lang", true)
	sum := func(s string) []byte { h := sha1.Sum([]byte(s)); return h[:] }
	frame := zstdOf(t, []byte(strings.Repeat("collection bytes ", 1000)))
	defer func(old uint64) { maxInflated = old }(maxInflated)
	maxInflated = 1 << 20
	bomb := zstdOf(t, make([]byte, 2<<20)) // 2 MiB of zeros, over the lowered bound
	tests := []struct {
		name string
		repl map[string][]byte
		want string
	}{
		{"collection not zstd", map[string][]byte{"collection.anki21b": []byte("SQLite format 3\x00 plain")},
			"x.apkg: collection.anki21b: not zstd-compressed data"},
		{"truncated zstd frame", map[string][]byte{"collection.anki21b": frame[:len(frame)/2]},
			"x.apkg: collection.anki21b: not zstd-compressed data"},
		{"zstd of something else", map[string][]byte{"collection.anki21b": frame},
			"x.apkg: collection.anki21b: not an SQLite collection"},
		{"zstd bomb", map[string][]byte{"collection.anki21b": bomb},
			"x.apkg: collection.anki21b: it decompresses to more than 1048576 bytes, the most the fake reads"},
		{"no collection", map[string][]byte{"collection.anki21b": nil},
			"x.apkg: no collection in the package (meta says version 3, but there is no collection.anki21b)"},
		{"unknown version", map[string][]byte{"meta": {0x08, 0x04}},
			"x.apkg: the meta member gives package version 4, which the fake does not know"},
		{"media map not zstd", map[string][]byte{"media": mediaMap(rawEntry{"dog.mp3", 9, sum("mp3 bytes")})},
			"x.apkg: the media map: not zstd-compressed data"},
		{"media map not protobuf", map[string][]byte{"media": zstdOf(t, []byte{0x0a, 0x7f})},
			"x.apkg: the media map: not a protobuf message"},
		{"media size differs", map[string][]byte{"media": zstdOf(t, mediaMap(rawEntry{"dog.mp3", 10, sum("mp3 bytes")}, rawEntry{"perro.png", 9, sum("png bytes")}))},
			`x.apkg: media file "dog.mp3" (member "0") holds 9 bytes, the media map says 10`},
		{"media SHA-1 differs", map[string][]byte{"media": zstdOf(t, mediaMap(rawEntry{"dog.mp3", 9, sum("mp3 bytes")}, rawEntry{"perro.png", 9, sum("PNG bytes")}))},
			`x.apkg: media file "perro.png" (member "1") has SHA-1 `},
		{"media SHA-1 too short", map[string][]byte{"media": zstdOf(t, mediaMap(rawEntry{"dog.mp3", 9, []byte{1, 2}}))},
			`x.apkg: the media map: entry 0 ("dog.mp3"): a SHA-1 of 2 bytes, not 20`},
		{"media file missing", map[string][]byte{"1": nil},
			`x.apkg: the media map names "perro.png" as member "1", which the package does not hold`},
		{"media file not zstd", map[string][]byte{"0": []byte("mp3 bytes")},
			`x.apkg: media file "dog.mp3" (member "0"): not zstd-compressed data`},
		{"media name with a slash", map[string][]byte{"media": zstdOf(t, mediaMap(rawEntry{"../dog.mp3", 9, sum("mp3 bytes")}))},
			`x.apkg: the media map names an invalid file name "../dog.mp3"`},
		{"media bomb", map[string][]byte{"0": bomb},
			`x.apkg: media file "dog.mp3" (member "0"): it decompresses to more than 1048576 bytes`},
	}
	for _, tt := range tests {
		c := newCol()
		importInto(t, c, readTestdata(t, "update1.apkg"))
		before := snapshot(t, c)
		p, err := Read("x.apkg", latestMembers(t, good, tt.repl))
		if err == nil {
			_, err = c.ImportPackage(p)
		}
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want one starting %q", tt.name, err, tt.want)
		}
		if snapshot(t, c) != before {
			t.Errorf("%s: the collection changed", tt.name)
		}
	}
}

// TestLatestWithDebianZstd checks a current-format export independently of
// this package: Debian's zstd decompresses the collection and a media file,
// and Python's sqlite3 opens the collection.
func TestLatestWithDebianZstd(t *testing.T) {
	zstdBin, err := exec.LookPath("zstd")
	if err != nil {
		t.Skip("zstd is not installed (Debian: apt install zstd): the current format is not checked independently")
	}
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not installed: the current format is not checked independently")
	}
	data := exportLatest(t, source(t), "Lang", true)
	dir := t.TempDir()
	unzstd := func(name string) string {
		t.Helper()
		in := filepath.Join(dir, name+".zst")
		if err := os.WriteFile(in, []byte(member(t, data, name)), 0o600); err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(dir, name)
		if msg, err := exec.Command(zstdBin, "-d", "-q", "-f", in, "-o", out).CombinedOutput(); err != nil {
			t.Fatalf("zstd -d %s: %v\n%s", name, err, msg)
		}
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	if got := unzstd("0"); got != "mp3 bytes" {
		t.Errorf("media file 0 decompresses to %q", got)
	}
	unzstd("collection.anki21b")
	script := `
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
# Anki's collation for names (its indexes use it)
db.create_collation("unicase", lambda a, b: (a.casefold() > b.casefold()) - (a.casefold() < b.casefold()))
print(db.execute("pragma integrity_check").fetchone()[0])
print(db.execute("select ver from col").fetchone()[0])
print(sorted(r[0].replace("\x1f", "::") for r in db.execute("select name from decks")))
print(sorted(r[0] for r in db.execute("select name from notetypes")))
print(db.execute("select count(*) from notes").fetchone()[0], db.execute("select count(*) from cards").fetchone()[0], db.execute("select count(*) from revlog").fetchone()[0])
`
	out, err := exec.Command(python, "-c", script, filepath.Join(dir, "collection.anki21b")).CombinedOutput()
	if err != nil {
		t.Fatalf("python3: %v\n%s", err, out)
	}
	want := `ok
18
['Default', 'Lang', 'Lang::Spanish', 'Lang::Spanish::Verbs']
['Basic', 'Basic (and reversed card)']
2 3 1
`
	if diff := cmp.Diff(want, string(out)); diff != "" {
		t.Errorf("python3 on the decompressed collection (-want +got):\n%s", diff)
	}
	// the media map, decompressed by Debian's zstd, is what the reader decodes
	entries, err := ankipb.DecodeMediaEntries([]byte(unzstd("media")))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name)
	}
	if diff := cmp.Diff([]string{"dog.mp3", "perro.png"}, names); diff != "" {
		t.Errorf("media map names (-want +got):\n%s", diff)
	}
}
