package search

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

var (
	// clozeRE finds a cloze deletion {{c1::text::hint}}, capturing the text.
	clozeRE = regexp.MustCompile(`(?s)\{\{c[\d,]+::(.*?)(::.*?)?\}\}`)
)

// stripClozes replaces each cloze deletion by its text.
func stripClozes(s string) string {
	if !strings.Contains(s, "{{c") {
		return s
	}
	return clozeRE.ReplaceAllString(s, "$1")
}

// withoutCombining is Anki's "no combining" form of s: combining marks
// dropped and the characters of ncTable replaced. It returns s itself, without
// allocating, when nothing changes.
func withoutCombining(s string) string {
	i := strings.IndexFunc(s, func(r rune) bool {
		_, ok := ncTable[r]
		return ok || unicode.IsMark(r)
	})
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.WriteString(s[:i])
	for _, r := range s[i:] {
		if rep, ok := ncTable[r]; ok {
			b.WriteString(rep)
		} else if !unicode.IsMark(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isWordRune reports whether r is a word character for a Unicode \b, as in
// the regular expressions Anki runs: letters (and other alphabetic
// characters), marks, decimal digits, connector punctuation and joiners.
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '_'
	}
	return unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r) ||
		unicode.In(r, unicode.Nl, unicode.Other_Alphabetic, unicode.Pc, unicode.Join_Control)
}
