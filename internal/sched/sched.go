// Package sched is Anki's v3 scheduler with the SM-2 algorithm (not FSRS),
// as pure functions over a card's scheduling fields. It follows rslib's
// scheduler/states and scheduler/answering, computing in 32-bit floats as
// Anki does, so intervals and ease factors come out as Anki's.
//
// Deliberate differences from Anki:
//   - No fuzz. Anki spreads review intervals of 2.5 days and more over a
//     small range (5-15%) and adds up to 25% (at most 5 minutes) to learning
//     delays, seeded by the card ID and review count; here every interval is
//     the exact, unfuzzed value, so tests are deterministic. (Anki's own
//     unfuzzed value is the centre of its fuzz range.)
//   - No load balancer, no filtered decks (early reviews and previews), no
//     FSRS.
//   - setDueDate ranges ("3-7") pick a random day in Anki; DueDay picks a
//     deterministic one.
package sched

import (
	"errors"
	"fmt"
	"math"
	"time"
)

// Card types (Card.Type), as in Anki's cards.type column.
const (
	TypeNew     = 0
	TypeLearn   = 1
	TypeReview  = 2
	TypeRelearn = 3
)

// Card queues (Card.Queue), as in Anki's cards.queue column.
const (
	QueueManuallyBuried = -3
	QueueSiblingBuried  = -2
	QueueSuspended      = -1
	QueueNew            = 0
	QueueLearn          = 1 // due is an epoch second
	QueueReview         = 2 // due is a day number
	QueueDayLearn       = 3 // due is a day number
)

// Review log kinds (Log.Type), as in Anki's revlog.type column.
const (
	LogLearn       = 0
	LogReview      = 1
	LogRelearn     = 2
	LogFiltered    = 3
	LogManual      = 4
	LogRescheduled = 5
)

// LearnAheadLimit is Anki's default learn-ahead limit: answer-button
// labels for shorter intervals get a "<" prefix.
const LearnAheadLimit = 20 * time.Minute

// ErrInvalidEase is Anki's error for an answer other than 1 to 4 (the
// Python scheduler's "invalid ease").
var ErrInvalidEase = errors.New("invalid ease")

// Config holds the deck options the scheduler uses, with the legacy deck
// config JSON key of each.
type Config struct {
	LearnSteps     []float64 // new.delays, minutes
	GraduatingIvl  int       // new.ints[0], days
	EasyIvl        int       // new.ints[1], days
	InitialEase    int       // new.initialFactor, permille (2500 = 250%)
	HardFactor     float64   // rev.hardFactor
	EasyBonus      float64   // rev.ease4
	IvlModifier    float64   // rev.ivlFct
	MaxIvl         int       // rev.maxIvl, days
	RelearnSteps   []float64 // lapse.delays, minutes
	LapseMult      float64   // lapse.mult: new interval after a lapse
	MinLapseIvl    int       // lapse.minInt, days
	LeechThreshold int       // lapse.leechFails (0: never a leech)
	LeechSuspend   bool      // lapse.leechAction == 0 (suspend); 1 only tags
}

// DefaultConfig returns Anki's default deck options.
func DefaultConfig() Config {
	return Config{
		LearnSteps: []float64{1, 10}, GraduatingIvl: 1, EasyIvl: 4, InitialEase: 2500,
		HardFactor: 1.2, EasyBonus: 1.3, IvlModifier: 1, MaxIvl: 36500,
		RelearnSteps: []float64{10}, LapseMult: 0, MinLapseIvl: 1, LeechThreshold: 8,
	}
}

// Card is a card's scheduling fields, as in Anki's cards table.
type Card struct {
	Type, Queue int
	// Due is the new-card position (new), an epoch second (learn queue) or
	// a day number counted from the collection's creation (review and
	// day-learn queues).
	Due          int64
	Ivl          int // days
	Factor       int // ease, permille; 0 for a card that never graduated
	Reps, Lapses int
	Left         int // learning steps left
}

// Log is one review-log row's scheduling fields.
type Log struct {
	Ease    int // button: 1-4, or 0 for a manual change
	Ivl     int // new interval: days if positive, seconds if negative
	LastIvl int // previous interval, same units
	Factor  int // ease after the answer, permille (0 while learning)
	Type    int // LogLearn, LogReview, LogRelearn, LogManual...
	// Leech is not a revlog column: it tells that this answer made the
	// card a leech, so the caller adds the "leech" tag to its note (and
	// the card was suspended if Config.LeechSuspend).
	Leech bool
}

// kind is a scheduling state's kind.
type kind int

const (
	kindNew kind = iota
	kindLearn
	kindReview
	kindRelearn
)

// state is Anki's card state: learning fields for learn and relearn
// states, review fields for review and relearn states.
type state struct {
	kind        kind
	remaining   uint32  // learning steps left
	schedSecs   uint32  // learning delay
	schedDays   uint32  // review interval
	elapsedDays uint32  // days since the last review
	ease        float32 // ease factor (2.5 = 250%)
	lapses      uint32
	leeched     bool
}

