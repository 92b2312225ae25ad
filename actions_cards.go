package ankiconnect

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// Ease is the answer button pressed for a card.
type Ease int

// Answer buttons.
const (
	EaseAgain Ease = 1
	EaseHard  Ease = 2
	EaseGood  Ease = 3
	EaseEasy  Ease = 4
)

// String returns the button's name in Anki's words ("Again" ... "Easy").
func (e Ease) String() string { return enumString(e, "Ease", easeNames) }

var easeNames = map[Ease]string{EaseAgain: "Again", EaseHard: "Hard", EaseGood: "Good", EaseEasy: "Easy"}

// enumString returns the name of v, or "typ(v)" for a value without one.
func enumString[T ~int](v T, typ string, names map[T]string) string {
	if s, ok := names[v]; ok {
		return s
	}
	return typ + "(" + strconv.Itoa(int(v)) + ")"
}

// CardType is a card's learning stage (Anki's card "type").
type CardType int

// Card types.
const (
	CardTypeNew     CardType = 0
	CardTypeLearn   CardType = 1
	CardTypeReview  CardType = 2
	CardTypeRelearn CardType = 3
)

// String returns the type's name ("new", "learn", "review", "relearn").
func (t CardType) String() string { return enumString(t, "CardType", cardTypeNames) }

var cardTypeNames = map[CardType]string{
	CardTypeNew: "new", CardTypeLearn: "learn", CardTypeReview: "review", CardTypeRelearn: "relearn",
}

// CardQueue is the queue a card is scheduled in (Anki's card "queue"). It
// differs from CardType for suspended and buried cards, which keep their
// type.
type CardQueue int

// Card queues.
const (
	CardQueueManuallyBuried CardQueue = -3
	CardQueueSiblingBuried  CardQueue = -2
	CardQueueSuspended      CardQueue = -1
	CardQueueNew            CardQueue = 0
	CardQueueLearn          CardQueue = 1 // learning, due within the day (Due is an epoch second)
	CardQueueReview         CardQueue = 2
	CardQueueDayLearn       CardQueue = 3 // (re)learning with a step of a day or more (Due is a day number)
	CardQueuePreview        CardQueue = 4 // previewed in a filtered deck
)

// String returns the queue's name, such as "suspended" or "day-learn".
func (q CardQueue) String() string { return enumString(q, "CardQueue", cardQueueNames) }

var cardQueueNames = map[CardQueue]string{
	CardQueueManuallyBuried: "manually-buried", CardQueueSiblingBuried: "sibling-buried",
	CardQueueSuspended: "suspended", CardQueueNew: "new", CardQueueLearn: "learn", CardQueueReview: "review",
	CardQueueDayLearn: "day-learn", CardQueuePreview: "preview",
}

// Interval is a review interval as Anki's review log records it: positive
// values are days, negative values are seconds (learning steps).
type Interval int

// Duration returns the interval as a duration, counting a day as 24 hours.
func (i Interval) Duration() time.Duration {
	if i < 0 {
		return time.Duration(-i) * time.Second
	}
	return time.Duration(i) * 24 * time.Hour
}

// IntervalHistory is one card's intervals from its review log. It is empty
// for a new card (AnkiConnect sends 0 instead of a list).
type IntervalHistory []Interval

// UnmarshalJSON accepts a list, or the 0 (or null) sent for new cards.
func (h *IntervalHistory) UnmarshalJSON(b []byte) error {
	switch string(bytes.TrimSpace(b)) {
	case "0", "null":
		*h = nil
		return nil
	}
	return json.Unmarshal(b, (*[]Interval)(h))
}

// CardField is one field of a card's note: its HTML value and its position
// in the note type.
type CardField struct {
	Value string `json:"value"`
	Order int    `json:"order"`
}

