package render

import (
	"fmt"
	"html"
	"regexp"
	"strconv"
	"strings"
)

var (
	// htmlRe is Anki's HTML pattern (rslib text.rs): comments, style and
	// script elements with their content, then any tag.
	htmlRe = regexp.MustCompile(`(?si)(<!--.*?-->)|(<style.*?>.*?</style>)|(<script.*?>.*?</script>)|(<.*?>)`)

	// mediaTagRe is Anki's HTML_MEDIA_TAGS: an img, audio, video, object or
	// source tag with a src or data attribute, capturing the file name
	// double-quoted (1), single-quoted (2) or bare (3).
	mediaTagRe = regexp.MustCompile(`(?si)<\b(?:img|audio|video|object|source)\b(?:[^>]|"[^"]+?"|'[^']+?')+?\b(?:src|data)\b=(?:"([^"]+?)"[^>]*>|'([^']+?)'[^>]*>|([^ >]+?)(?:\x20[^>]*>|>))`)

	// mathjaxRe is Anki's MATHJAX pattern: \( ... \) or \[ ... \].
	mathjaxRe = regexp.MustCompile(`(?si)(\\[(\[])(.*?)(\\[\])])`)
)

// StripHTML is Anki's strip_html: it removes comments, style and script
// elements and every tag, then decodes entities and turns no-break spaces
// into plain spaces. As in Anki, entities are decoded strictly: when any
// "&" does not start a valid entity ending in ";" (for example "a & b"),
// the tag-stripped text is returned with no entity decoded at all. Named
// entities are those Go's html package knows (HTML5), a superset of the
// HTML4 set Anki's decoder accepts.
func StripHTML(s string) string {
	if strings.IndexByte(s, '<') >= 0 { // every part of htmlRe starts with '<'
		s = htmlRe.ReplaceAllString(s, "")
	}
	return decodeEntities(s)
}

// StripHTMLKeepMedia is Anki's strip_html_preserving_media_filenames: each
// img, audio, video, object or source tag with a src or data attribute is
// replaced by its file name surrounded by spaces, then the text goes
// through StripHTML. Sound tags such as "[sound:a.mp3]" are plain text to
// the stripper, so they are kept as they are.
func StripHTMLKeepMedia(s string) string {
	if strings.IndexByte(s, '<') >= 0 { // mediaTagRe starts with '<'
		s = mediaTagRe.ReplaceAllString(s, " ${1}${2}${3} ")
	}
	return StripHTML(s)
}

// stripHTMLInsideMathJax removes tags, but not entities, inside MathJax
// delimiters, as Anki's cloze filter does.
func stripHTMLInsideMathJax(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	return mathjaxRe.ReplaceAllStringFunc(s, func(m string) string {
		g := mathjaxRe.FindStringSubmatch(m)
		return g[1] + htmlRe.ReplaceAllString(g[2], "") + g[3]
	})
}

// decodeEntities decodes HTML entities the way Anki's decode_entities does
// (htmlescape's strict decoder): every "&" must start "&name;", "&#123;"
// or "&#x1F;"; if one does not, s is returned unchanged. U+00A0 becomes a
// space.
func decodeEntities(s string) string {
	if !strings.Contains(s, "&") {
		return s
	}
	var b strings.Builder
	rest := s
	for {
		i := strings.IndexByte(rest, '&')
		if i < 0 {
			b.WriteString(rest)
			break
		}
		b.WriteString(rest[:i])
		end := strings.IndexByte(rest[i:], ';')
		if end < 0 {
			return s
		}
		r, ok := decodeEntity(rest[i+1 : i+end])
		if !ok {
			return s
		}
		b.WriteString(r)
		rest = rest[i+end+1:]
	}
	return strings.ReplaceAll(b.String(), "\u00a0", " ")
}

// decodeEntity decodes the body of one entity (between "&" and ";").
func decodeEntity(body string) (string, bool) {
	if num, ok := strings.CutPrefix(body, "#"); ok {
		base := 10
		if hex, ok := strings.CutPrefix(num, "x"); ok {
			num, base = hex, 16
		}
		if num == "" || strings.ContainsAny(num, "+-") {
			return "", false
		}
		n, err := strconv.ParseUint(num, base, 32)
		if err != nil || n > 0x10FFFF || (n >= 0xD800 && n <= 0xDFFF) {
			return "", false
		}
		return string(rune(n)), true
	}
	for _, c := range body {
		if !isASCIIAlnum(c) {
			return "", false
		}
	}
	entity := "&" + body + ";"
	if body == "" {
		return "", false
	}
	decoded := html.UnescapeString(entity)
	return decoded, decoded != entity
}

func isASCIIAlnum(c rune) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// encodeAttribute is htmlescape's encode_attribute, which Anki uses for
// data-cloze: the five minimal entities by name, every other character
// below U+0100 that is not an ASCII letter or digit as "&#xHH;", the rest
// as is.
func encodeAttribute(s string) string {
	var b strings.Builder
	for _, c := range s {
		switch {
		case strings.ContainsRune(`"&'<>`, c):
			b.WriteString(encodeMinimal(string(c)))
		case c < 0x100 && !isASCIIAlnum(c):
			fmt.Fprintf(&b, "&#x%02X;", c)
		default:
			b.WriteRune(c)
		}
	}
	return b.String()
}

// encodeMinimal is htmlescape's encode_minimal: & < > " and ' as entities.
func encodeMinimal(s string) string {
	return minimalEscaper.Replace(s)
}

var minimalEscaper = strings.NewReplacer(`&`, "&amp;", `<`, "&lt;", `>`, "&gt;", `"`, "&quot;", `'`, "&#x27;")

var (
	soundTagRe = regexp.MustCompile(`\[sound:[^\]]+\]`)
	ttsTagRe   = regexp.MustCompile(`(?s)\[anki:tts(?:[ \t\r\n][^\]]*)?\].*?\[/anki:tts\]`)
	avTagRe    = regexp.MustCompile(soundTagRe.String() + "|" + ttsTagRe.String())
)

// extractAVTags replaces each sound tag and text-to-speech directive with
// the "[anki:play:q:N]" (or ":a:") marker Anki's renderer leaves in the
// card text, N counting from 0 on each side.
func extractAVTags(s string, question bool) string {
	if !strings.Contains(s, "[") {
		return s
	}
	side := "a"
	if question {
		side = "q"
	}
	n := 0
	return avTagRe.ReplaceAllStringFunc(s, func(string) string {
		out := "[anki:play:" + side + ":" + strconv.Itoa(n) + "]"
		n++
		return out
	})
}
