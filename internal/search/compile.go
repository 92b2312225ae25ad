package search

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"regexp/syntax"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/ankiconnect-go/ankiconnect/internal/render"
)

// Query is a compiled search: names resolved against a collection and the
// clock read once, ready to test cards. It is safe for concurrent use.
type Query struct {
	root      expr
	noteLevel bool // no term reads a card: see NoteLevel
}

// Compile parses query and resolves it against c: deck, note type and
// template names become ID sets, the day cutoff and clock are read. An
// invalid search is an *Error; an empty one matches every card.
func Compile(query string, c Collection) (*Query, error) {
	n, err := Parse(query)
	if err != nil {
		return nil, err
	}
	cutoff := c.DayCutoff().Unix()
	cc := &compiler{
		col:    c,
		decks:  c.Decks(),
		models: c.Models(),
		today:  int64(c.Today()),
		cutoff: cutoff,
		now:    c.Now().Unix(),
	}
	root, err := cc.compile(n)
	if err != nil {
		return nil, err
	}
	return &Query{root: root, noteLevel: root.noteLevel()}, nil
}

// MatchCard reports whether card matches the query. A note matches when any
// of its cards does.
func (q *Query) MatchCard(card Card) bool { return q.root.eval(card) == yes }

// NoteLevel reports whether the query reads nothing of a card but its note
// (tags, fields, note type, note ID, modification time): then all the cards
// of a note match or none does, and MatchNote answers for them once.
func (q *Query) NoteLevel() bool { return q.noteLevel }

// MatchNote reports whether the cards of n match a NoteLevel query: the
// same answer MatchCard gives for each of them, without a card. It panics
// if the query is not NoteLevel.
func (q *Query) MatchNote(n Note) bool { return q.root.evalNote(n) == yes }

// tri is SQL's three-valued logic: Anki's searches on FSRS memory state and
// custom data give NULL for cards without them, and NULL stays NULL under
// negation, so "-prop:s>21" matches no such card either.
type tri uint8

const (
	no tri = iota
	yes
	unknown
)

type exprOp uint8

const (
	opLeaf     exprOp = iota // a card term
	opNoteLeaf               // a note term
	opAnd                    // all kids
	opOr                     // any kid
	opNot                    // kids[0] negated
	opUnknown                // NULL
)

type expr struct {
	op   exprOp
	kids []expr
	leaf matcher     // opLeaf
	note noteMatcher // opNoteLeaf
}

// matcher is one compiled search term that reads the card.
type matcher interface {
	match(c Card) bool
}

// noteMatcher is one compiled search term that reads only the card's note.
type noteMatcher interface {
	matchNote(n Note) bool
}

func leaf(m matcher) expr { return expr{op: opLeaf, leaf: m} }

func noteLeaf(m noteMatcher) expr { return expr{op: opNoteLeaf, note: m} }

// noteLevel reports whether no leaf of e reads a card.
func (e *expr) noteLevel() bool {
	if e.op == opLeaf {
		return false
	}
	for i := range e.kids {
		if !e.kids[i].noteLevel() {
			return false
		}
	}
	return true
}

func (e *expr) eval(c Card) tri {
	switch e.op {
	case opLeaf:
		return triOf(e.leaf.match(c))
	case opNoteLeaf:
		return triOf(e.note.matchNote(c.CardNote()))
	case opAnd, opOr:
		// Stop at the first kid that decides (no for and, yes for or); a
		// NULL kid makes the result NULL unless one decides.
		stop, r := no, yes
		if e.op == opOr {
			stop, r = yes, no
		}
		for i := range e.kids {
			switch e.kids[i].eval(c) {
			case stop:
				return stop
			case unknown:
				r = unknown
			}
		}
		return r
	case opNot:
		return e.kids[0].eval(c).not()
	}
	return unknown
}

