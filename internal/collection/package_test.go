package collection

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// packageSource builds a collection with a deck tree to export and things
// around it that must stay out: another deck's note, an unused media file.
func packageSource(t *testing.T) *Collection {
	t.Helper()
	c := newTestCollection()
	vocab, err := c.CreateModel("Vocab", []string{"Word", "Meaning"}, []*Template{NewTemplate("Recall", "{{Word}}", "{{Meaning}}")}, nil, false)
	if err != nil {
		t.Fatal(err)
	}
	vocab.CSS += "\n@import url(_style.css);"
	n1 := addTestNote(t, c, "Basic", "Lang::Spanish", `<img src="a.png"> perro`, "dog [sound:b.mp3]")
	c.SetNoteTags(n1, []string{"noun", "marked", "Leech"})
	n2 := addTestNote(t, c, "Basic (and reversed card)", "Lang::Spanish::Verbs", "comer", "to eat")
	c.SetNoteTags(n2, []string{"verb"})
	addTestNote(t, c, "Vocab", "Lang::Spanish", "gato", "cat")
	addTestNote(t, c, "Basic", "Other", "not exported", "x")
	for name, data := range map[string]string{"a.png": "png bytes", "b.mp3": "mp3 bytes", "unused.txt": "x", "_style.css": "css"} {
		if _, err := c.Media().Write(name, []byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	// n2's first card is a review card due in 3 days, flagged, with one
	// review; its deck uses an option group of its own.
	card := n2.Cards()[0]
	card.Type, card.Queue, card.Due, card.Ivl, card.Factor, card.Reps, card.Flags = CardTypeReview, QueueReview, int64(c.Today()+3), 10, 2500, 3, 2
	c.AddReview(ReviewLog{ID: c.NewID(), CardID: card.ID, Ease: 3, Ivl: 10, LastIvl: 4, Factor: 2500, Time: 4000, Type: 1})
	conf := c.CloneDeckConfig("Verbs options", DefaultConfigID)
	c.SetDeckConfig([]*Deck{c.DeckByName("Lang::Spanish::Verbs")}, conf.ID)
	return c
}

// exportDeck exports the named deck of c, as JSON so that each import
// gets a copy of its own (ImportPackage takes ownership of its package).
func exportDeck(t *testing.T, c *Collection, deck string, withSched bool) []byte {
	t.Helper()
	p, err := c.ExportPackage(c.DeckByName(deck).ID, withSched)
	if err != nil {
		t.Fatal(err)
	}
	data, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// readPackage decodes what exportDeck returns.
func readPackage(t *testing.T, data []byte) *Package {
	t.Helper()
	var p Package
	if err := json.Unmarshal(data, &p); err != nil {
		t.Fatal(err)
	}
	return &p
}

// packageView is what a round trip must keep, independent of IDs.
type packageView struct {
	Decks   []string
	Notes   []string // model: fields | tags
	Cards   []string // deck, ord, type/queue, due from today, ivl, factor, reps, flags
	Reviews int
	Media   []string
	Configs map[string]string // deck -> option group name
}

func viewOf(c *Collection) packageView {
	v := packageView{Decks: c.DeckNames(), Configs: map[string]string{}}
	for _, n := range c.AllNotes() {
		v.Notes = append(v.Notes, c.ModelByID(n.ModelID).Name+": "+strings.Join(n.Fields, " / ")+" | "+strings.Join(n.Tags, " "))
		for _, card := range n.Cards() {
			due := card.Due
			if card.Type == CardTypeReview {
				due -= int64(c.Today())
			}
			v.Cards = append(v.Cards, strings.Join([]string{c.DeckByID(card.DeckID).Name, itoa(int64(card.Ord)),
				itoa(int64(card.Type)) + "/" + itoa(int64(card.Queue)), itoa(due), itoa(int64(card.Ivl)), itoa(int64(card.Factor)),
				itoa(int64(card.Reps)), itoa(int64(card.Flags))}, " "))
		}
	}
	v.Reviews = len(c.Reviews())
	for name := range c.Media().Snapshot() {
		v.Media = append(v.Media, name)
	}
	slices.Sort(v.Media)
	for _, d := range c.AllDecks() {
		v.Configs[d.Name] = c.ConfigForDeck(d).Name
	}
	return v
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestPackageRoundTrip(t *testing.T) {
	src := packageSource(t)
	// The importing collection was created ten days later: due days are
	// numbered from another day 0.
	later := t0.Add(10 * 24 * time.Hour)
	tests := []struct {
		name      string
		withSched bool
		want      packageView
	}{
		{"with scheduling", true, packageView{
			Decks: []string{"Default", "Lang", "Lang::Spanish", "Lang::Spanish::Verbs"},
			Notes: []string{
				`Basic: <img src="a.png"> perro / dog [sound:b.mp3] | Leech marked noun`,
				"Basic (and reversed card): comer / to eat | verb",
				"Vocab: gato / cat | ",
			},
			Cards: []string{
				"Lang::Spanish 0 0/0 1 0 0 0 0",
				"Lang::Spanish::Verbs 0 2/2 3 10 2500 3 2",
				"Lang::Spanish::Verbs 1 0/0 2 0 0 0 0",
				"Lang::Spanish 0 0/0 3 0 0 0 0",
			},
			Reviews: 1,
			Media:   []string{"_style.css", "a.png", "b.mp3"},
			Configs: map[string]string{"Default": "Default", "Lang": "Default", "Lang::Spanish": "Default", "Lang::Spanish::Verbs": "Verbs options"},
		}},
		{"without scheduling", false, packageView{
			Decks: []string{"Default", "Lang", "Lang::Spanish", "Lang::Spanish::Verbs"},
			Notes: []string{
				`Basic: <img src="a.png"> perro / dog [sound:b.mp3] | noun`,
				"Basic (and reversed card): comer / to eat | verb",
				"Vocab: gato / cat | ",
			},
			Cards: []string{
				// The review card goes to the end of the new queue.
				"Lang::Spanish 0 0/0 1 0 0 0 0",
				"Lang::Spanish::Verbs 0 0/0 4 0 0 0 0",
				"Lang::Spanish::Verbs 1 0/0 2 0 0 0 0",
				"Lang::Spanish 0 0/0 3 0 0 0 0",
			},
			Media:   []string{"_style.css", "a.png", "b.mp3"},
			Configs: map[string]string{"Default": "Default", "Lang": "Default", "Lang::Spanish": "Default", "Lang::Spanish::Verbs": "Default"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pkg := exportDeck(t, src, "Lang", tt.withSched)
			dst := New(fixedClock(later, 0), later)
			stats, err := dst.ImportPackage(readPackage(t, pkg))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, viewOf(dst)); diff != "" {
				t.Errorf("imported (-want +got):\n%s", diff)
			}
			wantStats := ImportStats{Models: 1, Decks: 3, Notes: 3, Cards: 4, Reviews: tt.want.Reviews, Media: 3}
			if diff := cmp.Diff(wantStats, stats); diff != "" {
				t.Errorf("stats (-want +got):\n%s", diff)
			}
			for _, n := range src.AllNotes() {
				if got := dst.NoteByID(n.ID); got != nil && got.GUID != n.GUID {
					t.Errorf("note %d: GUID %q, want %q", n.ID, got.GUID, n.GUID)
				}
			}
			// Importing again adds nothing.
			again, err := dst.ImportPackage(readPackage(t, pkg))
			if err != nil || again != (ImportStats{}) {
				t.Errorf("second import: %+v, %v; want nothing new", again, err)
			}
			if diff := cmp.Diff(tt.want, viewOf(dst)); diff != "" {
				t.Errorf("after the second import (-want +got):\n%s", diff)
			}
		})
	}
	if n := src.NoteCount(); n != 4 {
		t.Errorf("exporting changed the source: %d notes", n)
	}
	if card := src.AllCards()[1]; card.Type != CardTypeReview || card.Flags != 2 {
		t.Errorf("exporting without scheduling changed the source's card: %+v", card)
	}
}

// TestPackageImportClashes: a media name taken by other bytes, a note type
// name taken by another schema, and a newer copy of an imported note.
func TestPackageImportClashes(t *testing.T) {
	src := packageSource(t)
	pkg := exportDeck(t, src, "Lang::Spanish::Verbs", false)
	dst := New(fixedClock(t0.Add(time.Hour), 0), t0.Add(time.Hour))
	if _, err := dst.ImportPackage(readPackage(t, pkg)); err != nil {
		t.Fatal(err)
	}
	if dst.NoteCount() != 1 {
		t.Fatalf("a subdeck's export imported %d notes, want 1", dst.NoteCount())
	}

	// The other bytes under a.png, and a Vocab of other fields.
	if _, err := dst.Media().Write("a.png", []byte("other")); err != nil {
		t.Fatal(err)
	}
	if _, err := dst.CreateModel("Vocab", []string{"Only"}, []*Template{NewTemplate("T", "{{Only}}", "")}, nil, false); err != nil {
		t.Fatal(err)
	}
	// The verb note changes in the source after the first import.
	src.SetNoteFields(src.AllNotes()[1], []string{"comer", "to eat (a meal)"})
	src.AllNotes()[1].Mod += 60
	stats, err := dst.ImportPackage(readPackage(t, exportDeck(t, src, "Lang", false)))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(ImportStats{Models: 1, Decks: 0, Notes: 2, UpdatedNotes: 1, Cards: 2, Media: 3}, stats); diff != "" {
		t.Errorf("stats (-want +got):\n%s", diff)
	}
	renamed := hashSuffixedName("a.png", sha1Hex("png bytes"))
	var fronts []string
	for _, n := range dst.AllNotes() {
		fronts = append(fronts, dst.ModelByID(n.ModelID).Name+": "+strings.Join(n.Fields, " / "))
	}
	want := []string{
		`Basic: <img src="` + renamed + `"> perro / dog [sound:b.mp3]`,
		"Basic (and reversed card): comer / to eat (a meal)",
		"Vocab+: gato / cat",
	}
	if diff := cmp.Diff(want, fronts); diff != "" {
		t.Errorf("notes (-want +got):\n%s", diff)
	}
	if data, _ := dst.Media().File(renamed); string(data) != "png bytes" {
		t.Errorf("%s holds %q", renamed, data)
	}
	if data, _ := dst.Media().File("a.png"); string(data) != "other" {
		t.Errorf("a.png was overwritten with %q", data)
	}
}

func TestPackageImportErrors(t *testing.T) {
	good := exportDeck(t, packageSource(t), "Lang", true)
	tests := []struct{ name, file, want string }{
		{"card without its note", strings.Replace(string(good), `"nid":`, `"nid":7`, 1), "package: a card without its note or deck"},
		{"note without its type", strings.Replace(string(good), `"mid":`, `"mid":7`, 1), "package: a note without its note type"},
		{"note type of another kind", strings.Replace(string(good), `"type":0,"mod"`, `"type":2,"mod"`, 1), `package: note type "Basic" has kind 2, which the fake cannot render`},
		{"template that does not parse", strings.Replace(string(good), `"qfmt":"{{Front}}"`, `"qfmt":"{{#Front}}"`, 1), `package: note type "Basic", template "Card 1" cannot be rendered: Missing '{{/Front}}'`},
	}
	for _, tt := range tests {
		c := newTestCollection()
		before := viewOf(c)
		_, err := c.ImportPackage(readPackage(t, []byte(tt.file)))
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want %q", tt.name, err, tt.want)
		}
		if diff := cmp.Diff(before, viewOf(c)); diff != "" {
			t.Errorf("%s: the collection changed (-before +after):\n%s", tt.name, diff)
		}
	}
	if _, err := newTestCollection().ExportPackage(424242, false); err == nil {
		t.Error("exporting an unknown deck succeeded")
	}
}

// TestPackageImportKeepsReviewLogOrdered: the package lists review rows
// card by card, not by ID; imported, they must still leave the log ordered
// by ID, or a later answer can take an ID already in the log.
func TestPackageImportKeepsReviewLogOrdered(t *testing.T) {
	src := newTestCollection()
	first := addTestCard(t, src, "Deck")
	second := addTestCard(t, src, "Deck")
	base := t0.UnixMilli()
	if err := src.InsertReviews([]ReviewLog{{ID: base + 5, CardID: first.ID, Ease: 3}, {ID: base + 1, CardID: second.ID, Ease: 3}}); err != nil {
		t.Fatal(err)
	}
	clock := &movableClock{now: t0}
	dst := New(clock.Now, t0)
	if _, err := dst.ImportPackage(readPackage(t, exportDeck(t, src, "Deck", true))); err != nil {
		t.Fatal(err)
	}
	clock.now = time.UnixMilli(base + 5)
	if err := dst.AnswerCard(dst.AllCards()[0], 3, 0); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]int64{base + 1, base + 5, base + 6}, reviewIDs(dst.Reviews())); diff != "" {
		t.Errorf("review log IDs (-want +got):\n%s", diff)
	}
}
