package ankiconnecttest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/ankiconnect-go/ankiconnect"
	"github.com/ankiconnect-go/ankiconnect/internal/wire"
	"github.com/google/go-cmp/cmp"
)

// stockModels are the note types of a new Anki collection.
var stockModels = []string{
	"Basic", "Basic (and reversed card)", "Basic (optional reversed card)",
	"Basic (type in the answer)", "Cloze", "Image Occlusion",
}

// wantAPIError fails the test unless err is an *Error for action whose
// AnkiConnect message is msg.
func wantAPIError(t *testing.T, err error, action, msg string) {
	t.Helper()
	var e *ankiconnect.Error
	var apiErr *ankiconnect.APIError
	if !errors.As(err, &e) || e.Action != action || !errors.As(err, &apiErr) || apiErr.Message != msg {
		t.Errorf("error = %v, want %s failing with %q", err, action, msg)
	}
}

func TestFakeModelNamesAndIDs(t *testing.T) {
	f := New(t)
	c, ctx := f.Client(), t.Context()
	names, err := c.ModelNames(ctx)
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(names)
	if diff := cmp.Diff(stockModels, names); diff != "" {
		t.Errorf("ModelNames (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(f.ModelNames(), names); diff != "" {
		t.Errorf("ModelNames against Fake.ModelNames (-fake +client):\n%s", diff)
	}
	byName, err := c.ModelNamesAndIDs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[ankiconnect.ModelID]bool{}
	for name, id := range byName {
		ids[id] = true
		got, err := c.ModelNameFromID(ctx, id)
		if err != nil || got != name {
			t.Errorf("ModelNameFromID(%d) = %q, %v; want %q", id, got, err, name)
		}
	}
	if len(byName) != len(stockModels) || len(ids) != len(stockModels) {
		t.Errorf("ModelNamesAndIDs = %v, want %d distinct IDs", byName, len(stockModels))
	}
	_, err = c.ModelNameFromID(ctx, 5)
	if !errors.Is(err, ankiconnect.ErrModelNotFound) {
		t.Errorf("ModelNameFromID(5) error = %v, want ErrModelNotFound", err)
	}
	wantAPIError(t, err, "modelNameFromId", fmt.Sprintf(wire.MsgModelNotFound, 5))
}

// rawModels returns findModelsByName's reply for names, as generic JSON with
// exact numbers.
func rawModels(t *testing.T, c *ankiconnect.Client, names ...string) any {
	t.Helper()
	raw, err := ankiconnect.Invoke[json.RawMessage](t.Context(), c, "findModelsByName", map[string]any{"modelNames": names})
	if err != nil {
		t.Fatal(err)
	}
	return decodeJSON(t, raw)
}

func TestFakeFindModelsRoundTrip(t *testing.T) {
	f := New(t)
	c, ctx := f.Client(), t.Context()
	byName, err := c.FindModelsByName(ctx, []string{"basic", "Cloze"})
	if err != nil {
		t.Fatal(err)
	}
	if len(byName) != 2 || byName[0].Name != "Basic" || byName[1].Name != "Cloze" ||
		byName[0].Type != ankiconnect.ModelTypeStandard || byName[1].Type != ankiconnect.ModelTypeCloze {
		t.Fatalf("FindModelsByName(basic, Cloze) = %+v", byName)
	}
	byID, err := c.FindModelsByID(ctx, []ankiconnect.ModelID{byName[1].ID, byName[0].ID})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]ankiconnect.Model{byName[1], byName[0]}, byID, cmp.AllowUnexported(ankiconnect.Model{}, ankiconnect.ModelField{}, ankiconnect.ModelTemplate{})); diff != "" {
		t.Errorf("FindModelsByID (-by name +by ID):\n%s", diff)
	}
	basic := byName[0]
	wantFields := []string{"Front", "Back"}
	var gotFields []string
	for i, fld := range basic.Fields {
		gotFields = append(gotFields, fld.Name)
		if fld.Ord != i || fld.Font != "Arial" || fld.Size != 20 || fld.ID == 0 {
			t.Errorf("Basic field %d = %+v, want ord %d, Arial 20 and an ID", i, fld, i)
		}
	}
	if diff := cmp.Diff(wantFields, gotFields); diff != "" {
		t.Errorf("Basic fields (-want +got):\n%s", diff)
	}
	wantReq := []ankiconnect.TemplateRequirement{{Template: 0, Kind: "any", Fields: []int{0}}}
	if diff := cmp.Diff(wantReq, basic.Req); diff != "" {
		t.Errorf("Basic req (-want +got):\n%s", diff)
	}

	// Encoding the received models gives the reply back, every key the
	// SDK does not model included (such as the fields' "tag").
	raw := rawModels(t, c, "Basic", "Cloze")
	enc, err := json.Marshal(byName)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(raw, decodeJSON(t, enc)); diff != "" {
		t.Errorf("encoded models differ from the reply (-reply +encoded):\n%s", diff)
	}
	// Changing fields changes only those members.
	basic.CSS = ".card { color: teal; }"
	basic.Fields[1].Font = "Noto Serif"
	basic.Templates[0].BFont = "Courier"
	enc, err = json.Marshal(basic)
	if err != nil {
		t.Fatal(err)
	}
	want := raw.([]any)[0].(map[string]any)
	want["css"] = basic.CSS
	want["flds"].([]any)[1].(map[string]any)["font"] = "Noto Serif"
	want["tmpls"].([]any)[0].(map[string]any)["bfont"] = "Courier"
	if diff := cmp.Diff(any(want), decodeJSON(t, enc)); diff != "" {
		t.Errorf("encoded changed model (-want +got):\n%s", diff)
	}

	// One unknown name or ID fails the whole call.
	_, err = c.FindModelsByName(ctx, []string{"Basic", "Nope"})
	if !errors.Is(err, ankiconnect.ErrModelNotFound) {
		t.Errorf("FindModelsByName(Basic, Nope) error = %v, want ErrModelNotFound", err)
	}
	wantAPIError(t, err, "findModelsByName", fmt.Sprintf(wire.MsgModelNotFound, "Nope"))
	_, err = c.FindModelsByID(ctx, []ankiconnect.ModelID{byName[0].ID, 7})
	if !errors.Is(err, ankiconnect.ErrModelNotFound) {
		t.Errorf("FindModelsByID(Basic, 7) error = %v, want ErrModelNotFound", err)
	}
}

