package collection

import (
	"strings"

	"github.com/ankiconnect-go/ankiconnect/internal/render"
)

// NoteState is the outcome of CheckNote, numbered as Anki's
// NoteFieldsState.
type NoteState int

// Note states. NoteMissingCloze, NoteNotetypeNotCloze and NoteFieldNotCloze
// are what AnkiConnect reports as "cannot create note for unknown reason".
const (
	NoteOK NoteState = iota
	NoteEmpty
	NoteDuplicate
	NoteMissingCloze
	NoteNotetypeNotCloze
	NoteFieldNotCloze
)

// DupOptions are addNote's duplicate options.
type DupOptions struct {
	// Scope "deck" limits the duplicate search to a deck set; any other
	// value searches the whole collection.
	Scope string
	// DeckName names the deck of a "deck" scope; nil means the target deck.
	// A name that does not exist makes nothing a duplicate.
	DeckName *string
	// CheckChildren adds the scope deck's children to the deck set.
	CheckChildren bool
	// CheckAllModels compares against notes of every note type.
	CheckAllModels bool
}

// CheckNote runs AnkiConnect's isNoteDuplicateOrEmptyInScope for a note
// about to be added to deck (n.ID 0) or an existing note. Without a deck
// scope and checkAllModels it is Anki's fields check: cloze checks, then an
// empty first field (HTML stripped, media names kept), then a note of the same
// type whose stripped first field is exactly equal. Otherwise it is
// AnkiConnect's own check: the raw first field blank after trimming, then any
// note with the same first-field checksum (of the same type unless
// CheckAllModels) that, with a deck scope, has a card in the deck set.
func (c *Collection) CheckNote(n *Note, deck *Deck, o DupOptions) NoteState {
	if o.Scope != "deck" && !o.CheckAllModels {
		return c.fieldsCheck(n)
	}
	first := n.Fields[0]
	if strings.TrimSpace(first) == "" {
		return NoteEmpty
	}
	var dids map[int64]bool
	if o.Scope == "deck" {
		did := deck.ID
		if o.DeckName != nil {
			d := c.DeckByName(*o.DeckName)
			if d == nil {
				return NoteOK
			}
			did = d.ID
		}
		dids = map[int64]bool{did: true}
		if o.CheckChildren {
			for _, d := range c.DeckAndChildren(did) {
				dids[d.ID] = true
			}
		}
	}
	for _, other := range c.byCsum[fieldChecksum(first)] {
		if other.ID == n.ID || (!o.CheckAllModels && other.ModelID != n.ModelID) {
			continue
		}
		if dids == nil {
			return NoteDuplicate
		}
		for _, card := range other.cards {
			if dids[card.DeckID] {
				return NoteDuplicate
			}
		}
	}
	return NoteOK
}

// fieldsCheck is Anki's note_fields_check.
func (c *Collection) fieldsCheck(n *Note) NoteState {
	cloze := c.clozeCheck(n)
	if cloze == NoteFieldNotCloze {
		return cloze
	}
	first := render.StripHTMLKeepMedia(n.Fields[0]) // stripped once for all three checks
	if isBlank(first) {
		return NoteEmpty
	}
	if cloze != NoteOK {
		return cloze
	}
	for _, other := range c.byCsum[c.memoChecksum(first)] {
		if other.ID != n.ID && other.ModelID == n.ModelID && render.StripHTMLKeepMedia(other.Fields[0]) == first {
			return NoteDuplicate
		}
	}
	return NoteOK
}

// clozeCheck is Anki's field_cloze_check: a cloze in a field of a standard
// type, or in a field that no {{cloze:...}} uses, is an error; a cloze type
// needs at least one cloze in its cloze fields.
func (c *Collection) clozeCheck(n *Note) NoteState {
	m := c.models[n.ModelID]
	var inCloze map[int]bool // parsed from the template on the first cloze found
	found := false
	for i, f := range n.Fields {
		if !containsCloze(f) {
			continue
		}
		if inCloze == nil {
			inCloze = clozeFields(m)
		}
		switch {
		case !m.IsCloze():
			return NoteNotetypeNotCloze
		case !inCloze[i]:
			return NoteFieldNotCloze
		}
		found = true
	}
	if m.IsCloze() && !found {
		return NoteMissingCloze
	}
	return NoteOK
}
