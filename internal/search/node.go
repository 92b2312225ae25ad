package search

import (
	"strconv"
	"strings"
)

// Node is a parsed search. Parse returns a tree of the types below; String
// prints a query that parses back to the same tree.
type Node interface {
	String() string
	node()
}

// And matches what all its Nodes match: terms side by side, or joined by
// "and".
type And struct{ Nodes []Node }

// Or matches what any of its Nodes matches. "and" binds tighter than "or",
// so the parser puts runs of and-ed terms in an And inside the Or.
type Or struct{ Nodes []Node }

// Not is a term or group with a leading "-".
type Not struct{ Node Node }

// Group is a parenthesised search.
type Group struct{ Node Node }

// TextMode says how a Text is matched against a note's fields.
type TextMode int

// The text modes: plain text and the prefixes that change its matching.
const (
	TextPlain       TextMode = iota // dog: a substring, with * and _ wildcards
	TextRegex                       // re:...: a regular expression
	TextNoCombining                 // nc:...: ignoring combining characters
	TextStripClozes                 // sc:...: cloze markup removed first (cloze note types only)
	TextWord                        // w:...: on word boundaries
)

var textPrefix = [...]string{TextPlain: "", TextRegex: "re:", TextNoCombining: "nc:", TextStripClozes: "sc:", TextWord: "w:"}

// Text searches all fields of a note. Text holds Anki's unescaped form:
// the parser's escapes for " : ( ) - are removed, while \\ \* \_ are kept
// because they still matter to wildcard matching. For TextRegex it holds the
// regular expression with only \" unescaped.
type Text struct {
	Mode TextMode
	Text string
}

// FieldMode says how a Field or Tag value is matched.
type FieldMode int

// The field and tag modes.
const (
	FieldNormal      FieldMode = iota // front:dog (exact, with wildcards)
	FieldRegex                        // front:re:...
	FieldNoCombining                  // front:nc:...
)

// Field searches one field (or, with wildcards in Field, several) for Text:
// "front:dog". Field names "*", "_*" and "*_" mean every field.
type Field struct {
	Field string
	Text  string
	Mode  FieldMode
}

// Tag is "tag:x": the tag, its children (x::y) and wildcards; "tag:none" is
// notes without tags.
type Tag struct {
	Tag  string
	Mode FieldMode
}

// DeckName is "deck:x": the deck and its children. "*", "filtered" and
// "current" are special.
type DeckName struct{ Name string }

// Preset is "preset:x": cards in decks using the deck options preset x. Name
// is kept exactly as written (Anki does not unescape it).
type Preset struct{ Name string }

// NoteType is "note:x", by note type name (wildcards allowed).
type NoteType struct{ Name string }

// NoteTypeID is "mid:123".
type NoteTypeID struct{ ID int64 }

// CardTemplate is "card:x", by card template name (wildcards allowed).
type CardTemplate struct{ Name string }

// CardOrd is "card:2": the card whose template ordinal (for cloze notes, cloze
// number) is Ord+1. Ord is 0-based; "card:0" and "card:1" are both Ord 0.
type CardOrd struct{ Ord int }

// State is "is:x" with x one of due, new, learn, review, suspended, buried,
// buried-sibling, buried-manually.
type State struct{ State string }

// Flag is "flag:0" to "flag:7".
type Flag struct{ Flag int }

// IDList is "nid:1,2", "cid:1,2" or "did:1,2" (Key is nid, cid or did). IDs is
// the list as written: digits and commas.
type IDList struct {
	Key string
	IDs string
}

// Recent is "added:n", "edited:n" or "introduced:n" (Key); Days is at least 1.
type Recent struct {
	Key  string
	Days int
}

// Rated is "rated:n" or "rated:n:ease" (Ease 1-4, 0 meaning any answer), and
// "resched:n" when Resched is set (manual rescheduling, Ease 0).
type Rated struct {
	Days    int
	Ease    int
	Resched bool
}

