package search

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// TestRegexInlineFlags pins Anki's inline flags on every regex path (the
// search is case-insensitive unless the pattern turns (?-i) on): plain re:,
// field re:, tag re: and *:re:, and a flag group inside the pattern. These
// pass on main as well: the fake honoured the flags already.
func TestRegexInlineFlags(t *testing.T) {
	col := newTestCollection()
	for _, tc := range []struct{ query, want string }{
		{`"re:(?-i)DOG"`, ""},
		{`"re:(?-i)dog"`, "1a 2a 4a 7a 15a 15b"},
		{`"re:(?-i)D(?i)OG"`, ""},
		{`"re:(?-i)d(?i)OG"`, "1a 2a 4a 7a 15a 15b"},
		{`"re:(?-i:D)og"`, ""},
		{`"front:re:(?-i)^DOG$"`, ""},
		{`"front:re:(?-i)^dog$"`, "1a"},
		{`"tag:re:(?-i)^ANIMAL$"`, ""},
		{`"tag:re:(?-i)^animal$"`, "1a 3a"},
		{`"*:re:(?-i)^A dog$"`, ""},
		{`"*:re:(?-i)^a dog$"`, "7a 15a 15b"},
	} {
		q, err := Compile(tc.query, col)
		if err != nil {
			t.Errorf("%s: %v", tc.query, err)
			continue
		}
		cards, _ := col.run(q)
		if d := cmp.Diff(col.expect(tc.want), cards, cmpopts.EquateEmpty()); d != "" {
			t.Errorf("%s (-want +got):\n%s", tc.query, d)
		}
	}
}

// TestRegexUnquotedParens: unquoted, "re:(?-i)dog" is not one regex: as in
// Anki's grammar, an unquoted term ends at "(", so it reads as the empty
// regex "re:", the group "(?-i)" and the word "dog". The manual says so:
// unescaped parentheses need the term quoted.
func TestRegexUnquotedParens(t *testing.T) {
	got, err := Parse(`re:(?-i)dog`)
	if err != nil {
		t.Fatal(err)
	}
	want := And{Nodes: []Node{Text{Mode: TextRegex, Text: ""}, Group{Node: Text{Text: "?-i"}}, Text{Text: "dog"}}}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("tree (-want +got):\n%s", d)
	}
}
