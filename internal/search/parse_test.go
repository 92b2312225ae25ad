package search

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func text(s string) Text { return Text{Mode: TextPlain, Text: s} }

func TestParseTree(t *testing.T) {
	tests := []struct {
		query string
		want  Node
	}{
		{"", DeckName{Name: "*"}},
		{" \t ", DeckName{Name: "*"}},
		{"dog", text("dog")},
		{"dog cat", And{[]Node{text("dog"), text("cat")}}},
		{"dog and cat", And{[]Node{text("dog"), text("cat")}}},
		{"a or b c", Or{[]Node{text("a"), And{[]Node{text("b"), text("c")}}}}},
		{"a b OR c", Or{[]Node{And{[]Node{text("a"), text("b")}}, text("c")}}},
		{"dog (cat or mouse)", And{[]Node{text("dog"), Group{Or{[]Node{text("cat"), text("mouse")}}}}}},
		{"-(cat or mouse)", Not{Group{Or{[]Node{text("cat"), text("mouse")}}}}},
		{"  t   t2  ", And{[]Node{text("t"), text("t2")}}},
		{"(  t   t2  )", Group{And{[]Node{text("t"), text("t2")}}}},
		{`a"b"(c)`, And{[]Node{text("a"), text("b"), Group{text("c")}}}},
		{"dog\u00a0cat", And{[]Node{text("dog"), text("cat")}}},
		{"-", text("-")},
		{`\-`, text("-")},
		{"--a", Not{text("-a")}},
		{`"-A"`, text("-A")},
		{`\-A`, text("-A")},
		{"A-", text("A-")},
		{`\"\:\(\)\-`, text(`":()-`)},
		{`\\\*\_`, text(`\\\*\_`)},
		{`"\)\("`, text(")(")},
		{`")("`, text(")(")},
		{`hello  -(world and "foo:bar baz") OR test`, Or{[]Node{
			And{[]Node{text("hello"), Not{Group{And{[]Node{text("world"), Field{Field: "foo", Text: "bar baz"}}}}}}},
			text("test"),
		}}},
		{"field:val:ue", Field{Field: "field", Text: "val:ue"}},
		{`field:val\:ue`, Field{Field: "field", Text: "val:ue"}},
		{`"field:va\"lue"`, Field{Field: "field", Text: `va"lue`}},
		{`field:"va\"lue"`, Field{Field: "field", Text: `va"lue`}},
		{`field:va\"lue`, Field{Field: "field", Text: `va"lue`}},
		{"foo:re:bar", Field{Field: "foo", Text: "bar", Mode: FieldRegex}},
		{"foo:nc:bar", Field{Field: "foo", Text: "bar", Mode: FieldNoCombining}},
		{`foo:re\:bar`, Field{Field: "foo", Text: "re:bar"}},
		{`fr\*:x`, Field{Field: `fr\*`, Text: "x"}},
		{`re:te\"st`, Text{Mode: TextRegex, Text: `te"st`}},
		{`"re:\btest\%"`, Text{Mode: TextRegex, Text: `\btest\%`}},
		{"nc:uber", Text{Mode: TextNoCombining, Text: "uber"}},
		{"sc:abc", Text{Mode: TextStripClozes, Text: "abc"}},
		{"w:3:30", Text{Mode: TextWord, Text: "3:30"}},
		{"added:3", Recent{Key: "added", Days: 3}},
		{"added:0", Recent{Key: "added", Days: 1}},
		{"EDITED:2", Recent{Key: "edited", Days: 2}},
		{"introduced:+5", Recent{Key: "introduced", Days: 5}},
		{"card:front", CardTemplate{Name: "front"}},
		{"card:3", CardOrd{Ord: 2}},
		{"card:0", CardOrd{Ord: 0}},
		{"card:70000", CardTemplate{Name: "70000"}},
		{"deck:default", DeckName{Name: "default"}},
		{`deck:"default one"`, DeckName{Name: "default one"}},
		{`deck:a\_b`, DeckName{Name: `a\_b`}},
		{"preset:default", Preset{Name: "default"}},
		{`preset:"my preset"`, Preset{Name: "my preset"}},
		{"note:basic", NoteType{Name: "basic"}},
		{"mid:-3", NoteTypeID{ID: -3}},
		{"tag:hard", Tag{Tag: "hard"}},
		{`tag:re:\\`, Tag{Tag: `\\`, Mode: FieldRegex}},
		{"tag:nc:uber", Tag{Tag: "uber", Mode: FieldNoCombining}},
		{"nid:1237123712,2,3", IDList{Key: "nid", IDs: "1237123712,2,3"}},
		{"CID:4", IDList{Key: "cid", IDs: "4"}},
		{"did:1,2", IDList{Key: "did", IDs: "1,2"}},
		{"is:due", State{State: "due"}},
		{"is:buried-sibling", State{State: "buried-sibling"}},
		{"flag:3", Flag{Flag: 3}},
		{"rated:7:1", Rated{Days: 7, Ease: 1}},
		{"rated:0", Rated{Days: 1}},
		{"resched:0", Rated{Days: 0, Resched: true}},
		{"prop:ivl>3", Prop{Prop: "ivl", Op: ">", Value: 3}},
		{"prop:due!=-1", Prop{Prop: "due", Op: "!=", Value: -1}},
		{"prop:ease<=3.5", Prop{Prop: "ease", Op: "<=", Value: 3.5}},
		{"prop:pos=+2", Prop{Prop: "pos", Op: "=", Value: 2}},
		{"prop:rated>-5:3", Prop{Prop: "rated", Op: ">", Value: -5, Ease: 3}},
		{"prop:resched=0", Prop{Prop: "resched", Op: "=", Value: 0}},
		{"prop:cdn:abc<=1", Prop{Prop: "cdn:abc", Op: "<=", Value: 1}},
		{"prop:cds:abc=foo", Prop{Prop: "cds:abc", Op: "=", Text: "foo"}},
		{`"prop:cds:abc=foo bar"`, Prop{Prop: "cds:abc", Op: "=", Text: "foo bar"}},
		{"prop:s>21", Prop{Prop: "s", Op: ">", Value: 21}},
		{"prop:ease>nan", Prop{Prop: "ease", Op: ">", Value: 0}},
		{"dupe:123,te\\\\st", Dupe{NoteTypeID: 123, Text: `te\st`}},
		{"has-cd:r", HasCustomData{Key: "r"}},
	}
	for _, tc := range tests {
		t.Run(tc.query, func(t *testing.T) {
			got, err := Parse(tc.query)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("tree (-want +got):\n%s", diff)
			}
			assertRoundTrip(t, tc.query, got)
		})
	}
}

