package search

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// foldMode is how a glob compares letters.
type foldMode uint8

const (
	// foldASCII is SQLite's LIKE, which Anki uses for text and field
	// searches: a-z match A-Z, other characters match only themselves.
	foldASCII foldMode = iota
	// foldUnicode is the (?i) of the regular expressions Anki uses for
	// names, tags and w: (simple Unicode case folding).
	foldUnicode
)

// glob is an Anki wildcard pattern: * matches any run of characters, _ one
// character, and a backslash makes the next character literal. Matching
// never allocates.
type glob struct {
	segs    []segment // the pattern split at each *
	fold    foldMode
	newline bool // whether wildcards match "\n" (LIKE and (?s) do)
	minLen  int  // the fewest bytes a match can take: one per character
	// quick is set for the commonest patterns, "text" and "text*" with
	// text literal (and ASCII under Unicode folding): matchAnchored then
	// compares bytes (see quickAnchored).
	quick     bool
	quickLit  string // the literal, lower-cased
	quickStar bool   // followed by a *
}

// segment is the part of a glob between two stars.
type segment struct {
	atoms []string // literal text, or "" for the one-character wildcard _
	runes int      // how many characters the segment matches
}

func newGlob(pattern string, fold foldMode, newline bool) *glob {
	g := &glob{fold: fold, newline: newline}
	var seg segment
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			s := lit.String()
			if fold == foldASCII {
				s = asciiLower(s)
			}
			seg.atoms = append(seg.atoms, s)
			lit.Reset()
		}
	}
	for i := 0; i < len(pattern); {
		r, w := utf8.DecodeRuneInString(pattern[i:])
		i += w
		switch {
		case r == '\\' && i < len(pattern):
			r, w = utf8.DecodeRuneInString(pattern[i:])
			i += w
			lit.WriteRune(r)
			seg.runes++
		case r == '*':
			flush()
			g.segs = append(g.segs, seg)
			seg = segment{}
		case r == '_':
			flush()
			seg.atoms = append(seg.atoms, "")
			seg.runes++
		default:
			lit.WriteRune(r)
			seg.runes++
		}
	}
	flush()
	g.segs = append(g.segs, seg)
	for _, seg := range g.segs {
		g.minLen += seg.runes
	}
	g.setQuick()
	return g
}

// setQuick sets quick when the pattern is one literal, alone or followed by
// a star.
func (g *glob) setQuick() {
	first := g.segs[0]
	switch {
	case len(g.segs) > 2, len(g.segs) == 2 && len(g.segs[1].atoms) > 0:
		return // a * before the end, or text after it
	case len(first.atoms) != 1 || first.atoms[0] == "":
		return // a _, or no literal
	}
	lit := first.atoms[0]
	if g.fold == foldUnicode {
		for i := 0; i < len(lit); i++ {
			if lit[i] >= utf8.RuneSelf {
				return
			}
		}
		lit = asciiLower(lit)
	}
	g.quick, g.quickLit, g.quickStar = true, lit, len(g.segs) == 2
}

// quickAnchored is matchAnchored for a quick glob, a byte comparison;
// decided is false when the general matcher must answer. That is only under
// Unicode folding, when s has a non-ASCII byte where the literal is
// compared: a character such as the Kelvin sign folds to an ASCII letter in
// more than one byte. Elsewhere bytes decide: under ASCII folding (LIKE)
// only A-Z fold; under Unicode folding an ASCII literal matched byte for
// byte by an ASCII start of s ends where its last byte does, and nothing
// shorter than the literal can match it.
func (g *glob) quickAnchored(s string) (match, decided bool) {
	lit := g.quickLit
	if same, decided := g.quickPrefix(s); !same {
		return false, decided
	}
	if !g.quickStar {
		return len(s) == len(lit), true
	}
	return g.gapOK(s[len(lit):]), true
}

// quickPrefix reports whether the quick literal's bytes match the start of
// s as quickAnchored compares them; decided is false when the general
// matcher must answer.
func (g *glob) quickPrefix(s string) (same, decided bool) {
	lit := g.quickLit
	if len(s) < len(lit) {
		return false, true
	}
	for i := 0; i < len(lit); i++ {
		c := s[i]
		if c >= utf8.RuneSelf && g.fold == foldUnicode {
			return false, false
		}
		if lowerASCII(c) != lit[i] {
			return false, true
		}
	}
	return true, true
}

