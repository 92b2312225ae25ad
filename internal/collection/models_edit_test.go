package collection

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func templateTexts(m *Model) [][4]string {
	var out [][4]string
	for _, t := range m.Templates {
		out = append(out, [4]string{t.Name, t.Qfmt, t.Afmt, t.Bqfmt + "|" + t.Bafmt})
	}
	return out
}

func TestPyMove(t *testing.T) {
	tests := []struct {
		from, to int
		want     string
	}{
		{1, 0, "BAC"},
		{0, 2, "BCA"},
		{0, 3, "BCA"},  // clamped to the end
		{0, 99, "BCA"}, // clamped to the end
		{2, -1, "ACB"}, // before the last of the shortened list
		{0, -1, "BAC"},
		{2, -99, "CAB"}, // clamped to the start
		{1, 1, "ABC"},
	}
	for _, tt := range tests {
		got := strings.Join(pyMove(strings.Split("ABC", ""), tt.from, tt.to), "")
		if got != tt.want {
			t.Errorf("pyMove(ABC, %d, %d) = %s, want %s", tt.from, tt.to, got, tt.want)
		}
	}
}

func TestFixNames(t *testing.T) {
	fields := []struct{ in, want, wantErr string }{
		{in: "Front", want: "Front"},
		{in: "  # /^ t:e{s\"t} field name #/^  ", want: "test field name #/^"}, // Anki's own test case
		{in: "", wantErr: "Empty field name"},
		{in: " :{}", wantErr: "Field name:  "},
		{in: "#", wantErr: "Field name: #"},
	}
	for _, tt := range fields {
		got, err := fixFieldName(tt.in)
		if got != tt.want || errText(err) != tt.wantErr {
			t.Errorf("fixFieldName(%q) = %q, %q; want %q, %q", tt.in, got, errText(err), tt.want, tt.wantErr)
		}
	}
	templates := []struct{ in, want, wantErr string }{
		{in: `Card "1"`, want: "Card 1"},
		{in: "", wantErr: "Empty template name"},
		{in: `""`, wantErr: "Template name contains only quotes"},
	}
	for _, tt := range templates {
		got, err := fixTemplateName(tt.in)
		if got != tt.want || errText(err) != tt.wantErr {
			t.Errorf("fixTemplateName(%q) = %q, %q; want %q, %q", tt.in, got, errText(err), tt.want, tt.wantErr)
		}
	}
}

func modelCheckError(n int, model, details string) string {
	return fmt.Sprintf("Card template \u2068%d\u2069 in note type '\u2068%s\u2069' has a problem.<br>%s", n, model, details)
}

