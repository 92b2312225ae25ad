// Package collection is the fake AnkiConnect's in-memory Anki collection:
// decks, deck option groups, note types, notes, cards, tags, media and the
// review log, with Anki's semantics for names, IDs, tags, duplicates and card
// generation.
//
// A Collection is not safe for concurrent use; the wire server serialises
// every request behind one mutex, as Anki runs every request on its main
// thread. The package never speaks JSON-RPC: the handlers in internal/wire
// decode requests and call the methods here.
//
// Files: collection.go (state, IDs, clock), decks.go, deckconfig.go,
// models.go (types and the six stock note types), notes.go, cards.go,
// tags.go, dupes.go (duplicate and empty checks), search.go (the
// internal/search adapter), fixture.go (JSON load/save). models_edit.go and
// media.go are written separately on top of these types.
package collection

import (
	"math/rand/v2"
	"sort"
	"time"
)

// DefaultDeckID is the ID of the deck named "Default", which always exists.
const DefaultDeckID int64 = 1

// DefaultConfigID is the ID of the deck option group named "Default", which
// can never be removed.
const DefaultConfigID int64 = 1

// RolloverHour is the local hour at which the scheduler's day starts, as in a
// fresh Anki profile.
const RolloverHour = 4

// Collection is one Anki collection held in memory. Create it with New.
type Collection struct {
	clock   func() time.Time
	created time.Time
	lastID  int64      // the last ID handed out by NewID
	rng     *rand.Rand // field/template IDs and GUIDs, seeded from the creation time

	decks      map[int64]*Deck
	deckByName map[string]*Deck // folded full name -> deck
	configs    map[int64]*DeckConfig
	models     map[int64]*Model

	notes     map[int64]*Note
	noteList  []*Note // ascending ID; deleted notes are compacted lazily
	notesGone int     // deleted entries still in noteList
	byCsum    map[uint32][]*Note

	cards     map[int64]*Card
	cardList  []*Card // ascending ID; deleted cards are compacted lazily
	cardsGone int

	tags map[string]string // folded tag -> registered spelling

	media Media // the media folder (media.go)

	revlog []*ReviewLog // ordered by ID (AddReview)

	nextPos       int64 // the next new-card position
	currentDeckID int64
	savedSearches map[string]string
	lastUnburied  int // the scheduler day buried cards were last restored (sched.go)

	undo undoState // the undo queue (undo.go)

	fronts   map[int64]*frontCache // parsed template fronts by note type (fronts.go)
	csumMemo checksumMemo          // the last field checksummed (notes.go)

	search searchIndex // the search columns of FindNotes and FindCards (searchindex.go)
}

// New returns a fresh collection as Anki creates it: the Default deck (ID 1),
// the Default option group (ID 1) and the six stock note types. clock is the
// source of every timestamp and ID (time.Now if nil); created is the
// collection's creation time, from which the scheduler's day numbers count
// (clock() if zero).
func New(clock func() time.Time, created time.Time) *Collection {
	if clock == nil {
		clock = time.Now
	}
	if created.IsZero() {
		created = clock()
	}
	c := newEmpty(clock, created)
	c.lastUnburied = c.Today()
	c.putConfig(defaultDeckConfig(DefaultConfigID, "Default", c.nowSecs()))
	c.putDeck(&Deck{ID: DefaultDeckID, Name: "Default", ConfigID: DefaultConfigID, Mod: c.nowSecs(), Usn: -1})
	for _, m := range stockModels() {
		c.addModel(m)
	}
	return c
}

// newEmpty returns a collection with no decks, configs or models.
func newEmpty(clock func() time.Time, created time.Time) *Collection {
	seed := uint64(created.UnixNano())
	return &Collection{
		clock:         clock,
		created:       created,
		rng:           rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)),
		decks:         map[int64]*Deck{},
		deckByName:    map[string]*Deck{},
		configs:       map[int64]*DeckConfig{},
		models:        map[int64]*Model{},
		notes:         map[int64]*Note{},
		byCsum:        map[uint32][]*Note{},
		cards:         map[int64]*Card{},
		tags:          map[string]string{},
		nextPos:       1,
		currentDeckID: DefaultDeckID,
		savedSearches: map[string]string{},
	}
}

// Media returns the collection's media folder.
func (c *Collection) Media() *Media { return &c.media }

// Now is the collection's clock.
func (c *Collection) Now() time.Time { return c.clock() }

// Created is the collection's creation time.
func (c *Collection) Created() time.Time { return c.created }

// nowSecs is the clock in epoch seconds, the unit of every "mod" field.
func (c *Collection) nowSecs() int64 { return c.clock().Unix() }

// NewID returns a new object ID: the clock in epoch milliseconds, bumped past
// the last ID handed out so IDs are unique and strictly increasing even when
// the clock stands still or goes back.
func (c *Collection) NewID() int64 {
	id := c.clock().UnixMilli()
	if id <= c.lastID {
		id = c.lastID + 1
	}
	c.lastID = id
	return id
}

// seenID makes later NewID calls return IDs above id (used when objects come
// with their own IDs, such as from a fixture).
func (c *Collection) seenID(id int64) {
	if id > c.lastID {
		c.lastID = id
	}
}

// randomID returns a random signed 64-bit ID, as Anki gives fields and
// templates.
func (c *Collection) randomID() int64 { return int64(c.rng.Uint64()) }

// dayStart is the start of the scheduler day that contains the creation time.
func (c *Collection) dayStart() time.Time {
	t := c.created
	start := time.Date(t.Year(), t.Month(), t.Day(), RolloverHour, 0, 0, 0, t.Location())
	if t.Before(start) {
		start = start.AddDate(0, 0, -1)
	}
	return start
}

// Today is the scheduler's day number: whole days since the collection was
// created, with days starting at RolloverHour in the creation time's
// location.
func (c *Collection) Today() int {
	return int(c.clock().Sub(c.dayStart()) / (24 * time.Hour))
}

// DayCutoff is the time at which the current scheduler day ends.
func (c *Collection) DayCutoff() time.Time {
	return c.dayStart().Add(time.Duration(c.Today()+1) * 24 * time.Hour)
}

// CurrentDeckID is the deck that "deck:current" names (Default until changed).
func (c *Collection) CurrentDeckID() int64 { return c.currentDeckID }

// SetCurrentDeck makes id the current deck; an unknown id is ignored.
func (c *Collection) SetCurrentDeck(id int64) {
	if _, ok := c.decks[id]; ok {
		c.currentDeckID = id
	}
}

// SavedSearch returns the search saved under name, for "preset:".
func (c *Collection) SavedSearch(name string) (string, bool) {
	q, ok := c.savedSearches[name]
	return q, ok
}

// SetSavedSearch saves query under name (an empty query removes it).
func (c *Collection) SetSavedSearch(name, query string) {
	if query == "" {
		delete(c.savedSearches, name)
		return
	}
	c.savedSearches[name] = query
}

// NextPosition returns the next new-card position and advances the counter.
func (c *Collection) NextPosition() int64 {
	p := c.nextPos
	c.nextPos++
	return p
}

// sortedKeys returns m's keys in ascending order.
func sortedKeys[V any](m map[int64]V) []int64 {
	ids := make([]int64, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	return ids
}
