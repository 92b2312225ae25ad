package search

import (
	"math"
	"regexp"
	"strings"

	"github.com/ankiconnect-go/ankiconnect/internal/render"
)

// The compiled search terms. Unless noted, a matcher reads the card and its
// note through the interfaces and allocates nothing.

type constMatcher bool

func (m constMatcher) matchNote(Note) bool { return bool(m) }

// deckMatcher matches cards in a set of decks, or whose home deck (while in
// a filtered deck) is in it.
type deckMatcher struct{ ids *idSet }

func (m deckMatcher) match(c Card) bool {
	if m.ids.has(c.CardDeckID()) {
		return true
	}
	od := c.CardOriginalDeckID()
	return od != 0 && m.ids.has(od)
}

// filteredMatcher is "deck:filtered": cards now in a filtered deck.
type filteredMatcher struct{}

func (filteredMatcher) match(c Card) bool { return c.CardOriginalDeckID() != 0 }

type modelMatcher struct{ ids *idSet }

func (m modelMatcher) matchNote(n Note) bool { return m.ids.has(n.NoteModelID()) }

// template is a card template: a note type and an ordinal.
type template struct {
	model int64
	ord   int
}

type templateMatcher map[template]bool

func (m templateMatcher) match(c Card) bool {
	return m[template{c.CardNote().NoteModelID(), c.CardOrd()}]
}

type ordMatcher int

func (m ordMatcher) match(c Card) bool { return c.CardOrd() == int(m) }

type flagMatcher int

func (m flagMatcher) match(c Card) bool { return c.CardFlags()&7 == int(m) }

type noteIDMatcher struct{ ids *idSet }

func (m noteIDMatcher) matchNote(n Note) bool { return m.ids.has(n.NoteID()) }

type cardIDMatcher struct{ ids *idSet }

func (m cardIDMatcher) match(c Card) bool { return m.ids.has(c.CardID()) }

// The card queues and types that searches test.
const (
	queueSuspended     = -1
	queueBuriedSibling = -2
	queueBuriedManual  = -3
	queueLearn         = 1
	queueReview        = 2
	queueDayLearn      = 3
	queuePreview       = 4
	typeNew            = 0
	typeLearn          = 1
	typeReview         = 2
	typeRelearn        = 3
)

// cardState is an "is:" search.
type cardState uint8

const (
	stateNew cardState = iota
	stateLearn
	stateReview
	stateDue
	stateSuspended
	stateBuried
	stateBuriedSibling
	stateBuriedManually
)

// cardStates are the arguments "is:" accepts.
var cardStates = map[string]cardState{
	"new": stateNew, "learn": stateLearn, "review": stateReview, "due": stateDue,
	"suspended": stateSuspended, "buried": stateBuried,
	"buried-sibling": stateBuriedSibling, "buried-manually": stateBuriedManually,
}

// stateMatcher is "is:...". today and learnCutoff matter only for "due".
type stateMatcher struct {
	state       cardState
	today       int64
	learnCutoff int64 // epoch seconds: now plus the learn-ahead limit
}

func (m stateMatcher) match(c Card) bool {
	t, q := c.CardType(), c.CardQueue()
	switch m.state {
	case stateNew:
		return t == typeNew
	case stateLearn:
		return t == typeLearn || t == typeRelearn
	case stateReview:
		return t == typeReview || t == typeRelearn
	case stateSuspended:
		return q == queueSuspended
	case stateBuried:
		return q == queueBuriedSibling || q == queueBuriedManual
	case stateBuriedSibling:
		return q == queueBuriedSibling
	case stateBuriedManually:
		return q == queueBuriedManual
	}
	switch q { // stateDue
	case queueReview, queueDayLearn:
		return c.CardDue() <= m.today
	case queueLearn, queuePreview:
		return c.CardDue() <= m.learnCutoff
	}
	return false
}

// addedMatcher is "added:n": the card's ID (its creation time in ms) after
// the cutoff.
type addedMatcher int64

func (m addedMatcher) match(c Card) bool { return c.CardID() > int64(m) }

// editedMatcher is "edited:n": the note's modification time (s) after the
// cutoff.
type editedMatcher int64

func (m editedMatcher) matchNote(n Note) bool { return n.NoteMod() > int64(m) }

// introducedMatcher is "introduced:n": the card's first answer (manual
// rescheduling aside) after the cutoff (ms). CardReviews may allocate.
type introducedMatcher int64

