package collection

// INTERIM: internal/render (Anki's template rendering and card generation
// rules) had not landed when this package was written. This file holds the
// few template operations the collection needs, kept deliberately small:
// field replacements (filters ignored except cloze and type), {{#F}} and
// {{^F}} sections, {{FrontSide}}, {{Tags}}, {{Deck}}, {{Subdeck}},
// {{Card}}, {{Type}}, cloze deletions (hints, active and inactive spans) and
// {{type:F}} as a "[[type:F]]" marker. It is to be replaced by calls to
// internal/render (render.Card, render.CardOrdinals, render.StripHTML*,
// render.ClozeNumbers) as soon as that package exists; every caller goes
// through the functions below, so the swap touches this file only.

import (
	"html"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

var (
	mediaImgRe = regexp.MustCompile(`(?i)<img[^>]*?\bsrc\s*=\s*["']?([^"'>\s]+)[^>]*>`)
	htmlTagRe  = regexp.MustCompile(`(?s)<!--.*?-->|<style.*?</style>|<script.*?</script>|<[^>]*>`)
	clozeRe    = regexp.MustCompile(`(?s)\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}`)
	clozeOpen  = regexp.MustCompile(`\{\{c\d+::`)
	tagRe      = regexp.MustCompile(`\{\{([^{}]*)\}\}`)
)

// stripHTMLKeepMedia strips HTML, keeping the file names of images, and
// decodes entities.
func stripHTMLKeepMedia(s string) string {
	s = mediaImgRe.ReplaceAllString(s, " $1 ")
	return html.UnescapeString(htmlTagRe.ReplaceAllString(s, ""))
}

// containsCloze reports whether a field holds a cloze deletion opening.
func containsCloze(s string) bool { return clozeOpen.MatchString(s) }

// clozeNumbers returns the distinct cloze numbers in s, ascending.
func clozeNumbers(s string) []int {
	seen := map[int]bool{}
	var out []int
	for _, m := range clozeRe.FindAllStringSubmatch(s, -1) {
		if n, err := strconv.Atoi(m[1]); err == nil && n > 0 && !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	sort.Ints(out)
	return out
}

// tmplToken is one piece of a template: text, or a {{tag}} split into its
// section marker ('#', '^', '/' or 0), filters and field name.
type tmplToken struct {
	text    string
	isTag   bool
	section byte
	filters []string
	field   string
}

func tokenize(tmpl string) []tmplToken {
	var out []tmplToken
	last := 0
	for _, loc := range tagRe.FindAllStringSubmatchIndex(tmpl, -1) {
		out = append(out, tmplToken{text: tmpl[last:loc[0]]})
		inner := strings.TrimSpace(tmpl[loc[2]:loc[3]])
		tok := tmplToken{isTag: true, text: tmpl[loc[0]:loc[1]]}
		if inner != "" && strings.ContainsRune("#^/", rune(inner[0])) {
			tok.section, inner = inner[0], strings.TrimSpace(inner[1:])
		}
		parts := strings.Split(inner, ":")
		tok.field = strings.TrimSpace(parts[len(parts)-1])
		tok.filters = parts[:len(parts)-1]
		out = append(out, tok)
		last = loc[1]
	}
	return append(out, tmplToken{text: tmpl[last:]})
}

// walk visits the tokens that a template shows for the given field
// predicate, skipping sections whose condition fails.
func walk(tokens []tmplToken, nonEmpty func(field string) bool, visit func(tmplToken)) {
	skip := 0
	var stack []string
	for _, t := range tokens {
		switch {
		case t.isTag && (t.section == '#' || t.section == '^'):
			stack = append(stack, t.field)
			if skip > 0 || nonEmpty(t.field) != (t.section == '#') {
				skip++
			}
		case t.isTag && t.section == '/':
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
				if skip > 0 {
					skip--
				}
			}
		case skip == 0:
			visit(t)
		}
	}
}

// frontNonEmpty reports whether a template's front shows a non-empty field
// (Anki's rule for generating a card).
func frontNonEmpty(qfmt string, nonEmpty func(field string) bool) bool {
	found := false
	walk(tokenize(qfmt), nonEmpty, func(t tmplToken) {
		if t.isTag && nonEmpty(t.field) {
			found = true
		}
	})
	return found
}

// fieldPredicate tells which of m's fields are non-empty in values.
func fieldPredicate(m *Model, values []string) func(string) bool {
	return func(name string) bool {
		i := m.FieldIndex(name)
		return i >= 0 && i < len(values) && strings.TrimSpace(stripHTMLKeepMedia(values[i])) != ""
	}
}

// modelClozeFields returns the names of the fields that {{cloze:...}} uses
// in m's templates.
func modelClozeFields(m *Model) map[string]bool {
	out := map[string]bool{}
	for _, t := range m.Templates {
		for _, tok := range tokenize(t.Qfmt + t.Afmt) {
			for _, f := range tok.filters {
				if strings.TrimSpace(f) == "cloze" {
					out[tok.field] = true
				}
			}
		}
	}
	return out
}

// cardOrdinals returns the ords of the cards n should have: for a cloze type
// each cloze number - 1 found in its cloze fields, otherwise each template
// whose front shows a non-empty field.
func (c *Collection) cardOrdinals(n *Note, m *Model) []int {
	var ords []int
	if m.IsCloze() {
		seen := map[int]bool{}
		for name := range modelClozeFields(m) {
			if i := m.FieldIndex(name); i >= 0 && i < len(n.Fields) {
				for _, num := range clozeNumbers(n.Fields[i]) {
					seen[num-1] = true
				}
			}
		}
		for ord := range seen {
			ords = append(ords, ord)
		}
		sort.Ints(ords)
		return ords
	}
	nonEmpty := fieldPredicate(m, n.Fields)
	for i, t := range m.Templates {
		if frontNonEmpty(t.Qfmt, nonEmpty) {
			ords = append(ords, i)
		}
	}
	return ords
}

// requirements computes the legacy "req" list: per template, the fields any
// of which makes the front non-empty ("any"), else the fields all of which
// are needed ("all"), else "none".
func (m *Model) requirements() Requirements {
	out := make(Requirements, len(m.Templates))
	for i, t := range m.Templates {
		var anyOf []int
		for j, f := range m.Fields {
			if frontNonEmpty(t.Qfmt, func(name string) bool { return name == f.Name }) {
				anyOf = append(anyOf, j)
			}
		}
		if len(anyOf) > 0 {
			out[i] = []any{i, "any", anyOf}
			continue
		}
		allOf := []int{}
		all := func(except string) func(string) bool {
			return func(name string) bool { return name != except && m.FieldIndex(name) >= 0 }
		}
		if frontNonEmpty(t.Qfmt, all("")) {
			for j, f := range m.Fields {
				if !frontNonEmpty(t.Qfmt, all(f.Name)) {
					allOf = append(allOf, j)
				}
			}
		}
		kind := "all"
		if len(allOf) == 0 {
			kind = "none"
		}
		out[i] = []any{i, kind, allOf}
	}
	return out
}

// RenderCard returns the card's question and answer HTML (without the
// <style> prefix cardsInfo adds). A card whose template no longer exists
// renders empty.
func (c *Collection) RenderCard(card *Card) (question, answer string) {
	n := card.note
	m := c.models[n.ModelID]
	t := m.Templates[0]
	if !m.IsCloze() {
		if card.Ord >= len(m.Templates) {
			return "", ""
		}
		t = m.Templates[card.Ord]
	}
	deck := c.DeckOrDefault(card.DeckID)
	special := map[string]string{
		"Tags": strings.Join(n.Tags, " "), "Deck": deck.Name, "Subdeck": deck.Leaf(),
		"Card": t.Name, "Type": m.Name,
	}
	question = c.renderSide(t.Qfmt, m, n, card, special, false)
	special["FrontSide"] = question
	answer = c.renderSide(t.Afmt, m, n, card, special, true)
	return question, answer
}

func (c *Collection) renderSide(tmpl string, m *Model, n *Note, card *Card, special map[string]string, back bool) string {
	var b strings.Builder
	value := func(name string) (string, bool) {
		if i := m.FieldIndex(name); i >= 0 && i < len(n.Fields) {
			return n.Fields[i], true
		}
		v, ok := special[name]
		return v, ok
	}
	nonEmpty := func(name string) bool {
		v, _ := value(name)
		return strings.TrimSpace(stripHTMLKeepMedia(v)) != ""
	}
	walk(tokenize(tmpl), nonEmpty, func(t tmplToken) {
		if !t.isTag {
			b.WriteString(t.text)
			return
		}
		v, ok := value(t.field)
		switch {
		case !ok:
			b.WriteString("{unknown field " + t.field + "}")
		case hasFilter(t.filters, "cloze"):
			b.WriteString(renderCloze(v, card.Ord+1, back))
		case hasFilter(t.filters, "type"):
			b.WriteString("[[type:" + t.field + "]]")
		default:
			b.WriteString(v)
		}
	})
	return b.String()
}

func hasFilter(filters []string, name string) bool {
	for _, f := range filters {
		if strings.TrimSpace(f) == name {
			return true
		}
	}
	return false
}

// renderCloze shows cloze number active as "[...]" (or its hint) on the
// front and as its text on the back; other clozes show their text.
func renderCloze(text string, active int, back bool) string {
	return clozeRe.ReplaceAllStringFunc(text, func(s string) string {
		m := clozeRe.FindStringSubmatch(s)
		num, _ := strconv.Atoi(m[1])
		switch {
		case num != active:
			return `<span class="cloze-inactive" data-ordinal="` + m[1] + `">` + m[2] + `</span>`
		case back:
			return `<span class="cloze" data-ordinal="` + m[1] + `">` + m[2] + `</span>`
		}
		hint := "..."
		if m[3] != "" {
			hint = m[3]
		}
		return `<span class="cloze" data-cloze="` + html.EscapeString(m[2]) + `" data-ordinal="` + m[1] + `">[` + hint + `]</span>`
	})
}
