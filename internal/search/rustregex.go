package search

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Anki runs re: searches with Rust's regex crate, whose syntax differs from
// Go's RE2 dialect in ways a user's pattern can meet. rustToGo rewrites a
// pattern written for Rust into a Go pattern with the same meaning:
//
//   - \d, \w and \s (and \D, \W, \S) are Unicode-aware in Rust (\w is
//     Alphabetic, marks, decimal digits, connector punctuation and
//     Join_Control; \s is White_Space), ASCII-only in Go;
//   - the x flag (verbose: whitespace and # comments ignored, inside
//     classes too) and the u flag (Unicode classes; (?-u) turns them ASCII)
//     do not exist in Go;
//   - \u{7F}, \u007F and \U0000007F escapes, and \p{...} names Rust matches
//     loosely (\p{letter}, \p{Greek}, \p{White_Space}, \p{Alphabetic}).
//
// What Go cannot express is refused with an error, never run with another
// meaning: the R flag (CRLF line ends), nested classes and class set
// operations (&&, --, ~~). One difference remains: \b and \B are ASCII word
// boundaries in Go, Unicode ones in Rust (RE2 has no look-around to build
// one from).
func rustToGo(pat string) (string, error) {
	t := rustTranslator{src: pat}
	t.stack = []rustFlags{{unicode: true}}
	if err := t.run(); err != nil {
		return "", err
	}
	return t.out.String(), nil
}

type rustFlags struct {
	verbose bool // x
	unicode bool // u, on by default
}

type rustTranslator struct {
	src   string
	i     int
	out   strings.Builder
	stack []rustFlags // flags of each open group; the last is in effect
}

func (t *rustTranslator) flags() *rustFlags { return &t.stack[len(t.stack)-1] }

func (t *rustTranslator) run() error {
	for t.i < len(t.src) {
		c := t.src[t.i]
		if t.flags().verbose && t.skipVerbose() {
			continue
		}
		switch c {
		case '\\':
			if err := t.escape(false); err != nil {
				return err
			}
		case '[':
			if err := t.class(); err != nil {
				return err
			}
		case '(':
			if err := t.group(); err != nil {
				return err
			}
		case ')':
			if len(t.stack) > 1 {
				t.stack = t.stack[:len(t.stack)-1]
			}
			t.out.WriteByte(c)
			t.i++
		default:
			t.out.WriteByte(c)
			t.i++
		}
	}
	return nil
}

// skipVerbose skips whitespace (Unicode's White_Space, as Rust's
// char::is_whitespace) or a # comment up to a newline at t.i, reporting
// whether it did.
func (t *rustTranslator) skipVerbose() bool {
	if t.src[t.i] == '#' {
		end := strings.IndexByte(t.src[t.i:], '\n')
		if end < 0 {
			t.i = len(t.src)
		} else {
			t.i += end + 1
		}
		return true
	}
	r, n := utf8.DecodeRuneInString(t.src[t.i:])
	if unicode.IsSpace(r) {
		t.i += n
		return true
	}
	return false
}

// group copies an opening parenthesis, rewriting a flag group: x and u are
// taken out (they change how the rest is translated), R is refused.
func (t *rustTranslator) group() error {
	t.i++ // (
	inherit := *t.flags()
	if !strings.HasPrefix(t.src[t.i:], "?") {
		t.stack = append(t.stack, inherit)
		t.out.WriteByte('(')
		return nil
	}
	j := t.i + 1
	for j < len(t.src) && strings.IndexByte("imsUxuR-", t.src[j]) >= 0 {
		j++
	}
	if j >= len(t.src) || (t.src[j] != ')' && t.src[j] != ':') || j == t.i+1 {
		// not a flag group: (?:, (?P<name>, (?<name>, or an error Go reports
		t.stack = append(t.stack, inherit)
		t.out.WriteByte('(')
		return nil
	}
	set := inherit
	var kept strings.Builder
	on := true
	for _, f := range t.src[t.i+1 : j] {
		switch f {
		case '-':
			on = false
			kept.WriteRune(f)
		case 'x':
			set.verbose = on
		case 'u':
			set.unicode = on
		case 'R':
			return errors.New("the flag R (CRLF mode) is not supported by the fake")
		default:
			kept.WriteRune(f)
		}
	}
	flags := strings.TrimSuffix(kept.String(), "-")
	if t.src[j] == ')' { // (?flags): applies to the rest of the enclosing group
		*t.flags() = set
		if flags != "" {
			t.out.WriteString("(?" + flags + ")")
		}
	} else { // (?flags:...)
		t.stack = append(t.stack, set)
		t.out.WriteString("(?" + flags + ":")
	}
	t.i = j + 1
	return nil
}

