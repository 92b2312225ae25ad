package collection

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/ankiconnect-go/ankiconnect/internal/sched"
)

// The review log as the statistics actions read it, and Anki's deck due
// tree (the counts of the deck list). Every "today" follows the
// collection's clock: Today, DayCutoff and the creation time's location.

// ReviewsInDeckAfter returns the review log rows with an ID above startID
// whose card is now in deck did (not its children), by ascending ID.
func (c *Collection) ReviewsInDeckAfter(did, startID int64) []*ReviewLog {
	var out []*ReviewLog
	for _, r := range c.revlog {
		if r.ID > startID && c.cardInDeck(r.CardID, did) {
			out = append(out, r)
		}
	}
	return out
}

// LatestReviewID returns the largest review log ID of the cards now in deck
// did (not its children), or 0 when there is none.
func (c *Collection) LatestReviewID(did int64) int64 {
	for _, r := range slices.Backward(c.revlog) { // the log is ordered by ID
		if c.cardInDeck(r.CardID, did) {
			return r.ID
		}
	}
	return 0
}

// cardInDeck reports whether the card exists and its current deck is did.
func (c *Collection) cardInDeck(cid, did int64) bool {
	card := c.cards[cid]
	return card != nil && card.DeckID == did
}

// ReviewsOfCards returns the review log rows of each given card ID, by
// ascending ID. Rows stay in the log when their card is deleted, so they
// are found for card IDs that no longer exist; a card without rows has no
// key.
func (c *Collection) ReviewsOfCards(cids []int64) map[int64][]*ReviewLog {
	want := make(map[int64]bool, len(cids))
	for _, id := range cids {
		want[id] = true
	}
	out := map[int64][]*ReviewLog{}
	for _, r := range c.revlog {
		if want[r.CardID] {
			out[r.CardID] = append(out[r.CardID], r)
		}
	}
	return out
}

// TodayStartMillis is the review log ID after which a review counts as
// today's: (DayCutoff - 86400 s) in epoch milliseconds, as Anki computes it
// (one civil day before the cutoff, even across a daylight-saving change).
func (c *Collection) TodayStartMillis() int64 {
	return (c.DayCutoff().Unix() - 86400) * 1000
}

// ReviewsToday counts the review log rows with an ID above
// TodayStartMillis, of any card (rows of deleted cards and rows dated in
// the future count too).
func (c *Collection) ReviewsToday() int {
	start := c.TodayStartMillis()
	n := 0
	for _, r := range c.revlog {
		if r.ID > start {
			n++
		}
	}
	return n
}

// DayCount is the number of review log rows dated on one day.
type DayCount struct {
	Date  string // YYYY-MM-DD
	Count int
}

// ReviewsByDay counts the review log rows per day, newest day first, for
// the days that have rows. A row's day is the local date (in the creation
// time's location) of its ID in whole seconds minus the rollover hour,
// where the rollover hour is the local hour of DayCutoff, as the add-on
// computes it.
func (c *Collection) ReviewsByDay() []DayCount {
	loc := c.created.Location()
	shift := int64(c.DayCutoff().In(loc).Hour()) * 3600
	counts := map[string]int{}
	for _, r := range c.revlog {
		day := time.Unix(r.ID/1000-shift, 0).In(loc).Format(time.DateOnly)
		counts[day]++
	}
	out := make([]DayCount, 0, len(counts))
	for day, n := range counts {
		out = append(out, DayCount{Date: day, Count: n})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Date > out[j].Date })
	return out
}

// ReviewIDTakenError is InsertReviews' refusal of a row whose ID is already
// in the review log (or repeated within the rows): the log's ID is its
// primary key.
type ReviewIDTakenError struct{ ID int64 }

// Error names the taken ID.
func (e *ReviewIDTakenError) Error() string {
	return fmt.Sprintf("review log ID %d is already taken", e.ID)
}

// InsertReviews adds rows to the review log as they are, all or none: if
// any row's ID is already in the log or repeated among rows, nothing is
// added and the error is a *ReviewIDTakenError. Cards are not rescheduled;
// a row whose card exists is attached to it (see Card.Reviews), and a row
// for an unknown card is kept in the log only. The log and each card's rows
// stay ordered by ID.
func (c *Collection) InsertReviews(rows []ReviewLog) error {
	taken := c.reviewIDs(len(rows))
	for _, r := range rows {
		if taken[r.ID] {
			return &ReviewIDTakenError{ID: r.ID}
		}
		taken[r.ID] = true
	}
	for _, r := range rows {
		c.AddReview(r)
	}
	return nil
}

