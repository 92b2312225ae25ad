package sched

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// span is an interval as Anki's IntervalKind: seconds or days.
type span struct {
	secs, days uint32
	inDays     bool
}

// interval is the state's interval: its learning delay, or its review
// interval in days.
func (s state) interval() span {
	switch s.kind {
	case kindReview:
		return span{days: s.schedDays, inDays: true}
	case kindNew:
		return span{}
	}
	return span{secs: s.schedSecs}
}

// asDays turns a delay that reaches past the next day rollover into days,
// as Anki's maybe_as_days.
func (sp span) asDays(rollover uint32) span {
	if !sp.inDays && sp.secs >= rollover {
		return span{days: (sp.secs-rollover)/daySecs + 1, inDays: true}
	}
	return sp
}

// revlog is the interval as a review-log value: days positive, seconds
// negative.
func (sp span) revlog() int {
	if sp.inDays {
		return int(sp.days)
	}
	return -int(sp.secs)
}

func (sp span) seconds() int64 {
	if sp.inDays {
		return int64(sp.days) * daySecs
	}
	return int64(sp.secs)
}

// logKind is the review-log type of an answer given in state s.
func (s state) logKind() int {
	switch s.kind {
	case kindReview:
		return LogReview
	case kindRelearn:
		return LogRelearn
	}
	return LogLearn
}

// secsUntil is the whole seconds from now to the day cutoff, at least 0.
func secsUntil(now, dayCutoff time.Time) uint32 {
	d := dayCutoff.Unix() - now.Unix()
	return uint32(min(max(d, 0), math.MaxUint32))
}

// Answer answers card c with ease 1 (Again) to 4 (Easy) at time now, as
// Anki's v3 scheduler does with the deck options cfg. today is the
// collection's day number (days since its creation, as review due dates
// count) and dayCutoff the start of the next day. It returns the card's new
// scheduling fields and the review-log row; the caller writes the log's
// ID (now in milliseconds), card ID and answer time, and the card's mod.
//
// A new or learning card moves through the learning steps (queue 1, due an
// epoch second; a step ending after the day cutoff is counted in days, in
// queue 3), then graduates to review (queue 2, due a day number). Again on
// a review card is a lapse: relearning steps, ease -20%, then the lapse
// interval. The answer is recorded whatever the card's queue (suspended or
// buried cards included), as Anki's answerCard does.
func Answer(c Card, cfg Config, ease int, now time.Time, today int, dayCutoff time.Time) (Card, Log, error) {
	if ease < 1 || ease > 4 {
		return c, Log{}, ErrInvalidEase
	}
	p, err := cfg.params()
	if err != nil {
		return c, Log{}, err
	}
	cur, err := currentState(c, p, today)
	if err != nil {
		return c, Log{}, err
	}
	next := nextStates(cur, p)[ease-1]
	rollover := secsUntil(now, dayCutoff)
	out := c
	out.Reps++
	factor := int(roundF32(next.ease * 1000))
	switch next.kind {
	case kindLearn:
		out.Type, out.Left = TypeLearn, int(next.remaining)
		factor = 0
	case kindReview:
		out.Type, out.Queue, out.Left = TypeReview, QueueReview, 0
		out.Ivl, out.Due = int(next.schedDays), int64(today)+int64(next.schedDays)
		out.Factor, out.Lapses = factor, int(next.lapses)
	case kindRelearn:
		out.Type, out.Left = TypeRelearn, int(next.remaining)
		out.Ivl, out.Factor, out.Lapses = int(next.schedDays), factor, int(next.lapses)
	}
	if next.kind == kindLearn || next.kind == kindRelearn {
		if sp := next.interval().asDays(rollover); sp.inDays {
			out.Queue, out.Due = QueueDayLearn, int64(today)+int64(sp.days)
		} else {
			out.Queue, out.Due = QueueLearn, now.Unix()+int64(sp.secs)
		}
	}
	if next.leeched && cfg.LeechSuspend {
		out.Queue = QueueSuspended
	}
	log := Log{
		Ease:    ease,
		Ivl:     next.interval().asDays(rollover).revlog(),
		LastIvl: cur.interval().asDays(rollover).revlog(),
		Factor:  factor,
		Type:    cur.logKind(),
		Leech:   next.leeched,
	}
	return out, log, nil
}

// NextIntervals returns the delays Again, Hard, Good and Easy would give
// card c, as Anki shows them on the answer buttons: learning delays that
// reach past dayCutoff are counted in whole days.
func NextIntervals(c Card, cfg Config, now time.Time, today int, dayCutoff time.Time) ([4]time.Duration, error) {
	var out [4]time.Duration
	p, err := cfg.params()
	if err != nil {
		return out, err
	}
	cur, err := currentState(c, p, today)
	if err != nil {
		return out, err
	}
	rollover := secsUntil(now, dayCutoff)
	for i, s := range nextStates(cur, p) {
		out[i] = time.Duration(s.interval().asDays(rollover).seconds()) * time.Second
	}
	return out, nil
}

// NextReviews returns cardsInfo's nextReviews for card c: the four
// answer-button labels, such as "<1m", "<6m", "<10m", "4d" for a new card
// with the default options.
func NextReviews(c Card, cfg Config, now time.Time, today int, dayCutoff time.Time) ([4]string, error) {
	var out [4]string
	ivls, err := NextIntervals(c, cfg, now, today, dayCutoff)
	if err != nil {
		return out, err
	}
	for i, d := range ivls {
		out[i] = FormatInterval(d, true)
	}
	return out, nil
}

// Units of Anki's answer-button labels (a month is a twelfth of 365 days).
const (
	minuteF = float32(60)
	hourF   = 60 * minuteF
	dayF    = 24 * hourF
	yearF   = 365 * dayF
	monthF  = yearF / 12
)

// FormatInterval formats a delay as Anki's answer buttons do: the largest
// unit that fits (s, m, h, d, mo, y); seconds, minutes and days rounded to
// whole numbers, hours, months and years to one decimal ("1.2mo"). With
// collapse, a delay under LearnAheadLimit gets a "<" prefix ("<10m") and
// a zero delay reads "(end)", as on Anki's buttons.
func FormatInterval(d time.Duration, collapse bool) string {
	secs := max(d/time.Second, 0)
	if collapse && secs == 0 {
		return "(end)"
	}
	v := float32(secs)
	var amount float32
	var unit string
	oneDecimal := func(x float32) float32 { return roundF32(x*10) / 10 }
	switch {
	case v < minuteF:
		amount, unit = roundF32(v), "s"
	case v < hourF:
		amount, unit = roundF32(v/minuteF), "m"
	case v < dayF:
		amount, unit = oneDecimal(v/hourF), "h"
	case v < monthF:
		amount, unit = roundF32(v/dayF), "d"
	case v < yearF:
		amount, unit = oneDecimal(v/monthF), "mo"
	default:
		amount, unit = oneDecimal(v/yearF), "y"
	}
	label := formatNumber(amount) + unit
	if collapse && secs < LearnAheadLimit/time.Second {
		return "<" + label
	}
	return label
}

// formatNumber prints a number as Anki's translations do: rounded to two
// decimals, trailing zeros and point dropped.
func formatNumber(v float32) string {
	v = roundF32(v*100) / 100
	s := strconv.FormatFloat(float64(v), 'f', 2, 64)
	return strings.TrimRight(strings.TrimRight(s, "0"), ".")
}
