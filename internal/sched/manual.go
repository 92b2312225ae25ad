package sched

import (
	"fmt"
	"regexp"
	"strconv"
)

// dueDaysRe is Anki's set-due-date syntax: a day count, an optional range
// end, an optional "!".
var dueDaysRe = regexp.MustCompile(`^(\d+)(?:-(\d+))?(!)?$`)

// ParseDueDays parses setDueDate's days argument as Anki does: "0" (today),
// "5" (in 5 days), "3-7" (a day from 3 to 7, inclusive; "7-3" is the same
// range), each optionally followed by "!" to also set the interval to the
// new delay (setIvl). Counts must fit in 32 bits.
func ParseDueDays(s string) (lo, hi int, setIvl bool, err error) {
	m := dueDaysRe.FindStringSubmatch(s)
	if m == nil {
		return 0, 0, false, fmt.Errorf("invalid due date %q: expected days like 0, 1!, 3-7 or 3-7! (\"!\" sets the interval)", s)
	}
	a, errA := strconv.ParseUint(m[1], 10, 32)
	b := a
	var errB error
	if m[2] != "" {
		b, errB = strconv.ParseUint(m[2], 10, 32)
	}
	if errA != nil || errB != nil {
		return 0, 0, false, fmt.Errorf("invalid due date %q: day count too large", s)
	}
	return int(min(a, b)), int(max(a, b)), m[3] != "", nil
}

// DueDay picks the day for a card from a setDueDate range. Anki picks at
// random; the fake spreads cards deterministically by card ID.
func DueDay(lo, hi int, cardID int64) int {
	if hi <= lo {
		return lo
	}
	n := int64(hi - lo + 1)
	return lo + int(((cardID%n)+n)%n)
}

// SetDueDate makes card c a review card due in days days from today, as
// Anki's set_due_date (without FSRS). A review or relearning card keeps its
// interval (at least 1) unless setIvl ("!"), which, like any other card,
// gets the delay as its interval (at least 1). A card without an ease gets
// the deck's starting ease. The log row is Anki's manual entry (ease 0).
func SetDueDate(c Card, cfg Config, days int, setIvl bool, today int) (Card, Log, error) {
	if days < 0 {
		return c, Log{}, fmt.Errorf("invalid due date: %d days", days)
	}
	out := c
	if setIvl || c.Type != TypeReview && c.Type != TypeRelearn {
		out.Ivl = max(days, 1)
	} else {
		out.Ivl = max(c.Ivl, 1)
	}
	out.Due = int64(today) + int64(days)
	out.Type, out.Queue = TypeReview, QueueReview
	if out.Factor == 0 {
		out.Factor = cfg.InitialEase
	}
	return out, manualLog(c, out), nil
}

// Forget returns card c as a new card at the given new-card position (for
// AnkiConnect's forgetCards, the card's original position when it has one),
// as Anki's schedule_as_new: interval and ease cleared, review and lapse
// counts kept unless resetCounts. The log row is Anki's manual entry.
func Forget(c Card, position int64, resetCounts bool) (Card, Log) {
	out := c
	out.Type, out.Queue, out.Due, out.Ivl, out.Factor = TypeNew, QueueNew, position, 0, 0
	if resetCounts {
		out.Reps, out.Lapses = 0, 0
	}
	return out, manualLog(c, out)
}

// Relearn is AnkiConnect's relearnCards: a raw update of type to
// relearning and queue to learning, nothing else (due, interval and steps
// left are kept as they are).
func Relearn(c Card) Card {
	c.Type, c.Queue = TypeRelearn, QueueLearn
	return c
}

// manualLog is the review-log row Anki writes for a manual schedule
// change.
func manualLog(before, after Card) Log {
	return Log{Ivl: after.Ivl, LastIvl: before.Ivl, Factor: after.Factor, Type: LogManual}
}