// CardInfo describes a card, as CardsInfo returns it.
type CardInfo struct {
	CardID    CardID `json:"cardId"`
	Note      NoteID `json:"note"`
	DeckName  string `json:"deckName"`
	ModelName string `json:"modelName"`
	// Fields maps the note's field names to their values.
	Fields map[string]CardField `json:"fields"`
	// FieldOrder and Ord both hold the card's template ordinal (0 for the
	// first card type of the note type).
	FieldOrder int `json:"fieldOrder"`
	Ord        int `json:"ord"`
	// Question and Answer are the rendered card sides; AnkiConnect starts
	// each with the note type's CSS in a <style> element.
	Question string `json:"question"`
	Answer   string `json:"answer"`
	CSS      string `json:"css"`
	// Factor is the ease in permille (2500 is 250%), 0 for a new card.
	Factor int `json:"factor"`
	// Interval is the current interval in days.
	Interval int       `json:"interval"`
	Type     CardType  `json:"type"`
	Queue    CardQueue `json:"queue"`
	// Due is the position of a new card, the day number of a review card,
	// or the epoch second of a card in CardQueueLearn.
	Due    int64 `json:"due"`
	Reps   int   `json:"reps"`
	Lapses int   `json:"lapses"`
	// Left encodes the learning steps left (Anki's card "left").
	Left int `json:"left"`
	// Mod is the last modification time, in epoch seconds.
	Mod int64 `json:"mod"`
	// NextReviews are the intervals shown on the Again, Hard, Good and Easy
	// buttons, such as "<10m" or "4d". Older add-on versions omit them,
	// as does the add-on's documentation.
	NextReviews []string `json:"nextReviews"`
	// Flags is the card's flag (FlagNone, FlagRed, ... FlagPurple). Older
	// add-on versions omit it.
	Flags Flag `json:"flags"`
}

// CardInfos is the result of CardsInfo: one entry per requested card ID, in
// order, nil for an ID that matches no card (AnkiConnect sends {}).
type CardInfos []*CardInfo

// UnmarshalJSON decodes the list, turning {} and null entries into nil.
func (s *CardInfos) UnmarshalJSON(b []byte) error {
	return decodeKnown(b, (*[]*CardInfo)(s), knownCard)
}

func knownCard(c *CardInfo) bool { return c.CardID != 0 }

// CardModTime is a card's last modification time, in epoch seconds.
type CardModTime struct {
	CardID CardID `json:"cardId"`
	Mod    int64  `json:"mod"`
}

// CardModTimes is the result of CardsModTime: one entry per requested card
// ID, in order, nil for an ID that matches no card (AnkiConnect sends {}).
type CardModTimes []*CardModTime

// UnmarshalJSON decodes the list, turning {} and null entries into nil.
func (s *CardModTimes) UnmarshalJSON(b []byte) error {
	return decodeKnown(b, (*[]*CardModTime)(s), func(c *CardModTime) bool { return c.CardID != 0 })
}

// decodeKnown decodes a JSON list of objects into dst and sets to nil the
// entries that are not known: null, and {} (AnkiConnect's answer for an
// unknown ID), which decodes to a record without an ID.
func decodeKnown[T any](b []byte, dst *[]*T, known func(*T) bool) error {
	if err := json.Unmarshal(b, dst); err != nil {
		return err
	}
	dropUnknown(*dst, known)
	return nil
}

// dropUnknown sets to nil the entries of s that are not known.
func dropUnknown[T any](s []*T, known func(*T) bool) {
	for i, v := range s {
		if v != nil && !known(v) {
			s[i] = nil
		}
	}
}

// CardAnswer is one answer for AnswerCards.
type CardAnswer struct {
	CardID CardID `json:"cardId"`
	Ease   Ease   `json:"ease"`
}

// DueDays is a due date for SetDueDate in Anki's "Set Due Date" syntax: "0"
// is today, "1" tomorrow, "3-7" a random day 3 to 7 days from today, and a
// trailing "!" also sets the card's interval to the chosen number of days
// ("1!"). Anki rejects other text. DueIn and DueBetween build the common
// forms.
type DueDays string

// DueIn is a due date n days from today (0 is today).
func DueIn(n int) DueDays { return DueDays(strconv.Itoa(n)) }

// DueBetween is a due date chosen at random from min to max days from today.
func DueBetween(minDays, maxDays int) DueDays {
	return DueDays(strconv.Itoa(minDays) + "-" + strconv.Itoa(maxDays))
}

// SettingInterval returns d with "!": the card's interval is set to the
// chosen number of days as well.
func (d DueDays) SettingInterval() DueDays { return d + "!" }

