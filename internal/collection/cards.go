package collection

import (
	"slices"
	"sort"
)

// Card types (Card.Type) and queues (Card.Queue), as Anki numbers them.
const (
	CardTypeNew     = 0
	CardTypeLearn   = 1
	CardTypeReview  = 2
	CardTypeRelearn = 3

	QueueNew           = 0
	QueueLearn         = 1
	QueueReview        = 2
	QueueDayLearn      = 3
	QueueSuspended     = -1
	QueueSiblingBuried = -2
	QueueManualBuried  = -3
)

// Card is one card with Anki's scheduling columns. The scheduling actions
// (part 2) change these fields directly and stamp them with TouchCard.
type Card struct {
	ID     int64 `json:"id"`
	NoteID int64 `json:"nid"`
	DeckID int64 `json:"did"`
	Ord    int   `json:"ord"` // template ordinal; cloze number - 1 for cloze types
	Mod    int64 `json:"mod"` // epoch seconds
	Usn    int   `json:"usn"`
	Type   int   `json:"type"`
	Queue  int   `json:"queue"`
	// Due is the new-card position for new cards, a day number for reviews
	// and day-learning cards, and an epoch second for learning cards.
	Due            int64  `json:"due"`
	Ivl            int    `json:"ivl"`    // days
	Factor         int    `json:"factor"` // ease in permille (2500 = 250%), 0 for new cards
	Reps           int    `json:"reps"`
	Lapses         int    `json:"lapses"`
	Left           int    `json:"left"` // learning steps left
	ODue           int64  `json:"odue"` // original due while in a filtered deck
	OriginalDeckID int64  `json:"odid"` // home deck while in a filtered deck, else 0
	Flags          int    `json:"flags"`
	Data           string `json:"data"`

	note    *Note
	reviews []*ReviewLog // by ID, oldest first
	deleted bool
}

// ReviewLog is one row of the review log.
type ReviewLog struct {
	ID      int64 `json:"id"` // epoch milliseconds of the answer
	CardID  int64 `json:"cid"`
	Usn     int   `json:"usn"`
	Ease    int   `json:"ease"`    // 1-4, 0 for manual rescheduling
	Ivl     int   `json:"ivl"`     // new interval: days, or negative seconds
	LastIvl int   `json:"lastIvl"` // previous interval, same units
	Factor  int   `json:"factor"`
	Time    int   `json:"time"` // milliseconds spent answering
	Type    int   `json:"type"` // 0 learn, 1 review, 2 relearn, 3 filtered, 4 manual
}

// Note returns the card's note.
func (card *Card) Note() *Note { return card.note }

// Reviews returns the card's review log rows, oldest first. The slice
// belongs to the card.
func (card *Card) Reviews() []*ReviewLog { return card.reviews }

// returnHome takes a card out of its filtered deck.
func (card *Card) returnHome() {
	card.DeckID, card.OriginalDeckID = card.OriginalDeckID, 0
	if card.ODue != 0 {
		card.Due, card.ODue = card.ODue, 0
	}
}

// HomeDeckID is the card's own deck: its original deck while it is in a
// filtered deck.
func (card *Card) HomeDeckID() int64 {
	if card.OriginalDeckID != 0 {
		return card.OriginalDeckID
	}
	return card.DeckID
}

func (card *Card) touch(now int64) { card.Mod, card.Usn = now, -1 }

// TouchCard stamps a card's modification time after a change.
func (c *Collection) TouchCard(card *Card) {
	c.search.changed() // after a raw edit, such as setSpecificValueOfCard's
	card.touch(c.nowSecs())
}

// CardByID returns the card with the given ID, or nil.
func (c *Collection) CardByID(id int64) *Card { return c.cards[id] }

// CardCount is the number of cards.
func (c *Collection) CardCount() int { return len(c.cards) }

// AllCards returns every card by ascending ID. The slice is the
// collection's; callers must not modify it.
func (c *Collection) AllCards() []*Card { return c.liveCards() }

// liveCards returns cardList after dropping deleted cards.
func (c *Collection) liveCards() []*Card {
	if c.cardsGone > 0 {
		c.cardList = slices.DeleteFunc(c.cardList, func(card *Card) bool { return card.deleted })
		c.cardsGone = 0
	}
	return c.cardList
}

