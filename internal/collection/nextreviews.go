package collection

import (
	"math"
	"strconv"
)

// learnAheadSecs is Anki's default learn-ahead limit (20 minutes): intervals
// below it are shown with a "<" prefix.
const learnAheadSecs = 20 * 60

// NextReviews returns cardsInfo's nextReviews: the Again, Hard, Good and
// Easy button labels for the card.
//
// PLACEHOLDER until the scheduler lands (fake part 2 replaces this function
// with the SM-2 scheduler's real next states). It follows the deck options
// for the common cases only: a new or learning card steps through the
// learning steps (Again the first step, Hard the mean of the first two,
// Good the second step or the graduating interval, Easy the easy interval),
// and a review card lapses to the first relearning step or grows by the
// hard factor, the ease and the easy bonus. Fuzz, relearning cards and
// FSRS are not modelled.
func (c *Collection) NextReviews(card *Card) []string {
	conf := c.ConfigForDeck(c.DeckOrDefault(card.HomeDeckID()))
	const minute, day = 60.0, 86400.0
	var secs [4]float64
	switch card.Type {
	case CardTypeNew, CardTypeLearn:
		steps := conf.New.Delays
		graduate, easy := float64(intAt(conf.New.Ints, 0, 1)), float64(intAt(conf.New.Ints, 1, 4))
		if len(steps) == 0 {
			secs = [4]float64{graduate * day, graduate * day, graduate * day, easy * day}
			break
		}
		secs[0] = steps[0] * minute
		secs[1] = math.Min(steps[0]*1.5, steps[0]+day/minute) * minute
		secs[2] = graduate * day
		if len(steps) > 1 {
			secs[1] = (steps[0] + steps[1]) / 2 * minute
			secs[2] = steps[1] * minute
		}
		secs[3] = easy * day
	default:
		ivl := math.Max(float64(card.Ivl), 1)
		ease := math.Max(float64(card.Factor), 1300) / 1000
		secs[0] = float64(conf.Lapse.MinInt) * day
		if len(conf.Lapse.Delays) > 0 {
			secs[0] = conf.Lapse.Delays[0] * minute
		}
		hard := math.Max(ivl*conf.Rev.HardFactor, ivl+1)
		good := math.Max(ivl*ease, hard+1)
		easyIvl := math.Max(ivl*ease*conf.Rev.Ease4, good+1)
		secs[1], secs[2], secs[3] = math.Round(hard)*day, math.Round(good)*day, math.Round(easyIvl)*day
	}
	out := make([]string, 4)
	for i, s := range secs {
		out[i] = intervalLabel(s)
	}
	return out
}

// intAt returns s[i], or def when s is too short.
func intAt(s []int, i, def int) int {
	if i < len(s) {
		return s[i]
	}
	return def
}

// intervalLabel formats an interval as Anki's answer buttons do: "<10m",
// "25m", "1.5h", "4d", "1.2mo", "2y".
func intervalLabel(secs float64) string {
	prefix := ""
	if secs < learnAheadSecs {
		prefix = "<"
	}
	units := []struct {
		limit, size float64
		suffix      string
		decimals    bool
	}{
		{60, 1, "s", false},
		{3600, 60, "m", false},
		{86400, 3600, "h", true},
		{30 * 86400, 86400, "d", false},
		{365 * 86400, 30 * 86400, "mo", true},
		{math.Inf(1), 365 * 86400, "y", true},
	}
	for _, u := range units {
		if secs < u.limit {
			v := secs / u.size
			if u.decimals {
				v = math.Round(v*10) / 10
			} else {
				v = math.Round(v)
			}
			return prefix + strconv.FormatFloat(v, 'f', -1, 64) + u.suffix
		}
	}
	return ""
}
