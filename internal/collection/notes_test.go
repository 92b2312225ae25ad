package collection

import (
	"bytes"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// addTestNote adds a note of the named type with the given fields to deck.
func addTestNote(t testing.TB, c *Collection, model, deck string, fields ...string) *Note {
	t.Helper()
	m := c.ModelByName(model)
	n := c.NewNote(m)
	copy(n.Fields, fields)
	c.AddNote(n, c.CreateDeck(deck))
	return n
}

func cardOrds(n *Note) []int {
	var ords []int
	for _, card := range n.Cards() {
		ords = append(ords, card.Ord)
	}
	return ords
}

func TestCardGeneration(t *testing.T) {
	tests := []struct {
		name   string
		model  string
		fields []string
		want   []int
	}{
		{"basic", "Basic", []string{"front", "back"}, []int{0}},
		{"reversed", "Basic (and reversed card)", []string{"front", "back"}, []int{0, 1}},
		{"reversed with empty back", "Basic (and reversed card)", []string{"front", ""}, []int{0}},
		{"optional reverse off", "Basic (optional reversed card)", []string{"f", "b", ""}, []int{0}},
		{"optional reverse on", "Basic (optional reversed card)", []string{"f", "b", "y"}, []int{0, 1}},
		{"typing", "Basic (type in the answer)", []string{"f", "b"}, []int{0}},
		{"cloze numbers", "Cloze", []string{"{{c1::a}} {{c3::b}} {{c1::c}}", ""}, []int{0, 2}},
		{"empty front still gets card 0", "Basic", []string{"", "back"}, []int{0}},
		{"cloze without clozes gets card 0", "Cloze", []string{"plain", ""}, []int{0}},
		{"image occlusion", "Image Occlusion", []string{"{{c1::image-occlusion:rect:left=.1}}{{c2::image-occlusion:rect:left=.5}}", `<img src="a.png">`, "", "", ""}, []int{0, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newTestCollection()
			n := addTestNote(t, c, tt.model, "Deck", tt.fields...)
			if diff := cmp.Diff(tt.want, cardOrds(n)); diff != "" {
				t.Errorf("card ords (-want +got):\n%s", diff)
			}
			for _, card := range n.Cards() {
				if card.Due != n.Cards()[0].Due || card.Type != CardTypeNew || card.Queue != QueueNew || card.DeckID != c.DeckByName("Deck").ID {
					t.Errorf("card %+v: want new, in Deck, sharing one position", card)
				}
			}
		})
	}
}

func TestCardPositionsAndUpdates(t *testing.T) {
	c := newTestCollection()
	a := addTestNote(t, c, "Basic (and reversed card)", "Default", "a", "")
	b := addTestNote(t, c, "Basic", "Default", "b", "")
	if a.Cards()[0].Due != 1 || b.Cards()[0].Due != 2 {
		t.Fatalf("positions = %d, %d; want 1, 2", a.Cards()[0].Due, b.Cards()[0].Due)
	}
	// Filling the back adds the reverse card with the note's position.
	c.MoveCards([]int64{a.Cards()[0].ID}, c.CreateDeck("Moved").ID)
	c.SetNoteFields(a, []string{"a", "now"})
	if diff := cmp.Diff([]int{0, 1}, cardOrds(a)); diff != "" {
		t.Fatalf("ords after update (-want +got):\n%s", diff)
	}
	if rev := a.Cards()[1]; rev.Due != 1 || rev.DeckID != c.DeckByName("Moved").ID {
		t.Errorf("generated card due %d deck %d; want 1 in Moved", rev.Due, rev.DeckID)
	}
	// Emptying it again keeps the card (Anki keeps empty cards).
	c.SetNoteFields(a, []string{"a", ""})
	if len(a.Cards()) != 2 {
		t.Errorf("card removed after emptying the field")
	}
}

func TestTemplateDeckOverride(t *testing.T) {
	c := newTestCollection()
	m := c.ModelByName("Basic (and reversed card)")
	over := c.CreateDeck("Reverse cards").ID
	m.Templates[1].DeckID = &over
	n := addTestNote(t, c, m.Name, "Main", "f", "b")
	if n.Cards()[0].DeckID != c.DeckByName("Main").ID || n.Cards()[1].DeckID != over {
		t.Errorf("decks = %d, %d", n.Cards()[0].DeckID, n.Cards()[1].DeckID)
	}
}

func TestDeleteNotesAndCards(t *testing.T) {
	c := newTestCollection()
	a := addTestNote(t, c, "Basic (and reversed card)", "Default", "a", "b")
	b := addTestNote(t, c, "Basic", "Default", "b", "")
	c.DeleteCards([]int64{a.Cards()[0].ID})
	if c.NoteByID(a.ID) == nil || len(a.Cards()) != 1 {
		t.Fatalf("deleting one of two cards removed the note")
	}
	c.DeleteCards([]int64{a.Cards()[0].ID})
	if c.NoteByID(a.ID) != nil {
		t.Errorf("note without cards kept")
	}
	c.DeleteNotes([]int64{b.ID, 424242})
	if c.NoteCount() != 0 || c.CardCount() != 0 || len(c.AllCards()) != 0 || len(c.AllNotes()) != 0 {
		t.Errorf("left %d notes, %d cards", c.NoteCount(), c.CardCount())
	}
	// The duplicate index forgot them: the same fields can be added again.
	n := c.NewNote(c.ModelByName("Basic"))
	n.Fields = []string{"b", ""}
	if s := c.CheckNote(n, c.DeckByID(1), DupOptions{}); s != NoteOK {
		t.Errorf("CheckNote after delete = %v", s)
	}
}

func TestRemoveDeckDeletesCardsAndOrphans(t *testing.T) {
	c := newTestCollection()
	n := addTestNote(t, c, "Basic (and reversed card)", "Gone::Child", "f", "b")
	keep := addTestNote(t, c, "Basic", "Stay", "x", "")
	c.MoveCards([]int64{n.Cards()[1].ID}, c.DeckByName("Stay").ID)
	c.RemoveDeck(c.DeckByName("Gone").ID)
	if c.NoteByID(n.ID) == nil || len(n.Cards()) != 1 || n.Cards()[0].Ord != 1 {
		t.Errorf("note with a card elsewhere should keep that card")
	}
	c.RemoveDeck(c.DeckByName("Stay").ID)
	if c.NoteCount() != 0 || c.NoteByID(keep.ID) != nil {
		t.Errorf("orphaned notes kept: %d", c.NoteCount())
	}
}

func TestRemoveUnusedModels(t *testing.T) {
	c := newTestCollection()
	addTestNote(t, c, "Basic", "Default", "x", "")
	c.RemoveUnusedModels()
	var names []string
	for _, m := range c.AllModels() {
		names = append(names, m.Name)
	}
	if diff := cmp.Diff([]string{"Basic"}, names); diff != "" {
		t.Errorf("models (-want +got):\n%s", diff)
	}
}

func TestChangeNoteModel(t *testing.T) {
	c := newTestCollection()
	n := addTestNote(t, c, "Basic", "Default", "x", "y")
	m := c.ModelByName("Basic (and reversed card)")
	c.ChangeNoteModel(n, m, []string{"p", "q"})
	if n.ModelID != m.ID || len(n.Cards()) != 2 {
		t.Errorf("model %d cards %d", n.ModelID, len(n.Cards()))
	}
}

func TestFixtureRoundTrip(t *testing.T) {
	c := New(fixedClock(t0, time.Millisecond), t0)
	a := addTestNote(t, c, "Basic (and reversed card)", "Lang::French", "chat", "cat")
	a.Tags = c.CanonicalTags([]string{"animal"})
	addTestNote(t, c, "Cloze", "Default", "{{c1::Paris}} is in {{c2::France}}", "extra")
	c.RegisterTags("unused")
	clone := c.CloneDeckConfig("Mine", 1)
	c.SetDeckConfig([]*Deck{c.DeckByName("Lang")}, clone.ID)
	c.AddReview(ReviewLog{ID: 5, CardID: a.Cards()[0].ID, Ease: 3, Ivl: 1, Type: 0})
	if _, err := c.Media().Write("x.txt", []byte("hi")); err != nil {
		t.Fatal(err)
	}
	c.SetCurrentDeck(c.DeckByName("Lang").ID)

	var buf bytes.Buffer
	if err := c.Save(&buf); err != nil {
		t.Fatal(err)
	}
	loaded, err := Load(bytes.NewReader(buf.Bytes()), fixedClock(t0.Add(time.Hour), 0))
	if err != nil {
		t.Fatal(err)
	}
	var again bytes.Buffer
	if err := loaded.Save(&again); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(buf.String(), again.String()); diff != "" {
		t.Errorf("save/load/save differs (-first +second):\n%s", diff)
	}
	if got := loaded.NoteByID(a.ID); got == nil || len(got.Cards()) != 2 || got.Cards()[0].Reviews()[0].Ease != 3 {
		t.Errorf("loaded note/cards/reviews wrong: %+v", got)
	}
	if id := loaded.NewID(); id <= a.Cards()[1].ID {
		t.Errorf("NewID after load %d not above existing IDs", id)
	}
	if n := loaded.NewNote(loaded.ModelByName("Basic")); true {
		n.Fields = []string{"chat", ""}
		if s := loaded.CheckNote(n, loaded.DeckByID(1), DupOptions{}); s != NoteOK {
			t.Errorf("other model same field: %v", s)
		}
		n = loaded.NewNote(loaded.ModelByName("Basic (and reversed card)"))
		n.Fields = []string{"chat", ""}
		if s := loaded.CheckNote(n, loaded.DeckByID(1), DupOptions{}); s != NoteDuplicate {
			t.Errorf("duplicate index not rebuilt: %v", s)
		}
	}
}

func TestLoadHandWrittenFixture(t *testing.T) {
	const doc = `{"decks":[{"id":1,"name":"Default","conf":1},{"id":50,"name":"A::B","conf":1}],
		"notes":[{"id":100,"mid":0,"flds":["q","a"],"tags":["x"]}]}`
	_, err := Load(bytes.NewReader([]byte(doc)), fixedClock(t0, 0))
	if err == nil {
		t.Fatal("note with unknown model loaded")
	}
	c := newTestCollection()
	basic := c.ModelByName("Basic")
	var buf bytes.Buffer
	if err := c.Save(&buf); err != nil {
		t.Fatal(err)
	}
	// Keep the models, replace decks and notes by hand-written ones.
	doc2 := bytes.Replace(buf.Bytes(), []byte(`"notes": null`), []byte(
		`"notes": [{"id":100,"mid":`+strconv.FormatInt(basic.ID, 10)+`,"flds":["q","a"],"tags":["x"]}]`), 1)
	loaded, err := Load(bytes.NewReader(doc2), fixedClock(t0, 0))
	if err != nil {
		t.Fatal(err)
	}
	n := loaded.NoteByID(100)
	if n == nil || len(n.Cards()) != 1 || n.GUID == "" || n.Cards()[0].DeckID != DefaultDeckID {
		t.Fatalf("hand-written note: %+v", n)
	}
	bad := []string{
		`{"decks":[{"id":2,"name":"X"},{"id":3,"name":"x"}]}`,
		`{"cards":[{"id":1,"nid":9,"did":1}]}`,
		`not json`,
		// A misspelt section would otherwise load as a fresh collection.
		`{"note":[{"id":100,"mid":1,"flds":["q","a"]}]}`,
	}
	for _, doc := range bad {
		if _, err := Load(bytes.NewReader([]byte(doc)), nil); err == nil {
			t.Errorf("Load(%s) succeeded", doc)
		}
	}
	if d, err := Load(bytes.NewReader([]byte(`{"decks":[{"id":7,"name":"A::B"}]}`)), nil); err != nil || d.DeckByName("A") == nil || d.DeckByID(1) == nil {
		t.Errorf("parents and Default not created: %v", err)
	}
}
