package sched

// steps is a list of learning or relearning steps in minutes, with Anki's
// rules for picking the delay of each answer (rslib scheduler/states/
// steps.rs). Anki computes in 32-bit floats; so does this file.
type steps []float32

const daySecs = 86400

// secs converts a step to whole seconds, truncating as Anki does.
func (s steps) secs(i int) (uint32, bool) {
	if i < 0 || i >= len(s) {
		return 0, false
	}
	return uint32(s[i] * 60), true
}

// index is the position of the current step for a card with remaining
// steps left (Anki strips a legacy "today" count above 1000).
func (s steps) index(remaining uint32) int {
	total := len(s)
	idx := total - int(remaining%1000)
	if idx < 0 {
		idx = 0
	}
	return min(idx, max(total-1, 0))
}

// again is the delay after Again: the first step.
func (s steps) again() (uint32, bool) { return s.secs(0) }

// hard is the delay after Hard: the current step, except on the first
// step, where it is the mean of the first two steps, or 1.5 times the
// only step but at most a day more.
func (s steps) hard(remaining uint32) (uint32, bool) {
	idx := s.index(remaining)
	cur, ok := s.secs(idx)
	if !ok {
		if cur, ok = s.secs(0); !ok {
			return 0, false
		}
	}
	if idx != 0 {
		return cur, true
	}
	if next, ok := s.secs(1); ok {
		return roundInDays((cur + next) / 2), true
	}
	return roundInDays(min(cur*3/2, cur+daySecs)), true
}

// good is the delay after Good: the next step, if there is one.
func (s steps) good(remaining uint32) (uint32, bool) { return s.secs(s.index(remaining) + 1) }

// current is the delay of the current step (0 without steps).
func (s steps) current(remaining uint32) uint32 {
	d, _ := s.secs(s.index(remaining))
	return d
}

// remainingForGood is the remaining step count after Good.
func (s steps) remainingForGood(remaining uint32) uint32 {
	return uint32(max(len(s)-(s.index(remaining)+1), 0))
}

// roundInDays rounds a delay of more than a day to whole days.
func roundInDays(secs uint32) uint32 {
	if secs > daySecs {
		return uint32(roundF32(float32(secs)/daySecs)) * daySecs
	}
	return secs
}
