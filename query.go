package ankiconnect

import (
	"strconv"
	"strings"
	"unicode"
)

// Query is an Anki search built from typed pieces, for FindNotes, FindCards,
// NotesInfoByQuery and GUIBrowse. String gives the text to send. Every piece
// of user text is escaped so that it matches literally: quotes, wildcards
// (* and _), backslashes, colons, parentheses, a leading "-" and the words
// "and" and "or" have no special meaning.
//
// The zero Query matches every card. Queries are values; combining them
// never changes them.
//
// Text is compared with what the collection stores, which is HTML: a note
// added through Anki's editor stores &, < and > as &amp;, &lt; and &gt;, and
// formatting as tags. Anki's own rules apply: FieldEquals and ContainsText
// ignore case for the letters a-z only, names (decks, tags, note types) for
// all letters.
type Query struct {
	text string
	prec precedence
}

// precedence is how a query's text binds when combined with others.
type precedence uint8

const (
	precTerm precedence = iota // one term, a negation or a group
	precAnd                    // terms side by side
	precOr                     // terms joined by "or"
)

// String returns the search text; "" (the zero Query) searches the whole
// collection.
func (q Query) String() string { return q.text }

// matchNothing is a search no card matches: every card is in some deck.
var matchNothing = Query{text: "-deck:*"}

// CardState is a card's state for InState.
type CardState int

// Card states, as Anki's "is:" searches define them.
const (
	StateNew            CardState = iota + 1 // never studied
	StateLearn                               // in learning or relearning
	StateReview                              // review cards, including lapsed ones relearning
	StateDue                                 // reviews due today, learning cards due within 20 minutes
	StateSuspended                           // suspended
	StateBuried                              // buried, by hand or as a sibling
	StateBuriedSibling                       // buried automatically as a sibling
	StateBuriedManually                      // buried by hand
)

var cardStateNames = map[CardState]string{
	StateNew: "new", StateLearn: "learn", StateReview: "review", StateDue: "due",
	StateSuspended: "suspended", StateBuried: "buried",
	StateBuriedSibling: "buried-sibling", StateBuriedManually: "buried-manually",
}

// String returns the state's name in Anki's search syntax ("due",
// "buried-sibling"...).
func (s CardState) String() string { return enumString(s, "CardState", cardStateNames) }

// Flag is a card's flag.
type Flag int

// Flags.
const (
	FlagNone Flag = iota
	FlagRed
	FlagOrange
	FlagGreen
	FlagBlue
	FlagPink
	FlagTurquoise
	FlagPurple
)

var flagNames = map[Flag]string{
	FlagNone: "none", FlagRed: "red", FlagOrange: "orange", FlagGreen: "green",
	FlagBlue: "blue", FlagPink: "pink", FlagTurquoise: "turquoise", FlagPurple: "purple",
}

// String returns the flag's colour ("red"...), or "none".
func (f Flag) String() string { return enumString(f, "Flag", flagNames) }

// InDeck matches cards in the deck with this full name ("Japanese::Verbs")
// or in its subdecks; cards in a filtered deck also match their home deck.
// An empty name matches nothing.
func InDeck(name string) Query {
	if name == "" {
		return matchNothing
	}
	return term("deck:" + deckValue(name))
}

// InDeckOnly matches cards in the deck itself, not in its subdecks.
func InDeckOnly(name string) Query {
	if name == "" {
		return matchNothing
	}
	return And(InDeck(name), Not(term("deck:"+deckValue(name)+"::*")))
}

// deckValue escapes a deck name. "current" and "filtered" are special words
// after "deck:"; a trailing blank, which Anki trims from deck names, keeps
// them names.
func deckValue(name string) string {
	v := escapeWildcards(name, "")
	if v == "current" || v == "filtered" {
		v += " "
	}
	return v
}

// HasTag matches notes with this tag or a child of it ("lang" matches
// "lang::fr"). Tags cannot contain blanks, so a tag with one, or an empty
// tag, matches nothing.
func HasTag(tag string) Query {
	if tag == "" || strings.IndexFunc(tag, unicode.IsSpace) >= 0 {
		return matchNothing
	}
	if tag == "none" {
		// "tag:none" means untagged notes; a regular expression names the tag.
		return term("tag:re:^none(::|$)")
	}
	return term("tag:" + modeSafe(escapeWildcards(tag, "")))
}

// Untagged matches notes without tags.
func Untagged() Query { return Query{text: "tag:none"} }

// OfNoteType matches notes of the note type ("model") with this name. An
// empty name matches nothing.
func OfNoteType(name string) Query {
	if name == "" {
		return matchNothing
	}
	return term("note:" + escapeWildcards(name, ""))
}

// FieldEquals matches notes whose field is exactly value (its stored HTML);
// an empty value matches notes where the field is empty. Notes whose type has
// no such field do not match, nor does anything for an empty field name.
//
// Anki cannot name a field called like a search keyword ("deck", "tag",
// "is"...): for those the last letter becomes a one-character wildcard, so a
// field whose name differs only there would match too.
func FieldEquals(field, value string) Query {
	return fieldTerm(field, modeSafe(escapeWildcards(value, "")))
}

// FieldContains matches notes whose field contains value.
func FieldContains(field, value string) Query {
	return fieldTerm(field, "*"+escapeWildcards(value, "")+"*")
}

func fieldTerm(field, value string) Query {
	if field == "" {
		return matchNothing
	}
	// Escaped, a colon stays in the name and a dash cannot start a negation.
	key := escapeWildcards(field, ":-")
	if searchKeywords[asciiLower(key)] {
		key = key[:len(key)-1] + "_"
	}
	return term(key + ":" + value)
}

