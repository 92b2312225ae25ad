// Package render renders Anki card templates and decides which cards a note
// generates, as modern Anki (23.10 and later) does. It is pure: no state,
// no I/O, no dependency outside the standard library.
//
// Rendering follows Anki's Rust renderer (rslib template.rs, cloze.rs,
// template_filters.rs) and the Python steps that complete it for
// card.question() and card.answer(), which AnkiConnect's cardsInfo returns:
//
//   - {{Field}} (field names are case-sensitive), {{FrontSide}} (the
//     rendered question, on the answer side only; empty on the question
//     side), {{#Field}}...{{/Field}} and {{^Field}}...{{/Field}} (a field is
//     empty when it holds only whitespace, <br> and <div> tags), the special
//     fields {{Tags}}, {{Type}}, {{Deck}}, {{Subdeck}}, {{Card}},
//     {{CardFlag}} and {{CardID}} (a note field of the same name wins), and
//     {{cN}} / {{#cN}}: "1" on the card of cloze number N.
//   - Filters, innermost first: text, hint, furigana, kana, kanji, type,
//     type:cloze, type:nc, cloze, cloze-only and "tts ...". An unknown
//     filter is left to add-ons, as in Anki; the fake has none, so it and
//     the filters after it leave the text unchanged.
//   - {{type:Field}} renders the "[[type:Field]]" marker on both sides:
//     card.question() returns it unreplaced (the reviewer, not the
//     renderer, turns it into an input box or a comparison).
//   - {{cloze:Field}}: the active cloze is
//     <span class="cloze" data-cloze="TEXT" data-ordinal="N">[...]</span> on
//     the question (its hint instead of "..." when it has one; TEXT is the
//     hidden text, attribute-encoded as Anki's htmlescape does) and
//     <span class="cloze" data-ordinal="N">text</span> on the answer; the
//     other clozes show their text in
//     <span class="cloze-inactive" data-ordinal="M">...</span> on both sides.
//     A field with no cloze of the card's number renders empty.
//   - Sound tags ([sound:a.mp3]) and text-to-speech directives become
//     "[anki:play:q:0]", "[anki:play:a:0]"... as in card.question().
//   - A template error (unknown field, unbalanced sections) makes both sides
//     Anki's error text, for example "Front template has a problem:<br>Found
//     &#x27;{{Nope}}&#x27;, but there is no field called
//     &#x27;Nope&#x27;<br><a href='...'>More information</a>". A blank front
//     (or a cloze card whose number is in no field) gets Anki's "The front of
//     this card is blank." (or "No cloze N found on card.") notice.
//
// For note type editing, ParseTemplate gives a template that can have
// fields renamed or removed and be written back as Anki writes it, and
// Requirements computes the legacy "req" entry of a template.
//
// Not modelled: LaTeX and MathJax image generation, add-on filters and
// hooks, browser-specific templates, and Unicode isolation marks (the
// English strings come out without them).
package render

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Note is what a card is rendered from: the note's fields and tags and the
// card's context.
type Note struct {
	// FieldNames and FieldValues are the note type's fields in order and
	// the note's values; a missing value counts as empty.
	FieldNames, FieldValues []string
	// Tags are the note's tags; {{Tags}} joins them with spaces.
	Tags []string
	// NoteType is {{Type}}, Deck the card's deck ("A::B") for {{Deck}} and
	// {{Subdeck}} (its last component), CardName the template name for
	// {{Card}}.
	NoteType, Deck, CardName string
	// Cloze tells whether the note type is a cloze type.
	Cloze bool
	// CardFlag is the card's flag (0-7) for {{CardFlag}} ("flag0"...).
	CardFlag int
	// CardID is the card's ID for {{CardID}}.
	CardID int64
}

// Error and notice texts, in Anki's English words.
const (
	frontProblem    = "Front template has a problem:"
	backProblem     = "Back template has a problem:"
	moreInfo        = "More information"
	errorLink       = "https://docs.ankiweb.net/templates/errors.html#template-syntax-error"
	blankLink       = "https://docs.ankiweb.net/templates/errors.html#front-of-card-is-blank"
	blankClozeLink  = "https://docs.ankiweb.net/templates/errors.html#no-cloze-filter-on-cloze-note-type"
	blankFront      = "The front of this card is blank."
	missingClozeFmt = "No cloze %d found on card.\nPlease either add a cloze deletion, or use the Empty Cards tool."
	maxClozeOrdinal = 499 // Anki caps a cloze card's ordinal
)

// specialFields are the names Anki fills in besides the note's fields
// (FrontSide aside).
var specialFields = []string{"Tags", "Type", "Deck", "Subdeck", "CardFlag", "Card", "CardID"}

