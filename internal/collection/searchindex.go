package collection

import (
	"encoding/binary"
	"iter"
	"math"
	"slices"

	"github.com/ankiconnect-go/ankiconnect/internal/search"
)

// This file keeps columns for the commonest searches, deck:, tag: and
// field:text or field:text* (search.Query's DeckFilter, TagFilter and
// FieldFilter): the deck, home deck and note of every card in card-list
// order; the tags of every note in note-list order; for a field index, the
// length and first 8 bytes of that field of every note. Each is a few
// contiguous slices, and reading one reads a few bytes a row where a scan
// reads each card and note, and their tags or fields, from wherever the
// heap put them. A column is built on demand, and its slices are reused by
// the next build. For 100,000 Basic notes the deck column takes 2.4 MB,
// the tag column 2.8 MB and a field column 2.8 MB.
//
// A column belongs to one generation of the collection: every change that
// can move a card to another deck, change a note's tags or fields, or add
// or remove either, bumps the generation through changed() (saveCard and
// saveNote, which every such change calls whether or not an undo step is
// open; TouchCard, after the raw card edits of setSpecificValueOfCard; the
// undo of a step; RemoveDeck, which sends borrowed cards home), and a
// column of an older generation is never read.
//
// Building a column costs about one scan (see the costs below), so after a
// change the first find of a kind scans, as a renter would, and a column is
// built only once the scans since the change have cost as much as building
// it: a workload that changes the collection before every find never pays
// for a column, and one that finds several times between changes pays for
// at most one build per change, after scans that cost as much.

// Build costs, in scans of the same rows: building a column reads what a
// scan of its rows reads, and BenchmarkSearchColumns measures it at 0.5 to
// 0.9 scans for 100,000 notes (up to 1.5 on a loaded machine), so a column
// is built once one scan's worth of rows has been read without it.
const (
	deckBuildCost  = 1 // card rows
	tagBuildCost   = 1 // note rows
	fieldBuildCost = 1 // note rows
)

// searchIndex is the collection's search columns.
type searchIndex struct {
	gen   uint64 // bumped by every change (changed)
	deck  deckColumn
	tag   tagColumn
	field []*fieldColumn // by field index
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
	rows    int    // the rows it was built from
	scanned int    // rows scanned without the column at gen
}

