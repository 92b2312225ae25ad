package collection

import (
	"bytes"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/ankiconnect-go/ankiconnect/internal/sched"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// schedCollection returns a collection created at t0 (noon on its first
// day; days start at 4:00) whose clock the test moves through *now, with n
// Basic cards in Default.
func schedCollection(t *testing.T, n int) (*Collection, *time.Time, []*Card) {
	t.Helper()
	clock := &movableClock{now: t0}
	c := New(clock.Now, t0)
	var cards []*Card
	for range n {
		cards = append(cards, addTestNote(t, c, "Basic", "Default", "front", "back").Cards()[0])
	}
	return c, &clock.now, cards
}

// schedFields is the part of a card the scheduler changes.
type schedFields struct {
	Type, Queue       int
	Due               int64
	Ivl, Factor, Left int
	Reps, Lapses      int
}

func fieldsOf(card *Card) schedFields {
	return schedFields{card.Type, card.Queue, card.Due, card.Ivl, card.Factor, card.Left, card.Reps, card.Lapses}
}

func TestAnswerCardWritesReviewLog(t *testing.T) {
	c, now, cards := schedCollection(t, 1)
	card := cards[0]
	start := *now
	// Good on a new card: the second learning step (10m); then, 10 minutes
	// later, Good graduates it with the graduating interval (1 day) and
	// the starting ease (250%).
	if err := c.AnswerCard(card, 3, 4321); err != nil {
		t.Fatal(err)
	}
	*now = now.Add(10 * time.Minute)
	if err := c.AnswerCard(card, 3, 120_000); err != nil { // capped at maxTaken (60 s)
		t.Fatal(err)
	}
	want := []ReviewLog{
		{ID: start.UnixMilli(), CardID: card.ID, Usn: -1, Ease: 3, Ivl: -600, LastIvl: 0, Factor: 0, Time: 4321, Type: sched.LogLearn},
		{ID: now.UnixMilli(), CardID: card.ID, Usn: -1, Ease: 3, Ivl: 1, LastIvl: -600, Factor: 2500, Time: 60_000, Type: sched.LogLearn},
	}
	var got []ReviewLog
	for _, r := range card.Reviews() {
		got = append(got, *r)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("review log (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(schedFields{Type: CardTypeReview, Queue: QueueReview, Due: 1, Ivl: 1, Factor: 2500, Reps: 2}, fieldsOf(card)); diff != "" {
		t.Errorf("card (-want +got):\n%s", diff)
	}
	if card.Mod != now.Unix() || card.Usn != -1 {
		t.Errorf("mod, usn = %d, %d; want %d, -1", card.Mod, card.Usn, now.Unix())
	}
	if pos, ok := card.originalPosition(); !ok || pos != 1 {
		t.Errorf("original position = %d, %v; want 1, true (data %q)", pos, ok, card.Data)
	}
}

func TestAnswerCardUniqueLogIDs(t *testing.T) {
	c, now, cards := schedCollection(t, 3) // the clock stands still
	for _, card := range cards {
		if err := c.AnswerCard(card, 1, 0); err != nil {
			t.Fatal(err)
		}
	}
	var ids []int64
	for _, r := range c.Reviews() {
		ids = append(ids, r.ID)
	}
	base := now.UnixMilli()
	if diff := cmp.Diff([]int64{base, base + 1, base + 2}, ids); diff != "" {
		t.Errorf("log IDs (-want +got):\n%s", diff)
	}
}

func TestAnswerCardInvalidEase(t *testing.T) {
	c, _, cards := schedCollection(t, 1)
	before := *cards[0]
	for _, ease := range []int{0, 5, -1} {
		err := c.AnswerCard(cards[0], ease, 0)
		if !errors.Is(err, sched.ErrInvalidEase) {
			t.Errorf("ease %d: error %v, want sched.ErrInvalidEase", ease, err)
		}
	}
	if diff := cmp.Diff(fieldsOf(&before), fieldsOf(cards[0])); diff != "" || len(c.Reviews()) != 0 {
		t.Errorf("card changed (-before +after):\n%s\nreviews: %d", diff, len(c.Reviews()))
	}
}

func TestAnswerCardLeech(t *testing.T) {
	for _, tc := range []struct {
		name        string
		leechAction int
		wantQueue   int
	}{
		{"tag only (Anki's default)", 1, QueueLearn},
		{"suspend", 0, QueueSuspended},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, _, cards := schedCollection(t, 1)
			card := cards[0]
			c.ConfigForDeck(c.DeckByID(DefaultDeckID)).Lapse.LeechAction = tc.leechAction
			// A review card with 7 lapses: the 8th (the default threshold)
			// makes it a leech.
			card.Type, card.Queue, card.Due, card.Ivl, card.Factor, card.Lapses = CardTypeReview, QueueReview, 0, 10, 2500, 7
			if err := c.AnswerCard(card, 1, 0); err != nil {
				t.Fatal(err)
			}
			if card.Queue != tc.wantQueue || card.Lapses != 8 || card.Type != CardTypeRelearn {
				t.Errorf("queue, lapses, type = %d, %d, %d; want %d, 8, %d", card.Queue, card.Lapses, card.Type, tc.wantQueue, CardTypeRelearn)
			}
			if tags := card.Note().Tags; !slices.Contains(tags, "leech") {
				t.Errorf("note tags %q lack leech", tags)
			}
		})
	}
}