// literalGlob matches s exactly (case-insensitively), wildcards and
// backslashes included.
func literalGlob(s string, fold foldMode) *glob {
	var b strings.Builder
	for _, r := range s {
		if r == '\\' || r == '*' || r == '_' {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return newGlob(b.String(), fold, true)
}

// quickParts is matchParts for a quick glob; decided is false when the
// general matcher must answer. Once the literal's bytes match the start of
// s as quickAnchored compares them, every part of s (s, and each prefix
// that ends where sep starts) at least as long as the literal starts with
// them, and the shorter ones cannot match: without a star the one part
// that can match is the literal's length, with a star every part that
// long matches unless a newline it may not cross follows.
func (g *glob) quickParts(s, sep string) (match, decided bool) {
	lit := g.quickLit
	if same, decided := g.quickPrefix(s); !same {
		return false, decided
	}
	rest := s[len(lit):]
	if !g.quickStar {
		return rest == "" || strings.HasPrefix(rest, sep), true
	}
	if g.gapOK(rest) {
		return true, true
	}
	return false, false
}

// matchAnchored reports whether the whole of s matches.
func (g *glob) matchAnchored(s string) bool {
	if g.quick {
		if m, ok := g.quickAnchored(s); ok {
			return m
		}
	}
	return g.matchAnchoredSlow(s)
}

// matchAnchoredSlow is matchAnchored without the quick path.
func (g *glob) matchAnchoredSlow(s string) bool {
	if len(s) < g.minLen {
		return false
	}
	end, ok := g.matchSeg(&g.segs[0], s, 0)
	if !ok {
		return false
	}
	last := len(g.segs) - 1
	if last == 0 {
		return end == len(s)
	}
	pos, ok := g.matchMiddle(s, end)
	if !ok {
		return false
	}
	// The last segment matches a fixed number of characters, so it can only
	// start that many characters before the end.
	seg := &g.segs[last]
	start := len(s)
	for n := seg.runes; n > 0; n-- {
		if start <= pos {
			return false
		}
		_, w := utf8.DecodeLastRuneInString(s[pos:start])
		start -= w
	}
	end, ok = g.matchSeg(seg, s, start)
	return ok && end == len(s) && g.gapOK(s[pos:start])
}

// matchMiddle finds the segments between the first and the last, each as
// early as possible from pos, and returns where the last one may start.
func (g *glob) matchMiddle(s string, pos int) (int, bool) {
	for i := 1; i < len(g.segs)-1; i++ {
		start, end, ok := g.find(&g.segs[i], s, pos)
		if !ok || !g.gapOK(s[pos:start]) {
			return 0, false
		}
		pos = end
	}
	return pos, true
}

// matchIn reports whether the pattern occurs anywhere in fields taken as one
// text, as LIKE '%pattern%' does over a note's fields: each segment is found
// in some field, in order, so a * may span fields. (A _ does not match the
// separator between two fields.)
func (g *glob) matchIn(fields []string) bool {
	f, pos := 0, 0
	for i := range g.segs {
		for {
			if f == len(fields) {
				return false
			}
			if _, end, ok := g.find(&g.segs[i], fields[f], pos); ok {
				pos = end
				break
			}
			f, pos = f+1, 0
		}
	}
	return true
}

// matchWord reports whether the pattern occurs in s between word boundaries,
// as the regular expression \bpattern\b does (Unicode word characters).
func (g *glob) matchWord(s string) bool {
	for i := 0; ; {
		if isBoundary(s, i) && g.matchWordAt(s, i) {
			return true
		}
		if i == len(s) {
			return false
		}
		_, w := utf8.DecodeRuneInString(s[i:])
		i += w
	}
}

func (g *glob) matchWordAt(s string, i int) bool {
	end, ok := g.matchSeg(&g.segs[0], s, i)
	if !ok {
		return false
	}
	last := len(g.segs) - 1
	if last == 0 {
		return isBoundary(s, end)
	}
	pos, ok := g.matchMiddle(s, end)
	if !ok {
		return false
	}
	for p := pos; ; {
		if end, ok := g.matchSeg(&g.segs[last], s, p); ok && isBoundary(s, end) {
			return true
		}
		if p == len(s) {
			return false
		}
		r, w := utf8.DecodeRuneInString(s[p:])
		if r == '\n' && !g.newline {
			return false
		}
		p += w
	}
}

func isBoundary(s string, i int) bool {
	before, after := false, false
	if i > 0 {
		r, _ := utf8.DecodeLastRuneInString(s[:i])
		before = isWordRune(r)
	}
	if i < len(s) {
		r, _ := utf8.DecodeRuneInString(s[i:])
		after = isWordRune(r)
	}
	return before != after
}

// gapOK reports whether a * may match gap.
func (g *glob) gapOK(gap string) bool {
	return g.newline || strings.IndexByte(gap, '\n') < 0
}

// find returns the first match of seg in s at or after from.
func (g *glob) find(seg *segment, s string, from int) (start, end int, ok bool) {
	if len(seg.atoms) == 0 {
		return from, from, true
	}
	if g.fold == foldASCII && seg.atoms[0] != "" {
		// A literal first byte can be scanned for in either case: wherever it
		// matches, it starts a character.
		lo := seg.atoms[0][0]
		up := lo
		if 'a' <= lo && lo <= 'z' {
			up = lo - 'a' + 'A'
		}
		for i := from; i < len(s); i++ {
			j := indexEither(s[i:], lo, up)
			if j < 0 {
				break
			}
			i += j
			if end, ok := g.matchSeg(seg, s, i); ok {
				return i, end, true
			}
		}
		return 0, 0, false
	}
	for i := from; i < len(s); {
		if end, ok := g.matchSeg(seg, s, i); ok {
			return i, end, true
		}
		_, w := utf8.DecodeRuneInString(s[i:])
		i += w
	}
	return 0, 0, false
}

// indexEither is the index of the first a or b in s, or -1.
func indexEither(s string, a, b byte) int {
	i := strings.IndexByte(s, a)
	if a == b {
		return i
	}
	if i < 0 {
		return strings.IndexByte(s, b)
	}
	if j := strings.IndexByte(s[:i], b); j >= 0 {
		return j
	}
	return i
}

// matchSeg matches seg at s[i:] and returns where the match ends.
func (g *glob) matchSeg(seg *segment, s string, i int) (int, bool) {
	for _, a := range seg.atoms {
		if a == "" {
			if i == len(s) {
				return 0, false
			}
			r, w := utf8.DecodeRuneInString(s[i:])
			if r == '\n' && !g.newline {
				return 0, false
			}
			i += w
			continue
		}
		n, ok := g.prefix(s[i:], a)
		if !ok {
			return 0, false
		}
		i += n
	}
	return i, true
}

// prefix matches the literal lit at the start of s and returns its length in
// s (which differs from len(lit) only under Unicode folding).
func (g *glob) prefix(s, lit string) (int, bool) {
	if g.fold == foldASCII {
		if len(s) < len(lit) {
			return 0, false
		}
		for i := 0; i < len(lit); i++ {
			if lowerASCII(s[i]) != lit[i] {
				return 0, false
			}
		}
		return len(lit), true
	}
	i := 0
	for _, p := range lit {
		if i == len(s) {
			return 0, false
		}
		if c := s[i]; c < utf8.RuneSelf && p < utf8.RuneSelf {
			if lowerASCII(c) != lowerASCII(byte(p)) {
				return 0, false
			}
			i++
			continue
		}
		r, w := utf8.DecodeRuneInString(s[i:])
		if !equalFoldRune(r, p) {
			return 0, false
		}
		i += w
	}
	return i, true
}

func equalFoldRune(a, b rune) bool {
	if a == b {
		return true
	}
	for r := unicode.SimpleFold(a); r != a; r = unicode.SimpleFold(r) {
		if r == b {
			return true
		}
	}
	return false
}
