package ankiconnect

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func init() {
	// Models keep the JSON they were decoded from, like DeckConfig; the
	// shared sample runners compare their typed fields only. What they keep
	// is checked by TestModelRoundTrip.
	cmpKept = cmp.Options{cmpKept, cmpopts.IgnoreUnexported(Model{}, ModelField{}, ModelTemplate{})}
}

const sampleLatexPre = "\\documentclass[12pt]{article}\n\\special{papersize=3in,5in}\n\\usepackage[utf8]{inputenc}\n" +
	"\\usepackage{amssymb,amsmath}\n\\pagestyle{empty}\n\\setlength{\\parindent}{0in}\n\\begin{document}\n"

const sampleBasicCSS = ".card {\n    font-family: arial;\n    font-size: 20px;\n    text-align: center;\n" +
	"    color: black;\n    background-color: white;\n}\n"

// sampleField is a field of the documented models, which differ only in
// name, position and ID.
func sampleField(name string, ord int, id int64) ModelField {
	return ModelField{Name: name, Ord: ord, Font: "Arial", Size: 20, ID: id}
}

// sampleModels is the typed form of the documented findModelsById and
// findModelsByName result. The template and field IDs are above 2^53: a
// float64 on the way would change them.
var sampleModels = []Model{
	{
		ID: 1704387367119, Name: "Basic", Type: ModelTypeStandard, Mod: 1704387367, USN: -1,
		Templates: []ModelTemplate{{Name: "Card 1", QFmt: "{{Front}}",
			AFmt: "{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}", ID: 9176047152973362695}},
		Fields: []ModelField{sampleField("Front", 0, 2453723143453745216),
			sampleField("Back", 1, -4853200230425436781)},
		CSS: sampleBasicCSS, LatexPre: sampleLatexPre, LatexPost: "\\end{document}",
		Req:               []TemplateRequirement{{Template: 0, Kind: "any", Fields: []int{0}}},
		OriginalStockKind: 1,
	},
	{
		ID: 1704387398570, Name: "Basic (and reversed card)", Type: ModelTypeStandard, Mod: 1704387398, USN: -1,
		Templates: []ModelTemplate{
			{Name: "Card 1", QFmt: "{{Front}}", AFmt: "{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}",
				ID: 1689886528158874152},
			{Name: "Card 2", Ord: 1, QFmt: "{{Back}}", AFmt: "{{FrontSide}}\n\n<hr id=answer>\n\n{{Front}}",
				ID: -7839609225644824587},
		},
		Fields: []ModelField{sampleField("Front", 0, -7787837672455357996),
			sampleField("Back", 1, 6364828289839985081)},
		CSS: sampleBasicCSS, LatexPre: sampleLatexPre, LatexPost: "\\end{document}",
		Req: []TemplateRequirement{{Template: 0, Kind: "any", Fields: []int{0}},
			{Template: 1, Kind: "any", Fields: []int{1}}},
		OriginalStockKind: 1,
	},
}

