package render

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseTemplateString(t *testing.T) {
	cases := []struct {
		in, want string
		wantErr  string
	}{
		{in: "{{Front}}", want: "{{Front}}"},
		{in: "{{ Front }}", want: "{{Front}}"},
		{in: "{{{Front}}}", want: "{{Front}}}"}, // leading braces are dropped, a stray closing one is text
		{in: "a {{#A}}x{{^ B}}y{{/B}}{{/A}} b", want: "a {{#A}}x{{^B}}y{{/B}}{{/A}} b"},
		{in: "{{text:cloze:Text}}", want: "{{text:cloze:Text}}"},
		{in: "<!-- {{Gone}} -->{{A}}", want: "<!-- {{Gone}} -->{{A}}"},
		{in: basicA, want: basicA},
		{in: "  {{=<% %>=}}<%Front%> {{x}}", want: "{{Front}} {{x}}"},
		{in: "{{ unclosed", want: "{{ unclosed"},
		{in: "{{#A}}x", wantErr: "Missing '{{/A}}'"},
		{in: "{{/A}}", wantErr: "Found '{{/A}}', but missing '{{#A}}' or '{{^A}}'"},
		{in: "{{#A}}{{/B}}", wantErr: "Found '{{/B}}', but expected '{{/A}}'"},
	}
	for _, tc := range cases {
		p, err := ParseTemplate(tc.in)
		gotErr := ""
		if err != nil {
			gotErr = err.Error()
		}
		if gotErr != tc.wantErr {
			t.Errorf("ParseTemplate(%q) error = %q, want %q", tc.in, gotErr, tc.wantErr)
			continue
		}
		if err == nil {
			if diff := cmp.Diff(tc.want, p.String()); diff != "" {
				t.Errorf("ParseTemplate(%q).String() (-want +got):\n%s", tc.in, diff)
			}
		}
	}
}

func TestParsedTemplateFieldNames(t *testing.T) {
	p, err := ParseTemplate("{{#c1}}{{cloze:Text}}{{/c1}}{{^Extra}}{{hint:Hint}}{{#Text}}{{text:cloze:Text}}{{/Text}}{{/Extra}}{{Tags}}")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{
		"sections":    p.FieldNames(true),
		"no sections": p.FieldNames(false),
		"cloze":       p.ClozeFieldNames(),
	}
	want := map[string][]string{
		"sections":    {"Text", "Extra", "Hint", "Text", "Text", "Tags"},
		"no sections": {"Text", "Hint", "Text", "Tags"},
		"cloze":       {"Text", "Text"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestParsedTemplateRenameFields(t *testing.T) {
	cases := []struct {
		name    string
		in      string
		changes map[string]string
		want    string
	}{
		{"rename a replacement", "{{Front}}<br>{{hint:Back}}", map[string]string{"Back": "Answer"}, "{{Front}}<br>{{hint:Answer}}"},
		{"rename a section and its contents", "{{#Back}}{{Back}}{{/Back}}", map[string]string{"Back": "B"}, "{{#B}}{{B}}{{/B}}"},
		{"remove a replacement", "{{Front}}-{{Back}}", map[string]string{"Back": ""}, "{{Front}}-"},
		{"remove a section keeps its contents", "{{^Back}}x{{Front}}{{/Back}}", map[string]string{"Back": ""}, "x{{Front}}"},
		{"swap two names", "{{A}}{{B}}", map[string]string{"A": "B", "B": "A"}, "{{B}}{{A}}"},
		{"comments and text untouched", "<!--{{A}}-->A", map[string]string{"A": "Z"}, "<!--{{A}}-->A"},
		{"canonical form", "{{ Front }}", nil, "{{Front}}"},
	}
	for _, tc := range cases {
		p, err := ParseTemplate(tc.in)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		p.RenameFields(tc.changes)
		if diff := cmp.Diff(tc.want, p.String()); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.name, diff)
		}
	}
}

func TestParsedTemplateAddField(t *testing.T) {
	cases := []struct {
		in        string
		cloze     bool
		wantCloze bool
		want      string
	}{
		{"<b></b>", false, false, "<b></b>{{Front}}"},
		{"{{#Extra}}{{cloze:Front}}{{/Extra}}", true, true, "{{#Extra}}{{cloze:Front}}{{/Extra}}{{cloze:Front}}"},
	}
	for _, tc := range cases {
		p, err := ParseTemplate(tc.in)
		if err != nil {
			t.Fatal(err)
		}
		if p.HasTopLevelCloze() {
			t.Errorf("%q: HasTopLevelCloze before AddField", tc.in)
		}
		p.AddField("Front", tc.cloze)
		if got := p.HasTopLevelCloze(); got != tc.wantCloze {
			t.Errorf("%q: HasTopLevelCloze = %v, want %v", tc.in, got, tc.wantCloze)
		}
		if diff := cmp.Diff(tc.want, p.String()); diff != "" {
			t.Errorf("%q (-want +got):\n%s", tc.in, diff)
		}
	}
}

func TestIsSpecialField(t *testing.T) {
	for _, name := range []string{"FrontSide", "Tags", "Type", "Deck", "Subdeck", "CardFlag", "Card", "CardID"} {
		if !IsSpecialField(name) {
			t.Errorf("IsSpecialField(%q) = false", name)
		}
	}
	for _, name := range []string{"Front", "tags", "c1", ""} {
		if IsSpecialField(name) {
			t.Errorf("IsSpecialField(%q) = true", name)
		}
	}
}

func TestRequirements(t *testing.T) {
	cases := []struct {
		qfmt     string
		fields   []string
		wantKind string
		wantOrds []int
	}{
		// Anki's own test_requirements cases, over fields a and b.
		{"{{a}}{{b}}", []string{"a", "b"}, RequireAny, []int{0, 1}},
		{"{{#a}}{{b}}{{/a}}", []string{"a", "b"}, RequireAll, []int{0, 1}},
		{"{{c}}", []string{"a", "b"}, RequireNone, []int{}},
		{"{{#a}}{{#b}}{{a}}{{/b}}{{/a}}", []string{"a", "b"}, RequireAll, []int{0, 1}},
		// Stock fronts.
		{basicQ, []string{"Front", "Back"}, RequireAny, []int{0}},
		{reverseQ, []string{"Front", "Back"}, RequireAny, []int{1}},
		{optionalQ, []string{"Front", "Back", "Add Reverse"}, RequireAll, []int{1, 2}},
		{clozeQ, []string{"Text", "Back Extra"}, RequireAny, []int{0}},
		{"{{#a}}x{{/a}}", []string{"a"}, RequireNone, []int{}},
		{"{{#a}}", []string{"a"}, RequireNone, []int{}},
	}
	for _, tc := range cases {
		kind, ords := Requirements(tc.qfmt, tc.fields)
		if diff := cmp.Diff([]any{tc.wantKind, tc.wantOrds}, []any{kind, ords}); diff != "" {
			t.Errorf("Requirements(%q, %q) (-want +got):\n%s", tc.qfmt, tc.fields, diff)
		}
	}
}
