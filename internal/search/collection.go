// Package search implements Anki's search language: a parser that turns a
// query string into a tree, and an evaluator that runs a compiled query over a
// collection seen through the small interfaces in this file.
//
// The package knows nothing about the fake server or the client; the fake's
// collection implements these interfaces so that every query-taking action
// (findNotes, findCards, notesInfo by query, guiBrowse) goes through one
// evaluator.
package search

import "time"

// Note is the evaluator's view of one note.
type Note interface {
	// NoteID is the note's ID (a millisecond timestamp of its creation).
	NoteID() int64
	// NoteModelID is the ID of the note's note type.
	NoteModelID() int64
	// NoteFields returns the raw HTML field values in field order. The
	// evaluator must not modify the slice.
	NoteFields() []string
	// NoteTags returns the note's canonical tags.
	NoteTags() []string
	// NoteMod is the time of the note's last edit, in epoch seconds.
	NoteMod() int64
}

// Card is the evaluator's view of one card.
type Card interface {
	CardID() int64 // a millisecond timestamp of its creation
	CardNote() Note
	CardDeckID() int64
	// CardOriginalDeckID is the home deck of a card in a filtered deck, 0
	// otherwise.
	CardOriginalDeckID() int64
	CardOrd() int          // template ordinal (cloze number - 1 for cloze types)
	CardType() int         // 0 new, 1 learning, 2 review, 3 relearning
	CardQueue() int        // 0 new, 1 learn, 2 review, 3 day-learn, -1 suspended, -2 buried sibling, -3 buried manually
	CardDue() int64        // new: position; review/day-learn: day number; learn: epoch seconds
	CardInterval() int     // days (negative = seconds, as in the review log)
	CardFactor() int       // ease factor in permille, 2500 = 250%
	CardReps() int         // number of reviews
	CardLapses() int       // number of lapses
	CardFlags() int        // 0..7
	CardReviews() []Review // the card's review log, oldest first
}

// Review is one row of a card's review log, as far as searching needs it.
type Review struct {
	ID   int64 // epoch milliseconds of the answer
	Ease int   // 1..4, 0 for manual rescheduling
	Type int   // 0 learn, 1 review, 2 relearn, 3 filtered, 4 manual
}

// Deck is a deck as searching needs it.
type Deck struct {
	ID       int64
	Name     string // full name with "::" separators
	Filtered bool
	// Preset is the name of the deck options preset (deck config) the deck
	// uses, for "preset:"; empty for filtered decks.
	Preset string
}

// Model is a note type as searching needs it.
type Model struct {
	ID        int64
	Name      string
	Fields    []string // field names in order
	Templates []string // template names in order
	Cloze     bool
	// SortField is the index of the sort field in Fields. Anki also matches
	// plain text against the sort field with HTML stripped, so text split
	// by formatting is found there.
	SortField int
}

// Collection is the evaluator's view of the whole collection: the clock, and
// the decks and note types that names in a query resolve against.
type Collection interface {
	// Now is the collection's clock.
	Now() time.Time
	// Today is the scheduler's day number: days elapsed since the
	// collection was created, counted at the collection's day boundary.
	Today() int
	// DayCutoff is the time at which the current scheduler day ends.
	DayCutoff() time.Time
	// CurrentDeckID is the deck that "deck:current" names.
	CurrentDeckID() int64
	Decks() []Deck
	Models() []Model
	// SavedSearch returns the query saved under name. The evaluator does
	// not use it: in Anki's search language "preset:" names a deck options
	// preset (see Deck.Preset), not a saved search.
	SavedSearch(name string) (string, bool)
}
