package collection

import (
	"slices"

	"github.com/ankiconnect-go/ankiconnect/internal/search"
)

// This file keeps two columns for the commonest searches, deck: and tag:
// (search.Query's DeckFilter and TagFilter): the deck and home deck of
// every card in card-list order, and the tags of every note in note-list
// order, each in one contiguous slice. Scanning a column reads a few bytes
// a row where a scan of the cards reads each card and note from wherever
// the heap put it.
//
// A column belongs to one generation of the collection: every change that
// can move a card to another deck, change a note's tags, or add or remove
// either, bumps the generation through changed() (saveCard and saveNote,
// which every such change calls whether or not an undo step is open;
// TouchCard, after the raw card edits of setSpecificValueOfCard; the undo
// of a step; RemoveDeck, which sends borrowed cards home), and a column of
// an older generation is never read.
//
// Building a column costs about one scan (see the costs below), so after a
// change the first finds scan, as a renter would, and a column is built
// only once the scans since the change have cost as much as building it:
// a workload that changes the collection before every find never pays for
// a column, and one that finds many times between changes pays for one
// build per change at most once the scans have paid as much.

// Build costs, in rows scanned without the column: building a column reads
// what a scan of the same rows reads, but allocates and writes nothing
// per row after the first build (the slices are reused).
const (
	deckBuildCost = 1 // card rows
	tagBuildCost  = 1 // note rows
)

// searchIndex is the collection's search columns.
type searchIndex struct {
	gen  uint64 // bumped by every change (changed)
	deck deckColumn
	tag  tagColumn
	// builds counts column builds and reads the finds answered from a
	// column, for the tests.
	builds, reads int
	// scanOnly turns the columns off, for the benchmarks that compare.
	scanOnly bool
}

// changed marks the columns out of date.
func (x *searchIndex) changed() { x.gen++ }

// rent is the ski-rental bookkeeping of one column.
type rent struct {
	gen     uint64 // the generation built at, or the scans counted at
	built   bool   // the column holds the rows of gen
	scanned int    // rows scanned without the column at gen
}

// use reports whether the column is current, building it first with build
// once the scans at this generation have cost cost rows per row; if not,
// it counts a scan of rows rows.
func (r *rent) use(x *searchIndex, rows int, cost int, build func()) bool {
	if x.scanOnly {
		return false
	}
	if r.gen != x.gen {
		r.gen, r.built, r.scanned = x.gen, false, 0
	}
	if !r.built {
		if r.scanned < cost*rows {
			r.scanned += rows
			return false
		}
		build()
		r.built = true
		x.builds++
	}
	x.reads++
	return true
}

// deckColumn is the deck and original deck of each card of the card list.
type deckColumn struct {
	rent
	did, odid []int64
}

func (col *deckColumn) build(cards []*Card) {
	col.did, col.odid = col.did[:0], col.odid[:0]
	for _, card := range cards {
		col.did = append(col.did, card.DeckID)
		col.odid = append(col.odid, card.OriginalDeckID)
	}
}

// tagColumn is the tags of each note of the note list: note i's are
// tags[start[i]:start[i+1]].
type tagColumn struct {
	rent
	start []int32
	tags  []string
}

func (col *tagColumn) build(notes []*Note) {
	col.start, col.tags = append(col.start[:0], 0), col.tags[:0]
	for _, n := range notes {
		col.tags = append(col.tags, n.Tags...)
		col.start = append(col.start, int32(len(col.tags)))
	}
}

// deckRows returns the deck column for cards (the live card list), or nil
// when a scan should answer.
func (c *Collection) deckRows(cards []*Card) *deckColumn {
	col := &c.search.deck
	if !col.use(&c.search, len(cards), deckBuildCost, func() { col.build(cards) }) || len(col.did) != len(cards) {
		return nil
	}
	return col
}

// tagRows returns the tag column for notes (the live note list), or nil
// when a scan should answer.
func (c *Collection) tagRows(notes []*Note) *tagColumn {
	col := &c.search.tag
	if !col.use(&c.search, len(notes), tagBuildCost, func() { col.build(notes) }) || len(col.start) != len(notes)+1 {
		return nil
	}
	return col
}

