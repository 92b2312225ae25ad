package wire

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ankiconnect-go/ankiconnect/internal/collection"
)

// The model actions' tests: each documented sample request (IDs aside), the
// errors, and the quirks the add-on and Anki have.

const (
	basicAnswer  = "{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}"
	reverseQuery = "{{FrontSide}}\n\n<hr id=answer>\n\n{{Front}}"
)

// modelSetup saves the stock note type IDs and adds two Basic and one
// reversed note.
func modelSetup(e *Env, vars map[string]string) error {
	for _, m := range e.Col.AllModels() {
		vars[m.Name] = fmt.Sprint(m.ID)
	}
	add := func(model, key string, fields ...string) {
		n := e.Col.NewNote(e.Col.ModelByName(model))
		copy(n.Fields, fields)
		e.Col.AddNote(n, e.Col.CreateDeck("Default"))
		vars[key] = fmt.Sprint(n.ID)
	}
	add("Basic", "n1", "f1", "b1")
	add("Basic", "n2", "f2", "b2")
	add("Basic (and reversed card)", "r1", "rf", "rb")
	return nil
}

// keyOrder returns the keys of a JSON object in the order they appear.
func keyOrder(t *testing.T, raw json.RawMessage) []string {
	t.Helper()
	members, ok := objectMembers(raw)
	if !ok {
		t.Fatalf("not an object: %s", raw)
	}
	var keys []string
	for _, m := range members {
		keys = append(keys, m.Key)
	}
	return keys
}

// wantKeys checks a result object's keys, in order.
func wantKeys(want ...string) func(t *testing.T, raw json.RawMessage) {
	return func(t *testing.T, raw json.RawMessage) {
		t.Helper()
		if diff := cmp.Diff(want, keyOrder(t, raw)); diff != "" {
			t.Errorf("keys (-want +got):\n%s", diff)
		}
	}
}

// both runs several checks on one result.
func both(checks ...func(t *testing.T, raw json.RawMessage)) func(t *testing.T, raw json.RawMessage) {
	return func(t *testing.T, raw json.RawMessage) {
		t.Helper()
		for _, c := range checks {
			c(t, raw)
		}
	}
}

// stockModelJSON checks a findModelsBy* result against the documented
// sample for Basic and Basic (and reversed card).
func stockModelJSON(t *testing.T, raw json.RawMessage) {
	t.Helper()
	var models []json.RawMessage
	if err := json.Unmarshal(raw, &models); err != nil || len(models) != 2 {
		t.Fatalf("result %s", raw)
	}
	keys := []string{"id", "name", "type", "mod", "usn", "sortf", "did", "tmpls", "flds", "css",
		"latexPre", "latexPost", "latexsvg", "req", "originalStockKind"}
	for _, m := range models {
		if diff := cmp.Diff(keys, keyOrder(t, m)); diff != "" {
			t.Errorf("model keys (-want +got):\n%s", diff)
		}
		// Template and field IDs are signed 64-bit integers, written in full.
		if bytes.ContainsAny(m, "eE") && !bytes.Contains(m, []byte("latex")) {
			t.Errorf("model JSON has a number in exponent form: %s", m)
		}
	}
	field := func(name string, ord int) map[string]any {
		return map[string]any{"name": name, "ord": float64(ord), "sticky": false, "rtl": false, "font": "Arial",
			"size": 20.0, "description": "", "plainText": false, "collapsed": false, "excludeFromSearch": false,
			"tag": nil, "preventDeletion": false}
	}
	tmpl := func(name string, ord int, q, a string) map[string]any {
		return map[string]any{"name": name, "ord": float64(ord), "qfmt": q, "afmt": a, "bqfmt": "", "bafmt": "",
			"did": nil, "bfont": "", "bsize": 0.0}
	}
	dropIDs := func(list any) any {
		for _, x := range list.([]any) {
			delete(x.(map[string]any), "id")
		}
		return list
	}
	wantPaths(map[string]any{
		"0.name": "Basic", "0.type": 0.0, "0.usn": -1.0, "0.sortf": 0.0, "0.did": nil, "0.css": collection.DefaultCSS,
		"0.latexPre": collection.DefaultLatexPre, "0.latexPost": collection.DefaultLatexPost, "0.latexsvg": false,
		"0.req": []any{[]any{0.0, "any", []any{0.0}}}, "0.originalStockKind": 1.0,
		"1.name": "Basic (and reversed card)", "1.type": 0.0, "1.sortf": 0.0, "1.did": nil,
		"1.req": []any{[]any{0.0, "any", []any{0.0}}, []any{1.0, "any", []any{1.0}}},
	})(t, raw)
	for i, want := range []struct{ tmpls, flds []any }{
		{[]any{tmpl("Card 1", 0, "{{Front}}", basicAnswer)}, []any{field("Front", 0), field("Back", 1)}},
		{[]any{tmpl("Card 1", 0, "{{Front}}", basicAnswer), tmpl("Card 2", 1, "{{Back}}", reverseQuery)},
			[]any{field("Front", 0), field("Back", 1)}},
	} {
		if diff := cmp.Diff(want.tmpls, dropIDs(jsonPath(t, raw, fmt.Sprint(i, ".tmpls")))); diff != "" {
			t.Errorf("model %d tmpls (-want +got):\n%s", i, diff)
		}
		if diff := cmp.Diff(want.flds, dropIDs(jsonPath(t, raw, fmt.Sprint(i, ".flds")))); diff != "" {
			t.Errorf("model %d flds (-want +got):\n%s", i, diff)
		}
	}
}

