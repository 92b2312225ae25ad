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

// deckColumn is the deck, original deck and note ID of each card of the
// card list. (A card's NoteID is its note's ID: it is set with the link
// and never changes.)
type deckColumn struct {
	rent
	did, odid, nid []int64
}

func (col *deckColumn) build(cards []*Card) {
	col.did, col.odid, col.nid = col.did[:0], col.odid[:0], col.nid[:0]
	for _, card := range cards {
		col.did = append(col.did, card.DeckID)
		col.odid = append(col.odid, card.OriginalDeckID)
		col.nid = append(col.nid, card.NoteID)
	}
}

// tagColumn is the tags of each note of the note list, note i's
// tags[start[i]:start[i+1]], and its ID, or 0 for a note without cards
// (which no search finds).
type tagColumn struct {
	rent
	start []int32
	tags  []string
	nid   []int64
}

func (col *tagColumn) build(notes []*Note) {
	col.start, col.tags, col.nid = append(col.start[:0], 0), col.tags[:0], col.nid[:0]
	for _, n := range notes {
		col.tags = append(col.tags, n.Tags...)
		col.start = append(col.start, int32(len(col.tags)))
		id := n.ID
		if len(n.cards) == 0 {
			id = 0
		}
		col.nid = append(col.nid, id)
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

// deckRowsOf returns the rows of the deck column that may match q, and
// whether they all do; ok is false when q has no deck term or the column
// is not to be read.
func (c *Collection) deckRowsOf(q *search.Query) (col *deckColumn, rows []int32, exact, ok bool) {
	ids, exact, ok := q.DeckFilter()
	if !ok {
		return nil, nil, false, false
	}
	if col = c.deckRows(c.liveCards()); col == nil {
		return nil, nil, false, false
	}
	set := newDeckSet(ids)
	for i, did := range col.did {
		if set.has(did) || col.odid[i] != 0 && set.has(col.odid[i]) {
			rows = append(rows, int32(i))
		}
	}
	return col, rows, exact, true
}

// tagRowsOf returns the rows of the tag column, notes with cards, that may
// have a card matching q, and whether they all do; ok is false when q has
// no tag term or the column is not to be read.
func (c *Collection) tagRowsOf(q *search.Query) (col *tagColumn, rows []int32, exact, ok bool) {
	match, exact, ok := q.TagFilter()
	if !ok {
		return nil, nil, false, false
	}
	if col = c.tagRows(c.liveNotes()); col == nil {
		return nil, nil, false, false
	}
	for i, id := range col.nid {
		if id == 0 {
			continue
		}
		for _, t := range col.tags[col.start[i]:col.start[i+1]] {
			if match(t) {
				rows = append(rows, int32(i))
				break
			}
		}
	}
	return col, rows, exact, true
}

// findNotesIndexed is FindNotes from a column; ok is false when no column
// answers.
func (c *Collection) findNotesIndexed(q *search.Query) (out []int64, ok bool) {
	if col, rows, exact, ok := c.deckRowsOf(q); ok {
		var ids noteIDs
		cards := c.liveCards()
		for _, i := range rows {
			if exact || q.MatchCard(cards[i]) {
				ids.add(col.nid[i])
			}
		}
		return ids.list(), true
	}
	col, rows, exact, ok := c.tagRowsOf(q)
	if !ok {
		return nil, false
	}
	out = make([]int64, 0, len(rows))
	notes := c.liveNotes()
	for _, i := range rows {
		if exact || notes[i].hasMatchingCard(q) {
			out = append(out, col.nid[i])
		}
	}
	return out, true
}

// findCardsIndexed is FindCards from a column; ok is false when no column
// answers.
func (c *Collection) findCardsIndexed(q *search.Query) (out []int64, ok bool) {
	if _, rows, exact, ok := c.deckRowsOf(q); ok {
		out = make([]int64, 0, len(rows))
		cards := c.liveCards()
		for _, i := range rows {
			if exact || q.MatchCard(cards[i]) {
				out = append(out, cards[i].ID)
			}
		}
		return out, true
	}
	_, rows, exact, ok := c.tagRowsOf(q)
	if !ok {
		return nil, false
	}
	out = []int64{}
	notes := c.liveNotes()
	for _, i := range rows {
		for _, card := range notes[i].cards {
			if exact || q.MatchCard(card) {
				out = append(out, card.ID)
			}
		}
	}
	slices.Sort(out)
	return out, true
}

// hasMatchingCard reports whether a card of n matches q.
func (n *Note) hasMatchingCard(q *search.Query) bool {
	if q.NoteLevel() {
		return len(n.cards) > 0 && q.MatchNote(n)
	}
	for _, card := range n.cards {
		if q.MatchCard(card) {
			return true
		}
	}
	return false
}

// notesOfCards returns the IDs of the notes of cards (in card-list order)
// that match q, ascending and each once.
func notesOfCards(q *search.Query, cards []*Card) []int64 {
	var ids noteIDs
	for _, card := range cards {
		if q.MatchCard(card) {
			ids.add(card.note.ID)
		}
	}
	return ids.list()
}

// noteIDs collects the IDs of the notes of cards met in card-list order.
// They come ascending, a note's cards one after another, unless a note got
// a card after a later note did; only then does list sort them.
type noteIDs struct {
	ids      []int64
	unsorted bool
}

func (s *noteIDs) add(id int64) {
	if k := len(s.ids); k > 0 && s.ids[k-1] >= id {
		if s.ids[k-1] == id {
			return
		}
		s.unsorted = true
	}
	s.ids = append(s.ids, id)
}

// list returns the IDs ascending and each once.
func (s *noteIDs) list() []int64 {
	if s.unsorted {
		slices.Sort(s.ids)
		s.ids = slices.Compact(s.ids)
	}
	if s.ids == nil {
		return []int64{}
	}
	return s.ids
}
