package ankiconnecttest

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ankiconnect-go/ankiconnect"
	"github.com/ankiconnect-go/ankiconnect/internal/wire"
	"github.com/google/go-cmp/cmp"
)

// statsStart is the frozen time of the statistics tests: a Monday at 10 am
// UTC, so "today" began at 4 am.
var statsStart = time.Date(2025, 6, 2, 10, 0, 0, 0, time.UTC)

func TestFakeReviewLogRoundTrip(t *testing.T) {
	f := New(t, WithTime(statsStart))
	c, ctx := f.Client(), t.Context()
	cards := addCards(t, c, "Deck", 2)
	child := addCards(t, c, "Deck::Child", 1)
	base := statsStart.Add(-48 * time.Hour).UnixMilli()
	reviews := []ankiconnect.Review{
		{ID: base + 2000, CardID: cards[1], USN: -1, Ease: 3, Interval: 4, LastInterval: -600, Factor: 2500, Time: 6157, Type: ankiconnect.ReviewTypeLearn},
		{ID: base, CardID: cards[0], USN: -1, Ease: 1, Interval: -60, LastInterval: -60, Factor: 0, Time: 4846, Type: ankiconnect.ReviewTypeLearn},
		{ID: base + 1000, CardID: child[0], USN: 5, Ease: 4, Interval: 10, LastInterval: 3, Factor: 2650, Time: 900, Type: ankiconnect.ReviewTypeReview},
	}
	if err := c.InsertReviews(ctx, reviews); err != nil {
		t.Fatal(err)
	}

	// cardReviews: the deck's own cards' rows after startID, oldest first.
	got, err := c.CardReviews(ctx, "deck", 0)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]ankiconnect.Review{reviews[1], reviews[0]}, got); diff != "" {
		t.Errorf("CardReviews(deck, 0) (-want +got):\n%s", diff)
	}
	if got, err = c.CardReviews(ctx, "Deck", base); err != nil || len(got) != 1 || got[0] != reviews[0] {
		t.Errorf("CardReviews(Deck, %d) = %v, %v; want only the later row", base, got, err)
	}
	latest, err := c.GetLatestReviewID(ctx, "Deck::Child")
	if err != nil || latest != base+1000 {
		t.Errorf("GetLatestReviewID(Deck::Child) = %d, %v; want %d", latest, err, base+1000)
	}

	// getReviewsOfCards: every requested card, CardID filled in from the key.
	byCard, err := c.GetReviewsOfCards(ctx, []ankiconnect.CardID{cards[0], child[0], 12345})
	if err != nil {
		t.Fatal(err)
	}
	want := ankiconnect.ReviewsByCard{cards[0]: {reviews[1]}, child[0]: {reviews[2]}, 12345: {}}
	if diff := cmp.Diff(want, byCard); diff != "" {
		t.Errorf("GetReviewsOfCards (-want +got):\n%s", diff)
	}

	// A taken ID fails the whole batch with SQLite's error, as Anki reports it.
	err = c.InsertReviews(ctx, []ankiconnect.Review{{ID: base + 5000, CardID: cards[0], Ease: 3}, reviews[0]})
	var apiErr *ankiconnect.APIError
	if !errors.As(err, &apiErr) || apiErr.Message != wire.MsgRevlogIDTaken {
		t.Errorf("InsertReviews with a taken ID: error %v, want %q", err, wire.MsgRevlogIDTaken)
	}
	if latest, err := c.GetLatestReviewID(ctx, "Deck"); err != nil || latest != base+2000 {
		t.Errorf("after the failed insert the latest ID is %d, %v; want %d (nothing inserted)", latest, err, base+2000)
	}

	// Both actions create the deck they do not find.
	if got, err := c.CardReviews(ctx, "Created::By Reviews", 0); err != nil || len(got) != 0 {
		t.Errorf("CardReviews(new deck) = %v, %v; want no rows", got, err)
	}
	if id, err := c.GetLatestReviewID(ctx, "Created Too"); err != nil || id != 0 {
		t.Errorf("GetLatestReviewID(new deck) = %d, %v; want 0", id, err)
	}
	names, err := c.DeckNames(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"Created", "Created::By Reviews", "Created Too"} {
		if !slices.Contains(names, name) {
			t.Errorf("deck %q was not created: %q", name, names)
		}
	}
}

