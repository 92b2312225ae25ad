package collection

import (
	"crypto/sha1"
	"encoding/binary"
	"slices"
	"sort"
	"strings"

	"github.com/ankiconnect-go/ankiconnect/internal/render"
)

// Note is one note: its fields in the note type's field order and its
// canonical tags.
type Note struct {
	ID      int64    `json:"id"`
	GUID    string   `json:"guid"`
	ModelID int64    `json:"mid"`
	Mod     int64    `json:"mod"` // epoch seconds
	Usn     int      `json:"usn"`
	Fields  []string `json:"flds"`
	Tags    []string `json:"tags"`

	csum    uint32  // checksum of the first field, for duplicate checks
	cards   []*Card // ascending ord
	deleted bool
}

// Cards returns the note's cards ordered by template ordinal. The slice
// belongs to the note.
func (n *Note) Cards() []*Card { return n.cards }

// NewNote returns an unsaved note of type m with empty fields and no tags.
// Set its Fields and Tags, check it with CheckNote, then AddNote it.
func (c *Collection) NewNote(m *Model) *Note {
	// The note and its fields are two allocations: one would keep the
	// array alive, unused, under a note whose fields are replaced (as
	// updates and fixtures do), 32 bytes more per Basic note.
	return &Note{ModelID: m.ID, Fields: make([]string, len(m.Fields)), Tags: []string{}}
}

// NoteByID returns the note with the given ID, or nil.
func (c *Collection) NoteByID(id int64) *Note { return c.notes[id] }

// NoteCount is the number of notes.
func (c *Collection) NoteCount() int { return len(c.notes) }

// NoteIDs returns every note ID in ascending order.
func (c *Collection) NoteIDs() []int64 {
	notes := c.liveNotes()
	out := make([]int64, len(notes))
	for i, n := range notes {
		out[i] = n.ID
	}
	return out
}

// AllNotes returns every note by ascending ID. The slice is the
// collection's; callers must not modify it.
func (c *Collection) AllNotes() []*Note { return c.liveNotes() }

// NotesOfModel returns the notes of the given note type by ascending ID.
func (c *Collection) NotesOfModel(mid int64) []*Note {
	var out []*Note
	for _, n := range c.liveNotes() {
		if n.ModelID == mid {
			out = append(out, n)
		}
	}
	return out
}

// liveNotes returns noteList after dropping deleted notes.
func (c *Collection) liveNotes() []*Note {
	if c.notesGone > 0 {
		c.noteList = slices.DeleteFunc(c.noteList, func(n *Note) bool { return n.deleted })
		c.notesGone = 0
	}
	return c.noteList
}

// fieldChecksum is Anki's field_checksum: the first 8 hex digits of the
// SHA-1 of the field with HTML stripped and media file names kept.
func fieldChecksum(field string) uint32 {
	return strippedChecksum(render.StripHTMLKeepMedia(field))
}

// checksumMemo is the last short stripped field checksummed: a note's
// first field is checksummed by CheckNote and again when AddNote indexes
// it.
type checksumMemo struct {
	text string
	sum  uint32
	ok   bool
}

// memoChecksum is strippedChecksum, remembering the last short text (the
// memo is keyed by the text itself, so it cannot go stale).
func (c *Collection) memoChecksum(stripped string) uint32 {
	if m := &c.csumMemo; m.ok && m.text == stripped {
		return m.sum
	}
	sum := strippedChecksum(stripped)
	if len(stripped) <= smallChecksum {
		c.csumMemo = checksumMemo{stripped, sum, true}
	}
	return sum
}

// smallChecksum is the longest field strippedChecksum hashes from the stack.
const smallChecksum = 512

// strippedChecksum is fieldChecksum of a field already stripped.
func strippedChecksum(stripped string) uint32 {
	if len(stripped) <= smallChecksum {
		// A typical field: hashed from a copy on the stack.
		var buf [smallChecksum]byte
		sum := sha1.Sum(buf[:copy(buf[:], stripped)])
		return binary.BigEndian.Uint32(sum[:4])
	}
	// Hashed through a small buffer: []byte(stripped) would copy a field
	// that may be as large as the request that brought it.
	h := sha1.New()
	var buf [4096]byte
	for len(stripped) > 0 {
		n := copy(buf[:], stripped)
		h.Write(buf[:n])
		stripped = stripped[n:]
	}
	return binary.BigEndian.Uint32(h.Sum(nil)[:4])
}

// indexNote (re)computes n's checksum and files it in byCsum.
func (c *Collection) indexNote(n *Note) {
	first := ""
	if len(n.Fields) > 0 {
		first = n.Fields[0]
	}
	n.csum = c.memoChecksum(render.StripHTMLKeepMedia(first))
	c.byCsum[n.csum] = append(c.byCsum[n.csum], n)
}