func TestCreateModel(t *testing.T) {
	css := "p {}"
	tests := []struct {
		name      string
		model     string
		fields    []string
		templates [][3]string
		css       *string
		cloze     bool
		wantName  string
		wantCSS   string
		wantType  int
		wantTmpls []string
		// wantFields defaults to fields.
		wantFields []string
		wantErr    string
	}{
		{name: "basic", model: "New", fields: []string{"A", "B"}, templates: [][3]string{{"Card 1", "{{A}}", "{{B}}"}},
			wantName: "New", wantCSS: DefaultCSS, wantTmpls: []string{"Card 1"}},
		{name: "css and cloze", model: "Cl", fields: []string{"Text"}, templates: [][3]string{{"C", "{{cloze:Text}}", "{{cloze:Text}}"}},
			css: &css, cloze: true, wantName: "Cl", wantCSS: "p {}", wantType: ModelCloze, wantTmpls: []string{"C"}},
		{name: "cloze keeps the plain css", model: "Cl2", fields: []string{"Text"}, templates: [][3]string{{"C", "{{cloze:Text}}", "{{cloze:Text}}"}},
			cloze: true, wantName: "Cl2", wantCSS: DefaultCSS, wantType: ModelCloze, wantTmpls: []string{"C"}},
		{name: "case clash gets a suffix", model: "basic", fields: []string{"A"}, templates: [][3]string{{"T", "{{A}}", ""}},
			wantName: "basic-" + newTestCollection().nameSuffix(), wantCSS: DefaultCSS, wantTmpls: []string{"T"}},
		{name: "duplicate names get +", model: "Dup", fields: []string{"A", "a", "A"}, templates: [][3]string{{"T", "{{A}}", ""}, {"t", "{{A}} ", ""}},
			wantName: "Dup", wantCSS: DefaultCSS, wantTmpls: []string{"T", "t+"}, wantFields: []string{"A", "a+", "A++"}},
		{name: "unknown field", model: "X", fields: []string{"A"}, templates: [][3]string{{"T", "{{B}}", ""}},
			wantErr: modelCheckError(1, "X", "Field '\u2068B\u2069' not found.")},
		{name: "no field on the front", model: "X", fields: []string{"A"}, templates: [][3]string{{"T", "text", "{{A}}"}},
			wantErr: modelCheckError(1, "X", "Expected to find a field replacement on the front of the card template.")},
		{name: "identical fronts", model: "X", fields: []string{"A"}, templates: [][3]string{{"T", "{{A}}", ""}, {"U", "{{A}}", ""}},
			wantErr: modelCheckError(2, "X", "The front side is identical to card template \u20681\u2069.")},
		{name: "identical fronts with {{Card}}", model: "X", fields: []string{"A"}, templates: [][3]string{{"T", "{{A}}{{Card}}", ""}, {"U", "{{A}}{{Card}}", ""}},
			wantName: "X", wantCSS: DefaultCSS, wantTmpls: []string{"T", "U"}},
		{name: "bad syntax", model: "X", fields: []string{"A"}, templates: [][3]string{{"T", "{{A}}", "{{#A}}"}},
			wantErr: modelCheckError(1, "X", "See the preview for more information.")},
		{name: "cloze without cloze", model: "X", fields: []string{"A"}, templates: [][3]string{{"T", "{{A}}", "{{A}}"}}, cloze: true,
			wantErr: modelCheckError(1, "X", "Expected to find '{{cloze:Text}}' or similar on the front and back of the card template.")},
		{name: "empty name", model: `""`, fields: []string{"A"}, templates: [][3]string{{"T", "{{A}}", ""}}, wantErr: "Empty notetype name"},
		{name: "empty field name", model: "X", fields: []string{""}, templates: [][3]string{{"T", "{{A}}", ""}}, wantErr: "Empty field name"},
		{name: "empty template name", model: "X", fields: []string{"A"}, templates: [][3]string{{"", "{{A}}", ""}}, wantErr: "Empty template name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newTestCollection()
			before := len(c.ModelNames())
			var tmpls []*Template
			for _, s := range tt.templates {
				tmpls = append(tmpls, NewTemplate(s[0], s[1], s[2]))
			}
			m, err := c.CreateModel(tt.model, tt.fields, tmpls, tt.css, tt.cloze)
			if diff := cmp.Diff(tt.wantErr, errText(err)); diff != "" {
				t.Fatalf("error (-want +got):\n%s", diff)
			}
			if err != nil {
				if got := len(c.ModelNames()); got != before {
					t.Errorf("a failed createModel left %d note types, want %d", got, before)
				}
				return
			}
			if m.Name != tt.wantName || m.CSS != tt.wantCSS || m.Type != tt.wantType || m.OriginalStockKind != StockBasic {
				t.Errorf("model = %q css %q type %d kind %d", m.Name, m.CSS, m.Type, m.OriginalStockKind)
			}
			if diff := cmp.Diff(tt.wantTmpls, m.TemplateNames()); diff != "" {
				t.Errorf("templates (-want +got):\n%s", diff)
			}
			wantFields := tt.wantFields
			if wantFields == nil {
				wantFields = tt.fields
			}
			if diff := cmp.Diff(wantFields, m.FieldNames()); diff != "" {
				t.Errorf("fields (-want +got):\n%s", diff)
			}
			if c.ModelByID(m.ID) != m || m.ID == 0 {
				t.Errorf("model not stored under its ID %d", m.ID)
			}
			for _, f := range m.Fields {
				if f.ID == 0 || f.Font != "Arial" || f.Size != 20 {
					t.Errorf("field %+v lacks Anki's defaults or an ID", f)
				}
			}
		})
	}
}

