package render

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Stock templates of a fresh collection (wire spec section 4.1).
const (
	basicQ      = "{{Front}}"
	basicA      = "{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}"
	reverseQ    = "{{Back}}"
	reverseA    = "{{FrontSide}}\n\n<hr id=answer>\n\n{{Front}}"
	optionalQ   = "{{#Add Reverse}}{{Back}}{{/Add Reverse}}"
	typingQ     = "{{Front}}\n\n{{type:Back}}"
	typingA     = "{{Front}}\n\n<hr id=answer>\n\n{{type:Back}}"
	clozeQ      = "{{cloze:Text}}"
	clozeA      = "{{cloze:Text}}<br>\n{{Back Extra}}"
	occlusionQ  = "{{#Header}}<div>{{Header}}</div>{{/Header}}\n<div style=\"display: none\">{{cloze:Occlusion}}</div>\n<div id=\"image-occlusion-container\">\n    {{Image}}\n</div>"
	occlusionA  = "{{#Header}}<div>{{Header}}</div>{{/Header}}\n<div style=\"display: none\">{{cloze:Occlusion}}</div>\n<div id=\"image-occlusion-container\">\n    {{Image}}\n</div>\n{{#Back Extra}}<div>{{Back Extra}}</div>{{/Back Extra}}"
	blankNotice = "<div>The front of this card is blank.<br><a href='https://docs.ankiweb.net/templates/errors.html#front-of-card-is-blank'>More information</a></div>"
)

func basicNote(front, back string) Note {
	return Note{FieldNames: []string{"Front", "Back"}, FieldValues: []string{front, back},
		NoteType: "Basic", Deck: "Default", CardName: "Card 1"}
}

func clozeNote(text, extra string) Note {
	return Note{FieldNames: []string{"Text", "Back Extra"}, FieldValues: []string{text, extra},
		NoteType: "Cloze", Deck: "Default", CardName: "Cloze", Cloze: true}
}

// frontErr is Anki's error text for a problem in the front template.
func frontErr(detail string) string {
	return "Front template has a problem:<br>" + detail +
		"<br><a href='https://docs.ankiweb.net/templates/errors.html#template-syntax-error'>More information</a>"
}

type cardCase struct {
	name       string
	qfmt, afmt string
	ord        int
	note       Note
	wantQ      string
	wantA      string
	both       string // when set, the expected question and answer
}