// evalNote is eval for a tree of note terms only (noteLevel). It repeats
// eval's and/or/not rather than share it through a function value, which
// made card-level scans 10-20% slower (BenchmarkMatch100kNegatedTagProp).
func (e *expr) evalNote(n Note) tri {
	switch e.op {
	case opLeaf:
		panic("search: MatchNote on a query with card terms")
	case opNoteLeaf:
		return triOf(e.note.matchNote(n))
	case opAnd, opOr:
		stop, r := no, yes
		if e.op == opOr {
			stop, r = yes, no
		}
		for i := range e.kids {
			switch e.kids[i].evalNote(n) {
			case stop:
				return stop
			case unknown:
				r = unknown
			}
		}
		return r
	case opNot:
		return e.kids[0].evalNote(n).not()
	}
	return unknown
}

func triOf(b bool) tri {
	if b {
		return yes
	}
	return no
}

// not is SQL's NOT: NULL stays NULL.
func (t tri) not() tri {
	switch t {
	case yes:
		return no
	case no:
		return yes
	}
	return unknown
}

// compiler holds what Compile read from the collection.
type compiler struct {
	col    Collection
	decks  []Deck
	models []Model
	today  int64 // scheduler day number
	cutoff int64 // end of today, epoch seconds
	now    int64 // epoch seconds
}

func (cc *compiler) compileAll(nodes []Node, op exprOp) (expr, error) {
	e := expr{op: op, kids: make([]expr, len(nodes))}
	for i, n := range nodes {
		k, err := cc.compile(n)
		if err != nil {
			return expr{}, err
		}
		e.kids[i] = k
	}
	return e, nil
}

func (cc *compiler) compile(n Node) (expr, error) {
	switch n := n.(type) {
	case And:
		return cc.compileAll(n.Nodes, opAnd)
	case Or:
		return cc.compileAll(n.Nodes, opOr)
	case Not:
		return cc.compileAll([]Node{n.Node}, opNot)
	case Group:
		return cc.compile(n.Node)
	case Text:
		return cc.text(n)
	case Field:
		return cc.field(n)
	case Tag:
		return cc.tag(n)
	case DeckName:
		return cc.deck(n.Name), nil
	case Preset:
		ids := newIDSet()
		for _, d := range cc.decks {
			if d.Preset != "" && strings.EqualFold(d.Preset, n.Name) {
				ids.add(d.ID)
			}
		}
		return leaf(deckMatcher{ids}), nil
	case NoteType:
		g := newGlob(n.Name, foldUnicode, false)
		ids := newIDSet()
		for _, m := range cc.models {
			if g.matchAnchored(m.Name) {
				ids.add(m.ID)
			}
		}
		return noteLeaf(modelMatcher{ids}), nil
	case NoteTypeID:
		ids := newIDSet()
		ids.add(n.ID)
		return noteLeaf(modelMatcher{ids}), nil
	case CardTemplate:
		g := newGlob(n.Name, foldUnicode, false)
		set := map[template]bool{}
		for _, m := range cc.models {
			for ord, name := range m.Templates {
				if g.matchAnchored(name) {
					set[template{m.ID, ord}] = true
				}
			}
		}
		return leaf(templateMatcher(set)), nil
	case CardOrd:
		return leaf(ordMatcher(n.Ord)), nil
	case State:
		return leaf(stateMatcher{state: cardStates[n.State], today: cc.today, learnCutoff: cc.now + learnAheadSecs}), nil
	case Flag:
		return leaf(flagMatcher(n.Flag)), nil
	case IDList:
		ids := idList(n.IDs)
		switch n.Key {
		case "nid":
			return noteLeaf(noteIDMatcher{ids}), nil
		case "cid":
			return leaf(cardIDMatcher{ids}), nil
		}
		return leaf(deckMatcher{ids}), nil
	case Recent:
		return cc.recent(n), nil
	case Rated:
		ease := n.Ease
		if ease == 0 && !n.Resched {
			ease = anyAnswer
		}
		return leaf(cc.revlog(opGt, -int64(n.Days), ease)), nil
	case Prop:
		return cc.prop(n), nil
	case Dupe:
		return noteLeaf(dupeMatcher{mid: n.NoteTypeID, text: render.StripHTMLKeepMedia(n.Text)}), nil
	case HasCustomData:
		// The interface carries no custom data; Anki matches no card without.
		return noteLeaf(constMatcher(false)), nil
	}
	return expr{}, fmt.Errorf("search: cannot compile %T", n)
}

