package collection

import (
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestRenderCardContext checks what RenderCard takes from the card and its
// collection rather than from the note: the special fields, the home deck
// of a card in a filtered deck, the cloze type's single template, and a
// card whose template is gone.
func TestRenderCardContext(t *testing.T) {
	c := newTestCollection()
	special := "{{Deck}}|{{Subdeck}}|{{Type}}|{{Card}}|{{CardFlag}}|{{Tags}}|{{CardID}}"
	m := NewModel("Special", "F")
	m.Templates = []*Template{NewTemplate("Only", "{{F}} "+special, "{{FrontSide}}/{{F}}")}
	c.AddModel(m)
	n := c.NewNote(m)
	n.Fields = []string{"f"}
	n.Tags = []string{"a", "b::c"}
	c.AddNote(n, c.CreateDeck("Lang::German"))
	card := n.Cards()[0]
	card.Flags = 3
	id := strconv.FormatInt(card.ID, 10)
	wantQ := "f Lang::German|German|Special|Only|flag3|a b::c|" + id

	q, a := c.RenderCard(card)
	if diff := cmp.Diff([2]string{wantQ, wantQ + "/f"}, [2]string{q, a}); diff != "" {
		t.Errorf("in its deck (-want +got):\n%s", diff)
	}

	filtered := c.CreateDeck("Cram")
	filtered.Filtered = true
	card.OriginalDeckID, card.DeckID = card.DeckID, filtered.ID
	if q, _ := c.RenderCard(card); q != wantQ {
		t.Errorf("in a filtered deck: question %q, want the home deck's %q", q, wantQ)
	}

	card.OriginalDeckID, card.DeckID = 0, 987654 // a deck that does not exist
	if q, _ := c.RenderCard(card); q != "f (Deck)|(Deck)|Special|Only|flag3|a b::c|"+id {
		t.Errorf("in a missing deck: question %q", q)
	}

	card.Ord = 1
	if q, a := c.RenderCard(card); q != "" || a != "" {
		t.Errorf("template gone: got %q, %q; want empty", q, a)
	}

	z := addTestNote(t, c, "Cloze", "Default", "{{c1::x}} {{c2::y}}", "")
	if q, _ := c.RenderCard(z.Cards()[1]); q != `<span class="cloze-inactive" data-ordinal="1">x</span> <span class="cloze" data-cloze="y" data-ordinal="2">[...]</span>` {
		t.Errorf("second cloze card: question %q", q)
	}
}

func TestCheckNoteThroughRender(t *testing.T) {
	c := newTestCollection()
	addTestNote(t, c, "Basic", "Default", "<b>dog</b>", "")
	cases := []struct {
		name   string
		model  string
		fields []string
		want   NoteState
	}{
		{"duplicate once HTML is stripped", "Basic", []string{"dog", ""}, NoteDuplicate},
		{"distinct", "Basic", []string{"cat", ""}, NoteOK},
		{"empty: tags and zero-width spaces only", "Basic", []string{"<div>\u200b </div>", "x"}, NoteEmpty},
		{"an image is not empty", "Basic", []string{`<img src="a.png">`, ""}, NoteOK},
		{"cloze in a standard type", "Basic", []string{"{{c1::x}}", ""}, NoteNotetypeNotCloze},
		{"cloze number 0 is no cloze", "Basic", []string{"{{c0::x}}", ""}, NoteOK},
		{"cloze type without clozes", "Cloze", []string{"plain", ""}, NoteMissingCloze},
		{"cloze outside the cloze field", "Cloze", []string{"{{c1::x}}", "{{c2::y}}"}, NoteFieldNotCloze},
		{"cloze type", "Cloze", []string{"{{c1::x}}", ""}, NoteOK},
	}
	for _, tc := range cases {
		n := c.NewNote(c.ModelByName(tc.model))
		copy(n.Fields, tc.fields)
		if got := c.CheckNote(n, c.DeckByID(DefaultDeckID), DupOptions{}); got != tc.want {
			t.Errorf("%s: CheckNote = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestEditModelRegeneratesWithoutCardZero checks that bringing existing
// notes up to date after a template change adds only non-blank cards: a
// note whose fields are all blank by then does not get card 0.
func TestEditModelRegeneratesWithoutCardZero(t *testing.T) {
	c := newTestCollection()
	n := addTestNote(t, c, "Basic (and reversed card)", "Default", "", "back")
	if diff := cmp.Diff([]int{1}, cardOrds(n)); diff != "" {
		t.Fatalf("before (-want +got):\n%s", diff)
	}
	n.Fields[1] = ""
	m := c.ModelByName("Basic (and reversed card)")
	err := c.EditModel(m, func(d *Model) error {
		d.Templates[1].Qfmt = "{{Back}}<br>"
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]int{1}, cardOrds(n)); diff != "" {
		t.Errorf("after (-want +got):\n%s", diff)
	}
}