// reviewIDs returns the set of the review log's IDs, sized for extra IDs
// more.
func (c *Collection) reviewIDs(extra int) map[int64]bool {
	ids := make(map[int64]bool, len(c.revlog)+extra)
	for _, r := range c.revlog {
		ids[r.ID] = true
	}
	return ids
}

// insertReview puts row into rows after every row with a lower or equal ID.
func insertReview(rows []*ReviewLog, row *ReviewLog) []*ReviewLog {
	i := sort.Search(len(rows), func(i int) bool { return rows[i].ID > row.ID })
	return slices.Insert(rows, i, row)
}

// DueNode is one deck of Anki's deck due tree, the tree behind the deck
// list and getDeckStats. The root has DeckID 0 and no name.
type DueNode struct {
	DeckID int64
	Name   string // the last component of the deck's name
	Level  int    // 1 for top-level decks
	// NewCount, LearnCount and ReviewCount are the cards due today in the
	// deck and its children, with the daily limits applied.
	NewCount    int
	LearnCount  int
	ReviewCount int
	// TotalInDeck counts the deck's own cards; TotalIncludingChildren adds
	// its children's.
	TotalInDeck            int
	TotalIncludingChildren int
	Children               []*DueNode
}

// Walk calls fn for n and every node below it, parents before children and
// children in order (the order of the add-on's collectDeckTreeChildren).
func (n *DueNode) Walk(fn func(*DueNode)) {
	fn(n)
	for _, child := range n.Children {
		child.Walk(fn)
	}
}

// DueTreeOptions are the collection-wide preferences that change the due
// tree's limits; the zero value is Anki's default.
type DueTreeOptions struct {
	// NewCardsIgnoreReviewLimit stops new cards from counting against the
	// review limit (Anki's "New cards ignore review limit").
	NewCardsIgnoreReviewLimit bool
	// ApplyAllParentLimits caps a deck by the limits of every deck above it
	// (Anki's "Apply limits of all parent decks").
	ApplyAllParentLimits bool
}

// DueTree returns Anki's v3 deck due tree at the collection's clock with
// the default preferences.
func (c *Collection) DueTree() *DueNode { return c.DueTreeWith(DueTreeOptions{}) }

// DueTreeWith returns Anki's v3 deck due tree at the collection's clock:
//
//   - every deck by name, children sorted case-insensitively; a deck whose
//     parent is missing is left out; the Default deck is left out when it
//     has no cards and no children, unless it is the only top-level deck;
//   - per deck, its own cards (by current deck, so a filtered deck counts
//     the cards it holds): new (queue new), reviews (queue review, due today
//     or earlier), interday learning (queue day-learn, due today or
//     earlier), intraday learning (queue learn, due before now plus the
//     20-minute learn-ahead limit) and all cards;
//   - limits: a normal deck's option group gives new/day and reviews/day
//     (the deck's own "newLimit"/"reviewLimit" and "...Today" overrides
//     win), less what was studied today in the deck and its children;
//     unless new cards ignore the review limit, new cards studied today also
//     use up reviews, and the new limit never exceeds the review limit.
//     What was studied today is the deck's studied-today counters
//     ("newToday"/"revToday" as [day, count], counted up by AnswerCard in
//     the deck answered in and every deck above it); counters of another
//     day count nothing, and the review log is not read, so rows that
//     insertReviews dates today do not use up a limit. Filtered
//     decks, the root and decks whose option group does not exist get
//     Anki's fallback of 9999 each;
//   - a deck's counts are its own cards plus its children's capped counts,
//     capped by its limits: interday learning and then reviews by the review
//     limit, new cards by the new limit and (unless new cards ignore it) by
//     what is left of the review limit; intraday learning is never capped.
//     LearnCount is intraday plus capped interday learning.
//
// Buried cards are not counted; they come back when a new day starts (see
// UnburyIfDayRolledOver, which the fake's server runs before each action).
func (c *Collection) DueTreeWith(opts DueTreeOptions) *DueNode {
	root := c.deckTree()
	today := int64(c.Today())
	learnCutoff := c.Now().Add(sched.LearnAheadLimit).Unix()
	own := map[int64]*nodeCounts{}
	for _, card := range c.liveCards() {
		n := own[card.DeckID]
		if n == nil {
			n = &nodeCounts{}
			own[card.DeckID] = n
		}
		n.total++
		switch {
		case card.Queue == QueueNew:
			n.new++
		case card.Queue == QueueReview && card.Due <= today:
			n.review++
		case card.Queue == QueueDayLearn && card.Due <= today:
			n.interday++
		case card.Queue == QueueLearn && card.Due < learnCutoff:
			n.intraday++
		}
	}
	if own[DefaultDeckID] == nil {
		hideDefaultDeck(root)
	}
	limitsOf := func(did int64) remainingLimits {
		if d := c.decks[did]; d != nil {
			return c.remainingLimits(d, int(today), opts.NewCardsIgnoreReviewLimit)
		}
		return fallbackLimits // the root
	}
	var parent *remainingLimits
	if opts.ApplyAllParentLimits {
		parent = &fallbackLimits
	}
	sumAndLimit(root, own, limitsOf, parent)
	return root
}

