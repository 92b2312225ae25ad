package search

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

// FuzzParse checks that Parse never panics and only fails with an *Error
// that has a reason, that an accepted query prints as one that parses to
// the same tree (and prints the same again), and that compiling never
// panics, fails only with an *Error, and gives the query and its printed
// form the same answer on every card of the test collection (so printing
// keeps the meaning, not only the shape).
func FuzzParse(f *testing.F) {
	for _, tc := range searchCases {
		f.Add(tc.query)
	}
	for _, q := range []string{
		`"\`, `a\ b`, `-(-a)`, `(a (b or (c -d)))`, `"re:\\\""`, `dupe:1,\\\"`, `preset:a\"b`,
		`"prop:cds:k=a b"`, `field\:name:x`, `"tag:re:(a"`, `w:_*_`, `nc:*`, "\xff\xfe", "a\u2028b",
		`deck:a\:\:b`, `"deck:a :: b"`, `prop:ease<+Inf`, `card:"re:x"`, `-"-"`, `a -or b`,
		`prop:ivl>=NaN`, `prop:due=-Infinity`, `prop:pos>1e400`, `rated:36500:4`, `introduced:-1`,
		`cid:1,2,,3`, `nid:9223372036854775808`, `flag:8`, `deck:*::*`, `tag:*::a*`, `"front:*x*"`,
		`re:(?i)^$`, `"re:(?x) a\ b #c"`, `re:[\W\p{greek}]`, `re:\u{e9`, `re:(?-u:\w)\d`, `re:[a&&b]`, `nc:áé`, `"w:a b"`, `-(a or -(b and c))`, `edited:0`, `prop:r=1`, `prop:s<0.5`,
	} {
		f.Add(q)
	}
	col := newTestCollection()
	f.Fuzz(func(t *testing.T, q string) {
		n, err := Parse(q)
		if err != nil {
			checkSearchError(t, "Parse", q, err)
			if _, cerr := Compile(q, col); cerr == nil || cerr.Error() != err.Error() {
				t.Fatalf("Parse(%q) fails with %v, Compile with %v", q, err, cerr)
			}
			return
		}
		printed := n.String()
		again, err := Parse(printed)
		if err != nil {
			t.Fatalf("Parse(%q) = %#v prints as %q, which fails: %v", q, n, printed, err)
		}
		if diff := cmp.Diff(n, again); diff != "" {
			t.Fatalf("Parse(%q) prints as %q, which parses differently (-first +again):\n%s", q, printed, diff)
		}
		if s := again.String(); s != printed {
			t.Fatalf("Parse(%q) prints as %q, then as %q", q, printed, s)
		}
		compiled, err := Compile(q, col)
		recompiled, err2 := Compile(printed, col)
		if err != nil {
			checkSearchError(t, "Compile", q, err)
			if err2 == nil || err2.Error() != err.Error() {
				t.Fatalf("Compile(%q) fails with %v, Compile of its printed form %q with %v", q, err, printed, err2)
			}
			return
		}
		if err2 != nil {
			t.Fatalf("Compile(%q) works, Compile of its printed form %q fails: %v", q, printed, err2)
		}
		for _, card := range col.cards {
			if a, b := compiled.MatchCard(card), recompiled.MatchCard(card); a != b {
				t.Fatalf("card %s: %q matches %v, its printed form %q matches %v", card.label, q, a, printed, b)
			}
			if compiled.NoteLevel() {
				if a, b := compiled.MatchCard(card), compiled.MatchNote(card.note); a != b {
					t.Fatalf("card %s: %q is note-level, MatchCard says %v, MatchNote %v", card.label, q, a, b)
				}
			}
		}
	})
}

// checkSearchError fails t unless err is an *Error with a reason, worded
// as Anki's "Invalid search: ..." in valid UTF-8.
func checkSearchError(t *testing.T, fn, q string, err error) {
	t.Helper()
	se, ok := err.(*Error)
	switch {
	case !ok:
		t.Fatalf("%s(%q) error %v is a %T, want *Error", fn, q, err, err)
	case strings.TrimSpace(se.Reason) == "":
		t.Fatalf("%s(%q) error has no reason", fn, q)
	case !strings.HasPrefix(se.Error(), "Invalid search: "):
		t.Fatalf("%s(%q) error %q lacks Anki's prefix", fn, q, se.Error())
	case utf8.ValidString(q) && !utf8.ValidString(se.Reason):
		t.Fatalf("%s(%q) error %q is not valid UTF-8", fn, q, se.Reason)
	}
}