// Card renders the question and answer HTML of the card with ordinal ord
// (the template's ordinal, or the cloze number minus one for cloze types),
// without the <style> prefix cardsInfo adds. {{FrontSide}} in afmt is the
// rendered question. Errors in the templates are rendered as Anki renders
// them (see the package documentation), so there is no error result.
func Card(qfmt, afmt string, ord int, n Note) (question, answer string) {
	fields := fieldMap(n, ord)
	nonEmpty := make(map[string]bool, len(fields))
	for name, v := range fields {
		nonEmpty[name] = !FieldIsEmpty(v)
	}
	c := &context{fields: fields, nonEmpty: nonEmpty, cardOrd: ord, question: true}
	qnodes, q, err := c.renderTemplate(qfmt)
	if err != nil {
		msg := errorHTML(frontProblem, err)
		return msg, msg
	}
	var notice string
	switch {
	case n.Cloze && !slices.Contains(clozeNumbersIn(mapValues(fields)), ord+1):
		notice = "<div>" + strings.Replace(missingClozeFmt, "%d", strconv.Itoa(ord+1), 1) +
			"<br><a href='" + blankClozeLink + "'>" + moreInfo + "</a></div>"
	case !n.Cloze && !rendersWithFields(qnodes, func(f string) bool { return nonEmpty[f] }):
		notice = "<div>" + blankFront + "<br><a href='" + blankLink + "'>" + moreInfo + "</a></div>"
	}
	if notice != "" {
		return extractAVTags(q+notice, true), extractAVTags(notice, false)
	}
	question = extractAVTags(q, true)
	c.question, c.frontSide = false, question
	_, a, err := c.renderTemplate(afmt)
	if err != nil {
		msg := errorHTML(backProblem, err)
		return msg, msg
	}
	return question, extractAVTags(a, false)
}

// renderTemplate parses and renders one side.
func (c *context) renderTemplate(tmpl string) ([]node, string, error) {
	nodes, err := parse(tmpl)
	if err != nil {
		return nil, "", err
	}
	var b strings.Builder
	if err := c.renderNodes(&b, nodes); err != nil {
		return nil, "", err
	}
	return nodes, b.String(), nil
}

// errorHTML is the text Anki shows for a template error.
func errorHTML(header string, err error) string {
	return header + "<br>" + encodeMinimal(err.Error()) + "<br><a href='" + errorLink + "'>" + moreInfo + "</a>"
}

// fieldMap holds the note's fields, the special fields that no note field
// shadows, and "c<ord+1>" = "1".
func fieldMap(n Note, ord int) map[string]string {
	m := make(map[string]string, len(n.FieldNames)+len(specialFields)+1)
	for i, name := range n.FieldNames {
		m[name] = valueAt(n.FieldValues, i)
	}
	special := map[string]string{
		"Tags":     strings.Join(n.Tags, " "),
		"Type":     n.NoteType,
		"Deck":     n.Deck,
		"Subdeck":  subdeck(n.Deck),
		"CardFlag": "flag" + strconv.Itoa(n.CardFlag),
		"Card":     n.CardName,
		"CardID":   strconv.FormatInt(n.CardID, 10),
	}
	special["c"+strconv.Itoa(ord+1)] = "1"
	for name, v := range special {
		if _, ok := m[name]; !ok {
			m[name] = v
		}
	}
	return m
}

// subdeck is the last component of a deck name ("A::B" gives "B").
func subdeck(deck string) string {
	if i := strings.LastIndex(deck, "::"); i >= 0 {
		return deck[i+len("::"):]
	}
	return deck
}

func valueAt(values []string, i int) string {
	if i < len(values) {
		return values[i]
	}
	return ""
}