// class copies a bracketed class, rewriting its escapes.
func (t *rustTranslator) class() error {
	t.out.WriteByte('[')
	t.i++
	if t.i < len(t.src) && t.src[t.i] == '^' {
		t.out.WriteByte('^')
		t.i++
	}
	first := true
	for t.i < len(t.src) {
		if t.flags().verbose && t.skipVerbose() {
			continue
		}
		c := t.src[t.i]
		switch {
		case c == ']' && !first:
			t.out.WriteByte(']')
			t.i++
			return nil
		case c == '\\':
			if err := t.escape(true); err != nil {
				return err
			}
		case c == '[':
			if end := strings.Index(t.src[t.i:], ":]"); strings.HasPrefix(t.src[t.i:], "[:") && end > 0 {
				t.out.WriteString(t.src[t.i : t.i+end+2]) // [:alpha:], the same in both
				t.i += end + 2
				break
			}
			return errors.New("nested character classes are not supported by the fake")
		case strings.HasPrefix(t.src[t.i:], "&&") || strings.HasPrefix(t.src[t.i:], "--") || strings.HasPrefix(t.src[t.i:], "~~"):
			return fmt.Errorf("the class operation %s is not supported by the fake", t.src[t.i:t.i+2])
		default:
			t.out.WriteByte(c)
			t.i++
		}
		first = false
	}
	return nil // unterminated: Go reports it
}

// escape rewrites the escape at t.i, inside a class or not.
func (t *rustTranslator) escape(inClass bool) error {
	if t.i+1 >= len(t.src) {
		t.out.WriteByte('\\') // trailing backslash: Go reports it
		t.i++
		return nil
	}
	c := t.src[t.i+1]
	uni := t.flags().unicode
	switch {
	case uni && strings.IndexByte("dDwWsS", c) >= 0:
		t.out.WriteString(perlClass(c, inClass))
		t.i += 2
	case c == 'u' || c == 'U':
		return t.hexEscape(c)
	case c == 'p' || c == 'P':
		return t.property(c == 'P', inClass)
	case c == ' ' || c == '#' || c == '\t' || c == '\n':
		// an escaped space or # is literal (useful in verbose mode)
		fmt.Fprintf(&t.out, `\x{%x}`, c)
		t.i += 2
	default:
		t.out.WriteString(t.src[t.i : t.i+2])
		t.i += 2
	}
	return nil
}

// hexEscape rewrites \uHHHH, \UHHHHHHHH and \u{H...} as \x{H...}.
func (t *rustTranslator) hexEscape(kind byte) error {
	rest := t.src[t.i+2:]
	if strings.HasPrefix(rest, "{") {
		end := strings.IndexByte(rest, '}')
		if end < 0 {
			return fmt.Errorf("unterminated \\%c{ escape", kind)
		}
		t.out.WriteString(`\x` + rest[:end+1])
		t.i += 2 + end + 1
		return nil
	}
	n := 4
	if kind == 'U' {
		n = 8
	}
	if len(rest) < n {
		return fmt.Errorf("the escape \\%c needs %d hex digits", kind, n)
	}
	if _, err := strconv.ParseUint(rest[:n], 16, 32); err != nil {
		return fmt.Errorf("the escape \\%c%s is not hexadecimal", kind, rest[:n])
	}
	t.out.WriteString(`\x{` + rest[:n] + `}`)
	t.i += 2 + n
	return nil
}

