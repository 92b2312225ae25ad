package search

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Parse parses an Anki search into a tree. It follows the grammar of Anki's
// backend (rslib's search parser): any white space separates terms, an empty
// search is the whole collection (returned as DeckName{Name: "*"}), and a
// malformed search is an *Error worded as Anki words it.
func Parse(query string) (Node, error) {
	s := strings.Trim(strings.Map(spaceToBlank, query), " ")
	if s == "" {
		return DeckName{Name: "*"}, nil
	}
	items, rest, err := groupInner(s)
	if err != nil {
		return nil, err
	}
	if rest != "" {
		// An unmatched ")" is the only thing no term consumes.
		return nil, fail(reasonUnopenedGroup)
	}
	return build(items), nil
}

// spaceToBlank maps every Unicode space to " ", as Anki does before parsing
// (strings.Map also turns invalid UTF-8 into U+FFFD).
func spaceToBlank(r rune) rune {
	if unicode.IsSpace(r) {
		return ' '
	}
	return r
}

// item is a term or an and/or keyword in a group, before precedence is
// applied.
type item struct {
	node Node
	op   byte // 0 for a term, 'a' for and, 'o' for or
}

func misplaced(op byte) *Error {
	if op == 'a' {
		return fail(reasonMisplacedAnd)
	}
	return fail(reasonMisplacedOr)
}

// groupInner reads terms until an unmatched ")" or the end, inserting the
// implicit and between adjacent terms. It returns the rest of the input.
func groupInner(s string) ([]item, string, error) {
	var items []item
	for {
		it, rest, ok, err := parseNode(s)
		if err != nil {
			return nil, "", err
		}
		if !ok {
			break
		}
		s = rest
		if len(items)%2 == 0 {
			if it.op != 0 {
				return nil, "", misplaced(it.op)
			}
		} else if it.op == 0 {
			items = append(items, item{op: 'a'})
		}
		items = append(items, it)
	}
	if n := len(items); n > 0 && items[n-1].op != 0 {
		return nil, "", misplaced(items[n-1].op)
	}
	return items, strings.TrimLeft(s, " "), nil
}

// build applies precedence: and binds tighter than or.
func build(items []item) Node {
	var ors, run []Node
	flush := func() {
		if len(run) == 1 {
			ors = append(ors, run[0])
		} else {
			ors = append(ors, And{Nodes: run})
		}
		run = nil
	}
	for _, it := range items {
		switch it.op {
		case 0:
			run = append(run, it.node)
		case 'o':
			flush()
		}
	}
	flush()
	if len(ors) == 1 {
		return ors[0]
	}
	return Or{Nodes: ors}
}

// parseNode reads one term, keyword, negation or group after optional
// blanks. ok is false, with a nil error, when nothing there starts one (an
// unmatched ")" or the end).
func parseNode(s string) (it item, rest string, ok bool, err error) {
	s = strings.TrimLeft(s, " ")
	if strings.HasPrefix(s, "-") {
		it, rest, ok, err = groupOrText(s[1:])
		if err != nil || ok {
			if ok && it.op != 0 {
				// "-and": Anki builds invalid SQL from this; refuse it here.
				return it, "", false, misplaced(it.op)
			}
			return item{node: Not{Node: it.node}}, rest, ok, err
		}
	}
	return groupOrText(s)
}

func groupOrText(s string) (item, string, bool, error) {
	if strings.HasPrefix(s, "(") {
		items, tail, err := groupInner(s[1:])
		if err != nil {
			return item{}, "", false, err
		}
		if !strings.HasPrefix(tail, ")") {
			return item{}, "", false, fail(reasonUnclosedGroup)
		}
		if len(items) == 0 {
			return item{}, "", false, fail(reasonEmptyGroup)
		}
		return item{node: Group{Node: build(items)}}, tail[1:], true, nil
	}
	return parseText(s)
}

