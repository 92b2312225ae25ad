package collection

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Allocation-free fast paths for names that are already canonical: deck
// names and tags as clients send them are nearly always so, and checking
// costs one pass where normalising costs a split, a map and a join.
// names_test.go compares each with the normalising code.

// canonicalComponents reports whether name is printable ASCII whose "::"
// components are each non-empty with no space at either end, and, for a
// tag, with no space or '"' at all: then NormalizeDeckName (tag false) or
// normalizeTag and SplitTags (tag true) return it unchanged. Anything else
// (non-ASCII text included) is left to them.
func canonicalComponents(name string, tag bool) bool {
	if name == "" {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c < 0x20 || c > 0x7e || tag && (c == ' ' || c == '"') {
			return false
		}
	}
	for rest := name; ; {
		part, after, more := strings.Cut(rest, "::")
		if part == "" || part[0] == ' ' || part[len(part)-1] == ' ' {
			return false
		}
		if !more {
			return true
		}
		rest = after
	}
}

// cleanDeckName is NormalizeDeckName, returning name itself when it is
// already canonical.
func cleanDeckName(name string) string {
	if canonicalComponents(name, false) {
		return name
	}
	return NormalizeDeckName(name)
}

// foldedLookup looks key up in m by foldName(key), folding an ASCII key on
// the stack rather than in a new string.
func foldedLookup[V any](m map[string]V, key string) (V, bool) {
	var buf [64]byte
	if len(key) > len(buf) {
		v, ok := m[foldName(key)]
		return v, ok
	}
	for i := 0; i < len(key); i++ {
		c := key[i]
		if c >= utf8.RuneSelf {
			v, ok := m[foldName(key)]
			return v, ok
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	v, ok := m[string(buf[:len(key)])] // a lookup: the conversion is not allocated
	return v, ok
}

// compareFold is cmp.Compare(foldName(a), foldName(b)) without building
// the folded strings: rune by rune, lower-cased as strings.ToLower does (an
// invalid byte is U+FFFD), which orders as the UTF-8 bytes of the folded
// strings do.
func compareFold(a, b string) int {
	for a != "" && b != "" {
		ra, rb := rune(a[0]), rune(b[0])
		na, nb := 1, 1
		if ra >= utf8.RuneSelf {
			ra, na = utf8.DecodeRuneInString(a)
		}
		if rb >= utf8.RuneSelf {
			rb, nb = utf8.DecodeRuneInString(b)
		}
		a, b = a[na:], b[nb:]
		ra, rb = lowerRune(ra), lowerRune(rb)
		switch {
		case ra < rb:
			return -1
		case ra > rb:
			return 1
		}
	}
	switch {
	case a == "" && b == "":
		return 0
	case a == "":
		return -1
	}
	return 1
}

// lowerRune is unicode.ToLower with an ASCII fast path.
func lowerRune(r rune) rune {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return r
	}
	return unicode.ToLower(r)
}

// foldSet is a set of folded names: a slice for the few tags of a note, a
// map once it has many. It is a value, updated by add, so that a set
// started on a caller's stack buffer stays there.
type foldSet struct {
	keys  []string
	index map[string]struct{}
}

// add returns the set with key added, and whether key was new.
func (s foldSet) add(key string) (foldSet, bool) {
	if s.index != nil {
		if _, ok := s.index[key]; ok {
			return s, false
		}
		s.index[key] = struct{}{}
		return s, true
	}
	for _, k := range s.keys {
		if k == key {
			return s, false
		}
	}
	s.keys = append(s.keys, key)
	if len(s.keys) > 16 {
		s.index = make(map[string]struct{}, 2*len(s.keys))
		for _, k := range s.keys {
			s.index[k] = struct{}{}
		}
	}
	return s, true
}
