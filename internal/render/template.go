package render

import (
	"strconv"
	"strings"
	"unicode"
)

// This file is Anki's template language (rslib template.rs): lexing,
// parsing, the "is the front empty" check and rendering.

// nodeKind tells what a parsed template node is.
type nodeKind int

const (
	textNode     nodeKind = iota // literal text, HTML comments included
	fieldNode                    // {{filters:Key}}
	sectionNode                  // {{#Key}} ... {{/Key}}
	invertedNode                 // {{^Key}} ... {{/Key}}
)

// node is one parsed template node.
type node struct {
	kind     nodeKind
	text     string   // textNode
	key      string   // field name (fieldNode) or condition (sections)
	filters  []string // fieldNode: in the order they apply (innermost first)
	children []node   // sections
}

// templateError is an error in a template, described in Anki's English
// words (ftl/core/card-template-rendering.ftl).
type templateError struct{ msg string }

func (e *templateError) Error() string { return e.msg }

const (
	altDirective = "{{=<% %>=}}"
	commentOpen  = "<!--"
	commentClose = "-->"
)

// tokenKind tells what a lexed token is.
type tokenKind int

const (
	textTok tokenKind = iota
	replaceTok
	openTok
	invertTok
	closeTok
)

type token struct {
	kind tokenKind
	text string
}

// lex splits a template into tokens as Anki's lexer does: at each
// position a "{{...}}" (or "<%...%>" after the legacy "{{=<% %>=}}"
// directive) is tried first, then an HTML comment, which stays in the text
// unparsed; anything else is text.
func lex(tmpl string) []token {
	open, close := "{{", "}}"
	if trimmed := strings.TrimLeftFunc(tmpl, unicode.IsSpace); strings.HasPrefix(trimmed, altDirective) {
		for strings.HasPrefix(trimmed, altDirective) {
			trimmed = trimmed[len(altDirective):]
		}
		tmpl, open, close = trimmed, "<%", "%>"
	}
	// A handlebar or comment can only start before the last closing
	// delimiter; this keeps unclosed openers from making lexing quadratic.
	lastClose := strings.LastIndex(tmpl, close)
	lastCommentClose := strings.LastIndex(tmpl, commentClose)
	var out []token
	textStart := 0
	for i := 0; i < len(tmpl); {
		rest := tmpl[i:]
		var tok token
		var size int
		switch {
		case strings.HasPrefix(rest, open) && i+len(open) <= lastClose:
			end := strings.Index(rest[len(open):], close)
			inner := rest[len(open) : len(open)+end]
			tok, size = classify(inner), len(open)+end+len(close)
		case strings.HasPrefix(rest, commentOpen) && i+len(commentOpen) <= lastCommentClose:
			// A comment stays in the text, its handlebars never parsed.
			i += len(commentOpen) + strings.Index(rest[len(commentOpen):], commentClose) + len(commentClose)
			continue
		default:
			i++
			continue
		}
		if textStart < i {
			out = append(out, token{kind: textTok, text: tmpl[textStart:i]})
		}
		out = append(out, tok)
		i += size
		textStart = i
	}
	if textStart < len(tmpl) {
		out = append(out, token{kind: textTok, text: tmpl[textStart:]})
	}
	return out
}

// classify sorts a handlebar's inside by its leading character, as Anki's
// classify_handle: leading "{" and surrounding spaces are dropped; "#",
// "/" and "^" open, close and invert a section unless the rest is shorter
// than two bytes.
func classify(s string) token {
	start := strings.TrimSpace(strings.TrimLeft(s, "{"))
	if len(start) < 2 {
		return token{kind: replaceTok, text: start}
	}
	rest := strings.TrimLeftFunc(start[1:], unicode.IsSpace)
	switch start[0] {
	case '#':
		return token{kind: openTok, text: rest}
	case '/':
		return token{kind: closeTok, text: rest}
	case '^':
		return token{kind: invertTok, text: rest}
	}
	return token{kind: replaceTok, text: start}
}

// parse parses a template into nodes, or returns Anki's error for
// unbalanced sections.
func parse(tmpl string) ([]node, error) {
	nodes, _, err := parseNodes(lex(tmpl), "", false)
	return nodes, err
}