func TestModelActionSamples(t *testing.T) {
	reversedTemplates := map[string]CardTemplate{
		"Card 1": {Front: "{{Front}}", Back: "{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}"},
		"Card 2": {Front: "{{Back}}", Back: "{{FrontSide}}\n\n<hr id=answer>\n\n{{Front}}"},
	}
	oldCSS := ".card {\n font-family: arial;\n font-size: 20px;\n text-align: center;\n color: black;\n" +
		" background-color: white;\n}\n"
	runTwins(t, []twinCase{
		{"modelNames", "ModelNames", nil, []string{"Basic", "Basic (and reversed card)"}},
		{"modelNamesAndIds", "ModelNamesAndIDs", nil, map[string]ModelID{"Basic": 1483883011648,
			"Basic (and reversed card)": 1483883011644, "Basic (optional reversed card)": 1483883011631,
			"Cloze": 1483883011630}},
		// Undocumented: request and result written from the actions table.
		{"modelNameFromId", "ModelNameFromID", []any{ModelID(1704387367119)}, "Basic"},
		{"modelFieldNames", "ModelFieldNames", []any{"Basic"}, []string{"Front", "Back"}},
		{"modelFieldDescriptions", "ModelFieldDescriptions", []any{"Basic"}, []string{"", ""}},
		{"modelFieldFonts", "ModelFieldFonts", []any{"Basic"},
			map[string]FieldFont{"Front": {"Arial", 20}, "Back": {"Arial", 20}}},
		{"modelFieldsOnTemplates", "ModelFieldsOnTemplates", []any{"Basic (and reversed card)"},
			map[string]TemplateFields{"Card 1": {[]string{"Front"}, []string{"Back"}},
				"Card 2": {[]string{"Back"}, []string{"Front"}}}},
		{"modelTemplates", "ModelTemplates", []any{"Basic (and reversed card)"}, reversedTemplates},
		{"modelStyling", "ModelStyling", []any{"Basic (and reversed card)"}, ModelStyling{CSS: oldCSS}},
		{"updateModelTemplates", "UpdateModelTemplates", []any{"Custom",
			map[string]CardTemplate{"Card 1": {Front: "{{Question}}?", Back: "{{Answer}}!"}}}, nil},
		{"updateModelStyling", "UpdateModelStyling", []any{"Custom", "p { color: blue; }"}, nil},
		// The documented request nests the params under "model"; the
		// add-on takes them at the top level (it would fail with an
		// unexpected keyword argument "model"), so the stored request is
		// the corrected one.
		{"findAndReplaceInModels", "FindAndReplaceInModels", []any{ModelFindReplace{FindText: "text_to_replace",
			ReplaceText: "replace_with_text", Front: true, Back: true, CSS: true}}, 1},
		{"modelTemplateRename", "ModelTemplateRename", []any{"Basic", "Card 1", "Card 1 renamed"}, nil},
		{"modelTemplateReposition", "ModelTemplateReposition", []any{"Basic", "Card 1", 1}, nil},
		{"modelTemplateAdd", "ModelTemplateAdd", []any{"Basic", CardTemplate{Name: "Card 3",
			Front: "Front html {{Field1}}", Back: "Back html {{Field2}}"}}, nil},
		{"modelTemplateRemove", "ModelTemplateRemove", []any{"Basic", "Card 1"}, nil},
		{"modelFieldRename", "ModelFieldRename", []any{"Basic", "Front", "FrontRenamed"}, nil},
		{"modelFieldReposition", "ModelFieldReposition", []any{"Basic", "Back", 0}, nil},
		{"modelFieldAdd", "ModelFieldAdd", []any{"Basic", "NewField", 0}, nil},
		{"modelFieldRemove", "ModelFieldRemove", []any{"Basic", "Front"}, nil},
		{"modelFieldSetFont", "ModelFieldSetFont", []any{"Basic", "Front", "Courier"}, nil},
		{"modelFieldSetFontSize", "ModelFieldSetFontSize", []any{"Basic", "Front", 10}, nil},
		{"modelFieldSetDescription", "ModelFieldSetDescription", []any{"Basic", "Front",
			"example field description"}, true},
	})
	// Models keep the JSON they came from, which runTwins cannot compare:
	// these run through the Client only, their Multi twins through
	// TestModelMulti.
	runSamples(t, []sampleCase{
		{"findModelsById", func(ctx context.Context, c *Client) (any, error) {
			return c.FindModelsByID(ctx, []ModelID{1704387367119, 1704387398570})
		}, sampleModels},
		{"findModelsByName", func(ctx context.Context, c *Client) (any, error) {
			return c.FindModelsByName(ctx, []string{"Basic", "Basic (and reversed card)"})
		}, sampleModels},
		// The documented result is from an old Anki (no template or field
		// IDs, keys since removed such as "vers" and "tags"); it decodes
		// all the same.
		{"createModel", func(ctx context.Context, c *Client) (any, error) {
			return c.CreateModel(ctx, CreateModelParams{
				ModelName: "newModelName", InOrderFields: []string{"Field1", "Field2", "Field3"},
				CSS: "Optional CSS with default to builtin css", IsCloze: false,
				CardTemplates: []CardTemplate{{Name: "My Card 1", Front: "Front html {{Field1}}",
					Back: "Back html  {{Field2}}"}},
			})
		}, Model{
			ID: 1551462107104, Name: "TestApiModel", Mod: 1551462107, USN: -1, DeckID: 1,
			Templates: []ModelTemplate{{Name: "My Card 1", AFmt: "This is the back of the card {{Field2}}"}},
			Fields: []ModelField{{Name: "Field1", Font: "Arial", Size: 20},
				{Name: "Field2", Ord: 1, Font: "Arial", Size: 20}},
			CSS: oldCSS, LatexPre: sampleLatexPre, LatexPost: "\\end{document}",
			Req: []TemplateRequirement{{Template: 0, Kind: "none", Fields: []int{}}},
		}},
	})
}

