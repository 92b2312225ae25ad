package render

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The card generation fast paths against the code they replaced: Anki's
// field_is_empty regular expression, NonEmptyOrdinals with a map of field
// emptiness and a parse per call, and ClozeNumbers without its quick check.

// fieldEmptyRe is Anki's field_is_empty pattern, which FieldIsEmpty matches
// by hand.
var fieldEmptyRe = regexp.MustCompile(`(?si)^(?:[[:space:]]|</?(?:br|div) ?/?>)*$`)

var fieldEmptySeeds = []string{
	"", " ", "\t\n\v\f\r", "\u00a0", "<br>", "<BR>", "<Br/>", "<br />", "<br/ >", "<br  >", "</br>", "</div>",
	"<div>", "<DiV >", "<div/>", "<div", "<di>", "<b></b>", "x", " <br> <div></div>\n", "<br>x", "<brr>",
	"<br>>", "<", "</", "</ >", "<divx>", "<\u212a>", "\xff", "<br>\xff", "&nbsp;", "<br> / >",
}

func checkFieldIsEmpty(t *testing.T, in string) {
	t.Helper()
	if got, want := FieldIsEmpty(in), fieldEmptyRe.MatchString(in); got != want {
		t.Errorf("FieldIsEmpty(%q) = %v, the pattern says %v", in, got, want)
	}
}

func TestFieldIsEmptyMatchesPattern(t *testing.T) {
	for _, in := range fieldEmptySeeds {
		checkFieldIsEmpty(t, in)
	}
	var empty bool
	if n := testing.AllocsPerRun(100, func() { empty = FieldIsEmpty(" <br> <div></div> ") }); n != 0 || !empty {
		t.Errorf("FieldIsEmpty allocates %v times (empty: %v)", n, empty)
	}
}

// FuzzFieldIsEmpty compares FieldIsEmpty with Anki's pattern.
func FuzzFieldIsEmpty(f *testing.F) {
	for _, s := range fieldEmptySeeds {
		f.Add(s)
	}
	f.Fuzz(checkFieldIsEmpty)
}

// slowNonEmptyOrdinals is NonEmptyOrdinals as it was written before
// ParseFront (the standard-type branch; the cloze branch is unchanged).
func slowNonEmptyOrdinals(qfmts []string, n Note) []int {
	var ords []int
	nonEmpty := map[string]bool{}
	for i, name := range n.FieldNames {
		nonEmpty[name] = !fieldEmptyRe.MatchString(valueAt(n.FieldValues, i))
	}
	for _, name := range specialFields {
		if _, shadowed := nonEmpty[name]; !shadowed && (name != "Tags" || len(n.Tags) > 0) {
			nonEmpty[name] = true
		}
	}
	for ord, qfmt := range qfmts {
		nodes, err := parse(qfmt)
		if err == nil && rendersWithFields(nodes, func(f string) bool { return nonEmpty[f] }) {
			ords = append(ords, ord)
		}
	}
	return ords
}

// slowClozeNumbers is ClozeNumbers without its quick check.
func slowClozeNumbers(text string) []int {
	var out []int
	addClozeNumbers(parseClozes(text), &out)
	slices.Sort(out)
	return out
}

func checkOrdinals(t *testing.T, qfmt, field0, field1 string, tagged bool) {
	t.Helper()
	qfmts := []string{qfmt, "{{Back}}", "{{#Tags}}{{Front}}{{/Tags}}", "{{^Front}}{{Back}}{{/Front}}"}
	n := Note{FieldNames: []string{"Front", "Back", "Tags"}, FieldValues: []string{field0, field1}}
	if tagged {
		n.Tags = []string{"t"}
		n.FieldNames = n.FieldNames[:2]
	}
	fronts := make([]*Front, len(qfmts))
	for i, q := range qfmts {
		fronts[i] = ParseFront(q)
	}
	want := slowNonEmptyOrdinals(qfmts, n)
	for _, got := range [][]int{NonEmptyOrdinals(qfmts, false, n), AppendNonEmptyOrdinals(nil, fronts, false, n)} {
		if !slices.Equal(got, want) {
			t.Errorf("ordinals of %q with %q, %q (tagged %v) = %v, the map and parse per note give %v", qfmt, field0, field1, tagged, got, want)
		}
	}
	for _, text := range []string{qfmt, field0, field1} {
		if got, want := ClozeNumbers(text), slowClozeNumbers(text); !slices.Equal(got, want) {
			t.Errorf("ClozeNumbers(%q) = %v, want %v", text, got, want)
		}
	}
}

var ordinalSeeds = [][2]string{
	{"{{Front}}", "f"}, {"{{Front}}", " <br>"}, {"{{#Back}}{{Front}}{{/Back}}", "x"}, {"{{^Back}}{{Front}}{{/Back}}", ""},
	{"{{Deck}}", ""}, {"{{Tags}}", ""}, {"{{Nope}}", "x"}, {"{{#Front}}", "x"}, {"{{/Front}}", "x"}, {"{{text:Front}}", "x"},
	{"{{cloze:Front}}", "{{c1::a}}"}, {"{{c2::b}} {{c1,3::x}}", "{{c0::x}}"}, {"{{c", "{{c1::unclosed"}, {"{{=<% %>=}}<%Front%>", "f"},
	{"<!-- {{Back}} -->{{Front}}", ""}, {"{{CardID}}{{Type}}", ""},
}

func TestAppendNonEmptyOrdinalsAgrees(t *testing.T) {
	for _, s := range ordinalSeeds {
		for _, back := range []string{"", "b", "<div></div>"} {
			checkOrdinals(t, s[0], s[1], back, false)
			checkOrdinals(t, s[0], s[1], back, true)
		}
	}
	text := strings.Repeat("plain text without clozes ", 10)
	if n := testing.AllocsPerRun(100, func() { ClozeNumbers(text) }); n != 0 {
		t.Errorf("ClozeNumbers of text without clozes allocates %v times", n)
	}
	fronts := []*Front{ParseFront("{{Front}}"), ParseFront("{{#Back}}{{Back}}{{/Back}}")}
	n := Note{FieldNames: []string{"Front", "Back"}, FieldValues: []string{"f", ""}}
	var buf [4]int
	if a := testing.AllocsPerRun(100, func() { AppendNonEmptyOrdinals(buf[:0], fronts, false, n) }); a != 0 {
		t.Errorf("AppendNonEmptyOrdinals allocates %v times", a)
	}
	if got := AppendNonEmptyOrdinals([]int{7}, nil, true, Note{FieldValues: []string{"{{c8::a}}{{c2::b}}"}}); !slices.Equal(got, []int{7, 1, 7}) {
		t.Errorf("AppendNonEmptyOrdinals to [7] of a cloze note = %v, want [7 1 7]", got)
	}
}

// FuzzNonEmptyOrdinals compares NonEmptyOrdinals and AppendNonEmptyOrdinals
// with the map-and-parse version, and ClozeNumbers with its slow path.
func FuzzNonEmptyOrdinals(f *testing.F) {
	for _, s := range ordinalSeeds {
		f.Add(s[0], s[1], "b", false)
	}
	f.Fuzz(checkOrdinals)
}