// parseText reads a quoted term ("deck:a b"), a term quoted after its
// colon (deck:"a b") or an unquoted term.
func parseText(s string) (item, string, bool, error) {
	if strings.HasPrefix(s, `"`) {
		inner, rest, err := quotedString(s)
		if err != nil {
			return item{}, "", false, err
		}
		n, err := searchNodeForText(inner)
		return item{node: n}, rest, err == nil, err
	}
	if n, st := scanTerm(s, `"(): `); st == scanOK && n > 0 && strings.HasPrefix(s[n:], `:"`) {
		inner, rest, err := quotedString(s[n+1:])
		if err != nil {
			return item{}, "", false, err
		}
		node, err := withArgument(s[:n], inner)
		return item{node: node}, rest, err == nil, err
	}
	return unquotedTerm(s)
}

func unquotedTerm(s string) (item, string, bool, error) {
	n, st := scanTerm(s, `"() `)
	switch st {
	case scanSpaceEscape:
		// Anki reports the backslash with the rest of the input.
		return item{}, "", false, errUnknownEscape(`\` + s[n+1:])
	case scanTrailingEscape:
		return item{}, "", false, errUnknownEscape(`\`)
	}
	if n == 0 {
		return item{}, "", false, nil
	}
	t := s[:n]
	switch {
	case asciiEqualFold(t, "and"):
		return item{op: 'a'}, s[n:], true, nil
	case asciiEqualFold(t, "or"):
		return item{op: 'o'}, s[n:], true, nil
	}
	node, err := searchNodeForText(t)
	return item{node: node}, s[n:], err == nil, err
}

const (
	scanOK             = iota
	scanSpaceEscape    // a backslash before a blank, at the returned index
	scanTrailingEscape // a backslash at the end
)

// scanTerm measures an unquoted term: bytes not in stops, and backslash
// pairs whose second character is not a blank.
func scanTerm(s, stops string) (int, int) {
	i := 0
	for i < len(s) {
		c := s[i]
		if c == '\\' {
			if i+1 == len(s) {
				return i, scanTrailingEscape
			}
			if s[i+1] == ' ' {
				return i, scanSpaceEscape
			}
			_, w := utf8.DecodeRuneInString(s[i+1:])
			i += 1 + w
			continue
		}
		if strings.IndexByte(stops, c) >= 0 {
			break
		}
		i++
	}
	return i, scanOK
}

// quotedString reads a non-empty double-quoted string starting at s[0];
// inside, a backslash pairs with any character. The escapes are kept.
func quotedString(s string) (inner, rest string, err error) {
	o := s[1:]
	if strings.HasPrefix(o, `"`) {
		return "", "", fail(reasonEmptyQuote)
	}
	for i := 0; i < len(o); i++ {
		switch o[i] {
		case '\\':
			if i+1 == len(o) {
				return "", "", fail(reasonUnclosedQuote)
			}
			_, w := utf8.DecodeRuneInString(o[i+1:])
			i += w
		case '"':
			return o[:i], o[i+1:], nil
		}
	}
	return "", "", fail(reasonUnclosedQuote)
}

// searchNodeForText splits a term at its first unescaped colon.
func searchNodeForText(t string) (Node, error) {
	i := 0
	for i < len(t) && t[i] != ':' {
		if t[i] == '\\' {
			if i+1 == len(t) {
				return nil, fail(reasonMissingKey)
			}
			_, w := utf8.DecodeRuneInString(t[i+1:])
			i += 1 + w
			continue
		}
		i++
	}
	if i == 0 {
		return nil, fail(reasonMissingKey)
	}
	if i == len(t) {
		v, err := unescape(t)
		return Text{Mode: TextPlain, Text: v}, err
	}
	return withArgument(t[:i], t[i+1:])
}

// withArgument turns key:val into a node; an unknown key is a field name.
func withArgument(key, val string) (Node, error) {
	lower := asciiLower(key)
	switch lower {
	case "deck":
		v, err := unescape(val)
		return DeckName{Name: v}, err
	case "note":
		v, err := unescape(val)
		return NoteType{Name: v}, err
	case "tag":
		return parseTag(val)
	case "card":
		if n, err := parseUint(val, 16); err == nil {
			return CardOrd{Ord: max(int(n), 1) - 1}, nil
		}
		v, err := unescape(val)
		return CardTemplate{Name: v}, err
	case "flag":
		n, err := parseUint(val, 8)
		if err != nil || n > 7 {
			return nil, fail(reasonInvalidFlag)
		}
		return Flag{Flag: int(n)}, nil
	case "resched":
		n, err := parseU32(val, "resched:")
		return Rated{Days: n, Resched: true}, err
	case "prop":
		return parseProp(val)
	case "added", "edited", "introduced":
		n, err := parseU32(val, lower+":")
		return Recent{Key: lower, Days: max(n, 1)}, err
	case "rated":
		return parseRated(val)
	case "is":
		return parseState(val)
	case "did", "nid", "cid":
		if !isIDList(val) {
			return nil, fail(fmt.Sprintf(reasonIDListTemplate, key))
		}
		return IDList{Key: lower, IDs: val}, nil
	case "mid":
		n, err := strconv.ParseInt(val, 10, 64)
		if err != nil {
			return nil, errExpected(expectWhole, "mid:", val)
		}
		return NoteTypeID{ID: n}, nil
	case "re":
		return Text{Mode: TextRegex, Text: unescapeQuotes(val)}, nil
	case "nc":
		return unescapedText(TextNoCombining, val)
	case "sc":
		return unescapedText(TextStripClozes, val)
	case "w":
		return unescapedText(TextWord, val)
	case "dupe":
		return parseDupe(val)
	case "has-cd":
		v, err := unescape(val)
		return HasCustomData{Key: v}, err
	case "preset":
		return Preset{Name: val}, nil
	}
	return parseField(key, val)
}

func unescapedText(mode TextMode, val string) (Node, error) {
	v, err := unescape(val)
	return Text{Mode: mode, Text: v}, err
}

func parseTag(s string) (Node, error) {
	if v, ok := strings.CutPrefix(s, "re:"); ok {
		return Tag{Tag: unescapeQuotes(v), Mode: FieldRegex}, nil
	}
	mode := FieldNormal
	if v, ok := strings.CutPrefix(s, "nc:"); ok {
		s, mode = v, FieldNoCombining
	}
	v, err := unescape(s)
	return Tag{Tag: v, Mode: mode}, err
}

func parseField(key, val string) (Node, error) {
	field, err := unescape(key)
	if err != nil {
		return nil, err
	}
	if v, ok := strings.CutPrefix(val, "re:"); ok {
		return Field{Field: field, Text: unescapeQuotes(v), Mode: FieldRegex}, nil
	}
	if v, ok := strings.CutPrefix(val, "nc:"); ok {
		return Field{Field: field, Text: unescapeQuotes(v), Mode: FieldNoCombining}, nil
	}
	v, err := unescape(val)
	return Field{Field: field, Text: v}, err
}

func parseState(s string) (Node, error) {
	if _, ok := cardStates[s]; !ok {
		return nil, errInvalidArgument("is:", s)
	}
	return State{State: s}, nil
}

func parseRated(s string) (Node, error) {
	days, button, hasButton := strings.Cut(s, ":")
	n, err := parseU32(days, "rated:")
	if err != nil {
		return nil, err
	}
	ease, err := parseAnswerButton(button, hasButton, s)
	return Rated{Days: max(n, 1), Ease: ease}, err
}

func parseDupe(s string) (Node, error) {
	id, text, ok := strings.Cut(s, ",")
	ntid, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		return nil, errExpected(expectWhole, s, id)
	}
	if !ok {
		return nil, fail(reasonInvalidDupe)
	}
	text = strings.ReplaceAll(unescapeQuotes(text), `\\`, `\`)
	return Dupe{NoteTypeID: ntid, Text: text}, nil
}

// propNames are tried in this order, as prefixes, like Anki does.
var propNames = []string{"ivl", "due", "reps", "lapses", "ease", "pos", "rated", "resched", "s", "d", "r", "cdn:", "cds:"}

func parseProp(clause string) (Node, error) {
	var prop string
	for _, p := range propNames {
		if !strings.HasPrefix(clause, p) {
			continue
		}
		if strings.HasSuffix(p, ":") {
			n := len(p)
			for n < len(clause) && isASCIIAlnum(clause[n]) {
				n++
			}
			if n == len(p) {
				continue
			}
			p = clause[:n]
		}
		prop = p
		break
	}
	if prop == "" {
		return nil, errInvalidArgument("prop:", clause)
	}
	rest := clause[len(prop):]
	op := ""
	for _, o := range cmpOps {
		if strings.HasPrefix(rest, o.text) {
			op = o.text
			break
		}
	}
	if op == "" {
		return nil, errInvalidPropOperator(prop)
	}
	num := rest[len(op):]
	n := Prop{Prop: prop, Op: op}
	var err error
	switch {
	case strings.HasPrefix(prop, "cds:"):
		n.Text = num
	case isFloatProp(prop):
		n.Value, err = parseF32(num, clause)
	case prop == "due":
		var v int64
		v, err = strconv.ParseInt(num, 10, 32)
		if err != nil {
			err = errExpected(expectWhole, clause, num)
		}
		n.Value = float64(v)
	case prop == "rated" || prop == "resched":
		days, button, hasButton := num, "", false
		if prop == "rated" {
			days, button, hasButton = strings.Cut(num, ":")
		}
		var v int64
		v, err = strconv.ParseInt(days, 10, 32)
		if err != nil || v > 0 {
			return nil, errExpected(expectNegativeWhole, clause, days)
		}
		n.Value = float64(v)
		n.Ease, err = parseAnswerButton(button, hasButton, clause)
	default: // ivl, reps, lapses, pos
		var v int
		v, err = parseU32(num, clause)
		n.Value = float64(v)
	}
	if err != nil {
		return nil, err
	}
	return n, nil
}

// parseAnswerButton reads the optional ":ease" of rated searches; 0 means
// any answer.
func parseAnswerButton(s string, present bool, context string) (int, error) {
	if !present {
		return 0, nil
	}
	n, err := parseUint(s, 8)
	if err != nil || n < 1 || n > 4 {
		return 0, errExpected(expectAnswerButton, context, s)
	}
	return int(n), nil
}

// parseUint reads an unsigned number the way Rust's str::parse does: an
// optional "+", then decimal digits.
func parseUint(s string, bits int) (uint64, error) {
	return strconv.ParseUint(strings.TrimPrefix(s, "+"), 10, bits)
}

func parseU32(s, context string) (int, error) {
	n, err := parseUint(s, 32)
	if err != nil {
		return 0, errExpected(expectPositiveWhole, context, s)
	}
	return int(n), nil
}

// parseF32 reads a float32 as Rust does: decimal only (no hex floats or
// underscores), overflow to infinity. NaN compares like 0 in Anki's SQL
// (its cast to an integer gives 0), so it is stored as 0.
func parseF32(s, context string) (float64, error) {
	if strings.ContainsAny(s, "xX_pP") {
		return 0, errExpected(expectNumber, context, s)
	}
	f, err := strconv.ParseFloat(s, 32)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return 0, errExpected(expectNumber, context, s)
	}
	if math.IsNaN(f) {
		f = 0
	}
	return f, nil
}

func isIDList(s string) bool {
	if s == "" || s[0] == ',' || s[len(s)-1] == ',' || strings.Contains(s, ",,") {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] != ',' && (s[i] < '0' || s[i] > '9') {
			return false
		}
	}
	return true
}

func isASCIIAlnum(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		b[i] = lowerASCII(c)
	}
	return string(b)
}

// unescape removes the parser's escapes \" \: \( \) \- and keeps \\ \* \_
// for wildcard matching; any other backslash sequence is an error.
func unescape(s string) (string, error) {
	if strings.IndexByte(s, '\\') < 0 {
		return s, nil
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		if i+1 == len(s) {
			return "", errUnknownEscape(`\`)
		}
		i++
		switch n := s[i]; n {
		case '"', ':', '(', ')', '-':
			b.WriteByte(n)
		case '\\', '*', '_':
			b.WriteByte('\\')
			b.WriteByte(n)
		default:
			r, _ := utf8.DecodeRuneInString(s[i:])
			return "", errUnknownEscape(`\` + string(r))
		}
	}
	return b.String(), nil
}

// unescapeQuotes turns \" into " and keeps everything else, for raw input
// such as regular expressions.
func unescapeQuotes(s string) string { return strings.ReplaceAll(s, `\"`, `"`) }