func TestEditModelFieldsFollowNotes(t *testing.T) {
	type want struct {
		fields    []string
		sortf     int
		templates [][4]string
		notes     [][]string
	}
	const answer = "{{FrontSide}}\n\n<hr id=answer>\n\n"
	tests := []struct {
		name    string
		edit    func(m *Model) error
		want    want
		wantErr string
	}{
		{
			name: "reposition Back first (README sample)",
			edit: func(m *Model) error { m.MoveField(1, 0); return nil },
			want: want{
				fields: []string{"Back", "Front"}, sortf: 1,
				templates: [][4]string{{"Card 1", "{{Front}}", answer + "{{Back}}", "|"}},
				notes:     [][]string{{"b1", "f1"}, {"b2", "f2"}},
			},
		},
		{
			name: "reposition Front to index 2 on 2 fields ends last",
			edit: func(m *Model) error { m.MoveField(0, 2); return nil },
			want: want{
				fields: []string{"Back", "Front"}, sortf: 1,
				templates: [][4]string{{"Card 1", "{{Front}}", answer + "{{Back}}", "|"}},
				notes:     [][]string{{"b1", "f1"}, {"b2", "f2"}},
			},
		},
		{
			name: "rename updates templates, and empty browser templates get the first field",
			edit: func(m *Model) error { m.Fields[0].Name = "FrontRenamed"; return nil },
			want: want{
				fields:    []string{"FrontRenamed", "Back"},
				templates: [][4]string{{"Card 1", "{{FrontRenamed}}", answer + "{{Back}}", "{{FrontRenamed}}|"}},
				notes:     [][]string{{"f1", "b1"}, {"f2", "b2"}},
			},
		},
		{
			name: "rename onto another field's name pushes that one to +",
			edit: func(m *Model) error { m.Fields[0].Name = "back"; return nil },
			want: want{
				fields:    []string{"back", "Back+"},
				templates: [][4]string{{"Card 1", "{{back}}", answer + "{{Back+}}", "{{back}}|"}},
				notes:     [][]string{{"f1", "b1"}, {"f2", "b2"}},
			},
		},
		{
			name: "add a field at the front",
			edit: func(m *Model) error {
				m.Fields = append(m.Fields, NewField("NewField"))
				m.MoveField(2, 0)
				return nil
			},
			want: want{
				fields: []string{"NewField", "Front", "Back"}, sortf: 1,
				templates: [][4]string{{"Card 1", "{{Front}}", answer + "{{Back}}", "|"}},
				notes:     [][]string{{"", "f1", "b1"}, {"", "f2", "b2"}},
			},
		},
		{
			name: "remove Front: its references go and the question gets the first field",
			edit: func(m *Model) error { m.Fields = m.Fields[1:]; return nil },
			want: want{
				fields:    []string{"Back"},
				templates: [][4]string{{"Card 1", "{{Back}}", answer + "{{Back}}", "{{Back}}|"}},
				notes:     [][]string{{"b1"}, {"b2"}},
			},
		},
		{
			name:    "remove every field",
			edit:    func(m *Model) error { m.Fields = nil; return nil },
			wantErr: "1 field required",
		},
		{
			name:    "an edit error abandons the change",
			edit:    func(m *Model) error { m.Fields = nil; return errors.New("stop") },
			wantErr: "stop",
		},
		{
			name:    "a bad template is refused",
			edit:    func(m *Model) error { m.Templates[0].Qfmt = "{{Nope}}"; return nil },
			wantErr: modelCheckError(1, "Basic", "Field '\u2068Nope\u2069' not found."),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newTestCollection()
			n1 := addTestNote(t, c, "Basic", "Default", "f1", "b1")
			n2 := addTestNote(t, c, "Basic", "Default", "f2", "b2")
			m := c.ModelByName("Basic")
			before, _ := m.MarshalJSON()
			err := c.EditModel(m, tt.edit)
			if diff := cmp.Diff(tt.wantErr, errText(err)); diff != "" {
				t.Fatalf("error (-want +got):\n%s", diff)
			}
			if err != nil {
				after, _ := m.MarshalJSON()
				if diff := cmp.Diff(string(before), string(after)); diff != "" {
					t.Errorf("a failed edit changed the model (-before +after):\n%s", diff)
				}
				if diff := cmp.Diff([][]string{{"f1", "b1"}, {"f2", "b2"}}, [][]string{n1.Fields, n2.Fields}); diff != "" {
					t.Errorf("a failed edit changed the notes (-want +got):\n%s", diff)
				}
				return
			}
			got := want{m.FieldNames(), m.SortField, templateTexts(m), [][]string{n1.Fields, n2.Fields}}
			if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(want{})); diff != "" {
				t.Errorf("after edit (-want +got):\n%s", diff)
			}
			for i, f := range m.Fields {
				if f.Ord != i {
					t.Errorf("field %q has ord %d at index %d", f.Name, f.Ord, i)
				}
			}
		})
	}
}