func (m introducedMatcher) match(c Card) bool {
	first, answered, recent := int64(math.MaxInt64), false, false
	for _, r := range c.CardReviews() {
		if r.Ease != manualReschedule && r.ID < first {
			first, answered = r.ID, true
		}
		recent = recent || r.ID > int64(m)
	}
	return answered && first > int64(m) && recent
}

// revlogMatcher matches a card with a review in [lo, hi] (ms), or outside it,
// answered with ease (1-4, anyAnswer or manualReschedule). CardReviews may
// allocate.
type revlogMatcher struct {
	lo, hi  int64
	outside bool
	ease    int
}

func (m revlogMatcher) match(c Card) bool {
	for _, r := range c.CardReviews() {
		if (r.ID >= m.lo && r.ID <= m.hi) == m.outside {
			continue
		}
		if r.Ease == m.ease || m.ease == anyAnswer && r.Ease > 0 {
			return true
		}
	}
	return false
}

// cardProp is a card number "prop:" compares.
type cardProp uint8

const (
	propIvl cardProp = iota
	propReps
	propLapses
	propEase
	propPos
	propDue
)

var cardProps = map[string]cardProp{"ivl": propIvl, "reps": propReps, "lapses": propLapses, "ease": propEase, "pos": propPos, "due": propDue}

// propMatcher is "prop:" on a card's scheduling numbers.
type propMatcher struct {
	prop   cardProp
	op     cmpOp
	value  int64 // for ease, the factor in permille
	today  int64
	cutoff int64 // end of today, epoch seconds
}

func (m propMatcher) match(c Card) bool {
	var v int64
	switch m.prop {
	case propIvl:
		v = int64(c.CardInterval())
	case propReps:
		v = int64(c.CardReps())
	case propLapses:
		v = int64(c.CardLapses())
	case propEase:
		v = int64(c.CardFactor())
	case propPos:
		if c.CardType() != typeNew {
			return false
		}
		v = c.CardDue()
	case propDue:
		switch c.CardQueue() {
		case queueReview, queueDayLearn:
			return m.op.compare(c.CardDue(), m.value+m.today)
		case queueLearn, queuePreview:
			// Days from the end of today, rounded toward zero as SQL does.
			return m.op.compare((c.CardDue()-m.cutoff)/86400, m.value)
		}
		return false
	}
	return m.op.compare(v, m.value)
}

// cmpOp is a comparison operator of "prop:".
type cmpOp uint8

const (
	opEq cmpOp = iota
	opNe
	opLt
	opGt
	opLe
	opGe
)

// cmpOps are the operators in the order the parser tries them.
var cmpOps = []struct {
	text string
	op   cmpOp
}{{"<=", opLe}, {">=", opGe}, {"!=", opNe}, {"=", opEq}, {"<", opLt}, {">", opGt}}

func (op cmpOp) compare(a, b int64) bool {
	switch op {
	case opEq:
		return a == b
	case opNe:
		return a != b
	case opLt:
		return a < b
	case opGt:
		return a > b
	case opLe:
		return a <= b
	}
	return a >= b
}

// tagMatcher matches a note with a tag, or a parent part of one (before a
// "::"), matching g. With nc, tags lose their combining marks first, which
// allocates for tags that have any.
type tagMatcher struct {
	g  *glob
	nc bool
}

func (m tagMatcher) matchNote(n Note) bool {
	for _, t := range n.NoteTags() {
		if m.matchTag(t) {
			return true
		}
	}
	return false
}

// matchTag reports whether tag t, or a parent part of it, matches.
func (m tagMatcher) matchTag(t string) bool {
	if m.nc {
		t = withoutCombining(t)
	}
	return matchParts(m.g, t, "::")
}

// matchParts matches g against s and against each prefix of s that ends
// where sep starts: a tag or deck together with its parents.
func matchParts(g *glob, s, sep string) bool {
	if g.quick {
		if m, ok := g.quickParts(s, sep); ok {
			return m
		}
	}
	return matchPartsSlow(g, s, sep)
}

// matchPartsSlow is matchParts without the quick path.
func matchPartsSlow(g *glob, s, sep string) bool {
	for i := 0; ; i++ {
		j := strings.Index(s[i:], sep)
		if j < 0 {
			return g.matchAnchored(s)
		}
		i += j
		if g.matchAnchored(s[:i]) {
			return true
		}
	}
}

type tagRegexMatcher struct{ re *regexp.Regexp }

func (m tagRegexMatcher) matchNote(n Note) bool {
	for _, t := range n.NoteTags() {
		if m.re.MatchString(t) {
			return true
		}
	}
	return false
}

type noTagsMatcher struct{}

func (noTagsMatcher) matchNote(n Note) bool { return len(n.NoteTags()) == 0 }