func runCardCases(t *testing.T, cases []cardCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			q, a := Card(tc.qfmt, tc.afmt, tc.ord, tc.note)
			if tc.both != "" {
				tc.wantQ, tc.wantA = tc.both, tc.both
			}
			if diff := cmp.Diff(tc.wantQ, q); diff != "" {
				t.Errorf("question (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.wantA, a); diff != "" {
				t.Errorf("answer (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCardStockTypes(t *testing.T) {
	optional := Note{FieldNames: []string{"Front", "Back", "Add Reverse"}, FieldValues: []string{"front", "back", "y"}}
	occlusion := Note{FieldNames: []string{"Occlusion", "Image", "Header", "Back Extra", "Comments"},
		FieldValues: []string{"{{c1::image-occlusion:rect:left=.1:top=.2:width=.3:height=.4:oi=1}}", `<img src="x.png">`, "", "", ""},
		Cloze:       true}
	runCardCases(t, []cardCase{
		{name: "Basic", qfmt: basicQ, afmt: basicA, note: basicNote("front", "back"),
			wantQ: "front", wantA: "front\n\n<hr id=answer>\n\nback"},
		{name: "Basic and reversed, card 2", qfmt: reverseQ, afmt: reverseA, ord: 1, note: basicNote("front", "back"),
			wantQ: "back", wantA: "back\n\n<hr id=answer>\n\nfront"},
		{name: "optional reversed, card 2", qfmt: optionalQ, afmt: reverseA, ord: 1, note: optional,
			wantQ: "back", wantA: "back\n\n<hr id=answer>\n\nfront"},
		{name: "type in the answer", qfmt: typingQ, afmt: typingA, note: basicNote("front", "back"),
			wantQ: "front\n\n[[type:Back]]", wantA: "front\n\n<hr id=answer>\n\n[[type:Back]]"},
		{name: "Cloze c1", qfmt: clozeQ, afmt: clozeA, note: clozeNote("{{c1::Paris}} is in {{c2::France::country}}", "extra"),
			wantQ: `<span class="cloze" data-cloze="Paris" data-ordinal="1">[...]</span> is in <span class="cloze-inactive" data-ordinal="2">France</span>`,
			wantA: `<span class="cloze" data-ordinal="1">Paris</span> is in <span class="cloze-inactive" data-ordinal="2">France</span><br>` + "\nextra"},
		{name: "Cloze c2 with hint", qfmt: clozeQ, afmt: clozeA, ord: 1, note: clozeNote("{{c1::Paris}} is in {{c2::France::country}}", ""),
			wantQ: `<span class="cloze-inactive" data-ordinal="1">Paris</span> is in <span class="cloze" data-cloze="France" data-ordinal="2">[country]</span>`,
			wantA: `<span class="cloze-inactive" data-ordinal="1">Paris</span> is in <span class="cloze" data-ordinal="2">France</span><br>` + "\n"},
		{name: "Image Occlusion", qfmt: occlusionQ, afmt: occlusionA, note: occlusion,
			wantQ: "\n" + `<div style="display: none"><div class="cloze" data-ordinal="1" data-shape="rect" data-left=".1" data-top=".2" data-width=".3" data-height=".4" data-occludeInactive="1" ></div></div>` +
				"\n" + `<div id="image-occlusion-container">` + "\n    " + `<img src="x.png">` + "\n</div>",
			wantA: "\n" + `<div style="display: none"><div class="cloze-highlight" data-ordinal="1" data-shape="rect" data-left=".1" data-top=".2" data-width=".3" data-height=".4" data-occludeInactive="1" ></div></div>` +
				"\n" + `<div id="image-occlusion-container">` + "\n    " + `<img src="x.png">` + "\n</div>\n"},
	})
}

func TestCardFieldsAndSections(t *testing.T) {
	n := basicNote("front", "back")
	n.Tags = []string{"tag1", "Tag2"}
	n.Deck = "Lang::Japanese::Verbs"
	n.CardFlag = 3
	n.CardID = 1700000000000
	runCardCases(t, []cardCase{
		{name: "field names are case-sensitive", qfmt: "{{front}}", afmt: "x", note: n,
			both: frontErr("Found &#x27;{{front}}&#x27;, but there is no field called &#x27;front&#x27;")},
		{name: "unknown field with filters keeps them in the message", qfmt: "{{text:hint:Nope}}", afmt: "", note: n,
			both: frontErr("Found &#x27;{{text:hint:Nope}}&#x27;, but there is no field called &#x27;Nope&#x27;")},
		{name: "error on the back replaces both sides", qfmt: "{{Front}}", afmt: "{{Nope}}", note: n,
			both: "Back template has a problem:<br>Found &#x27;{{Nope}}&#x27;, but there is no field called &#x27;Nope&#x27;<br><a href='https://docs.ankiweb.net/templates/errors.html#template-syntax-error'>More information</a>"},
		{name: "spaces inside braces are trimmed", qfmt: "{{ Front }}|{{#  Back }}b{{/Back}}", afmt: "", note: n,
			wantQ: "front|b", wantA: ""},
		{name: "special fields", qfmt: "{{Tags}}|{{Deck}}|{{Subdeck}}|{{Type}}|{{Card}}|{{CardFlag}}|{{CardID}}|{{c1}}", afmt: "", note: n,
			wantQ: "tag1 Tag2|Lang::Japanese::Verbs|Verbs|Basic|Card 1|flag3|1700000000000|1", wantA: ""},
		{name: "a note field shadows a special field", qfmt: "{{Deck}}", afmt: "",
			note:  Note{FieldNames: []string{"Deck"}, FieldValues: []string{"mine"}, Deck: "Default"},
			wantQ: "mine", wantA: ""},
		{name: "FrontSide is empty on the question side", qfmt: "{{Front}}[{{FrontSide}}]", afmt: "{{FrontSide}}", note: n,
			both: "front[]"},
		{name: "FrontSide ignores filters", qfmt: "<b>{{Front}}</b>", afmt: "{{text:FrontSide}}", note: n,
			both: "<b>front</b>"},
		{name: "section shown", qfmt: "{{Front}}{{#Back}}+{{Back}}{{/Back}}", afmt: "", note: n,
			wantQ: "front+back", wantA: ""},
		{name: "section hidden, inverted shown", qfmt: "{{Front}}{{#Back}}+{{Back}}{{/Back}}{{^Back}}(none){{/Back}}", afmt: "",
			note: basicNote("front", " <br> <div></div>\n"), wantQ: "front(none)", wantA: ""},
		{name: "<b></b> is not empty", qfmt: "{{#Back}}shown{{Back}}{{/Back}}", afmt: "", note: basicNote("f", "<b></b>"),
			wantQ: "shown<b></b>", wantA: ""},
		{name: "a section of text only is a blank front", qfmt: "{{#Back}}shown{{/Back}}", afmt: "", note: basicNote("f", "b"),
			wantQ: "shown" + blankNotice, wantA: blankNotice},
		{name: "a hidden section is still checked for errors", qfmt: "{{Front}}{{#Back}}{{Nope}}{{/Back}}", afmt: "", note: basicNote("f", ""),
			both: frontErr("Found &#x27;{{Nope}}&#x27;, but there is no field called &#x27;Nope&#x27;")},
		{name: "section on an unknown field", qfmt: "{{#Nope}}x{{/Nope}}", afmt: "", note: n,
			both: frontErr("Found &#x27;{{#Nope}}&#x27;, but there is no field called &#x27;Nope&#x27;")},
		{name: "unclosed section", qfmt: "{{#Front}}x", afmt: "", note: n,
			both: frontErr("Missing &#x27;{{/Front}}&#x27;")},
		{name: "wrong section closed", qfmt: "{{#Front}}x{{/Back}}", afmt: "", note: n,
			both: frontErr("Found &#x27;{{/Back}}&#x27;, but expected &#x27;{{/Front}}&#x27;")},
		{name: "section closed but never opened", qfmt: "x{{/Back}}", afmt: "", note: n,
			both: frontErr("Found &#x27;{{/Back}}&#x27;, but missing &#x27;{{#Back}}&#x27; or &#x27;{{^Back}}&#x27;")},
		{name: "comments are kept and not parsed", qfmt: "{{Front}}<!-- {{Nope}} -->", afmt: "", note: n,
			wantQ: "front<!-- {{Nope}} -->", wantA: ""},
		{name: "unclosed braces are text", qfmt: "{{Front}} {{Back", afmt: "", note: n,
			wantQ: "front {{Back", wantA: ""},
		{name: "legacy alternative delimiters", qfmt: "  {{=<% %>=}}<%Front%> {{Back}}", afmt: "", note: n,
			wantQ: "front {{Back}}", wantA: ""},
		{name: "sound tags become play markers", qfmt: "{{Front}}", afmt: "{{FrontSide}}<hr>{{Back}}",
			note:  basicNote("hi [sound:a.mp3][sound:b.mp3]", "[sound:c.mp3]"),
			wantQ: "hi [anki:play:q:0][anki:play:q:1]", wantA: "hi [anki:play:q:0][anki:play:q:1]<hr>[anki:play:a:0]"},
		{name: "cloze conditionals", qfmt: "{{#c1}}one{{/c1}}{{#c2}}two{{/c2}}{{^c2}}!{{/c2}}{{Front}}", afmt: "", note: n,
			wantQ: "one!front", wantA: ""},
	})
}

func TestCardBlankFront(t *testing.T) {
	runCardCases(t, []cardCase{
		{name: "empty front field", qfmt: basicQ, afmt: basicA, note: basicNote("", "back"),
			both: blankNotice},
		{name: "text around an empty field", qfmt: "Q: {{Front}}", afmt: basicA, note: basicNote(" ", "back"),
			wantQ: "Q:  " + blankNotice, wantA: blankNotice},
		{name: "optional reverse without the flag", qfmt: optionalQ, afmt: reverseA, ord: 1,
			note: Note{FieldNames: []string{"Front", "Back", "Add Reverse"}, FieldValues: []string{"f", "b", ""}},
			both: blankNotice},
		{name: "special field makes a front non-empty", qfmt: "{{Deck}}", afmt: "x", note: basicNote("", ""),
			wantQ: "Default", wantA: "x"},
		{name: "cloze number in no field", qfmt: clozeQ, afmt: clozeA, ord: 2, note: clozeNote("{{c1::a}}", ""),
			both: "<div>No cloze 3 found on card.\nPlease either add a cloze deletion, or use the Empty Cards tool.<br><a href='https://docs.ankiweb.net/templates/errors.html#no-cloze-filter-on-cloze-note-type'>More information</a></div>"},
		{name: "cloze number only in another field renders empty", qfmt: clozeQ, afmt: clozeA, ord: 1, note: clozeNote("{{c1::a}}", "{{c2::b}}"),
			wantQ: "", wantA: "<br>\n{{c2::b}}"},
	})
}

func TestCardFilters(t *testing.T) {
	n := basicNote("<b>bold</b> &amp; co", "日本[にほん] 語[ご]")
	hintID := "83fe48607f0f3a66" // Anki's own test: hint_filter("foo", "field")
	hintNote := Note{FieldNames: []string{"field"}, FieldValues: []string{"foo"}}
	runCardCases(t, []cardCase{
		{name: "text", qfmt: "{{text:Front}}", afmt: "", note: n, wantQ: "bold & co", wantA: ""},
		{name: "furigana", qfmt: "{{furigana:Back}}", afmt: "", note: n,
			wantQ: "<ruby><rb>日本</rb><rt>にほん</rt></ruby><ruby><rb>語</rb><rt>ご</rt></ruby>", wantA: ""},
		{name: "kana", qfmt: "{{kana:Back}}", afmt: "", note: n, wantQ: "にほんご", wantA: ""},
		{name: "kanji", qfmt: "{{kanji:Back}}", afmt: "", note: n, wantQ: "日本語", wantA: ""},
		{name: "furigana leaves sound tags", qfmt: "{{kana:Front}}", afmt: "", note: basicNote("x[sound:a.mp3]", ""),
			wantQ: "x[anki:play:q:0]", wantA: ""},
		{name: "hint", qfmt: "{{hint:field}}", afmt: "", note: hintNote,
			wantQ: "\n<a class=hint href=\"#\"\nonclick=\"this.style.display='none';\ndocument.getElementById('hint" + hintID +
				"').style.display='block';\nreturn false;\" draggable=false>\nfield</a>\n<div id=\"hint" + hintID +
				"\" class=hint style=\"display: none\">foo</div>\n",
			wantA: ""},
		{name: "hint on a blank field", qfmt: "{{Front}}{{hint:Back}}", afmt: "", note: basicNote("f", "  "),
			wantQ: "f  ", wantA: ""},
		{name: "type with other filters is type", qfmt: "{{Front}}{{type:text:Back}}", afmt: "", note: n,
			wantQ: "<b>bold</b> &amp; co[[type:Back]]", wantA: ""},
		{name: "type:cloze and type:nc", qfmt: "{{type:cloze:Text}}|{{type:nc:Text}}", afmt: "", note: clozeNote("{{c1::a}}", ""),
			wantQ: "[[type:cloze:Text]]|[[type:nc:Text]]", wantA: ""},
		{name: "unknown filter stops the chain", qfmt: "{{text:mine:Front}}", afmt: "", note: n,
			wantQ: "<b>bold</b> &amp; co", wantA: ""},
		{name: "empty filter is ignored", qfmt: "{{text::Front}}", afmt: "", note: n, wantQ: "bold & co", wantA: ""},
		{name: "filter without a field renders nothing", qfmt: "{{Front}}{{tts-voices:}}", afmt: "", note: n,
			wantQ: "<b>bold</b> &amp; co", wantA: ""},
		{name: "tts", qfmt: "{{tts en_US:Front}}", afmt: "{{FrontSide}}{{tts en_US voices=Bob:Back}}", note: basicNote("a", "b"),
			wantQ: "[anki:play:q:0]", wantA: "[anki:play:q:0][anki:play:a:0]"},
		{name: "cloze-only", qfmt: "{{cloze-only:Text}}", afmt: "{{cloze-only:Text}}", note: clozeNote("{{c1::a::h}} {{c1::b}} {{c2::c}}", ""),
			wantQ: "h, ...", wantA: "a, b"},
	})
}

func TestCardCloze(t *testing.T) {
	text := "{{c1::a}} {{c2::b::hint}} {{c3::c}} {{c1,3::both}}"
	runCardCases(t, []cardCase{
		{name: "c1", qfmt: clozeQ, afmt: clozeA, ord: 0, note: clozeNote(text, ""),
			wantQ: `<span class="cloze" data-cloze="a" data-ordinal="1">[...]</span> <span class="cloze-inactive" data-ordinal="2">b</span> <span class="cloze-inactive" data-ordinal="3">c</span> <span class="cloze" data-cloze="both" data-ordinal="1,3">[...]</span>`,
			wantA: `<span class="cloze" data-ordinal="1">a</span> <span class="cloze-inactive" data-ordinal="2">b</span> <span class="cloze-inactive" data-ordinal="3">c</span> <span class="cloze" data-ordinal="1,3">both</span><br>` + "\n"},
		{name: "c2", qfmt: clozeQ, afmt: clozeA, ord: 1, note: clozeNote(text, ""),
			wantQ: `<span class="cloze-inactive" data-ordinal="1">a</span> <span class="cloze" data-cloze="b" data-ordinal="2">[hint]</span> <span class="cloze-inactive" data-ordinal="3">c</span> <span class="cloze-inactive" data-ordinal="1,3">both</span>`,
			wantA: `<span class="cloze-inactive" data-ordinal="1">a</span> <span class="cloze" data-ordinal="2">b</span> <span class="cloze-inactive" data-ordinal="3">c</span> <span class="cloze-inactive" data-ordinal="1,3">both</span><br>` + "\n"},
		{name: "c3", qfmt: clozeQ, afmt: clozeA, ord: 2, note: clozeNote(text, "x"),
			wantQ: `<span class="cloze-inactive" data-ordinal="1">a</span> <span class="cloze-inactive" data-ordinal="2">b</span> <span class="cloze" data-cloze="c" data-ordinal="3">[...]</span> <span class="cloze" data-cloze="both" data-ordinal="1,3">[...]</span>`,
			wantA: `<span class="cloze-inactive" data-ordinal="1">a</span> <span class="cloze-inactive" data-ordinal="2">b</span> <span class="cloze" data-ordinal="3">c</span> <span class="cloze" data-ordinal="1,3">both</span><br>` + "\nx"},
		{name: "data-cloze is attribute-encoded", qfmt: clozeQ, afmt: clozeQ, note: clozeNote(`{{c1::<b>"Ä" & é, ü€}}`, ""),
			wantQ: `<span class="cloze" data-cloze="&lt;b&gt;&quot;&#xC4;&quot;&#x20;&amp;&#x20;&#xE9;&#x2C;&#x20;&#xFC;€" data-ordinal="1">[...]</span>`,
			wantA: `<span class="cloze" data-ordinal="1"><b>"Ä" & é, ü€</span>`},
		{name: "nested, outer active", qfmt: clozeQ, afmt: clozeQ, note: clozeNote("foo {{c1::bar {{c2::baz}}}}", ""),
			wantQ: `foo <span class="cloze" data-cloze="bar&#x20;&lt;span&#x20;class&#x3D;&quot;cloze&#x2D;inactive&quot;&#x20;data&#x2D;ordinal&#x3D;&quot;2&quot;&gt;baz&lt;&#x2F;span&gt;" data-ordinal="1">[...]</span>`,
			wantA: `foo <span class="cloze" data-ordinal="1">bar <span class="cloze-inactive" data-ordinal="2">baz</span></span>`},
		{name: "nested, inner active", qfmt: clozeQ, afmt: clozeQ, ord: 1, note: clozeNote("foo {{c1::bar {{c2::baz}}::qux}}", ""),
			wantQ: `foo <span class="cloze-inactive" data-ordinal="1">bar <span class="cloze" data-cloze="baz" data-ordinal="2">[...]</span></span>`,
			wantA: `foo <span class="cloze-inactive" data-ordinal="1">bar <span class="cloze" data-ordinal="2">baz</span></span>`},
		{name: "html inside mathjax is stripped", qfmt: clozeQ, afmt: clozeQ, note: clozeNote(`\(x^{<b>2</b>}\) {{c1::y}}`, ""),
			wantQ: `\(x^{2}\) <span class="cloze" data-cloze="y" data-ordinal="1">[...]</span>`,
			wantA: `\(x^{2}\) <span class="cloze" data-ordinal="1">y</span>`},
		{name: "unclosed cloze is dropped with its text", qfmt: "{{cloze:Text}}|{{Back Extra}}", afmt: "", note: clozeNote("{{c1::a}} and {{c1::b", "e"),
			wantQ: `<span class="cloze" data-cloze="a" data-ordinal="1">[...]</span> and |e`, wantA: ""},
		{name: "stray closing braces are text", qfmt: clozeQ, afmt: "", note: clozeNote("a}} {{c1::b}}", ""),
			wantQ: `a}} <span class="cloze" data-cloze="b" data-ordinal="1">[...]</span>`, wantA: ""},
	})
}

func TestClozeNumbers(t *testing.T) {
	cases := []struct {
		text string
		want []int
	}{
		{"no clozes", nil},
		{"{{c2::te}}{{c1::s}}t{{", []int{1, 2}},
		{"{{c0::te}}s{{c2::t}}s", []int{2}},
		{"{{c2::te{{c1::s}}}}t", []int{1, 2}},
		{"{{c1,2,3::multi}}", []int{1, 2, 3}},
		{"{{c3::a}} {{c3::b}} {{c10::c}}", []int{3, 10}},
		{"{{c1::unclosed", nil},
		{"{{c99999::too big}} {{c::none}} {{C1::upper}}", nil},
		{"öaöaöööaö", nil},
	}
	for _, tc := range cases {
		if diff := cmp.Diff(tc.want, ClozeNumbers(tc.text)); diff != "" {
			t.Errorf("ClozeNumbers(%q) (-want +got):\n%s", tc.text, diff)
		}
	}
}

func TestCardOrdinals(t *testing.T) {
	optional := func(front, back, add string) Note {
		return Note{FieldNames: []string{"Front", "Back", "Add Reverse"}, FieldValues: []string{front, back, add}}
	}
	cases := []struct {
		name  string
		qfmts []string
		cloze bool
		note  Note
		want  []int
		// onlyCard0 marks a note none of whose cards would be shown: card
		// 0 is CardOrdinals' fallback and NonEmptyOrdinals gives nothing.
		onlyCard0 bool
	}{
		{"Basic", []string{basicQ}, false, basicNote("f", "b"), []int{0}, false},
		{"Basic with an empty front still gets card 0", []string{basicQ}, false, basicNote("", "b"), []int{0}, true},
		{"Basic and reversed", []string{basicQ, reverseQ}, false, basicNote("f", "b"), []int{0, 1}, false},
		{"Basic and reversed, empty back", []string{basicQ, reverseQ}, false, basicNote("f", "<br>"), []int{0}, false},
		{"Basic and reversed, empty front", []string{basicQ, reverseQ}, false, basicNote("", "b"), []int{1}, false},
		{"optional reversed without the flag", []string{basicQ, optionalQ}, false, optional("f", "b", ""), []int{0}, false},
		{"optional reversed with the flag", []string{basicQ, optionalQ}, false, optional("f", "b", "y"), []int{0, 1}, false},
		{"optional reversed with the flag but no back", []string{basicQ, optionalQ}, false, optional("f", "", "y"), []int{0}, false},
		{"inverted section hides", []string{"{{^Back}}{{Front}}{{/Back}}", reverseQ}, false, basicNote("f", "b"), []int{1}, false},
		{"inverted section shows", []string{basicQ, "{{^Back}}{{Front}}{{/Back}}"}, false, basicNote("f", ""), []int{0, 1}, false},
		{"special field counts as non-empty", []string{basicQ, "{{Deck}}"}, false, basicNote("f", ""), []int{0, 1}, false},
		{"Tags without tags", []string{basicQ, "{{Tags}}"}, false, basicNote("f", ""), []int{0}, false},
		{"Tags with tags", []string{basicQ, "{{Tags}}"}, false, Note{FieldNames: []string{"Front"}, FieldValues: []string{"f"}, Tags: []string{"t"}}, []int{0, 1}, false},
		{"unparsable template generates nothing", []string{basicQ, "{{#Back}}"}, false, basicNote("f", "b"), []int{0}, false},
		{"Cloze c1 c2 c3", []string{clozeQ}, true, clozeNote("{{c1::a}} {{c2::b}} {{c3::c}}", ""), []int{0, 1, 2}, false},
		{"Cloze numbers from every field", []string{clozeQ}, true, clozeNote("{{c1::a}}", "{{c3::c}}"), []int{0, 2}, false},
		{"Cloze gaps", []string{clozeQ}, true, clozeNote("{{c5::a}} {{c2::b}}", ""), []int{1, 4}, false},
		{"Cloze without deletions gets card 0", []string{clozeQ}, true, clozeNote("plain", ""), []int{0}, true},
		{"Cloze ordinal cap", []string{clozeQ}, true, clozeNote("{{c600::a}} {{c700::b}}", ""), []int{499}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, CardOrdinals(tc.qfmts, tc.cloze, tc.note)); diff != "" {
				t.Errorf("CardOrdinals (-want +got):\n%s", diff)
			}
			wantNonEmpty := tc.want
			if tc.onlyCard0 {
				wantNonEmpty = nil
			}
			if diff := cmp.Diff(wantNonEmpty, NonEmptyOrdinals(tc.qfmts, tc.cloze, tc.note)); diff != "" {
				t.Errorf("NonEmptyOrdinals (-want +got):\n%s", diff)
			}
		})
	}
}

func TestStripHTML(t *testing.T) {
	cases := []struct {
		in, want, wantMedia string
	}{
		{"<b>bold</b>", "bold", "bold"},
		{"a<!-- c -->b<style>x{}</style>c<SCRIPT>y()</SCRIPT>d", "abcd", "abcd"},
		{"&lt;tag&gt; &amp; &quot;q&quot; &#39;s&#x27; &nbsp;x", `<tag> & "q" 's'  x`, `<tag> & "q" 's'  x`},
		{"a & b &amp;", "a & b &amp;", "a & b &amp;"}, // one bad entity: nothing decoded
		{"&bogus; &amp;", "&bogus; &amp;", "&bogus; &amp;"},
		{`x<img src="pic.jpg">y`, "xy", "x pic.jpg y"},
		{`<img class=a src='a b.png' alt="">`, "", " a b.png "},
		{`<IMG SRC=bare.gif>`, "", " bare.gif "},
		{`<audio controls src="s.mp3"></audio><object data="o.swf">`, "", " s.mp3  o.swf "},
		{"[sound:a.mp3] text", "[sound:a.mp3] text", "[sound:a.mp3] text"},
		{"line<br>break<div>x</div>", "linebreakx", "linebreakx"},
	}
	for _, tc := range cases {
		if diff := cmp.Diff(tc.want, StripHTML(tc.in)); diff != "" {
			t.Errorf("StripHTML(%q) (-want +got):\n%s", tc.in, diff)
		}
		if diff := cmp.Diff(tc.wantMedia, StripHTMLKeepMedia(tc.in)); diff != "" {
			t.Errorf("StripHTMLKeepMedia(%q) (-want +got):\n%s", tc.in, diff)
		}
	}
}

func TestFieldIsEmpty(t *testing.T) {
	cases := map[string]bool{
		"": true, " ": true, "<BR>": true, "<div />": true, " <div> <br> </div>\n": true,
		"x": false, " <div>x</div>\n": false, "<b></b>": false, "&nbsp;": false,
	}
	for in, want := range cases {
		if got := FieldIsEmpty(in); got != want {
			t.Errorf("FieldIsEmpty(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestFieldsOnTemplate(t *testing.T) {
	cases := []struct {
		name       string
		qfmt, afmt string
		wantQ      []string
		wantA      []string
	}{
		{"Basic", basicQ, basicA, []string{"Front"}, []string{"Back"}},
		{"Basic reversed card", reverseQ, reverseA, []string{"Back"}, []string{"Front"}},
		{"optional reversed", optionalQ, reverseA, []string{"Back"}, []string{"Front"}},
		{"type in the answer", typingQ, typingA, []string{"Front", "Back"}, []string{}},
		{"Cloze", clozeQ, clozeA, []string{"Text"}, []string{"Back Extra"}},
		{"quirks: spaces, ^ and repeats kept", "{{ A }}{{A}}{{#C}}{{^B}}x{{/B}}{{/C}}", "{{A}}{{hint:C}}{{FrontSide}}",
			[]string{" A ", "A", "^B"}, []string{"C"}},
		{"no fields", "text", "", []string{}, []string{}},
	}
	for _, tc := range cases {
		q, a := FieldsOnTemplate(tc.qfmt, tc.afmt)
		if diff := cmp.Diff([][]string{tc.wantQ, tc.wantA}, [][]string{q, a}); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.name, diff)
		}
	}
}

func TestBlake3(t *testing.T) {
	// Official BLAKE3 test vectors (input byte i is i % 251), first 32
	// bytes of the extended output.
	cases := []struct {
		n    int
		want string
	}{
		{0, "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262"},
		{1025, "d00278ae47eb27b34faecf67b4fe263f82d5412916c1ffd97c8cb7fb814b8444"},
		{2049, "5f4d72f40d7a5f82b15ca2b2e44b1de3c2ef86c426c95c1af0b687952256303"},
		{3073, "7124b49501012f81cc7f11ca069ec9226cecb8a2c850cfe644e327d22d3e1cd3"},
		{8193, "bab6c09cb8ce8cf459261398d2e7aef35700bf488116ceb94a36d0f5f1b7bc3b"},
	}
	for _, tc := range cases {
		in := make([]byte, tc.n)
		for i := range in {
			in[i] = byte(i % 251)
		}
		sum := blake3Sum256(in)
		got := strings.ToLower(strings.TrimSpace(hexString(sum[:])))
		if !strings.HasPrefix(got, tc.want) {
			t.Errorf("blake3 of %d bytes = %s, want %s", tc.n, got, tc.want)
		}
	}
}

func hexString(b []byte) string {
	const digits = "0123456789abcdef"
	out := make([]byte, 0, 2*len(b))
	for _, c := range b {
		out = append(out, digits[c>>4], digits[c&15])
	}
	return string(out)
}

// FuzzRender checks that arbitrary templates and fields never panic and
// keep the results' invariants: ordinals non-empty and ascending, cloze
// numbers positive and strictly ascending.
func FuzzRender(f *testing.F) {
	f.Add(basicQ, basicA, "front", "{{c1::a}}", 0)
	f.Add(clozeQ, clozeA, "{{c1::a{{c2::b::h}}}}", "x", 1)
	f.Add("{{=<% %>=}}<%#F%>", "{{^Text}}{{/Text}}<!--", "{{c1,2::}}}}", "<img src=a>", 3)
	f.Fuzz(func(t *testing.T, qfmt, afmt, text, extra string, ord int) {
		n := clozeNote(text, extra)
		Card(qfmt, afmt, ord%600, n)
		n.Cloze = false
		Card(qfmt, afmt, ord%600, n)
		for _, cloze := range []bool{false, true} {
			ords := CardOrdinals([]string{qfmt, afmt}, cloze, n)
			if len(ords) == 0 || !strictlyAscending(ords) {
				t.Fatalf("CardOrdinals = %v", ords)
			}
		}
		nums := ClozeNumbers(text)
		if !strictlyAscending(nums) || len(nums) > 0 && nums[0] < 1 {
			t.Fatalf("ClozeNumbers(%q) = %v", text, nums)
		}
		StripHTMLKeepMedia(text)
		FieldsOnTemplate(qfmt, afmt)
		if kind, ords := Requirements(qfmt, n.FieldNames); kind == RequireNone && len(ords) > 0 {
			t.Fatalf("Requirements(%q) = none with %v", qfmt, ords)
		}
		if p, err := ParseTemplate(qfmt); err == nil {
			p.RenameFields(map[string]string{"Text": "", "Back Extra": "X"})
			p.AddField("Y", true)
			if !p.HasTopLevelCloze() || !slices.Contains(p.ClozeFieldNames(), "Y") || slices.Contains(p.FieldNames(true), "Text") {
				t.Fatalf("after renaming %q: %q", qfmt, p.String())
			}
		}
	})
}

func strictlyAscending(s []int) bool {
	for i := 1; i < len(s); i++ {
		if s[i] <= s[i-1] {
			return false
		}
	}
	return true
}
