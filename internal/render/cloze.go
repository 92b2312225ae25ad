package render

import (
	"slices"
	"strconv"
	"strings"
)

// This file is Anki's cloze handling (rslib cloze.rs): "{{c1::text}}",
// "{{c1::text::hint}}", several numbers "{{c1,2::text}}" and nesting.

// clozeNode is text, or a cloze deletion with its own nodes.
type clozeNode struct {
	text     string // when cloze is nil
	cloze    *cloze
	children []clozeNode
}

// cloze is one cloze deletion.
type cloze struct {
	ordinals []int // as written, distinct and ascending
	hint     string
	hasHint  bool
}

// maxOpenClozes is how deeply Anki nests clozes; deeper openings are
// ignored.
const maxOpenClozes = 10

// openCloze reports whether s starts with a cloze opening "{{cN::" (N a
// comma-separated list of numbers up to 65535) and returns its ordinals
// and length.
func openCloze(s string) ([]int, int, bool) {
	if !strings.HasPrefix(s, "{{c") {
		return nil, 0, false
	}
	i := 3
	for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == ',') {
		i++
	}
	var ords []int
	for _, part := range strings.Split(s[3:i], ",") {
		if n, err := strconv.ParseUint(part, 10, 16); err == nil && !slices.Contains(ords, int(n)) {
			ords = append(ords, int(n))
		}
	}
	if len(ords) == 0 || !strings.HasPrefix(s[i:], "::") {
		return nil, 0, false
	}
	slices.Sort(ords)
	return ords, i + 2, true
}

// parseClozes parses text into top-level nodes. As in Anki, a cloze that is
// never closed is dropped with its content, and a stray "}}" is text.
func parseClozes(text string) []clozeNode {
	type open struct {
		c     *cloze
		nodes []clozeNode
	}
	var stack []open
	var out []clozeNode
	emit := func(n clozeNode) {
		if len(stack) > 0 {
			stack[len(stack)-1].nodes = append(stack[len(stack)-1].nodes, n)
		} else {
			out = append(out, n)
		}
	}
	for len(text) > 0 {
		if ords, size, ok := openCloze(text); ok {
			if len(stack) < maxOpenClozes {
				stack = append(stack, open{c: &cloze{ordinals: ords}})
			}
			text = text[size:]
			continue
		}
		if strings.HasPrefix(text, "}}") {
			text = text[2:]
			if len(stack) == 0 {
				out = append(out, clozeNode{text: "}}"})
				continue
			}
			top := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			emit(clozeNode{cloze: top.c, children: top.nodes})
			continue
		}
		end := nextClozeToken(text)
		chunk := text[:end]
		text = text[end:]
		if len(stack) > 0 && !strings.HasPrefix(chunk, "image-occlusion:") {
			if head, hint, ok := strings.Cut(chunk, "::"); ok {
				chunk = head
				top := stack[len(stack)-1].c
				top.hint, top.hasHint = hint, true
			}
		}
		emit(clozeNode{text: chunk})
	}
	return out
}

// nextClozeToken returns the index of the next cloze opening or "}}" in s
// after its first byte, or len(s).
func nextClozeToken(s string) int {
	for i := 1; i < len(s); i++ {
		if s[i] == '{' {
			if _, _, ok := openCloze(s[i:]); ok {
				return i
			}
		}
		if s[i] == '}' && strings.HasPrefix(s[i:], "}}") {
			return i
		}
	}
	return len(s)
}

// ClozeNumbers returns the distinct cloze numbers in text, ascending, as
// Anki counts them: nested clozes count, "{{c1,3::x}}" counts 1 and 3, and
// number 0 and unclosed clozes do not count.
func ClozeNumbers(text string) []int {
	if !strings.Contains(text, "{{c") { // every cloze opens so
		return nil
	}
	var out []int
	addClozeNumbers(parseClozes(text), &out)
	slices.Sort(out)
	return out
}

func addClozeNumbers(nodes []clozeNode, out *[]int) {
	for _, n := range nodes {
		if n.cloze == nil {
			continue
		}
		for _, o := range n.cloze.ordinals {
			if o != 0 && !slices.Contains(*out, o) {
				*out = append(*out, o)
			}
		}
		addClozeNumbers(n.children, out)
	}
}

// hintText is the cloze's hint, or "..." when it has none.
func (c *cloze) hintText() string {
	if c.hasHint {
		return c.hint
	}
	return "..."
}

// plainText is the cloze's text with nested clozes revealed and no markup.
func plainText(nodes []clozeNode) string {
	var b strings.Builder
	for _, n := range nodes {
		if n.cloze == nil {
			b.WriteString(n.text)
		} else {
			b.WriteString(plainText(n.children))
		}
	}
	return b.String()
}

// ordinalsAttr is the data-ordinal value: the cloze's numbers, commas
// between.
func (c *cloze) ordinalsAttr() string {
	parts := make([]string, len(c.ordinals))
	for i, o := range c.ordinals {
		parts[i] = strconv.Itoa(o)
	}
	return strings.Join(parts, ",")
}

// revealCloze renders text for cloze number num on the question or answer
// side, as Anki's reveal_cloze_text. It returns "" when no cloze with that
// number is in text (Anki shows nothing then).
func revealCloze(text string, num int, question bool) string {
	var b strings.Builder
	found := false
	for _, n := range parseClozes(text) {
		if n.cloze == nil {
			b.WriteString(n.text)
		} else {
			revealOne(&b, n, num, question, &found)
		}
	}
	if !found {
		return ""
	}
	return b.String()
}