// SetValueResult is the outcome of SetSpecificValueOfCard. Exactly one of
// Set, Refused or Message describes it.
type SetValueResult struct {
	// Set reports that every value was set and the card saved.
	Set bool
	// Refused reports that AnkiConnect rejected the arguments without
	// touching the card: keys and values of different lengths (or nil), or
	// a protected key (see Client.SetSpecificValueOfCard) without
	// warningCheck.
	Refused bool
	// Message is the error AnkiConnect caught while setting the values, such
	// as "Card was not found: 1"; the card was not saved.
	Message string
}

// UnmarshalJSON decodes the reply: false (refused), or a list whose entries
// are true or [false, "message"]. The add-on sends one entry however many
// keys were set; its documentation shows one per key, which is accepted too.
func (r *SetValueResult) UnmarshalJSON(b []byte) error {
	*r = SetValueResult{}
	switch string(bytes.TrimSpace(b)) {
	case "null":
		return nil
	case "false":
		r.Refused = true
		return nil
	}
	var entries []json.RawMessage
	if err := json.Unmarshal(b, &entries); err != nil {
		return err
	}
	if len(entries) == 0 {
		return errors.New("empty list")
	}
	for _, e := range entries {
		var ok bool
		if json.Unmarshal(e, &ok) == nil && ok {
			continue
		}
		var failure []json.RawMessage
		if err := json.Unmarshal(e, &failure); err != nil || len(failure) != 2 {
			return fmt.Errorf("unexpected entry %s", e)
		}
		return json.Unmarshal(failure[1], &r.Message)
	}
	r.Set = true
	return nil
}

type cardsParams struct {
	Cards []CardID `json:"cards"`
}

type cardParams struct {
	Card CardID `json:"card"`
}

type setEaseFactorsParams struct {
	Cards       []CardID `json:"cards"`
	EaseFactors []int    `json:"easeFactors"`
}

type setSpecificValueParams struct {
	Card         CardID   `json:"card"`
	Keys         []string `json:"keys"`
	NewValues    []any    `json:"newValues"`
	WarningCheck bool     `json:"warning_check,omitempty"`
}

type intervalsParams struct {
	Cards    []CardID `json:"cards"`
	Complete bool     `json:"complete,omitempty"`
}

type answerCardsParams struct {
	Answers []CardAnswer `json:"answers"`
}

type setDueDateParams struct {
	Cards []CardID `json:"cards"`
	Days  DueDays  `json:"days"`
}

var (
	actGetEaseFactors         = define[cardsParams, []*int]("getEaseFactors", reads)
	actSetEaseFactors         = define[setEaseFactorsParams, []bool]("setEaseFactors", writes)
	actSetSpecificValueOfCard = define[setSpecificValueParams, SetValueResult]("setSpecificValueOfCard", writes)
	actSuspend                = define[cardsParams, bool]("suspend", writes)
	actUnsuspend              = define[cardsParams, Nothing]("unsuspend", writes)
	actSuspended              = define[cardParams, bool]("suspended", reads)
	actAreSuspended           = define[cardsParams, []*bool]("areSuspended", reads)
	actAreDue                 = define[cardsParams, []bool]("areDue", reads)
	actGetIntervals           = define[intervalsParams, []Interval]("getIntervals", reads)
	// actGetIntervalHistory is getIntervals with complete=true, which
	// changes the result's shape.
	actGetIntervalHistory = reshape[intervalsParams, []IntervalHistory](actGetIntervals)
	actFindCards          = define[queryParams, []CardID]("findCards", reads)
	actCardsToNotes       = define[cardsParams, []NoteID]("cardsToNotes", reads)
	actCardsModTime       = define[cardsParams, CardModTimes]("cardsModTime", reads)
	actCardsInfo          = define[cardsParams, CardInfos]("cardsInfo", reads)
	actForgetCards        = define[cardsParams, Nothing]("forgetCards", writes)
	actRelearnCards       = define[cardsParams, Nothing]("relearnCards", writes)
	actAnswerCards        = define[answerCardsParams, []bool]("answerCards", writes).checked(checkEases)
	actSetDueDate         = define[setDueDateParams, bool]("setDueDate", writes)
)