// params is Config in Anki's 32-bit units, validated.
type params struct {
	learn, relearn          steps
	graduating, easy        uint32
	initialEase             float32
	hard, easyBonus, ivlMod float32
	maxIvl                  uint32
	lapseMult               float32
	minLapse                uint32
	leechThreshold          uint32
}

// maxStepMinutes keeps step delays within Anki's 32-bit second counts.
const maxStepMinutes = math.MaxInt32 / 60

func (cfg Config) params() (params, error) {
	conv := func(name string, in []float64) (steps, error) {
		out := make(steps, len(in))
		for i, v := range in {
			if !(v >= 0 && v <= maxStepMinutes) {
				return nil, fmt.Errorf("invalid %s step %v: must be 0 to %d minutes", name, v, maxStepMinutes)
			}
			out[i] = float32(v)
		}
		return out, nil
	}
	learn, err := conv("learning", cfg.LearnSteps)
	if err != nil {
		return params{}, err
	}
	relearn, err := conv("relearning", cfg.RelearnSteps)
	if err != nil {
		return params{}, err
	}
	for _, f := range []float64{cfg.HardFactor, cfg.EasyBonus, cfg.IvlModifier, cfg.LapseMult} {
		if !(f >= 0 && f <= 100) {
			return params{}, fmt.Errorf("invalid multiplier %v in deck options: must be 0 to 100", f)
		}
	}
	for _, n := range []int{cfg.GraduatingIvl, cfg.EasyIvl, cfg.InitialEase, cfg.MaxIvl, cfg.MinLapseIvl, cfg.LeechThreshold} {
		if n < 0 || n > math.MaxInt32 {
			return params{}, fmt.Errorf("invalid value %d in deck options: must be 0 to %d", n, math.MaxInt32)
		}
	}
	return params{
		learn: learn, relearn: relearn,
		graduating: uint32(cfg.GraduatingIvl), easy: uint32(cfg.EasyIvl),
		initialEase: float32(cfg.InitialEase) / 1000,
		hard:        float32(cfg.HardFactor), easyBonus: float32(cfg.EasyBonus), ivlMod: float32(cfg.IvlModifier),
		maxIvl:    uint32(cfg.MaxIvl),
		lapseMult: float32(cfg.LapseMult), minLapse: uint32(cfg.MinLapseIvl),
		leechThreshold: uint32(cfg.LeechThreshold),
	}, nil
}

// currentState reads a card's state as Anki's current_card_state does for
// a card in a normal deck.
func currentState(c Card, p params, today int) (state, error) {
	for _, v := range []int{c.Ivl, c.Factor, c.Lapses, c.Left} {
		if v < 0 || v > math.MaxInt32 {
			return state{}, fmt.Errorf("invalid card: interval, ease, lapses and steps left must be 0 to %d", math.MaxInt32)
		}
	}
	ease := float32(c.Factor) / 1000
	remaining := uint32(c.Left)
	switch c.Type {
	case TypeNew:
		return state{kind: kindNew}, nil
	case TypeLearn:
		return state{kind: kindLearn, remaining: remaining, schedSecs: p.learn.current(remaining)}, nil
	case TypeReview:
		// A review card is never early in a normal deck: Anki takes its
		// due day as at most today.
		due := min(c.Due, int64(today))
		elapsed := max(int64(c.Ivl)-(due-int64(today)), 0)
		return state{kind: kindReview, schedDays: uint32(c.Ivl), elapsedDays: uint32(min(elapsed, math.MaxUint32)),
			ease: ease, lapses: uint32(c.Lapses)}, nil
	case TypeRelearn:
		return state{kind: kindRelearn, remaining: remaining, schedSecs: p.relearn.current(remaining),
			schedDays: uint32(c.Ivl), elapsedDays: uint32(c.Ivl), ease: ease, lapses: uint32(c.Lapses)}, nil
	}
	return state{}, fmt.Errorf("invalid card type %d: must be 0 (new) to 3 (relearning)", c.Type)
}

// nextStates returns the states for Again, Hard, Good and Easy.
func nextStates(s state, p params) [4]state {
	switch s.kind {
	case kindNew:
		// A new card answers like a learning card that just failed.
		return learnNext(state{kind: kindLearn, remaining: uint32(len(p.learn))}, p)
	case kindLearn:
		return learnNext(s, p)
	case kindReview:
		return reviewNext(s, p)
	}
	return relearnNext(s, p)
}

// graduate is the review state a learning card graduates to.
func graduate(days uint32, p params) state {
	return state{kind: kindReview, schedDays: clampIvl(float32(days), 1, p.maxIvl), ease: p.initialEase}
}

func learnNext(s state, p params) [4]state {
	var out [4]state
	learning := func(remaining, secs uint32) state {
		return state{kind: kindLearn, remaining: remaining, schedSecs: secs}
	}
	if d, ok := p.learn.again(); ok {
		out[0] = learning(uint32(len(p.learn)), d)
	} else {
		out[0] = graduate(p.graduating, p)
	}
	if d, ok := p.learn.hard(s.remaining); ok {
		out[1] = learning(s.remaining, d)
	} else {
		out[1] = graduate(p.graduating, p)
	}
	if d, ok := p.learn.good(s.remaining); ok {
		out[2] = learning(p.learn.remainingForGood(s.remaining), d)
	} else {
		out[2] = graduate(p.graduating, p)
	}
	out[3] = state{kind: kindReview, schedDays: clampIvl(float32(p.easy), 1, p.maxIvl), ease: p.initialEase}
	return out
}

