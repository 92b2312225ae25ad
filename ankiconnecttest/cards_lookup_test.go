package ankiconnecttest

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ankiconnect-go/ankiconnect"
	"github.com/google/go-cmp/cmp"
)

// lookupStart is the frozen time of the card lookup tests.
var lookupStart = time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC)

// lookupSeed are the notes of the card lookup tests, by a short name: cat
// has one card, dog two (forward and reversed), paris two cloze cards.
type lookupSeed struct {
	notes map[string]ankiconnect.NoteID
	cards map[string]ankiconnect.CardID // "cat", "dog1", "dog2", "paris1", "paris2"
}

// seedLookups adds the lookup notes through the client.
func seedLookups(t *testing.T, f *Fake) lookupSeed {
	t.Helper()
	c, ctx := f.Client(), t.Context()
	for _, deck := range []string{"Animals", "Animals::Pets"} {
		if _, err := c.CreateDeck(ctx, deck); err != nil {
			t.Fatal(err)
		}
	}
	notes := []struct {
		name string
		note ankiconnect.Note
	}{
		{"cat", ankiconnect.Note{DeckName: "Animals", ModelName: "Basic", Fields: map[string]string{"Front": "cat", "Back": "Katze"}}},
		{"dog", ankiconnect.Note{DeckName: "Animals::Pets", ModelName: "Basic (and reversed card)",
			Fields: map[string]string{"Front": "dog", "Back": "Hund"}, Tags: []string{"pet"}}},
		{"paris", ankiconnect.Note{DeckName: "Default", ModelName: "Cloze",
			Fields: map[string]string{"Text": "{{c1::Paris}} is in {{c2::France}}"}}},
	}
	s := lookupSeed{notes: map[string]ankiconnect.NoteID{}, cards: map[string]ankiconnect.CardID{}}
	for _, n := range notes {
		id, err := c.AddNote(ctx, n.note)
		if err != nil {
			t.Fatalf("AddNote(%s): %v", n.name, err)
		}
		s.notes[n.name] = id
		fn, ok := f.Note(id)
		if !ok {
			t.Fatalf("the fake has no note %d", id)
		}
		if len(fn.Cards) == 1 {
			s.cards[n.name] = fn.Cards[0]
			continue
		}
		for i, card := range fn.Cards {
			s.cards[n.name+string(rune('1'+i))] = card
		}
	}
	if len(s.cards) != 5 {
		t.Fatalf("seeded cards %v, want 5", s.cards)
	}
	return s
}

// ids returns the seeded cards with the names, sorted.
func (s lookupSeed) ids(names ...string) []ankiconnect.CardID {
	out := make([]ankiconnect.CardID, len(names))
	for i, name := range names {
		out[i] = s.cards[name]
	}
	slices.Sort(out)
	return out
}

func TestFakeFindCards(t *testing.T) {
	f := New(t, WithTime(lookupStart))
	s := seedLookups(t, f)
	c := f.Client()
	tests := []struct {
		query string
		want  []string
	}{
		{"deck:Animals", []string{"cat", "dog1", "dog2"}},
		{"deck:Animals -deck:Animals::*", []string{"cat"}},
		{`"deck:animals::pets"`, []string{"dog1", "dog2"}},
		{"tag:pet", []string{"dog1", "dog2"}},
		{"card:2", []string{"dog2", "paris2"}},
		{"front:cat", []string{"cat"}},
		{"Hund", []string{"dog1", "dog2"}},
		{"note:Cloze", []string{"paris1", "paris2"}},
		{"is:new", []string{"cat", "dog1", "dog2", "paris1", "paris2"}},
		{"nothing-matches-this", []string{}},
	}
	for _, tt := range tests {
		got, err := c.FindCards(t.Context(), tt.query)
		if err != nil {
			t.Errorf("FindCards(%q): %v", tt.query, err)
			continue
		}
		slices.Sort(got)
		if diff := cmp.Diff(s.ids(tt.want...), got); diff != "" {
			t.Errorf("FindCards(%q) (-want +got):\n%s", tt.query, diff)
		}
	}

	for _, query := range []string{"(cat", "prop:foo>1"} {
		_, err := c.FindCards(t.Context(), query)
		var apiErr *ankiconnect.APIError
		if !errors.Is(err, ankiconnect.ErrInvalidSearch) || !errors.As(err, &apiErr) || !strings.HasPrefix(apiErr.Message, "Invalid search: ") {
			t.Errorf("FindCards(%q) error = %v, want ErrInvalidSearch with Anki's message", query, err)
		}
	}
}