// GetEaseFactors returns each card's ease factor in permille (2500 is 250%),
// in order: 0 for a card never answered, nil for an ID that matches no card.
//
// AnkiConnect action: getEaseFactors.
func (c *Client) GetEaseFactors(ctx context.Context, cards []CardID) ([]*int, error) {
	return actGetEaseFactors.call(ctx, c, cardsParams{Cards: cards})
}

// GetEaseFactors queues the getEaseFactors action; see Client.GetEaseFactors.
func (m *Multi) GetEaseFactors(cards []CardID) *Pending[[]*int] {
	return actGetEaseFactors.queue(m, cardsParams{Cards: cards})
}

// SetEaseFactors sets each card's ease factor (permille) to the value at the
// same index of easeFactors and reports, per card, whether it exists. If
// easeFactors is shorter than cards, AnkiConnect fails with "list index out
// of range" after setting the first ones.
//
// AnkiConnect action: setEaseFactors.
func (c *Client) SetEaseFactors(ctx context.Context, cards []CardID, easeFactors []int) ([]bool, error) {
	return actSetEaseFactors.call(ctx, c, setEaseFactorsParams{Cards: cards, EaseFactors: easeFactors})
}

// SetEaseFactors queues the setEaseFactors action; see Client.SetEaseFactors.
func (m *Multi) SetEaseFactors(cards []CardID, easeFactors []int) *Pending[[]bool] {
	return actSetEaseFactors.queue(m, setEaseFactorsParams{Cards: cards, EaseFactors: easeFactors})
}

// SetSpecificValueOfCard sets raw columns of one card: keys[i] (such as
// "flags" or "factor") to newValues[i], stored as given, so pass the type
// Anki uses (numbers for numeric columns). Keys that can corrupt the
// scheduling (did, id, ivl, lapses, left, mod, nid, odid, odue, ord, queue,
// reps, type, usn) need warningCheck. The outcome, including an unknown card,
// is in the SetValueResult, not the error.
//
// AnkiConnect action: setSpecificValueOfCard.
func (c *Client) SetSpecificValueOfCard(ctx context.Context, card CardID, keys []string, newValues []any, warningCheck bool) (SetValueResult, error) {
	return actSetSpecificValueOfCard.call(ctx, c, setSpecificValueParams{card, keys, newValues, warningCheck})
}

// SetSpecificValueOfCard queues the setSpecificValueOfCard action; see
// Client.SetSpecificValueOfCard.
func (m *Multi) SetSpecificValueOfCard(card CardID, keys []string, newValues []any, warningCheck bool) *Pending[SetValueResult] {
	return actSetSpecificValueOfCard.queue(m, setSpecificValueParams{card, keys, newValues, warningCheck})
}

// Suspend suspends the cards. It reports false when every card was
// already suspended, and fails with ErrCardNotFound for an unknown ID.
//
// AnkiConnect action: suspend.
func (c *Client) Suspend(ctx context.Context, cards []CardID) (bool, error) {
	return actSuspend.call(ctx, c, cardsParams{Cards: cards})
}

// Suspend queues the suspend action; see Client.Suspend.
func (m *Multi) Suspend(cards []CardID) *Pending[bool] {
	return actSuspend.queue(m, cardsParams{Cards: cards})
}

// Unsuspend unsuspends the cards; it fails with ErrCardNotFound for an
// unknown ID. The add-on reports nothing else (its documentation promises a
// bool, but it replies null).
//
// AnkiConnect action: unsuspend.
func (c *Client) Unsuspend(ctx context.Context, cards []CardID) error {
	return actUnsuspend.exec(ctx, c, cardsParams{Cards: cards})
}

// Unsuspend queues the unsuspend action; see Client.Unsuspend.
func (m *Multi) Unsuspend(cards []CardID) *Pending[Nothing] {
	return actUnsuspend.queue(m, cardsParams{Cards: cards})
}

// Suspended reports whether the card is suspended; it fails with
// ErrCardNotFound for an unknown ID.
//
// AnkiConnect action: suspended.
func (c *Client) Suspended(ctx context.Context, card CardID) (bool, error) {
	return actSuspended.call(ctx, c, cardParams{Card: card})
}

