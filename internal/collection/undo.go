package collection

import (
	"cmp"
	"maps"
	"slices"
)

// This file is Anki's undo queue for the collection changes the fake
// models (rslib undo/mod.rs): a caller brackets one operation with
// BeginUndo and EndUndo; while a step is open, every change to a card, a
// note, a deck, the tag registry, the review log and the new-card position
// records what the object was before (the first time it changes in the
// step). Undo puts all of it back as it was, newest step first.
//
// As in Anki: at most undoLimit steps are kept (the oldest fall off), a
// step that changed nothing is not kept, and DiscardUndo (an operation that
// cannot be undone) empties the queue. Anki's redo queue is not modelled:
// AnkiConnect has no redo action.
//
// Outside a step the hooks do nothing, so changes made without BeginUndo
// (seeding, fixtures) cost one nil check each.

// undoLimit is Anki's UNDO_LIMIT.
const undoLimit = 30

// undoStep is one undoable operation's before-images.
type undoStep struct {
	op      string
	seq     int
	cards   journal[*Card, Card] // images: reviews cloned
	notes   journal[*Note, Note] // images: fields, tags and cards cloned
	decks   journal[*Deck, Deck] // images: Extra cloned
	revlog  []*ReviewLog         // rows added during the step
	tags    map[string]string    // the registry before the step; nil if untouched
	nextPos int64
	// order holds the *Card, *Note and *Deck saved, in the order first
	// saved; each journal lists its own kind in the same order.
	order []any

	// Room for a small step (adding a note with its cards), so that it
	// costs one allocation.
	cardBuf  [2]journalEntry[*Card]
	noteBuf  [1]journalEntry[*Note]
	orderBuf [3]any
}

// journalIndexFrom is the number of entries past which a journal keeps a
// map index; below it, a linear search is cheaper than a map.
const journalIndexFrom = 16

// journal is an undo step's before-images of one kind of object, in the
// order first saved. An object added during the step has no image:
// undoing drops it.
type journal[K comparable, V any] struct {
	list  []journalEntry[K]
	imgs  []V            // the images of the objects that existed
	index map[K]struct{} // the keys of list, once it is long
}

type journalEntry[K comparable] struct {
	key K
	img int32 // index in imgs, -1 for an object added during the step
}

// image returns the i-th entry's image, nil for an object added during
// the step.
func (j *journal[K, V]) image(i int) *V {
	if at := j.list[i].img; at >= 0 {
		return &j.imgs[at]
	}
	return nil
}

// has reports whether key has an image.
func (j *journal[K, V]) has(key K) bool {
	if j.index != nil {
		_, ok := j.index[key]
		return ok
	}
	for i := range j.list {
		if j.list[i].key == key {
			return true
		}
	}
	return false
}

// add appends key's entry, starting the list in buf (room in the step),
// and returns where its image goes (nil when it did not exist).
func (j *journal[K, V]) add(buf []journalEntry[K], key K, existed bool) *V {
	if j.list == nil {
		j.list = buf[:0]
	}
	var img *V
	at := int32(-1)
	if existed {
		at = int32(len(j.imgs))
		var zero V
		j.imgs = append(j.imgs, zero)
		img = &j.imgs[at]
	}
	j.list = append(j.list, journalEntry[K]{key, at})
	switch {
	case j.index != nil:
		j.index[key] = struct{}{}
	case len(j.list) > journalIndexFrom:
		j.index = make(map[K]struct{}, 2*len(j.list))
		for i := range j.list {
			j.index[j.list[i].key] = struct{}{}
		}
	}
	return img
}

// saved records obj in the step's order.
func (s *undoStep) saved(obj any) {
	if s.order == nil {
		s.order = s.orderBuf[:0]
	}
	s.order = append(s.order, obj)
}

// undoState is the collection's undo queue.
type undoState struct {
	steps []*undoStep // oldest first
	open  *undoStep
	seq   int
	spare *undoStep // a step no longer queued, for BeginUndo to reuse
}

// BeginUndo opens an undo step for the operation named op (Anki's name,
// "Answer Card"), closing any step still open.
func (c *Collection) BeginUndo(op string) {
	c.EndUndo()
	c.undo.seq++
	s := c.undo.spare
	if s == nil {
		s = new(undoStep)
	}
	c.undo.spare = nil
	*s = undoStep{op: op, seq: c.undo.seq, nextPos: c.nextPos}
	c.undo.open = s
}

// EndUndo closes the open step and queues it if it changed anything.
func (c *Collection) EndUndo() {
	s := c.undo.open
	if s == nil {
		return
	}
	c.undo.open = nil
	if len(s.order) == 0 && len(s.revlog) == 0 && s.tags == nil && s.nextPos == c.nextPos {
		c.undo.spare = s
		return
	}
	if len(c.undo.steps) >= undoLimit {
		// The oldest fall off the front (resliced, not moved: append
		// moves the queue to a new array when it runs out of room).
		drop := len(c.undo.steps) - undoLimit + 1
		c.undo.spare = c.undo.steps[0] // nothing else holds it
		clear(c.undo.steps[:drop])
		c.undo.steps = c.undo.steps[drop:]
	}
	c.undo.steps = append(c.undo.steps, s)
}

// DiscardUndo empties the undo queue (and drops an open step), as an
// operation Anki cannot undo does.
func (c *Collection) DiscardUndo() {
	c.undo.steps, c.undo.open = nil, nil
}

// UndoMark returns a mark for DropUndoSince: the steps begun after it.
func (c *Collection) UndoMark() int { return c.undo.seq }