func TestModelActionReplies(t *testing.T) {
	runReplies(t, []replyCase{
		{"modelFieldSetDescription on Anki 2.1.49 and older", `false`,
			func(ctx context.Context, c *Client) (any, error) {
				return c.ModelFieldSetDescription(ctx, "Basic", "Front", "x")
			}, false},
		{"modelFieldsOnTemplates of Cloze", `{"Cloze": [["Text"], ["Back Extra"]]}`,
			func(ctx context.Context, c *Client) (any, error) { return c.ModelFieldsOnTemplates(ctx, "Cloze") },
			map[string]TemplateFields{"Cloze": {[]string{"Text"}, []string{"Back Extra"}}}},
		{"modelFieldsOnTemplates with a template showing no field", `{"Card 1": [[], []]}`,
			func(ctx context.Context, c *Client) (any, error) { return c.ModelFieldsOnTemplates(ctx, "x") },
			map[string]TemplateFields{"Card 1": {[]string{}, []string{}}}},
		{"findAndReplaceInModels that changed nothing", `0`,
			func(ctx context.Context, c *Client) (any, error) {
				return c.FindAndReplaceInModels(ctx, ModelFindReplace{FindText: "absent", CSS: true})
			}, 0},
		{"a current cloze model: null IDs, deck, stock kind", `[{"id": 1700000000001, "name": "Cloze",
			"type": 1, "mod": 1700000000, "usn": -1, "sortf": 0, "did": 1, "tmpls": [{"name": "Cloze",
			"ord": 0, "qfmt": "{{cloze:Text}}", "afmt": "{{cloze:Text}}<br>\n{{Back Extra}}", "bqfmt": "",
			"bafmt": "", "did": null, "bfont": "", "bsize": 0, "id": null}], "flds": [{"name": "Text",
			"ord": 0, "sticky": false, "rtl": false, "font": "Arial", "size": 20, "description": "",
			"plainText": false, "collapsed": false, "excludeFromSearch": false, "id": null, "tag": null,
			"preventDeletion": true}], "css": ".card {}", "latexPre": "", "latexPost": "", "latexsvg": true,
			"req": [[0, "any", [0]]], "originalStockKind": 5}]`,
			func(ctx context.Context, c *Client) (any, error) { return c.FindModelsByName(ctx, []string{"Cloze"}) },
			[]Model{{ID: 1700000000001, Name: "Cloze", Type: ModelTypeCloze, Mod: 1700000000, USN: -1, DeckID: 1,
				Templates: []ModelTemplate{{Name: "Cloze", QFmt: "{{cloze:Text}}",
					AFmt: "{{cloze:Text}}<br>\n{{Back Extra}}"}},
				Fields: []ModelField{{Name: "Text", Font: "Arial", Size: 20, PreventDeletion: true}},
				CSS:    ".card {}", LatexSVG: true,
				Req:               []TemplateRequirement{{Template: 0, Kind: "any", Fields: []int{0}}},
				OriginalStockKind: 5}}},
	})
}