// deckSet tests deck IDs against a DeckFilter's list.
type deckSet struct {
	small []int64
	big   map[int64]bool
}

func newDeckSet(ids []int64) deckSet {
	if len(ids) <= 8 {
		return deckSet{small: ids}
	}
	s := deckSet{big: make(map[int64]bool, len(ids))}
	for _, id := range ids {
		s.big[id] = true
	}
	return s
}

func (s deckSet) has(id int64) bool {
	if s.big != nil {
		return s.big[id]
	}
	for _, v := range s.small {
		if v == id {
			return true
		}
	}
	return false
}

// indexedCards returns the cards (in card-list order) that may match q, from
// a column, and whether they all do; ok is false when a scan must answer.
func (c *Collection) indexedCards(q *search.Query) (cards []*Card, exact, ok bool) {
	if ids, exact, ok := q.DeckFilter(); ok {
		all := c.liveCards()
		col := c.deckRows(all)
		if col == nil {
			return nil, false, false
		}
		set := newDeckSet(ids)
		for i, did := range col.did {
			if set.has(did) || col.odid[i] != 0 && set.has(col.odid[i]) {
				cards = append(cards, all[i])
			}
		}
		return cards, exact, true
	}
	return nil, false, false
}

// indexedNotes returns the notes (in note-list order) that may have a card
// matching q, from the tag column, and whether those with cards all do; ok
// is false when no column answers.
func (c *Collection) indexedNotes(q *search.Query) (notes []*Note, exact, ok bool) {
	match, exact, ok := q.TagFilter()
	if !ok {
		return nil, false, false
	}
	all := c.liveNotes()
	col := c.tagRows(all)
	if col == nil {
		return nil, false, false
	}
	for i, n := range all {
		for _, t := range col.tags[col.start[i]:col.start[i+1]] {
			if match(t) {
				notes = append(notes, n)
				break
			}
		}
	}
	return notes, exact, true
}

// findNotesIndexed is FindNotes from a column; ok is false when no column
// answers.
func (c *Collection) findNotesIndexed(q *search.Query) (out []int64, ok bool) {
	if cards, exact, ok := c.indexedCards(q); ok {
		return notesOfCards(q, cards, exact), true
	}
	notes, exact, ok := c.indexedNotes(q)
	if !ok {
		return nil, false
	}
	out = []int64{}
	for _, n := range notes {
		if n.hasMatchingCard(q, exact) {
			out = append(out, n.ID)
		}
	}
	return out, true
}

// findCardsIndexed is FindCards from a column; ok is false when no column
// answers.
func (c *Collection) findCardsIndexed(q *search.Query) (out []int64, ok bool) {
	out = []int64{}
	if cards, exact, ok := c.indexedCards(q); ok {
		for _, card := range cards {
			if exact || q.MatchCard(card) {
				out = append(out, card.ID)
			}
		}
		return out, true
	}
	notes, exact, ok := c.indexedNotes(q)
	if !ok {
		return nil, false
	}
	for _, n := range notes {
		for _, card := range n.cards {
			if exact || q.MatchCard(card) {
				out = append(out, card.ID)
			}
		}
	}
	slices.Sort(out)
	return out, true
}

// hasMatchingCard reports whether a card of n matches q; exact says that
// every card of n does.
func (n *Note) hasMatchingCard(q *search.Query, exact bool) bool {
	switch {
	case len(n.cards) == 0:
		return false
	case exact:
		return true
	case q.NoteLevel():
		return q.MatchNote(n)
	}
	for _, card := range n.cards {
		if q.MatchCard(card) {
			return true
		}
	}
	return false
}

// notesOfCards returns the IDs of the notes of cards (in card-list order)
// that match q, all of them when exact, ascending and each once.
func notesOfCards(q *search.Query, cards []*Card, exact bool) []int64 {
	out := []int64{}
	sorted := true
	for _, card := range cards {
		if !exact && !q.MatchCard(card) {
			continue
		}
		id := card.note.ID
		if k := len(out); k > 0 && out[k-1] >= id {
			if out[k-1] == id {
				continue
			}
			sorted = false
		}
		out = append(out, id)
	}
	if !sorted {
		slices.Sort(out)
		out = slices.Compact(out)
	}
	return out
}
