package ankiconnecttest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/ankiconnect-go/ankiconnect"
	"github.com/google/go-cmp/cmp"
)

// The card scheduling actions through the client's typed methods, end to
// end against the fake.

// schedFake starts a fake whose clock stands at noon on its first scheduler
// day (days start at 4:00) with n new Basic cards in Default, in creation
// order. The test moves the clock with Fake.Advance.
func schedFake(t *testing.T, n int) (*Fake, *ankiconnect.Client, []ankiconnect.CardID) {
	t.Helper()
	f := New(t, WithTime(time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)))
	return f, f.Client(), addCards(t, f.Client(), "Default", n)
}

// apiMessage is the add-on's message inside a client error ("" if none).
func apiMessage(err error) string {
	var api *ankiconnect.APIError
	if errors.As(err, &api) {
		return api.Message
	}
	return ""
}

func intPtr(v int) *int    { return &v }
func boolPtr(v bool) *bool { return &v }

func TestFakeSchedEaseFactors(t *testing.T) {
	_, c, ids := schedFake(t, 2)
	ctx := context.Background()
	ok, err := c.SetEaseFactors(ctx, []ankiconnect.CardID{ids[0], 999, ids[1]}, []int{4100, 3900, 2700})
	if err != nil || !cmp.Equal(ok, []bool{true, false, true}) {
		t.Errorf("SetEaseFactors = %v, %v", ok, err)
	}
	got, err := c.GetEaseFactors(ctx, []ankiconnect.CardID{ids[0], 999, ids[1]})
	if diff := cmp.Diff([]*int{intPtr(4100), nil, intPtr(2700)}, got); diff != "" || err != nil {
		t.Errorf("GetEaseFactors error %v (-want +got):\n%s", err, diff)
	}
	_, err = c.SetEaseFactors(ctx, ids, []int{2000})
	if msg := apiMessage(err); msg != "list index out of range" {
		t.Errorf("short easeFactors: %v", err)
	}
}