func TestFakeCardsToNotes(t *testing.T) {
	f := New(t, WithTime(lookupStart))
	s := seedLookups(t, f)
	tests := []struct {
		name  string
		cards []ankiconnect.CardID
		want  []ankiconnect.NoteID
	}{
		{"each note once", []ankiconnect.CardID{s.cards["dog2"], s.cards["cat"], s.cards["dog1"]}, []ankiconnect.NoteID{s.notes["cat"], s.notes["dog"]}},
		{"unknown IDs ignored", []ankiconnect.CardID{424242, s.cards["paris2"]}, []ankiconnect.NoteID{s.notes["paris"]}},
		{"only unknown", []ankiconnect.CardID{424242}, []ankiconnect.NoteID{}},
		{"none", []ankiconnect.CardID{}, []ankiconnect.NoteID{}},
	}
	for _, tt := range tests {
		got, err := f.Client().CardsToNotes(t.Context(), tt.cards)
		if err != nil {
			t.Errorf("%s: CardsToNotes: %v", tt.name, err)
			continue
		}
		slices.Sort(got)
		want := slices.Clone(tt.want)
		slices.Sort(want)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: CardsToNotes (-want +got):\n%s", tt.name, diff)
		}
	}
}

func TestFakeCardsInfo(t *testing.T) {
	f := New(t, WithTime(lookupStart))
	s := seedLookups(t, f)
	c, ctx := f.Client(), t.Context()
	css := map[string]string{}
	for _, model := range []string{"Basic", "Basic (and reversed card)", "Cloze"} {
		st, err := c.ModelStyling(ctx, model)
		if err != nil {
			t.Fatal(err)
		}
		css[model] = st.CSS
	}
	fake := map[ankiconnect.CardID]Card{}
	for _, card := range f.Cards() {
		fake[card.ID] = card
	}
	// newCard is the info of a fresh card: the scheduling columns (due
	// position, mod) come from the fake, the rest is Anki's answer.
	newCard := func(name, note, deck, model string, ord int, fields map[string]ankiconnect.CardField, q, a string) *ankiconnect.CardInfo {
		id := s.cards[name]
		style := "<style>" + css[model] + "</style>"
		return &ankiconnect.CardInfo{
			CardID: id, Note: s.notes[note], DeckName: deck, ModelName: model, Fields: fields,
			FieldOrder: ord, Ord: ord, Question: style + q, Answer: style + a, CSS: css[model],
			Type: ankiconnect.CardTypeNew, Queue: ankiconnect.CardQueueNew, Due: fake[id].Due, Mod: fake[id].Mod,
			// Anki's default learning steps 1m 10m, graduating 1d, easy 4d.
			NextReviews: []string{"<1m", "<6m", "<10m", "4d"},
		}
	}
	dogFields := map[string]ankiconnect.CardField{"Front": {Value: "dog", Order: 0}, "Back": {Value: "Hund", Order: 1}}
	const hr = "\n\n<hr id=answer>\n\n"
	want := ankiconnect.CardInfos{
		newCard("cat", "cat", "Animals", "Basic", 0,
			map[string]ankiconnect.CardField{"Front": {Value: "cat", Order: 0}, "Back": {Value: "Katze", Order: 1}}, "cat", "cat"+hr+"Katze"),
		nil, // unknown ID
		newCard("dog2", "dog", "Animals::Pets", "Basic (and reversed card)", 1, dogFields, "Hund", "Hund"+hr+"dog"),
		newCard("dog1", "dog", "Animals::Pets", "Basic (and reversed card)", 0, dogFields, "dog", "dog"+hr+"Hund"),
	}
	got, err := c.CardsInfo(ctx, []ankiconnect.CardID{s.cards["cat"], 424242, s.cards["dog2"], s.cards["dog1"]})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("CardsInfo (-want +got):\n%s", diff)
	}
	if fake[s.cards["cat"]].Mod != lookupStart.Unix() {
		t.Errorf("the cat card's mod is %d, want the fake's clock %d", fake[s.cards["cat"]].Mod, lookupStart.Unix())
	}

	// Cloze cards: each card hides its own deletion, as Anki 2.1.50+
	// marks it up, and shows the others.
	cloze, err := c.CardsInfo(ctx, s.ids("paris1", "paris2"))
	if err != nil {
		t.Fatal(err)
	}
	span := func(active bool, ord, text string) string {
		if active {
			return `<span class="cloze" data-cloze="` + text + `" data-ordinal="` + ord + `">[...]</span>`
		}
		return `<span class="cloze-inactive" data-ordinal="` + ord + `">` + text + `</span>`
	}
	wantQ := []string{span(true, "1", "Paris") + " is in " + span(false, "2", "France"),
		span(false, "1", "Paris") + " is in " + span(true, "2", "France")}
	wantA := []string{`<span class="cloze" data-ordinal="1">Paris</span>`, `<span class="cloze" data-ordinal="2">France</span>`}
	if len(cloze) != 2 || cloze[0] == nil || cloze[1] == nil {
		t.Fatalf("CardsInfo(cloze cards) = %v", cloze)
	}
	for i, info := range cloze {
		style := "<style>" + css["Cloze"] + "</style>"
		if diff := cmp.Diff(style+wantQ[i], info.Question); diff != "" {
			t.Errorf("cloze card %d question (-want +got):\n%s", i+1, diff)
		}
		if !strings.HasPrefix(info.Answer, style) || !strings.Contains(info.Answer, wantA[i]) || info.Ord != i {
			t.Errorf("cloze card %d: ord %d, answer %q; want ord %d and %s", i+1, info.Ord, info.Answer, i, wantA[i])
		}
	}

	// All unknown: a nil per ID; none: empty.
	if got, err := c.CardsInfo(ctx, []ankiconnect.CardID{1, 2}); err != nil || len(got) != 2 || got[0] != nil || got[1] != nil {
		t.Errorf("CardsInfo(unknown IDs) = %v, %v; want [nil nil]", got, err)
	}
	if got, err := c.CardsInfo(ctx, nil); err != nil || len(got) != 0 {
		t.Errorf("CardsInfo(nil) = %v, %v; want empty", got, err)
	}
}