func TestFakeReviewCountsFollowTheClock(t *testing.T) {
	f := New(t, WithTime(statsStart))
	c, ctx := f.Client(), t.Context()
	cards := addCards(t, c, "Deck", 4)
	answer := func(ids ...ankiconnect.CardID) {
		t.Helper()
		answers := make([]ankiconnect.CardAnswer, len(ids))
		for i, id := range ids {
			answers[i] = ankiconnect.CardAnswer{CardID: id, Ease: 3}
		}
		if ok, err := c.AnswerCards(ctx, answers); err != nil || slices.Contains(ok, false) {
			t.Fatalf("AnswerCards: %v, %v", ok, err)
		}
	}
	check := func(when string, today int, byDay []ankiconnect.DayCount) {
		t.Helper()
		n, err := c.GetNumCardsReviewedToday(ctx)
		if err != nil || n != today {
			t.Errorf("%s: GetNumCardsReviewedToday = %d, %v; want %d", when, n, err, today)
		}
		days, err := c.GetNumCardsReviewedByDay(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(byDay, days); diff != "" {
			t.Errorf("%s: GetNumCardsReviewedByDay (-want +got):\n%s", when, diff)
		}
	}
	check("fresh", 0, []ankiconnect.DayCount{})
	answer(cards[0], cards[1], cards[2])
	check("after 3 answers", 3, []ankiconnect.DayCount{{Date: "2025-06-02", Count: 3}})
	f.Advance(17*time.Hour + 59*time.Minute) // 3:59 am: still Monday's day
	answer(cards[3])
	check("at 3:59 am", 4, []ankiconnect.DayCount{{Date: "2025-06-02", Count: 4}})
	f.Advance(time.Minute) // 4 am: Tuesday's day begins
	check("at 4 am", 0, []ankiconnect.DayCount{{Date: "2025-06-02", Count: 4}})
	// (An answer at 4:00:00.000 itself would not count as today's: the
	// add-on counts IDs above the day's first millisecond.)
	f.Advance(time.Minute)
	answer(cards[0])
	check("Tuesday", 1, []ankiconnect.DayCount{{Date: "2025-06-03", Count: 1}, {Date: "2025-06-02", Count: 4}})
}

func TestFakeDeckStats(t *testing.T) {
	f := New(t, WithTime(statsStart))
	c, ctx := f.Client(), t.Context()
	stats, err := c.GetDeckStats(ctx, []string{"Default"})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[ankiconnect.DeckID]ankiconnect.DeckStats{1: {DeckID: 1, Name: "Default"}}, stats); diff != "" {
		t.Errorf("fresh Default (-want +got):\n%s", diff)
	}

	spanish := addCards(t, c, "Lang::Spanish", 25)
	addCards(t, c, "Lang::French", 3)
	decks := map[string]ankiconnect.DeckID{}
	for _, d := range f.Decks() {
		decks[d.Name] = d.ID
	}
	get := func(when string, want ...ankiconnect.DeckStats) {
		t.Helper()
		got, err := c.GetDeckStats(ctx, []string{"Lang", "lang::spanish", "Lang::French"})
		if err != nil {
			t.Fatal(err)
		}
		wantMap := map[ankiconnect.DeckID]ankiconnect.DeckStats{}
		for _, w := range want {
			wantMap[w.DeckID] = w
		}
		if diff := cmp.Diff(wantMap, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", when, diff)
		}
	}
	lang, es, fr := decks["Lang"], decks["Lang::Spanish"], decks["Lang::French"]
	// Leaf names; 20 new cards a day; the parent sums its children's capped
	// counts, capped again, and has no cards of its own.
	get("after adding",
		ankiconnect.DeckStats{DeckID: lang, Name: "Lang", NewCount: 20},
		ankiconnect.DeckStats{DeckID: es, Name: "Spanish", NewCount: 20, TotalInDeck: 25},
		ankiconnect.DeckStats{DeckID: fr, Name: "French", NewCount: 3, TotalInDeck: 3})

	// Five new cards answered Good go to learning (due in 10 minutes, within
	// the learn-ahead limit) and use up five of today's new cards.
	answers := make([]ankiconnect.CardAnswer, 5)
	for i := range answers {
		answers[i] = ankiconnect.CardAnswer{CardID: spanish[i], Ease: 3}
	}
	if _, err := c.AnswerCards(ctx, answers); err != nil {
		t.Fatal(err)
	}
	get("after 5 answers",
		ankiconnect.DeckStats{DeckID: lang, Name: "Lang", NewCount: 15, LearnCount: 5},
		ankiconnect.DeckStats{DeckID: es, Name: "Spanish", NewCount: 15, LearnCount: 5, TotalInDeck: 25},
		ankiconnect.DeckStats{DeckID: fr, Name: "French", NewCount: 3, TotalInDeck: 3})

	// Review-log rows dated today are not answers: as in Anki, they use up
	// no limit.
	var rows []ankiconnect.Review
	for i, card := range spanish[5:10] {
		rows = append(rows, ankiconnect.Review{ID: f.Now().UnixMilli() + int64(i+1)*1000, CardID: card, Ease: 3, Interval: -600, Type: ankiconnect.ReviewTypeLearn})
	}
	if err := c.InsertReviews(ctx, rows); err != nil {
		t.Fatal(err)
	}
	get("after inserting 5 reviews dated today",
		ankiconnect.DeckStats{DeckID: lang, Name: "Lang", NewCount: 15, LearnCount: 5},
		ankiconnect.DeckStats{DeckID: es, Name: "Spanish", NewCount: 15, LearnCount: 5, TotalInDeck: 25},
		ankiconnect.DeckStats{DeckID: fr, Name: "French", NewCount: 3, TotalInDeck: 3})

	// A lower limit in Spanish's own option group, through the client.
	confID, found, err := c.CloneDeckConfigID(ctx, "Slow", 1)
	if err != nil || !found {
		t.Fatalf("CloneDeckConfigID: %v, %v", found, err)
	}
	if ok, err := c.SetDeckConfigID(ctx, []string{"Lang::Spanish"}, confID); err != nil || !ok {
		t.Fatalf("SetDeckConfigID: %v, %v", ok, err)
	}
	editDeckConfig(t, c, "Lang::Spanish", func(conf *ankiconnect.DeckConfig) { conf.New.PerDay = 7 })
	get("Spanish at 7 new a day",
		ankiconnect.DeckStats{DeckID: lang, Name: "Lang", NewCount: 5, LearnCount: 5},
		ankiconnect.DeckStats{DeckID: es, Name: "Spanish", NewCount: 2, LearnCount: 5, TotalInDeck: 25},
		ankiconnect.DeckStats{DeckID: fr, Name: "French", NewCount: 3, TotalInDeck: 3})

	// The next day the limits start again.
	f.Advance(24 * time.Hour)
	get("next day",
		ankiconnect.DeckStats{DeckID: lang, Name: "Lang", NewCount: 10, LearnCount: 5},
		ankiconnect.DeckStats{DeckID: es, Name: "Spanish", NewCount: 7, LearnCount: 5, TotalInDeck: 25},
		ankiconnect.DeckStats{DeckID: fr, Name: "French", NewCount: 3, TotalInDeck: 3})

	// A missing deck is created and reported; the empty Default deck is
	// not in the due tree once other decks exist, so it is not reported.
	got, err := c.GetDeckStats(ctx, []string{"Default", "Brand::New"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 {
		t.Fatalf("GetDeckStats(Default, Brand::New) = %v, want only the new deck", got)
	}
	for id, s := range got {
		if s != (ankiconnect.DeckStats{DeckID: id, Name: "New"}) {
			t.Errorf("new deck stats %+v, want an empty deck named New", s)
		}
	}
}

func TestFakeCollectionStatsHTML(t *testing.T) {
	f := New(t, WithTime(statsStart))
	c, ctx := f.Client(), t.Context()
	cards := addCards(t, c, "Default", 3)
	addCards(t, c, "Other", 2)
	if _, err := c.AnswerCards(ctx, []ankiconnect.CardAnswer{{CardID: cards[0], Ease: 1}, {CardID: cards[1], Ease: 3}}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		whole bool
		want  []string
	}{
		{true, []string{
			"<h1>Today</h1>Studied <b>2 cards</b>", "Again count: <b>1</b> (<b>50.0%</b> correct)",
			"Learn: <b>2</b>, Review: <b>0</b>", "<td>Unseen</td><td align=right><b>3</b></td>",
			"<td>Total cards</td><td align=right><b>5</b></td>", "Generated on Mon Jun  2 10:00:00 2025",
			"Scope: whole collection",
		}},
		{false, []string{
			"Studied <b>2 cards</b>", "<td>Unseen</td><td align=right><b>1</b></td>",
			"<td>Total cards</td><td align=right><b>3</b></td>", "Scope: Default",
		}},
	}
	for _, tt := range tests {
		html, err := c.GetCollectionStatsHTML(ctx, tt.whole)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(html, "<center>") || !strings.HasSuffix(html, "</center>") {
			t.Errorf("wholeCollection=%v: report not wrapped in <center>: %.60q", tt.whole, html)
		}
		for _, w := range tt.want {
			if !strings.Contains(html, w) {
				t.Errorf("wholeCollection=%v: report lacks %q:\n%s", tt.whole, w, html)
			}
		}
	}
}

// TestFakeStatsMulti sends all eight actions in one multi request; each
// gets its own result, in order (the insert is seen by the reads after it).
func TestFakeStatsMulti(t *testing.T) {
	f := New(t, WithTime(statsStart))
	c, ctx := f.Client(), t.Context()
	cards := addCards(t, c, "Default", 1)
	review := ankiconnect.Review{ID: statsStart.UnixMilli() - 1000, CardID: cards[0], USN: -1, Ease: 3, Interval: -600, Type: ankiconnect.ReviewTypeLearn, Time: 2000}

	m := c.NewMulti()
	insert := m.InsertReviews([]ankiconnect.Review{review})
	dup := m.InsertReviews([]ankiconnect.Review{review})
	reviews := m.CardReviews("Default", 0)
	byCard := m.GetReviewsOfCards([]ankiconnect.CardID{cards[0]})
	latest := m.GetLatestReviewID("Default")
	today := m.GetNumCardsReviewedToday()
	byDay := m.GetNumCardsReviewedByDay()
	html := m.GetCollectionStatsHTML(true)
	stats := m.GetDeckStats([]string{"Default"})
	// Only the second insert fails.
	var multiErr *ankiconnect.MultiError
	if err := m.Do(ctx); !errors.As(err, &multiErr) || len(multiErr.Failed) != 1 || multiErr.Failed[0].Action != "insertReviews" || multiErr.Total != 9 {
		t.Fatalf("Do: %v, want the second insertReviews alone to fail", err)
	}
	if err := insert.Err(); err != nil {
		t.Errorf("insertReviews: %v", err)
	}
	var apiErr *ankiconnect.APIError
	if err := dup.Err(); !errors.As(err, &apiErr) || apiErr.Message != wire.MsgRevlogIDTaken {
		t.Errorf("second insertReviews: %v, want %q", err, wire.MsgRevlogIDTaken)
	}
	type results struct {
		Reviews []ankiconnect.Review
		ByCard  ankiconnect.ReviewsByCard
		Latest  int64
		Today   int
		ByDay   []ankiconnect.DayCount
		Stats   map[ankiconnect.DeckID]ankiconnect.DeckStats
	}
	got := results{
		Reviews: pendingResult(t, reviews),
		ByCard:  pendingResult(t, byCard),
		Latest:  pendingResult(t, latest),
		Today:   pendingResult(t, today),
		ByDay:   pendingResult(t, byDay),
		Stats:   pendingResult(t, stats),
	}
	want := results{
		Reviews: []ankiconnect.Review{review},
		ByCard:  ankiconnect.ReviewsByCard{cards[0]: {review}},
		Latest:  review.ID,
		Today:   1,
		ByDay:   []ankiconnect.DayCount{{Date: "2025-06-02", Count: 1}},
		Stats:   map[ankiconnect.DeckID]ankiconnect.DeckStats{1: {DeckID: 1, Name: "Default", NewCount: 1, TotalInDeck: 1}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("multi results (-want +got):\n%s", diff)
	}
	if h, err := html.Result(); err != nil || !strings.Contains(h, "Studied <b>1 card</b>") {
		t.Errorf("getCollectionStatsHTML in multi: %v, %.200q", err, h)
	}
}

// pendingResult returns a queued action's result, failing the test on its
// error.
func pendingResult[R any](t *testing.T, p *ankiconnect.Pending[R]) R {
	t.Helper()
	v, err := p.Result()
	if err != nil {
		t.Fatal(err)
	}
	return v
}