func TestFakeSchedSetSpecificValueOfCard(t *testing.T) {
	_, c, ids := schedFake(t, 1)
	ctx := context.Background()
	tests := []struct {
		name         string
		card         ankiconnect.CardID
		keys         []string
		values       []any
		warningCheck bool
		want         ankiconnect.SetValueResult
	}{
		{"flags and factor", ids[0], []string{"flags", "factor"}, []any{2, 2300}, false, ankiconnect.SetValueResult{Set: true}},
		{"protected key without warning check", ids[0], []string{"queue"}, []any{-1}, false, ankiconnect.SetValueResult{Refused: true}},
		{"protected key with warning check", ids[0], []string{"queue"}, []any{-1}, true, ankiconnect.SetValueResult{Set: true}},
		{"lengths differ", ids[0], []string{"flags"}, []any{1, 2}, false, ankiconnect.SetValueResult{Refused: true}},
		{"unknown card", 999, []string{"flags"}, []any{1}, false, ankiconnect.SetValueResult{Message: "Card was not found: 999"}},
		{"string for a number", ids[0], []string{"flags"}, []any{"1"}, false,
			ankiconnect.SetValueResult{Message: "'str' object cannot be interpreted as an integer"}},
	}
	for _, tc := range tests {
		got, err := c.SetSpecificValueOfCard(ctx, tc.card, tc.keys, tc.values, tc.warningCheck)
		if diff := cmp.Diff(tc.want, got); diff != "" || err != nil {
			t.Errorf("%s: error %v (-want +got):\n%s", tc.name, err, diff)
		}
	}
	info, err := c.CardsInfo(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	if got := []any{info[0].Flags, info[0].Factor, info[0].Queue}; !cmp.Equal(got, []any{ankiconnect.FlagOrange, 2300, ankiconnect.CardQueueSuspended}) {
		t.Errorf("flags, factor, queue = %v", got)
	}
}

func TestFakeSchedSuspension(t *testing.T) {
	_, c, ids := schedFake(t, 2)
	ctx := context.Background()
	if ok, err := c.Suspend(ctx, ids[:1]); !ok || err != nil {
		t.Errorf("Suspend = %v, %v", ok, err)
	}
	if ok, err := c.Suspend(ctx, ids[:1]); ok || err != nil {
		t.Errorf("Suspend again = %v, %v; want false", ok, err)
	}
	if s, err := c.Suspended(ctx, ids[0]); !s || err != nil {
		t.Errorf("Suspended = %v, %v", s, err)
	}
	got, err := c.AreSuspended(ctx, []ankiconnect.CardID{ids[0], ids[1], 999})
	if diff := cmp.Diff([]*bool{boolPtr(true), boolPtr(false), nil}, got); diff != "" || err != nil {
		t.Errorf("AreSuspended error %v (-want +got):\n%s", err, diff)
	}
	if err := c.Unsuspend(ctx, ids); err != nil {
		t.Errorf("Unsuspend: %v", err)
	}
	if s, err := c.Suspended(ctx, ids[0]); s || err != nil {
		t.Errorf("Suspended after Unsuspend = %v, %v", s, err)
	}
	for name, err := range map[string]error{
		"Suspend":   func() error { _, err := c.Suspend(ctx, []ankiconnect.CardID{999}); return err }(),
		"Unsuspend": c.Unsuspend(ctx, []ankiconnect.CardID{999}),
		"Suspended": func() error { _, err := c.Suspended(ctx, 999); return err }(),
	} {
		if !errors.Is(err, ankiconnect.ErrCardNotFound) {
			t.Errorf("%s of an unknown card: %v, want ErrCardNotFound", name, err)
		}
	}
}

func TestFakeSchedAnswering(t *testing.T) {
	f, c, ids := schedFake(t, 2)
	ctx := context.Background()
	card := ids[0]
	if due, err := c.AreDue(ctx, []ankiconnect.CardID{card}); err != nil || !cmp.Equal(due, []bool{true}) {
		t.Errorf("new card AreDue = %v, %v", due, err)
	}
	ivls, err := c.GetIntervals(ctx, []ankiconnect.CardID{card})
	if err != nil || !cmp.Equal(ivls, []ankiconnect.Interval{0}) {
		t.Errorf("new card GetIntervals = %v, %v", ivls, err)
	}
	// Good, Good: learning step 10m, then a 1-day review.
	for _, wait := range []time.Duration{0, 10 * time.Minute} {
		f.Advance(wait)
		ok, err := c.AnswerCards(ctx, []ankiconnect.CardAnswer{{CardID: card, Ease: ankiconnect.EaseGood}, {CardID: 999, Ease: ankiconnect.EaseGood}})
		if err != nil || !cmp.Equal(ok, []bool{true, false}) {
			t.Fatalf("AnswerCards = %v, %v", ok, err)
		}
	}
	info, err := c.CardsInfo(ctx, []ankiconnect.CardID{card})
	if err != nil {
		t.Fatal(err)
	}
	got := []any{info[0].Type, info[0].Queue, info[0].Interval, info[0].Factor, info[0].NextReviews}
	want := []any{ankiconnect.CardTypeReview, ankiconnect.CardQueueReview, 1, 2500, []string{"<10m", "2d", "3d", "4d"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("after Good, Good: type, queue, interval, factor, nextReviews (-want +got):\n%s", diff)
	}
	history, err := c.GetIntervalHistory(ctx, []ankiconnect.CardID{card, ids[1], 999})
	if diff := cmp.Diff([]ankiconnect.IntervalHistory{{-600, 1}, nil, {}}, history); diff != "" || err != nil {
		t.Errorf("GetIntervalHistory error %v (-want +got):\n%s", err, diff)
	}
	if ivl := history[0][0].Duration(); ivl != 10*time.Minute {
		t.Errorf("first interval %v, want 10m", ivl)
	}
	if due, err := c.AreDue(ctx, []ankiconnect.CardID{card}); err != nil || !cmp.Equal(due, []bool{false}) {
		t.Errorf("AreDue before the day is over = %v, %v", due, err)
	}
	f.Advance(24 * time.Hour)
	if due, err := c.AreDue(ctx, []ankiconnect.CardID{card}); err != nil || !cmp.Equal(due, []bool{true}) {
		t.Errorf("AreDue a day later = %v, %v", due, err)
	}
	found, err := c.FindCards(ctx, "is:due")
	if err != nil || !cmp.Equal(found, []ankiconnect.CardID{card}) {
		t.Errorf("is:due a day later = %v, %v; want only the review card (new cards are not due)", found, err)
	}
	// The client refuses a bad ease before sending, so no answer of the
	// batch is applied (the add-on would apply the ones before it).
	before, err := c.GetReviewsOfCards(ctx, []ankiconnect.CardID{card})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.AnswerCards(ctx, []ankiconnect.CardAnswer{{CardID: card, Ease: ankiconnect.EaseGood}, {CardID: card, Ease: 5}})
	if !errors.Is(err, ankiconnect.ErrInvalidEase) {
		t.Errorf("ease 5: %v, want ErrInvalidEase", err)
	}
	if after, err := c.GetReviewsOfCards(ctx, []ankiconnect.CardID{card}); err != nil || !cmp.Equal(after, before) {
		t.Errorf("reviews after a refused batch = %v, %v; want them unchanged: %v", after, err, before)
	}
	if _, err := c.AreDue(ctx, []ankiconnect.CardID{999}); apiMessage(err) != "list index out of range" {
		t.Errorf("AreDue of an unknown card: %v", err)
	}
}

func TestFakeSchedForgetRelearnDueDate(t *testing.T) {
	_, c, ids := schedFake(t, 2)
	ctx := context.Background()
	if _, err := c.AnswerCards(ctx, []ankiconnect.CardAnswer{{CardID: ids[1], Ease: ankiconnect.EaseEasy}}); err != nil {
		t.Fatal(err)
	}
	if err := c.ForgetCards(ctx, ids[1:]); err != nil {
		t.Fatal(err)
	}
	if err := c.RelearnCards(ctx, ids[:1]); err != nil {
		t.Fatal(err)
	}
	info, err := c.CardsInfo(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	type state struct {
		Type       ankiconnect.CardType
		Queue      ankiconnect.CardQueue
		Due        int64
		Reps       int
		Ivl        int
		FactorZero bool
	}
	of := func(ci *ankiconnect.CardInfo) state {
		return state{ci.Type, ci.Queue, ci.Due, ci.Reps, ci.Interval, ci.Factor == 0}
	}
	wantStates := []state{
		{ankiconnect.CardTypeRelearn, ankiconnect.CardQueueLearn, 1, 0, 0, true}, // raw type/queue update
		{ankiconnect.CardTypeNew, ankiconnect.CardQueueNew, 2, 1, 0, true},       // back at its position, reps kept
	}
	if diff := cmp.Diff(wantStates, []state{of(info[0]), of(info[1])}); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	ok, err := c.SetDueDate(ctx, ids, ankiconnect.DueIn(2).SettingInterval())
	if !ok || err != nil {
		t.Fatalf("SetDueDate = %v, %v", ok, err)
	}
	if info, err = c.CardsInfo(ctx, ids); err != nil {
		t.Fatal(err)
	}
	for i, ci := range info {
		if got := []any{ci.Type, ci.Queue, ci.Due, ci.Interval, ci.Factor}; !cmp.Equal(got, []any{ankiconnect.CardTypeReview, ankiconnect.CardQueueReview, int64(2), 2, 2500}) {
			t.Errorf("card %d after SetDueDate(2!): type, queue, due, interval, factor = %v", i, got)
		}
	}
	if ok, err = c.SetDueDate(ctx, ids, ankiconnect.DueBetween(3, 7)); !ok || err != nil {
		t.Errorf("SetDueDate(3-7) = %v, %v", ok, err)
	}
	if info, err = c.CardsInfo(ctx, ids); err != nil {
		t.Fatal(err)
	}
	for i, ci := range info {
		if ci.Due < 3 || ci.Due > 7 || ci.Queue != ankiconnect.CardQueueReview {
			t.Errorf("card %d after SetDueDate(3-7): due day %d, queue %v; want a review due on day 3 to 7", i, ci.Due, ci.Queue)
		}
	}
	if _, err := c.SetDueDate(ctx, ids, "soon"); apiMessage(err) != "soon" {
		t.Errorf("SetDueDate(soon): %v, want the backend's message %q", err, "soon")
	}
}

func TestFakeSchedMulti(t *testing.T) {
	_, c, ids := schedFake(t, 2)
	ctx := context.Background()
	m := c.NewMulti()
	set := m.SetEaseFactors(ids, []int{3000, 3100})
	ease := m.GetEaseFactors(ids)
	value := m.SetSpecificValueOfCard(ids[0], []string{"flags"}, []any{4}, false)
	suspend := m.Suspend(ids[1:])
	suspended := m.Suspended(ids[1])
	are := m.AreSuspended(ids)
	unsuspend := m.Unsuspend(ids[1:])
	answer := m.AnswerCards([]ankiconnect.CardAnswer{{CardID: ids[0], Ease: ankiconnect.EaseAgain}})
	due := m.AreDue(ids)
	ivls := m.GetIntervals(ids)
	history := m.GetIntervalHistory(ids)
	forget := m.ForgetCards(ids[:1])
	relearn := m.RelearnCards(ids[1:])
	dueDate := m.SetDueDate(ids[1:], ankiconnect.DueIn(0))
	missing := m.Suspended(999)
	var multiErr *ankiconnect.MultiError
	if err := m.Do(ctx); !errors.As(err, &multiErr) || len(multiErr.Failed) != 1 || multiErr.Total != 15 {
		t.Fatalf("Do = %v; want a MultiError with the one unknown card", err)
	}
	check := func(name string, got any, err error, want any) {
		t.Helper()
		if diff := cmp.Diff(want, got); diff != "" || err != nil {
			t.Errorf("%s: error %v (-want +got):\n%s", name, err, diff)
		}
	}
	r1, err := set.Result()
	check("SetEaseFactors", r1, err, []bool{true, true})
	r2, err := ease.Result()
	check("GetEaseFactors", r2, err, []*int{intPtr(3000), intPtr(3100)})
	r3, err := value.Result()
	check("SetSpecificValueOfCard", r3, err, ankiconnect.SetValueResult{Set: true})
	r4, err := suspend.Result()
	check("Suspend", r4, err, true)
	r5, err := suspended.Result()
	check("Suspended", r5, err, true)
	r6, err := are.Result()
	check("AreSuspended", r6, err, []*bool{boolPtr(false), boolPtr(true)})
	check("Unsuspend", nil, unsuspend.Err(), nil)
	r8, err := answer.Result()
	check("AnswerCards", r8, err, []bool{true})
	r9, err := due.Result()
	check("AreDue", r9, err, []bool{true, true})
	r10, err := ivls.Result()
	check("GetIntervals", r10, err, []ankiconnect.Interval{-60, 0})
	r11, err := history.Result()
	check("GetIntervalHistory", r11, err, []ankiconnect.IntervalHistory{{-60}, nil})
	check("ForgetCards", nil, forget.Err(), nil)
	check("RelearnCards", nil, relearn.Err(), nil)
	r14, err := dueDate.Result()
	check("SetDueDate", r14, err, true)
	if err := missing.Err(); !errors.Is(err, ankiconnect.ErrCardNotFound) {
		t.Errorf("Suspended(999) in the batch: %v, want ErrCardNotFound", err)
	}
}
