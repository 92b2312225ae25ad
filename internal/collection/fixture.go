package collection

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
)

// fixture is the JSON form of a whole collection. Absent sections of a
// hand-written fixture get a fresh collection's contents: the Default deck
// and option group, and the stock note types.
type fixture struct {
	Created       time.Time         `json:"created"`
	LastID        int64             `json:"lastId,omitempty"`
	NextPos       int64             `json:"nextPos,omitempty"`
	CurrentDeck   int64             `json:"currentDeck,omitempty"`
	SavedSearches map[string]string `json:"savedSearches,omitempty"`
	Decks         []*Deck           `json:"decks"`
	DeckConfigs   []*DeckConfig     `json:"deckConfigs"`
	Models        []*Model          `json:"models"`
	Notes         []*Note           `json:"notes"`
	Cards         []*Card           `json:"cards"`
	Tags          []string          `json:"tags"`
	Media         map[string][]byte `json:"media"`
	Revlog        []*ReviewLog      `json:"revlog"`

	// LastUnburied is the scheduler day buried cards were last restored
	// on; a fixture without it counts as unburied on the day it loads.
	LastUnburied *int `json:"lastUnburied,omitempty"`
}

// Save writes the whole collection as one JSON document that Load reads
// back to an equal collection.
func (c *Collection) Save(w io.Writer) error {
	f := fixture{
		Created: c.created, LastID: c.lastID, NextPos: c.nextPos, CurrentDeck: c.currentDeckID,
		SavedSearches: c.savedSearches, Decks: c.AllDecks(), DeckConfigs: c.AllDeckConfigs(),
		Models: c.AllModels(), Notes: c.liveNotes(), Cards: c.liveCards(), Tags: c.AllTags(),
		Media: c.media.Snapshot(), Revlog: c.revlog, LastUnburied: &c.lastUnburied,
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	return enc.Encode(&f)
}

// Load reads a collection written by Save, or a hand-written fixture in the
// same form, with clock as its clock (time.Now if nil). Notes listed without
// cards get their cards generated into the Default deck. Inconsistent input
// (duplicate IDs or names, a card whose note is missing, fields that do not
// match the note type, ...) is an error.
func Load(r io.Reader, clock func() time.Time) (*Collection, error) {
	var f fixture
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields() // a misspelt section must not load as a fresh one
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("collection fixture: %w", err)
	}
	if clock == nil {
		clock = time.Now
	}
	if f.Created.IsZero() {
		f.Created = clock()
	}
	fresh := New(clock, f.Created)
	c := newEmpty(clock, f.Created)
	c.lastID = f.LastID
	if f.Decks == nil {
		f.Decks = fresh.AllDecks()
	}
	if f.DeckConfigs == nil {
		f.DeckConfigs = fresh.AllDeckConfigs()
	}
	if f.Models == nil {
		f.Models = fresh.AllModels()
	}
	steps := []func(*fixture) error{c.loadConfigs, c.loadDecks, c.loadModels, c.loadNotes, c.loadCards}
	for _, step := range steps {
		if err := step(&f); err != nil {
			return nil, fmt.Errorf("collection fixture: %w", err)
		}
	}
	c.RegisterTags(f.Tags...)
	c.media.Restore(f.Media)
	for _, r := range f.Revlog {
		c.AddReview(*r)
		c.seenID(r.ID)
	}
	for name, q := range f.SavedSearches {
		c.SetSavedSearch(name, q)
	}
	if f.CurrentDeck != 0 {
		c.SetCurrentDeck(f.CurrentDeck)
	}
	c.lastUnburied = c.Today()
	if f.LastUnburied != nil {
		c.lastUnburied = *f.LastUnburied
	}
	c.nextPos = max(f.NextPos, c.nextPos)
	// Notes listed without cards get theirs now.
	for _, n := range c.liveNotes() {
		if len(n.cards) == 0 {
			c.generateCards(n, c.models[n.ModelID], DefaultDeckID)
		}
	}
	return c, nil
}

func (c *Collection) loadConfigs(f *fixture) error {
	for _, conf := range f.DeckConfigs {
		if c.configs[conf.ID] != nil {
			return fmt.Errorf("deck option group %d listed twice", conf.ID)
		}
		c.putConfig(conf)
	}
	if c.configs[DefaultConfigID] == nil {
		c.putConfig(defaultDeckConfig(DefaultConfigID, "Default", c.nowSecs()))
	}
	return nil
}

func (c *Collection) loadDecks(f *fixture) error {
	for _, d := range f.Decks {
		d.Name = NormalizeDeckName(d.Name)
		if c.decks[d.ID] != nil || c.deckByName[foldName(d.Name)] != nil || d.ID <= 0 {
			return fmt.Errorf("deck %d %q: duplicate or invalid ID or name", d.ID, d.Name)
		}
		c.putDeck(d)
	}
	if c.decks[DefaultDeckID] == nil {
		if c.deckByName["default"] != nil {
			return fmt.Errorf("a deck named Default must have ID 1")
		}
		c.putDeck(&Deck{ID: DefaultDeckID, Name: "Default", ConfigID: DefaultConfigID, Mod: c.nowSecs(), Usn: -1})
	}
	// Parents are created on demand, as Anki would.
	for _, d := range c.AllDecks() {
		parts := strings.Split(d.Name, "::")
		for i := 1; i < len(parts); i++ {
			c.CreateDeck(strings.Join(parts[:i], "::"))
		}
	}
	return nil
}

func (c *Collection) loadModels(f *fixture) error {
	for _, m := range f.Models {
		if c.models[m.ID] != nil || len(m.Fields) == 0 || len(m.Templates) == 0 {
			return fmt.Errorf("note type %d %q: duplicate ID, or no fields or templates", m.ID, m.Name)
		}
		mod := m.Mod
		c.addModel(m)
		if mod != 0 {
			m.Mod = mod
		}
	}
	return nil
}

func (c *Collection) loadNotes(f *fixture) error {
	for _, n := range f.Notes {
		m := c.models[n.ModelID]
		switch {
		case m == nil:
			return fmt.Errorf("note %d: no note type %d", n.ID, n.ModelID)
		case len(n.Fields) != len(m.Fields):
			return fmt.Errorf("note %d: %d fields, note type %q has %d", n.ID, len(n.Fields), m.Name, len(m.Fields))
		case c.notes[n.ID] != nil || n.ID <= 0:
			return fmt.Errorf("note %d: duplicate or invalid ID", n.ID)
		}
		if n.GUID == "" {
			n.GUID = c.newGUID()
		}
		n.Tags = c.CanonicalTags(n.Tags)
		c.putNote(n)
	}
	return nil
}

func (c *Collection) loadCards(f *fixture) error {
	for _, card := range f.Cards {
		n := c.notes[card.NoteID]
		switch {
		case n == nil:
			return fmt.Errorf("card %d: no note %d", card.ID, card.NoteID)
		case c.cards[card.ID] != nil || card.ID <= 0:
			return fmt.Errorf("card %d: duplicate or invalid ID", card.ID)
		case c.decks[card.DeckID] == nil:
			return fmt.Errorf("card %d: no deck %d", card.ID, card.DeckID)
		}
		card.note = n
		c.putCard(card)
		if card.Type == CardTypeNew && card.Due >= c.nextPos {
			c.nextPos = card.Due + 1
		}
	}
	return nil
}