func TestAnswerCardInFilteredDeckGoesHome(t *testing.T) {
	c, _, cards := schedCollection(t, 1)
	card := cards[0]
	home := card.DeckID
	card.OriginalDeckID, card.DeckID, card.ODue, card.Due = home, 12345, card.Due, -100000
	if err := c.AnswerCard(card, 4, 0); err != nil {
		t.Fatal(err)
	}
	if card.DeckID != home || card.OriginalDeckID != 0 || card.ODue != 0 {
		t.Errorf("deck, odid, odue = %d, %d, %d; want %d, 0, 0", card.DeckID, card.OriginalDeckID, card.ODue, home)
	}
	// Easy on a new card: the easy interval (4 days).
	if diff := cmp.Diff(schedFields{Type: CardTypeReview, Queue: QueueReview, Due: 4, Ivl: 4, Factor: 2500, Reps: 1}, fieldsOf(card)); diff != "" {
		t.Errorf("card (-want +got):\n%s", diff)
	}
}

func TestNextReviewsFollowDeckOptions(t *testing.T) {
	c, _, cards := schedCollection(t, 1)
	conf := c.ConfigForDeck(c.DeckByID(DefaultDeckID))
	if diff := cmp.Diff([]string{"<1m", "<6m", "<10m", "4d"}, c.NextReviews(cards[0])); diff != "" {
		t.Errorf("default options (-want +got):\n%s", diff)
	}
	// One 30-minute step: Hard is 1.5 times it (45m), Good graduates.
	conf.New.Delays, conf.New.Ints = []float64{30}, []int{2, 7, 0}
	if diff := cmp.Diff([]string{"30m", "45m", "2d", "7d"}, c.NextReviews(cards[0])); diff != "" {
		t.Errorf("one step (-want +got):\n%s", diff)
	}
	conf.New.Delays = []float64{-1}
	if diff := cmp.Diff([]string{"", "", "", ""}, c.NextReviews(cards[0])); diff != "" {
		t.Errorf("invalid options (-want +got):\n%s", diff)
	}
}

func TestSuspendAndUnsuspendRestoreQueueFromType(t *testing.T) {
	const learnDue = 1_709_300_000 // an epoch second
	tests := []struct {
		name             string
		typ, queue       int
		due              int64
		wantUnsuspended  int
		unsuspendTouches bool
	}{
		{"new", CardTypeNew, QueueNew, 1, QueueNew, true},
		{"learning", CardTypeLearn, QueueLearn, learnDue, QueueLearn, true},
		{"day learning", CardTypeLearn, QueueDayLearn, 3, QueueDayLearn, true},
		{"review", CardTypeReview, QueueReview, 3, QueueReview, true},
		{"relearning", CardTypeRelearn, QueueLearn, learnDue, QueueLearn, true},
		{"buried review", CardTypeReview, QueueManualBuried, 3, QueueReview, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, now, cards := schedCollection(t, 1)
			card := cards[0]
			card.Type, card.Queue, card.Due = tc.typ, tc.queue, tc.due
			*now = now.Add(time.Hour)
			c.SuspendCards(cards)
			if card.Queue != QueueSuspended || card.Mod != now.Unix() {
				t.Errorf("after suspend: queue %d mod %d; want -1, %d", card.Queue, card.Mod, now.Unix())
			}
			c.UnsuspendCards(cards)
			if card.Queue != tc.wantUnsuspended {
				t.Errorf("after unsuspend: queue %d, want %d", card.Queue, tc.wantUnsuspended)
			}
		})
	}
	t.Run("unsuspend leaves other queues alone", func(t *testing.T) {
		c, now, cards := schedCollection(t, 1)
		mod := cards[0].Mod
		*now = now.Add(time.Hour)
		c.UnsuspendCards(cards)
		if cards[0].Queue != QueueNew || cards[0].Mod != mod {
			t.Errorf("queue %d mod %d; want 0, %d", cards[0].Queue, cards[0].Mod, mod)
		}
	})
}