// Suspended queues the suspended action; see Client.Suspended.
func (m *Multi) Suspended(card CardID) *Pending[bool] {
	return actSuspended.queue(m, cardParams{Card: card})
}

// AreSuspended reports for each card, in order, whether it is suspended; nil
// for an ID that matches no card.
//
// AnkiConnect action: areSuspended.
func (c *Client) AreSuspended(ctx context.Context, cards []CardID) ([]*bool, error) {
	return actAreSuspended.call(ctx, c, cardsParams{Cards: cards})
}

// AreSuspended queues the areSuspended action; see Client.AreSuspended.
func (m *Multi) AreSuspended(cards []CardID) *Pending[[]*bool] {
	return actAreSuspended.queue(m, cardsParams{Cards: cards})
}

// AreDue reports for each card, in order, whether it is due now; new cards
// count as due, and a card learning with a step over 20 minutes is due only
// once its step has passed. It fails with "list index out of range" for an
// unknown ID or a card that is not new but has no review log.
//
// AnkiConnect action: areDue.
func (c *Client) AreDue(ctx context.Context, cards []CardID) ([]bool, error) {
	return actAreDue.call(ctx, c, cardsParams{Cards: cards})
}

// AreDue queues the areDue action; see Client.AreDue.
func (m *Multi) AreDue(cards []CardID) *Pending[[]bool] {
	return actAreDue.queue(m, cardsParams{Cards: cards})
}

// GetIntervals returns each card's latest interval from its review log, in
// order: 0 for a new card. It fails with "list index out of range" for an
// unknown ID. GetIntervalHistory returns every interval instead.
//
// AnkiConnect action: getIntervals.
func (c *Client) GetIntervals(ctx context.Context, cards []CardID) ([]Interval, error) {
	return actGetIntervals.call(ctx, c, intervalsParams{Cards: cards})
}

// GetIntervals queues the getIntervals action; see Client.GetIntervals.
func (m *Multi) GetIntervals(cards []CardID) *Pending[[]Interval] {
	return actGetIntervals.queue(m, intervalsParams{Cards: cards})
}

// GetIntervalHistory returns each card's intervals from its review log (in
// the database's order, oldest first in practice), in the order of cards;
// empty for a new card and for an unknown ID. It is getIntervals with
// complete=true.
//
// AnkiConnect action: getIntervals.
func (c *Client) GetIntervalHistory(ctx context.Context, cards []CardID) ([]IntervalHistory, error) {
	return actGetIntervalHistory.call(ctx, c, intervalsParams{Cards: cards, Complete: true})
}

// GetIntervalHistory queues the getIntervals action with complete=true; see
// Client.GetIntervalHistory.
func (m *Multi) GetIntervalHistory(cards []CardID) *Pending[[]IntervalHistory] {
	return actGetIntervalHistory.queue(m, intervalsParams{Cards: cards, Complete: true})
}

// FindCards returns the IDs of the cards matching an Anki search query, in
// no particular order (see Query for building one safely). An invalid query
// fails with ErrInvalidSearch.
//
// AnkiConnect action: findCards.
func (c *Client) FindCards(ctx context.Context, query string) ([]CardID, error) {
	return actFindCards.call(ctx, c, queryParams{Query: query})
}

// FindCards queues the findCards action; see Client.FindCards.
func (m *Multi) FindCards(query string) *Pending[[]CardID] {
	return actFindCards.queue(m, queryParams{Query: query})
}

// CardsToNotes returns the IDs of the cards' notes, each once, in no
// particular order. Unknown card IDs are ignored.
//
// AnkiConnect action: cardsToNotes.
func (c *Client) CardsToNotes(ctx context.Context, cards []CardID) ([]NoteID, error) {
	return actCardsToNotes.call(ctx, c, cardsParams{Cards: cards})
}

// CardsToNotes queues the cardsToNotes action; see Client.CardsToNotes.
func (m *Multi) CardsToNotes(cards []CardID) *Pending[[]NoteID] {
	return actCardsToNotes.queue(m, cardsParams{Cards: cards})
}

// CardsModTime returns each card's modification time, in order; nil for an
// ID that matches no card. It is much faster than CardsInfo.
//
// AnkiConnect action: cardsModTime.
func (c *Client) CardsModTime(ctx context.Context, cards []CardID) (CardModTimes, error) {
	return actCardsModTime.call(ctx, c, cardsParams{Cards: cards})
}