// textMatcher is plain text (and nc:, sc:) over all of a note's fields, as
// Anki's LIKE '%text%' over the raw fields or the HTML-stripped sort field.
// Stripping the sort field allocates, but only for a note whose raw fields
// do not match and whose sort field has HTML. transform (nc:, sc:) allocates
// for fields it changes.
type textMatcher struct {
	g         *glob
	transform func(string) string
	models    *idSet // the note types searched; nil for all
	sortField *idMap[int]
}

func (m textMatcher) matchNote(n Note) bool {
	if m.models != nil && !m.models.has(n.NoteModelID()) {
		return false
	}
	raw := n.NoteFields()
	if m.g.matchIn(m.apply(raw)) {
		return true
	}
	i := m.sortField.get(n.NoteModelID())
	if i >= len(raw) || !hasHTML(raw[i]) {
		return false // the stripped sort field is the raw one, already tried
	}
	sort := [1]string{render.StripHTMLKeepMedia(raw[i])}
	return m.g.matchIn(m.apply(sort[:]))
}

func hasHTML(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == '<' || s[i] == '&' {
			return true
		}
	}
	return false
}

// apply returns fields transformed, copying the slice only if a field
// changes.
func (m textMatcher) apply(fields []string) []string {
	if m.transform == nil {
		return fields
	}
	var out []string
	for i, f := range fields {
		t := m.transform(f)
		if out == nil && t != f {
			out = append(make([]string, 0, len(fields)), fields[:i]...)
		}
		if out != nil {
			out = append(out, t)
		}
	}
	if out == nil {
		return fields
	}
	return out
}

// wordMatcher is "w:": the pattern between word boundaries in a field.
type wordMatcher struct{ g *glob }

func (m wordMatcher) matchNote(n Note) bool {
	for _, f := range n.NoteFields() {
		if m.g.matchWord(f) {
			return true
		}
	}
	return false
}

// regexpMatcher is "re:" over a note's fields joined by "\x1f", as Anki
// stores them, so ^ and $ anchor at the first field's start and the last
// field's end. The join reuses pooled buffers.
type regexpMatcher struct{ re *regexp.Regexp }

func (m regexpMatcher) matchNote(n Note) bool {
	fields := n.NoteFields()
	if len(fields) == 1 {
		return m.re.MatchString(fields[0])
	}
	buf := joinPool.Get().(*[]byte)
	b := (*buf)[:0]
	for i, f := range fields {
		if i > 0 {
			b = append(b, '\x1f')
		}
		b = append(b, f...)
	}
	ok := m.re.Match(b)
	*buf = b
	joinPool.Put(buf)
	return ok
}

// allFieldsMatcher is "*:text" (whole-field wildcard match, Unicode case
// folding) or "*:re:..." on any field.
type allFieldsMatcher struct {
	g  *glob
	re *regexp.Regexp
}

func (m allFieldsMatcher) matchNote(n Note) bool {
	for _, f := range n.NoteFields() {
		if m.re != nil && m.re.MatchString(f) || m.re == nil && m.g.matchAnchored(f) {
			return true
		}
	}
	return false
}

// fieldMatcher is "field:text": for each note type, the fields whose names
// match, each compared whole with g (LIKE, ASCII case folding), or searched
// with re. With nc, fields lose their combining marks first, which allocates
// for fields that have any.
type fieldMatcher struct {
	fields *idMap[[]int] // note type ID to field indices
	g      *glob
	re     *regexp.Regexp
	nc     bool
}

func (m fieldMatcher) matchNote(n Note) bool {
	idx := m.fields.get(n.NoteModelID())
	if len(idx) == 0 {
		return false
	}
	fields := n.NoteFields()
	for _, i := range idx {
		if i >= len(fields) {
			continue
		}
		f := fields[i]
		switch {
		case m.re != nil:
			if m.re.MatchString(f) {
				return true
			}
		case m.nc:
			if m.g.matchAnchored(withoutCombining(f)) {
				return true
			}
		case m.g.matchAnchored(f):
			return true
		}
	}
	return false
}

// dupeMatcher is "dupe:ntid,text": notes of that type whose first field,
// HTML stripped, is text (stripped). Stripping allocates for fields with
// HTML.
type dupeMatcher struct {
	mid  int64
	text string
}

func (m dupeMatcher) matchNote(n Note) bool {
	if n.NoteModelID() != m.mid {
		return false
	}
	fields := n.NoteFields()
	return len(fields) > 0 && render.StripHTMLKeepMedia(fields[0]) == m.text
}
