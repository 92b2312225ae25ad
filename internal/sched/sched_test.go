package sched

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// The collection's clock in these tests: day 100 starts at 04:00 UTC on
// 2026-01-01 (Anki's default 4 am rollover), and the first answer is at
// 10:00, 18 hours before the next rollover.
var (
	dayStart = time.Date(2026, 1, 1, 4, 0, 0, 0, time.UTC)
	start    = dayStart.Add(6 * time.Hour)
)

const startDay = 100

// clock returns the answer time, day number and next cutoff d days and
// extra time after the first answer.
func clock(days int, extra time.Duration) (time.Time, int, time.Time) {
	now := start.AddDate(0, 0, days).Add(extra)
	day := startDay + days + int(now.Sub(dayStart.AddDate(0, 0, days))/(24*time.Hour))
	return now, day, dayStart.AddDate(0, 0, day-startDay+1)
}

var newCard = Card{Type: TypeNew, Queue: QueueNew, Due: 5}

// TestAnswerGoodGoodAgainGood follows one card through the scenario of
// Anki's manual with the default options (learning steps 1m 10m,
// graduating interval 1 day, starting ease 250%, relearning step 10m, new
// interval after a lapse 0%, minimum interval 1 day), then on through
// review answers.
func TestAnswerGoodGoodAgainGood(t *testing.T) {
	cfg := DefaultConfig()
	steps := []struct {
		rule     string
		days     int
		extra    time.Duration
		ease     int
		wantCard func(now time.Time) Card
		wantLog  Log
	}{
		{
			rule: "new card, Good: a new card starts on the first step; Good moves it to the next step, 10m (type learn, queue learn, due in epoch seconds, 1 step left)",
			ease: 3,
			wantCard: func(now time.Time) Card {
				return Card{Type: TypeLearn, Queue: QueueLearn, Due: now.Unix() + 600, Reps: 1, Left: 1}
			},
			wantLog: Log{Ease: 3, Ivl: -600, LastIvl: 0, Factor: 0, Type: LogLearn},
		},
		{
			rule:  "10 minutes later, Good on the last step: the card graduates with the graduating interval, 1 day, and the starting ease 2500",
			extra: 10 * time.Minute, ease: 3,
			wantCard: func(time.Time) Card {
				return Card{Type: TypeReview, Queue: QueueReview, Due: startDay + 1, Ivl: 1, Factor: 2500, Reps: 2}
			},
			wantLog: Log{Ease: 3, Ivl: 1, LastIvl: -600, Factor: 2500, Type: LogLearn},
		},
		{
			rule: "next day, Again: a lapse; ease -20% (2300), relearning step 10m, interval 1 day x 0% raised to the 1-day minimum",
			days: 1, ease: 1,
			wantCard: func(now time.Time) Card {
				return Card{Type: TypeRelearn, Queue: QueueLearn, Due: now.Unix() + 600, Ivl: 1, Factor: 2300, Reps: 3, Lapses: 1, Left: 1}
			},
			wantLog: Log{Ease: 1, Ivl: -600, LastIvl: 1, Factor: 2300, Type: LogReview},
		},
		{
			rule: "10 minutes later, Good on the last relearning step: back to review with the lapse interval, 1 day",
			days: 1, extra: 10 * time.Minute, ease: 3,
			wantCard: func(time.Time) Card {
				return Card{Type: TypeReview, Queue: QueueReview, Due: startDay + 2, Ivl: 1, Factor: 2300, Reps: 4, Lapses: 1}
			},
			wantLog: Log{Ease: 3, Ivl: 1, LastIvl: -600, Factor: 2300, Type: LogRelearn},
		},
		{
			rule: "next day, Good: interval x ease = 1 x 2.3 = 2, but at least a day more than Hard (1 x 1.2, at least 1+1 = 2), so 3",
			days: 2, ease: 3,
			wantCard: func(time.Time) Card {
				return Card{Type: TypeReview, Queue: QueueReview, Due: startDay + 5, Ivl: 3, Factor: 2300, Reps: 5, Lapses: 1}
			},
			wantLog: Log{Ease: 3, Ivl: 3, LastIvl: 1, Factor: 2300, Type: LogReview},
		},
		{
			rule: "3 days later, Easy: 3 x 2.3 x 1.3 (easy bonus) = 8.97, so 9 days; ease +15%",
			days: 5, ease: 4,
			wantCard: func(time.Time) Card {
				return Card{Type: TypeReview, Queue: QueueReview, Due: startDay + 14, Ivl: 9, Factor: 2450, Reps: 6, Lapses: 1}
			},
			wantLog: Log{Ease: 4, Ivl: 9, LastIvl: 3, Factor: 2450, Type: LogReview},
		},
		{
			rule: "9 days later, Hard: 9 x 1.2 (hard interval) = 10.8, so 11 days; ease -15%",
			days: 14, ease: 2,
			wantCard: func(time.Time) Card {
				return Card{Type: TypeReview, Queue: QueueReview, Due: startDay + 25, Ivl: 11, Factor: 2300, Reps: 7, Lapses: 1}
			},
			wantLog: Log{Ease: 2, Ivl: 11, LastIvl: 9, Factor: 2300, Type: LogReview},
		},
	}
	card := newCard
	for i, st := range steps {
		now, day, cutoff := clock(st.days, st.extra)
		got, log, err := Answer(card, cfg, st.ease, now, day, cutoff)
		if err != nil {
			t.Fatalf("step %d (%s): %v", i+1, st.rule, err)
		}
		if diff := cmp.Diff(st.wantCard(now), got); diff != "" {
			t.Errorf("step %d (%s): card (-want +got):\n%s", i+1, st.rule, diff)
		}
		if diff := cmp.Diff(st.wantLog, log); diff != "" {
			t.Errorf("step %d (%s): log (-want +got):\n%s", i+1, st.rule, diff)
		}
		card = got
	}
}

