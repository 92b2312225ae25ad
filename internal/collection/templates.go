package collection

// The collection's template operations, all through internal/render (Anki's
// renderer and card generation rules): which cards a note has, what they
// show, which fields a cloze type's clozes belong in, and the legacy "req".

import (
	"strings"
	"unicode"

	"github.com/ankiconnect-go/ankiconnect/internal/render"
)

// renderNote is what render needs of note n of type m; the card context
// (deck, template name, flag, ID) is filled in by RenderCard.
func renderNote(m *Model, n *Note) render.Note { return renderNoteNamed(m.FieldNames(), m, n) }

// renderNoteNamed is renderNote with m's field names given (cached ones).
func renderNoteNamed(names []string, m *Model, n *Note) render.Note {
	return render.Note{
		FieldNames: names, FieldValues: n.Fields, Tags: n.Tags,
		NoteType: m.Name, Cloze: m.IsCloze(),
	}
}

// cardOrdinals returns the ords of the cards n should have under m: one per
// template whose front renders a non-empty field, or one per cloze number
// (ord number-1). It may be empty; generateCards gives a note without cards
// card 0, as Anki does when a note is added.
//
// The fronts are parsed once per note type (modelFronts), not per note.
// The ords are appended to dst.
func (c *Collection) cardOrdinals(dst []int, n *Note, m *Model) []int {
	fc := c.modelFronts(m)
	return render.AppendNonEmptyOrdinals(dst, fc.fronts, m.IsCloze(), renderNoteNamed(fc.names, m, n))
}

// cardTemplate returns the template card renders with: its ordinal's for a
// standard type, the first for a cloze type, nil when it no longer exists.
func cardTemplate(m *Model, card *Card) *Template {
	switch {
	case m.IsCloze() && len(m.Templates) > 0:
		return m.Templates[0]
	case !m.IsCloze() && card.Ord >= 0 && card.Ord < len(m.Templates):
		return m.Templates[card.Ord]
	}
	return nil
}

// RenderCard returns the card's question and answer HTML as Anki's
// card.question() and card.answer() render them (without the <style>
// prefix cardsInfo adds): note fields, {{FrontSide}}, the special fields
// {{Tags}}, {{Type}}, {{Deck}} and {{Subdeck}} (the card's home deck while
// it is in a filtered deck), {{Card}}, {{CardFlag}} and {{CardID}}, filters,
// clozes and Anki's texts for template errors and blank fronts. A card
// whose template no longer exists renders empty.
func (c *Collection) RenderCard(card *Card) (question, answer string) {
	n := card.note
	m := c.models[n.ModelID]
	t := cardTemplate(m, card)
	if t == nil {
		return "", ""
	}
	rn := renderNote(m, n)
	rn.CardName, rn.CardFlag, rn.CardID = t.Name, card.Flags, card.ID
	rn.Deck = "(Deck)" // Anki's name for a deck that does not exist
	if d := c.decks[card.HomeDeckID()]; d != nil {
		rn.Deck = d.Name
	}
	return render.Card(t.Qfmt, t.Afmt, card.Ord, rn)
}

// clozeFields returns the indexes of the fields a cloze type's clozes
// belong in: those its first template's front uses with the cloze filter
// (Anki's cloze_fields). A standard type, or a front that does not parse,
// has none.
func clozeFields(m *Model) map[int]bool {
	out := map[int]bool{}
	if !m.IsCloze() || len(m.Templates) == 0 {
		return out
	}
	front, err := render.ParseTemplate(m.Templates[0].Qfmt)
	if err != nil {
		return out
	}
	for _, name := range front.ClozeFieldNames() {
		if i := m.FieldIndex(name); i >= 0 {
			out[i] = true
		}
	}
	return out
}

// containsCloze reports whether a field holds a cloze deletion with a
// number above 0 (Anki's contains_cloze).
func containsCloze(field string) bool { return len(render.ClozeNumbers(field)) > 0 }

// isBlank is Anki's field_is_empty for the first-field check, given the
// field with HTML stripped and media file names kept: nothing but white
// space and zero-width spaces.
func isBlank(stripped string) bool {
	return strings.TrimFunc(stripped, func(r rune) bool {
		return unicode.IsSpace(r) || r == '\u200b'
	}) == ""
}

// requirements computes the legacy "req" list: per template,
// [ord, "any"|"all"|"none", [field ords]] (render.Requirements).
func (m *Model) requirements() Requirements {
	names := m.FieldNames()
	out := make(Requirements, len(m.Templates))
	for i, t := range m.Templates {
		kind, ords := render.Requirements(t.Qfmt, names)
		out[i] = []any{i, kind, ords}
	}
	return out
}