var stockNames = `["Basic", "Basic (and reversed card)", "Basic (optional reversed card)", "Basic (type in the answer)", "Cloze", "Image Occlusion"]`

func TestModelReadActions(t *testing.T) {
	runScript(t, Config{}, modelSetup, []step{
		{action: "modelNames", want: stockNames},
		{action: "modelNamesAndIds", want: `{"Basic": ${Basic}, "Basic (and reversed card)": ${Basic (and reversed card)},
			"Basic (optional reversed card)": ${Basic (optional reversed card)}, "Basic (type in the answer)": ${Basic (type in the answer)},
			"Cloze": ${Cloze}, "Image Occlusion": ${Image Occlusion}}`},
		{action: "modelNamesAndIds", check: wantKeys("Basic", "Basic (and reversed card)", "Basic (optional reversed card)",
			"Basic (type in the answer)", "Cloze", "Image Occlusion")},
		{action: "findModelsById", params: `{"modelIds": [${Basic}, ${Basic (and reversed card)}]}`, check: stockModelJSON},
		{action: "findModelsById", params: `{"modelIds": ["${Basic}"]}`, check: wantPaths(map[string]any{"0.name": "Basic"})},
		{action: "findModelsById", params: `{"modelIds": [${Basic}, 42]}`, err: "model was not found: 42"},
		{action: "findModelsById", params: `{"modelIds": ["abc"]}`, err: "invalid literal for int() with base 10: 'abc'"},
		{action: "findModelsById", params: `{"modelIds": [null]}`, err: "model was not found: None"},
		{action: "findModelsById", params: `{"modelIds": 5}`, err: "'int' object is not iterable"},
		{action: "findModelsById", params: `{"modelIds": []}`, want: `[]`},
		{action: "findModelsByName", params: `{"modelNames": ["Basic", "Basic (and reversed card)"]}`, check: stockModelJSON},
		{action: "findModelsByName", params: `{"modelNames": ["basic"]}`, check: wantPaths(map[string]any{"0.name": "Basic"})},
		{action: "findModelsByName", params: `{"modelNames": ["Basic", "Nope"]}`, err: "model was not found: Nope"},
		{action: "findModelsByName", params: `{}`, err: "AnkiConnect.findModelsByName() missing 1 required positional argument: 'modelNames'"},
		{action: "modelNameFromId", params: `{"modelId": ${Cloze}}`, want: `"Cloze"`},
		{action: "modelNameFromId", params: `{"modelId": 7}`, err: "model was not found: 7"},
		{action: "modelFieldNames", params: `{"modelName": "Basic"}`, want: `["Front", "Back"]`},
		{action: "modelFieldNames", params: `{"modelName": "CLOZE"}`, want: `["Text", "Back Extra"]`},
		{action: "modelFieldNames", params: `{"modelName": "Nope"}`, err: "model was not found: Nope"},
		{action: "modelFieldNames", params: `{"modelName": 5}`, err: "model was not found: 5"},
		{action: "modelFieldDescriptions", params: `{"modelName": "Basic"}`, want: `["", ""]`},
		{action: "modelFieldFonts", params: `{"modelName": "Basic"}`, want: `{"Front": {"font": "Arial", "size": 20}, "Back": {"font": "Arial", "size": 20}}`},
		{action: "modelFieldFonts", params: `{"modelName": "Basic"}`, check: wantKeys("Front", "Back")},
		{action: "modelFieldsOnTemplates", params: `{"modelName": "Basic (and reversed card)"}`,
			want: `{"Card 1": [["Front"], ["Back"]], "Card 2": [["Back"], ["Front"]]}`},
		{action: "modelFieldsOnTemplates", params: `{"modelName": "Basic (and reversed card)"}`, check: wantKeys("Card 1", "Card 2")},
		{action: "modelFieldsOnTemplates", params: `{"modelName": "Cloze"}`, want: `{"Cloze": [["Text"], ["Back Extra"]]}`},
		{action: "modelFieldsOnTemplates", params: `{"modelName": "Basic (optional reversed card)"}`,
			want: `{"Card 1": [["Front"], ["Back"]], "Card 2": [["Back"], ["Front"]]}`},
		{action: "modelFieldsOnTemplates", params: `{"modelName": "Basic (type in the answer)"}`, want: `{"Card 1": [["Front", "Back"], []]}`},
		{action: "modelFieldsOnTemplates", params: `{"modelName": "Nope"}`, err: "model was not found: Nope"},
		{action: "modelTemplates", params: `{"modelName": "Basic (and reversed card)"}`, check: both(
			wantKeys("Card 1", "Card 2"),
			wantPaths(map[string]any{
				"Card 1": map[string]any{"Front": "{{Front}}", "Back": basicAnswer},
				"Card 2": map[string]any{"Front": "{{Back}}", "Back": reverseQuery},
			}))},
		{action: "modelStyling", params: `{"modelName": "Basic (and reversed card)"}`, want: fmt.Sprintf(`{"css": %q}`, collection.DefaultCSS)},
		{action: "modelStyling", params: `{"modelName": "Cloze"}`, want: fmt.Sprintf(`{"css": %q}`, collection.DefaultCSS+collection.ClozeCSS)},
		{action: "modelStyling", params: `{"modelName": "x"}`, err: "model was not found: x"},
	})
}