func TestModelActionErrors(t *testing.T) {
	c, _ := mockClient(t, []string{`{"result": null, "error": "model was not found: 1"}`})
	_, err := c.FindModelsByID(context.Background(), []ModelID{1704387367119, 1})
	var api *APIError
	if !errors.As(err, &api) || api.Message != "model was not found: 1" || !errors.Is(err, ErrModelNotFound) {
		t.Errorf("FindModelsByID of an unknown ID: %v, want the add-on's message as ErrModelNotFound", err)
	}
}

func TestModelMalformedReplies(t *testing.T) {
	runMalformed(t, []malformedCase{
		{"requirement of 2 elements", `[{"req": [[0, "any"]]}]`, func(ctx context.Context, c *Client) error {
			_, err := c.FindModelsByID(ctx, []ModelID{1})
			return err
		}},
		{"requirement kind not a string", `[{"req": [[0, 1, [0]]]}]`, func(ctx context.Context, c *Client) error {
			_, err := c.FindModelsByID(ctx, []ModelID{1})
			return err
		}},
		{"field ID as a string", `{"flds": [{"id": "x"}]}`, func(ctx context.Context, c *Client) error {
			_, err := c.CreateModel(ctx, CreateModelParams{})
			return err
		}},
		{"template fields with 3 sides", `{"Card 1": [[], [], []]}`, func(ctx context.Context, c *Client) error {
			_, err := c.ModelFieldsOnTemplates(ctx, "x")
			return err
		}},
		{"model not an object", `["Basic"]`, func(ctx context.Context, c *Client) error {
			_, err := c.FindModelsByName(ctx, nil)
			return err
		}},
	})
}

// TestModelFieldAddIndex checks that a negative index appends: the index
// is left out, so the add-on's default (the end) applies.
func TestModelFieldAddIndex(t *testing.T) {
	runRequests(t, []requestCase{
		{"negative index appends", func(ctx context.Context, c *Client) error {
			return c.ModelFieldAdd(ctx, "Basic", "Extra", -1)
		}, `{"modelName": "Basic", "fieldName": "Extra"}`},
		{"index 2", func(ctx context.Context, c *Client) error {
			return c.ModelFieldAdd(ctx, "Basic", "Extra", 2)
		}, `{"modelName": "Basic", "fieldName": "Extra", "index": 2}`},
		{"createModel without CSS sends none", func(ctx context.Context, c *Client) error {
			_, err := c.CreateModel(ctx, CreateModelParams{ModelName: "M", InOrderFields: []string{"A"},
				IsCloze: true, CardTemplates: []CardTemplate{{Front: "{{cloze:A}}", Back: "{{cloze:A}}"}}})
			return err
		}, `{"modelName": "M", "inOrderFields": ["A"], "isCloze": true,
			"cardTemplates": [{"Front": "{{cloze:A}}", "Back": "{{cloze:A}}"}]}`},
	})
}

