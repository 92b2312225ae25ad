package collection

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"

	"github.com/ankiconnect-go/ankiconnect/internal/sched"
)

// This file applies the pure scheduler in internal/sched to the
// collection's cards: answering, the answer-button labels, suspending,
// due dates, forgetting, relearning and ease factors.

// SchedConfig converts an option group to the scheduler's options. Missing
// list entries take Anki's defaults (graduating interval 1 day, easy
// interval 4 days).
func SchedConfig(conf *DeckConfig) sched.Config {
	return sched.Config{
		LearnSteps:     conf.New.Delays,
		GraduatingIvl:  intAt(conf.New.Ints, 0, 1),
		EasyIvl:        intAt(conf.New.Ints, 1, 4),
		InitialEase:    conf.New.InitialFactor,
		HardFactor:     conf.Rev.HardFactor,
		EasyBonus:      conf.Rev.Ease4,
		IvlModifier:    conf.Rev.IvlFct,
		MaxIvl:         conf.Rev.MaxIvl,
		RelearnSteps:   conf.Lapse.Delays,
		LapseMult:      conf.Lapse.Mult,
		MinLapseIvl:    conf.Lapse.MinInt,
		LeechThreshold: conf.Lapse.LeechFails,
		LeechSuspend:   conf.Lapse.LeechAction == 0,
	}
}

// intAt returns s[i], or def when s is too short.
func intAt(s []int, i, def int) int {
	if i < len(s) {
		return s[i]
	}
	return def
}

// cardConfig is the option group of the card's home deck.
func (c *Collection) cardConfig(card *Card) *DeckConfig {
	return c.ConfigForDeck(c.DeckOrDefault(card.HomeDeckID()))
}

// schedCard is the card's scheduling fields for internal/sched.
func schedCard(card *Card) sched.Card {
	return sched.Card{
		Type: card.Type, Queue: card.Queue, Due: card.Due, Ivl: card.Ivl, Factor: card.Factor,
		Reps: card.Reps, Lapses: card.Lapses, Left: card.Left,
	}
}

// setSched writes the scheduler's fields back to the card.
func (card *Card) setSched(s sched.Card) {
	card.Type, card.Queue, card.Due, card.Ivl, card.Factor = s.Type, s.Queue, s.Due, s.Ivl, s.Factor
	card.Reps, card.Lapses, card.Left = s.Reps, s.Lapses, s.Left
}

// addSchedLog writes a review-log row for the card at the collection's
// clock: its ID is the clock in milliseconds, bumped past the last row so
// IDs stay unique.
func (c *Collection) addSchedLog(card *Card, l sched.Log, takenMs int) *ReviewLog {
	id := c.Now().UnixMilli()
	if n := len(c.revlog); n > 0 && id <= c.revlog[n-1].ID {
		id = c.revlog[n-1].ID + 1
	}
	return c.AddReview(ReviewLog{
		ID: id, CardID: card.ID, Usn: -1, Ease: l.Ease, Ivl: l.Ivl, LastIvl: l.LastIvl,
		Factor: l.Factor, Time: takenMs, Type: l.Type,
	})
}

// AnswerCard answers the card with ease 1 (Again) to 4 (Easy) as Anki's
// scheduler does with the options of the card's home deck, having taken
// timeTakenMs to answer (capped at the options' maxTaken seconds, as Anki
// caps it). It writes the review-log row, stamps the card, counts the
// answer in the studied-today counters of the deck the card was in and the
// decks above it (see countStudied; they use up the daily limits of
// DueTreeWith), and for an answer that makes the card a leech tags its
// note "leech" (the card is suspended too when the options say so). A card in a filtered deck goes
// back to its home deck first; a new card's position is remembered for
// ForgetCards. An ease outside 1-4 returns an error
// wrapping sched.ErrInvalidEase and changes nothing.
func (c *Collection) AnswerCard(card *Card, ease int, timeTakenMs int) error {
	conf := c.cardConfig(card)
	c.saveCard(card, true)
	before := *card
	fromDeck, fromQueue := card.DeckID, card.Queue
	if card.OriginalDeckID != 0 {
		before.returnHome()
	}
	next, l, err := sched.Answer(schedCard(&before), SchedConfig(conf), ease, c.Now(), c.Today(), c.DayCutoff())
	if err != nil {
		return fmt.Errorf("answering card %d: %w", card.ID, err)
	}
	wasNew := card.Type == CardTypeNew
	var pos int64
	if wasNew { // only a new card's position is kept, and it needs no parsing of Data
		pos, _ = card.lastPosition()
	}
	if card.OriginalDeckID != 0 {
		card.returnHome()
	}
	card.setSched(next)
	if wasNew {
		card.setOriginalPosition(&pos)
	}
	taken := min(max(timeTakenMs, 0), conf.MaxTaken*1000)
	c.addSchedLog(card, l, taken)
	c.TouchCard(card)
	c.countStudied(fromDeck, fromQueue, taken)
	if l.Leech {
		c.AddTags([]int64{card.NoteID}, "leech")
	}
	return nil
}