// deckTree builds the tree of deck names as Anki does: decks in name order,
// each placed under the last deck one level up; a deck whose parent is
// missing is skipped.
func (c *Collection) deckTree() *DueNode {
	root := &DueNode{}
	decks := c.AllDecks()
	i := 0
	var add func(parent *DueNode)
	add = func(parent *DueNode) {
		for i < len(decks) {
			d := decks[i]
			level := min(strings.Count(d.Name, "::")+1, 99)
			switch {
			case level <= parent.Level:
				return
			case level == parent.Level+1:
				parent.Children = append(parent.Children, &DueNode{DeckID: d.ID, Name: d.Leaf(), Level: level})
				i++
			case len(parent.Children) > 0:
				add(parent.Children[len(parent.Children)-1])
			default:
				i++
			}
		}
	}
	add(root)
	return root
}

// hideDefaultDeck drops the Default deck from the top level when it has no
// children and is not the only top-level deck (called when it has no
// cards).
func hideDefaultDeck(root *DueNode) {
	for i, child := range root.Children {
		if child.DeckID == DefaultDeckID && len(child.Children) == 0 {
			if len(root.Children) > 1 {
				root.Children = slices.Delete(root.Children, i, i+1)
			}
			return
		}
	}
}

// fallbackLimit is Anki's limit for decks without an option group.
const fallbackLimit = 9999

// fallbackLimits are the limits of the root, filtered decks and decks
// without an option group.
var fallbackLimits = remainingLimits{review: fallbackLimit, new: fallbackLimit, capNewToReview: true}

// remainingLimits is what is left today of a deck's daily limits.
type remainingLimits struct {
	review, new    int
	capNewToReview bool
}

// capTo lowers the limits to a parent's.
func (r *remainingLimits) capTo(parent remainingLimits) {
	r.review = min(r.review, parent.review)
	r.new = min(r.new, parent.new)
}

// remainingLimits computes deck d's limits left today.
func (c *Collection) remainingLimits(d *Deck, today int, newIgnoresReviews bool) remainingLimits {
	conf := c.configs[d.ConfigID]
	if d.Filtered || conf == nil {
		return fallbackLimits
	}
	review := deckLimit(d, "reviewLimit", "reviewLimitToday", today, conf.Rev.PerDay)
	newLimit := deckLimit(d, "newLimit", "newLimitToday", today, conf.New.PerDay)
	studied := d.studiedOn(today)
	review -= studied.review
	newLimit -= studied.new
	if !newIgnoresReviews {
		review -= studied.new
		newLimit = min(newLimit, review)
	}
	return remainingLimits{review: max(review, 0), new: max(newLimit, 0), capNewToReview: !newIgnoresReviews}
}

// deckLimit is a deck's own limit for today (key "...Today" as {"limit",
// "today"} when its day is today), else its own limit (key), else def.
func deckLimit(d *Deck, key, todayKey string, today, def int) int {
	var forToday *struct {
		Limit int `json:"limit"`
		Today int `json:"today"`
	}
	if json.Unmarshal(d.Extra[todayKey], &forToday) == nil && forToday != nil && forToday.Today == today {
		return forToday.Limit
	}
	var own *int
	if json.Unmarshal(d.Extra[key], &own) == nil && own != nil {
		return *own
	}
	return def
}

// The keys of Anki's legacy studied-today counters in a deck's JSON, each
// [day, count]. Anki keeps one day for all four (the day of the last
// answer in the deck or below it), read from newToday's; timeToday counts
// milliseconds, and lrnToday is kept but never counted up by the v3
// scheduler.
const (
	keyNewToday  = "newToday"
	keyRevToday  = "revToday"
	keyLrnToday  = "lrnToday"
	keyTimeToday = "timeToday"
)

// studiedCounters are a deck's studied-today counters: the new cards,
// reviews, learning cards and milliseconds studied on scheduler day day.
type studiedCounters struct {
	day                          int
	new, review, learn, millisec int
}