// learnAheadSecs is Anki's default learn-ahead limit (20 minutes): learning
// cards due within it count as due.
const learnAheadSecs = 1200

// deck compiles "deck:name".
func (cc *compiler) deck(name string) expr {
	switch name {
	case "*":
		return noteLeaf(constMatcher(true))
	case "filtered":
		return leaf(filteredMatcher{})
	}
	var g *glob
	if name == "current" {
		current := "Default"
		for _, d := range cc.decks {
			if d.ID == cc.col.CurrentDeckID() {
				current = d.Name
			}
		}
		g = literalGlob(nativeDeckName(current), foldUnicode)
	} else {
		g = newGlob(deckPattern(name), foldUnicode, false)
	}
	ids := newIDSet()
	for _, d := range cc.decks {
		// A search for a deck includes its children.
		if matchParts(g, nativeDeckName(d.Name), "\x1f") {
			ids.add(d.ID)
		}
	}
	return leaf(deckMatcher{ids})
}

// nativeDeckName is the name as Anki stores it, "\x1f" between levels.
func nativeDeckName(name string) string { return strings.ReplaceAll(name, "::", "\x1f") }

// deckPattern normalises each level of a deck search as Anki normalises deck
// names (blanks and colons trimmed, an empty level named "blank") and joins
// the levels with "\x1f".
func deckPattern(name string) string {
	parts := strings.Split(name, "::")
	for i, p := range parts {
		p = strings.TrimFunc(p, func(r rune) bool { return r == ':' || unicode.IsSpace(r) })
		if p == "" {
			p = "blank"
		}
		parts[i] = p
	}
	return strings.Join(parts, "\x1f")
}

func (cc *compiler) tag(n Tag) (expr, error) {
	if n.Mode == FieldRegex {
		re, err := compileRegexp(n.Tag)
		if err != nil {
			return expr{}, err
		}
		// Anki splits " a b " at spaces, so the empty string is tried too.
		if re.MatchString("") {
			return noteLeaf(constMatcher(true)), nil
		}
		return noteLeaf(tagRegexMatcher{re}), nil
	}
	switch {
	case n.Tag == "none":
		return noteLeaf(noTagsMatcher{}), nil
	case n.Tag == "*":
		return noteLeaf(constMatcher(true)), nil
	case strings.Contains(n.Tag, " "):
		return noteLeaf(constMatcher(false)), nil
	case n.Mode == FieldNoCombining:
		return noteLeaf(tagMatcher{g: newGlob(withoutCombining(n.Tag), foldUnicode, false), nc: true}), nil
	}
	return noteLeaf(tagMatcher{g: newGlob(n.Tag, foldUnicode, false)}), nil
}

func (cc *compiler) text(n Text) (expr, error) {
	switch n.Mode {
	case TextRegex:
		re, err := compileRegexp(n.Text)
		if err != nil {
			return expr{}, err
		}
		return noteLeaf(regexpMatcher{re}), nil
	case TextWord:
		return noteLeaf(wordMatcher{newGlob(n.Text, foldUnicode, false)}), nil
	}
	m := textMatcher{sortField: &idMap[int]{}}
	for _, model := range cc.models {
		m.sortField.set(model.ID, model.SortField)
	}
	switch n.Mode {
	case TextNoCombining:
		m.transform = withoutCombining
		m.g = newGlob(withoutCombining(n.Text), foldASCII, true)
	case TextStripClozes:
		m.transform = stripClozes
		m.models = newIDSet()
		for _, model := range cc.models {
			if model.Cloze {
				m.models.add(model.ID)
			}
		}
		m.g = newGlob(n.Text, foldASCII, true)
	default:
		m.g = newGlob(n.Text, foldASCII, true)
	}
	return noteLeaf(m), nil
}

