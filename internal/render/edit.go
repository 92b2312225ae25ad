package render

import (
	"slices"
	"strings"
)

// This file is the part of Anki's template language that note type editing
// uses (rslib template.rs: rename_and_remove_fields, the field reference
// queries, template_to_string and the legacy "req" requirements).

// ParsedTemplate is one side of a card template parsed as Anki parses it,
// for note type editing and checks: its fields can be renamed or removed
// and it can be written back in Anki's canonical form.
type ParsedTemplate struct{ nodes []node }

// ParseTemplate parses one side of a card template as Anki does (the
// legacy "{{=<% %>=}}" syntax included), or returns Anki's error text for
// unbalanced sections.
func ParseTemplate(text string) (*ParsedTemplate, error) {
	nodes, err := parse(text)
	if err != nil {
		return nil, err
	}
	return &ParsedTemplate{nodes: nodes}, nil
}

// RenameFields applies field renames and removals as Anki's
// rename_and_remove_fields does: changes maps an old field name to its new
// name, or to "" for a removed field (Anki field names are never empty). A
// removed replacement disappears; a removed section leaves its contents in
// place. Names not in changes are left alone.
func (t *ParsedTemplate) RenameFields(changes map[string]string) {
	t.nodes = renameNodes(t.nodes, changes)
}

func renameNodes(nodes []node, changes map[string]string) []node {
	var out []node
	for _, n := range nodes {
		if n.kind == sectionNode || n.kind == invertedNode {
			n.children = renameNodes(n.children, changes)
		}
		to, changed := changes[n.key]
		switch {
		case n.kind == textNode || !changed:
			out = append(out, n)
		case to != "":
			n.key = to
			out = append(out, n)
		case n.kind != fieldNode:
			out = append(out, n.children...)
		}
	}
	return out
}

// FieldNames lists the keys of the template's field replacements and, with
// sections, of its sections other than cloze number ones ({{#c1}}), in
// template order with repeats (Anki's all_referenced_field_names with and
// without conditionals). FrontSide and special fields are included.
func (t *ParsedTemplate) FieldNames(sections bool) []string {
	return referenced(t.nodes, false, sections, nil)
}

// ClozeFieldNames lists the fields used with the cloze filter, nested ones
// included, in template order (Anki's all_referenced_cloze_field_names).
func (t *ParsedTemplate) ClozeFieldNames() []string {
	return referenced(t.nodes, true, false, nil)
}

func referenced(nodes []node, clozeOnly, sections bool, out []string) []string {
	for _, n := range nodes {
		switch n.kind {
		case fieldNode:
			if !clozeOnly || slices.Contains(n.filters, "cloze") {
				out = append(out, n.key)
			}
		case sectionNode, invertedNode:
			if sections && !isClozeCondition(n.key) {
				out = append(out, n.key)
			}
			out = referenced(n.children, clozeOnly, sections, out)
		}
	}
	return out
}

// HasTopLevelCloze reports whether a {{cloze:...}} replacement stands
// outside any section (Anki's contains_cloze_replacement).
func (t *ParsedTemplate) HasTopLevelCloze() bool {
	return slices.ContainsFunc(t.nodes, func(n node) bool {
		return n.kind == fieldNode && slices.Contains(n.filters, "cloze")
	})
}

// AddField appends a replacement of field name, with the cloze filter when
// cloze is set (Anki's add_missing_field_replacement).
func (t *ParsedTemplate) AddField(name string, cloze bool) {
	n := node{kind: fieldNode, key: name}
	if cloze {
		n.filters = []string{"cloze"}
	}
	t.nodes = append(t.nodes, n)
}

// String writes the template back in Anki's canonical form
// (template_to_string): "{{" and "}}" delimiters, no spaces inside them,
// filters outermost first.
func (t *ParsedTemplate) String() string {
	var b strings.Builder
	writeNodes(&b, t.nodes)
	return b.String()
}

func writeNodes(b *strings.Builder, nodes []node) {
	for _, n := range nodes {
		switch n.kind {
		case textNode:
			b.WriteString(n.text)
		case fieldNode:
			b.WriteString("{{")
			for i := len(n.filters) - 1; i >= 0; i-- {
				b.WriteString(n.filters[i] + ":")
			}
			b.WriteString(n.key + "}}")
		default:
			open := "#"
			if n.kind == invertedNode {
				open = "^"
			}
			b.WriteString("{{" + open + n.key + "}}")
			writeNodes(b, n.children)
			b.WriteString("{{/" + n.key + "}}")
		}
	}
}

// IsSpecialField reports whether a template may use name without a note
// field of that name: FrontSide, Tags, Type, Deck, Subdeck, CardFlag, Card
// and CardID.
func IsSpecialField(name string) bool {
	return name == "FrontSide" || slices.Contains(specialFields, name)
}

// Kinds of a template's legacy card-generation requirement.
const (
	RequireAny  = "any"
	RequireAll  = "all"
	RequireNone = "none"
)

// Requirements is Anki's legacy "req" entry for one template front over
// a note type's fields in order: RequireAny with the fields any one of
// which makes the front non-empty; else RequireAll with the fields that
// must all be non-empty; else RequireNone (a front that fails to parse
// included). Ords are ascending and never nil.
func Requirements(qfmt string, fieldNames []string) (kind string, ords []int) {
	ords = []int{}
	nodes, err := parse(qfmt)
	if err != nil {
		return RequireNone, ords
	}
	for i, name := range fieldNames {
		if rendersWithFields(nodes, func(f string) bool { return f == name }) {
			ords = append(ords, i)
		}
	}
	if len(ords) > 0 {
		return RequireAny, ords
	}
	known := func(except string) func(string) bool {
		return func(f string) bool { return f != except && slices.Contains(fieldNames, f) }
	}
	if !rendersWithFields(nodes, known("")) {
		return RequireNone, ords
	}
	for i, name := range fieldNames {
		if !rendersWithFields(nodes, known(name)) {
			ords = append(ords, i)
		}
	}
	if len(ords) == 0 {
		return RequireNone, ords
	}
	return RequireAll, ords
}