func TestSetDueDate(t *testing.T) {
	tests := []struct {
		name       string
		days       string
		typ, ivl   int
		factor     int
		wantDue    int64
		wantIvl    int
		wantFactor int
	}{
		{"new card today", "0", CardTypeNew, 0, 0, 0, 1, 2500},
		{"new card in 5 days", "5", CardTypeNew, 0, 0, 5, 5, 2500},
		{"review keeps interval", "3", CardTypeReview, 20, 2100, 3, 20, 2100},
		{"review with ! takes the delay", "3!", CardTypeReview, 20, 2100, 3, 3, 2100},
		{"relearning keeps interval", "2", CardTypeRelearn, 7, 1900, 2, 7, 1900},
		{"range with equal ends", "4-4", CardTypeNew, 0, 0, 4, 4, 2500},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, _, cards := schedCollection(t, 1)
			card := cards[0]
			card.Type, card.Ivl, card.Factor = tc.typ, tc.ivl, tc.factor
			if err := c.SetDueDate(cards, tc.days); err != nil {
				t.Fatal(err)
			}
			got := []any{card.Type, card.Queue, card.Due, card.Ivl, card.Factor}
			want := []any{CardTypeReview, QueueReview, tc.wantDue, tc.wantIvl, tc.wantFactor}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("type, queue, due, ivl, factor (-want +got):\n%s", diff)
			}
			r := card.Reviews()
			if len(r) != 1 || r[0].Type != sched.LogManual || r[0].Ease != 0 || r[0].Ivl != tc.wantIvl || r[0].LastIvl != tc.ivl {
				t.Errorf("review log %+v", r)
			}
		})
	}
	t.Run("range spreads within bounds", func(t *testing.T) {
		c, _, cards := schedCollection(t, 20)
		if err := c.SetDueDate(cards, "7-3"); err != nil {
			t.Fatal(err)
		}
		seen := map[int64]bool{}
		for _, card := range cards {
			if card.Due < 3 || card.Due > 7 || int64(card.Ivl) != card.Due {
				t.Errorf("card due %d ivl %d, want 3-7 and equal", card.Due, card.Ivl)
			}
			seen[card.Due] = true
		}
		if len(seen) < 2 {
			t.Errorf("all 20 cards on one day: %v", seen)
		}
	})
	t.Run("bad text changes nothing", func(t *testing.T) {
		c, _, cards := schedCollection(t, 1)
		for _, days := range []string{"", "x", "-1", "1!!", "99999999999"} {
			if err := c.SetDueDate(cards, days); err == nil {
				t.Errorf("%q: no error", days)
			}
		}
		if cards[0].Type != CardTypeNew || len(c.Reviews()) != 0 {
			t.Errorf("card changed: type %d, %d reviews", cards[0].Type, len(c.Reviews()))
		}
	})
}