func (cc *compiler) field(n Field) (expr, error) {
	if n.Field == "*" || n.Field == "_*" || n.Field == "*_" {
		if n.Mode == FieldRegex {
			re, err := compileRegexp(n.Text)
			if err != nil {
				return expr{}, err
			}
			return noteLeaf(allFieldsMatcher{re: re}), nil
		}
		// Anki's regex for this is (?is)^...$: Unicode case folding.
		return noteLeaf(allFieldsMatcher{g: newGlob(n.Text, foldUnicode, true)}), nil
	}
	m := fieldMatcher{fields: &idMap[[]int]{}}
	name := newGlob(n.Field, foldUnicode, false)
	for _, model := range cc.models {
		var idx []int
		for i, f := range model.Fields {
			if name.matchAnchored(f) {
				idx = append(idx, i)
			}
		}
		if len(idx) > 0 {
			m.fields.set(model.ID, append(m.fields.get(model.ID), idx...))
		}
	}
	switch n.Mode {
	case FieldRegex:
		re, err := compileRegexp(n.Text)
		if err != nil {
			return expr{}, err
		}
		m.re = re
	case FieldNoCombining:
		m.nc = true
		m.g = newGlob(withoutCombining(n.Text), foldASCII, true)
	default:
		m.g = newGlob(n.Text, foldASCII, true)
	}
	return noteLeaf(m), nil
}

// compileRegexp compiles a user's regular expression the way Anki runs it:
// with Rust's syntax and meaning (see rustToGo), case-insensitive unless it
// says (?-i).
func compileRegexp(re string) (*regexp.Regexp, error) {
	invalid := func(cause string) error {
		return fail(fmt.Sprintf("invalid regular expression `%s`: %s", tick(re), cause))
	}
	goRE, err := rustToGo(re)
	if err != nil {
		return nil, invalid(err.Error())
	}
	r, err := regexp.Compile("(?i)" + goRE)
	if err != nil {
		// Go's message quotes the translated pattern, which can hold long
		// expansions of \w and the like: keep its cause and a short quote.
		var se *syntax.Error
		if errors.As(err, &se) && len(se.Expr) <= 60 {
			return nil, invalid(fmt.Sprintf("%s: `%s`", se.Code, tick(se.Expr)))
		} else if se != nil {
			return nil, invalid(se.Code.String())
		}
		return nil, invalid(err.Error())
	}
	return r, nil
}

// dayStart is the start of the day daysBack-1 days before today, in epoch
// seconds: "added:1" means since the start of today.
func (cc *compiler) dayStart(daysBack int64) int64 { return cc.cutoff - 86400*daysBack }

func (cc *compiler) recent(n Recent) expr {
	since := cc.dayStart(int64(n.Days))
	switch n.Key {
	case "added":
		return leaf(addedMatcher(since * 1000))
	case "edited":
		return noteLeaf(editedMatcher(since))
	}
	return leaf(introducedMatcher(since * 1000))
}

// The answer-button filters of revlogMatcher besides 1-4.
const (
	manualReschedule = 0  // ease 0: rescheduled by hand
	anyAnswer        = -1 // any ease above 0
)

func opOf(text string) cmpOp {
	for _, o := range cmpOps {
		if o.text == text {
			return o.op
		}
	}
	return opGe
}

// revlog compiles Anki's rating search: op compares a review's time with day
// "days" (0 today, -1 yesterday...), ease is 1-4, anyAnswer or
// manualReschedule.
func (cc *compiler) revlog(op cmpOp, days int64, ease int) revlogMatcher {
	end := (cc.cutoff + 86400*days) * 1000 // end of that day, ms
	start := end - 86400*1000              // its start
	m := revlogMatcher{ease: ease}
	switch op {
	case opGt:
		m.lo, m.hi = end, math.MaxInt64
	case opGe:
		m.lo, m.hi = start, math.MaxInt64
	case opLt:
		m.lo, m.hi = math.MinInt64, start-1
	case opLe:
		m.lo, m.hi = math.MinInt64, end-1
	case opEq:
		m.lo, m.hi = start, end-1
	case opNe:
		m.lo, m.hi, m.outside = start, end-1, true
	}
	return m
}

