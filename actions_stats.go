package ankiconnect

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
)

// ReviewType is the kind of a review log entry.
type ReviewType int

// Review log entry kinds.
const (
	ReviewTypeLearn       ReviewType = 0
	ReviewTypeReview      ReviewType = 1
	ReviewTypeRelearn     ReviewType = 2
	ReviewTypeFiltered    ReviewType = 3 // reviewed early in a filtered deck
	ReviewTypeManual      ReviewType = 4 // rescheduled by hand, not answered
	ReviewTypeRescheduled ReviewType = 5 // rescheduled by Anki (for example FSRS), not answered
)

// String returns the kind's name, such as "learn" or "relearn".
func (t ReviewType) String() string { return enumString(t, "ReviewType", reviewTypeNames) }

var reviewTypeNames = map[ReviewType]string{
	ReviewTypeLearn: "learn", ReviewTypeReview: "review", ReviewTypeRelearn: "relearn",
	ReviewTypeFiltered: "filtered", ReviewTypeManual: "manual", ReviewTypeRescheduled: "rescheduled",
}

// Review is one entry of Anki's review log. On the wire it is the 9-element
// list [id, cid, usn, ease, ivl, lastIvl, factor, time, type] (CardReviews,
// InsertReviews), or an object with those names but no cid
// (GetReviewsOfCards, which keys the entries by card instead).
type Review struct {
	// ID is the time of the review in epoch milliseconds; it identifies the
	// entry.
	ID     int64
	CardID CardID
	// USN is the sync sequence number; -1 means not yet synced.
	USN  int
	Ease Ease
	// Interval is the interval set by the review; LastInterval the one
	// before it.
	Interval     Interval
	LastInterval Interval
	// Factor is the ease set by the review, in permille.
	Factor int
	// Time is how long the answer took, in milliseconds.
	Time int
	Type ReviewType
}

// reviewObject is a Review in the object form of getReviewsOfCards.
type reviewObject struct {
	ID           int64      `json:"id"`
	USN          int        `json:"usn"`
	Ease         Ease       `json:"ease"`
	Interval     Interval   `json:"ivl"`
	LastInterval Interval   `json:"lastIvl"`
	Factor       int        `json:"factor"`
	Time         int        `json:"time"`
	Type         ReviewType `json:"type"`
}

// MarshalJSON encodes the review as AnkiConnect's 9-element list.
func (r Review) MarshalJSON() ([]byte, error) {
	return json.Marshal(r.tuple())
}

func (r Review) tuple() [9]int64 {
	return [9]int64{r.ID, int64(r.CardID), int64(r.USN), int64(r.Ease), int64(r.Interval),
		int64(r.LastInterval), int64(r.Factor), int64(r.Time), int64(r.Type)}
}

// UnmarshalJSON decodes the 9-element list or the object form (which leaves
// CardID zero); null leaves r unchanged.
func (r *Review) UnmarshalJSON(b []byte) error {
	switch b = bytes.TrimSpace(b); {
	case bytes.Equal(b, []byte("null")):
		return nil
	case len(b) > 0 && b[0] == '{':
		var o reviewObject
		if err := json.Unmarshal(b, &o); err != nil {
			return err
		}
		*r = Review{ID: o.ID, USN: o.USN, Ease: o.Ease, Interval: o.Interval, LastInterval: o.LastInterval,
			Factor: o.Factor, Time: o.Time, Type: o.Type}
		return nil
	}
	var t []int64
	if err := json.Unmarshal(b, &t); err != nil {
		return err
	}
	if len(t) != 9 {
		return fmt.Errorf("review has %d elements, want 9", len(t))
	}
	*r = Review{ID: t[0], CardID: CardID(t[1]), USN: int(t[2]), Ease: Ease(t[3]), Interval: Interval(t[4]),
		LastInterval: Interval(t[5]), Factor: int(t[6]), Time: int(t[7]), Type: ReviewType(t[8])}
	return nil
}