// Anki's ease factor changes.
const (
	minEase    = float32(1.3)
	againDelta = float32(-0.2)
	hardDelta  = float32(-0.15)
	easyDelta  = float32(0.15)
)

func reviewNext(s state, p params) [4]state {
	var out [4]state
	lapses := s.lapses + 1
	lapsed := state{kind: kindReview, schedDays: lapseIvl(s, p), ease: max(s.ease+againDelta, minEase),
		lapses: lapses, leeched: leech(lapses, p.leechThreshold)}
	if d, ok := p.relearn.again(); ok {
		relearn := lapsed
		relearn.kind, relearn.remaining, relearn.schedSecs = kindRelearn, uint32(len(p.relearn)), d
		out[0] = relearn
	} else {
		out[0] = lapsed
	}
	hard, good, easy := passingIntervals(s, p)
	passed := func(days uint32, ease float32) state {
		return state{kind: kindReview, schedDays: days, ease: ease, lapses: s.lapses}
	}
	out[1] = passed(hard, max(s.ease+hardDelta, minEase))
	out[2] = passed(good, s.ease)
	out[3] = passed(easy, s.ease+easyDelta)
	return out
}

// lapseIvl is the review interval after a lapse: the old interval times
// the lapse multiplier, at least the minimum lapse interval.
func lapseIvl(s state, p params) uint32 {
	return clampIvl(max(float32(s.schedDays), 1)*p.lapseMult, p.minLapse, p.maxIvl)
}

// passingIntervals are Anki's Hard, Good and Easy review intervals for a
// card answered on time or late: Hard multiplies the interval by the hard
// factor, Good by the ease (counting half the days late), Easy by the ease
// and easy bonus (counting all days late); each is at least a day more
// than the one before (Hard more than the old interval unless the hard
// factor is at most 1), all times the interval modifier, at most the
// maximum interval.
func passingIntervals(s state, p params) (hard, good, easy uint32) {
	cur := max(float32(s.schedDays), 1)
	late := float32(max(int64(s.elapsedDays)-int64(s.schedDays), 0))
	hardMin, goodMin := s.schedDays+1, uint32(0)
	if p.hard <= 1 {
		hardMin, goodMin = 0, s.schedDays+1
	}
	hard = clampIvl(cur*p.hard*p.ivlMod, hardMin, p.maxIvl)
	if p.hard > 1 {
		goodMin = hard + 1
	}
	good = clampIvl((cur+late/2)*s.ease*p.ivlMod, goodMin, p.maxIvl)
	easy = clampIvl((cur+late)*s.ease*p.easyBonus*p.ivlMod, good+1, p.maxIvl)
	return hard, good, easy
}

func relearnNext(s state, p params) [4]state {
	var out [4]state
	review := s
	review.kind, review.remaining, review.schedSecs, review.elapsedDays = kindReview, 0, 0, 0
	relearning := func(remaining, secs uint32) state {
		r := review
		r.kind, r.remaining, r.schedSecs = kindRelearn, remaining, secs
		return r
	}
	if d, ok := p.relearn.again(); ok {
		again := relearning(uint32(len(p.relearn)), d)
		again.schedDays = lapseIvl(s, p)
		out[0] = again
	} else {
		out[0] = review
	}
	if d, ok := p.relearn.hard(s.remaining); ok {
		out[1] = relearning(s.remaining, d)
	} else {
		out[1] = review
	}
	if d, ok := p.relearn.good(s.remaining); ok {
		out[2] = relearning(p.relearn.remainingForGood(s.remaining), d)
	} else {
		out[2] = review
	}
	easy := review
	easy.schedDays = s.schedDays + 1
	out[3] = easy
	return out
}

// leech is Anki's leech rule: at the threshold, then every half threshold
// (rounded up) after it.
func leech(lapses, threshold uint32) bool {
	if threshold == 0 {
		return false
	}
	half := max((threshold+1)/2, 1)
	return lapses >= threshold && (lapses-threshold)%half == 0
}

// clampIvl rounds an interval to whole days (half away from zero, as
// Rust's f32::round) and keeps it within [minimum, maximum], where the
// maximum is at least 1 and the minimum at least 1 and at most the
// maximum.
func clampIvl(ivl float32, minimum, maximum uint32) uint32 {
	maximum = max(maximum, 1)
	minimum = min(max(minimum, 1), maximum)
	r := roundF32(ivl)
	switch {
	case r != r || r <= float32(minimum): // NaN too, as Rust's "as u32" gives 0
		return minimum
	case r >= float32(maximum):
		return maximum
	}
	return uint32(r)
}

// roundF32 rounds half away from zero.
func roundF32(v float32) float32 { return float32(math.Round(float64(v))) }