// cardTypeError is the backend's message for a bad card template.
func cardTypeError(n int, model, details string) string {
	return fmt.Sprintf("Card template \u2068%d\u2069 in note type '\u2068%s\u2069' has a problem.<br>%s", n, model, details)
}

func TestCreateModel(t *testing.T) {
	sample := `{"modelName": "newModelName", "inOrderFields": ["Field1", "Field2", "Field3"],
		"css": "Optional CSS with default to builtin css", "isCloze": false,
		"cardTemplates": [{"Name": "My Card 1", "Front": "Front html {{Field1}}", "Back": "Back html  {{Field2}}"}]}`
	oneField := func(name, templates string) string {
		return fmt.Sprintf(`{"modelName": %q, "inOrderFields": ["A", "B"], "cardTemplates": %s}`, name, templates)
	}
	runScript(t, Config{}, modelSetup, []step{
		{action: "createModel", params: sample, check: both(
			wantKeys("id", "name", "type", "mod", "usn", "sortf", "did", "tmpls", "flds", "css",
				"latexPre", "latexPost", "latexsvg", "req", "originalStockKind"),
			wantPaths(map[string]any{
				"name": "newModelName", "type": 0.0, "css": "Optional CSS with default to builtin css", "sortf": 0.0,
				"usn": -1.0, "mod": float64(colTestTime.Unix()), "originalStockKind": 1.0,
				"tmpls.0.name": "My Card 1", "tmpls.0.ord": 0.0, "tmpls.0.qfmt": "Front html {{Field1}}",
				"tmpls.0.afmt": "Back html  {{Field2}}", "flds.0.name": "Field1", "flds.1.name": "Field2",
				"flds.2.name": "Field3", "flds.2.ord": 2.0, "flds.2.font": "Arial", "flds.2.size": 20.0,
				"req": []any{[]any{0.0, "any", []any{0.0}}},
			}))},
		{action: "modelNames", want: `["Basic", "Basic (and reversed card)", "Basic (optional reversed card)",
			"Basic (type in the answer)", "Cloze", "Image Occlusion", "newModelName"]`},
		{action: "createModel", params: sample, err: "Model name already exists"},
		// The add-on's check is exact-case; Anki then makes the name unique.
		{action: "createModel", params: oneField("BASIC", `[{"Front": "{{A}}", "Back": "{{B}}"}]`), check: func(t *testing.T, r json.RawMessage) {
			name, _ := jsonPath(t, r, "name").(string)
			if len(name) != len("BASIC-12345") || name[:6] != "BASIC-" {
				t.Errorf("name = %q, want BASIC- and five hex digits", name)
			}
		}},
		{action: "createModel", params: oneField("Named",
			`[{"Front": "{{A}}", "Back": ""}, {"Name": "Rev", "Front": "{{B}}", "Back": ""}, {"Front": "{{A}}{{B}}", "Back": ""}]`),
			check: wantPaths(map[string]any{"tmpls.0.name": "Card 1", "tmpls.1.name": "Rev", "tmpls.2.name": "Card 3"})},
		{action: "createModel", params: `{"modelName": "My Cloze", "inOrderFields": ["Text"], "isCloze": true,
			"cardTemplates": [{"Front": "{{cloze:Text}}", "Back": "{{cloze:Text}}"}]}`,
			check: wantPaths(map[string]any{"type": 1.0, "css": collection.DefaultCSS, "tmpls.0.name": "Card 1"})},
		{action: "createModel", params: `{"modelName": "Empty CSS", "inOrderFields": ["A"], "css": "",
			"cardTemplates": [{"Front": "{{A}}", "Back": ""}]}`, check: wantPaths(map[string]any{"css": ""})},
		{action: "createModel", params: `{"modelName": "x", "inOrderFields": [], "cardTemplates": []}`, err: "Must provide at least one field for inOrderFields"},
		{action: "createModel", params: `{"modelName": "x", "inOrderFields": ["A"], "cardTemplates": []}`, err: "Must provide at least one card for cardTemplates"},
		{action: "createModel", params: oneField("x", `[{"Name": "T", "Back": ""}]`), err: "'Front'"},
		{action: "createModel", params: oneField("x", `[{"Front": "{{A}}"}]`), err: "'Back'"},
		{action: "createModel", params: oneField("x", `["{{A}}"]`), err: "string indices must be integers, not 'str'"},
		{action: "createModel", params: oneField("x", `[{"Front": "{{C}}", "Back": ""}]`),
			err: cardTypeError(1, "x", "Field '\u2068C\u2069' not found.")},
		{action: "createModel", params: `{"modelName": "x", "inOrderFields": ["A"], "isCloze": 1,
			"cardTemplates": [{"Front": "{{A}}", "Back": "{{A}}"}]}`,
			err: cardTypeError(1, "x", "Expected to find '{{cloze:Text}}' or similar on the front and back of the card template.")},
		{action: "createModel", params: `{"modelName": "x", "inOrderFields": ["A"]}`,
			err: "AnkiConnect.createModel() missing 1 required positional argument: 'cardTemplates'"},
		{action: "findModelsByName", params: `{"modelNames": ["x"]}`, err: "model was not found: x"},
		// modelFieldsOnTemplates is the add-on's regular expression, not a
		// template parser: spaces, "^" and repeats stay.
		{action: "createModel", params: `{"modelName": "Quirky", "inOrderFields": ["A", "B", "C"],
			"cardTemplates": [{"Front": "{{ A }}{{A}}{{#C}}{{^B}}x{{/B}}{{/C}}", "Back": "{{A}}{{hint:C}}{{FrontSide}}"}]}`,
			check: wantPaths(map[string]any{"name": "Quirky"})},
		{action: "modelFieldsOnTemplates", params: `{"modelName": "Quirky"}`, want: `{"Card 1": [[" A ", "A", "^B"], ["C"]]}`},
	})
}