// ReviewsByCard is the result of GetReviewsOfCards: each requested card's
// review log entries (empty for a card never reviewed), with CardID filled
// in from the key. The add-on does not sort the entries; sort by ID for
// chronological order.
type ReviewsByCard map[CardID][]Review

// UnmarshalJSON decodes the object keyed by card ID (decimal strings) and
// sets each review's CardID.
func (m *ReviewsByCard) UnmarshalJSON(b []byte) error {
	var plain map[CardID][]Review
	if err := json.Unmarshal(b, &plain); err != nil {
		return err
	}
	for cid, rs := range plain {
		for i := range rs {
			rs[i].CardID = cid
		}
	}
	*m = plain
	return nil
}

// DayCount is the number of cards reviewed on one day.
type DayCount struct {
	// Date is the day as "YYYY-MM-DD" (parse it with time.DateOnly if
	// needed). It is a day in Anki's sense, which starts at the hour set in
	// Anki's preferences (4 am by default), so it is kept as text rather than
	// as an instant.
	Date  string
	Count int
}

// UnmarshalJSON decodes AnkiConnect's ["YYYY-MM-DD", n] pair; null leaves d
// unchanged.
func (d *DayCount) UnmarshalJSON(b []byte) error {
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		return nil
	}
	var pair []json.RawMessage
	if err := json.Unmarshal(b, &pair); err != nil {
		return err
	}
	if len(pair) != 2 {
		return fmt.Errorf("day count has %d elements, want 2", len(pair))
	}
	if err := json.Unmarshal(pair[0], &d.Date); err != nil {
		return err
	}
	return json.Unmarshal(pair[1], &d.Count)
}

type statsHTMLParams struct {
	WholeCollection bool `json:"wholeCollection"`
}

type cardReviewsParams struct {
	Deck    string `json:"deck"`
	StartID int64  `json:"startID"`
}

type insertReviewsParams struct {
	Reviews []Review `json:"reviews"`
}

var (
	actGetNumCardsReviewedToday = define[noParams, int]("getNumCardsReviewedToday", reads)
	actGetNumCardsReviewedByDay = define[noParams, []DayCount]("getNumCardsReviewedByDay", reads)
	actGetCollectionStatsHTML   = define[statsHTMLParams, string]("getCollectionStatsHTML", reads)
	// cardReviews and getLatestReviewID create the deck they do not find,
	// so they are writes.
	actCardReviews       = define[cardReviewsParams, []Review]("cardReviews", writes)
	actGetReviewsOfCards = define[cardsParams, ReviewsByCard]("getReviewsOfCards", reads)
	actGetLatestReviewID = define[deckParams, int64]("getLatestReviewID", writes)
	actInsertReviews     = define[insertReviewsParams, Nothing]("insertReviews", writes)
)

// GetNumCardsReviewedToday returns how many reviews were done today (Anki's
// day, which starts at the hour set in its preferences).
//
// AnkiConnect action: getNumCardsReviewedToday.
func (c *Client) GetNumCardsReviewedToday(ctx context.Context) (int, error) {
	return actGetNumCardsReviewedToday.call(ctx, c, noParams{})
}

// GetNumCardsReviewedToday queues the getNumCardsReviewedToday action; see
// Client.GetNumCardsReviewedToday.
func (m *Multi) GetNumCardsReviewedToday() *Pending[int] {
	return actGetNumCardsReviewedToday.queue(m, noParams{})
}

// GetNumCardsReviewedByDay returns the number of reviews per day, newest
// day first, for the days with reviews.
//
// AnkiConnect action: getNumCardsReviewedByDay.
func (c *Client) GetNumCardsReviewedByDay(ctx context.Context) ([]DayCount, error) {
	return actGetNumCardsReviewedByDay.call(ctx, c, noParams{})
}

