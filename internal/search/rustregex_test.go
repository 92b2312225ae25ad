package search

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestRustRegexMeaning pins what a user's re: pattern matches, written as
// Rust's regex crate (which Anki runs) reads it. Without the translation 31
// of its checks fail (Go's ASCII classes, and flags, escapes and class names Go
// refuses); the last group pins what was already the same.
func TestRustRegexMeaning(t *testing.T) {
	for _, tc := range []struct {
		pattern string
		match   []string
		nomatch []string
	}{
		// Unicode \d, \w, \s and their negations, alone and in classes
		{`^\d+$`, []string{"42", "٤٢", "४२"}, []string{"4a", "²"}},
		{`^\D$`, []string{"a", "²"}, []string{"٤", "7"}},
		{`^\w+$`, []string{"日本語", "naïve", "e\u0301", "Ⓐ", "snake_case", "x\u200dy"}, []string{"a b", "a-b", "!"}},
		{`^\W$`, []string{"!", " ", "\u3000"}, []string{"é", "語", "_"}},
		{`^[\w-]+$`, []string{"über-groß"}, []string{"über groß"}},
		{`^[^\w]$`, []string{"!"}, []string{"ß"}},
		{`^[\W\d]+$`, []string{"!٣"}, []string{"é"}},
		{`^a\sb$`, []string{"a b", "a\u3000b", "a\u00a0b", "a\u2028b"}, []string{"ab", "a_b"}},
		{`^[\S]+$`, []string{"ab"}, []string{"a\u3000b"}},
		// (?-u) turns them back to ASCII, for its group or the rest
		{`^(?-u)\w+$`, []string{"abc"}, []string{"日本"}},
		{`^(?-u:\d)\d$`, []string{"1٣"}, []string{"٣1"}},
		{`^(?u)\w$`, []string{"é"}, nil},
		// verbose mode: whitespace and comments ignored, in classes too
		{"(?x) ^ a b # a comment\n c $", []string{"abc"}, []string{"a b c"}},
		{`(?x)^a\ b$`, []string{"a b"}, []string{"ab"}},
		{`(?x)^[a b]+$`, []string{"abba"}, []string{"a b"}},
		{`(?x)^a\#b$`, []string{"a#b"}, nil},
		{"(?x:a b) c", []string{"ab c"}, []string{"abc"}},
		{"^(?x)a\u3000b$", []string{"ab"}, nil},
		// the case-insensitive default stays, and flags Go knows pass
		{`^(?s)a.b$`, []string{"A\nB"}, nil},
		{`^(?-i)É$`, []string{"É"}, []string{"é"}},
		{`^(?xi-s)a.b$`, []string{"AxB"}, []string{"a\nb"}},
		// Rust's escapes and Unicode classes by loose name
		{`^\u{e9}\u00e9\U0001F600$`, []string{"éé😀"}, nil},
		{`^\p{Greek}+$`, []string{"λόγος"}, []string{"logos"}},
		{`^\p{greek}$`, []string{"λ"}, nil},
		{`^\p{sc=Greek}\p{gc=Lu}$`, []string{"λA"}, nil},
		{`^\p{Letter}\p{Uppercase_Letter}$`, []string{"aB"}, []string{"a1"}},
		{`^\p{Alphabetic}$`, []string{"Ⓐ", "a"}, []string{"1"}},
		{`^\p{White_Space}$`, []string{"\u3000"}, []string{"x"}},
		{`^\P{Greek}\p{^Greek}$`, []string{"ab"}, []string{"λλ"}},
		{`^\pL\PL$`, []string{"a1"}, []string{"ab"}},
		{`^[\p{Han}\p{Hiragana}]+$`, []string{"漢字かな"}, []string{"カナ"}},
		// what was already the same stays the same
		{`^[[:alpha:]]+$`, []string{"abc"}, []string{"ab1"}},
		{`^[]a]+$`, []string{"]a"}, nil},
		{`^\x41\x{42}$`, []string{"ab"}, nil},
		{`^(?P<x>a)(?<y>b)$`, []string{"ab"}, nil},
	} {
		re, err := compileRegexp(tc.pattern)
		if err != nil {
			t.Errorf("%q: %v", tc.pattern, err)
			continue
		}
		for _, s := range tc.match {
			if !re.MatchString(s) {
				t.Errorf("%q does not match %q (Go pattern %.200s)", tc.pattern, s, re)
			}
		}
		for _, s := range tc.nomatch {
			if re.MatchString(s) {
				t.Errorf("%q matches %q (Go pattern %.200s)", tc.pattern, s, re)
			}
		}
	}
}

// TestRustRegexRefused: what Go cannot mean the same way is an error that
// says so, naming the pattern, not a search with another meaning.
func TestRustRegexRefused(t *testing.T) {
	for _, tc := range []struct{ pattern, want string }{
		{`(?R)^a$`, "invalid regular expression `(?R)^a$`: the flag R (CRLF mode) is not supported by the fake"},
		{`[a[bc]]`, "invalid regular expression `[a[bc]]`: nested character classes are not supported by the fake"},
		{`[a-z&&[^aeiou]]`, "invalid regular expression `[a-z&&[^aeiou]]`: the class operation && is not supported by the fake"},
		{`[a--b]`, "invalid regular expression `[a--b]`: the class operation -- is not supported by the fake"},
		{`\p{Klingon}`, "invalid regular expression `\\p{Klingon}`: unknown Unicode class \"Klingon\""},
		{`\p{Greek`, "invalid regular expression `\\p{Greek`: unterminated \\p{"},
		{`\u12`, "invalid regular expression `\\u12`: the escape \\u needs 4 hex digits"},
		{`\u12zz`, "invalid regular expression `\\u12zz`: the escape \\u12zz is not hexadecimal"},
		{`\u{e9`, "invalid regular expression `\\u{e9`: unterminated \\u{ escape"},
		// Go's own errors keep a short quote, not the expansion of \w
		{`\w(`, "invalid regular expression `\\w(`: missing closing )"},
		{strings.Repeat(`\w`, 40) + `)`, "invalid regular expression `" + strings.Repeat(`\w`, 40) + ")`: unexpected )"},
	} {
		_, err := compileRegexp(tc.pattern)
		if err == nil {
			t.Errorf("%q compiled", tc.pattern)
			continue
		}
		got := strings.TrimPrefix(err.Error(), "Invalid search: ")
		if !strings.HasPrefix(got, tc.want) || len(got) > len(tc.want)+300 {
			t.Errorf("%q:\n got %.400s\nwant %s", tc.pattern, got, tc.want)
		}
	}
}

// TestRustRegexInSearch runs the Unicode classes through every re: path a
// query has: plain, in a field, in tags and in all fields.
func TestRustRegexInSearch(t *testing.T) {
	col := newTestCollection()
	for _, tc := range []struct{ query, want string }{
		{`"back:re:^\w+\s\w+$"`, "3a 7a 11a 11b 12a 12b 19a"},
		{`"re:\p{Cyrillic}+\s\p{Cyrillic}"`, "12a 12b"},
		{`"tag:re:(?x) ^ geo $"`, "13a 13b"},
		{`"*:re:^\W*\w\W*$"`, "19a"},
	} {
		q, err := Compile(tc.query, col)
		if err != nil {
			t.Errorf("%s: %v", tc.query, err)
			continue
		}
		cards, _ := col.run(q)
		if d := cmp.Diff(col.expect(tc.want), cards); d != "" {
			t.Errorf("%s (-want +got):\n%s", tc.query, d)
		}
	}
}