// CardsModTime queues the cardsModTime action; see Client.CardsModTime.
func (m *Multi) CardsModTime(cards []CardID) *Pending[CardModTimes] {
	return actCardsModTime.queue(m, cardsParams{Cards: cards})
}

// CardsInfo describes each card, in order; nil for an ID that matches no
// card.
//
// AnkiConnect action: cardsInfo.
func (c *Client) CardsInfo(ctx context.Context, cards []CardID) (CardInfos, error) {
	return actCardsInfo.call(ctx, c, cardsParams{Cards: cards})
}

// CardsInfo queues the cardsInfo action; see Client.CardsInfo.
func (m *Multi) CardsInfo(cards []CardID) *Pending[CardInfos] {
	return actCardsInfo.queue(m, cardsParams{Cards: cards})
}

// ForgetCards makes the cards new again, back at their original position
// in the new queue; their review and lapse counts are kept.
//
// AnkiConnect action: forgetCards.
func (c *Client) ForgetCards(ctx context.Context, cards []CardID) error {
	return actForgetCards.exec(ctx, c, cardsParams{Cards: cards})
}

// ForgetCards queues the forgetCards action; see Client.ForgetCards.
func (m *Multi) ForgetCards(cards []CardID) *Pending[Nothing] {
	return actForgetCards.queue(m, cardsParams{Cards: cards})
}

// RelearnCards puts the cards into relearning (type relearn, queue learn)
// by writing those columns directly.
//
// AnkiConnect action: relearnCards.
func (c *Client) RelearnCards(ctx context.Context, cards []CardID) error {
	return actRelearnCards.exec(ctx, c, cardsParams{Cards: cards})
}

// RelearnCards queues the relearnCards action; see Client.RelearnCards.
func (m *Multi) RelearnCards(cards []CardID) *Pending[Nothing] {
	return actRelearnCards.queue(m, cardsParams{Cards: cards})
}

// AnswerCards answers the cards as if reviewed now, each with its ease, and
// reports per answer whether the card exists (an unknown card is false).
//
// An ease outside 1-4 fails with ErrInvalidEase before anything is sent:
// AnkiConnect itself would apply the answers before the bad one and then
// fail with "invalid ease", leaving the batch half done.
//
// AnkiConnect action: answerCards.
func (c *Client) AnswerCards(ctx context.Context, answers []CardAnswer) ([]bool, error) {
	return actAnswerCards.call(ctx, c, answerCardsParams{Answers: answers})
}

// ErrInvalidEase: an answer's ease is not one of EaseAgain to EaseEasy
// (AnkiConnect's "invalid ease").
var ErrInvalidEase = errors.New("invalid ease")

// checkEases rejects an answer whose ease no button has.
func checkEases(p answerCardsParams) error {
	for i, a := range p.Answers {
		if a.Ease < EaseAgain || a.Ease > EaseEasy {
			return fmt.Errorf("%w: answer %d (card %d) has ease %d, want 1 (Again) to 4 (Easy)", ErrInvalidEase, i, a.CardID, int(a.Ease))
		}
	}
	return nil
}

// AnswerCards queues the answerCards action; see Client.AnswerCards. An
// ease outside 1-4 is not queued: the Pending reports ErrInvalidEase at
// once.
func (m *Multi) AnswerCards(answers []CardAnswer) *Pending[[]bool] {
	return actAnswerCards.queue(m, answerCardsParams{Answers: answers})
}

// SetDueDate makes the cards review cards due on the given day (see DueDays
// for the syntax); new cards become review cards. It returns true on
// success; Anki's own error is returned for malformed days.
//
// AnkiConnect action: setDueDate.
func (c *Client) SetDueDate(ctx context.Context, cards []CardID, days DueDays) (bool, error) {
	return actSetDueDate.call(ctx, c, setDueDateParams{Cards: cards, Days: days})
}

// SetDueDate queues the setDueDate action; see Client.SetDueDate.
func (m *Multi) SetDueDate(cards []CardID, days DueDays) *Pending[bool] {
	return actSetDueDate.queue(m, setDueDateParams{Cards: cards, Days: days})
}