// NextReviews returns cardsInfo's nextReviews: the Again, Hard, Good and
// Easy button labels for the card, as Anki shows them ("<1m", "<6m",
// "<10m", "4d" for a new card with the default options). A card whose
// fields or options the scheduler rejects gets four empty labels.
func (c *Collection) NextReviews(card *Card) []string {
	labels, err := sched.NextReviews(schedCard(card), SchedConfig(c.cardConfig(card)), c.Now(), c.Today(), c.DayCutoff())
	if err != nil {
		return make([]string, 4)
	}
	return labels[:]
}

// originalPosition is the new-card position Anki remembers in a card's data
// ("pos") once the card leaves the new queue, for Forget to restore.
func (card *Card) originalPosition() (int64, bool) {
	var data struct {
		Pos *int64 `json:"pos"`
	}
	if card.Data == "" || json.Unmarshal([]byte(card.Data), &data) != nil || data.Pos == nil {
		return 0, false
	}
	return *data.Pos, true
}

// setOriginalPosition stores (pos non-nil) or clears the remembered
// new-card position, keeping the data's other keys.
func (card *Card) setOriginalPosition(pos *int64) {
	data := map[string]json.RawMessage{}
	if card.Data != "" && json.Unmarshal([]byte(card.Data), &data) != nil {
		data = map[string]json.RawMessage{}
	}
	if pos == nil {
		delete(data, "pos")
	} else {
		data["pos"] = json.RawMessage(strconv.FormatInt(*pos, 10))
	}
	if len(data) == 0 {
		card.Data = ""
		return
	}
	b, _ := json.Marshal(data)
	card.Data = string(b)
}

// lastPosition is Anki's last_position: a new card's current position, or
// the one remembered for a card that left the new queue.
func (card *Card) lastPosition() (int64, bool) {
	if card.Type == CardTypeNew {
		if card.OriginalDeckID != 0 && card.ODue != 0 {
			return card.ODue, true
		}
		return card.Due, true
	}
	return card.originalPosition()
}

// SuspendCards suspends the cards (queue -1), stamping those that change.
func (c *Collection) SuspendCards(cards []*Card) {
	for _, card := range cards {
		if card.Queue != QueueSuspended {
			c.saveCard(card, true)
			card.Queue = QueueSuspended
			c.TouchCard(card)
		}
	}
}

// UnsuspendCards restores the queue of suspended (or buried) cards from
// their type, as Anki does: new cards to the new queue, review cards to
// the review queue, learning cards to the learning queue when due is an
// epoch second and to the day-learning queue when it is a day number.
// Cards in other queues are left alone.
func (c *Collection) UnsuspendCards(cards []*Card) {
	for _, card := range cards {
		switch card.Queue {
		case QueueSuspended, QueueSiblingBuried, QueueManualBuried:
			c.saveCard(card, true)
			card.Queue = queueFromType(card)
			c.TouchCard(card)
		}
	}
}

// UnburyIfDayRolledOver is Anki's check at the first access of a new
// scheduler day: when the day is past the one buried cards were last
// restored on (or more than a week before it, as after a clock change),
// every buried card (queues -2 and -3) goes back to the queue its type
// gives, without being stamped, and today is remembered. It reports whether
// it ran. The fake's server calls it before each action and each Do.
func (c *Collection) UnburyIfDayRolledOver() bool {
	today := c.Today()
	if c.lastUnburied >= today && today+7 >= c.lastUnburied {
		return false
	}
	for _, card := range c.liveCards() {
		if card.Queue == QueueSiblingBuried || card.Queue == QueueManualBuried {
			card.Queue = queueFromType(card)
		}
	}
	c.lastUnburied = today
	return true
}

