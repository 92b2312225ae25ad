package collection

import (
	"encoding/json"
	"sort"
	"strings"
)

// Deck is one deck. Name is the full human name with "::" between levels.
type Deck struct {
	ID          int64  `json:"id"`
	Name        string `json:"name"`
	ConfigID    int64  `json:"conf"` // deck option group; unknown IDs read as the Default group
	Filtered    bool   `json:"dyn"`
	Mod         int64  `json:"mod"` // epoch seconds
	Usn         int    `json:"usn"`
	Description string `json:"desc"`
	// Extra holds JSON keys this package does not model, kept on round trips.
	Extra map[string]json.RawMessage `json:"-"`
}

type deckJSON Deck

// MarshalJSON writes the deck with its Extra keys.
func (d *Deck) MarshalJSON() ([]byte, error) { return marshalWithExtra((*deckJSON)(d), d.Extra) }

// UnmarshalJSON reads a deck, keeping unknown keys in Extra.
func (d *Deck) UnmarshalJSON(b []byte) error {
	extra, err := unmarshalWithExtra(b, (*deckJSON)(d))
	d.Extra = extra
	return err
}

// Leaf is the last component of the deck's name.
func (d *Deck) Leaf() string {
	if i := strings.LastIndex(d.Name, "::"); i >= 0 {
		return d.Name[i+2:]
	}
	return d.Name
}

// foldName is the key of case-insensitive name lookups (Anki compares deck,
// note type and tag names with Unicode case folding; simple lower-casing is
// used here).
func foldName(s string) string { return strings.ToLower(s) }

// NormalizeDeckName returns name as Anki stores it: each "::" component has
// ASCII control characters removed and surrounding white space trimmed, and a
// component left empty becomes "blank". (Anki also NFC-normalises; this
// package does not, to stay within the standard library.)
func NormalizeDeckName(name string) string {
	parts := strings.Split(name, "::")
	for i, p := range parts {
		p = strings.TrimSpace(strings.Map(dropControl, p))
		if p == "" {
			p = "blank"
		}
		parts[i] = p
	}
	return strings.Join(parts, "::")
}

// dropControl is a strings.Map function removing ASCII control characters.
func dropControl(r rune) rune {
	if r < 0x20 || r == 0x7f {
		return -1
	}
	return r
}

// deckSortKey orders decks as Anki's name collation does: case-insensitively,
// with the level separator sorting before every printable character.
func deckSortKey(name string) string {
	return strings.ReplaceAll(foldName(name), "::", "\x1f")
}

// putDeck stores d (its name already normalised and unique).
func (c *Collection) putDeck(d *Deck) {
	c.saveDeck(d, c.decks[d.ID] == d)
	c.decks[d.ID] = d
	c.deckByName[foldName(d.Name)] = d
	c.seenID(d.ID)
}

// DeckByID returns the deck with the given ID, or nil.
func (c *Collection) DeckByID(id int64) *Deck { return c.decks[id] }

// DeckOrDefault returns the deck with the given ID, or the Default deck when
// there is none (Anki's decks.get falls back to Default).
func (c *Collection) DeckOrDefault(id int64) *Deck {
	if d := c.decks[id]; d != nil {
		return d
	}
	return c.decks[DefaultDeckID]
}

// DeckByName finds a deck by name case-insensitively, after the same
// normalisation Anki applies, or returns nil.
func (c *Collection) DeckByName(name string) *Deck {
	d, _ := foldedLookup(c.deckByName, cleanDeckName(name))
	return d
}

// DeckByExactName finds a deck whose stored name is exactly name (the
// membership test in deckNames() that getDeckConfig, setDeckConfigId and
// deleteDecks use), or returns nil.
func (c *Collection) DeckByExactName(name string) *Deck {
	if d := c.deckByName[foldName(name)]; d != nil && d.Name == name {
		return d
	}
	return nil
}