func TestModelTemplateActions(t *testing.T) {
	custom := `{"modelName": "Custom", "inOrderFields": ["Question", "Answer"],
		"cardTemplates": [{"Front": "{{Question}}", "Back": "{{Answer}}"}, {"Front": "{{Answer}}", "Back": "{{Question}}"}]}`
	runScript(t, Config{}, modelSetup, []step{
		{action: "createModel", params: custom, check: wantPaths(map[string]any{"name": "Custom"})},
		// updateModelTemplates: the README sample, then partial updates.
		{action: "updateModelTemplates", params: `{"model": {"name": "Custom", "templates": {"Card 1": {"Front": "{{Question}}?", "Back": "{{Answer}}!"}}}}`, want: `null`},
		{action: "modelTemplates", params: `{"modelName": "Custom"}`,
			want: `{"Card 1": {"Front": "{{Question}}?", "Back": "{{Answer}}!"}, "Card 2": {"Front": "{{Answer}}", "Back": "{{Question}}"}}`},
		{action: "updateModelTemplates", params: `{"model": {"name": "custom", "templates": {"Card 2": {"Front": "", "Back": "B"}, "Card 9": {"Front": "x"}, "Card 1": null}}}`, want: `null`},
		{action: "modelTemplates", params: `{"modelName": "Custom"}`,
			want: `{"Card 1": {"Front": "{{Question}}?", "Back": "{{Answer}}!"}, "Card 2": {"Front": "{{Answer}}", "Back": "B"}}`},
		{action: "updateModelTemplates", params: `{"model": {"name": "Custom", "templates": {"Card 2": {"Front": "{{Question}}?"}}}}`,
			err: cardTypeError(2, "Custom", "The front side is identical to card template \u20681\u2069.")},
		{action: "modelTemplates", params: `{"modelName": "Custom"}`, check: wantPaths(map[string]any{"Card 2.Front": "{{Answer}}"})},
		{action: "updateModelTemplates", params: `{"model": {"name": "Nope", "templates": {}}}`, err: "model was not found: Nope"},
		{action: "updateModelTemplates", params: `{"model": {"name": "Custom"}}`, err: "'templates'"},
		{action: "updateModelTemplates", params: `{"model": {"templates": {}}}`, err: "'name'"},
		{action: "updateModelTemplates", params: `{"model": {"name": "Custom", "templates": []}}`, err: "'list' object has no attribute 'get'"},

		// updateModelStyling: the README sample.
		{action: "updateModelStyling", params: `{"model": {"name": "Custom", "css": "p { color: blue; }"}}`, want: `null`},
		{action: "modelStyling", params: `{"modelName": "Custom"}`, want: `{"css": "p { color: blue; }"}`},
		{action: "updateModelStyling", params: `{"model": {"name": "Custom"}}`, err: "'css'"},

		// findAndReplaceInModels: the README sample nests the params, which
		// the add-on rejects; its params are top level.
		{action: "findAndReplaceInModels", params: `{"model": {"modelName": "", "findText": "text_to_replace",
			"replaceText": "replace_with_text", "front": true, "back": true, "css": true}}`,
			err: "AnkiConnect.findAndReplaceInModels() got an unexpected keyword argument 'model'"},
		{action: "findAndReplaceInModels", params: `{"modelName": "", "findText": "{{Question}}?", "replaceText": "{{Question}}??"}`, want: `1`},
		{action: "modelTemplates", params: `{"modelName": "Custom"}`, check: wantPaths(map[string]any{"Card 1.Front": "{{Question}}??"})},
		{action: "findAndReplaceInModels", params: `{"modelName": null, "findText": "font-family: arial", "replaceText": "font-family: serif", "front": false, "back": false}`, want: `6`},
		{action: "modelStyling", params: `{"modelName": "Basic"}`, check: func(t *testing.T, r json.RawMessage) {
			if css := jsonPath(t, r, "css").(string); !bytes.Contains([]byte(css), []byte("font-family: serif;")) {
				t.Errorf("css = %q", css)
			}
		}},
		{action: "findAndReplaceInModels", params: `{"modelName": "Custom", "findText": "blue", "replaceText": "red", "front": true, "back": true, "css": false}`, want: `0`},
		{action: "findAndReplaceInModels", params: `{"modelName": "Custom", "findText": "blue", "replaceText": "red"}`, want: `1`},
		{action: "modelStyling", params: `{"modelName": "Custom"}`, want: `{"css": "p { color: red; }"}`},
		{action: "findAndReplaceInModels", params: `{"modelName": "Custom", "findText": "{{Answer}}", "replaceText": "x", "front": false, "css": false}`, want: `1`},
		{action: "modelTemplates", params: `{"modelName": "Custom"}`, want: `{"Card 1": {"Front": "{{Question}}??", "Back": "x!"}, "Card 2": {"Front": "{{Answer}}", "Back": "B"}}`},
		{action: "findAndReplaceInModels", params: `{"modelName": "Nope", "findText": "a", "replaceText": "b"}`, err: "model was not found: Nope"},

		// modelTemplateRename / Reposition / Add / Remove: the README samples.
		{action: "modelTemplateRename", params: `{"modelName": "Basic", "oldTemplateName": "Card 1", "newTemplateName": "Card 1 renamed"}`, want: `null`},
		{action: "modelTemplates", params: `{"modelName": "Basic"}`, check: wantKeys("Card 1 renamed")},
		{action: "modelTemplateRename", params: `{"modelName": "Basic", "oldTemplateName": "card 1 renamed", "newTemplateName": "x"}`,
			err: "template was not found in Basic: card 1 renamed"},
		{action: "modelTemplateRename", params: `{"modelName": "Basic", "oldTemplateName": "Card 1 renamed", "newTemplateName": "\"\""}`,
			err: "Template name contains only quotes"},
		{action: "modelTemplateReposition", params: `{"modelName": "Basic", "templateName": "Card 1 renamed", "index": 1}`, want: `null`},
		{action: "modelTemplateAdd", params: `{"modelName": "Basic", "template": {"Name": "Card 3", "Front": "Front html {{Field1}}", "Back": "Back html {{Field2}}"}}`,
			err: cardTypeError(2, "Basic", "Field '\u2068Field1\u2069' not found.")},
		{action: "modelTemplateAdd", params: `{"modelName": "Basic", "template": {"Name": "Card 3", "Front": "Front html {{Back}}", "Back": "Back html {{Front}}"}}`, want: `null`},
		{action: "modelTemplates", params: `{"modelName": "Basic"}`, check: wantKeys("Card 1 renamed", "Card 3")},
		// The new template's cards exist for the notes whose front renders.
		{action: "notesInfo", params: `{"notes": [${n1}]}`, check: func(t *testing.T, r json.RawMessage) {
			if cards := jsonPath(t, r, "0.cards").([]any); len(cards) != 2 {
				t.Errorf("note cards = %v, want 2", cards)
			}
		}},
		// An existing name: the add-on changes its cached copy only.
		{action: "modelTemplateAdd", params: `{"modelName": "Basic", "template": {"Name": "Card 3", "Front": "{{Back}}!", "Back": "x"}}`, want: `null`},
		{action: "modelTemplates", params: `{"modelName": "Basic"}`, check: wantPaths(map[string]any{"Card 3": map[string]any{"Front": "{{Back}}!", "Back": "x"}})},
		{action: "modelTemplateAdd", params: `{"modelName": "Basic", "template": {"Front": "a", "Back": "b"}}`, err: "'Name'"},
		{action: "modelTemplateAdd", params: `{"modelName": "Basic", "template": {"Name": "New"}}`, err: "'Front'"},
		{action: "modelTemplateRemove", params: `{"modelName": "Basic", "templateName": "Card 1 renamed"}`, want: `null`},
		{action: "modelTemplates", params: `{"modelName": "Basic"}`, check: wantKeys("Card 3")},
		{action: "notesInfo", params: `{"notes": [${n1}]}`, check: func(t *testing.T, r json.RawMessage) {
			if cards := jsonPath(t, r, "0.cards").([]any); len(cards) != 1 {
				t.Errorf("note cards = %v, want 1", cards)
			}
		}},
		{action: "modelTemplateRemove", params: `{"modelName": "Basic", "templateName": "Card 3"}`, err: "must have 1 template"},
		{action: "modelTemplateRemove", params: `{"modelName": "Basic", "templateName": "Nope"}`, err: "template was not found in Basic: Nope"},
	})
}