func TestEditModelTemplatesFollowCards(t *testing.T) {
	tests := []struct {
		name      string
		edit      func(m *Model) error
		wantNames []string
		wantOrds  [][]int // per note: card ords
		wantQ     map[int]string
		wantErr   string
	}{
		{
			name:      "reposition swaps card ords",
			edit:      func(m *Model) error { m.MoveTemplate(0, 1); return nil },
			wantNames: []string{"Card 2", "Card 1"},
			wantOrds:  [][]int{{0, 1}, {0, 1}},
			wantQ:     map[int]string{0: "{{Back}}", 1: "{{Front}}"},
		},
		{
			name:      "remove deletes that template's cards",
			edit:      func(m *Model) error { return m.RemoveTemplate(0) },
			wantNames: []string{"Card 2"},
			wantOrds:  [][]int{{0}, {0}},
			wantQ:     map[int]string{0: "{{Back}}"},
		},
		{
			name: "remove the last template is refused",
			edit: func(m *Model) error {
				if err := m.RemoveTemplate(0); err != nil {
					return err
				}
				return m.RemoveTemplate(0)
			},
			wantErr: "must have 1 template",
		},
		{
			name: "an added template generates cards where its front renders",
			edit: func(m *Model) error {
				m.Templates = append(m.Templates, NewTemplate("Card 3", "{{Front}}{{Back}}", "x"))
				return nil
			},
			wantNames: []string{"Card 1", "Card 2", "Card 3"},
			wantOrds:  [][]int{{0, 1, 2}, {0, 1, 2}},
		},
		{
			name:      "rename keeps cards",
			edit:      func(m *Model) error { m.Templates[1].Name = "Reverse"; return nil },
			wantNames: []string{"Card 1", "Reverse"},
			wantOrds:  [][]int{{0, 1}, {0, 1}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newTestCollection()
			notes := []*Note{
				addTestNote(t, c, "Basic (and reversed card)", "Default", "f1", "b1"),
				addTestNote(t, c, "Basic (and reversed card)", "Default", "f2", "b2"),
			}
			m := c.ModelByName("Basic (and reversed card)")
			byOrd := map[int]int64{} // original ord -> card ID of the first note
			for _, card := range notes[0].Cards() {
				byOrd[card.Ord] = card.ID
			}
			cardsBefore := c.CardCount()
			err := c.EditModel(m, tt.edit)
			if diff := cmp.Diff(tt.wantErr, errText(err)); diff != "" {
				t.Fatalf("error (-want +got):\n%s", diff)
			}
			if err != nil {
				if c.CardCount() != cardsBefore || len(m.Templates) != 2 {
					t.Errorf("a failed edit changed cards (%d -> %d) or templates (%d)", cardsBefore, c.CardCount(), len(m.Templates))
				}
				return
			}
			if diff := cmp.Diff(tt.wantNames, m.TemplateNames()); diff != "" {
				t.Errorf("templates (-want +got):\n%s", diff)
			}
			var ords [][]int
			total := 0
			for _, n := range notes {
				ords = append(ords, cardOrds(n))
				total += len(n.Cards())
			}
			if diff := cmp.Diff(tt.wantOrds, ords); diff != "" {
				t.Errorf("card ords (-want +got):\n%s", diff)
			}
			if total != c.CardCount() {
				t.Errorf("notes hold %d cards, the collection %d", total, c.CardCount())
			}
			for ord, q := range tt.wantQ {
				if m.Templates[ord].Qfmt != q {
					t.Errorf("template %d front = %q, want %q", ord, m.Templates[ord].Qfmt, q)
				}
			}
			if tt.name == "reposition swaps card ords" {
				// The card made from Card 1 is now ord 1.
				if got := c.CardByID(byOrd[0]); got == nil || got.Ord != 1 {
					t.Errorf("Card 1's card = %+v, want ord 1", got)
				}
			}
		})
	}
}

func TestEditModelStampsAndKeepsExtra(t *testing.T) {
	var now time.Time
	c := New(func() time.Time { return now }, time.Time{})
	now = time.Date(2024, 1, 4, 12, 0, 0, 0, time.UTC)
	m := c.ModelByName("Basic")
	m.Extra = map[string]json.RawMessage{"futureKey": json.RawMessage(`{"x":1}`)}
	m.Fields[0].Extra = map[string]json.RawMessage{"fieldKey": json.RawMessage(`true`)}
	now = now.Add(time.Hour)
	if err := c.EditModel(m, func(d *Model) error { d.CSS = "x"; return nil }); err != nil {
		t.Fatal(err)
	}
	if m.Mod != now.Unix() || m.Usn != -1 || m.CSS != "x" {
		t.Errorf("mod %d usn %d css %q", m.Mod, m.Usn, m.CSS)
	}
	b, err := m.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{`"futureKey":{"x":1}`, `"fieldKey":true`} {
		if !strings.Contains(string(b), key) {
			t.Errorf("model JSON lost %s: %s", key, b)
		}
	}
}