// assertRoundTrip checks that n prints as a query that parses back to n.
func assertRoundTrip(t *testing.T, query string, n Node) {
	t.Helper()
	printed := n.String()
	again, err := Parse(printed)
	if err != nil {
		t.Fatalf("Parse(%q) (printed from %q): %v", printed, query, err)
	}
	if diff := cmp.Diff(n, again); diff != "" {
		t.Errorf("%q printed as %q, which parses differently (-first +again):\n%s", query, printed, diff)
	}
}

func TestString(t *testing.T) {
	tests := []struct{ query, want string }{
		{"", "deck:*"},
		{"dog   cat", "dog cat"},
		{"dog AND cat OR mouse", "dog cat or mouse"},
		{`deck:"a b"`, `"deck:a b"`},
		{`\(text\)`, `"(text)"`},
		{`\-free`, `"-free"`},
		{`"and"`, `"and"`},
		{`3\:30`, `3\:30`},
		{`front:re\:x`, `front:re\:x`},
		{`"field:a\"b"`, `field:a\"b`},
		{`"re:(a|b)"`, `"re:(a|b)"`},
		{"card:0", "card:1"},
		{"rated:0:2", "rated:1:2"},
		{"prop:ease!=2.35", "prop:ease!=2.35"},
		{"NID:1,2", "nid:1,2"},
		{"-(-a)", "-(-a)"},
	}
	for _, tc := range tests {
		n, err := Parse(tc.query)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tc.query, err)
		}
		if got := n.String(); got != tc.want {
			t.Errorf("Parse(%q).String() = %q, want %q", tc.query, got, tc.want)
		}
	}
}

// Hand-built trees that nest And, Or and Not directly still print with their
// meaning.
func TestStringNesting(t *testing.T) {
	tests := []struct {
		n    Node
		want string
	}{
		{And{[]Node{text("a"), Or{[]Node{text("b"), text("c")}}}}, "a (b or c)"},
		{Or{[]Node{text("a"), Or{[]Node{text("b"), text("c")}}}}, "a or (b or c)"},
		{Or{[]Node{And{[]Node{text("a"), text("b")}}, text("c")}}, "a b or c"},
		{Not{Not{text("a")}}, "-(-a)"},
		{Not{And{[]Node{text("a"), text("b")}}}, "-(a b)"},
		{And{[]Node{Not{text("a")}, text("b")}}, "-a b"},
	}
	for _, tc := range tests {
		if got := tc.n.String(); got != tc.want {
			t.Errorf("String() = %q, want %q", got, tc.want)
		}
	}
}