// searchKeywords are the words before a colon that Anki does not take for
// field names. ("has-cd" is not one: its dash is escaped.)
var searchKeywords = map[string]bool{
	"deck": true, "note": true, "tag": true, "card": true, "flag": true, "resched": true, "prop": true,
	"added": true, "edited": true, "introduced": true, "rated": true, "is": true, "did": true,
	"mid": true, "nid": true, "cid": true, "re": true, "nc": true, "sc": true, "w": true,
	"dupe": true, "preset": true,
}

// ContainsText matches notes with text in any field. Anki also finds it
// in the sort field with HTML removed, so there formatting inside the text
// does not hide it. Empty text matches every note.
func ContainsText(text string) Query {
	if text == "" {
		return Query{}
	}
	// An escaped colon keeps the text from naming a field.
	return term(escapeWildcards(text, ":"))
}

// InState matches cards in state s.
func InState(s CardState) Query { return Query{text: "is:" + s.String()} }

// HasFlag matches cards with flag f (FlagNone: cards without a flag).
func HasFlag(f Flag) Query { return Query{text: "flag:" + strconv.Itoa(int(f))} }

// AddedInLastDays matches cards added today (days 1) or in the last days
// days. Anki takes 0 as 1 and rejects a negative number.
func AddedInLastDays(days int) Query { return Query{text: "added:" + strconv.Itoa(days)} }

// EditedInLastDays matches cards whose note was edited today (days 1) or in
// the last days days.
func EditedInLastDays(days int) Query { return Query{text: "edited:" + strconv.Itoa(days)} }

// RatedInLastDays matches cards answered today (days 1) or in the last days
// days; with eases, only answers with one of those buttons.
func RatedInLastDays(days int, eases ...Ease) Query {
	prefix := "rated:" + strconv.Itoa(days)
	if len(eases) == 0 {
		return Query{text: prefix}
	}
	qs := make([]Query, len(eases))
	for i, e := range eases {
		qs[i] = Query{text: prefix + ":" + strconv.Itoa(int(e))}
	}
	return Or(qs...)
}

// ByNoteIDs matches the notes with these IDs; no IDs match nothing.
func ByNoteIDs(ids ...NoteID) Query { return idList("nid:", ids) }

// ByCardIDs matches the cards with these IDs; no IDs match nothing.
func ByCardIDs(ids ...CardID) Query { return idList("cid:", ids) }

func idList[T ~int64](key string, ids []T) Query {
	if len(ids) == 0 {
		return matchNothing
	}
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(int64(id), 10)
	}
	return Query{text: key + strings.Join(parts, ",")}
}

// RawQuery is search text written by hand, used as is (see Anki's manual).
// Combined with other queries it is put in parentheses.
func RawQuery(text string) Query {
	text = strings.TrimSpace(text)
	if text == "" {
		return Query{}
	}
	return Query{text: text, prec: precOr}
}

// And matches what all qs match. With no queries it matches everything.
func And(qs ...Query) Query {
	var kept []Query
	for _, q := range qs {
		if q.text != "" {
			kept = append(kept, q)
		}
	}
	switch len(kept) {
	case 0:
		return Query{}
	case 1:
		return kept[0]
	}
	parts := make([]string, len(kept))
	for i, q := range kept {
		parts[i] = q.text
		if q.prec == precOr {
			parts[i] = "(" + q.text + ")"
		}
	}
	return Query{text: strings.Join(parts, " "), prec: precAnd}
}

// Or matches what any of qs matches. With no queries it matches nothing.
func Or(qs ...Query) Query {
	switch len(qs) {
	case 0:
		return matchNothing
	case 1:
		return qs[0]
	}
	parts := make([]string, len(qs))
	for i, q := range qs {
		if q.text == "" {
			return Query{} // or with everything is everything
		}
		parts[i] = q.text
	}
	return Query{text: strings.Join(parts, " or "), prec: precOr}
}

// Not matches what q does not.
func Not(q Query) Query {
	if q.text == "" {
		return matchNothing
	}
	if q.prec != precTerm || strings.HasPrefix(q.text, "-") {
		return Query{text: "-(" + q.text + ")"}
	}
	return Query{text: "-" + q.text}
}

// Group puts q in parentheses. And, Or and Not add them where needed, so
// this only changes how the text reads.
func Group(q Query) Query {
	if q.text == "" {
		return q
	}
	return Query{text: "(" + q.text + ")"}
}

// term makes a one-term query of t (already escaped), in double quotes when
// it holds blanks or parentheses, starts with "-" or is "and" or "or".
func term(t string) Query {
	if strings.ContainsAny(t, " ()") || strings.HasPrefix(t, "-") || asciiLower(t) == "and" || asciiLower(t) == "or" {
		t = `"` + t + `"`
	}
	return Query{text: t}
}

// escapeWildcards escapes text for Anki's parser: backslashes, wildcards,
// double quotes and the characters in extra. White space other than blanks,
// which Anki turns into blanks before parsing, becomes the one-character
// wildcard.
func escapeWildcards(s, extra string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case strings.ContainsRune(`\*_"`+extra, r):
			b.WriteByte('\\')
			b.WriteRune(r)
		case r != ' ' && unicode.IsSpace(r):
			b.WriteByte('_')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// modeSafe keeps a value starting with "re:" or "nc:" from switching a
// field or tag search to regular expressions or to ignoring accents.
func modeSafe(v string) string {
	if strings.HasPrefix(v, "re:") || strings.HasPrefix(v, "nc:") {
		return v[:2] + `\` + v[2:]
	}
	return v
}

func asciiLower(s string) string {
	return strings.Map(func(r rune) rune {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, s)
}