// Prop is "prop:" followed by a property, an operator and a value. Prop is
// ivl, due, reps, lapses, ease, pos, rated, resched, s, d, r, "cdn:KEY" or
// "cds:KEY"; Op is =, !=, <, >, <= or >=. Value holds the number (for ease,
// s, d, r and cdn a float32 value); for rated, Ease holds the answer button
// (0 for any); for cds, Text holds the string as written.
type Prop struct {
	Prop  string
	Op    string
	Value float64
	Ease  int
	Text  string
}

// Dupe is "dupe:ntid,text": notes of note type ntid whose first field is text
// once HTML is stripped.
type Dupe struct {
	NoteTypeID int64
	Text       string
}

// HasCustomData is "has-cd:key".
type HasCustomData struct{ Key string }

func (And) node()           {}
func (Or) node()            {}
func (Not) node()           {}
func (Group) node()         {}
func (Text) node()          {}
func (Field) node()         {}
func (Tag) node()           {}
func (DeckName) node()      {}
func (Preset) node()        {}
func (NoteType) node()      {}
func (NoteTypeID) node()    {}
func (CardTemplate) node()  {}
func (CardOrd) node()       {}
func (State) node()         {}
func (Flag) node()          {}
func (IDList) node()        {}
func (Recent) node()        {}
func (Rated) node()         {}
func (Prop) node()          {}
func (Dupe) node()          {}
func (HasCustomData) node() {}

// String implements Node.
func (n And) String() string { return join(n.Nodes, " ", isAndOr) }

// String implements Node.
func (n Or) String() string { return join(n.Nodes, " or ", isOr) }

// String implements Node.
func (n Not) String() string {
	if _, ok := n.Node.(Not); ok || isAndOr(n.Node) {
		return "-(" + n.Node.String() + ")"
	}
	return "-" + n.Node.String()
}

// String implements Node.
func (n Group) String() string { return "(" + n.Node.String() + ")" }

// String implements Node.
func (n Text) String() string {
	if n.Mode == TextRegex {
		return term("re:" + escapeQuotes(n.Text))
	}
	return term(textPrefix[n.Mode] + escapeText(n.Text, n.Mode == TextPlain))
}

// String implements Node.
func (n Field) String() string {
	return term(escapeText(n.Field, true) + ":" + fieldValue(n.Text, n.Mode, false))
}

// String implements Node.
func (n Tag) String() string { return term("tag:" + fieldValue(n.Tag, n.Mode, true)) }

// String implements Node.
func (n DeckName) String() string { return term("deck:" + escapeText(n.Name, false)) }

// String implements Node.
func (n Preset) String() string { return term("preset:" + n.Name) }

// String implements Node.
func (n NoteType) String() string { return term("note:" + escapeText(n.Name, false)) }

// String implements Node.
func (n NoteTypeID) String() string { return "mid:" + strconv.FormatInt(n.ID, 10) }

// String implements Node.
func (n CardTemplate) String() string { return term("card:" + escapeText(n.Name, false)) }

// String implements Node.
func (n CardOrd) String() string { return "card:" + strconv.Itoa(n.Ord+1) }

// String implements Node.
func (n State) String() string { return term("is:" + n.State) }

// String implements Node.
func (n Flag) String() string { return "flag:" + strconv.Itoa(n.Flag) }

// String implements Node.
func (n IDList) String() string { return n.Key + ":" + n.IDs }

// String implements Node.
func (n Recent) String() string { return n.Key + ":" + strconv.Itoa(n.Days) }

// String implements Node.
func (n Rated) String() string {
	if n.Resched {
		return "resched:" + strconv.Itoa(n.Days)
	}
	return "rated:" + strconv.Itoa(n.Days) + easeSuffix(n.Ease)
}