func (cc *compiler) prop(n Prop) expr {
	switch {
	case n.Prop == "rated" || n.Prop == "resched":
		ease := n.Ease
		if n.Prop == "rated" && ease == 0 {
			ease = anyAnswer
		}
		return leaf(cc.revlog(opOf(n.Op), int64(n.Value), ease))
	case n.Prop == "r":
		// Anki gives false for new cards and, for others, NULL: there is no
		// FSRS memory state in the interface.
		notNew := expr{op: opNot, kids: []expr{leaf(stateMatcher{state: stateNew})}}
		return expr{op: opAnd, kids: []expr{notNew, {op: opUnknown}}}
	case n.Prop == "s" || n.Prop == "d" || strings.HasPrefix(n.Prop, "cdn:") || strings.HasPrefix(n.Prop, "cds:"):
		// FSRS memory state and custom data are not in the interface; Anki's
		// SQL gives NULL for cards without them.
		return expr{op: opUnknown}
	}
	m := propMatcher{prop: cardProps[n.Prop], op: opOf(n.Op), value: int64(n.Value), today: cc.today, cutoff: cc.cutoff}
	if m.prop == propEase {
		m.value = easeFactor(n.Value)
	}
	return leaf(m)
}

// easeFactor converts "prop:ease" to Anki's permille as its SQL does: a
// float32 product truncated to an unsigned integer.
func easeFactor(v float64) int64 {
	f := float32(v) * 1000
	switch {
	case f <= 0:
		return 0
	case f >= math.MaxUint32:
		return math.MaxUint32
	}
	return int64(uint32(f))
}

// idList parses a checked list of IDs; numbers too large for an ID can match
// nothing and are dropped.
func idList(s string) *idSet {
	ids := newIDSet()
	for _, part := range strings.Split(s, ",") {
		if id, err := strconv.ParseInt(part, 10, 64); err == nil {
			ids.add(id)
		}
	}
	return ids
}

// idSet is a set of IDs (decks, note types, cards, notes).
type idSet struct{ idMap[struct{}] }

func newIDSet() *idSet { return &idSet{} }

func (s *idSet) add(id int64) { s.set(id, struct{}{}) }

func (s *idSet) has(id int64) bool {
	_, ok := s.lookup(id)
	return ok
}

// idMap maps IDs to values: parallel slices scanned in order while small
// (a collection has a handful of note types, a deck term a few decks, and
// comparing a few IDs is cheaper than hashing one), a map once large.
type idMap[V any] struct {
	ids  []int64
	vals []V
	big  map[int64]V
}

// idMapSmall is the most IDs idMap scans before it switches to a map.
const idMapSmall = 16

func (m *idMap[V]) set(id int64, v V) {
	if m.big != nil {
		m.big[id] = v
		return
	}
	for i, have := range m.ids {
		if have == id {
			m.vals[i] = v
			return
		}
	}
	m.ids, m.vals = append(m.ids, id), append(m.vals, v)
	if len(m.ids) > idMapSmall {
		m.big = make(map[int64]V, len(m.ids))
		for i, id := range m.ids {
			m.big[id] = m.vals[i]
		}
		m.ids, m.vals = nil, nil
	}
}

// lookup returns id's value and whether id is in m.
func (m *idMap[V]) lookup(id int64) (V, bool) {
	if m.big != nil {
		v, ok := m.big[id]
		return v, ok
	}
	for i, have := range m.ids {
		if have == id {
			return m.vals[i], true
		}
	}
	var zero V
	return zero, false
}

// get returns id's value, V's zero value for an ID not in m.
func (m *idMap[V]) get(id int64) V {
	v, _ := m.lookup(id)
	return v
}

// list returns the IDs in m: the map's own slice while small, which the
// caller must not change.
func (m *idMap[V]) list() []int64 {
	if m.big == nil {
		return m.ids
	}
	out := make([]int64, 0, len(m.big))
	for id := range m.big {
		out = append(out, id)
	}
	return out
}