func TestFakeModTimes(t *testing.T) {
	f := New(t, WithTime(lookupStart))
	s := seedLookups(t, f)
	c, ctx := f.Client(), t.Context()
	start := lookupStart.Unix()

	// A minute and a half later, move the cat card and edit the dog note.
	f.Advance(90 * time.Second)
	if err := c.ChangeDeck(ctx, []ankiconnect.CardID{s.cards["cat"]}, "Default"); err != nil {
		t.Fatal(err)
	}
	if err := c.UpdateNoteFields(ctx, ankiconnect.NoteUpdate{ID: s.notes["dog"], Fields: map[string]string{"Back": "der Hund"}}); err != nil {
		t.Fatal(err)
	}
	err := c.UpdateNoteFields(ctx, ankiconnect.NoteUpdate{ID: 424242, Fields: map[string]string{"Back": "x"}})
	if !errors.Is(err, ankiconnect.ErrNoteNotFound) {
		t.Errorf("UpdateNoteFields(unknown note) error = %v, want ErrNoteNotFound", err)
	}

	cards, err := c.CardsModTime(ctx, []ankiconnect.CardID{s.cards["cat"], 424242, s.cards["dog1"]})
	if err != nil {
		t.Fatal(err)
	}
	wantCards := ankiconnect.CardModTimes{{CardID: s.cards["cat"], Mod: start + 90}, nil, {CardID: s.cards["dog1"], Mod: start}}
	if diff := cmp.Diff(wantCards, cards); diff != "" {
		t.Errorf("CardsModTime (-want +got):\n%s", diff)
	}
	notes, err := c.NotesModTime(ctx, []ankiconnect.NoteID{s.notes["dog"], s.notes["cat"], 424242})
	if err != nil {
		t.Fatal(err)
	}
	wantNotes := ankiconnect.NoteModTimes{{NoteID: s.notes["dog"], Mod: start + 90}, {NoteID: s.notes["cat"], Mod: start}, nil}
	if diff := cmp.Diff(wantNotes, notes); diff != "" {
		t.Errorf("NotesModTime (-want +got):\n%s", diff)
	}
	// The same times as the fake holds.
	mods := map[ankiconnect.CardID]int64{}
	for _, card := range f.Cards() {
		mods[card.ID] = card.Mod
	}
	if got := [2]int64{mods[s.cards["cat"]], mods[s.cards["dog1"]]}; got != [2]int64{start + 90, start} {
		t.Errorf("Fake.Cards: cat and dog1 card mods %d, want %d", got, [2]int64{start + 90, start})
	}
	if n, _ := f.Note(s.notes["dog"]); n.Mod != start+90 || n.Fields["Back"] != "der Hund" {
		t.Errorf("Fake.Note(dog) = mod %d, Back %q; want %d, der Hund", n.Mod, n.Fields["Back"], start+90)
	}
}