func TestAnswerBranches(t *testing.T) {
	now, day, cutoff := clock(0, 0)
	review := func(ivl int, due int64, lapses int) Card {
		return Card{Type: TypeReview, Queue: QueueReview, Due: due, Ivl: ivl, Factor: 2500, Reps: 3, Lapses: lapses}
	}
	steps3 := DefaultConfig()
	steps3.LearnSteps = []float64{0.5, 3, 10}
	noRelearn := DefaultConfig()
	noRelearn.RelearnSteps = nil
	halfLapse := DefaultConfig()
	halfLapse.LapseMult = 0.5
	suspendLeech := DefaultConfig()
	suspendLeech.LeechSuspend = true
	dayLearn := DefaultConfig()
	dayLearn.LearnSteps = []float64{1, 10, 1440, 2880}
	cases := []struct {
		name     string
		cfg      Config
		card     Card
		ease     int
		wantCard Card
		wantLog  Log
	}{
		{"new, Again: first step, all steps left", DefaultConfig(), newCard, 1,
			Card{Type: TypeLearn, Queue: QueueLearn, Due: now.Unix() + 60, Reps: 1, Left: 2},
			Log{Ease: 1, Ivl: -60, Type: LogLearn}},
		{"new, Hard: mean of the first two steps, (1m+10m)/2 = 330s", DefaultConfig(), newCard, 2,
			Card{Type: TypeLearn, Queue: QueueLearn, Due: now.Unix() + 330, Reps: 1, Left: 2},
			Log{Ease: 2, Ivl: -330, Type: LogLearn}},
		{"new, Easy: easy interval 4 days, starting ease", DefaultConfig(), newCard, 4,
			Card{Type: TypeReview, Queue: QueueReview, Due: startDay + 4, Ivl: 4, Factor: 2500, Reps: 1},
			Log{Ease: 4, Ivl: 4, Factor: 2500, Type: LogLearn}},
		{"Anki test_learn: steps 0.5 3 10, Good from the first step goes to 3m", steps3,
			Card{Type: TypeLearn, Queue: QueueLearn, Due: now.Unix(), Reps: 1, Left: 3}, 3,
			Card{Type: TypeLearn, Queue: QueueLearn, Due: now.Unix() + 180, Reps: 2, Left: 2},
			Log{Ease: 3, Ivl: -180, LastIvl: -30, Type: LogLearn}},
		{"learning, Again: back to the first step", DefaultConfig(),
			Card{Type: TypeLearn, Queue: QueueLearn, Due: now.Unix(), Reps: 1, Left: 1}, 1,
			Card{Type: TypeLearn, Queue: QueueLearn, Due: now.Unix() + 60, Reps: 2, Left: 2},
			Log{Ease: 1, Ivl: -60, LastIvl: -600, Type: LogLearn}},
		{"learning step of a day counts in days: queue 3, due a day number", dayLearn,
			Card{Type: TypeLearn, Queue: QueueLearn, Due: now.Unix(), Reps: 2, Left: 3}, 3,
			Card{Type: TypeLearn, Queue: QueueDayLearn, Due: startDay + 1, Reps: 3, Left: 2},
			Log{Ease: 3, Ivl: 1, LastIvl: -600, Type: LogLearn}},
		{"Anki test_reviews: 8 days late, Hard: 100 x 1.2 = 120, ease -15%", DefaultConfig(), review(100, startDay-8, 1), 2,
			Card{Type: TypeReview, Queue: QueueReview, Due: startDay + 120, Ivl: 120, Factor: 2350, Reps: 4, Lapses: 1},
			Log{Ease: 2, Ivl: 120, LastIvl: 100, Factor: 2350, Type: LogReview}},
		{"Anki test_reviews: 8 days late, Good: (100 + 8/2) x 2.5 = 260", DefaultConfig(), review(100, startDay-8, 1), 3,
			Card{Type: TypeReview, Queue: QueueReview, Due: startDay + 260, Ivl: 260, Factor: 2500, Reps: 4, Lapses: 1},
			Log{Ease: 3, Ivl: 260, LastIvl: 100, Factor: 2500, Type: LogReview}},
		{"Anki test_reviews: 8 days late, Easy: (100 + 8) x 2.5 x 1.3 = 351, ease +15%", DefaultConfig(), review(100, startDay-8, 1), 4,
			Card{Type: TypeReview, Queue: QueueReview, Due: startDay + 351, Ivl: 351, Factor: 2650, Reps: 4, Lapses: 1},
			Log{Ease: 4, Ivl: 351, LastIvl: 100, Factor: 2650, Type: LogReview}},
		{"review answered before its due day counts as on time", DefaultConfig(), review(10, startDay+5, 0), 3,
			Card{Type: TypeReview, Queue: QueueReview, Due: startDay + 25, Ivl: 25, Factor: 2500, Reps: 4},
			Log{Ease: 3, Ivl: 25, LastIvl: 10, Factor: 2500, Type: LogReview}},
		{"maximum interval: Good and Easy capped at 36500 days", DefaultConfig(), review(30000, startDay, 0), 4,
			Card{Type: TypeReview, Queue: QueueReview, Due: startDay + 36500, Ivl: 36500, Factor: 2650, Reps: 4},
			Log{Ease: 4, Ivl: 36500, LastIvl: 30000, Factor: 2650, Type: LogReview}},
		{"maximum interval: Hard 30000 x 1.2 = 36000", DefaultConfig(), review(30000, startDay, 0), 2,
			Card{Type: TypeReview, Queue: QueueReview, Due: startDay + 36000, Ivl: 36000, Factor: 2350, Reps: 4},
			Log{Ease: 2, Ivl: 36000, LastIvl: 30000, Factor: 2350, Type: LogReview}},
		{"lapse with new interval 50%: relearning, interval 100 x 0.5", halfLapse, review(100, startDay, 0), 1,
			Card{Type: TypeRelearn, Queue: QueueLearn, Due: now.Unix() + 600, Ivl: 50, Factor: 2300, Reps: 4, Lapses: 1, Left: 1},
			Log{Ease: 1, Ivl: -600, LastIvl: 100, Factor: 2300, Type: LogReview}},
		{"Anki test_relearn_no_steps: a lapse without relearning steps stays a review card", noRelearn, review(100, startDay, 0), 1,
			Card{Type: TypeReview, Queue: QueueReview, Due: startDay + 1, Ivl: 1, Factor: 2300, Reps: 4, Lapses: 1},
			Log{Ease: 1, Ivl: 1, LastIvl: 100, Factor: 2300, Type: LogReview}},
		{"ease never drops below 130%", DefaultConfig(), Card{Type: TypeReview, Queue: QueueReview, Due: startDay, Ivl: 5, Factor: 1400}, 1,
			Card{Type: TypeRelearn, Queue: QueueLearn, Due: now.Unix() + 600, Ivl: 1, Factor: 1300, Reps: 1, Lapses: 1, Left: 1},
			Log{Ease: 1, Ivl: -600, LastIvl: 5, Factor: 1300, Type: LogReview}},
		{"Anki test_relearn: relearning, Easy: graduates at the lapse interval + 1", DefaultConfig(),
			Card{Type: TypeRelearn, Queue: QueueLearn, Due: now.Unix(), Ivl: 1, Factor: 2300, Reps: 4, Lapses: 1, Left: 1}, 4,
			Card{Type: TypeReview, Queue: QueueReview, Due: startDay + 2, Ivl: 2, Factor: 2300, Reps: 5, Lapses: 1},
			Log{Ease: 4, Ivl: 2, LastIvl: -600, Factor: 2300, Type: LogRelearn}},
		{"relearning, Hard on the only step: 1.5 x 10m", DefaultConfig(),
			Card{Type: TypeRelearn, Queue: QueueLearn, Due: now.Unix(), Ivl: 1, Factor: 2300, Reps: 4, Lapses: 1, Left: 1}, 2,
			Card{Type: TypeRelearn, Queue: QueueLearn, Due: now.Unix() + 900, Ivl: 1, Factor: 2300, Reps: 5, Lapses: 1, Left: 1},
			Log{Ease: 2, Ivl: -900, LastIvl: -600, Factor: 2300, Type: LogRelearn}},
		{"leech at the 8th lapse: tagged, not suspended by default", DefaultConfig(), review(10, startDay, 7), 1,
			Card{Type: TypeRelearn, Queue: QueueLearn, Due: now.Unix() + 600, Ivl: 1, Factor: 2300, Reps: 4, Lapses: 8, Left: 1},
			Log{Ease: 1, Ivl: -600, LastIvl: 10, Factor: 2300, Type: LogReview, Leech: true}},
		{"Anki test_reviews: leech suspended with leech action suspend", suspendLeech, review(10, startDay, 7), 1,
			Card{Type: TypeRelearn, Queue: QueueSuspended, Due: now.Unix() + 600, Ivl: 1, Factor: 2300, Reps: 4, Lapses: 8, Left: 1},
			Log{Ease: 1, Ivl: -600, LastIvl: 10, Factor: 2300, Type: LogReview, Leech: true}},
		{"9th lapse is not a leech again", DefaultConfig(), review(10, startDay, 8), 1,
			Card{Type: TypeRelearn, Queue: QueueLearn, Due: now.Unix() + 600, Ivl: 1, Factor: 2300, Reps: 4, Lapses: 9, Left: 1},
			Log{Ease: 1, Ivl: -600, LastIvl: 10, Factor: 2300, Type: LogReview}},
		{"12th lapse is: every half threshold after it", DefaultConfig(), review(10, startDay, 11), 1,
			Card{Type: TypeRelearn, Queue: QueueLearn, Due: now.Unix() + 600, Ivl: 1, Factor: 2300, Reps: 4, Lapses: 12, Left: 1},
			Log{Ease: 1, Ivl: -600, LastIvl: 10, Factor: 2300, Type: LogReview, Leech: true}},
		{"a suspended review card is still answered", DefaultConfig(),
			Card{Type: TypeReview, Queue: QueueSuspended, Due: startDay, Ivl: 1, Factor: 2500}, 3,
			Card{Type: TypeReview, Queue: QueueReview, Due: startDay + 3, Ivl: 3, Factor: 2500, Reps: 1},
			Log{Ease: 3, Ivl: 3, LastIvl: 1, Factor: 2500, Type: LogReview}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, log, err := Answer(tc.card, tc.cfg, tc.ease, now, day, cutoff)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.wantCard, got); diff != "" {
				t.Errorf("card (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.wantLog, log); diff != "" {
				t.Errorf("log (-want +got):\n%s", diff)
			}
		})
	}
}

