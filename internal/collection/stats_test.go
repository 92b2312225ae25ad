package collection

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// movableClock is a clock that stays where the test puts it.
type movableClock struct{ now time.Time }

func (m *movableClock) Now() time.Time { return m.now }

// addTestCard adds a Basic note to deck and returns its card.
func addTestCard(t testing.TB, c *Collection, deck string) *Card {
	t.Helper()
	return addTestNote(t, c, "Basic", deck, "front").Cards()[0]
}

func reviewIDs(rows []*ReviewLog) []int64 {
	ids := []int64{}
	for _, r := range rows {
		ids = append(ids, r.ID)
	}
	return ids
}

func TestReviewLogQueries(t *testing.T) {
	c := newTestCollection()
	a := addTestCard(t, c, "A")
	a2 := addTestCard(t, c, "A")
	child := addTestCard(t, c, "A::Child")
	gone := addTestCard(t, c, "A")
	rows := []ReviewLog{
		{ID: 3000, CardID: a.ID, Ease: 3}, {ID: 1000, CardID: a.ID, Ease: 1},
		{ID: 2000, CardID: a2.ID, Ease: 4}, {ID: 2500, CardID: child.ID, Ease: 2},
		{ID: 4000, CardID: gone.ID, Ease: 3}, {ID: 5000, CardID: 42, Ease: 3},
	}
	if err := c.InsertReviews(rows); err != nil {
		t.Fatal(err)
	}
	c.DeleteCards([]int64{gone.ID})
	did := c.DeckByName("A").ID

	if diff := cmp.Diff([]int64{1000, 2000, 3000}, reviewIDs(c.ReviewsInDeckAfter(did, 0))); diff != "" {
		t.Errorf("ReviewsInDeckAfter(A, 0): children, deleted and unknown cards must not count (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]int64{3000}, reviewIDs(c.ReviewsInDeckAfter(did, 2000))); diff != "" {
		t.Errorf("ReviewsInDeckAfter(A, 2000): startID itself is excluded (-want +got):\n%s", diff)
	}
	if got := c.LatestReviewID(did); got != 3000 {
		t.Errorf("LatestReviewID(A) = %d, want 3000", got)
	}
	if got := c.LatestReviewID(c.CreateDeck("Empty").ID); got != 0 {
		t.Errorf("LatestReviewID(Empty) = %d, want 0", got)
	}
	got := map[int64][]int64{}
	for cid, rs := range c.ReviewsOfCards([]int64{a.ID, gone.ID, 42, 7}) {
		got[cid] = reviewIDs(rs)
	}
	want := map[int64][]int64{a.ID: {1000, 3000}, gone.ID: {4000}, 42: {5000}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ReviewsOfCards: rows of deleted and unknown cards stay in the log (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]int64{1000, 3000}, reviewIDs(a.Reviews())); diff != "" {
		t.Errorf("card A's reviews, oldest first (-want +got):\n%s", diff)
	}
}

func TestInsertReviewsKeepsIDsUnique(t *testing.T) {
	tests := []struct {
		name    string
		rows    []ReviewLog
		wantErr int64 // the refused ID, 0 for success
		wantLog []int64
	}{
		{"new IDs in any order", []ReviewLog{{ID: 30}, {ID: 5}}, 0, []int64{5, 10, 20, 30}},
		{"ID already in the log", []ReviewLog{{ID: 30}, {ID: 20}}, 20, []int64{10, 20}},
		{"ID repeated in the rows", []ReviewLog{{ID: 30}, {ID: 31}, {ID: 30}}, 30, []int64{10, 20}},
		{"no rows", nil, 0, []int64{10, 20}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newTestCollection()
			card := addTestCard(t, c, "Deck")
			if err := c.InsertReviews([]ReviewLog{{ID: 20, CardID: card.ID}, {ID: 10, CardID: card.ID}}); err != nil {
				t.Fatal(err)
			}
			for i := range tt.rows {
				tt.rows[i].CardID = card.ID
			}
			err := c.InsertReviews(tt.rows)
			var taken *ReviewIDTakenError
			switch {
			case tt.wantErr == 0 && err != nil:
				t.Fatalf("InsertReviews: %v", err)
			case tt.wantErr != 0 && (!errors.As(err, &taken) || taken.ID != tt.wantErr):
				t.Fatalf("InsertReviews error = %v, want ID %d taken", err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.wantLog, reviewIDs(c.Reviews())); diff != "" {
				t.Errorf("log (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantLog, reviewIDs(card.Reviews())); diff != "" {
				t.Errorf("card's rows (-want +got):\n%s", diff)
			}
		})
	}
}

func TestReviewCountsFollowTheClock(t *testing.T) {
	zone := time.FixedZone("UTC+2", 2*3600)
	created := time.Date(2024, 3, 1, 12, 0, 0, 0, zone)
	clock := &movableClock{now: created}
	c := New(clock.Now, created)
	card := addTestCard(t, c, "Deck")
	at := func(day, hour, minute int) int64 {
		return time.Date(2024, 3, day, hour, minute, 0, 0, zone).UnixMilli()
	}
	rows := []ReviewLog{
		{ID: at(1, 3, 59)}, // before 4 am: still February 29th's day
		{ID: at(1, 4, 0)}, {ID: at(1, 23, 0)},
		{ID: at(2, 3, 0)}, // March 1st's day, after midnight
		{ID: at(2, 4, 0) + 1},
		{ID: at(3, 12, 0)},
	}
	for i := range rows {
		rows[i].CardID = card.ID
	}
	if err := c.InsertReviews(rows); err != nil {
		t.Fatal(err)
	}
	want := []DayCount{{"2024-03-03", 1}, {"2024-03-02", 1}, {"2024-03-01", 3}, {"2024-02-29", 1}}
	if diff := cmp.Diff(want, c.ReviewsByDay()); diff != "" {
		t.Errorf("ReviewsByDay (-want +got):\n%s", diff)
	}
	steps := []struct {
		now  time.Time
		want int
	}{
		// Today starts after 4 am's first millisecond (the add-on counts
		// id > start); later rows count too.
		{time.Date(2024, 3, 1, 12, 0, 0, 0, zone), 4},
		{time.Date(2024, 3, 2, 3, 59, 0, 0, zone), 4},
		{time.Date(2024, 3, 2, 4, 0, 0, 0, zone), 2},
		{time.Date(2024, 3, 3, 12, 0, 0, 0, zone), 1},
		{time.Date(2024, 3, 4, 12, 0, 0, 0, zone), 0},
	}
	for _, s := range steps {
		clock.now = s.now
		if got := c.ReviewsToday(); got != s.want {
			t.Errorf("at %v: ReviewsToday = %d, want %d", s.now, got, s.want)
		}
	}
}

// cardState sets a card to one of the states the due-tree tests use.
func cardState(c *Collection, card *Card, state string) {
	today, now := int64(c.Today()), c.Now().Unix()
	set := func(typ, queue int, due int64) { card.Type, card.Queue, card.Due = typ, queue, due }
	switch state {
	case "new":
	case "rev": // review due today
		set(CardTypeReview, QueueReview, today)
	case "overdue":
		set(CardTypeReview, QueueReview, today-3)
	case "later": // review due tomorrow
		set(CardTypeReview, QueueReview, today+1)
	case "lrn": // learning, due in 10 minutes (inside the learn-ahead limit)
		set(CardTypeLearn, QueueLearn, now+600)
	case "lrnLater": // learning, due in an hour
		set(CardTypeLearn, QueueLearn, now+3600)
	case "day": // day-learning due today
		set(CardTypeLearn, QueueDayLearn, today)
	case "susp":
		set(CardTypeReview, QueueSuspended, today)
	case "buried":
		set(CardTypeNew, QueueSiblingBuried, 1)
	default:
		panic("unknown state " + state)
	}
}

// dueRow is a due-tree node as the tests compare it.
type dueRow struct {
	Deck                   string // full name
	Name                   string
	New, Learn, Review     int
	Total, TotalInChildren int
}

func dueRows(c *Collection, root *DueNode) []dueRow {
	var out []dueRow
	root.Walk(func(n *DueNode) {
		if n == root {
			return
		}
		out = append(out, dueRow{c.DeckByID(n.DeckID).Name, n.Name, n.NewCount, n.LearnCount, n.ReviewCount, n.TotalInDeck, n.TotalIncludingChildren})
	})
	return out
}

// withConfig gives deck a new option group with the given daily limits.
func withConfig(c *Collection, deck string, newPerDay, revPerDay int) {
	conf := c.CloneDeckConfig(deck, DefaultConfigID)
	conf.New.PerDay, conf.Rev.PerDay = newPerDay, revPerDay
	c.SetDeckConfig([]*Deck{c.CreateDeck(deck)}, conf.ID)
}

func setExtra(d *Deck, key, value string) {
	if d.Extra == nil {
		d.Extra = map[string]json.RawMessage{}
	}
	d.Extra[key] = json.RawMessage(value)
}

func TestDueTree(t *testing.T) {
	type deckCards struct {
		deck   string
		states []string
	}
	repeat := func(state string, n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = state
		}
		return out
	}
	tests := []struct {
		name  string
		cards []deckCards
		setup func(c *Collection)
		opts  DueTreeOptions
		want  []dueRow
	}{
		{
			name: "fresh collection shows the empty Default deck",
			want: []dueRow{{"Default", "Default", 0, 0, 0, 0, 0}},
		},
		{
			name:  "empty Default deck hidden once another deck exists",
			cards: []deckCards{{"Spanish", []string{"new"}}},
			want:  []dueRow{{"Spanish", "Spanish", 1, 0, 0, 1, 1}},
		},
		{
			name:  "Default deck with cards shown",
			cards: []deckCards{{"Default", []string{"rev"}}, {"Spanish", []string{"new"}}},
			want:  []dueRow{{"Default", "Default", 0, 0, 1, 1, 1}, {"Spanish", "Spanish", 1, 0, 0, 1, 1}},
		},
		{
			name: "card states",
			cards: []deckCards{{"A", []string{"new", "new", "rev", "overdue", "rev", "later", "lrn", "lrn",
				"lrnLater", "day", "susp", "buried"}}},
			want: []dueRow{{"A", "A", 2, 3, 3, 12, 12}},
		},
		{
			name:  "new cards per day default 20",
			cards: []deckCards{{"A", repeat("new", 25)}},
			want:  []dueRow{{"A", "A", 20, 0, 0, 25, 25}},
		},
		{
			name:  "reviews per day default 200",
			cards: []deckCards{{"A", append(repeat("rev", 205), "new")}},
			want:  []dueRow{{"A", "A", 0, 0, 200, 206, 206}},
		},
		{
			name:  "review limit takes interday learning, then reviews, then new cards",
			cards: []deckCards{{"A", append(append(repeat("day", 3), repeat("rev", 4)...), repeat("new", 10)...)}},
			setup: func(c *Collection) { withConfig(c, "A", 20, 5) },
			want:  []dueRow{{"A", "A", 0, 3, 2, 17, 17}},
		},
		{
			name:  "new cards ignore the review limit when set",
			cards: []deckCards{{"A", append(repeat("rev", 5), repeat("new", 10)...)}},
			setup: func(c *Collection) { withConfig(c, "A", 20, 5) },
			opts:  DueTreeOptions{NewCardsIgnoreReviewLimit: true},
			want:  []dueRow{{"A", "A", 10, 0, 5, 15, 15}},
		},
		{
			name:  "intraday learning is never capped",
			cards: []deckCards{{"A", append(repeat("lrn", 4), "rev")}},
			setup: func(c *Collection) { withConfig(c, "A", 0, 0) },
			want:  []dueRow{{"A", "A", 0, 4, 0, 5, 5}},
		},
		{
			// Anki's nested_counts_v3 test: each deck its own new limit and
			// 2 new cards.
			name: "parents add their children's capped counts and cap the sum",
			cards: []deckCards{{"Default", repeat("new", 2)}, {"Default::child", repeat("new", 2)},
				{"Default::child::grandchild_1", repeat("new", 2)}, {"Default::child::grandchild_2", repeat("new", 2)}},
			setup: func(c *Collection) {
				withConfig(c, "Default", 8, 200)
				withConfig(c, "Default::child", 4, 200)
				withConfig(c, "Default::child::grandchild_1", 2, 200)
				withConfig(c, "Default::child::grandchild_2", 1, 200)
			},
			want: []dueRow{
				{"Default", "Default", 6, 0, 0, 2, 8},
				{"Default::child", "child", 4, 0, 0, 2, 6},
				{"Default::child::grandchild_1", "grandchild_1", 2, 0, 0, 2, 2},
				{"Default::child::grandchild_2", "grandchild_2", 1, 0, 0, 2, 2},
			},
		},
		{
			name:  "a child is not capped by its parent's limit by default",
			cards: []deckCards{{"P::C", repeat("new", 5)}},
			setup: func(c *Collection) { withConfig(c, "P", 2, 200) },
			want:  []dueRow{{"P", "P", 2, 0, 0, 0, 5}, {"P::C", "C", 5, 0, 0, 5, 5}},
		},
		{
			name:  "all parent limits apply when set",
			cards: []deckCards{{"P::C", repeat("new", 5)}},
			setup: func(c *Collection) { withConfig(c, "P", 2, 200) },
			opts:  DueTreeOptions{ApplyAllParentLimits: true},
			want:  []dueRow{{"P", "P", 2, 0, 0, 0, 5}, {"P::C", "C", 2, 0, 0, 5, 5}},
		},
		{
			// Anki's counts test: one new card studied today in both decks,
			// limit 4.
			name:  "cards studied today use up the limits",
			cards: []deckCards{{"Default::one", repeat("new", 4)}},
			setup: func(c *Collection) {
				c.ConfigForDeck(c.DeckByID(DefaultDeckID)).New.PerDay = 4
				for _, name := range []string{"Default", "Default::one"} {
					setExtra(c.DeckByName(name), "newToday", `[0, 1]`)
				}
			},
			want: []dueRow{{"Default", "Default", 3, 0, 0, 0, 4}, {"Default::one", "one", 3, 0, 0, 4, 4}},
		},
		{
			name:  "counters of another day are ignored",
			cards: []deckCards{{"A", append(repeat("new", 3), repeat("rev", 3)...)}},
			setup: func(c *Collection) {
				withConfig(c, "A", 2, 3)
				setExtra(c.DeckByName("A"), "newToday", `[-1, 2]`)
				setExtra(c.DeckByName("A"), "revToday", `[-1, 3]`)
			},
			want: []dueRow{{"A", "A", 0, 0, 3, 6, 6}},
		},
		{
			name:  "reviews studied today reduce the review limit",
			cards: []deckCards{{"A", repeat("rev", 10)}},
			setup: func(c *Collection) { withConfig(c, "A", 20, 8); setExtra(c.DeckByName("A"), "revToday", `[0, 5]`) },
			want:  []dueRow{{"A", "A", 0, 0, 3, 10, 10}},
		},
		{
			// Review-log rows dated today (2 first answers of new cards in
			// C, a review in P) are not answers: the limits ignore them, or
			// P would show 2 new cards.
			name:  "rows inserted into the review log use up nothing",
			cards: []deckCards{{"P", []string{"later"}}, {"P::C", []string{"lrnLater", "lrnLater", "new", "new", "new"}}},
			setup: func(c *Collection) {
				withConfig(c, "P", 4, 200)
				p, cs := c.DeckByName("P").ID, c.DeckByName("P::C").ID
				var rows []ReviewLog
				id := t0.UnixMilli()
				for _, card := range c.AllCards() {
					switch {
					case card.DeckID == p:
						rows = append(rows, ReviewLog{ID: id, CardID: card.ID, Ease: 3, LastIvl: 5, Type: 1})
					case card.DeckID == cs && card.Queue == QueueLearn:
						rows = append(rows,
							ReviewLog{ID: id + 1, CardID: card.ID, Ease: 3, Type: 0},
							ReviewLog{ID: id + 2, CardID: card.ID, Ease: 3, LastIvl: -60, Type: 0},
							ReviewLog{ID: id - 86400*1000, CardID: card.ID, Ease: 3, Type: 0},
							ReviewLog{ID: id + 3, CardID: card.ID, Ease: 0, Type: 4})
					}
					id += 10
				}
				if err := c.InsertReviews(rows); err != nil {
					panic(err)
				}
			},
			want: []dueRow{{"P", "P", 3, 0, 0, 1, 6}, {"P::C", "C", 3, 0, 0, 5, 5}},
		},
		{
			name:  "a deck's own limits override its option group",
			cards: []deckCards{{"A", repeat("new", 10)}, {"B", repeat("new", 10)}},
			setup: func(c *Collection) {
				setExtra(c.DeckByName("A"), "newLimit", `7`)
				setExtra(c.DeckByName("B"), "newLimit", `7`)
				setExtra(c.DeckByName("B"), "newLimitToday", `{"limit": 3, "today": 0}`)
			},
			want: []dueRow{{"A", "A", 7, 0, 0, 10, 10}, {"B", "B", 3, 0, 0, 10, 10}},
		},
		{
			name:  "decks without an option group are limited only by 9999",
			cards: []deckCards{{"A", repeat("new", 30)}},
			setup: func(c *Collection) { c.SetDeckConfig([]*Deck{c.DeckByName("A")}, 999) },
			want:  []dueRow{{"A", "A", 30, 0, 0, 30, 30}},
		},
		{
			name:  "filtered decks have no limits",
			cards: []deckCards{{"F", repeat("new", 30)}},
			setup: func(c *Collection) { c.DeckByName("F").Filtered = true },
			want:  []dueRow{{"F", "F", 30, 0, 0, 30, 30}},
		},
		{
			// Anki builds the tree from the sorted names: a deck whose parent
			// is missing goes under the previous deck one level up, or is
			// left out when there is none.
			name:  "children sorted case-insensitively; decks without their parent",
			cards: []deckCards{{"b", []string{"new"}}, {"A::z", []string{"rev"}}, {"A::Y", []string{"new"}}},
			setup: func(c *Collection) {
				c.putDeck(&Deck{ID: 77, Name: "Car::Orphan", ConfigID: DefaultConfigID})
				c.putDeck(&Deck{ID: 78, Name: "Car::Deeper::Orphan", ConfigID: DefaultConfigID})
			},
			want: []dueRow{
				{"A", "A", 1, 0, 1, 0, 2}, {"A::Y", "Y", 1, 0, 0, 1, 1}, {"A::z", "z", 0, 0, 1, 1, 1},
				{"b", "b", 1, 0, 0, 1, 1}, {"Car::Orphan", "Orphan", 0, 0, 0, 0, 0},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newTestCollection()
			for _, dc := range tt.cards {
				for _, state := range dc.states {
					cardState(c, addTestCard(t, c, dc.deck), state)
				}
			}
			if tt.setup != nil {
				tt.setup(c)
			}
			if diff := cmp.Diff(tt.want, dueRows(c, c.DueTreeWith(tt.opts))); diff != "" {
				t.Errorf("due tree (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSummarize(t *testing.T) {
	clock := &movableClock{now: t0}
	c := New(clock.Now, t0)
	mature := addTestCard(t, c, "A")
	mature.Queue, mature.Type, mature.Ivl, mature.Due = QueueReview, CardTypeReview, 30, 1
	young := addTestCard(t, c, "A::B")
	young.Queue, young.Type, young.Ivl, young.Due = QueueReview, CardTypeReview, 3, 1
	cardState(c, addTestCard(t, c, "A::B"), "lrn")
	cardState(c, addTestCard(t, c, "Other"), "susp")
	cardState(c, addTestCard(t, c, "Other"), "buried")
	addTestCard(t, c, "Other")
	today := t0.UnixMilli()
	rows := []ReviewLog{
		{ID: today, CardID: mature.ID, Ease: 3, LastIvl: 21, Type: 1, Time: 4000},
		{ID: today + 1, CardID: young.ID, Ease: 1, LastIvl: 3, Type: 1, Time: 2500},
		{ID: today + 2, CardID: young.ID, Ease: 3, LastIvl: -600, Type: 2, Time: 500},
		{ID: today - 86400*1000, CardID: mature.ID, Ease: 3, Type: 0}, // yesterday
	}
	if err := c.InsertReviews(rows); err != nil {
		t.Fatal(err)
	}
	whole := Summary{
		Today:  TodayReviews{Reviews: 3, Seconds: 7, Again: 1, Review: 2, Relearn: 1, MatureReviews: 1, MatureCorrect: 1},
		Mature: 1, YoungLearn: 2, New: 1, Suspended: 1, Buried: 1, Cards: 6, Notes: 6, DueTomorrow: 2,
	}
	if diff := cmp.Diff(whole, c.Summarize(nil)); diff != "" {
		t.Errorf("whole collection (-want +got):\n%s", diff)
	}
	deckB := Summary{
		Today:      TodayReviews{Reviews: 2, Seconds: 3, Again: 1, Review: 1, Relearn: 1},
		YoungLearn: 2, Cards: 2, Notes: 2, DueTomorrow: 1,
	}
	if diff := cmp.Diff(deckB, c.Summarize([]int64{c.DeckByName("A::B").ID})); diff != "" {
		t.Errorf("deck A::B (-want +got):\n%s", diff)
	}
	clock.now = t0.Add(24 * time.Hour)
	if got := c.Summarize(nil); got.Today != (TodayReviews{}) || got.DueTomorrow != 0 {
		t.Errorf("a day later: today %+v, due tomorrow %d; want nothing", got.Today, got.DueTomorrow)
	}
}

// BenchmarkDueTree10k builds the due tree of 10,000 cards in 20 decks with
// 50,000 review log rows, all dated today.
func BenchmarkDueTree10k(b *testing.B) {
	c := newTestCollection()
	var rows []ReviewLog
	for i := range 10000 {
		card := addTestCard(b, c, fmt.Sprintf("Deck %d::Sub %d", i%5, i%4))
		if i%2 == 0 {
			cardState(c, card, "rev")
		}
		for j := range 5 {
			rows = append(rows, ReviewLog{ID: int64(i*5+j) + t0.UnixMilli() - 40000, CardID: card.ID, Ease: 3, Type: 1})
		}
	}
	if err := c.InsertReviews(rows); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		c.DueTree()
	}
}

// TestIntPair checks the studied-today counter reader against the
// encoding/json reading it stands for, on plain and unusual forms.
func TestIntPair(t *testing.T) {
	type pair struct {
		A, B int
		OK   bool
	}
	cases := []struct {
		raw  string
		want pair
	}{
		{"[5, 3]", pair{5, 3, true}},
		{"[5,3]", pair{5, 3, true}},
		{" [ 5 ,\n3 ]\t", pair{5, 3, true}},
		{"[-1, 0]", pair{-1, 0, true}},
		{"[0, 1234567]", pair{0, 1234567, true}},
		{"[-0, 2]", pair{0, 2, true}},
		{"[5]", pair{}},
		{"[5, 3, 1]", pair{}},
		{"[]", pair{}},
		{"null", pair{}},
		{"", pair{}},
		{`"[5, 3]"`, pair{}},
		{"[1.0, 2]", pair{}},
		{"[1e2, 2]", pair{}},
		{"[05, 3]", pair{}},
		{"[+5, 3]", pair{}},
		{"[-, 3]", pair{}},
		{"[5, 3", pair{}},
		{"[99999999999999999999, 1]", pair{}},
	}
	for _, tc := range cases {
		a, b, ok := intPair(json.RawMessage(tc.raw))
		if diff := cmp.Diff(tc.want, pair{a, b, ok}); diff != "" {
			t.Errorf("intPair(%q) (-want +got):\n%s", tc.raw, diff)
		}
		var ref []int
		refOK := json.Unmarshal([]byte(tc.raw), &ref) == nil && len(ref) == 2
		if refOK != ok || (ok && (ref[0] != a || ref[1] != b)) {
			t.Errorf("intPair(%q) = %d, %d, %v; encoding/json reads %v, %v", tc.raw, a, b, ok, ref, refOK)
		}
	}
}

// TestAddReviewKeepsLogOrdered: rows added out of ID order (as a
// hand-written fixture may list them) are filed by ID, so an answer made
// at the clock of the newest row still gets an ID of its own.
func TestAddReviewKeepsLogOrdered(t *testing.T) {
	clock := &movableClock{now: t0}
	c := New(clock.Now, t0)
	card := addTestCard(t, c, "Deck")
	base := t0.UnixMilli()
	for _, id := range []int64{base + 5, base + 1, base + 3} {
		c.AddReview(ReviewLog{ID: id, CardID: card.ID, Ease: 3})
	}
	clock.now = time.UnixMilli(base + 5)
	if err := c.AnswerCard(card, 3, 0); err != nil {
		t.Fatal(err)
	}
	want := []int64{base + 1, base + 3, base + 5, base + 6}
	got := map[string][]int64{"log": reviewIDs(c.Reviews()), "card": reviewIDs(card.Reviews())}
	if diff := cmp.Diff(map[string][]int64{"log": want, "card": want}, got); diff != "" {
		t.Errorf("review IDs (-want +got):\n%s", diff)
	}
	if got := c.LatestReviewID(card.DeckID); got != base+6 {
		t.Errorf("LatestReviewID = %d, want %d", got, base+6)
	}
}