func TestFakeModelReads(t *testing.T) {
	c, ctx := New(t).Client(), t.Context()
	const basicBack = "{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}"
	tests := []struct {
		model       string
		fields      []string
		fonts       map[string]ankiconnect.FieldFont
		onTemplates map[string]ankiconnect.TemplateFields
		templates   map[string]ankiconnect.CardTemplate
	}{
		{
			model:       "Basic",
			fields:      []string{"Front", "Back"},
			fonts:       map[string]ankiconnect.FieldFont{"Front": {Font: "Arial", Size: 20}, "Back": {Font: "Arial", Size: 20}},
			onTemplates: map[string]ankiconnect.TemplateFields{"Card 1": {Question: []string{"Front"}, Answer: []string{"Back"}}},
			templates:   map[string]ankiconnect.CardTemplate{"Card 1": {Front: "{{Front}}", Back: basicBack}},
		},
		{
			model:  "Basic (and reversed card)",
			fields: []string{"Front", "Back"},
			fonts:  map[string]ankiconnect.FieldFont{"Front": {Font: "Arial", Size: 20}, "Back": {Font: "Arial", Size: 20}},
			onTemplates: map[string]ankiconnect.TemplateFields{
				"Card 1": {Question: []string{"Front"}, Answer: []string{"Back"}},
				"Card 2": {Question: []string{"Back"}, Answer: []string{"Front"}},
			},
			templates: map[string]ankiconnect.CardTemplate{
				"Card 1": {Front: "{{Front}}", Back: basicBack},
				"Card 2": {Front: "{{Back}}", Back: "{{FrontSide}}\n\n<hr id=answer>\n\n{{Front}}"},
			},
		},
		{
			// {{type:Back}} counts as Back, on the question side.
			model:       "basic (type in the answer)",
			fields:      []string{"Front", "Back"},
			fonts:       map[string]ankiconnect.FieldFont{"Front": {Font: "Arial", Size: 20}, "Back": {Font: "Arial", Size: 20}},
			onTemplates: map[string]ankiconnect.TemplateFields{"Card 1": {Question: []string{"Front", "Back"}, Answer: []string{}}},
			templates: map[string]ankiconnect.CardTemplate{"Card 1": {Front: "{{Front}}\n\n{{type:Back}}",
				Back: "{{Front}}\n\n<hr id=answer>\n\n{{type:Back}}"}},
		},
		{
			model:       "Cloze",
			fields:      []string{"Text", "Back Extra"},
			fonts:       map[string]ankiconnect.FieldFont{"Text": {Font: "Arial", Size: 20}, "Back Extra": {Font: "Arial", Size: 20}},
			onTemplates: map[string]ankiconnect.TemplateFields{"Cloze": {Question: []string{"Text"}, Answer: []string{"Back Extra"}}},
			templates:   map[string]ankiconnect.CardTemplate{"Cloze": {Front: "{{cloze:Text}}", Back: "{{cloze:Text}}<br>\n{{Back Extra}}"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.model, func(t *testing.T) {
			names, err := c.ModelFieldNames(ctx, tt.model)
			if diff := cmp.Diff(tt.fields, names); err != nil || diff != "" {
				t.Errorf("ModelFieldNames: %v (-want +got):\n%s", err, diff)
			}
			descs, err := c.ModelFieldDescriptions(ctx, tt.model)
			if diff := cmp.Diff(make([]string, len(tt.fields)), descs); err != nil || diff != "" {
				t.Errorf("ModelFieldDescriptions: %v (-want +got):\n%s", err, diff)
			}
			fonts, err := c.ModelFieldFonts(ctx, tt.model)
			if diff := cmp.Diff(tt.fonts, fonts); err != nil || diff != "" {
				t.Errorf("ModelFieldFonts: %v (-want +got):\n%s", err, diff)
			}
			on, err := c.ModelFieldsOnTemplates(ctx, tt.model)
			if diff := cmp.Diff(tt.onTemplates, on); err != nil || diff != "" {
				t.Errorf("ModelFieldsOnTemplates: %v (-want +got):\n%s", err, diff)
			}
			tmpls, err := c.ModelTemplates(ctx, tt.model)
			if diff := cmp.Diff(tt.templates, tmpls); err != nil || diff != "" {
				t.Errorf("ModelTemplates: %v (-want +got):\n%s", err, diff)
			}
			st, err := c.ModelStyling(ctx, tt.model)
			models, ferr := c.FindModelsByName(ctx, []string{tt.model})
			if err != nil || ferr != nil || len(models) != 1 || st.CSS != models[0].CSS || st.CSS == "" {
				t.Errorf("ModelStyling = %q, %v; want the model's CSS (%v)", st.CSS, err, ferr)
			}
		})
	}
}

// modelNameActions call each action that takes a note type by name, on
// the note type m.
var modelNameActions = map[string]func(ctx context.Context, c *ankiconnect.Client, model string) error{
	"modelFieldNames":        readByName((*ankiconnect.Client).ModelFieldNames),
	"modelFieldDescriptions": readByName((*ankiconnect.Client).ModelFieldDescriptions),
	"modelFieldFonts":        readByName((*ankiconnect.Client).ModelFieldFonts),
	"modelFieldsOnTemplates": readByName((*ankiconnect.Client).ModelFieldsOnTemplates),
	"modelTemplates":         readByName((*ankiconnect.Client).ModelTemplates),
	"modelStyling":           readByName((*ankiconnect.Client).ModelStyling),
	"updateModelTemplates": func(ctx context.Context, c *ankiconnect.Client, m string) error {
		return c.UpdateModelTemplates(ctx, m, map[string]ankiconnect.CardTemplate{"Card 1": {Front: "x"}})
	},
	"updateModelStyling": func(ctx context.Context, c *ankiconnect.Client, m string) error {
		return c.UpdateModelStyling(ctx, m, "x")
	},
	"findAndReplaceInModels": func(ctx context.Context, c *ankiconnect.Client, m string) error {
		return dropResult(c.FindAndReplaceInModels(ctx, ankiconnect.ModelFindReplace{ModelName: m, FindText: "a", ReplaceText: "b", CSS: true}))
	},
	"modelTemplateRename": func(ctx context.Context, c *ankiconnect.Client, m string) error {
		return c.ModelTemplateRename(ctx, m, "Card 1", "x")
	},
	"modelTemplateReposition": func(ctx context.Context, c *ankiconnect.Client, m string) error {
		return c.ModelTemplateReposition(ctx, m, "Card 1", 0)
	},
	"modelTemplateAdd": func(ctx context.Context, c *ankiconnect.Client, m string) error {
		return c.ModelTemplateAdd(ctx, m, ankiconnect.CardTemplate{Name: "x", Front: "{{Front}}", Back: "x"})
	},
	"modelTemplateRemove": func(ctx context.Context, c *ankiconnect.Client, m string) error {
		return c.ModelTemplateRemove(ctx, m, "Card 1")
	},
	"modelFieldRename": func(ctx context.Context, c *ankiconnect.Client, m string) error {
		return c.ModelFieldRename(ctx, m, "Front", "x")
	},
	"modelFieldReposition": func(ctx context.Context, c *ankiconnect.Client, m string) error {
		return c.ModelFieldReposition(ctx, m, "Front", 1)
	},
	"modelFieldAdd": func(ctx context.Context, c *ankiconnect.Client, m string) error {
		return c.ModelFieldAdd(ctx, m, "x", -1)
	},
	"modelFieldRemove": func(ctx context.Context, c *ankiconnect.Client, m string) error {
		return c.ModelFieldRemove(ctx, m, "Front")
	},
	"modelFieldSetFont": func(ctx context.Context, c *ankiconnect.Client, m string) error {
		return c.ModelFieldSetFont(ctx, m, "Front", "x")
	},
	"modelFieldSetFontSize": func(ctx context.Context, c *ankiconnect.Client, m string) error {
		return c.ModelFieldSetFontSize(ctx, m, "Front", 9)
	},
	"modelFieldSetDescription": func(ctx context.Context, c *ankiconnect.Client, m string) error {
		return dropResult(c.ModelFieldSetDescription(ctx, m, "Front", "x"))
	},
}

// dropResult returns only the error of a call.
func dropResult[R any](_ R, err error) error { return err }

// readByName turns a Client method that reads a note type by name into a
// modelNameActions entry.
func readByName[R any](read func(*ankiconnect.Client, context.Context, string) (R, error)) func(context.Context, *ankiconnect.Client, string) error {
	return func(ctx context.Context, c *ankiconnect.Client, m string) error { return dropResult(read(c, ctx, m)) }
}

func TestFakeModelActionsUnknownModel(t *testing.T) {
	f := New(t)
	c, ctx := f.Client(), t.Context()
	for action, call := range modelNameActions {
		err := call(ctx, c, "No Such Type")
		if !errors.Is(err, ankiconnect.ErrModelNotFound) {
			t.Errorf("%s(unknown model) error = %v, want ErrModelNotFound", action, err)
			continue
		}
		wantAPIError(t, err, action, fmt.Sprintf(wire.MsgModelNotFound, "No Such Type"))
	}
	if diff := cmp.Diff(stockModels, f.ModelNames()); diff != "" {
		t.Errorf("note types after the failures (-want +got):\n%s", diff)
	}
}

func TestFakeCreateModel(t *testing.T) {
	f := New(t)
	c, ctx := f.Client(), t.Context()
	p := ankiconnect.CreateModelParams{
		ModelName:     "Vocab",
		InOrderFields: []string{"Word", "Meaning"},
		CSS:           ".card { font-size: 30px; }",
		CardTemplates: []ankiconnect.CardTemplate{
			{Name: "Recognize", Front: "{{Word}}", Back: "{{FrontSide}}<hr>{{Meaning}}"},
			{Front: "{{Meaning}}", Back: "{{FrontSide}}<hr>{{Word}}"},
		},
	}
	m, err := c.CreateModel(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	type shape struct {
		Name, CSS string
		Type      ankiconnect.ModelType
		Fields    []string
		Templates [][3]string
		Req       []ankiconnect.TemplateRequirement
	}
	got := shape{Name: m.Name, CSS: m.CSS, Type: m.Type, Req: m.Req}
	for i, fld := range m.Fields {
		got.Fields = append(got.Fields, fmt.Sprint(fld.Ord, " ", fld.Name))
		if i != fld.Ord {
			t.Errorf("field %q has ord %d, want %d", fld.Name, fld.Ord, i)
		}
	}
	for _, tmpl := range m.Templates {
		got.Templates = append(got.Templates, [3]string{tmpl.Name, tmpl.QFmt, tmpl.AFmt})
	}
	want := shape{
		Name: "Vocab", CSS: p.CSS, Type: ankiconnect.ModelTypeStandard,
		Fields: []string{"0 Word", "1 Meaning"},
		// A template without a name is named "Card N" by its position.
		Templates: [][3]string{
			{"Recognize", "{{Word}}", "{{FrontSide}}<hr>{{Meaning}}"},
			{"Card 2", "{{Meaning}}", "{{FrontSide}}<hr>{{Word}}"},
		},
		Req: []ankiconnect.TemplateRequirement{{Template: 0, Kind: "any", Fields: []int{0}}, {Template: 1, Kind: "any", Fields: []int{1}}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("CreateModel (-want +got):\n%s", diff)
	}
	found, err := c.FindModelsByName(ctx, []string{"Vocab"})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]ankiconnect.Model{m}, found, cmp.AllowUnexported(ankiconnect.Model{}, ankiconnect.ModelField{}, ankiconnect.ModelTemplate{})); diff != "" {
		t.Errorf("FindModelsByName(Vocab) against CreateModel's result (-created +found):\n%s", diff)
	}
	if !slices.Contains(f.ModelNames(), "Vocab") {
		t.Errorf("Fake.ModelNames = %q, want Vocab", f.ModelNames())
	}

	cloze, err := c.CreateModel(ctx, ankiconnect.CreateModelParams{ModelName: "My Cloze", InOrderFields: []string{"Text"}, IsCloze: true,
		CardTemplates: []ankiconnect.CardTemplate{{Front: "{{cloze:Text}}", Back: "{{cloze:Text}}"}}})
	if err != nil || cloze.Type != ankiconnect.ModelTypeCloze {
		t.Errorf("CreateModel(cloze) = type %v, %v; want cloze", cloze.Type, err)
	}

	failures := []struct {
		name string
		p    ankiconnect.CreateModelParams
		msg  string
	}{
		{"same name", p, wire.MsgModelNameExists},
		{"no fields", ankiconnect.CreateModelParams{ModelName: "X", CardTemplates: p.CardTemplates}, wire.MsgCreateModelNoFields},
		{"no templates", ankiconnect.CreateModelParams{ModelName: "Y", InOrderFields: p.InOrderFields}, wire.MsgCreateModelNoTemplates},
	}
	for _, tt := range failures {
		_, err := c.CreateModel(ctx, tt.p)
		wantAPIError(t, err, "createModel", tt.msg)
	}
	if n := len(f.ModelNames()); n != len(stockModels)+2 {
		t.Errorf("after the failures the fake has %d note types, want %d", n, len(stockModels)+2)
	}
}

// modelState is what the edit tests read back after each step.
type modelState struct {
	Fields       []string
	Descriptions []string
	Fonts        map[string]ankiconnect.FieldFont
	Templates    []string // names, in order
	Sides        map[string]ankiconnect.CardTemplate
	CSS          string
	// NoteFields and Cards are the seeded note's fields and card count,
	// from Fake.Note.
	NoteFields map[string]string
	Cards      int
}

// readModel reads the state of the note type and of note through the client
// and the fake.
func readModel(t *testing.T, f *Fake, model string, note ankiconnect.NoteID) modelState {
	t.Helper()
	c, ctx := f.Client(), t.Context()
	var s modelState
	var err [5]error
	s.Fields, err[0] = c.ModelFieldNames(ctx, model)
	s.Descriptions, err[1] = c.ModelFieldDescriptions(ctx, model)
	s.Fonts, err[2] = c.ModelFieldFonts(ctx, model)
	s.Sides, err[3] = c.ModelTemplates(ctx, model)
	models, err4 := c.FindModelsByName(ctx, []string{model})
	err[4] = err4
	if e := errors.Join(err[:]...); e != nil {
		t.Fatal(e)
	}
	for _, tmpl := range models[0].Templates {
		s.Templates = append(s.Templates, tmpl.Name)
	}
	s.CSS = models[0].CSS
	n, ok := f.Note(note)
	if !ok {
		t.Fatalf("note %d is gone", note)
	}
	s.NoteFields, s.Cards = n.Fields, len(n.Cards)
	return s
}

func TestFakeModelEdits(t *testing.T) {
	f := New(t)
	c, ctx := f.Client(), t.Context()
	const css = ".card { color: red; }"
	if _, err := c.CreateModel(ctx, ankiconnect.CreateModelParams{
		ModelName: "Vocab", InOrderFields: []string{"Word", "Meaning", "Example"}, CSS: css,
		CardTemplates: []ankiconnect.CardTemplate{
			{Name: "Recognize", Front: "{{Word}}", Back: "{{FrontSide}}<hr>{{Meaning}}"},
			{Name: "Recall", Front: "{{Meaning}}", Back: "{{FrontSide}}<hr>{{Word}}"},
		},
	}); err != nil {
		t.Fatal(err)
	}
	note, err := c.AddNote(ctx, ankiconnect.Note{DeckName: "Default", ModelName: "Vocab",
		Fields: map[string]string{"Word": "Baum", "Meaning": "tree", "Example": "Der Baum ist alt."}})
	if err != nil {
		t.Fatal(err)
	}
	arial := ankiconnect.FieldFont{Font: "Arial", Size: 20}
	s := modelState{
		Fields: []string{"Word", "Meaning", "Example"}, Descriptions: []string{"", "", ""},
		Fonts:     map[string]ankiconnect.FieldFont{"Word": arial, "Meaning": arial, "Example": arial},
		Templates: []string{"Recognize", "Recall"},
		Sides: map[string]ankiconnect.CardTemplate{
			"Recognize": {Front: "{{Word}}", Back: "{{FrontSide}}<hr>{{Meaning}}"},
			"Recall":    {Front: "{{Meaning}}", Back: "{{FrontSide}}<hr>{{Word}}"},
		},
		CSS:        css,
		NoteFields: map[string]string{"Word": "Baum", "Meaning": "tree", "Example": "Der Baum ist alt."},
		Cards:      2,
	}
	if diff := cmp.Diff(s, readModel(t, f, "Vocab", note)); diff != "" {
		t.Fatalf("created note type (-want +got):\n%s", diff)
	}

	// Each step changes the state; want edits a copy of the previous one.
	steps := []struct {
		name string
		do   func() error
		want func(s *modelState)
	}{
		{
			"updateModelTemplates: only given non-empty sides of existing templates",
			func() error {
				return c.UpdateModelTemplates(ctx, "vocab", map[string]ankiconnect.CardTemplate{
					"Recognize": {Front: "<b>{{Word}}</b>"}, "Missing": {Front: "x", Back: "y"},
				})
			},
			func(s *modelState) {
				s.Sides["Recognize"] = ankiconnect.CardTemplate{Front: "<b>{{Word}}</b>", Back: s.Sides["Recognize"].Back}
			},
		},
		{
			"updateModelStyling",
			func() error { return c.UpdateModelStyling(ctx, "Vocab", ".card { color: red; background: red; }") },
			func(s *modelState) { s.CSS = ".card { color: red; background: red; }" },
		},
		{
			"findAndReplaceInModels in the CSS and question templates",
			func() error {
				n, err := c.FindAndReplaceInModels(ctx, ankiconnect.ModelFindReplace{ModelName: "Vocab", FindText: "red", ReplaceText: "navy", CSS: true})
				if err == nil && n != 1 {
					err = fmt.Errorf("%d note types changed, want 1", n)
				}
				if err == nil {
					n, err = c.FindAndReplaceInModels(ctx, ankiconnect.ModelFindReplace{ModelName: "Vocab", FindText: "<b>", ReplaceText: "<i>", Front: true})
				}
				if err == nil && n != 1 {
					err = fmt.Errorf("%d note types changed, want 1", n)
				}
				return err
			},
			func(s *modelState) {
				s.CSS = ".card { color: navy; background: navy; }"
				s.Sides["Recognize"] = ankiconnect.CardTemplate{Front: "<i>{{Word}}</b>", Back: s.Sides["Recognize"].Back}
			},
		},
		{
			"modelTemplateRename",
			func() error { return c.ModelTemplateRename(ctx, "Vocab", "Recall", "Produce") },
			func(s *modelState) {
				s.Templates = []string{"Recognize", "Produce"}
				s.Sides["Produce"] = s.Sides["Recall"]
				delete(s.Sides, "Recall")
			},
		},
		{
			"modelTemplateReposition",
			func() error { return c.ModelTemplateReposition(ctx, "Vocab", "Produce", 0) },
			func(s *modelState) { s.Templates = []string{"Produce", "Recognize"} },
		},
		{
			"modelTemplateAdd makes the note's card",
			func() error {
				return c.ModelTemplateAdd(ctx, "Vocab", ankiconnect.CardTemplate{Name: "Use", Front: "{{Example}}", Back: "{{FrontSide}}<hr>{{Word}}"})
			},
			func(s *modelState) {
				s.Templates = append(s.Templates, "Use")
				s.Sides["Use"] = ankiconnect.CardTemplate{Front: "{{Example}}", Back: "{{FrontSide}}<hr>{{Word}}"}
				s.Cards = 3
			},
		},
		{
			"modelTemplateRemove takes its cards",
			func() error { return c.ModelTemplateRemove(ctx, "Vocab", "Produce") },
			func(s *modelState) {
				s.Templates = []string{"Recognize", "Use"}
				delete(s.Sides, "Produce")
				s.Cards = 2
			},
		},
		{
			"modelFieldRename renames in notes and templates",
			func() error { return c.ModelFieldRename(ctx, "Vocab", "Example", "Sentence") },
			func(s *modelState) {
				s.Fields = []string{"Word", "Meaning", "Sentence"}
				s.Fonts["Sentence"] = s.Fonts["Example"]
				delete(s.Fonts, "Example")
				s.Sides["Use"] = ankiconnect.CardTemplate{Front: "{{Sentence}}", Back: s.Sides["Use"].Back}
				s.NoteFields["Sentence"] = s.NoteFields["Example"]
				delete(s.NoteFields, "Example")
			},
		},
		{
			"modelFieldReposition",
			func() error { return c.ModelFieldReposition(ctx, "Vocab", "Sentence", 0) },
			func(s *modelState) { s.Fields = []string{"Sentence", "Word", "Meaning"} },
		},
		{
			"modelFieldAdd at the end and at an index",
			func() error {
				return errors.Join(c.ModelFieldAdd(ctx, "Vocab", "Notes", -1), c.ModelFieldAdd(ctx, "Vocab", "Reading", 1))
			},
			func(s *modelState) {
				s.Fields = []string{"Sentence", "Reading", "Word", "Meaning", "Notes"}
				s.Descriptions = []string{"", "", "", "", ""}
				s.Fonts["Notes"], s.Fonts["Reading"] = arial, arial
				s.NoteFields["Notes"], s.NoteFields["Reading"] = "", ""
			},
		},
		{
			"modelFieldRemove drops the notes' values and the templates' references",
			func() error { return c.ModelFieldRemove(ctx, "Vocab", "Meaning") },
			func(s *modelState) {
				s.Sides["Recognize"] = ankiconnect.CardTemplate{Front: s.Sides["Recognize"].Front, Back: "{{FrontSide}}<hr>"}
				s.Fields = []string{"Sentence", "Reading", "Word", "Notes"}
				s.Descriptions = []string{"", "", "", ""}
				delete(s.Fonts, "Meaning")
				delete(s.NoteFields, "Meaning")
			},
		},
		{
			"modelFieldSetFont, SetFontSize and SetDescription",
			func() error {
				ok, err := c.ModelFieldSetDescription(ctx, "Vocab", "Word", "the German word")
				if err == nil && !ok {
					err = errors.New("ModelFieldSetDescription reported false")
				}
				return errors.Join(err, c.ModelFieldSetFont(ctx, "Vocab", "Word", "Noto Sans"),
					c.ModelFieldSetFontSize(ctx, "Vocab", "Word", 28))
			},
			func(s *modelState) {
				s.Descriptions[2] = "the German word"
				s.Fonts["Word"] = ankiconnect.FieldFont{Font: "Noto Sans", Size: 28}
			},
		},
	}
	for _, step := range steps {
		if err := step.do(); err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		step.want(&s)
		if diff := cmp.Diff(s, readModel(t, f, "Vocab", note)); diff != "" {
			t.Fatalf("after %s (-want +got):\n%s", step.name, diff)
		}
	}

	// Failures name the part not found and change nothing.
	failures := []struct {
		action string
		err    error
		msg    string
	}{
		{"modelTemplateRename", c.ModelTemplateRename(ctx, "Vocab", "Produce", "X"), fmt.Sprintf(wire.MsgTemplateNotFound, "Vocab", "Produce")},
		{"modelTemplateReposition", c.ModelTemplateReposition(ctx, "Vocab", "Nope", 0), fmt.Sprintf(wire.MsgTemplateNotFound, "Vocab", "Nope")},
		{"modelTemplateRemove", c.ModelTemplateRemove(ctx, "Vocab", "Nope"), fmt.Sprintf(wire.MsgTemplateNotFound, "Vocab", "Nope")},
		{"modelFieldRename", c.ModelFieldRename(ctx, "Vocab", "Meaning", "X"), fmt.Sprintf(wire.MsgFieldNotFound, "Vocab", "Meaning")},
		{"modelFieldRemove", c.ModelFieldRemove(ctx, "Vocab", "Nope"), fmt.Sprintf(wire.MsgFieldNotFound, "Vocab", "Nope")},
		{"modelFieldSetFont", c.ModelFieldSetFont(ctx, "Vocab", "Nope", "Arial"), fmt.Sprintf(wire.MsgFieldNotFound, "Vocab", "Nope")},
		// Anki keeps at least one template.
		{"modelTemplateRemove", c.ModelTemplateRemove(ctx, "Basic", "Card 1"), "must have 1 template"},
	}
	for _, tt := range failures {
		wantAPIError(t, tt.err, tt.action, tt.msg)
	}
	if diff := cmp.Diff(s, readModel(t, f, "Vocab", note)); diff != "" {
		t.Errorf("after the failures (-want +got):\n%s", diff)
	}
}
