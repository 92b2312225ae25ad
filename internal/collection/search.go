package collection

import "github.com/ankiconnect-go/ankiconnect/internal/search"

// The collection seen through internal/search's interfaces: *Note is a
// search.Note, *Card a search.Card and *Collection a search.Collection.
var (
	_ search.Note       = (*Note)(nil)
	_ search.Card       = (*Card)(nil)
	_ search.Collection = (*Collection)(nil)
)

// NoteID implements search.Note.
func (n *Note) NoteID() int64 { return n.ID }

// NoteModelID implements search.Note.
func (n *Note) NoteModelID() int64 { return n.ModelID }

// NoteFields implements search.Note.
func (n *Note) NoteFields() []string { return n.Fields }

// NoteTags implements search.Note.
func (n *Note) NoteTags() []string { return n.Tags }

// NoteMod implements search.Note.
func (n *Note) NoteMod() int64 { return n.Mod }

// CardID implements search.Card.
func (card *Card) CardID() int64 { return card.ID }

// CardNote implements search.Card.
func (card *Card) CardNote() search.Note { return card.note }

// CardDeckID implements search.Card.
func (card *Card) CardDeckID() int64 { return card.DeckID }

// CardOriginalDeckID implements search.Card.
func (card *Card) CardOriginalDeckID() int64 { return card.OriginalDeckID }

// CardOrd implements search.Card.
func (card *Card) CardOrd() int { return card.Ord }

// CardType implements search.Card.
func (card *Card) CardType() int { return card.Type }

// CardQueue implements search.Card.
func (card *Card) CardQueue() int { return card.Queue }

// CardDue implements search.Card.
func (card *Card) CardDue() int64 { return card.Due }

// CardInterval implements search.Card.
func (card *Card) CardInterval() int { return card.Ivl }

// CardFactor implements search.Card.
func (card *Card) CardFactor() int { return card.Factor }

// CardReps implements search.Card.
func (card *Card) CardReps() int { return card.Reps }

// CardLapses implements search.Card.
func (card *Card) CardLapses() int { return card.Lapses }

// CardFlags implements search.Card.
func (card *Card) CardFlags() int { return card.Flags }

// CardReviews implements search.Card.
func (card *Card) CardReviews() []search.Review {
	out := make([]search.Review, len(card.reviews))
	for i, r := range card.reviews {
		out[i] = search.Review{ID: r.ID, Ease: r.Ease, Type: r.Type}
	}
	return out
}

// Decks implements search.Collection.
func (c *Collection) Decks() []search.Deck {
	out := make([]search.Deck, 0, len(c.decks))
	for _, d := range c.AllDecks() {
		sd := search.Deck{ID: d.ID, Name: d.Name, Filtered: d.Filtered}
		if !d.Filtered {
			if conf := c.ConfigForDeck(d); conf != nil {
				sd.Preset = conf.Name
			}
		}
		out = append(out, sd)
	}
	return out
}

// Models implements search.Collection.
func (c *Collection) Models() []search.Model {
	out := make([]search.Model, 0, len(c.models))
	for _, m := range c.AllModels() {
		out = append(out, search.Model{
			ID: m.ID, Name: m.Name, Fields: m.FieldNames(), Templates: m.TemplateNames(), Cloze: m.IsCloze(),
			SortField: m.SortField,
		})
	}
	return out
}

// FindCards returns the IDs of the cards matching an Anki search, in
// ascending order. An invalid search is an error from internal/search.
//
// A deck or tag search reads a column of the collection once scans have
// paid for building it (searchindex.go); others scan the card list.
func (c *Collection) FindCards(query string) ([]int64, error) {
	q, err := search.Compile(query, c)
	if err != nil {
		return nil, err
	}
	if out, ok := c.findCardsIndexed(q); ok {
		return out, nil
	}
	out := []int64{}
	if q.NoteLevel() {
		// The answer is the note's: asked once for a run of its cards.
		var last *Note
		ok := false
		for _, card := range c.liveCards() {
			if card.note != last {
				last, ok = card.note, q.MatchNote(card.note)
			}
			if ok {
				out = append(out, card.ID)
			}
		}
		return out, nil
	}
	for _, card := range c.liveCards() {
		if q.MatchCard(card) {
			out = append(out, card.ID)
		}
	}
	return out, nil
}

// FindNotes returns the IDs of the notes with a card matching an Anki
// search, in ascending order.
//
// A deck or tag search reads a column of the collection once scans have
// paid for building it (searchindex.go). Otherwise a search of notes alone
// (tags, fields, note types) is asked once per note that has cards, and any
// other goes over the card list, which is contiguous, rather than from each
// note to its cards, which is a pointer chase per note.
func (c *Collection) FindNotes(query string) ([]int64, error) {
	q, err := search.Compile(query, c)
	if err != nil {
		return nil, err
	}
	if out, ok := c.findNotesIndexed(q); ok {
		return out, nil
	}
	if q.NoteLevel() {
		out := []int64{}
		for _, n := range c.liveNotes() {
			if len(n.cards) > 0 && q.MatchNote(n) {
				out = append(out, n.ID)
			}
		}
		return out, nil
	}
	return notesOfCards(q, c.liveCards()), nil
}

// compileQuery turns an Anki search into a card predicate through
// internal/search, the fake's one query evaluator.
func (c *Collection) compileQuery(query string) (func(*Card) bool, error) {
	q, err := search.Compile(query, c)
	if err != nil {
		return nil, err
	}
	return func(card *Card) bool { return q.MatchCard(card) }, nil
}