// queueFromType is Anki's restore_queue_from_type: a learning card's queue
// follows its due (in a filtered deck, its original due).
func queueFromType(card *Card) int {
	switch card.Type {
	case CardTypeLearn, CardTypeRelearn:
		due := card.Due
		if card.ODue > 0 {
			due = card.ODue
		}
		if due > 1_000_000_000 {
			return QueueLearn
		}
		return QueueDayLearn
	case CardTypeReview:
		return QueueReview
	}
	return QueueNew
}

// SetDueDate makes the cards review cards due on a day given in Anki's
// set-due-date syntax ("0" today, "1!" tomorrow setting the interval to 1,
// "3-7" a day from 3 to 7 days from today), with a manual review-log row
// each; see sched.SetDueDate. Within a range each card's day is picked
// deterministically from its ID (Anki picks at random). It returns the
// parse error for bad text before changing anything.
func (c *Collection) SetDueDate(cards []*Card, days string) error {
	lo, hi, setIvl, err := sched.ParseDueDays(days)
	if err != nil {
		return err
	}
	today := c.Today()
	for _, card := range cards {
		c.saveCard(card, true)
		pos, hasPos := card.lastPosition()
		if card.OriginalDeckID != 0 {
			card.returnHome()
		}
		next, l, err := sched.SetDueDate(schedCard(card), SchedConfig(c.cardConfig(card)), sched.DueDay(lo, hi, card.ID), setIvl, today)
		if err != nil {
			return fmt.Errorf("setting the due date of card %d: %w", card.ID, err)
		}
		card.setSched(next)
		if hasPos {
			card.setOriginalPosition(&pos)
		}
		c.addSchedLog(card, l, 0)
		c.TouchCard(card)
	}
	return nil
}

// ForgetCards makes the cards new again, as Anki's schedule_cards_as_new
// with a manual review-log row each: at their last new-card position when
// restorePosition and they have one (a new card keeps its place), else at
// the end of the new queue; review and lapse counts are zeroed when
// resetCounts. Cards are processed by ascending ID, each once.
func (c *Collection) ForgetCards(cards []*Card, restorePosition, resetCounts bool) {
	for _, card := range uniqueByID(cards) {
		c.saveCard(card, true)
		pos, ok := card.lastPosition()
		if !restorePosition || !ok {
			pos = c.NextPosition()
		}
		if card.OriginalDeckID != 0 {
			card.returnHome()
		}
		next, l := sched.Forget(schedCard(card), pos, resetCounts)
		card.setSched(next)
		card.setOriginalPosition(nil)
		c.addSchedLog(card, l, 0)
		c.TouchCard(card)
	}
}

// uniqueByID returns the cards sorted by ID without repeats.
func uniqueByID(cards []*Card) []*Card {
	out := slices.Clone(cards)
	slices.SortFunc(out, func(a, b *Card) int { return cmp.Compare(a.ID, b.ID) })
	return slices.CompactFunc(out, func(a, b *Card) bool { return a.ID == b.ID })
}

// RelearnCards is AnkiConnect's relearnCards: a raw database update of type
// to relearning and queue to learning, nothing else (mod is not stamped).
func (c *Collection) RelearnCards(cards []*Card) {
	for _, card := range cards {
		card.setSched(sched.Relearn(schedCard(card)))
	}
}

// SetEaseFactor sets the card's ease factor (permille) and stamps it.
func (c *Collection) SetEaseFactor(card *Card, factor int) {
	c.saveCard(card, true)
	card.Factor = factor
	c.TouchCard(card)
}

// DueMatcher returns a predicate telling whether a card matches "is:due"
// at the collection's clock: a review or day-learning card due today or
// earlier, or a learning card due within the learn-ahead limit.
func (c *Collection) DueMatcher() func(*Card) bool {
	match, err := c.compileQuery("is:due")
	if err != nil { // unreachable: the query is fixed
		return func(*Card) bool { return false }
	}
	return match
}
