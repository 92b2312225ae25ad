package ankiconnecttest

import (
	"sync"
	"time"
)

// Time control. Every fake reads its time from one clock: the source given
// by WithClock or WithTime (time.Now by default) moved by an offset
// that Advance and SetTime change. Everything in the fake that depends on
// time follows it: note and card IDs (millisecond timestamps) and
// modification times, "added:", "edited:", "rated:" and "is:due" searches,
// due dates and intervals, the scheduler's day (which starts at 4 am in the
// clock's location) and the daily review statistics.

// fakeClock is a fake's clock: base moved by offset. It is safe for
// concurrent use.
type fakeClock struct {
	mu     sync.Mutex
	base   func() time.Time
	offset time.Duration
}

// Now returns the clock's current time.
func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.base().Add(c.offset)
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.offset += d
}

func (c *fakeClock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.offset = t.Sub(c.base())
}

// WithTime makes the fake's clock stand still at start: time moves only
// when the test calls Advance or SetTime, so IDs, due dates and the
// scheduler's day are reproducible. The collection is created at start, so
// day 0 of the scheduler is start's day (days begin at 4 am in start's
// location). It replaces WithClock's clock (the later option wins).
func WithTime(start time.Time) Option {
	return WithClock(func() time.Time { return start })
}

// Now returns the fake's current time: what its clock says, after any
// Advance or SetTime.
func (f *Fake) Now() time.Time { return f.time.Now() }

// Advance moves the fake's clock forward by d (backward if d is negative).
// With WithTime the clock then stands still at the new time; with a
// running clock it keeps running from there. Advancing by a day makes
// yesterday's cards due and "added:1" stop finding yesterday's notes; no
// card changes by itself. IDs stay unique and increasing even when the
// clock goes back.
func (f *Fake) Advance(d time.Duration) { f.time.advance(d) }

// SetTime sets the fake's clock to t (see Advance).
func (f *Fake) SetTime(t time.Time) { f.time.set(t) }