// modernModel is a note type as a newer Anki might send it: keys the SDK
// does not model at every level, IDs beyond 2^53, floats and nesting.
const modernModel = `{
	"id": 1704387367119, "name": "Basic", "type": 0, "mod": 1704387367, "usn": -1, "sortf": 0, "did": null,
	"tmpls": [
		{"name": "Card 1", "ord": 0, "qfmt": "{{Front}}", "afmt": "{{FrontSide}}<hr id=answer>{{Back}}",
			"bqfmt": "", "bafmt": "", "did": null, "bfont": "", "bsize": 0, "id": 9176047152973362695,
			"futureTemplateKey": {"a": [1.50, null]}},
		{"name": "Card 2", "ord": 1, "qfmt": "{{Back}}", "afmt": "{{Front}}", "bqfmt": "", "bafmt": "",
			"did": 1, "bfont": "Arial", "bsize": 12, "id": -7839609225644824587}
	],
	"flds": [
		{"name": "Front", "ord": 0, "sticky": false, "rtl": false, "font": "Arial", "size": 20,
			"description": "", "plainText": false, "collapsed": false, "excludeFromSearch": false,
			"id": 2453723143453745216, "tag": null, "preventDeletion": false, "media": [],
			"futureFieldKey": 1e3},
		{"name": "Back", "ord": 1, "sticky": true, "rtl": false, "font": "Arial", "size": 20,
			"description": "the answer", "plainText": false, "collapsed": true, "excludeFromSearch": false,
			"id": -4853200230425436781, "tag": 7, "preventDeletion": false}
	],
	"css": ".card {}", "latexPre": "\\begin{document}", "latexPost": "\\end{document}", "latexsvg": false,
	"req": [[0, "any", [0]], [1, "all", [1]]], "originalStockKind": 1, "originalId": null,
	"futureModelKey": {"nested": [1, "<b>&</b>", null, {"deep": 12345678901234567890}]}
}`

// TestModelRoundTrip decodes a model, changes it and encodes it again: the
// JSON must equal the received one (every key, numbers exactly as written)
// except for the change.
func TestModelRoundTrip(t *testing.T) {
	flds := func(m map[string]any, i int) map[string]any { return m["flds"].([]any)[i].(map[string]any) }
	tmpls := func(m map[string]any, i int) map[string]any { return m["tmpls"].([]any)[i].(map[string]any) }
	for _, tc := range []struct {
		name   string
		change func(*Model)
		patch  func(m map[string]any) // the expected change to the received JSON
	}{
		{"unchanged", func(*Model) {}, func(map[string]any) {}},
		{"css", func(m *Model) { m.CSS = ".card { color: red; }" },
			func(m map[string]any) { m["css"] = ".card { color: red; }" }},
		{"a field's font", func(m *Model) { m.Fields[0].Font = "Courier" },
			func(m map[string]any) { flds(m, 0)["font"] = "Courier" }},
		{"a template's question", func(m *Model) { m.Templates[1].QFmt = "{{Back}}?" },
			func(m map[string]any) { tmpls(m, 1)["qfmt"] = "{{Back}}?" }},
		{"a template's deck", func(m *Model) { m.Templates[0].DeckID = 5 },
			func(m map[string]any) { tmpls(m, 0)["did"] = json.Number("5") }},
		{"a requirement", func(m *Model) { m.Req[1].Kind = "any" },
			func(m map[string]any) { m["req"].([]any)[1].([]any)[1] = "any" }},
		{"a field added", func(m *Model) {
			m.Fields = append(m.Fields, ModelField{Name: "Extra", Ord: 2, Font: "Arial", Size: 20})
		}, func(m map[string]any) {
			m["flds"] = append(m["flds"].([]any), decodeJSON(t, []byte(`{"name": "Extra", "ord": 2,
				"sticky": false, "rtl": false, "font": "Arial", "size": 20, "description": "",
				"plainText": false, "collapsed": false, "excludeFromSearch": false, "id": 0,
				"preventDeletion": false}`)))
		}},
		{"a value set back to what it was", func(m *Model) { m.Name = "x"; m.Name = "Basic" },
			func(map[string]any) {}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, _ := mockClient(t, []string{`{"result": [` + modernModel + `], "error": null}`})
			models, err := c.FindModelsByName(context.Background(), []string{"Basic"})
			if err != nil || len(models) != 1 {
				t.Fatalf("FindModelsByName: %v, %d models", err, len(models))
			}
			if models[0].Templates[0].ID != 9176047152973362695 || models[0].Fields[1].ID != -4853200230425436781 {
				t.Errorf("IDs not exact: template %d, field %d", models[0].Templates[0].ID, models[0].Fields[1].ID)
			}
			tc.change(&models[0])
			b, err := json.Marshal(models[0])
			if err != nil {
				t.Fatal(err)
			}
			want := decodeJSON(t, []byte(modernModel)).(map[string]any)
			tc.patch(want)
			if diff := cmp.Diff(any(want), decodeJSON(t, b)); diff != "" {
				t.Errorf("encoded model differs from the received one (-want +got):\n%s", diff)
			}
		})
	}
}

