package apkg

import (
	"archive/zip"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ankiconnect-go/ankiconnect/internal/collection"
)

var t0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

func newCol() *collection.Collection {
	return collection.New(func() time.Time { return t0 }, t0)
}

// view is what a test compares of a collection.
type view struct {
	Decks  []string
	Models []string
	Notes  []string // model: fields | tags
	Cards  []string // deck ord type/queue due ivl
	Revlog int
	Media  map[string]string
}

func viewOf(c *collection.Collection) view {
	v := view{Decks: c.DeckNames(), Media: map[string]string{}}
	for _, m := range c.AllModels() {
		v.Models = append(v.Models, m.Name)
	}
	slices.Sort(v.Models)
	for _, n := range c.AllNotes() {
		v.Notes = append(v.Notes, c.ModelByID(n.ModelID).Name+": "+strings.Join(n.Fields, " / ")+" | "+strings.Join(n.Tags, " "))
		for _, card := range n.Cards() {
			v.Cards = append(v.Cards, fmt.Sprintf("%s %d %d/%d %d %d", c.DeckByID(card.DeckID).Name, card.Ord, card.Type, card.Queue, card.Due, card.Ivl))
		}
	}
	v.Revlog = len(c.Reviews())
	for name, data := range c.Media().Snapshot() {
		v.Media[name] = string(data)
	}
	return v
}

func readTestdata(t *testing.T, name string) *collection.Package {
	t.Helper()
	p, err := ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func importInto(t *testing.T, c *collection.Collection, p *collection.Package) collection.ImportStats {
	t.Helper()
	stats, err := c.ImportPackage(p)
	if err != nil {
		t.Fatal(err)
	}
	return stats
}

// TestReadAnkiPackages reads packages Anki made (see testdata/README.md).
func TestReadAnkiPackages(t *testing.T) {
	type note struct {
		GUID, Model string
		Fields      []string
	}
	tests := []struct {
		file   string
		decks  []string
		models int
		notes  []note
		cards  int
		media  map[string]string
	}{
		{"media.apkg", []string{"Default"}, 3, []note{{"L;*}1M{l6|", "Basic", []string{"[sound:foo.wav]", ""}}}, 1, map[string]string{"foo.wav": "abc\n"}},
		{"update1.apkg", []string{"Default"}, 5, []note{{"cU1%zNUzk1", "Basic", []string{"hello", "world"}}}, 1, map[string]string{}},
		{"update2.apkg", []string{"Default"}, 5, []note{{"cU1%zNUzk1", "Basic", []string{"goodbye", "world"}}}, 1, map[string]string{}},
		{"diffmodels2-1.apkg", []string{"Default"}, 5, []note{{"MGCsE3z^Er", "Basic", []string{"front", "back"}}}, 1, map[string]string{}},
		{"diffmodels2-2.apkg", []string{"Default"}, 5, []note{{"MGCsE3z^Er", "Basic", []string{"front", "back"}}}, 2, map[string]string{}},
		{"diffmodeltemplates-1.apkg", []string{"Default", "testdeck"}, 1, []note{{"CjMTh;(#|6", "testt", []string{"question?", "answer!"}}}, 1, nil},
	}
	for _, tt := range tests {
		p := readTestdata(t, tt.file)
		var decks []string
		for _, d := range p.Decks {
			decks = append(decks, d.Name)
		}
		slices.Sort(decks)
		models := map[int64]string{}
		for _, m := range p.Models {
			models[m.ID] = m.Name
		}
		var notes []note
		for _, n := range p.Notes {
			notes = append(notes, note{n.GUID, models[n.ModelID], n.Fields})
		}
		media := map[string]string{}
		for name, data := range p.Media {
			media[name] = string(data)
		}
		if tt.media == nil { // the two add-on data files: check names and sizes
			tt.media = map[string]string{}
			for name, data := range p.Media {
				tt.media[name] = string(data)
			}
			if diff := cmp.Diff(map[string]int{"_IncrementalReadingExtension.dat": 7009, "_ViewSizeAdjustAddon.dat": 387},
				map[string]int{"_IncrementalReadingExtension.dat": len(p.Media["_IncrementalReadingExtension.dat"]), "_ViewSizeAdjustAddon.dat": len(p.Media["_ViewSizeAdjustAddon.dat"])}); diff != "" {
				t.Errorf("%s media sizes (-want +got):\n%s", tt.file, diff)
			}
		}
		got := []any{decks, len(p.Models), notes, len(p.Cards), media}
		want := []any{tt.decks, tt.models, tt.notes, tt.cards, tt.media}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.file, diff)
		}
	}
}

