package search

import (
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// quickPatterns are patterns the quick glob path takes, and some it must
// not take.
var quickPatterns = []struct {
	pattern string
	quick   bool
}{
	{"front 4*", true}, {"tag42", true}, {"Deck 3", true}, {"a", true}, {"k*", true}, {"s", true},
	{`a\*b`, true}, {`a\_`, true}, {"ÜBER", true}, // quick under ASCII folding only
	{"", false}, {"*", false}, {"a*b", false}, {"*a", false}, {"a_", false}, {"a**", false}, {"_*", false},
}

// TestQuickGlobTaken checks that the quick path is set up for the patterns
// it is meant for: a literal, or a literal and a star.
func TestQuickGlobTaken(t *testing.T) {
	for _, p := range quickPatterns {
		g := newGlob(p.pattern, foldASCII, true)
		if g.quick != p.quick {
			t.Errorf("newGlob(%q, ASCII): quick %v, want %v", p.pattern, g.quick, p.quick)
		}
		ascii := true
		for _, r := range p.pattern {
			ascii = ascii && r < 0x80
		}
		if g := newGlob(p.pattern, foldUnicode, false); g.quick != (p.quick && ascii) {
			t.Errorf("newGlob(%q, Unicode): quick %v, want %v", p.pattern, g.quick, p.quick && ascii)
		}
	}
	// The searches of internal/wire's findNotes benchmark.
	q, err := Compile(`"Front:front 4*" tag:tag42`, newTestCollection())
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range q.root.kids {
		var g *glob
		switch m := k.note.(type) {
		case fieldMatcher:
			g = m.g
		case tagMatcher:
			g = m.g
		}
		if g == nil || !g.quick {
			t.Errorf("%T: no quick glob", k.note)
		}
	}
}

// quickSubjects are strings the quick path is checked on: ASCII and other
// case variants, characters that fold to ASCII letters in more bytes (the
// Kelvin sign, the long s), newlines, and parent::child tags.
var quickSubjects = []string{
	"", "a", "A", "k", "K", "\u212a", "s", "S", "\u017f", "front 4", "FRONT 4", "front 42", "front 4\n2",
	"front\n4", "tag42", "TAG42", "tag4", "tag420", "tag42::x", "\u212aa", "über", "ÜBER", "Über", "a*b", "a_",
	"deck 3", "Deck 3::Child", "fro\u212ant 4", "\u017fs", "x\n", "\n", "tag42:::x", "tag4::2", "tag42\n::x",
	"tag4\n2::tag42", "k::\u212a", "::", "a::", "::a", "tag42::", "\u212a::k",
}

func randomSubject(r *rand.Rand) string {
	parts := []string{"a", "A", "k", "K", "\u212a", "s", "\u017f", "t", "ag", "42", "4", " ", "\n", "::", "ü", "Ü", "*", "_", "\\"}
	var b strings.Builder
	for n := r.IntN(7); n > 0; n-- {
		b.WriteString(parts[r.IntN(len(parts))])
	}
	return b.String()
}

// quickCases is quickPatterns and quickSubjects with n random patterns
// (half of them ending in a star) and n random subjects added.
func quickCases(r *rand.Rand, n int) (patterns, subjects []string) {
	for _, p := range quickPatterns {
		patterns = append(patterns, p.pattern)
	}
	for range n {
		p := randomSubject(r)
		if r.IntN(2) == 0 {
			p += "*"
		}
		patterns = append(patterns, p)
	}
	subjects = append(subjects, quickSubjects...)
	for range n {
		subjects = append(subjects, randomSubject(r))
	}
	return patterns, subjects
}

// TestQuickGlobAgrees compares the quick path with the general matcher on
// every pattern and subject, in both folding modes, with and without
// newlines matching.
func TestQuickGlobAgrees(t *testing.T) {
	patterns, subjects := quickCases(rand.New(rand.NewPCG(1, 2)), 300)
	taken := 0
	for _, p := range patterns {
		for _, fold := range []foldMode{foldASCII, foldUnicode} {
			for _, nl := range []bool{false, true} {
				g := newGlob(p, fold, nl)
				if !g.quick {
					continue
				}
				taken++
				for _, s := range subjects {
					if a, b := g.matchAnchored(s), g.matchAnchoredSlow(s); a != b {
						t.Fatalf("glob %q (fold %d, newline %v) on %q: quick %v, general %v", p, fold, nl, s, a, b)
					}
					if a, b := matchParts(g, s, "::"), matchPartsSlow(g, s, "::"); a != b {
						t.Fatalf("glob %q (fold %d, newline %v) on the parts of %q: quick %v, general %v", p, fold, nl, s, a, b)
					}
				}
			}
		}
	}
	if taken < 200 {
		t.Errorf("the quick path was taken for only %d globs", taken)
	}
}

// FuzzQuickGlob compares the quick path with the general matcher.
func FuzzQuickGlob(f *testing.F) {
	for _, p := range quickPatterns {
		for _, s := range quickSubjects {
			f.Add(p.pattern, s, false)
		}
	}
	f.Fuzz(func(t *testing.T, p, s string, unicodeFold bool) {
		fold := foldASCII
		if unicodeFold {
			fold = foldUnicode
		}
		for _, nl := range []bool{false, true} {
			g := newGlob(p, fold, nl)
			if a, b := g.matchAnchored(s), g.matchAnchoredSlow(s); a != b {
				t.Fatalf("glob %q (fold %d, newline %v) on %q: matchAnchored %v, general %v", p, fold, nl, s, a, b)
			}
			if a, b := matchParts(g, s, "::"), matchPartsSlow(g, s, "::"); a != b {
				t.Fatalf("glob %q (fold %d, newline %v) on the parts of %q: matchParts %v, general %v", p, fold, nl, s, a, b)
			}
		}
	})
}

// fieldFilterMatches is the rule FieldFilter documents, for one field.
func fieldFilterMatches(f FieldFilter, s string) bool {
	if len(s) < len(f.Literal) || !f.Prefix && len(s) != len(f.Literal) {
		return false
	}
	for i := 0; i < len(f.Literal); i++ {
		if lowerASCII(s[i]) != f.Literal[i] {
			return false
		}
	}
	return true
}

// TestFieldFilter checks that a FieldFilter says what the field term
// matches, on the quick patterns and random ones, and that it is offered
// only for terms it describes.
func TestFieldFilter(t *testing.T) {
	col := newTestCollection()
	patterns, subjects := quickCases(rand.New(rand.NewPCG(3, 4)), 200)
	offered := 0
	for _, p := range patterns {
		query := Field{Field: "Front", Text: p}.String()
		q, err := Compile(query, col)
		if err != nil {
			continue // an escape the parser refuses, such as \k
		}
		m, isField := q.root.note.(fieldMatcher)
		if !isField {
			continue // the printed pattern reads back as more than one term
		}
		f, exact, ok := q.FieldFilter()
		if ok != m.g.quick || ok && !exact {
			t.Fatalf("%s: FieldFilter ok %v exact %v, quick glob %v", query, ok, exact, m.g.quick)
		}
		if !ok {
			continue
		}
		offered++
		if idx := f.Fields[mBasic]; len(idx) != 1 || idx[0] != 0 || len(f.Fields) != 2 {
			t.Fatalf("%s: FieldFilter fields %v", query, f.Fields)
		}
		for _, s := range subjects {
			n := &tNote{mid: mBasic, fields: []string{s, "x"}}
			if a, b := q.MatchNote(n), fieldFilterMatches(f, s); a != b {
				t.Fatalf("%s on %q: MatchNote %v, FieldFilter %v", query, s, a, b)
			}
		}
	}
	if offered < 50 {
		t.Errorf("FieldFilter offered for only %d patterns", offered)
	}
	for _, query := range []string{`front:re:x`, `front:nc:x`, `front:x tag:y`, `front:x or tag:y`, `-front:x`, `front:*x`} {
		q, err := Compile(query, col)
		if err != nil {
			t.Fatal(err)
		}
		_, exact, ok := q.FieldFilter()
		if want := query == `front:x tag:y`; ok != want || exact {
			t.Errorf("%s: FieldFilter ok %v exact %v, want ok %v, inexact", query, ok, exact, want)
		}
	}
}

// TestDeckAndTagFilter checks which queries offer a deck or tag filter,
// whether it is exact, and what it holds.
func TestDeckAndTagFilter(t *testing.T) {
	col := newTestCollection()
	for _, tc := range []struct {
		query           string
		deck, tag       bool // offered
		exact           bool // for the one offered (deck first)
		decks           int
		tagYes, tagNope string
	}{
		{query: `deck:French`, deck: true, exact: true, decks: 3},
		{query: `did:11`, deck: true, exact: true, decks: 1},
		{query: `preset:Languages`, deck: true, exact: true, decks: 2},
		{query: `deck:French tag:animal`, deck: true, tag: true, decks: 3, tagYes: "animal::mammal", tagNope: "animals"},
		{query: `(deck:French (is:new tag:x))`, deck: true, tag: true, decks: 3, tagYes: "X", tagNope: "y"},
		{query: `tag:animal`, tag: true, exact: true, tagYes: "Animal", tagNope: "mammal"},
		{query: `tag:re:^an`, tag: true, exact: true, tagYes: "animal", tagNope: "mammal"},
		{query: `tag:ani*`, tag: true, exact: true, tagYes: "animal::x", tagNope: "x::animal"},
		{query: `deck:French or tag:animal`},
		{query: `-deck:French`},
		{query: `-tag:animal`},
		{query: `tag:none`},
		{query: `deck:*`},
		{query: `deck:filtered`},
		{query: `is:new`},
	} {
		q, err := Compile(tc.query, col)
		if err != nil {
			t.Fatal(err)
		}
		ids, dexact, dok := q.DeckFilter()
		match, texact, tok := q.TagFilter()
		if dok != tc.deck || tok != tc.tag {
			t.Errorf("%s: deck filter %v, tag filter %v; want %v, %v", tc.query, dok, tok, tc.deck, tc.tag)
			continue
		}
		if dok && (dexact != tc.exact || len(ids) != tc.decks) {
			t.Errorf("%s: deck filter exact %v with %d decks, want %v with %d", tc.query, dexact, len(ids), tc.exact, tc.decks)
		}
		if tok && (texact != (tc.exact && !dok) || !match(tc.tagYes) || match(tc.tagNope)) {
			t.Errorf("%s: tag filter exact %v, %q %v, %q %v", tc.query, texact, tc.tagYes, match(tc.tagYes), tc.tagNope, match(tc.tagNope))
		}
	}
}

// TestQuickPartsDecides checks that the quick path decides tags of ASCII
// letters and digits on its own, parents included.
func TestQuickPartsDecides(t *testing.T) {
	for _, p := range []string{"tag42", "tag4*"} {
		g := newGlob(p, foldUnicode, false)
		for _, s := range []string{"tag17", "tag42", "TAG42::child", "tag4", "x::tag42", "tag420"} {
			if _, decided := g.quickParts(s, "::"); !decided {
				t.Errorf("glob %q on %q: the quick path did not decide", p, s)
			}
		}
	}
}

// TestNoteLevel checks which queries are asked once per note.
func TestNoteLevel(t *testing.T) {
	col := newTestCollection()
	for q, want := range map[string]bool{
		`tag:x`: true, `front:x*`: true, `note:Basic`: true, `dog`: true, `nid:1`: true, `edited:1`: true,
		`tag:x -front:y`: true, `tag:x or re:y`: true, `tag:none`: true, `deck:*`: true, `prop:s>1`: true, ``: true,
		`deck:x`: false, `is:new`: false, `card:1`: false, `flag:1`: false, `tag:x deck:y`: false, `prop:r>1`: false,
		`-(tag:x or is:due)`: false, `cid:1`: false, `added:1`: false, `rated:1`: false, `prop:ivl>1`: false,
	} {
		c, err := Compile(q, col)
		if err != nil {
			t.Fatal(err)
		}
		if c.NoteLevel() != want {
			t.Errorf("Compile(%q).NoteLevel() = %v, want %v", q, !want, want)
		}
	}
}

// TestIDMap holds idMap and idSet to a Go map, below and past the size at
// which they switch from slices to a map.
func TestIDMap(t *testing.T) {
	for _, n := range []int{0, 1, idMapSmall, idMapSmall + 1, 3 * idMapSmall} {
		var m idMap[int]
		s := newIDSet()
		want := map[int64]int{}
		for i := range n {
			id := int64(i*7%(n+3)) - 2 // repeats and negatives
			m.set(id, i)
			s.add(id)
			want[id] = i
		}
		for id := int64(-3); id < int64(n+4); id++ {
			v, ok := m.lookup(id)
			w, wok := want[id]
			if v != w || ok != wok || m.get(id) != w || s.has(id) != wok {
				t.Fatalf("n=%d id %d: lookup %d %v, get %d, has %v; want %d %v", n, id, v, ok, m.get(id), s.has(id), w, wok)
			}
		}
		got := slices.Sorted(slices.Values(s.list()))
		keys := slices.Sorted(maps.Keys(want))
		if !slices.Equal(got, keys) {
			t.Fatalf("n=%d: list %v, want %v", n, got, keys)
		}
	}
}