func TestModelTemplateRepositionMovesCards(t *testing.T) {
	setup := func(e *Env, vars map[string]string) error {
		if err := modelSetup(e, vars); err != nil {
			return err
		}
		var id int64
		fmt.Sscan(vars["r1"], &id)
		vars["card1"] = fmt.Sprint(e.Col.NoteByID(id).Cards()[0].ID) // made from Card 1
		return nil
	}
	runScript(t, Config{}, setup, []step{
		{action: "cardsInfo", params: `{"cards": [${card1}]}`, check: wantPaths(map[string]any{"0.ord": 0.0})},
		{action: "modelTemplateReposition", params: `{"modelName": "Basic (and reversed card)", "templateName": "Card 1", "index": 1}`, want: `null`},
		{action: "modelTemplates", params: `{"modelName": "Basic (and reversed card)"}`, check: wantKeys("Card 2", "Card 1")},
		{action: "cardsInfo", params: `{"cards": [${card1}]}`, check: wantPaths(map[string]any{"0.ord": 1.0})},
		{action: "modelTemplateReposition", params: `{"modelName": "Basic (and reversed card)", "templateName": "Card 1", "index": -2}`, want: `null`},
		{action: "modelTemplates", params: `{"modelName": "Basic (and reversed card)"}`, check: wantKeys("Card 1", "Card 2")},
		{action: "cardsInfo", params: `{"cards": [${card1}]}`, check: wantPaths(map[string]any{"0.ord": 0.0})},
		{action: "modelTemplateReposition", params: `{"modelName": "Basic (and reversed card)", "templateName": "Card 1", "index": "1"}`,
			err: "'str' object cannot be interpreted as an integer"},
	})
}