// studied reads the deck's counters; a missing or malformed counter counts
// 0, and a missing day is day 0, as Anki reads them.
func (d *Deck) studied() studiedCounters {
	count := func(key string) (day, n int) {
		day, n, _ = intPair(d.Extra[key])
		return day, n
	}
	var s studiedCounters
	s.day, s.new = count(keyNewToday)
	_, s.review = count(keyRevToday)
	_, s.learn = count(keyLrnToday)
	_, s.millisec = count(keyTimeToday)
	return s
}

// intPair decodes a JSON array of two integers exactly as json.Unmarshal
// into []int with a length check would, but reads the plain form that Anki
// and setStudied write ("[5, 3]") without encoding/json: AnswerCard reads
// these counters for each deck above the card.
func intPair(raw json.RawMessage) (a, b int, ok bool) {
	const space = " \t\r\n" // JSON's white space
	inner, found := bytes.CutPrefix(bytes.Trim(raw, space), []byte("["))
	inner, found2 := bytes.CutSuffix(inner, []byte("]"))
	first, second, found3 := bytes.Cut(inner, []byte(","))
	if found && found2 && found3 {
		a, errA := plainJSONInt(bytes.Trim(first, space))
		b, errB := plainJSONInt(bytes.Trim(second, space))
		if errA == nil && errB == nil {
			return a, b, true
		}
	}
	var pair []int // anything unusual: let encoding/json decide
	if json.Unmarshal(raw, &pair) != nil || len(pair) != 2 {
		return 0, 0, false
	}
	return pair[0], pair[1], true
}

// errNotPlainInt is plainJSONInt's refusal.
var errNotPlainInt = errors.New("not a plain JSON integer")

// plainJSONInt parses a JSON integer without fraction or exponent
// ("-12", "0"; not "+1", "01", "1.0"), the only kind it accepts.
func plainJSONInt(b []byte) (int, error) {
	digits := bytes.TrimPrefix(b, []byte("-"))
	if len(digits) == 0 || (digits[0] == '0' && len(digits) > 1) {
		return 0, errNotPlainInt
	}
	for _, c := range digits {
		if c < '0' || c > '9' {
			return 0, errNotPlainInt
		}
	}
	return strconv.Atoi(string(b))
}

// studiedOn is what the deck's counters say was studied on day today: all
// zero when they are of another day.
func (d *Deck) studiedOn(today int) studiedCounters {
	if s := d.studied(); s.day == today {
		return s
	}
	return studiedCounters{day: today}
}

// setStudied writes the deck's four counters.
func (d *Deck) setStudied(s studiedCounters) {
	if d.Extra == nil {
		d.Extra = map[string]json.RawMessage{}
	}
	day := "[" + strconv.Itoa(s.day) + ", "
	d.Extra[keyNewToday] = json.RawMessage(day + strconv.Itoa(s.new) + "]")
	d.Extra[keyRevToday] = json.RawMessage(day + strconv.Itoa(s.review) + "]")
	d.Extra[keyLrnToday] = json.RawMessage(day + strconv.Itoa(s.learn) + "]")
	d.Extra[keyTimeToday] = json.RawMessage(day + strconv.Itoa(s.millisec) + "]")
}

// countStudied adds one answer to the studied-today counters of deck did
// and of every deck above it, as Anki's update_deck_stats does after an
// answer: counters of an earlier day start again from zero, a card
// answered from the new queue counts as a new card, one answered from the
// review or day-learning queue as a review (intraday learning counts
// neither), and millis adds to the time. Each deck changed is stamped. An
// unknown deck counts nothing.
func (c *Collection) countStudied(did int64, fromQueue, millis int) {
	d := c.decks[did]
	if d == nil {
		return
	}
	today := c.Today()
	for _, deck := range append(c.parentDecks(d), d) {
		c.saveDeck(deck, true)
		s := deck.studiedOn(today)
		switch fromQueue {
		case QueueNew:
			s.new++
		case QueueReview, QueueDayLearn:
			s.review++
		}
		s.millisec += millis
		deck.setStudied(s)
		deck.Mod, deck.Usn = c.nowSecs(), -1
	}
}

// nodeCounts are a deck's due cards by kind.
type nodeCounts struct {
	new, review, intraday, interday, total int
}

func (n *nodeCounts) add(o nodeCounts) {
	n.new += o.new
	n.review += o.review
	n.intraday += o.intraday
	n.interday += o.interday
	n.total += o.total
}