func TestAnswerNearDayCutoff(t *testing.T) {
	// 5 minutes before the rollover, Good on a new card (10m) ends after
	// it: Anki counts the delay as 1 day, in the day-learning queue; the
	// Hard label (5.5m) is 1 day too.
	cutoff := dayStart.AddDate(0, 0, 1)
	now := cutoff.Add(-5 * time.Minute)
	got, log, err := Answer(newCard, DefaultConfig(), 3, now, startDay, cutoff)
	if err != nil {
		t.Fatal(err)
	}
	want := Card{Type: TypeLearn, Queue: QueueDayLearn, Due: startDay + 1, Reps: 1, Left: 1}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("card (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(Log{Ease: 3, Ivl: 1, Type: LogLearn}, log); diff != "" {
		t.Errorf("log (-want +got):\n%s", diff)
	}
	labels, err := NextReviews(newCard, DefaultConfig(), now, startDay, cutoff)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([4]string{"<1m", "1d", "1d", "4d"}, labels); diff != "" {
		t.Errorf("nextReviews (-want +got):\n%s", diff)
	}
}

func TestAnswerErrors(t *testing.T) {
	now, day, cutoff := clock(0, 0)
	badSteps := DefaultConfig()
	badSteps.LearnSteps = []float64{-1}
	badFactor := DefaultConfig()
	badFactor.HardFactor = -2
	cases := []struct {
		name string
		card Card
		cfg  Config
		ease int
		want string
	}{
		{"ease 0", newCard, DefaultConfig(), 0, "invalid ease"},
		{"ease 5", newCard, DefaultConfig(), 5, "invalid ease"},
		{"card type 7", Card{Type: 7}, DefaultConfig(), 3, "invalid card type 7: must be 0 (new) to 3 (relearning)"},
		{"negative interval", Card{Type: TypeReview, Ivl: -1}, DefaultConfig(), 3, "invalid card: interval, ease, lapses and steps left must be 0 to 2147483647"},
		{"huge ease", Card{Type: TypeReview, Factor: 1 << 40}, DefaultConfig(), 3, "invalid card: interval, ease, lapses and steps left must be 0 to 2147483647"},
		{"negative step", newCard, badSteps, 3, "invalid learning step -1: must be 0 to 35791394 minutes"},
		{"negative multiplier", newCard, badFactor, 3, "invalid multiplier -2 in deck options: must be 0 to 100"},
	}
	for _, tc := range cases {
		got, _, err := Answer(tc.card, tc.cfg, tc.ease, now, day, cutoff)
		if err == nil || err.Error() != tc.want {
			t.Errorf("%s: error %v, want %q", tc.name, err, tc.want)
		}
		if diff := cmp.Diff(tc.card, got); diff != "" {
			t.Errorf("%s: card changed on error (-want +got):\n%s", tc.name, diff)
		}
	}
	if _, _, err := Answer(newCard, DefaultConfig(), 9, now, day, cutoff); !errors.Is(err, ErrInvalidEase) {
		t.Errorf("ease 9: %v, want ErrInvalidEase", err)
	}
	if _, err := NextReviews(Card{Type: -1}, DefaultConfig(), now, day, cutoff); err == nil {
		t.Error("NextReviews of card type -1: no error")
	}
}