// property rewrites \pX, \p{Name} and \P{...} with Rust's loose names.
func (t *rustTranslator) property(negated, inClass bool) error {
	rest := t.src[t.i+2:]
	var name string
	var width int
	switch {
	case strings.HasPrefix(rest, "{"):
		end := strings.IndexByte(rest, '}')
		if end < 0 {
			return errors.New("unterminated \\p{")
		}
		name, width = rest[1:end], end+1
	case rest != "":
		name, width = rest[:1], 1
	default:
		t.out.WriteString(t.src[t.i:])
		t.i = len(t.src)
		return nil
	}
	if strings.HasPrefix(name, "^") { // \p{^Greek} is \P{Greek}
		name, negated = name[1:], !negated
	}
	if eq := strings.IndexAny(name, "=:"); eq >= 0 { // \p{sc=Greek}, \p{gc:L}
		name = name[eq+1:]
	}
	t.i += 2 + width
	if _, ok := unicode.Categories[name]; ok || unicode.Scripts[name] != nil {
		p := `\p{`
		if negated {
			p = `\P{`
		}
		t.out.WriteString(p + name + "}") // a name Go knows as written
		return nil
	}
	key := looseName(name)
	tables, ok := looseTables[key]
	if !ok {
		return fmt.Errorf("unknown Unicode class %q", name)
	}
	t.out.WriteString(rangeClass(key, tables, negated, inClass))
	return nil
}

// looseName is Rust's (UCD's) loose matching of property names: case,
// spaces, underscores and hyphens do not count.
func looseName(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '_' || r == '-' {
			return -1
		}
		return unicode.ToLower(r)
	}, s)
}

// The general categories' long names, which Go's \p does not know.
var categoryLongNames = map[string]string{
	"letter": "L", "casedletter": "LC", "uppercaseletter": "Lu", "lowercaseletter": "Ll", "titlecaseletter": "Lt",
	"modifierletter": "Lm", "otherletter": "Lo", "mark": "M", "combiningmark": "M", "nonspacingmark": "Mn",
	"spacingmark": "Mc", "enclosingmark": "Me", "number": "N", "decimalnumber": "Nd", "digit": "Nd",
	"letternumber": "Nl", "othernumber": "No", "punctuation": "P", "connectorpunctuation": "Pc",
	"dashpunctuation": "Pd", "openpunctuation": "Ps", "closepunctuation": "Pe", "initialpunctuation": "Pi",
	"finalpunctuation": "Pf", "otherpunctuation": "Po", "symbol": "S", "mathsymbol": "Sm", "currencysymbol": "Sc",
	"modifiersymbol": "Sk", "othersymbol": "So", "separator": "Z", "spaceseparator": "Zs", "lineseparator": "Zl",
	"paragraphseparator": "Zp", "other": "C", "control": "Cc", "cntrl": "Cc", "format": "Cf", "surrogate": "Cs",
	"privateuse": "Co", "unassigned": "Cn",
}

var looseTables = func() map[string][]*unicode.RangeTable {
	m := map[string][]*unicode.RangeTable{}
	for _, set := range []map[string]*unicode.RangeTable{unicode.Properties, unicode.Scripts, unicode.Categories} {
		for name, tab := range set {
			m[looseName(name)] = []*unicode.RangeTable{tab}
		}
	}
	for long, short := range categoryLongNames {
		if tab, ok := unicode.Categories[short]; ok {
			m[long] = []*unicode.RangeTable{tab}
		}
	}
	// Go's Categories has no LC (cased letter).
	m["lc"] = []*unicode.RangeTable{unicode.Lu, unicode.Ll, unicode.Lt}
	m["casedletter"] = m["lc"]
	m["alphabetic"] = alphabetic
	m["alpha"] = alphabetic
	m["whitespace"] = []*unicode.RangeTable{unicode.White_Space}
	m["space"] = m["whitespace"]
	m["any"] = []*unicode.RangeTable{{R16: []unicode.Range16{{Lo: 0, Hi: 0xffff, Stride: 1}}, R32: []unicode.Range32{{Lo: 0x10000, Hi: unicode.MaxRune, Stride: 1}}}}
	m["ascii"] = []*unicode.RangeTable{{R16: []unicode.Range16{{Lo: 0, Hi: 0x7f, Stride: 1}}}}
	return m
}()