func TestImportAnkiPackage(t *testing.T) {
	c := newCol()
	stats := importInto(t, c, readTestdata(t, "media.apkg"))
	v := viewOf(c)
	if want := []string{"Basic: [sound:foo.wav] /  | "}; !slices.Contains(v.Notes, want[0]) {
		t.Errorf("notes %q, want one %q", v.Notes, want[0])
	}
	if got := v.Media["foo.wav"]; got != "abc\n" {
		t.Errorf("foo.wav holds %q, want %q", got, "abc\n")
	}
	if stats.Notes != 1 || stats.Cards != 1 || stats.Media != 1 {
		t.Errorf("stats %+v, want 1 note, 1 card, 1 media file", stats)
	}
	// the package's own Basic type has the stock Basic's fields and
	// templates, so it maps onto it: no new note type.
	if slices.Contains(v.Models, "Basic+") {
		t.Errorf("a second Basic was added: %q", v.Models)
	}

	c = newCol()
	importInto(t, c, readTestdata(t, "diffmodeltemplates-1.apkg"))
	v = viewOf(c)
	if diff := cmp.Diff([]string{"testt: question? / answer! | "}, v.Notes); diff != "" {
		t.Errorf("notes (-want +got):\n%s", diff)
	}
	if !slices.Contains(v.Decks, "testdeck") || len(v.Cards) != 1 || !strings.HasPrefix(v.Cards[0], "testdeck 0 0/0") {
		t.Errorf("decks %q, cards %q: want the card new in testdeck", v.Decks, v.Cards)
	}
}

// TestImportKeepsTheNewer: update2.apkg holds a newer version of
// update1.apkg's note (same GUID): in either order the newer one stays.
func TestImportKeepsTheNewer(t *testing.T) {
	for _, order := range [][]string{{"update1.apkg", "update2.apkg"}, {"update2.apkg", "update1.apkg"}} {
		c := newCol()
		for _, f := range order {
			importInto(t, c, readTestdata(t, f))
		}
		if diff := cmp.Diff([]string{"Basic: goodbye / world | "}, viewOf(c).Notes); diff != "" {
			t.Errorf("%v: notes (-want +got):\n%s", order, diff)
		}
	}
}

