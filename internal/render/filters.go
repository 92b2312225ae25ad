package render

import (
	"encoding/hex"
	"regexp"
	"slices"
	"strings"
)

// This file is Anki's built-in field filters (rslib template_filters.rs).

// furiganaRe is Anki's ruby pattern: "base[reading]", optionally after a
// space.
var furiganaRe = regexp.MustCompile(` ?([^ >]+?)\[(.+?)\]`)

// applyFilters runs a field's filters in order. Anki maps any filter list
// ending in "type" to the type filter ("type:cloze:F" and "type:nc:F" to
// their own variants). The first filter Anki does not know is left to
// add-ons, which the fake has none of: it and the filters after it leave
// the text as it is.
func (c *context) applyFilters(text string, filters []string, field string) string {
	switch {
	case slices.Equal(filters, []string{"cloze", "type"}):
		filters = []string{"type-cloze"}
	case slices.Equal(filters, []string{"nc", "type"}):
		filters = []string{"type-nc"}
	case len(filters) > 0 && filters[len(filters)-1] == "type":
		filters = []string{"type"}
	}
	for _, f := range filters {
		out, ok := c.applyFilter(f, text, field)
		if !ok {
			break
		}
		text = out
	}
	return text
}

// applyFilter applies one built-in filter, reporting false for an unknown
// one.
func (c *context) applyFilter(name, text, field string) (string, bool) {
	switch name {
	case "":
		// "{{a::B}}" has an empty filter, which Anki ignores.
		return text, true
	case "text":
		return StripHTML(text), true
	case "furigana":
		return ruby(text, func(base, reading string) string {
			return "<ruby><rb>" + base + "</rb><rt>" + reading + "</rt></ruby>"
		}), true
	case "kanji":
		return ruby(text, func(base, _ string) string { return base }), true
	case "kana":
		return ruby(text, func(_, reading string) string { return reading }), true
	case "type":
		return "[[type:" + field + "]]", true
	case "type-cloze":
		return "[[type:cloze:" + field + "]]", true
	case "type-nc":
		return "[[type:nc:" + field + "]]", true
	case "hint":
		return hint(text, field), true
	case "cloze":
		return stripHTMLInsideMathJax(revealCloze(text, c.cardOrd+1, c.question)), true
	case "cloze-only":
		return revealClozeOnly(text, c.cardOrd+1, c.question), true
	}
	if options, ok := strings.CutPrefix(name, "tts "); ok {
		return "[anki:tts lang=" + options + "]" + text + "[/anki:tts]", true
	}
	return text, false
}

// ruby rewrites "base[reading]" pairs (not "[sound:...]" tags) with show.
func ruby(text string, show func(base, reading string) string) string {
	text = strings.ReplaceAll(text, "&nbsp;", " ")
	return furiganaRe.ReplaceAllStringFunc(text, func(m string) string {
		g := furiganaRe.FindStringSubmatch(m)
		if strings.HasPrefix(g[2], "sound:") {
			return m
		}
		return show(g[1], g[2])
	})
}

// hint is Anki's hint filter: a link that reveals the text, with a DOM id
// from the first 8 bytes of BLAKE3(text + field name). Blank text stays as
// it is.
func hint(text, field string) string {
	if strings.TrimSpace(text) == "" {
		return text
	}
	sum := blake3Sum256([]byte(text + field))
	id := hex.EncodeToString(sum[:8])
	return "\n<a class=hint href=\"#\"\nonclick=\"this.style.display='none';\ndocument.getElementById('hint" + id +
		"').style.display='block';\nreturn false;\" draggable=false>\n" + field +
		"</a>\n<div id=\"hint" + id + "\" class=hint style=\"display: none\">" + text + "</div>\n"
}