// String implements Node.
func (n Prop) String() string {
	var v string
	switch {
	case strings.HasPrefix(n.Prop, "cds:"):
		v = n.Text
	case n.Prop == "rated":
		v = strconv.FormatFloat(n.Value, 'f', -1, 64) + easeSuffix(n.Ease)
	case isFloatProp(n.Prop):
		v = strconv.FormatFloat(n.Value, 'g', -1, 32)
	default:
		v = strconv.FormatFloat(n.Value, 'f', -1, 64)
	}
	return term("prop:" + n.Prop + n.Op + v)
}

// String implements Node.
func (n Dupe) String() string {
	text := strings.ReplaceAll(n.Text, `\`, `\\`)
	return term("dupe:" + strconv.FormatInt(n.NoteTypeID, 10) + "," + escapeQuotes(text))
}

// String implements Node.
func (n HasCustomData) String() string { return term("has-cd:" + escapeText(n.Key, false)) }

func easeSuffix(ease int) string {
	if ease == 0 {
		return ""
	}
	return ":" + strconv.Itoa(ease)
}

func isFloatProp(p string) bool {
	switch p {
	case "ease", "s", "d", "r":
		return true
	}
	return strings.HasPrefix(p, "cdn:")
}

// join prints nodes separated by sep. The parser puts an And or Or inside
// another only through a Group; a hand-built tree that nests them directly
// gets parentheses where the nesting needs them (wrap) to keep its meaning.
func join(nodes []Node, sep string, wrap func(Node) bool) string {
	parts := make([]string, len(nodes))
	for i, n := range nodes {
		parts[i] = n.String()
		if wrap(n) {
			parts[i] = "(" + parts[i] + ")"
		}
	}
	return strings.Join(parts, sep)
}

func isOr(n Node) bool {
	_, ok := n.(Or)
	return ok
}

func isAndOr(n Node) bool {
	_, ok := n.(And)
	return ok || isOr(n)
}

// fieldValue prints the part after "field:" or "tag:". Anki unescapes the
// text after "nc:" fully for tags but only its quotes for fields.
func fieldValue(v string, mode FieldMode, isTag bool) string {
	switch mode {
	case FieldRegex:
		return "re:" + escapeQuotes(v)
	case FieldNoCombining:
		if isTag {
			return "nc:" + escapeText(v, false)
		}
		return "nc:" + escapeQuotes(v)
	}
	v = escapeText(v, false)
	if strings.HasPrefix(v, "re:") || strings.HasPrefix(v, "nc:") {
		// The prefix would switch the mode; an escaped colon keeps it text.
		v = v[:2] + `\` + v[2:]
	}
	return v
}

// escapeText escapes a value in Anki's unescaped form (plain characters and
// the kept escapes \\ \* \_) so the parser reads it back: double quotes
// always, colons when colons is set.
func escapeText(v string, colons bool) string {
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c == '\\' && i+1 < len(v):
			b.WriteByte(c)
			i++
			b.WriteByte(v[i])
		case c == '"' || colons && c == ':':
			b.WriteByte('\\')
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func escapeQuotes(v string) string { return strings.ReplaceAll(v, `"`, `\"`) }

// term returns t, one search term as the parser reads it (escapes
// included), as a token: bare when the parser would read it back whole, in
// double quotes otherwise.
func term(t string) string {
	if needsQuotes(t) {
		return `"` + t + `"`
	}
	return t
}

func needsQuotes(t string) bool {
	if t == "" || t[0] == '-' || asciiEqualFold(t, "and") || asciiEqualFold(t, "or") {
		return true
	}
	for i := 0; i < len(t); i++ {
		switch t[i] {
		case '\\':
			i++
			if i < len(t) && t[i] == ' ' {
				return true
			}
		case ' ', '(', ')':
			return true
		}
	}
	return false
}

func asciiEqualFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		if lowerASCII(a[i]) != lowerASCII(b[i]) {
			return false
		}
	}
	return true
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