// DropUndoSince forgets, without reverting them, the steps begun after
// mark (the open one included): for an operation that rolled itself back.
func (c *Collection) DropUndoSince(mark int) {
	if c.undo.open != nil && c.undo.open.seq > mark {
		c.undo.open = nil
	}
	c.undo.steps = slices.DeleteFunc(c.undo.steps, func(s *undoStep) bool { return s.seq > mark })
}

// UndoName returns the name of the operation Undo would revert, "" when
// the queue is empty.
func (c *Collection) UndoName() string {
	if n := len(c.undo.steps); n > 0 {
		return c.undo.steps[n-1].op
	}
	return ""
}

// Undo reverts the latest queued step whole and returns its name; ok is
// false when nothing is left to undo. A step still open is closed first.
func (c *Collection) Undo() (op string, ok bool) {
	c.EndUndo()
	n := len(c.undo.steps)
	if n == 0 {
		return "", false
	}
	s := c.undo.steps[n-1]
	c.undo.steps = c.undo.steps[:n-1]
	c.revert(s)
	return s.op, true
}

// revert puts back what s recorded.
func (c *Collection) revert(s *undoStep) {
	c.search.changed()
	if len(s.revlog) > 0 {
		added := map[*ReviewLog]bool{}
		for _, r := range s.revlog {
			added[r] = true
		}
		c.revlog = slices.DeleteFunc(c.revlog, func(r *ReviewLog) bool { return added[r] })
		if len(c.revlog) == 0 {
			c.revlog = nil // as a collection that never had a review
		}
	}
	// Compact first, so restored cards and notes are inserted once.
	c.liveCards()
	c.liveNotes()
	// Newest first: each journal's entries are its kind's in s.order.
	cards, notes, decks := len(s.cards.list), len(s.notes.list), len(s.decks.list)
	for _, obj := range slices.Backward(s.order) {
		switch o := obj.(type) {
		case *Card:
			cards--
			c.revertCard(o, s.cards.image(cards))
		case *Note:
			notes--
			c.revertNote(o, s.notes.image(notes))
		case *Deck:
			decks--
			c.revertDeck(o, s.decks.image(decks))
		}
	}
	if s.tags != nil {
		c.tags = s.tags
	}
	c.nextPos = s.nextPos
}

// revertCard puts card back as img, or drops it when it was added (img
// nil); revertNote and revertDeck do the same for notes and decks.
func (c *Collection) revertCard(card *Card, img *Card) {
	if img == nil {
		if !card.deleted {
			c.dropCard(card)
		}
		return
	}
	wasDeleted := card.deleted
	*card = *img
	if wasDeleted {
		c.cards[card.ID] = card
		c.cardList = insertByID(c.cardList, card, card.ID, func(o *Card) int64 { return o.ID })
	}
}

func (c *Collection) revertNote(n *Note, img *Note) {
	if img == nil {
		if !n.deleted {
			c.dropNote(n)
		}
		return
	}
	if !n.deleted {
		c.unindexNote(n)
	}
	*n = *img
	c.notes[n.ID] = n
	if _, listed := slices.BinarySearchFunc(c.noteList, n.ID, func(o *Note, id int64) int { return cmp.Compare(o.ID, id) }); !listed {
		c.noteList = insertByID(c.noteList, n, n.ID, func(o *Note) int64 { return o.ID })
	}
	c.indexNote(n)
}

func (c *Collection) revertDeck(d *Deck, img *Deck) {
	if img == nil {
		delete(c.decks, d.ID)
		if c.deckByName[foldName(d.Name)] == d {
			delete(c.deckByName, foldName(d.Name))
		}
		return
	}
	*d = *img
}

// The save hooks record an object's image the first time it changes in
// the open step; later changes keep the first image. An object added
// during the step (existed false) needs no image: undoing drops it.

// saveCard records card's state before a change (existed false: the card
// is being added).
func (c *Collection) saveCard(card *Card, existed bool) {
	c.search.changed()
	if s := c.undo.open; s != nil && !s.cards.has(card) {
		if img := s.cards.add(s.cardBuf[:], card, existed); img != nil {
			*img = *card
			img.reviews = slices.Clone(card.reviews)
		}
		s.saved(card)
	}
}

// saveNote records n's state before a change.
func (c *Collection) saveNote(n *Note, existed bool) {
	c.search.changed()
	if s := c.undo.open; s != nil && !s.notes.has(n) {
		if img := s.notes.add(s.noteBuf[:], n, existed); img != nil {
			*img = *n
			img.Fields = slices.Clone(n.Fields)
			img.Tags = slices.Clone(n.Tags)
			img.cards = slices.Clone(n.cards)
		}
		s.saved(n)
	}
}

// saveDeck records d's state before a change.
func (c *Collection) saveDeck(d *Deck, existed bool) {
	if s := c.undo.open; s != nil && !s.decks.has(d) {
		if img := s.decks.add(nil, d, existed); img != nil {
			*img = *d
			img.Extra = maps.Clone(d.Extra)
		}
		s.saved(d)
	}
}

// saveTags records the tag registry before a change.
func (c *Collection) saveTags() {
	if s := c.undo.open; s != nil && s.tags == nil {
		s.tags = maps.Clone(c.tags)
	}
}

// savedReview records a review-log row added during the step.
func (c *Collection) savedReview(r *ReviewLog) {
	if s := c.undo.open; s != nil {
		s.revlog = append(s.revlog, r)
	}
}