func TestSearchCasesRoundTrip(t *testing.T) {
	col := newTestCollection()
	for _, tc := range searchCases {
		n, err := Parse(col.expandIDs(tc.query))
		if err != nil {
			t.Errorf("Parse(%q): %v", tc.query, err)
			continue
		}
		assertRoundTrip(t, tc.query, n)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		query string
		want  string // the whole message, or its start when it ends in "..."
	}{
		{"foo and", "Invalid search: an `and` was found but it is not connecting two search terms. If you want to search for the word itself, wrap it in double quotes: `\"and\"`."},
		{"and foo", "Invalid search: an `and` was found..."},
		{"and", "Invalid search: an `and` was found..."},
		{"foo or", "Invalid search: an `or` was found but it is not connecting two search terms. If you want to search for the word itself, wrap it in double quotes: `\"or\"`."},
		{"or foo", "Invalid search: an `or` was found..."},
		{"a or or b", "Invalid search: an `or` was found..."},
		{"-and", "Invalid search: an `and` was found..."},
		{"()", "Invalid search: a group `(...)` was found, but there was nothing between the brackets to search for. If you want to search for literal brackets, wrap them in double quotes: `\"( )\"`."},
		{"( )", "Invalid search: a group `(...)` was found..."},
		{"(foo () bar)", "Invalid search: a group `(...)` was found..."},
		{")", "Invalid search: a closing bracket `)` was found, but there was no opening bracket `(` preceding it. If you want to search for a literal `)`, wrap it in double quotes or prepend a backslash: `\")\"` or `\\)`."},
		{"foo ) bar", "Invalid search: a closing bracket `)` was found..."},
		{"(foo) bar)", "Invalid search: a closing bracket `)` was found..."},
		{"(", "Invalid search: an opening bracket `(` was found, but there was no closing bracket `)` following it. If you want to search for a literal `(`, wrap it in double quotes or prepend a backslash: `\"(\"` or `\\(` ."},
		{"foo ( bar", "Invalid search: an opening bracket `(` was found..."},
		{"(foo (bar)", "Invalid search: an opening bracket `(` was found..."},
		{`""`, "Invalid search: a pair of double quotes `\"\"` was found, but there was nothing between them to search for. If you want to search for literal double quotes, prepend backslashes: `\\\"\\\"`."},
		{`foo:""`, "Invalid search: a pair of double quotes `\"\"` was found..."},
		{` " `, "Invalid search: an opening double quote `\"` was found, but there was no second one to close it. If you want to search for a literal `\"`, prepend a backslash: `\\\"`."},
		{`" foo`, "Invalid search: an opening double quote `\"` was found..."},
		{`"\`, "Invalid search: an opening double quote `\"` was found..."},
		{`foo:"bar`, "Invalid search: an opening double quote `\"` was found..."},
		{`foo:"bar\`, "Invalid search: an opening double quote `\"` was found..."},
		{":", "Invalid search: a colon `:` was found, but there was no keyword preceding it. If you want to search for a literal `:`, prepend a backslash: `\\:`."},
		{":foo", "Invalid search: a colon `:` was found..."},
		{`:"foo"`, "Invalid search: a colon `:` was found..."},
		{`\`, "Invalid search: the escape sequence `\\` is not defined. If you want to search for a literal backslash `\\`, prepend another one: `\\\\`."},
		{`\%`, "Invalid search: the escape sequence `\\%` is not defined..."},
		{`foo\`, "Invalid search: the escape sequence `\\` is not defined..."},
		{`\foo`, "Invalid search: the escape sequence `\\f` is not defined..."},
		{`\ `, "Invalid search: the escape sequence `\\` is not defined..."},
		{`"\ "`, "Invalid search: the escape sequence `\\ ` is not defined..."},
		{`a\ b c`, "Invalid search: the escape sequence `\\ b c` is not defined..."},
		{"deck:a\\b", "Invalid search: the escape sequence `\\b` is not defined..."},
		{"nid:1_2,3", "Invalid search: expected only digits and commas in nid:"},
		{"nid:1,2,x", "Invalid search: expected only digits and commas in nid:"},
		{"NID:,2,3", "Invalid search: expected only digits and commas in NID:"},
		{"cid:1,2,", "Invalid search: expected only digits and commas in cid:"},
		{"cid:", "Invalid search: expected only digits and commas in cid:"},
		{"is:foo", "Invalid search: `is:` was given an invalid argument '`foo`'."},
		{"is:DUE", "Invalid search: `is:` was given an invalid argument '`DUE`'."},
		{"is:", "Invalid search: `is:` was given an invalid argument '``'."},
		{`"is:learn "`, "Invalid search: `is:` was given an invalid argument '`learn `'."},
		{"is:a`b", "Invalid search: `is:` was given an invalid argument '`a'b`'."},
		{`"flag: "`, "Invalid search: `flag:` must be followed by a valid flag number: `1` (red), `2` (orange), `3` (green), `4` (blue), `5` (pink), `6` (turquoise), `7` (purple) or `0` (no flag)."},
		{"flag:-0", "Invalid search: `flag:` must be followed..."},
		{"flag:", "Invalid search: `flag:` must be followed..."},
		{"flag:8", "Invalid search: `flag:` must be followed..."},
		{"flag:1.1", "Invalid search: `flag:` must be followed..."},
		{"added:1.1", "Invalid search: expected a positive whole number in \"`added:`\", but found \"`1.1`\"."},
		{"edited:-1", "Invalid search: expected a positive whole number in \"`edited:`\", but found \"`-1`\"."},
		{"rated:", "Invalid search: expected a positive whole number in \"`rated:`\", but found \"``\"."},
		{"resched:foo", "Invalid search: expected a positive whole number in \"`resched:`\", but found \"`foo`\"."},
		{"introduced:x", "Invalid search: expected a positive whole number in \"`introduced:`\", but found \"`x`\"."},
		{"rated:1:", "Invalid search: expected an answer button between 1-4 in \"`1:`\", but found \"``\"."},
		{"rated:2:-1", "Invalid search: expected an answer button between 1-4 in \"`2:-1`\", but found \"`-1`\"."},
		{"rated:3:5", "Invalid search: expected an answer button between 1-4..."},
		{"dupe:", "Invalid search: expected a whole number in \"``\", but found \"``\"."},
		{"dupe:1.1", "Invalid search: expected a whole number in \"`1.1`\", but found \"`1.1`\"."},
		{"dupe:5", "Invalid search: invalid 'dupe:' search"},
		{"mid:x", "Invalid search: expected a whole number in \"`mid:`\", but found \"`x`\"."},
		{"prop:", "Invalid search: `prop:` was given an invalid argument '``'."},
		{"prop:=1", "Invalid search: `prop:` was given an invalid argument '`=1`'."},
		{"prop:DUE<5", "Invalid search: `prop:` was given an invalid argument '`DUE<5`'."},
		{"prop:cdn=5", "Invalid search: `prop:` was given an invalid argument '`cdn=5`'."},
		{"prop:cds:=s", "Invalid search: `prop:` was given an invalid argument '`cds:=s`'."},
		{"prop:lapses", "Invalid search: `prop:lapses` must be followed by one of the following comparison operators: `=`, `!=`, `<`, `>`, `<=` or `>=`."},
		{"prop:pos~1", "Invalid search: `prop:pos` must be followed..."},
		{"prop:reps10", "Invalid search: `prop:reps` must be followed..."},
		{"prop:ivl>", "Invalid search: expected a positive whole number in \"`ivl>`\", but found \"``\"."},
		{"prop:pos=0.5", "Invalid search: expected a positive whole number in \"`pos=0.5`\", but found \"`0.5`\"."},
		{"prop:reps!=-1", "Invalid search: expected a positive whole number..."},
		{"prop:due=0.5", "Invalid search: expected a whole number in \"`due=0.5`\", but found \"`0.5`\"."},
		{"prop:ease!=one", "Invalid search: expected a number in \"`ease!=one`\", but found \"`one`\"."},
		{"prop:ease<1,3", "Invalid search: expected a number in \"`ease<1,3`\", but found \"`1,3`\"."},
		{"prop:ease<0x10", "Invalid search: expected a number..."},
		{"prop:rated>1", "Invalid search: expected a whole number less than or equal to 0 in \"`rated>1`\", but found \"`1`\"."},
		{"prop:rated=-1:9", "Invalid search: expected an answer button between 1-4 in \"`rated=-1:9`\", but found \"`9`\"."},
	}
	for _, tc := range tests {
		t.Run(tc.query, func(t *testing.T) {
			_, err := Parse(tc.query)
			assertSearchError(t, err, tc.want)
			// Compile fails the same way.
			_, err = Compile(tc.query, newTestCollection())
			assertSearchError(t, err, tc.want)
		})
	}
}

func assertSearchError(t *testing.T, err error, want string) {
	t.Helper()
	e, ok := err.(*Error)
	if !ok {
		t.Fatalf("err = %v (%T), want *Error", err, err)
	}
	got := e.Error()
	if prefix, ok := strings.CutSuffix(want, "..."); ok {
		if !strings.HasPrefix(got, prefix) {
			t.Errorf("err = %q, want it to start with %q", got, prefix)
		}
	} else if got != want {
		t.Errorf("err = %q\nwant  %q", got, want)
	}
}

// Errors only compiling finds: regular expressions.
func TestCompileErrors(t *testing.T) {
	for _, q := range []string{`"re:a("`, `"re:(a"`, "front:re:[", "tag:re:*", `"*:re:(?z)"`} {
		_, err := Compile(q, newTestCollection())
		assertSearchError(t, err, "Invalid search: invalid regular expression ...")
	}
}