// capped applies limits r: interday learning first, then reviews, take
// from the review limit; new cards are capped by the new limit and, when
// r says so, by what reviews left.
func (n nodeCounts) capped(r remainingLimits) nodeCounts {
	n.interday = min(n.interday, r.review)
	reviewsLeft := max(r.review-n.interday, 0)
	n.review = min(n.review, reviewsLeft)
	n.new = min(n.new, r.new)
	if r.capNewToReview {
		reviewsLeft = max(reviewsLeft-n.review, 0)
		n.new = min(n.new, reviewsLeft)
	}
	return n
}

// sumAndLimit fills the counts of node and its children from each deck's
// own due cards and limits, and returns node's capped counts. parent, when
// not nil, holds the limits of the decks above (ApplyAllParentLimits).
func sumAndLimit(node *DueNode, own map[int64]*nodeCounts, limitsOf func(did int64) remainingLimits, parent *remainingLimits) nodeCounts {
	remaining := limitsOf(node.DeckID)
	if parent != nil {
		remaining.capTo(*parent)
		parent = &remaining
	}
	var sum nodeCounts
	if o := own[node.DeckID]; o != nil {
		sum = *o
	}
	node.TotalInDeck = sum.total
	for _, child := range node.Children {
		sum.add(sumAndLimit(child, own, limitsOf, parent))
	}
	capped := sum.capped(remaining) // capping leaves total alone
	node.NewCount, node.ReviewCount = capped.new, capped.review
	node.LearnCount = capped.intraday + capped.interday
	node.TotalIncludingChildren = capped.total
	return capped
}

// Summary is what the fake's statistics report (getCollectionStatsHTML)
// shows, for the whole collection or for some decks.
type Summary struct {
	// Today sums the review log rows dated today (see ReviewsToday).
	Today TodayReviews
	// Cards by state, as Anki's "Card Types" section counts them: mature
	// (review queue, interval of 21 days or more), young and learning
	// (learning queues, or review queue under 21 days), new (unseen),
	// suspended and buried.
	Mature, YoungLearn, New, Suspended, Buried int
	// Cards and Notes count the cards in scope and their distinct notes.
	Cards, Notes int
	// DueTomorrow counts the review and day-learning cards due tomorrow.
	DueTomorrow int
}

// TodayReviews sums today's review log rows.
type TodayReviews struct {
	Reviews int // rows
	Seconds int // total answer time, in whole seconds
	Again   int // rows answered Again
	// Rows by review type.
	Learn, Review, Relearn, Filtered int
	// MatureReviews counts rows whose previous interval was 21 days or more;
	// MatureCorrect those of them not answered Again.
	MatureReviews, MatureCorrect int
}

// Summarize computes the Summary of the cards whose current deck is one of
// decks, or of every card when decks is nil. Today's reviews are limited
// the same way (rows of cards now in those decks).
func (c *Collection) Summarize(decks []int64) Summary {
	var inScope func(card *Card) bool
	if decks != nil {
		set := make(map[int64]bool, len(decks))
		for _, id := range decks {
			set[id] = true
		}
		inScope = func(card *Card) bool { return set[card.DeckID] }
	}
	var s Summary
	tomorrow := int64(c.Today() + 1)
	notes := map[int64]bool{}
	for _, card := range c.liveCards() {
		if inScope != nil && !inScope(card) {
			continue
		}
		s.Cards++
		notes[card.NoteID] = true
		switch card.Queue {
		case QueueReview:
			if card.Ivl >= 21 {
				s.Mature++
			} else {
				s.YoungLearn++
			}
		case QueueLearn, QueueDayLearn:
			s.YoungLearn++
		case QueueNew:
			s.New++
		case QueueSuspended:
			s.Suspended++
		case QueueSiblingBuried, QueueManualBuried:
			s.Buried++
		}
		if (card.Queue == QueueReview || card.Queue == QueueDayLearn) && card.Due == tomorrow {
			s.DueTomorrow++
		}
	}
	s.Notes = len(notes)
	start := c.TodayStartMillis()
	millis := 0
	for _, r := range c.revlog {
		if r.ID <= start {
			continue
		}
		if inScope != nil {
			if card := c.cards[r.CardID]; card == nil || !inScope(card) {
				continue
			}
		}
		t := &s.Today
		t.Reviews++
		millis += r.Time
		if r.Ease == 1 {
			t.Again++
		}
		switch r.Type {
		case 0:
			t.Learn++
		case 1:
			t.Review++
		case 2:
			t.Relearn++
		case 3:
			t.Filtered++
		}
		if r.LastIvl >= 21 {
			t.MatureReviews++
			if r.Ease != 1 {
				t.MatureCorrect++
			}
		}
	}
	s.Today.Seconds = millis / 1000
	return s
}