func mapValues(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

// clozeNumbersIn returns the distinct cloze numbers in any of texts.
func clozeNumbersIn(texts []string) []int {
	var out []int
	for _, t := range texts {
		for _, n := range ClozeNumbers(t) {
			if !slices.Contains(out, n) {
				out = append(out, n)
			}
		}
	}
	slices.Sort(out)
	return out
}

// FieldIsEmpty reports whether a field value counts as empty for Anki's
// card generation and {{#Field}} sections: only whitespace and <br>, <div>
// and </div> tags (so "<b></b>" is not empty).
//
// It is Anki's field_is_empty pattern,
// (?si)^(?:[[:space:]]|</?(?:br|div) ?/?>)*$, matched by hand: the
// alternatives never overlap, so one left-to-right pass decides.
func FieldIsEmpty(value string) bool {
	for i := 0; i < len(value); {
		switch value[i] {
		case ' ', '\t', '\n', '\v', '\f', '\r': // [[:space:]] is ASCII
			i++
		case '<':
			n := emptyTagLen(value[i:])
			if n == 0 {
				return false
			}
			i += n
		default:
			return false
		}
	}
	return true
}

// emptyTagLen is the length of the </?(?:br|div) ?/?> tag s starts with
// (br and div in any case), 0 if s does not start with one.
func emptyTagLen(s string) int {
	i := 1 // the '<'
	if i < len(s) && s[i] == '/' {
		i++
	}
	switch {
	case hasPrefixFoldASCII(s[i:], "br"):
		i += len("br")
	case hasPrefixFoldASCII(s[i:], "div"):
		i += len("div")
	default:
		return 0
	}
	if i < len(s) && s[i] == ' ' {
		i++
	}
	if i < len(s) && s[i] == '/' {
		i++
	}
	if i < len(s) && s[i] == '>' {
		return i + 1
	}
	return 0
}

// hasPrefixFoldASCII reports whether s starts with the lower-case ASCII
// letters prefix, in any case (none of b, r, d, i, v has a non-ASCII case
// fold).
func hasPrefixFoldASCII(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for i := range len(prefix) {
		if s[i]|0x20 != prefix[i] {
			return false
		}
	}
	return true
}

// CardOrdinals returns the ordinals of the cards a note generates, as Anki
// does when a note is added. For a standard note type (qfmts being its
// templates' fronts in order): each template whose front shows a non-empty
// field, the special fields {{Deck}}, {{Card}}, {{Type}}... counting as
// non-empty ({{Tags}} only when the note has tags) and templates that fail
// to parse generating nothing. For a cloze type: one card per distinct
// cloze number in any of the note's fields (Anki looks at every field, not
// only those the template uses), ordinal number-1 capped at 499. When
// nothing qualifies, [0]: Anki always gives a new note card 0.
func CardOrdinals(qfmts []string, cloze bool, n Note) []int {
	if ords := NonEmptyOrdinals(qfmts, cloze, n); len(ords) > 0 {
		return ords
	}
	return []int{0}
}

// NonEmptyOrdinals is CardOrdinals without the card 0 fallback: the
// ordinals whose cards would not be blank, possibly none. Anki uses this
// rule when a note's existing cards are brought up to date after a note
// type change.
func NonEmptyOrdinals(qfmts []string, cloze bool, n Note) []int {
	if cloze {
		return AppendNonEmptyOrdinals(nil, nil, true, n)
	}
	fronts := make([]*Front, len(qfmts))
	for i, qfmt := range qfmts {
		fronts[i] = ParseFront(qfmt)
	}
	return AppendNonEmptyOrdinals(nil, fronts, false, n)
}

// Front is a template's front parsed once, for deciding which cards notes
// generate (AppendNonEmptyOrdinals) without parsing it for every note. A Front
// is never modified, so it may be shared.
type Front struct {
	nodes []node
	err   error // the template does not parse: it generates no card
}

// ParseFront parses a template's front (its qfmt) for
// AppendNonEmptyOrdinals.
func ParseFront(qfmt string) *Front {
	nodes, err := parse(qfmt)
	return &Front{nodes: nodes, err: err}
}

// AppendNonEmptyOrdinals appends NonEmptyOrdinals to dst, with a standard
// type's fronts parsed already (by ParseFront, in template order); a cloze
// type needs none.
func AppendNonEmptyOrdinals(dst []int, fronts []*Front, cloze bool, n Note) []int {
	ords := dst
	if cloze {
		for _, num := range clozeNumbersIn(n.FieldValues) {
			ord := min(num-1, maxClozeOrdinal)
			if !slices.Contains(ords[len(dst):], ord) {
				ords = append(ords, ord)
			}
		}
		return ords
	}
	nonEmpty := func(f string) bool { return n.nonEmptyField(f) }
	for ord, front := range fronts {
		if front.err == nil && rendersWithFields(front.nodes, nonEmpty) {
			ords = append(ords, ord)
		}
	}
	return ords
}

// nonEmptyField reports whether the field named f counts as non-empty for
// card generation: a note field by its value (the last of that name wins),
// else a special field (Tags only when the note has tags); any other name
// is empty.
func (n *Note) nonEmptyField(f string) bool {
	for i := len(n.FieldNames) - 1; i >= 0; i-- {
		if n.FieldNames[i] == f {
			return !FieldIsEmpty(valueAt(n.FieldValues, i))
		}
	}
	if f == "Tags" {
		return len(n.Tags) > 0
	}
	return slices.Contains(specialFields, f)
}

// fieldOnTemplateRe is the add-on's own pattern for modelFieldsOnTemplates.
var fieldOnTemplateRe = regexp.MustCompile(`\{\{[^#/}]+?\}\}`)

// FieldsOnTemplate is AnkiConnect's modelFieldsOnTemplates rule for one
// template: a regular expression, not a template parser. Each
// "{{...}}" without "#" or "/" inside gives the text after its last ":"
// with every brace removed (spaces, a leading "^" and repeats kept);
// FrontSide is skipped, and on the answer side so are names already on the
// question side. Both results are non-nil.
func FieldsOnTemplate(qfmt, afmt string) (question, answer []string) {
	question, answer = []string{}, []string{}
	for _, m := range fieldOnTemplateRe.FindAllString(qfmt, -1) {
		if name := fieldOnTemplateName(m); name != "FrontSide" {
			question = append(question, name)
		}
	}
	for _, m := range fieldOnTemplateRe.FindAllString(afmt, -1) {
		if name := fieldOnTemplateName(m); name != "FrontSide" && !slices.Contains(question, name) {
			answer = append(answer, name)
		}
	}
	return question, answer
}

func fieldOnTemplateName(match string) string {
	name := strings.NewReplacer("{", "", "}", "").Replace(match)
	return name[strings.LastIndexByte(name, ':')+1:]
}