// Unicode's derived Alphabetic property and Rust's \w, \s.
var (
	alphabetic = []*unicode.RangeTable{unicode.L, unicode.Nl, unicode.Other_Alphabetic}
	rustWord   = append(append([]*unicode.RangeTable{}, alphabetic...), unicode.M, unicode.Nd, unicode.Pc, unicode.Join_Control)
	rustSpace  = []*unicode.RangeTable{unicode.White_Space}
)

// perlClass is Rust's Unicode \d, \w or \s (upper case: negated) as Go
// syntax, for use inside a class or on its own.
func perlClass(c byte, inClass bool) string {
	negated := c >= 'A' && c <= 'Z'
	switch c | 0x20 {
	case 'd':
		if negated {
			return `\P{Nd}`
		}
		return `\p{Nd}`
	case 'w':
		return rangeClass(`\w`, rustWord, negated, inClass)
	}
	return rangeClass(`\s`, rustSpace, negated, inClass)
}

// classBodies caches rangeClass's ranges by name and polarity.
var classBodies sync.Map

// rangeClass writes the union of tables (or its complement) as explicit
// ranges: bracketed on its own, bare inside a class. key names the union
// for the cache.
func rangeClass(key string, tables []*unicode.RangeTable, negated, inClass bool) string {
	if negated {
		key = "^" + key
	}
	var body string
	if v, ok := classBodies.Load(key); ok {
		body = v.(string)
	} else {
		rs := mergeRanges(tables)
		if negated {
			rs = complementRanges(rs)
		}
		var b strings.Builder
		for _, r := range rs {
			if r[0] == r[1] {
				fmt.Fprintf(&b, `\x{%x}`, r[0])
			} else {
				fmt.Fprintf(&b, `\x{%x}-\x{%x}`, r[0], r[1])
			}
		}
		body = b.String()
		classBodies.Store(key, body)
	}
	if inClass {
		return body
	}
	return "[" + body + "]"
}

// mergeRanges flattens tables into sorted, disjoint [lo, hi] ranges.
func mergeRanges(tables []*unicode.RangeTable) [][2]rune {
	var rs [][2]rune
	add := func(lo, hi, stride rune) {
		if stride == 1 {
			rs = append(rs, [2]rune{lo, hi})
			return
		}
		for r := lo; r <= hi; r += stride {
			rs = append(rs, [2]rune{r, r})
		}
	}
	for _, t := range tables {
		for _, r := range t.R16 {
			add(rune(r.Lo), rune(r.Hi), rune(r.Stride))
		}
		for _, r := range t.R32 {
			add(rune(r.Lo), rune(r.Hi), rune(r.Stride))
		}
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i][0] < rs[j][0] })
	var out [][2]rune
	for _, r := range rs {
		if n := len(out); n > 0 && r[0] <= out[n-1][1]+1 {
			out[n-1][1] = max(out[n-1][1], r[1])
			continue
		}
		out = append(out, r)
	}
	return out
}

// complementRanges is every rune up to unicode.MaxRune not in rs.
func complementRanges(rs [][2]rune) [][2]rune {
	var out [][2]rune
	next := rune(0)
	for _, r := range rs {
		if r[0] > next {
			out = append(out, [2]rune{next, r[0] - 1})
		}
		next = r[1] + 1
	}
	if next <= unicode.MaxRune {
		out = append(out, [2]rune{next, unicode.MaxRune})
	}
	return out
}
