package apkg

import (
	"archive/zip"
	"bytes"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/ankiconnect-go/ankiconnect/internal/collection"
	"github.com/google/go-cmp/cmp"
)

func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// summary is what a test asserts of a package.
type summary struct {
	Decks  []string
	Models []string // name: templates
	Notes  []string // guid: fields | tags
	Cards  []string // deck, ord, type, queue, due
	Media  []string // name: size
}

func summarize(p *collection.Package) summary {
	var s summary
	decks := map[int64]string{}
	for _, d := range p.Decks {
		s.Decks = append(s.Decks, d.Name)
		decks[d.ID] = d.Name
	}
	for _, m := range p.Models {
		s.Models = append(s.Models, m.Name+": "+strings.Join(m.TemplateNames(), ","))
	}
	for _, n := range p.Notes {
		s.Notes = append(s.Notes, n.GUID+": "+strings.Join(n.Fields, " / ")+" | "+strings.Join(n.Tags, " "))
	}
	for _, c := range p.Cards {
		s.Cards = append(s.Cards, strings.Join([]string{decks[c.DeckID], itoa(c.Ord), itoa(c.Type), itoa(c.Queue), itoa(int(c.Due))}, " "))
	}
	for name, data := range p.Media {
		s.Media = append(s.Media, name+": "+itoa(len(data)))
	}
	slices.Sort(s.Media)
	return s
}

// TestReadAnkiPackages: packages made by Anki itself read with their exact
// contents (the counts and names checked with Python's sqlite3).
func TestReadAnkiPackages(t *testing.T) {
	tests := []struct {
		file string
		want summary
	}{
		{"media.apkg", summary{
			Decks: []string{"Default"}, Models: []string{"Basic: Card 1"},
			Notes: []string{"L;*}1M{l6|: [sound:foo.wav] /  | "}, Cards: []string{"Default 0 0 0 2"},
			Media: []string{"foo.wav: 4"},
		}},
		{"update1.apkg", summary{
			Decks: []string{"Default"}, Models: []string{"Basic: Card 1"},
			Notes: []string{"cU1%zNUzk1: hello / world | "}, Cards: []string{"Default 0 0 0 1"},
		}},
		{"update2.apkg", summary{
			Decks: []string{"Default"}, Models: []string{"Basic: Card 1"},
			Notes: []string{"cU1%zNUzk1: goodbye / world | "}, Cards: []string{"Default 0 0 0 1"},
		}},
		{"diffmodeltemplates-1.apkg", summary{
			Decks: []string{"testdeck"}, Models: []string{"testt: Card 1"},
			Notes: []string{"CjMTh;(#|6: question? / answer! | "}, Cards: []string{"testdeck 0 0 0 1"},
			Media: []string{"_IncrementalReadingExtension.dat: 7009", "_ViewSizeAdjustAddon.dat: 387"},
		}},
	}
	for _, tt := range tests {
		p, err := Read(tt.file, readTestdata(t, tt.file))
		if err != nil {
			t.Errorf("%s: %v", tt.file, err)
			continue
		}
		if diff := cmp.Diff(tt.want, summarize(p)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.file, diff)
		}
	}
	p, err := Read("media.apkg", readTestdata(t, "media.apkg"))
	if err != nil {
		t.Fatal(err)
	}
	if got := string(p.Media["foo.wav"]); got != "abc\n" {
		t.Errorf("foo.wav holds %q", got)
	}
	if m := p.Models[0]; m.ID != 1348208768231 || !strings.Contains(m.Templates[0].Qfmt, "{{Front}}") || m.CSS == "" {
		t.Errorf("note type: id %d, qfmt %q, css %q", m.ID, m.Templates[0].Qfmt, m.CSS)
	}
	if p.Notes[0].ID != 1348208769429 || p.Cards[0].ID != 1348208775304 || p.Cards[0].Factor != 2500 {
		t.Errorf("IDs or scheduling lost: note %+v, card %+v", p.Notes[0], p.Cards[0])
	}
}

// zipOf builds a zip from name/content pairs.
func zipOf(t *testing.T, members ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i < len(members); i += 2 {
		if err := addMember(zw, members[i], []byte(members[i+1])); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// member returns one member of a zip.
func member(t *testing.T, data []byte, name string) []byte {
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
			return b
		}
	}
	t.Fatalf("no member %s", name)
	return nil
}

// TestReadErrors: each broken package fails with an error naming the file
// and the cause.
func TestReadErrors(t *testing.T) {
	good := readTestdata(t, "media.apkg")
	col := string(member(t, good, "collection.anki2"))
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"not a zip", []byte("front\tback\n"), "x.apkg: File is not a zip file"},
		{"truncated zip", good[:len(good)/2], "x.apkg: File is not a zip file"},
		{"zip without a collection", zipOf(t, "media", "{}"), "x.apkg: no collection in the package (neither collection.anki21 nor collection.anki2)"},
		{"corrupt SQLite", zipOf(t, "collection.anki2", "SQLite format 3\x00 but then garbage"+strings.Repeat("x", 200)), "x.apkg: collection.anki2: "},
		{"media map naming a missing file", zipOf(t, "collection.anki2", col, "media", `{"0": "foo.wav"}`), `x.apkg: media map names member "0" (foo.wav), which the package lacks`},
		{"media map not JSON", zipOf(t, "collection.anki2", col, "media", `[`), "x.apkg: media map: not a JSON object of names: "},
	}
	for _, tt := range tests {
		_, err := Read("x.apkg", tt.data)
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want %q", tt.name, err, tt.want)
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