// joinPool holds buffers for joining a note's fields for re: searches.
var joinPool = sync.Pool{New: func() any { return new([]byte) }}

// DeckFilter reports the decks every card the query matches is in, as its
// deck or, while in a filtered deck, its home deck: the decks of a deck
// term (deck:, did:, preset:) that is the whole query or that the query
// joins to the rest with "and". exact reports that the term is the whole
// query, so that every card in those decks matches. ok is false when the
// query has no such term. The slice is the query's and must not be changed.
func (q *Query) DeckFilter() (ids []int64, exact, ok bool) {
	e, exact := q.root.required(func(e *expr) bool {
		_, ok := e.leaf.(deckMatcher)
		return ok
	})
	if e == nil {
		return nil, false, false
	}
	return e.leaf.(deckMatcher).ids.list(), exact, true
}

// TagFilter reports a test that one of the tags of the note of every card
// the query matches passes: that of a tag term (tag:, but not tag:none)
// that is the whole query or that the query joins to the rest with "and".
// exact reports that the term is the whole query, so that every card of a
// note with such a tag matches. ok is false when the query has no such
// term. match is safe for concurrent use.
func (q *Query) TagFilter() (match func(tag string) bool, exact, ok bool) {
	e, exact := q.root.required(func(e *expr) bool {
		switch e.note.(type) {
		case tagMatcher, tagRegexMatcher:
			return true
		}
		return false
	})
	if e == nil {
		return nil, false, false
	}
	switch m := e.note.(type) {
	case tagMatcher:
		return m.matchTag, exact, true
	case tagRegexMatcher:
		return m.re.MatchString, exact, true
	}
	return nil, false, false
}

// required finds a leaf that is e or, through nested ands, one of the
// terms e requires, and passes want; exact reports that it is e itself.
func (e *expr) required(want func(*expr) bool) (found *expr, exact bool) {
	switch e.op {
	case opLeaf, opNoteLeaf:
		if want(e) {
			return e, true
		}
	case opAnd:
		for i := range e.kids {
			if f, _ := e.kids[i].required(want); f != nil {
				return f, false
			}
		}
	}
	return nil, false
}

// FieldFilter describes a field term whose text is a literal, or a literal
// and a star: "front:text" or "front:text*".
type FieldFilter struct {
	// Fields maps the note types that have fields the term names to the
	// indices of those fields.
	Fields map[int64][]int
	// Literal is the text, lower-cased in ASCII. A field matches when its
	// first len(Literal) bytes, with A-Z lower-cased, are Literal and,
	// unless Prefix, it has no more bytes (SQL's LIKE, which folds ASCII
	// only).
	Literal string
	Prefix  bool
}

// FieldFilter reports a field term whose text is a literal, or a literal
// and a star, that the whole query is or that the query joins to the rest
// with "and": a note with a card the query matches has a field it names
// that matches. exact reports that the term is the whole query. ok is
// false when the query has no such term.
func (q *Query) FieldFilter() (f FieldFilter, exact, ok bool) {
	e, exact := q.root.required(func(e *expr) bool {
		m, ok := e.note.(fieldMatcher)
		return ok && m.re == nil && !m.nc && m.g.quick && m.g.fold == foldASCII && m.g.newline
	})
	if e == nil {
		return FieldFilter{}, false, false
	}
	m := e.note.(fieldMatcher)
	f = FieldFilter{Fields: map[int64][]int{}, Literal: m.g.quickLit, Prefix: m.g.quickStar}
	m.fields.each(func(mid int64, idx []int) { f.Fields[mid] = idx })
	return f, exact, true
}

// each calls f for every ID and its value.
func (m *idMap[V]) each(f func(id int64, v V)) {
	if m.big != nil {
		for id, v := range m.big {
			f(id, v)
		}
		return
	}
	for i, id := range m.ids {
		f(id, m.vals[i])
	}
}