// TestModelFromScratch checks that a Model that was not received encodes
// its typed fields, zero or not, with the requirements as tuples.
func TestModelFromScratch(t *testing.T) {
	b, err := json.Marshal(Model{ID: 1, Name: "M", Type: ModelTypeCloze,
		Templates: []ModelTemplate{{Name: "T", QFmt: "q", AFmt: "a", ID: -1}},
		Req:       []TemplateRequirement{{Template: 0, Kind: "none"}}})
	if err != nil {
		t.Fatal(err)
	}
	wantJSON(t, decodeJSON(t, b), `{"id": 1, "name": "M", "type": 1, "mod": 0, "usn": 0, "sortf": 0, "did": 0,
		"tmpls": [{"name": "T", "ord": 0, "qfmt": "q", "afmt": "a", "bqfmt": "", "bafmt": "", "did": 0,
			"bfont": "", "bsize": 0, "id": -1}],
		"flds": null, "css": "", "latexPre": "", "latexPost": "", "latexsvg": false,
		"req": [[0, "none", []]], "originalStockKind": 0}`)
}

func TestModelTypeString(t *testing.T) {
	for v, want := range map[ModelType]string{ModelTypeStandard: "standard", ModelTypeCloze: "cloze", 7: "ModelType(7)"} {
		if got := v.String(); got != want {
			t.Errorf("ModelType(%d).String() = %q, want %q", int(v), got, want)
		}
	}
}

// TestModelMulti runs the samples of the actions that return models through
// their Multi twins, in one Multi: each inner request must equal its sample
// request, and each result the Client's.
func TestModelMulti(t *testing.T) {
	files := []string{"findModelsById", "findModelsByName", "createModel"}
	var replies []string
	for _, f := range files {
		replies = append(replies, readTestdata(t, "testdata/results/"+f+".json"))
	}
	c, rec := mockClient(t, append(replies, `{"result": [`+strings.Join(replies, ",")+`], "error": null}`))
	ctx := context.Background()
	byID, err1 := c.FindModelsByID(ctx, []ModelID{1704387367119, 1704387398570})
	byName, err2 := c.FindModelsByName(ctx, []string{"Basic", "Basic (and reversed card)"})
	params := CreateModelParams{ModelName: "newModelName", InOrderFields: []string{"Field1", "Field2", "Field3"},
		CSS: "Optional CSS with default to builtin css",
		CardTemplates: []CardTemplate{{Name: "My Card 1", Front: "Front html {{Field1}}",
			Back: "Back html  {{Field2}}"}}}
	created, err3 := c.CreateModel(ctx, params)
	if err := errors.Join(err1, err2, err3); err != nil {
		t.Fatal(err)
	}
	m := c.NewMulti()
	pByID := m.FindModelsByID([]ModelID{1704387367119, 1704387398570})
	pByName := m.FindModelsByName([]string{"Basic", "Basic (and reversed card)"})
	pCreated := m.CreateModel(params)
	if err := m.Do(ctx); err != nil {
		t.Fatal(err)
	}
	inner := rec.request(t, len(files)).(map[string]any)["params"].(map[string]any)["actions"].([]any)
	for i, f := range files {
		wantJSON(t, inner[i], readTestdata(t, "testdata/requests/"+f+".json"))
	}
	mByID, err1 := pByID.Result()
	mByName, err2 := pByName.Result()
	mCreated, err3 := pCreated.Result()
	if err := errors.Join(err1, err2, err3); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]any{byID, byName, created}, []any{mByID, mByName, mCreated}, cmpKept); diff != "" {
		t.Errorf("Multi results differ from the Client's (-client +multi):\n%s", diff)
	}
}