func TestForgetCards(t *testing.T) {
	t.Run("restores the original position and keeps counts", func(t *testing.T) {
		c, _, cards := schedCollection(t, 2)
		for _, card := range cards {
			for _, ease := range []int{3, 3} {
				if err := c.AnswerCard(card, ease, 0); err != nil {
					t.Fatal(err)
				}
			}
		}
		c.ForgetCards([]*Card{cards[1], cards[0], cards[1]}, true, false)
		for i, card := range cards {
			want := schedFields{Type: CardTypeNew, Queue: QueueNew, Due: int64(i + 1), Reps: 2}
			if diff := cmp.Diff(want, fieldsOf(card)); diff != "" {
				t.Errorf("card %d (-want +got):\n%s", i, diff)
			}
			if _, ok := card.originalPosition(); ok {
				t.Errorf("card %d keeps a remembered position: %q", i, card.Data)
			}
			last := card.Reviews()[len(card.Reviews())-1]
			if last.Type != sched.LogManual || last.Ivl != 0 || last.LastIvl != 1 || last.Factor != 0 {
				t.Errorf("card %d forget log %+v", i, *last)
			}
		}
	})
	t.Run("without a position, at the end of the new queue, counts reset", func(t *testing.T) {
		c, _, cards := schedCollection(t, 2)
		card := cards[0]
		card.Type, card.Queue, card.Due, card.Ivl, card.Factor, card.Reps, card.Lapses = CardTypeReview, QueueReview, 5, 9, 2300, 6, 2
		c.ForgetCards(cards[:1], true, true)
		want := schedFields{Type: CardTypeNew, Queue: QueueNew, Due: 3} // positions 1 and 2 are the notes'
		if diff := cmp.Diff(want, fieldsOf(card)); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})
	t.Run("a new card keeps its place", func(t *testing.T) {
		c, _, cards := schedCollection(t, 2)
		c.ForgetCards(cards, true, false)
		if cards[0].Due != 1 || cards[1].Due != 2 {
			t.Errorf("dues %d, %d; want 1, 2", cards[0].Due, cards[1].Due)
		}
	})
}

