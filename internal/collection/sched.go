package collection

import (
	"fmt"

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
// caps it). It writes the review-log row, stamps the card, and for an
// answer that makes the card a leech tags its note "leech" (the card is
// suspended too when the options say so). A card in a filtered deck goes
// back to its home deck first. An ease outside 1-4 returns an error
// wrapping sched.ErrInvalidEase and changes nothing.
func (c *Collection) AnswerCard(card *Card, ease int, timeTakenMs int) error {
	conf := c.cardConfig(card)
	before := *card
	if card.OriginalDeckID != 0 {
		before.returnHome()
	}
	next, l, err := sched.Answer(schedCard(&before), SchedConfig(conf), ease, c.Now(), c.Today(), c.DayCutoff())
	if err != nil {
		return fmt.Errorf("answering card %d: %w", card.ID, err)
	}
	if card.OriginalDeckID != 0 {
		card.returnHome()
	}
	card.setSched(next)
	taken := min(max(timeTakenMs, 0), conf.MaxTaken*1000)
	c.addSchedLog(card, l, taken)
	c.TouchCard(card)
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