// setFields replaces n's fields, keeping its checksum index up to date.
func (c *Collection) setFields(n *Note, fields []string) {
	c.saveNote(n, true)
	c.unindexNote(n)
	n.Fields = fields
	c.indexNote(n)
}

// unindexNote removes n from byCsum.
func (c *Collection) unindexNote(n *Note) {
	bucket := slices.DeleteFunc(c.byCsum[n.csum], func(o *Note) bool { return o == n })
	if len(bucket) == 0 {
		delete(c.byCsum, n.csum)
	} else {
		c.byCsum[n.csum] = bucket
	}
}

// putNote stores n (with ID, GUID and canonical tags) without cards.
func (c *Collection) putNote(n *Note) {
	c.saveNote(n, false)
	c.notes[n.ID] = n
	c.noteList = insertByID(c.noteList, n, n.ID, func(o *Note) int64 { return o.ID })
	c.indexNote(n)
	c.seenID(n.ID)
}

// AddNote saves a new note built with NewNote: it gets an ID, a GUID and a
// modification time, its tags are canonicalised and registered, and its
// cards are generated into deck (or a template's deck override), sharing
// one new-card position. The caller has run CheckNote. It returns the new
// note ID.
func (c *Collection) AddNote(n *Note, deck *Deck) int64 {
	m := c.models[n.ModelID]
	n.ID = c.NewID()
	n.GUID = c.newGUID()
	n.Mod, n.Usn = c.nowSecs(), -1
	n.Tags = c.CanonicalTags(n.Tags)
	c.putNote(n)
	c.generateCards(n, m, deck.ID)
	return n.ID
}

// DeleteNotes removes notes and their cards; unknown IDs are ignored.
func (c *Collection) DeleteNotes(ids []int64) {
	for _, id := range ids {
		n := c.notes[id]
		if n == nil {
			continue
		}
		c.saveNote(n, true)
		for _, card := range n.cards {
			c.dropCard(card)
		}
		n.cards = nil
		c.dropNote(n)
	}
}

// dropNote removes n from the collection's indexes (its cards are already
// gone).
func (c *Collection) dropNote(n *Note) {
	c.saveNote(n, true)
	delete(c.notes, n.ID)
	c.unindexNote(n)
	n.deleted = true
	c.notesGone++
}

// SetNoteFields replaces a note's fields (len must match its note type),
// generating cards for templates that now render, and touches the note if
// anything changed. Cards whose template no longer renders are kept, as
// Anki keeps them until "Empty Cards".
func (c *Collection) SetNoteFields(n *Note, fields []string) {
	if slices.Equal(n.Fields, fields) {
		return
	}
	c.setFields(n, fields)
	c.touchNote(n)
	c.generateCards(n, c.models[n.ModelID], 0)
}

// SetNoteTags canonicalises tags, registers them and stores them on the
// note, touching it if they changed.
func (c *Collection) SetNoteTags(n *Note, tags []string) {
	tags = c.CanonicalTags(tags)
	if slices.Equal(n.Tags, tags) {
		return
	}
	c.saveNote(n, true)
	n.Tags = tags
	c.touchNote(n)
}

// ChangeNoteModel moves a note to note type m with the given fields (len
// must match m), as updateNoteModel does: existing cards are kept with
// their ords, and cards are generated for m's templates that render.
func (c *Collection) ChangeNoteModel(n *Note, m *Model, fields []string) {
	n.ModelID = m.ID
	c.setFields(n, fields)
	c.touchNote(n)
	c.generateCards(n, m, 0)
}

func (c *Collection) touchNote(n *Note) {
	c.saveNote(n, true)
	n.Mod, n.Usn = c.nowSecs(), -1
}

// guidChars is the alphabet of Anki's base91 GUIDs.
const guidChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&()*+,-./:;<=>?@[]^_`{|}~"

// newGUID returns a new random note GUID (base91 of a 64-bit number).
func (c *Collection) newGUID() string {
	v := c.rng.Uint64()
	var b [10]byte // 91^10 > 2^64
	n := 0
	for v > 0 || n == 0 {
		b[n] = guidChars[v%uint64(len(guidChars))]
		n++
		v /= uint64(len(guidChars))
	}
	return string(b[:n])
}

// PyListRepr is Python's str() of a list of strings, as addNotes reports
// its errors: "['a', 'b']".
func PyListRepr(items []string) string {
	parts := make([]string, len(items))
	for i, s := range items {
		parts[i] = pyRepr(s)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// insertByID inserts x (whose ID is id) into list, which is sorted by key;
// appending is the common case, as new IDs increase.
func insertByID[T any](list []T, x T, id int64, key func(T) int64) []T {
	k := len(list)
	if k == 0 || key(list[k-1]) < id {
		return append(list, x)
	}
	i := sort.Search(k, func(i int) bool { return key(list[i]) > id })
	return slices.Insert(list, i, x)
}