func TestNextReviews(t *testing.T) {
	now, day, cutoff := clock(0, 0)
	steps3 := DefaultConfig()
	steps3.LearnSteps = []float64{0.5, 3, 10}
	hard1 := DefaultConfig()
	hard1.HardFactor = 1
	cases := []struct {
		name string
		cfg  Config
		card Card
		want [4]string
		secs [4]int64
	}{
		{"new card, default steps (AnkiConnect's documented <1m <6m <10m 4d)", DefaultConfig(), newCard,
			[4]string{"<1m", "<6m", "<10m", "4d"}, [4]int64{60, 330, 600, 4 * 86400}},
		{"learning card on its last step: Good graduates", DefaultConfig(),
			Card{Type: TypeLearn, Queue: QueueLearn, Due: now.Unix(), Reps: 1, Left: 1},
			[4]string{"<1m", "<10m", "1d", "4d"}, [4]int64{60, 600, 86400, 4 * 86400}},
		{"Anki test_nextIvl: new card, steps 0.5 3 10", steps3, newCard,
			[4]string{"<30s", "<2m", "<3m", "4d"}, [4]int64{30, 105, 180, 4 * 86400}},
		{"Anki test_button_spacing: review card of 1 day", DefaultConfig(), Card{Type: TypeReview, Queue: QueueReview, Due: startDay, Ivl: 1, Factor: 2500},
			[4]string{"<10m", "2d", "3d", "4d"}, [4]int64{600, 2 * 86400, 3 * 86400, 4 * 86400}},
		{"Anki test_button_spacing: hard factor 1 does not grow the interval", hard1, Card{Type: TypeReview, Queue: QueueReview, Due: startDay, Ivl: 1, Factor: 2500},
			[4]string{"<10m", "1d", "3d", "4d"}, [4]int64{600, 86400, 3 * 86400, 4 * 86400}},
		{"Anki test_nextIvl: review card of 100 days", DefaultConfig(), Card{Type: TypeReview, Queue: QueueReview, Due: startDay, Ivl: 100, Factor: 2500},
			[4]string{"<10m", "3.9mo", "8.2mo", "10.7mo"}, [4]int64{600, 120 * 86400, 250 * 86400, 325 * 86400}},
		{"Anki test_nextIvl: relearning card of 100 days", DefaultConfig(), Card{Type: TypeRelearn, Queue: QueueLearn, Due: now.Unix(), Ivl: 100, Factor: 2500, Left: 1},
			[4]string{"<10m", "<15m", "3.3mo", "3.3mo"}, [4]int64{600, 900, 100 * 86400, 101 * 86400}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ivls, err := NextIntervals(tc.card, tc.cfg, now, day, cutoff)
			if err != nil {
				t.Fatal(err)
			}
			var secs [4]int64
			for i, d := range ivls {
				secs[i] = int64(d / time.Second)
			}
			if diff := cmp.Diff(tc.secs, secs); diff != "" {
				t.Errorf("intervals in seconds (-want +got):\n%s", diff)
			}
			labels, err := NextReviews(tc.card, tc.cfg, now, day, cutoff)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, labels); diff != "" {
				t.Errorf("labels (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFormatInterval(t *testing.T) {
	day := 24 * time.Hour
	month := 365 * day / 12
	cases := []struct {
		d        time.Duration
		collapse bool
		want     string
	}{
		{0, true, "(end)"},
		{0, false, "0s"},
		{30 * time.Second, true, "<30s"},
		{time.Minute, true, "<1m"},
		{time.Minute, false, "1m"},
		{330 * time.Second, true, "<6m"}, // 5.5 minutes round half away from zero
		{1199 * time.Second, true, "<20m"},
		{20 * time.Minute, true, "20m"},
		{time.Hour, true, "1h"},
		{90 * time.Minute, true, "1.5h"},
		{day, true, "1d"},
		{30 * day, true, "30d"},
		{31 * day, true, "1mo"},
		{45 * day, true, "1.5mo"},
		{11 * month / 10, true, "1.1mo"}, // Anki's own test: 1.1 months
		{364 * day, true, "12mo"},
		{365 * day, true, "1y"},
		{548 * day, true, "1.5y"},
		{36500 * day, true, "100y"},
	}
	for _, tc := range cases {
		if got := FormatInterval(tc.d, tc.collapse); got != tc.want {
			t.Errorf("FormatInterval(%v, %v) = %q, want %q", tc.d, tc.collapse, got, tc.want)
		}
	}
}

func TestParseDueDays(t *testing.T) {
	type result struct {
		Lo, Hi int
		SetIvl bool
		Err    string
	}
	cases := map[string]result{
		"0":          {0, 0, false, ""},
		"1!":         {1, 1, true, ""},
		"3-7":        {3, 7, false, ""},
		"7-3!":       {3, 7, true, ""},
		"50-70":      {50, 70, false, ""},
		"":           {Err: `invalid due date "": expected days like 0, 1!, 3-7 or 3-7! ("!" sets the interval)`},
		"x":          {Err: `invalid due date "x": expected days like 0, 1!, 3-7 or 3-7! ("!" sets the interval)`},
		"-5":         {Err: `invalid due date "-5": expected days like 0, 1!, 3-7 or 3-7! ("!" sets the interval)`},
		"1-":         {Err: `invalid due date "1-": expected days like 0, 1!, 3-7 or 3-7! ("!" sets the interval)`},
		"1!!":        {Err: `invalid due date "1!!": expected days like 0, 1!, 3-7 or 3-7! ("!" sets the interval)`},
		" 1":         {Err: `invalid due date " 1": expected days like 0, 1!, 3-7 or 3-7! ("!" sets the interval)`},
		"4294967296": {Err: `invalid due date "4294967296": day count too large`},
	}
	for in, want := range cases {
		lo, hi, setIvl, err := ParseDueDays(in)
		got := result{lo, hi, setIvl, ""}
		if err != nil {
			got = result{Err: err.Error()}
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("ParseDueDays(%q) (-want +got):\n%s", in, diff)
		}
	}
}

func TestSetDueDate(t *testing.T) {
	cfg := DefaultConfig()
	cfg.InitialEase = 1800
	// The sequence of Anki's own due_date test.
	card := Card{Type: TypeNew, Queue: QueueNew, Due: 3}
	steps := []struct {
		today, days int
		setIvl      bool
		want        Card
		wantLog     Log
	}{
		{5, 2, false, Card{Type: TypeReview, Queue: QueueReview, Due: 7, Ivl: 2, Factor: 1800},
			Log{Ivl: 2, LastIvl: 0, Factor: 1800, Type: LogManual}},
		{6, 3, false, Card{Type: TypeReview, Queue: QueueReview, Due: 9, Ivl: 2, Factor: 1800},
			Log{Ivl: 2, LastIvl: 2, Factor: 1800, Type: LogManual}},
		{6, 1, false, Card{Type: TypeReview, Queue: QueueReview, Due: 7, Ivl: 2, Factor: 1800},
			Log{Ivl: 2, LastIvl: 2, Factor: 1800, Type: LogManual}},
		{6, 3, true, Card{Type: TypeReview, Queue: QueueReview, Due: 9, Ivl: 3, Factor: 1800},
			Log{Ivl: 3, LastIvl: 2, Factor: 1800, Type: LogManual}},
		{6, 0, true, Card{Type: TypeReview, Queue: QueueReview, Due: 6, Ivl: 1, Factor: 1800},
			Log{Ivl: 1, LastIvl: 3, Factor: 1800, Type: LogManual}},
	}
	for i, st := range steps {
		got, log, err := SetDueDate(card, cfg, st.days, st.setIvl, st.today)
		if err != nil {
			t.Fatalf("step %d: %v", i+1, err)
		}
		if diff := cmp.Diff(st.want, got); diff != "" {
			t.Errorf("step %d: card (-want +got):\n%s", i+1, diff)
		}
		if diff := cmp.Diff(st.wantLog, log); diff != "" {
			t.Errorf("step %d: log (-want +got):\n%s", i+1, diff)
		}
		card = got
	}
	if _, _, err := SetDueDate(card, cfg, -1, false, 6); err == nil {
		t.Error("SetDueDate with -1 days: no error")
	}
	for _, id := range []int64{0, 1, 12345, -7, 1700000000123} {
		if d := DueDay(3, 7, id); d < 3 || d > 7 || d != DueDay(3, 7, id) {
			t.Errorf("DueDay(3, 7, %d) = %d, want a stable day in 3..7", id, d)
		}
	}
	seen := map[int]bool{}
	for id := int64(0); id < 5; id++ {
		seen[DueDay(3, 7, id)] = true
	}
	if len(seen) != 5 {
		t.Errorf("DueDay over 5 consecutive IDs gave %d distinct days, want 5", len(seen))
	}
	if d := DueDay(4, 4, 99); d != 4 {
		t.Errorf("DueDay(4, 4, 99) = %d, want 4", d)
	}
}

func TestForgetAndRelearn(t *testing.T) {
	review := Card{Type: TypeReview, Queue: QueueReview, Due: 120, Ivl: 10, Factor: 2500, Reps: 5, Lapses: 1}
	got, log := Forget(review, 42, false)
	if diff := cmp.Diff(Card{Type: TypeNew, Queue: QueueNew, Due: 42, Reps: 5, Lapses: 1}, got); diff != "" {
		t.Errorf("Forget (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(Log{Ivl: 0, LastIvl: 10, Factor: 0, Type: LogManual}, log); diff != "" {
		t.Errorf("Forget log (-want +got):\n%s", diff)
	}
	got, _ = Forget(review, 42, true)
	if diff := cmp.Diff(Card{Type: TypeNew, Queue: QueueNew, Due: 42}, got); diff != "" {
		t.Errorf("Forget with reset counts (-want +got):\n%s", diff)
	}
	want := review
	want.Type, want.Queue = TypeRelearn, QueueLearn
	if diff := cmp.Diff(want, Relearn(review)); diff != "" {
		t.Errorf("Relearn (-want +got):\n%s", diff)
	}
}

// FuzzAnswer checks that any card answered with any ease either gives an
// error and leaves the card alone, or moves it out of the new state with
// one more review, a queue matching its type, and a log row for that ease.
func FuzzAnswer(f *testing.F) {
	f.Add(0, 0, int64(5), 0, 0, 0, 0, 3, int64(0))
	f.Add(2, 2, int64(90), 100, 2500, 3, 7, 1, int64(3600))
	f.Add(3, 1, int64(1), 1, 1300, 4, 1, 2, int64(86000))
	f.Fuzz(func(t *testing.T, typ, queue int, due int64, ivl, factor, reps, left, ease int, offset int64) {
		c := Card{Type: typ, Queue: queue, Due: due, Ivl: ivl, Factor: factor, Reps: reps, Lapses: left, Left: left}
		now, day, cutoff := clock(0, time.Duration(offset%86400)*time.Second)
		got, log, err := Answer(c, DefaultConfig(), ease, now, day, cutoff)
		if err != nil {
			if got != c {
				t.Fatalf("card changed on error %v: %+v", err, got)
			}
			return
		}
		if got.Reps != c.Reps+1 || got.Type == TypeNew || log.Ease != ease {
			t.Fatalf("Answer(%+v, %d) = %+v, %+v", c, ease, got, log)
		}
		wantQueues := map[int][]int{TypeLearn: {QueueLearn, QueueDayLearn}, TypeRelearn: {QueueLearn, QueueDayLearn, QueueSuspended},
			TypeReview: {QueueReview, QueueSuspended}}
		ok := false
		for _, q := range wantQueues[got.Type] {
			ok = ok || got.Queue == q
		}
		if !ok {
			t.Fatalf("type %d in queue %d", got.Type, got.Queue)
		}
	})
}