// fieldsOf is notesInfo's fields object for one note as a want string.
func fieldsOf(pairs ...string) string {
	var b bytes.Buffer
	b.WriteString(`{`)
	for i := 0; i < len(pairs); i += 2 {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, `%q: {"value": %q, "order": %d}`, pairs[i], pairs[i+1], i/2)
	}
	b.WriteString(`}`)
	return b.String()
}

// noteFields checks the fields of note ${key} through notesInfo.
func noteFields(key string, pairs ...string) step {
	return step{action: "notesInfo", params: `{"notes": [${` + key + `}]}`, check: func(t *testing.T, r json.RawMessage) {
		t.Helper()
		fields, _ := json.Marshal(jsonPath(t, r, "0.fields"))
		assertJSON(t, "note fields", fieldsOf(pairs...), fields)
		var keys []string
		for i := 0; i < len(pairs); i += 2 {
			keys = append(keys, pairs[i])
		}
		var notes []json.RawMessage
		_ = json.Unmarshal(r, &notes)
		members, _ := objectMembers(notes[0])
		raw, _ := lookup(members, "fields")
		wantKeys(keys...)(t, raw)
	}}
}

func TestModelFieldActions(t *testing.T) {
	runScript(t, Config{}, modelSetup, []step{
		// modelFieldRename: the README sample; templates and notes follow.
		{action: "modelFieldRename", params: `{"modelName": "Basic", "oldFieldName": "Front", "newFieldName": "FrontRenamed"}`, want: `null`},
		{action: "modelFieldNames", params: `{"modelName": "Basic"}`, want: `["FrontRenamed", "Back"]`},
		{action: "modelTemplates", params: `{"modelName": "Basic"}`, want: `{"Card 1": {"Front": "{{FrontRenamed}}", "Back": ` + fmt.Sprintf("%q", basicAnswer) + `}}`},
		// Anki also fills the empty browser question with the first field.
		{action: "findModelsByName", params: `{"modelNames": ["Basic"]}`, check: wantPaths(map[string]any{
			"0.tmpls.0.bqfmt": "{{FrontRenamed}}", "0.tmpls.0.bafmt": ""})},
		noteFields("n1", "FrontRenamed", "f1", "Back", "b1"),
		{action: "modelFieldRename", params: `{"modelName": "Basic", "oldFieldName": "front", "newFieldName": "x"}`, err: "field was not found in Basic: front"},
		{action: "modelFieldRename", params: `{"modelName": "Nope", "oldFieldName": "Front", "newFieldName": "x"}`, err: "model was not found: Nope"},
		{action: "modelFieldRename", params: `{"modelName": "Basic", "oldFieldName": "Back", "newFieldName": ":{}"}`, err: "Field name: "},
		{action: "modelFieldRename", params: `{"modelName": "Basic", "oldFieldName": "Back"}`,
			err: "AnkiConnect.modelFieldRename() missing 1 required positional argument: 'newFieldName'"},

		// modelFieldReposition: the README sample, then Python's list.insert.
		{action: "modelFieldReposition", params: `{"modelName": "Basic", "fieldName": "Back", "index": 0}`, want: `null`},
		{action: "modelFieldNames", params: `{"modelName": "Basic"}`, want: `["Back", "FrontRenamed"]`},
		noteFields("n2", "Back", "b2", "FrontRenamed", "f2"),
		{action: "modelFieldReposition", params: `{"modelName": "Basic", "fieldName": "Back", "index": 2}`, want: `null`},
		{action: "modelFieldNames", params: `{"modelName": "Basic"}`, want: `["FrontRenamed", "Back"]`},
		{action: "modelFieldReposition", params: `{"modelName": "Basic", "fieldName": "Back", "index": -1}`, want: `null`},
		{action: "modelFieldNames", params: `{"modelName": "Basic"}`, want: `["Back", "FrontRenamed"]`},
		{action: "modelFieldReposition", params: `{"modelName": "Basic", "fieldName": "Back", "index": true}`, want: `null`},
		{action: "modelFieldNames", params: `{"modelName": "Basic"}`, want: `["FrontRenamed", "Back"]`},
		{action: "modelFieldReposition", params: `{"modelName": "Basic", "fieldName": "Back", "index": 1.0}`, want: `null`},
		{action: "modelFieldReposition", params: `{"modelName": "Basic", "fieldName": "Back", "index": 0.5}`, err: "'float' object cannot be interpreted as an integer"},
		{action: "modelFieldReposition", params: `{"modelName": "Basic", "fieldName": "Back", "index": null}`, err: "'NoneType' object cannot be interpreted as an integer"},
		{action: "modelFieldReposition", params: `{"modelName": "Basic", "fieldName": "Back", "index": 99999999999999999999}`, err: "Python int too large to convert to C ssize_t"},
		{action: "modelFieldNames", params: `{"modelName": "Basic"}`, want: `["FrontRenamed", "Back"]`},
		noteFields("n1", "FrontRenamed", "f1", "Back", "b1"),

		// modelFieldAdd: the README sample, an existing field, no index.
		{action: "modelFieldAdd", params: `{"modelName": "Basic", "fieldName": "NewField", "index": 0}`, want: `null`},
		{action: "modelFieldNames", params: `{"modelName": "Basic"}`, want: `["NewField", "FrontRenamed", "Back"]`},
		noteFields("n1", "NewField", "", "FrontRenamed", "f1", "Back", "b1"),
		{action: "modelFieldAdd", params: `{"modelName": "Basic", "fieldName": "NewField", "index": 5}`, want: `null`},
		{action: "modelFieldAdd", params: `{"modelName": "Basic", "fieldName": "Extra"}`, want: `null`},
		{action: "modelFieldNames", params: `{"modelName": "Basic"}`, want: `["FrontRenamed", "Back", "NewField", "Extra"]`},
		// Anki stores "back" beside "Back" as "back+", so the add-on's
		// lookup for the move fails after the field was added.
		{action: "modelFieldAdd", params: `{"modelName": "Basic", "fieldName": "back", "index": 0}`, err: "'back'"},
		{action: "modelFieldNames", params: `{"modelName": "Basic"}`, want: `["FrontRenamed", "Back", "NewField", "Extra", "back+"]`},
		{action: "modelFieldAdd", params: `{"modelName": "Basic", "fieldName": "Other", "index": "0"}`, err: "'str' object cannot be interpreted as an integer"},
		{action: "modelFieldAdd", params: `{"modelName": "Basic", "fieldName": ""}`, err: "Empty field name"},
		{action: "modelFieldNames", params: `{"modelName": "Basic"}`, want: `["FrontRenamed", "Back", "NewField", "Extra", "back+"]`},
		noteFields("n2", "FrontRenamed", "f2", "Back", "b2", "NewField", "", "Extra", "", "back+", ""),

		// modelFieldRemove: notes lose the value, templates the reference.
		{action: "modelFieldRemove", params: `{"modelName": "Basic", "fieldName": "FrontRenamed"}`, want: `null`},
		{action: "modelFieldNames", params: `{"modelName": "Basic"}`, want: `["Back", "NewField", "Extra", "back+"]`},
		{action: "modelTemplates", params: `{"modelName": "Basic"}`, want: `{"Card 1": {"Front": "{{Back}}", "Back": ` + fmt.Sprintf("%q", basicAnswer) + `}}`},
		noteFields("n1", "Back", "b1", "NewField", "", "Extra", "", "back+", ""),
		{action: "modelFieldRemove", params: `{"modelName": "Basic", "fieldName": "Nope"}`, err: "field was not found in Basic: Nope"},

		// The field setters: the README samples and the type checks.
		{action: "modelFieldSetFont", params: `{"modelName": "Basic", "fieldName": "Back", "font": "Courier"}`, want: `null`},
		{action: "modelFieldSetFontSize", params: `{"modelName": "Basic", "fieldName": "Back", "fontSize": 10}`, want: `null`},
		{action: "modelFieldFonts", params: `{"modelName": "Basic"}`, check: wantPaths(map[string]any{
			"Back": map[string]any{"font": "Courier", "size": 10.0}, "Extra": map[string]any{"font": "Arial", "size": 20.0}})},
		{action: "modelFieldSetDescription", params: `{"modelName": "Basic", "fieldName": "Back", "description": "example field description"}`, want: `true`},
		{action: "modelFieldDescriptions", params: `{"modelName": "Basic"}`, want: `["example field description", "", "", ""]`},
		{action: "modelFieldSetFont", params: `{"modelName": "Basic", "fieldName": "Back", "font": 5}`, err: "font should be a string: 5"},
		{action: "modelFieldSetFontSize", params: `{"modelName": "Basic", "fieldName": "Back", "fontSize": "10"}`, err: "fontSize should be an integer: 10"},
		{action: "modelFieldSetFontSize", params: `{"modelName": "Basic", "fieldName": "Back", "fontSize": 1.5}`, err: "fontSize should be an integer: 1.5"},
		{action: "modelFieldSetDescription", params: `{"modelName": "Basic", "fieldName": "Back", "description": null}`, err: "description should be a string: None"},
		{action: "modelFieldSetFont", params: `{"modelName": "Basic", "fieldName": "Nope", "font": 5}`, err: "field was not found in Basic: Nope"},

		// Removing the last field is refused by the backend.
		{action: "modelFieldRemove", params: `{"modelName": "Basic (type in the answer)", "fieldName": "Back"}`, want: `null`},
		{action: "modelFieldRemove", params: `{"modelName": "Basic (type in the answer)", "fieldName": "Front"}`, err: "1 field required"},
		{action: "modelTemplates", params: `{"modelName": "Basic (type in the answer)"}`,
			want: `{"Card 1": {"Front": "{{Front}}\n\n", "Back": "{{Front}}\n\n<hr id=answer>\n\n"}}`},
	})
}

func TestClozeFieldRename(t *testing.T) {
	runScript(t, Config{}, nil, []step{
		{action: "modelFieldRename", params: `{"modelName": "Cloze", "oldFieldName": "Text", "newFieldName": "Body"}`, want: `null`},
		{action: "findModelsByName", params: `{"modelNames": ["Cloze"]}`, check: wantPaths(map[string]any{
			"0.tmpls.0.qfmt":  "{{cloze:Body}}",
			"0.tmpls.0.afmt":  "{{cloze:Body}}<br>\n{{Back Extra}}",
			"0.tmpls.0.bqfmt": "{{cloze:Body}}",
			"0.tmpls.0.bafmt": "{{cloze:Body}}",
		})},
		// Without its cloze field, each side gets the cloze of the first field.
		{action: "modelFieldRemove", params: `{"modelName": "Cloze", "fieldName": "Body"}`, want: `null`},
		{action: "modelTemplates", params: `{"modelName": "Cloze"}`,
			want: `{"Cloze": {"Front": "{{cloze:Back Extra}}", "Back": "<br>\n{{Back Extra}}{{cloze:Back Extra}}"}}`},
	})
}