// parseNodes parses tokens until the end, or until the closing tag of the
// open section named open (when inSection).
func parseNodes(toks []token, open string, inSection bool) ([]node, []token, error) {
	var nodes []node
	for len(toks) > 0 {
		t := toks[0]
		toks = toks[1:]
		switch t.kind {
		case textTok:
			nodes = append(nodes, node{kind: textNode, text: t.text})
		case replaceTok:
			parts := strings.Split(t.text, ":")
			n := node{kind: fieldNode, key: parts[len(parts)-1]}
			for i := len(parts) - 2; i >= 0; i-- {
				n.filters = append(n.filters, parts[i])
			}
			nodes = append(nodes, n)
		case openTok, invertTok:
			children, rest, err := parseNodes(toks, t.text, true)
			if err != nil {
				return nil, nil, err
			}
			kind := sectionNode
			if t.kind == invertTok {
				kind = invertedNode
			}
			nodes = append(nodes, node{kind: kind, key: t.text, children: children})
			toks = rest
		case closeTok:
			if inSection && t.text == open {
				return nodes, toks, nil
			}
			if inSection {
				return nil, nil, &templateError{msg: "Found '{{/" + t.text + "}}', but expected '{{/" + open + "}}'"}
			}
			return nil, nil, &templateError{msg: "Found '{{/" + t.text + "}}', but missing '{{#" + t.text + "}}' or '{{^" + t.text + "}}'"}
		}
	}
	if inSection {
		return nil, nil, &templateError{msg: "Missing '{{/" + open + "}}'"}
	}
	return nodes, nil, nil
}

// rendersWithFields is Anki's renders_with_fields: whether the template
// shows at least one non-empty field, sections taken into account.
func rendersWithFields(nodes []node, nonEmpty func(string) bool) bool {
	for _, n := range nodes {
		switch n.kind {
		case fieldNode:
			if nonEmpty(n.key) {
				return true
			}
		case sectionNode, invertedNode:
			if nonEmpty(n.key) == (n.kind == sectionNode) && rendersWithFields(n.children, nonEmpty) {
				return true
			}
		}
	}
	return false
}

// context holds what one side of a card renders with.
type context struct {
	fields    map[string]string
	nonEmpty  map[string]bool
	cardOrd   int
	question  bool
	frontSide string // the rendered question, on the answer side
}

// renderNodes writes the rendered nodes to b.
func (c *context) renderNodes(b *strings.Builder, nodes []node) error {
	for _, n := range nodes {
		switch n.kind {
		case textNode:
			b.WriteString(n.text)
		case fieldNode:
			if err := c.renderField(b, n); err != nil {
				return err
			}
		case sectionNode, invertedNode:
			show, err := c.condition(n.key, n.kind == invertedNode)
			if err != nil {
				return err
			}
			target := b
			if !show {
				// Anki still checks a hidden section for errors.
				target = &strings.Builder{}
			}
			if err := c.renderNodes(target, n.children); err != nil {
				return err
			}
		}
	}
	return nil
}

// renderField renders one {{filters:Field}} replacement.
func (c *context) renderField(b *strings.Builder, n node) error {
	if n.key == "FrontSide" {
		// FrontSide ignores filters; it is empty on the question side.
		if !c.question {
			b.WriteString(c.frontSide)
		}
		return nil
	}
	if n.key == "" && len(n.filters) > 0 {
		// A filter with no field (e.g. "{{tts-voices:}}") is left to
		// add-ons, which the fake has none of: it renders nothing.
		return nil
	}
	value, ok := c.fields[n.key]
	if !ok {
		var found strings.Builder
		for i := len(n.filters) - 1; i >= 0; i-- {
			found.WriteString(n.filters[i] + ":")
		}
		return &templateError{msg: "Found '{{" + found.String() + n.key + "}}', but there is no field called '" + n.key + "'"}
	}
	b.WriteString(c.applyFilters(value, n.filters, n.key))
	return nil
}

// condition evaluates a section's condition: a non-empty field is true, an
// empty field, or a cloze number condition such as "c2" that is not the
// card's, is false; an unknown name is an error.
func (c *context) condition(key string, inverted bool) (bool, error) {
	if c.nonEmpty[key] {
		return !inverted, nil
	}
	if _, ok := c.fields[key]; ok || isClozeCondition(key) {
		return inverted, nil
	}
	prefix := "#"
	if inverted {
		prefix = "^"
	}
	return false, &templateError{msg: "Found '{{" + prefix + key + "}}', but there is no field called '" + key + "'"}
}

// isClozeCondition reports whether key is "c" followed by a number, as
// Anki's is_cloze_conditional (Rust's u32 parsing allows one leading "+").
func isClozeCondition(key string) bool {
	num, ok := strings.CutPrefix(key, "c")
	if !ok {
		return false
	}
	num = strings.TrimPrefix(num, "+")
	if num == "" || num[0] == '+' || num[0] == '-' {
		return false
	}
	_, err := strconv.ParseUint(num, 10, 32)
	return err == nil
}