// use reports whether the column, of rows rows, is to be read: it is
// current, or the scans at this generation have read cost times rows rows
// and build has just made it current. If not, it counts the scan the
// caller makes instead. A column built from another number of rows than
// the list has now is never read (the list changed without changed(): a
// bug, which the scan then hides rather than read the wrong rows).
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
		r.built, r.rows = true, rows
		x.builds++
	}
	if r.rows != rows {
		return false
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
	n := len(cards)
	col.did, col.odid, col.nid = slices.Grow(col.did[:0], n), slices.Grow(col.odid[:0], n), slices.Grow(col.nid[:0], n)
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
	col.start = append(slices.Grow(col.start[:0], len(notes)+1), 0)
	col.tags, col.nid = slices.Grow(col.tags[:0], len(notes)), slices.Grow(col.nid[:0], len(notes))
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

// fieldColumn is, for one field index, each note's note type, ID (0 for a
// note without cards), and that field's length (-1 for a note with fewer
// fields) and first 8 bytes (the first in the low byte).
type fieldColumn struct {
	rent
	mid, nid []int64
	size     []int32
	head     []uint64
}

func (col *fieldColumn) build(notes []*Note, k int) {
	m := len(notes)
	col.mid, col.nid = slices.Grow(col.mid[:0], m), slices.Grow(col.nid[:0], m)
	col.size, col.head = slices.Grow(col.size[:0], m), slices.Grow(col.head[:0], m)
	for _, n := range notes {
		id := n.ID
		if len(n.cards) == 0 {
			id = 0
		}
		col.mid = append(col.mid, n.ModelID)
		col.nid = append(col.nid, id)
		if k >= len(n.Fields) {
			col.size, col.head = append(col.size, -1), append(col.head, 0)
			continue
		}
		f := n.Fields[k]
		col.size, col.head = append(col.size, int32(min(len(f), math.MaxInt32))), append(col.head, head8(f))
	}
}

// head8 is the first 8 bytes of s, the first in the low byte, zeros after
// a shorter s.
func head8(s string) uint64 {
	var b [8]byte
	copy(b[:], s)
	return binary.LittleEndian.Uint64(b[:])
}

// fieldColumn returns the column of field index k, built or not.
func (x *searchIndex) fieldColumn(k int) *fieldColumn {
	for len(x.field) <= k {
		x.field = append(x.field, &fieldColumn{})
	}
	return x.field[k]
}

// fieldRowsOf returns the rows of a field column, notes with cards, that
// may have a card matching q, and whether they all do; ok is false when q
// has no field term the columns answer, or the column is not to be read.
// The columns answer a term that names one field index in every note type
// that has the field.
func (c *Collection) fieldRowsOf(q *search.Query) (rows iter.Seq[int], nid []int64, exact, ok bool) {
	f, exact, ok := q.FieldFilter()
	if !ok {
		return nil, nil, false, false
	}
	k := -1
	var mids []int64
	for mid, idx := range f.Fields {
		if len(idx) != 1 || k >= 0 && idx[0] != k {
			return nil, nil, false, false
		}
		k = idx[0]
		mids = append(mids, mid)
	}
	if k < 0 {
		return func(func(int) bool) {}, nil, exact, true // no note type has the field
	}
	notes := c.liveNotes()
	col := c.search.fieldColumn(k)
	if !col.use(&c.search, len(notes), fieldBuildCost, func() { col.build(notes, k) }) {
		return nil, nil, false, false
	}
	lit, n := f.Literal, int32(len(f.Literal))
	// The literal's first 8 bytes, and a mask of the bytes that are letters
	// (whose case the field may differ in: folded by setting bit 5).
	want, letters := head8(lit), uint64(0)
	for i := 0; i < min(len(lit), 8); i++ {
		if 'a' <= lit[i] && lit[i] <= 'z' {
			letters |= 0x20 << (8 * i)
		}
	}
	cmp := ^uint64(0)
	if len(lit) < 8 {
		cmp = 1<<(8*len(lit)) - 1
	}
	rows = func(yield func(int) bool) {
		for i, mid := range col.mid {
			size := col.size[i]
			if size < n || !f.Prefix && size != n || col.nid[i] == 0 || !slices.Contains(mids, mid) {
				continue
			}
			if (col.head[i]|letters)&cmp != want {
				continue
			}
			if len(lit) > 8 && !equalFoldASCIITail(notes[i].Fields[k], lit) {
				continue
			}
			if !yield(i) {
				return
			}
		}
	}
	return rows, col.nid, exact, true
}

// equalFoldASCIITail reports whether s starts with lit (lower-case) under
// ASCII case folding, past their first 8 bytes.
func equalFoldASCIITail(s, lit string) bool {
	for i := 8; i < len(lit); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lit[i] {
			return false
		}
	}
	return true
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
func (c *Collection) deckRowsOf(q *search.Query) (col *deckColumn, rows iter.Seq[int], exact, ok bool) {
	ids, exact, ok := q.DeckFilter()
	if !ok {
		return nil, nil, false, false
	}
	cards := c.liveCards()
	if col = &c.search.deck; !col.use(&c.search, len(cards), deckBuildCost, func() { col.build(cards) }) {
		return nil, nil, false, false
	}
	set := newDeckSet(ids)
	rows = func(yield func(int) bool) {
		for i, did := range col.did {
			if (set.has(did) || col.odid[i] != 0 && set.has(col.odid[i])) && !yield(i) {
				return
			}
		}
	}
	return col, rows, exact, true
}

// tagRowsOf returns the rows of the tag column, notes with cards, that may
// have a card matching q, and whether they all do; ok is false when q has
// no tag term or the column is not to be read.
func (c *Collection) tagRowsOf(q *search.Query) (col *tagColumn, rows iter.Seq[int], exact, ok bool) {
	match, exact, ok := q.TagFilter()
	if !ok {
		return nil, nil, false, false
	}
	notes := c.liveNotes()
	if col = &c.search.tag; !col.use(&c.search, len(notes), tagBuildCost, func() { col.build(notes) }) {
		return nil, nil, false, false
	}
	rows = func(yield func(int) bool) {
		for i, id := range col.nid {
			if id == 0 {
				continue
			}
			for _, t := range col.tags[col.start[i]:col.start[i+1]] {
				if match(t) {
					if !yield(i) {
						return
					}
					break
				}
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
		for i := range rows {
			if exact || q.MatchCard(cards[i]) {
				ids.add(col.nid[i])
			}
		}
		return ids.list(), true
	}
	rows, nid, exact, ok := c.noteRowsOf(q)
	if !ok {
		return nil, false
	}
	out = []int64{}
	notes := c.liveNotes()
	for i := range rows {
		if exact || notes[i].hasMatchingCard(q) {
			out = append(out, nid[i])
		}
	}
	return out, true
}

// noteRowsOf returns the rows of the note list that may have a card
// matching q, from the tag or a field column, with the column's note IDs,
// and whether they all do; ok is false when no column answers.
func (c *Collection) noteRowsOf(q *search.Query) (rows iter.Seq[int], nid []int64, exact, ok bool) {
	if col, rows, exact, ok := c.tagRowsOf(q); ok {
		return rows, col.nid, exact, true
	}
	return c.fieldRowsOf(q)
}

// findCardsIndexed is FindCards from a column; ok is false when no column
// answers.
func (c *Collection) findCardsIndexed(q *search.Query) (out []int64, ok bool) {
	if _, rows, exact, ok := c.deckRowsOf(q); ok {
		out = []int64{}
		cards := c.liveCards()
		for i := range rows {
			if exact || q.MatchCard(cards[i]) {
				out = append(out, cards[i].ID)
			}
		}
		return out, true
	}
	rows, _, exact, ok := c.noteRowsOf(q)
	if !ok {
		return nil, false
	}
	out = []int64{}
	notes := c.liveNotes()
	for i := range rows {
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
