package search

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// FuzzParse checks that Parse never panics and only fails with *Error, that
// an accepted query prints as one that parses to the same tree (and prints
// the same again), and that compiling and running it never panics.
func FuzzParse(f *testing.F) {
	for _, tc := range searchCases {
		f.Add(tc.query)
	}
	for _, q := range []string{
		`"\`, `a\ b`, `-(-a)`, `(a (b or (c -d)))`, `"re:\\\""`, `dupe:1,\\\"`, `preset:a\"b`,
		`"prop:cds:k=a b"`, `field\:name:x`, `"tag:re:(a"`, `w:_*_`, `nc:*`, "\xff\xfe", "a\u2028b",
		`deck:a\:\:b`, `"deck:a :: b"`, `prop:ease<+Inf`, `card:"re:x"`, `-"-"`, `a -or b`,
	} {
		f.Add(q)
	}
	col := newTestCollection()
	f.Fuzz(func(t *testing.T, q string) {
		n, err := Parse(q)
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("Parse(%q) error %v is a %T, want *Error", q, err, err)
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
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("Compile(%q) error %v is a %T, want *Error", q, err, err)
			}
			return
		}
		for _, card := range col.cards {
			compiled.MatchCard(card)
		}
	})
}