func TestRelearnCardsIsARawUpdate(t *testing.T) {
	c, now, cards := schedCollection(t, 1)
	card := cards[0]
	card.Type, card.Queue, card.Due, card.Ivl, card.Left = CardTypeReview, QueueReview, 9, 4, 0
	before := *card
	*now = now.Add(time.Hour)
	c.RelearnCards(cards)
	want := fieldsOf(&before)
	want.Type, want.Queue = CardTypeRelearn, QueueLearn
	if diff := cmp.Diff(want, fieldsOf(card)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if card.Mod != before.Mod || len(c.Reviews()) != 0 {
		t.Errorf("mod %d (was %d), %d reviews; want untouched", card.Mod, before.Mod, len(c.Reviews()))
	}
}

func TestDueMatcher(t *testing.T) {
	c, now, cards := schedCollection(t, 4)
	learnIn := func(d time.Duration) int64 { return now.Add(d).Unix() }
	set := func(card *Card, typ, queue int, due int64) { card.Type, card.Queue, card.Due = typ, queue, due }
	set(cards[0], CardTypeReview, QueueReview, 1)                     // tomorrow
	set(cards[1], CardTypeReview, QueueReview, 0)                     // today
	set(cards[2], CardTypeLearn, QueueLearn, learnIn(15*time.Minute)) // within the learn-ahead limit
	set(cards[3], CardTypeLearn, QueueLearn, learnIn(25*time.Minute)) // past it
	due := func() []bool {
		match := c.DueMatcher()
		var out []bool
		for _, card := range cards {
			out = append(out, match(card))
		}
		return out
	}
	if diff := cmp.Diff([]bool{false, true, true, false}, due()); diff != "" {
		t.Errorf("now (-want +got):\n%s", diff)
	}
	*now = now.Add(24 * time.Hour)
	if diff := cmp.Diff([]bool{true, true, true, true}, due()); diff != "" {
		t.Errorf("a day later (-want +got):\n%s", diff)
	}
}

func TestSetEaseFactor(t *testing.T) {
	c, now, cards := schedCollection(t, 1)
	*now = now.Add(time.Minute)
	c.SetEaseFactor(cards[0], 4100)
	got := []int64{int64(cards[0].Factor), cards[0].Mod}
	if diff := cmp.Diff([]int64{4100, now.Unix()}, got, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("factor, mod (-want +got):\n%s", diff)
	}
}

// studiedRow is a deck's studied-today counters as the tests compare them.
type studiedRow struct{ Day, New, Review, Learn, Millis int }

func studiedRows(c *Collection, decks ...string) map[string]studiedRow {
	out := map[string]studiedRow{}
	for _, name := range decks {
		s := c.DeckByName(name).studied()
		out[name] = studiedRow{s.day, s.new, s.review, s.learn, s.millisec}
	}
	return out
}

// dueCounts is the deck's (new, learn, review) due-tree counts.
func dueCounts(c *Collection, deck string) [3]int {
	var out [3]int
	did := c.DeckByName(deck).ID
	c.DueTree().Walk(func(n *DueNode) {
		if n.DeckID == did {
			out = [3]int{n.NewCount, n.LearnCount, n.ReviewCount}
		}
	})
	return out
}

func TestAnswerCardCountsStudiedToday(t *testing.T) {
	c, now, _ := schedCollection(t, 0)
	withConfig(c, "P", 3, 10)
	var fresh, reviews, dayLearn []*Card
	for range 4 {
		fresh = append(fresh, addTestCard(t, c, "P::C"))
	}
	for range 2 {
		card := addTestCard(t, c, "P::C")
		card.Type, card.Queue, card.Due, card.Ivl, card.Factor = CardTypeReview, QueueReview, 0, 5, 2500
		reviews = append(reviews, card)
	}
	card := addTestCard(t, c, "P::C")
	card.Type, card.Queue, card.Due, card.Ivl, card.Factor = CardTypeRelearn, QueueDayLearn, 0, 1, 2500
	dayLearn = append(dayLearn, card)

	answer := func(card *Card, ease, millis int) {
		t.Helper()
		if err := c.AnswerCard(card, ease, millis); err != nil {
			t.Fatal(err)
		}
	}
	if diff := cmp.Diff([3]int{3, 1, 2}, dueCounts(c, "P")); diff != "" {
		t.Errorf("P before any answer (new, learn, review) (-want +got):\n%s", diff)
	}
	answer(fresh[0], 3, 1000)    // new: counts as a new card
	answer(fresh[0], 1, 2000)    // now intraday learning: time only
	answer(reviews[0], 3, 3000)  // review
	answer(dayLearn[0], 3, 4000) // day learning counts as a review
	answer(fresh[1], 3, 90_000)  // capped at maxTaken (60 s)
	want := map[string]studiedRow{
		"P":       {Day: 0, New: 2, Review: 2, Millis: 70_000},
		"P::C":    {Day: 0, New: 2, Review: 2, Millis: 70_000},
		"Default": {},
	}
	if diff := cmp.Diff(want, studiedRows(c, "P", "P::C", "Default")); diff != "" {
		t.Errorf("counters after the answers (-want +got):\n%s", diff)
	}
	if d := c.DeckByName("P"); d.Mod != now.Unix() || d.Usn != -1 {
		t.Errorf("P's mod, usn = %d, %d; want %d, -1 (a parent deck's counters changed)", d.Mod, d.Usn, now.Unix())
	}
	// P: new limit 3 - 2; review limit 10 - 2 - 2 leaves 1 review. C
	// (default limits) shows its 2 new cards and 1 review.
	afterAnswers := map[string][3]int{"P": {1, 2, 1}, "P::C": {2, 2, 1}}
	gotCounts := func() map[string][3]int {
		return map[string][3]int{"P": dueCounts(c, "P"), "P::C": dueCounts(c, "P::C")}
	}
	if diff := cmp.Diff(afterAnswers, gotCounts()); diff != "" {
		t.Errorf("due counts after the answers (-want +got):\n%s", diff)
	}

	// Rows dated today that insertReviews adds are not answers.
	var rows []ReviewLog
	for i, card := range fresh[2:] {
		rows = append(rows, ReviewLog{ID: now.UnixMilli() + int64(i+1)*1000, CardID: card.ID, Ease: 3, Type: 0})
	}
	rows = append(rows, ReviewLog{ID: now.UnixMilli() + 10_000, CardID: reviews[1].ID, Ease: 3, LastIvl: 5, Type: 1})
	if err := c.InsertReviews(rows); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(afterAnswers, gotCounts()); diff != "" {
		t.Errorf("due counts after insertReviews (-want +got):\n%s", diff)
	}

	// A card in a filtered deck counts in the filtered deck, not its home.
	f := c.CreateDeck("F")
	f.Filtered = true
	fresh[2].OriginalDeckID, fresh[2].DeckID = fresh[2].DeckID, f.ID
	answer(fresh[2], 3, 500)
	if diff := cmp.Diff(studiedRow{New: 1, Millis: 500}, studiedRows(c, "F")["F"]); diff != "" {
		t.Errorf("filtered deck's counters (-want +got):\n%s", diff)
	}
	if got := studiedRows(c, "P::C")["P::C"]; got.New != 2 {
		t.Errorf("home deck's new count = %d after an answer in a filtered deck, want 2", got.New)
	}

	// The next scheduler day (from 4 am) starts the limits afresh; the
	// first answer resets the counters to that day.
	// With yesterday's counters P would show 1 new card of the 3.
	*now = time.Date(2024, 3, 2, 4, 0, 0, 0, time.UTC)
	addTestCard(t, c, "P::C")
	addTestCard(t, c, "P::C")
	if diff := cmp.Diff([3]int{3, 3, 2}, dueCounts(c, "P")); diff != "" {
		t.Errorf("P on the next day (new, learn, review) (-want +got):\n%s", diff)
	}
	answer(fresh[3], 3, 700)
	want = map[string]studiedRow{"P": {Day: 1, New: 1, Millis: 700}, "P::C": {Day: 1, New: 1, Millis: 700}}
	if diff := cmp.Diff(want, studiedRows(c, "P", "P::C")); diff != "" {
		t.Errorf("counters on the next day (-want +got):\n%s", diff)
	}
}

func TestUnburyIfDayRolledOver(t *testing.T) {
	c, now, cards := schedCollection(t, 6)
	learnDue := t0.Add(time.Hour).Unix()
	// A learning card in a filtered deck: its queue follows its original
	// due, an epoch second.
	cards[5].ODue, cards[5].OriginalDeckID = learnDue, DefaultDeckID
	// Buried cards of each type, and one suspended card that stays so.
	setups := []struct {
		typ, queue int
		due        int64
		wantQueue  int
	}{
		{CardTypeNew, QueueSiblingBuried, 1, QueueNew},
		{CardTypeReview, QueueManualBuried, 0, QueueReview},
		{CardTypeLearn, QueueManualBuried, learnDue, QueueLearn},
		{CardTypeRelearn, QueueSiblingBuried, 1, QueueDayLearn},
		{CardTypeReview, QueueSuspended, 0, QueueSuspended},
		{CardTypeLearn, QueueSiblingBuried, -100_000, QueueLearn},
	}
	var mods []int64
	var buried, restored []int
	for i, s := range setups {
		cards[i].Type, cards[i].Queue, cards[i].Due, cards[i].Mod = s.typ, s.queue, s.due, int64(70+i)
		mods = append(mods, cards[i].Mod)
		buried, restored = append(buried, s.queue), append(restored, s.wantQueue)
	}
	queues := func() []int {
		var out []int
		for _, card := range cards {
			out = append(out, card.Queue)
		}
		return out
	}
	steps := []struct {
		name    string
		now     time.Time
		rebury  bool // bury the first card again before the check
		wantRan bool
		want    []int
	}{
		{"same day", t0.Add(2 * time.Hour), false, false, buried},
		{"just before 4 am", time.Date(2024, 3, 2, 3, 59, 59, 0, time.UTC), false, false, buried},
		{"the next day's first access", time.Date(2024, 3, 2, 4, 0, 0, 0, time.UTC), false, true, restored},
		{"buried again the same day", time.Date(2024, 3, 2, 20, 0, 0, 0, time.UTC), true, false,
			[]int{QueueSiblingBuried, QueueReview, QueueLearn, QueueDayLearn, QueueSuspended, QueueLearn}},
		{"clock put back over a week", time.Date(2024, 2, 20, 12, 0, 0, 0, time.UTC), false, true, restored},
	}
	for _, s := range steps {
		*now = s.now
		if s.rebury {
			cards[0].Queue = QueueSiblingBuried
		}
		if ran := c.UnburyIfDayRolledOver(); ran != s.wantRan {
			t.Errorf("%s: UnburyIfDayRolledOver = %v, want %v", s.name, ran, s.wantRan)
		}
		if diff := cmp.Diff(s.want, queues()); diff != "" {
			t.Errorf("%s: queues (-want +got):\n%s", s.name, diff)
		}
	}
	var gotMods []int64
	for _, card := range cards {
		gotMods = append(gotMods, card.Mod)
	}
	if diff := cmp.Diff(mods, gotMods); diff != "" {
		t.Errorf("unburying stamped cards (-want +got):\n%s", diff)
	}
	if matches, err := c.FindCards("is:buried"); err != nil || len(matches) != 0 {
		t.Errorf("is:buried matches %v (%v) after unburying", matches, err)
	}
	// Save and Load keep the day.
	var saved bytes.Buffer
	if err := c.Save(&saved); err != nil {
		t.Fatal(err)
	}
	loaded, err := Load(&saved, func() time.Time { return *now })
	if err != nil {
		t.Fatal(err)
	}
	if loaded.lastUnburied != c.lastUnburied {
		t.Errorf("loaded collection's last unburied day = %d, want %d", loaded.lastUnburied, c.lastUnburied)
	}
}