// GetNumCardsReviewedByDay queues the getNumCardsReviewedByDay action; see
// Client.GetNumCardsReviewedByDay.
func (m *Multi) GetNumCardsReviewedByDay() *Pending[[]DayCount] {
	return actGetNumCardsReviewedByDay.queue(m, noParams{})
}

// GetCollectionStatsHTML returns Anki's statistics report as HTML, for the
// whole collection or, with wholeCollection false, for the current deck.
//
// AnkiConnect action: getCollectionStatsHTML.
func (c *Client) GetCollectionStatsHTML(ctx context.Context, wholeCollection bool) (string, error) {
	return actGetCollectionStatsHTML.call(ctx, c, statsHTMLParams{WholeCollection: wholeCollection})
}

// GetCollectionStatsHTML queues the getCollectionStatsHTML action; see
// Client.GetCollectionStatsHTML.
func (m *Multi) GetCollectionStatsHTML(wholeCollection bool) *Pending[string] {
	return actGetCollectionStatsHTML.queue(m, statsHTMLParams{WholeCollection: wholeCollection})
}

// CardReviews returns the review log entries with an ID (epoch ms) greater
// than startID for the cards now in the named deck. A deck name that does
// not exist is CREATED, which makes this a write: it is never retried.
//
// AnkiConnect action: cardReviews.
func (c *Client) CardReviews(ctx context.Context, deck string, startID int64) ([]Review, error) {
	return actCardReviews.call(ctx, c, cardReviewsParams{Deck: deck, StartID: startID})
}

// CardReviews queues the cardReviews action; see Client.CardReviews.
func (m *Multi) CardReviews(deck string, startID int64) *Pending[[]Review] {
	return actCardReviews.queue(m, cardReviewsParams{Deck: deck, StartID: startID})
}

// GetReviewsOfCards returns each card's review log. Every requested card is
// a key, with no reviews for an unknown or never-reviewed card. The IDs are
// sent as numbers: the add-on's documentation sends them as strings, which
// current add-on versions answer with empty lists.
//
// AnkiConnect action: getReviewsOfCards.
func (c *Client) GetReviewsOfCards(ctx context.Context, cards []CardID) (ReviewsByCard, error) {
	return actGetReviewsOfCards.call(ctx, c, cardsParams{Cards: cards})
}

// GetReviewsOfCards queues the getReviewsOfCards action; see
// Client.GetReviewsOfCards.
func (m *Multi) GetReviewsOfCards(cards []CardID) *Pending[ReviewsByCard] {
	return actGetReviewsOfCards.queue(m, cardsParams{Cards: cards})
}

// GetLatestReviewID returns the ID (epoch ms) of the newest review of a
// card now in the named deck, or 0 if there is none. A deck name that does
// not exist is CREATED, which makes this a write: it is never retried.
//
// AnkiConnect action: getLatestReviewID.
func (c *Client) GetLatestReviewID(ctx context.Context, deck string) (int64, error) {
	return actGetLatestReviewID.call(ctx, c, deckParams{Deck: deck})
}

// GetLatestReviewID queues the getLatestReviewID action; see
// Client.GetLatestReviewID.
func (m *Multi) GetLatestReviewID(deck string) *Pending[int64] {
	return actGetLatestReviewID.queue(m, deckParams{Deck: deck})
}

// InsertReviews adds the entries to the review log as they are, with raw
// SQL: no card is rescheduled and nothing is checked. Anki's database error
// is returned if the insert fails, for example on an ID already in the log.
//
// AnkiConnect action: insertReviews.
func (c *Client) InsertReviews(ctx context.Context, reviews []Review) error {
	return actInsertReviews.exec(ctx, c, insertReviewsParams{Reviews: reviews})
}

// InsertReviews queues the insertReviews action; see Client.InsertReviews.
func (m *Multi) InsertReviews(reviews []Review) *Pending[Nothing] {
	return actInsertReviews.queue(m, insertReviewsParams{Reviews: reviews})
}