// zipOf builds a zip file of the given members, in order.
func zipOf(t *testing.T, members ...[2]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, m := range members {
		f, err := zw.Create(m[0])
		if err != nil {
			t.Fatal(err)
		}
		f.Write([]byte(m[1]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// member returns the bytes of a zip member.
func member(t *testing.T, data []byte, name string) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == name {
			b, err := readMember(f)
			if err != nil {
				t.Fatal(err)
			}
			return string(b)
		}
	}
	t.Fatalf("no member %q", name)
	return ""
}

// TestBadPackages: each bad file fails with an error naming the file and
// the cause, and the collection stays exactly as it was.
// snapshot is the whole collection as Collection.Save writes it: decks,
// option groups, note types, notes, cards, tags, review log, media and the
// ID and position counters.
func snapshot(t *testing.T, c *collection.Collection) string {
	t.Helper()
	var buf bytes.Buffer
	if err := c.Save(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestBadPackages(t *testing.T) {
	good, err := os.ReadFile("testdata/media.apkg")
	if err != nil {
		t.Fatal(err)
	}
	col := member(t, good, "collection.anki2")
	// an export of a note type of a kind the fake cannot render
	src := newCol()
	n := src.NewNote(src.ModelByName("Basic"))
	n.Fields[0] = "x"
	src.AddNote(n, src.DeckByName("Default"))
	odd, err := src.ExportPackage(collection.DefaultDeckID, false)
	if err != nil {
		t.Fatal(err)
	}
	basic := *odd.Models[0]
	basic.Type = 7
	odd.Models = []*collection.Model{&basic}
	var oddFile bytes.Buffer
	if err := Write(&oddFile, odd, FormatLegacy); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"truncated zip", good[:len(good)/2], "File is not a zip file"},
		{"not a zip", []byte("hello"), "File is not a zip file"},
		{"no collection", zipOf(t, [2]string{"media", "{}"}), "x.apkg: no collection in the package (neither collection.anki21 nor collection.anki2)"},
		{"corrupt SQLite", zipOf(t, [2]string{"collection.anki2", "SQLite format 3\x00" + strings.Repeat("garbage!", 200)}), "x.apkg: collection.anki2: not an SQLite collection"},
		{"missing media file", zipOf(t, [2]string{"collection.anki2", col}, [2]string{"media", `{"0": "foo.wav", "1": "gone.png"}`}, [2]string{"0", "abc"}),
			`x.apkg: the media map names "gone.png" as member "1", which the package does not hold`},
		{"current format, collection not zstd", zipOf(t, [2]string{"meta", "\x08\x03"}, [2]string{"collection.anki21b", "x"}, [2]string{"collection.anki2", col}),
			"x.apkg: collection.anki21b: not zstd-compressed data"},
		{"unknown version", zipOf(t, [2]string{"meta", "\x08\x07"}, [2]string{"collection.anki2", col}),
			"x.apkg: the meta member gives package version 7, which the fake does not know"},
		{"note type the fake cannot render", oddFile.Bytes(), `package: note type "Basic" has kind 7, which the fake cannot render`},
	}
	for _, tt := range tests {
		c := newCol()
		importInto(t, c, readTestdata(t, "update1.apkg"))
		if _, err := c.Media().Write("keep.txt", []byte("kept")); err != nil {
			t.Fatal(err)
		}
		before := snapshot(t, c)
		p, err := Read("x.apkg", tt.data)
		if err == nil {
			_, err = c.ImportPackage(p)
		}
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want one starting %q", tt.name, err, tt.want)
		}
		if diff := cmp.Diff(before, snapshot(t, c)); diff != "" {
			t.Errorf("%s: the collection changed (-before +after):\n%s", tt.name, diff)
		}
	}
}

// source builds a collection with a deck tree, scheduling and media.
func source(t testing.TB) *collection.Collection {
	t.Helper()
	c := newCol()
	add := func(model, deck string, tags []string, fields ...string) *collection.Note {
		n := c.NewNote(c.ModelByName(model))
		copy(n.Fields, fields)
		n.Tags = tags
		c.AddNote(n, c.CreateDeck(deck))
		return n
	}
	add("Basic", "Lang::Spanish", []string{"noun", "marked"}, `<img src="perro.png"> perro`, "dog [sound:dog.mp3]")
	n := add("Basic (and reversed card)", "Lang::Spanish::Verbs", []string{"verb"}, "comer", "to eat")
	add("Basic", "Other", nil, "not exported", "x")
	for name, data := range map[string]string{"perro.png": "png bytes", "dog.mp3": "mp3 bytes", "unused.txt": "x"} {
		if _, err := c.Media().Write(name, []byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	card := n.Cards()[0]
	card.Type, card.Queue, card.Due, card.Ivl, card.Factor, card.Reps = collection.CardTypeReview, collection.QueueReview, int64(c.Today()+3), 10, 2500, 3
	c.AddReview(collection.ReviewLog{ID: c.NewID(), CardID: card.ID, Ease: 3, Ivl: 10, LastIvl: 4, Factor: 2500, Time: 4000, Type: 1})
	return c
}

func exportFile(t testing.TB, c *collection.Collection, deck string, withSched bool) []byte {
	t.Helper()
	p, err := c.ExportPackage(c.DeckByName(deck).ID, withSched)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Write(&buf, p, FormatLegacy); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestExportRoundTrip: what Write writes, Read reads back into another
// collection with the same decks, notes, cards, scheduling and media.
func TestExportRoundTrip(t *testing.T) {
	for _, withSched := range []bool{true, false} {
		data := exportFile(t, source(t), "Lang", withSched)
		p, err := Read("lang.apkg", data)
		if err != nil {
			t.Fatal(err)
		}
		c := newCol()
		importInto(t, c, p)
		v := viewOf(c)
		wantNotes := []string{
			"Basic: <img src=\"perro.png\"> perro / dog [sound:dog.mp3] | marked noun",
			"Basic (and reversed card): comer / to eat | verb",
		}
		wantCards := []string{"Lang::Spanish 0 0/0 1 0", "Lang::Spanish::Verbs 0 2/2 3 10", "Lang::Spanish::Verbs 1 0/0 2 0"}
		wantRevlog := 1
		if !withSched {
			wantNotes[0] = "Basic: <img src=\"perro.png\"> perro / dog [sound:dog.mp3] | noun"
			wantCards[1] = "Lang::Spanish::Verbs 0 0/0 3 0"
			wantRevlog = 0
		}
		want := view{
			Decks:  []string{"Default", "Lang", "Lang::Spanish", "Lang::Spanish::Verbs"},
			Models: v.Models, // the stock ones: both types map onto them
			Notes:  wantNotes, Cards: wantCards, Revlog: wantRevlog,
			Media: map[string]string{"perro.png": "png bytes", "dog.mp3": "mp3 bytes"},
		}
		if diff := cmp.Diff(want, v); diff != "" {
			t.Errorf("includeSched %v (-want +got):\n%s", withSched, diff)
		}
		if got := member(t, data, "media"); got != `{"0":"dog.mp3","1":"perro.png"}`+"\n" {
			t.Errorf("media map %q", got)
		}
		dummy, err := readCollection([]byte(member(t, data, "collection.anki2")))
		if err != nil {
			t.Fatal(err)
		}
		if len(dummy.Notes) != 1 || dummy.Notes[0].Fields[0] != DummyNote {
			t.Errorf("collection.anki2 holds %v, want the one note %q", dummy.Notes, DummyNote)
		}
	}
}

// TestExportFormatWithPython opens an exported package with Python's
// zipfile and sqlite3 modules, independently of this package's reader.
func TestExportFormatWithPython(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not installed: the exported format is not checked independently")
	}
	path := filepath.Join(t.TempDir(), "lang.apkg")
	if err := os.WriteFile(path, exportFile(t, source(t), "Lang", true), 0o644); err != nil {
		t.Fatal(err)
	}
	script := `
import json, sqlite3, sys, tempfile, zipfile
z = zipfile.ZipFile(sys.argv[1])
print(sorted(z.namelist()))
print(json.loads(z.read("media")))
tmp = tempfile.NamedTemporaryFile(suffix=".anki21")
tmp.write(z.read("collection.anki21")); tmp.flush()
db = sqlite3.connect(tmp.name)
print(db.execute("pragma integrity_check").fetchone()[0])
ver, models, decks = db.execute("select ver, models, decks from col").fetchone()
print(ver, sorted(m["name"] for m in json.loads(models).values()), sorted(d["name"] for d in json.loads(decks).values()))
# the members Anki's schema 11 deck reader requires, with their types
for d in json.loads(decks).values():
    missing = [k for k in ("id", "name", "usn", "lrnToday", "revToday", "newToday", "timeToday", "collapsed", "conf") if k not in d]
    if missing or type(d["dyn"]) is not int or type(d["collapsed"]) is not bool:
        print("deck", d["name"], "lacks", missing, "or has dyn", repr(d["dyn"]))
for row in db.execute("select flds, tags, sfld from notes order by id"):
    print(repr(row))
print(db.execute("select count(*), sum(type = 2) from cards").fetchone())
print(db.execute("select ease, ivl, lastIvl from revlog").fetchall())
`
	out, err := exec.Command(python, "-c", script, path).CombinedOutput()
	if err != nil {
		t.Fatalf("python3: %v\n%s", err, out)
	}
	want := `['0', '1', 'collection.anki2', 'collection.anki21', 'media']
{'0': 'dog.mp3', '1': 'perro.png'}
ok
11 ['Basic', 'Basic (and reversed card)'] ['Default', 'Lang', 'Lang::Spanish', 'Lang::Spanish::Verbs']
('<img src="perro.png"> perro\x1fdog [sound:dog.mp3]', ' marked noun ', ' perro.png  perro')
('comer\x1fto eat', ' verb ', 'comer')
(3, 1)
[(3, 10, 4)]
`
	if diff := cmp.Diff(want, string(out)); diff != "" {
		t.Errorf("python3 sees (-want +got):\n%s", diff)
	}
}

// TestReadColpkg reads a collection package made of Anki's own
// mediacheck.anki2 collection (rslib/tests/support), zipped as Anki's
// legacy .colpkg is: the collection and an empty media map.
func TestReadColpkg(t *testing.T) {
	col, err := os.ReadFile("testdata/mediacheck.anki2")
	if err != nil {
		t.Fatal(err)
	}
	for _, layout := range [][][2]string{
		{{"collection.anki21", string(col)}, {"media", "{}"}},
		// meta version 1 (Legacy1) names collection.anki2 even beside an .anki21
		{{"meta", "\x08\x01"}, {"collection.anki2", string(col)}, {"collection.anki21", "not read"}, {"media", "{}"}},
	} {
		p, err := Read("collection.colpkg", zipOf(t, layout...))
		if err != nil {
			t.Fatal(err)
		}
		c := newCol()
		stats := importInto(t, c, p)
		v := viewOf(c)
		wantNotes := []string{
			"Basic: [sound:foo[.jpg] / <img src=\"normal.jpg\"> | ",
			"Basic: another note / with no media | ",
			"Basic: in wrong encoding / <img src='\u306f\u309a\u306f\u309a.jpg'> | ", // ぱぱ decomposed (NFD)
		}
		slices.Sort(v.Notes)
		if diff := cmp.Diff(wantNotes, v.Notes); diff != "" {
			t.Errorf("notes (-want +got):\n%s", diff)
		}
		if stats.Cards != 3 || stats.Reviews != 2 || v.Revlog != 2 {
			t.Errorf("stats %+v, revlog %d: want 3 cards and 2 reviews", stats, v.Revlog)
		}
		learning := 0
		for _, card := range v.Cards {
			if strings.HasPrefix(card, "Default 0 1/1 158123655") {
				learning++
			}
		}
		if learning != 2 {
			t.Errorf("cards %q: want two learning cards due at their epoch seconds", v.Cards)
		}
	}
}

// FuzzRead: no input makes Read panic, and what it reads imports or fails
// cleanly.
func FuzzRead(f *testing.F) {
	for _, name := range []string{"media.apkg", "update1.apkg", "diffmodeltemplates-1.apkg"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Read("fuzz.apkg", data)
		if err != nil {
			return
		}
		_, _ = newCol().ImportPackage(p)
	})
}