// revealOne renders one cloze: the active one as "[hint]" (question) or
// its text (answer) in a "cloze" span, others as their text in a
// "cloze-inactive" span; nested clozes render the same way.
func revealOne(b *strings.Builder, n clozeNode, num int, question bool, found *bool) {
	c := n.cloze
	active := slices.Contains(c.ordinals, num)
	*found = *found || active
	if io, ok := imageOcclusion(n); ok {
		b.WriteString(renderImageOcclusion(io, question, active, c))
		return
	}
	inner := func(w *strings.Builder) {
		for _, child := range n.children {
			if child.cloze == nil {
				w.WriteString(child.text)
			} else {
				revealOne(w, child, num, question, found)
			}
		}
	}
	switch {
	case active && question:
		var content strings.Builder
		inner(&content)
		b.WriteString(`<span class="cloze" data-cloze="` + encodeAttribute(content.String()) +
			`" data-ordinal="` + c.ordinalsAttr() + `">[` + c.hintText() + `]</span>`)
	case active:
		b.WriteString(`<span class="cloze" data-ordinal="` + c.ordinalsAttr() + `">`)
		inner(b)
		b.WriteString("</span>")
	default:
		b.WriteString(`<span class="cloze-inactive" data-ordinal="` + c.ordinalsAttr() + `">`)
		inner(b)
		b.WriteString("</span>")
	}
}

// revealClozeOnly is Anki's cloze-only filter: the hints (question) or
// texts (answer) of the clozes numbered num, joined by ", ".
func revealClozeOnly(text string, num int, question bool) string {
	var out []string
	var walk func(nodes []clozeNode)
	walk = func(nodes []clozeNode) {
		for _, n := range nodes {
			if n.cloze == nil {
				continue
			}
			if slices.Contains(n.cloze.ordinals, num) {
				if question {
					out = append(out, n.cloze.hintText())
				} else {
					out = append(out, plainText(n.children))
				}
			}
			walk(n.children)
		}
	}
	walk(parseClozes(text))
	return strings.Join(out, ", ")
}

// imageOcclusion returns the shape text of an image occlusion cloze
// ("{{c1::image-occlusion:rect:left=..}}").
func imageOcclusion(n clozeNode) (string, bool) {
	if len(n.children) == 0 || n.children[0].cloze != nil {
		return "", false
	}
	return strings.CutPrefix(n.children[0].text, "image-occlusion:")
}

// renderImageOcclusion renders an image occlusion shape as Anki's
// render_image_occlusion: a div whose class tells the reviewer's script
// how to draw it.
func renderImageOcclusion(text string, question, active bool, c *cloze) string {
	class := ""
	switch {
	case question && active || slices.Contains(c.ordinals, 0):
		class = "cloze"
	case !active:
		class = "cloze-inactive"
	default:
		class = "cloze-highlight"
	}
	return `<div class="` + class + `" data-ordinal="` + c.ordinalsAttr() + `" ` + imageClozeData(text) + `></div>`
}

// imageClozeData converts "rect:left=.2:top=.3:width=.2:height=.1" into
// data- attributes, as Anki's get_image_cloze_data. Property values may
// escape ":" and "\" with a backslash.
func imageClozeData(text string) string {
	shape, rest, ok := strings.Cut(text, ":")
	if !ok {
		return ""
	}
	var b strings.Builder
	switch shape {
	case "rect", "ellipse", "polygon", "text":
		b.WriteString(`data-shape="` + shape + `" `)
	}
	rest = ":" + rest
	for {
		name, value, remaining, ok := imageProperty(rest)
		if !ok {
			break
		}
		rest = remaining
		attr, keep := imagePropertyAttr(name, value)
		if keep {
			b.WriteString(attr)
		}
	}
	return b.String()
}

// imageProperty parses ":name=value" at the start of s, the value running
// to the next unescaped ":".
func imageProperty(s string) (name, value, rest string, ok bool) {
	s, ok = strings.CutPrefix(s, ":")
	if !ok {
		return "", "", "", false
	}
	eq := strings.IndexByte(s, '=')
	if eq <= 0 {
		return "", "", "", false
	}
	name, s = s[:eq], s[eq+1:]
	var v strings.Builder
	i := 0
	for i < len(s) && s[i] != ':' {
		if s[i] == '\\' {
			if i+1 == len(s) || s[i+1] != '\\' && s[i+1] != ':' {
				// Anki's parser fails on a bad escape, ending the list.
				return "", "", "", false
			}
			v.WriteByte(s[i+1])
			i += 2
			continue
		}
		v.WriteByte(s[i])
		i++
	}
	return name, v.String(), s[i:], true
}

// imagePropertyAttr is the data- attribute for one shape property, if
// Anki writes one for it.
func imagePropertyAttr(name, value string) (string, bool) {
	emptyOrZero := value == "" || value == "0"
	attr := func(n, v string) (string, bool) { return "data-" + n + `="` + v + `" `, true }
	switch name {
	case "left", "top", "angle", "fill":
		if value != "" {
			return attr(name, value)
		}
	case "width", "height", "rx", "ry", "scale":
		if !emptyOrZero {
			return attr(name, value)
		}
	case "points":
		var pts []string
		for _, pair := range strings.Split(value, " ") {
			if x, y, ok := strings.Cut(pair, ","); ok {
				pts = append(pts, x+","+y)
			}
		}
		if len(pts) > 0 {
			return attr("points", strings.Join(pts, " "))
		}
	case "oi":
		if value != "" {
			return attr("occludeInactive", value)
		}
	case "text":
		if value != "" {
			return attr("text", encodeAttribute(value))
		}
	case "fs":
		if value != "" {
			return attr("font-size", value)
		}
	}
	return "", false
}
