package ankiconnecttest

import (
	"testing"
	"time"

	"github.com/ankiconnect-go/ankiconnect"
	"github.com/google/go-cmp/cmp"
)

// TestFakeTime: with WithTime the fake's clock stands still until the
// test moves it; IDs, modification times and "added:" searches follow it.
func TestFakeTime(t *testing.T) {
	start := time.Date(2025, 6, 2, 9, 30, 0, 0, time.UTC)
	f := New(t, WithTime(start))
	c, ctx := f.Client(), t.Context()
	if !f.Now().Equal(start) {
		t.Fatalf("Now = %v, want %v", f.Now(), start)
	}
	id, err := c.AddNote(ctx, ankiconnect.Note{DeckName: "Default", ModelName: "Basic", Fields: map[string]string{"Front": "then", "Back": "x"}})
	if err != nil {
		t.Fatal(err)
	}
	// IDs are the clock's milliseconds, bumped past those handed out already
	// (the stock note types take a few at start).
	if at := time.UnixMilli(int64(id)).UTC(); at.Truncate(time.Second) != start {
		t.Errorf("note ID %d is the time %v, want within the second of %v", id, at, start)
	}
	if n, _ := f.Note(id); n.Mod != start.Unix() {
		t.Errorf("note mod %d, want %d", n.Mod, start.Unix())
	}
	find := func(query string) int {
		t.Helper()
		ids, err := c.FindCards(ctx, query)
		if err != nil {
			t.Fatalf("findCards %q: %v", query, err)
		}
		return len(ids)
	}

	f.Advance(48 * time.Hour)
	later := start.Add(48 * time.Hour)
	if !f.Now().Equal(later) {
		t.Errorf("Now after Advance = %v, want %v", f.Now(), later)
	}
	deck, err := c.CreateDeck(ctx, "Later")
	if err != nil {
		t.Fatal(err)
	}
	type counts struct{ Added1, Added3, DeckID int64 }
	want := counts{Added1: 0, Added3: 1, DeckID: later.UnixMilli()}
	if diff := cmp.Diff(want, counts{int64(find("added:1")), int64(find("added:3")), int64(deck)}); diff != "" {
		t.Errorf("two days later (-want +got):\n%s", diff)
	}

	back := start.Add(time.Hour)
	f.SetTime(back)
	if !f.Now().Equal(back) {
		t.Errorf("Now after SetTime = %v, want %v", f.Now(), back)
	}
	if got := find("added:1"); got != 1 {
		t.Errorf("added:1 on the first day again finds %d cards, want 1", got)
	}
	// IDs stay unique and increasing when the clock goes back.
	id2, err := c.AddNote(ctx, ankiconnect.Note{DeckName: "Default", ModelName: "Basic", Fields: map[string]string{"Front": "back", "Back": "x"}})
	if err != nil {
		t.Fatal(err)
	}
	if id2 <= ankiconnect.NoteID(deck) {
		t.Errorf("note ID %d after the clock went back, want above %d", id2, deck)
	}
}

// TestFakeAdvanceRunningClock: Advance moves a running clock too.
func TestFakeAdvanceRunningClock(t *testing.T) {
	f := New(t)
	before := time.Now()
	f.Advance(72 * time.Hour)
	if ahead := f.Now().Sub(before); ahead < 72*time.Hour {
		t.Errorf("the fake's clock is %v ahead, want at least 72h", ahead)
	}
}

// TestFakeTimeScheduling: due dates, is:due, rated: and the daily review
// count follow the fake's clock.
func TestFakeTimeScheduling(t *testing.T) {
	f := New(t, WithTime(time.Date(2025, 6, 2, 9, 30, 0, 0, time.UTC)))
	c, ctx := f.Client(), t.Context()
	if _, err := f.AddNote(ankiconnect.Note{DeckName: "Default", ModelName: "Basic", Fields: map[string]string{"Front": "due", "Back": "x"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.AddNote(ankiconnect.Note{DeckName: "Default", ModelName: "Basic", Fields: map[string]string{"Front": "answered", "Back": "x"}}); err != nil {
		t.Fatal(err)
	}
	cards := f.Cards()
	if ok, err := c.SetDueDate(ctx, []ankiconnect.CardID{cards[0].ID}, "1"); !ok || err != nil {
		t.Fatalf("SetDueDate = %v, %v", ok, err)
	}
	if _, err := c.AnswerCards(ctx, []ankiconnect.CardAnswer{{CardID: cards[1].ID, Ease: ankiconnect.EaseGood}}); err != nil {
		t.Fatal(err)
	}
	type day struct {
		Due, RatedToday, RatedIn2Days, ReviewedToday int
	}
	view := func() day {
		t.Helper()
		var d day
		for query, n := range map[string]*int{"is:due -is:learn": &d.Due, "rated:1": &d.RatedToday, "rated:2": &d.RatedIn2Days} {
			ids, err := c.FindCards(ctx, query)
			if err != nil {
				t.Fatalf("findCards %q: %v", query, err)
			}
			*n = len(ids)
		}
		var err error
		if d.ReviewedToday, err = c.GetNumCardsReviewedToday(ctx); err != nil {
			t.Fatal(err)
		}
		return d
	}
	// The add-on counts every review log row of the day, setDueDate's
	// manual one too; rated: counts answers only.
	if diff := cmp.Diff(day{Due: 0, RatedToday: 1, RatedIn2Days: 1, ReviewedToday: 2}, view()); diff != "" {
		t.Errorf("today (-want +got):\n%s", diff)
	}
	f.Advance(24 * time.Hour)
	if diff := cmp.Diff(day{Due: 1, RatedToday: 0, RatedIn2Days: 1, ReviewedToday: 0}, view()); diff != "" {
		t.Errorf("tomorrow (-want +got):\n%s", diff)
	}
}