// CreateDeck returns the deck named name, creating it and any missing parents
// when it does not exist (Anki's decks.id). An existing deck matches
// case-insensitively, and a new deck takes the spelling of existing parents.
func (c *Collection) CreateDeck(name string) *Deck {
	name = cleanDeckName(name)
	if d, _ := foldedLookup(c.deckByName, name); d != nil {
		return d
	}
	var d *Deck
	path := ""
	for _, part := range strings.Split(name, "::") {
		if path != "" {
			path += "::"
		}
		path += part
		if d = c.deckByName[foldName(path)]; d != nil {
			path = d.Name
			continue
		}
		d = &Deck{ID: c.NewID(), Name: path, ConfigID: DefaultConfigID, Mod: c.nowSecs(), Usn: -1}
		c.putDeck(d)
	}
	return d
}

// AllDecks returns every deck, ordered as deckNames orders them.
func (c *Collection) AllDecks() []*Deck {
	out := make([]*Deck, 0, len(c.decks))
	for _, d := range c.decks {
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return deckSortKey(out[i].Name) < deckSortKey(out[j].Name) })
	return out
}

// DeckNames returns every deck name, sorted case-insensitively by level.
func (c *Collection) DeckNames() []string {
	decks := c.AllDecks()
	out := make([]string, len(decks))
	for i, d := range decks {
		out[i] = d.Name
	}
	return out
}

// DeckAndChildren returns the deck with the given ID and every deck below it.
func (c *Collection) DeckAndChildren(id int64) []*Deck {
	d := c.decks[id]
	if d == nil {
		return nil
	}
	out := []*Deck{d}
	prefix := foldName(d.Name) + "::"
	for _, o := range c.decks {
		if strings.HasPrefix(foldName(o.Name), prefix) {
			out = append(out, o)
		}
	}
	return out
}

// parentDecks returns the existing decks above d ("A" and "A::B" for
// "A::B::C"), top level first.
func (c *Collection) parentDecks(d *Deck) []*Deck {
	var out []*Deck
	for i := 0; ; i += len("::") {
		j := strings.Index(d.Name[i:], "::")
		if j < 0 {
			return out
		}
		i += j
		if p := c.deckByName[foldName(d.Name[:i])]; p != nil {
			out = append(out, p)
		}
	}
}

// RemoveDeck deletes the deck with the given ID and its children, with their
// cards and the notes left without cards. Cards that a filtered deck
// borrowed go back home instead. The Default deck itself is never removed: it
// is reset to its name and kept. An unknown ID does nothing.
func (c *Collection) RemoveDeck(id int64) {
	c.search.changed() // borrowed cards go home without saveCard
	doomed := map[int64]*Deck{}
	for _, d := range c.DeckAndChildren(id) {
		doomed[d.ID] = d
	}
	if len(doomed) == 0 {
		return
	}
	var cardIDs []int64
	for _, card := range c.liveCards() {
		switch {
		case doomed[card.DeckID] != nil && doomed[card.DeckID].Filtered && card.OriginalDeckID != 0:
			card.returnHome()
			card.touch(c.nowSecs())
		case doomed[card.DeckID] != nil || doomed[card.OriginalDeckID] != nil:
			cardIDs = append(cardIDs, card.ID)
		}
	}
	c.DeleteCards(cardIDs)
	for did, d := range doomed {
		if did == DefaultDeckID {
			delete(c.deckByName, foldName(d.Name))
			d.Name = "Default"
			d.Mod, d.Usn = c.nowSecs(), -1
			c.deckByName[foldName(d.Name)] = d
			continue
		}
		delete(c.decks, did)
		delete(c.deckByName, foldName(d.Name))
		if c.currentDeckID == did {
			c.currentDeckID = DefaultDeckID
		}
	}
}

// MoveCards puts the given cards in deck did, taking them out of filtered
// decks first; unknown card IDs are ignored.
func (c *Collection) MoveCards(cardIDs []int64, did int64) {
	now := c.nowSecs()
	for _, id := range cardIDs {
		card := c.cards[id]
		if card == nil {
			continue
		}
		c.saveCard(card, true)
		if card.OriginalDeckID != 0 {
			card.returnHome()
		}
		card.DeckID = did
		card.touch(now)
	}
}