// putCard stores card (linked to its note, with an ID).
func (c *Collection) putCard(card *Card) {
	c.saveNote(card.note, true)
	c.saveCard(card, false)
	c.cards[card.ID] = card
	c.cardList = insertByID(c.cardList, card, card.ID, func(o *Card) int64 { return o.ID })
	n := card.note
	i := sort.Search(len(n.cards), func(i int) bool { return n.cards[i].Ord > card.Ord })
	n.cards = slices.Insert(n.cards, i, card)
	c.seenID(card.ID)
}

// dropCard removes card from the collection's indexes (not from its note).
func (c *Collection) dropCard(card *Card) {
	c.saveCard(card, true)
	delete(c.cards, card.ID)
	card.deleted = true
	c.cardsGone++
}

// DeleteCards removes cards, and the notes left without cards; unknown IDs
// are ignored.
func (c *Collection) DeleteCards(ids []int64) {
	for _, id := range ids {
		card := c.cards[id]
		if card == nil {
			continue
		}
		c.dropCard(card)
		n := card.note
		c.saveNote(n, true)
		n.cards = slices.DeleteFunc(n.cards, func(o *Card) bool { return o == card })
		if len(n.cards) == 0 {
			c.dropNote(n)
		}
	}
}

// generateCards adds the cards n should have under note type m and does not
// have yet: one per template whose front renders non-empty, or one per cloze
// number, and at least card 0 for a note without cards. New cards go to the
// template's deck override if it names a normal deck, else to deck did, else
// (did 0) to the home deck of the note's first card. A note's new cards share
// one new-card position.
func (c *Collection) generateCards(n *Note, m *Model, did int64) {
	var buf [8]int // the ords of a note type with up to 8 templates or clozes
	ords := c.cardOrdinals(buf[:0], n, m)
	if len(ords) == 0 && len(n.cards) == 0 {
		ords = append(ords, 0)
	}
	var pos int64
	for _, card := range n.cards {
		if card.Type == CardTypeNew && pos == 0 {
			pos = card.Due
		}
	}
	if did == 0 {
		did = DefaultDeckID
		if len(n.cards) > 0 {
			did = n.cards[0].HomeDeckID()
		}
	}
	now := c.nowSecs()
	for _, ord := range ords {
		if hasCardOrd(n, ord) {
			continue
		}
		if pos == 0 {
			pos = c.NextPosition()
		}
		card := &Card{
			ID: c.NewID(), NoteID: n.ID, DeckID: c.cardDeck(m, ord, did), Ord: ord,
			Mod: now, Usn: -1, Type: CardTypeNew, Queue: QueueNew, Due: pos, note: n,
		}
		c.putCard(card)
	}
}

// hasCardOrd reports whether n has a card of ordinal ord (its cards are in
// ascending ord, and a note has few).
func hasCardOrd(n *Note, ord int) bool {
	for _, card := range n.cards {
		if card.Ord == ord {
			return true
		}
	}
	return false
}

// cardDeck picks the deck of a new card: the template's override when it
// names an existing normal deck, else did, and Default instead of a filtered
// deck.
func (c *Collection) cardDeck(m *Model, ord int, did int64) int64 {
	t := m.Templates[0]
	if !m.IsCloze() && ord < len(m.Templates) {
		t = m.Templates[ord]
	}
	if t.DeckID != nil {
		if d := c.decks[*t.DeckID]; d != nil && !d.Filtered {
			return d.ID
		}
	}
	if d := c.decks[did]; d == nil || d.Filtered {
		return DefaultDeckID
	}
	return did
}

// AddReview files a review log row by ID, after any row of the same ID,
// and links it to its card, so that the log and each card's rows stay
// ordered by ID whatever order rows come in (a row newer than the rest is
// simply appended).
func (c *Collection) AddReview(r ReviewLog) *ReviewLog {
	row := &r
	c.savedReview(row)
	if card := c.cards[r.CardID]; card != nil {
		c.saveCard(card, true)
	}
	c.revlog = insertReview(c.revlog, row)
	if card := c.cards[r.CardID]; card != nil {
		card.reviews = insertReview(card.reviews, row)
	}
	return row
}

// Reviews returns the whole review log, ordered by ID. The slice is the
// collection's; callers must not modify it.
func (c *Collection) Reviews() []*ReviewLog { return c.revlog }
