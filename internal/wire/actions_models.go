package wire

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/ankiconnect-go/ankiconnect/internal/collection"
	"github.com/ankiconnect-go/ankiconnect/internal/render"
)

// Model actions (AnkiConnect's "Model Actions"). The add-on looks note types
// up by name case-insensitively, fields and templates by exact name, and
// saves every edit through Anki's backend, which collection.EditModel
// reproduces.

func init() {
	modelName := Param{Name: "modelName", Required: true}
	fieldName := Param{Name: "fieldName", Required: true}
	required := func(names ...string) []Param {
		ps := make([]Param, len(names))
		for i, n := range names {
			ps[i] = Param{Name: n, Required: true}
		}
		return ps
	}
	Register(Action{Name: "modelNames", Run: func(e *Env, a Args) (any, error) {
		return e.Col.ModelNames(), nil
	}})
	Register(Action{Name: "modelNamesAndIds", Run: func(e *Env, a Args) (any, error) {
		var out orderedObject
		for _, m := range e.Col.AllModels() {
			out = append(out, keyValue{m.Name, m.ID})
		}
		return out, nil
	}})
	Register(Action{Name: "findModelsById", Params: required("modelIds"), Run: findModelsByID})
	Register(Action{Name: "findModelsByName", Params: required("modelNames"), Run: findModelsByName})
	Register(Action{Name: "modelNameFromId", Params: required("modelId"), Run: func(e *Env, a Args) (any, error) {
		m, err := modelByID(e, a.Raw("modelId"))
		if err != nil {
			return nil, err
		}
		return m.Name, nil
	}})
	Register(Action{Name: "modelFieldNames", Params: []Param{modelName}, Run: modelReader(func(m *collection.Model) any {
		return m.FieldNames()
	})})
	Register(Action{Name: "modelFieldDescriptions", Params: []Param{modelName}, Run: modelReader(func(m *collection.Model) any {
		out := make([]string, len(m.Fields))
		for i, f := range m.Fields {
			out[i] = f.Description
		}
		return out
	})})
	Register(Action{Name: "modelFieldFonts", Params: []Param{modelName}, Run: modelReader(func(m *collection.Model) any {
		var out orderedObject
		for _, f := range m.Fields {
			out = append(out, keyValue{f.Name, fieldFont{f.Font, f.Size}})
		}
		return out
	})})
	Register(Action{Name: "modelFieldsOnTemplates", Params: []Param{modelName}, Run: modelReader(fieldsOnTemplates)})
	Register(Action{Name: "modelTemplates", Params: []Param{modelName}, Run: modelReader(func(m *collection.Model) any {
		var out orderedObject
		for _, t := range m.Templates {
			out = append(out, keyValue{t.Name, templateSides{t.Qfmt, t.Afmt}})
		}
		return out
	})})
	Register(Action{Name: "modelStyling", Params: []Param{modelName}, Run: modelReader(func(m *collection.Model) any {
		return map[string]string{"css": m.CSS}
	})})
	Register(Action{Name: "createModel", Params: []Param{
		modelName, {Name: "inOrderFields", Required: true}, {Name: "cardTemplates", Required: true},
		{Name: "css"}, {Name: "isCloze", Default: false},
	}, Run: createModel})
	Register(Action{Name: "updateModelTemplates", Params: required("model"), Run: updateModelTemplates})
	Register(Action{Name: "updateModelStyling", Params: required("model"), Run: updateModelStyling})
	Register(Action{Name: "findAndReplaceInModels", Params: []Param{
		modelName, {Name: "findText", Required: true}, {Name: "replaceText", Required: true},
		{Name: "front", Default: true}, {Name: "back", Default: true}, {Name: "css", Default: true},
	}, Run: findAndReplaceInModels})
	Register(Action{Name: "modelTemplateRename", Params: required("modelName", "oldTemplateName", "newTemplateName"), Run: templatePart.renamer("oldTemplateName", "newTemplateName")})
	Register(Action{Name: "modelTemplateReposition", Params: required("modelName", "templateName", "index"), Run: templatePart.repositioner("templateName")})
	Register(Action{Name: "modelTemplateAdd", Params: required("modelName", "template"), Run: modelTemplateAdd})
	Register(Action{Name: "modelTemplateRemove", Params: required("modelName", "templateName"), Run: modelTemplateRemove})
	Register(Action{Name: "modelFieldRename", Params: required("modelName", "oldFieldName", "newFieldName"), Run: fieldPart.renamer("oldFieldName", "newFieldName")})
	Register(Action{Name: "modelFieldReposition", Params: required("modelName", "fieldName", "index"), Run: fieldPart.repositioner("fieldName")})
	Register(Action{Name: "modelFieldAdd", Params: []Param{modelName, fieldName, {Name: "index"}}, Run: modelFieldAdd})
	Register(Action{Name: "modelFieldRemove", Params: required("modelName", "fieldName"), Run: modelFieldRemove})
	Register(Action{Name: "modelFieldSetFont", Params: required("modelName", "fieldName", "font"), Run: fieldSetter("font", MsgFontNotString)})
	Register(Action{Name: "modelFieldSetFontSize", Params: required("modelName", "fieldName", "fontSize"), Run: fieldSetter("fontSize", MsgFontSizeNotInteger)})
	Register(Action{Name: "modelFieldSetDescription", Params: required("modelName", "fieldName", "description"), Run: fieldSetter("description", MsgDescriptionNotString)})
}

// keyValue is one member of an orderedObject.
type keyValue struct {
	Key   string
	Value any
}

// orderedObject is a JSON object that keeps its members' order, as a Python
// dict does.
type orderedObject []keyValue

// MarshalJSON writes the members in order.
func (o orderedObject) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, kv := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := json.Marshal(kv.Key)
		if err != nil {
			return nil, err
		}
		v, err := json.Marshal(kv.Value)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

type fieldFont struct {
	Font string `json:"font"`
	Size int    `json:"size"`
}

type templateSides struct {
	Front string `json:"Front"`
	Back  string `json:"Back"`
}

// fieldsOnTemplates is modelFieldsOnTemplates: per template, the names on
// the question side and those on the answer side by the add-on's regular
// expression, quirks included (render.FieldsOnTemplate).
func fieldsOnTemplates(m *collection.Model) any {
	var out orderedObject
	for _, t := range m.Templates {
		q, a := render.FieldsOnTemplate(t.Qfmt, t.Afmt)
		out = append(out, keyValue{t.Name, [2][]string{q, a}})
	}
	return out
}

// modelByName is the add-on's getModel: a case-insensitive name lookup.
func modelByName(e *Env, raw json.RawMessage) (*collection.Model, error) {
	var name string
	if decodeStrict(raw, &name) == nil {
		if m := e.Col.ModelByName(name); m != nil {
			return m, nil
		}
	}
	return nil, fmt.Errorf(MsgModelNotFound, pyStr(raw))
}

// modelByID is models.get(id): an integer, or a string int() parses.
func modelByID(e *Env, raw json.RawMessage) (*collection.Model, error) {
	var id int64
	switch PyTypeName(raw) {
	case "str":
		n, err := pyInt(raw)
		if err != nil {
			return nil, err
		}
		id = n
	case "int", "float":
		var f float64
		if json.Unmarshal(raw, &id) != nil && json.Unmarshal(raw, &f) == nil && f == math.Trunc(f) && math.Abs(f) < math.MaxInt64 {
			id = int64(f)
		}
	}
	if m := e.Col.ModelByID(id); m != nil {
		return m, nil
	}
	return nil, fmt.Errorf(MsgModelNotFound, pyStr(raw))
}

// pyStr is PyStr that also prints a missing value (empty raw) as None.
func pyStr(raw json.RawMessage) string {
	if isJSONNull(raw) {
		return "None"
	}
	return PyStr(raw)
}

// modelReader serves an action that only reads the note type named by
// modelName.
func modelReader(read func(m *collection.Model) any) func(e *Env, a Args) (any, error) {
	return func(e *Env, a Args) (any, error) {
		m, err := modelByName(e, a.Raw("modelName"))
		if err != nil {
			return nil, err
		}
		return read(m), nil
	}
}

// findModels looks up every item of the list param, failing on the first
// unknown one.
func findModels(e *Env, raw json.RawMessage, find func(*Env, json.RawMessage) (*collection.Model, error)) (any, error) {
	items, err := pyIterate(raw)
	if err != nil {
		return nil, err
	}
	out := make([]*collection.Model, len(items))
	for i, item := range items {
		if out[i], err = find(e, item); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func findModelsByID(e *Env, a Args) (any, error) {
	return findModels(e, a.Raw("modelIds"), modelByID)
}

func findModelsByName(e *Env, a Args) (any, error) {
	return findModels(e, a.Raw("modelNames"), modelByName)
}

// stringArg decodes a string param.
func stringArg(a Args, name string) (string, error) {
	var s string
	return s, a.Decode(name, &s)
}

// stringKey reads a string member of a dict (KeyError when missing).
func stringKey(d pyDict, key string) (string, error) {
	raw, err := d.key(key)
	if err != nil {
		return "", err
	}
	var s string
	if err := decodeStrict(raw, &s); err != nil {
		return "", fmt.Errorf(MsgParamType, key, "", "a string", PyTypeName(raw))
	}
	return s, nil
}

// createModel checks what the add-on checks, then builds the note type
// (templates named "Card N" unless they have a Name).
func createModel(e *Env, a Args) (any, error) {
	name, err := stringArg(a, "modelName")
	if err != nil {
		return nil, err
	}
	var fields []string
	var cards []json.RawMessage
	if err := errors.Join(a.Decode("inOrderFields", &fields), a.Decode("cardTemplates", &cards)); err != nil {
		return nil, err
	}
	switch {
	case len(fields) == 0:
		return nil, addonError(MsgCreateModelNoFields)
	case len(cards) == 0:
		return nil, addonError(MsgCreateModelNoTemplates)
	case slices.Contains(e.Col.ModelNames(), name):
		return nil, addonError(MsgModelNameExists)
	}
	var css *string
	if !a.IsNull("css") {
		if err := a.Decode("css", &css); err != nil {
			return nil, err
		}
	}
	templates := make([]*collection.Template, len(cards))
	for i, raw := range cards {
		card, err := asDict(raw)
		if err != nil {
			return nil, err
		}
		tname := fmt.Sprintf("Card %d", i+1)
		if _, ok := card.get("Name"); ok {
			if tname, err = stringKey(card, "Name"); err != nil {
				return nil, err
			}
		}
		front, err := stringKey(card, "Front")
		if err != nil {
			return nil, err
		}
		back, err := stringKey(card, "Back")
		if err != nil {
			return nil, err
		}
		templates[i] = collection.NewTemplate(tname, front, back)
	}
	m, err := e.Col.CreateModel(name, fields, templates, css, a.Truthy("isCloze"))
	if err != nil {
		return nil, err
	}
	return m, nil
}

// modelFromDict looks up the note type named by the "name" member of the
// model param (updateModelTemplates, updateModelStyling).
func modelFromDict(e *Env, a Args) (*collection.Model, pyDict, error) {
	d, err := asDict(a.Raw("model"))
	if err != nil {
		return nil, d, err
	}
	name, err := d.key("name")
	if err != nil {
		return nil, d, err
	}
	m, err := modelByName(e, name)
	return m, d, err
}

// updateModelTemplates replaces the non-empty sides given for existing
// template names; other names are ignored.
func updateModelTemplates(e *Env, a Args) (any, error) {
	m, d, err := modelFromDict(e, a)
	if err != nil {
		return nil, err
	}
	raw, err := d.key("templates")
	if err != nil {
		return nil, err
	}
	templates, ok := objectMembers(raw)
	if !ok {
		return nil, fmt.Errorf(MsgNoAttribute, PyTypeName(raw), "get")
	}
	return nil, e.Col.EditModel(m, func(draft *collection.Model) error {
		for _, t := range draft.Templates {
			given, ok := lookup(templates, t.Name)
			if !ok || !truthy(given) {
				continue
			}
			members, ok := objectMembers(given)
			if !ok {
				return fmt.Errorf(MsgNoAttribute, PyTypeName(given), "get")
			}
			sides := []struct {
				key string
				dst *string
			}{{"Front", &t.Qfmt}, {"Back", &t.Afmt}}
			for _, side := range sides {
				if v, ok := lookup(members, side.key); ok && truthy(v) {
					if err := json.Unmarshal(v, side.dst); err != nil {
						return fmt.Errorf(MsgParamType, side.key, "", "a string", PyTypeName(v))
					}
				}
			}
		}
		return nil
	})
}

func updateModelStyling(e *Env, a Args) (any, error) {
	m, d, err := modelFromDict(e, a)
	if err != nil {
		return nil, err
	}
	css, err := stringKey(d, "css")
	if err != nil {
		return nil, err
	}
	return nil, e.Col.EditModel(m, func(draft *collection.Model) error {
		draft.CSS = css
		return nil
	})
}

// findAndReplaceInModels replaces in one note type, or in all when
// modelName is empty or null, and counts the note types whose text
// changed. Each note type is saved in turn, as the add-on saves them.
func findAndReplaceInModels(e *Env, a Args) (any, error) {
	models := e.Col.AllModels()
	if a.Truthy("modelName") {
		m, err := modelByName(e, a.Raw("modelName"))
		if err != nil {
			return nil, err
		}
		models = []*collection.Model{m}
	}
	var find, repl string
	if err := errors.Join(a.Decode("findText", &find), a.Decode("replaceText", &repl)); err != nil {
		return nil, err
	}
	front, back, css := a.Truthy("front"), a.Truthy("back"), a.Truthy("css")
	replace := func(on bool, s *string) bool {
		if !on || !strings.Contains(*s, find) {
			return false
		}
		*s = strings.ReplaceAll(*s, find, repl)
		return true
	}
	changed := 0
	for _, m := range models {
		found := false
		err := e.Col.EditModel(m, func(draft *collection.Model) error {
			found = replace(css, &draft.CSS)
			for _, t := range draft.Templates {
				found = replace(front, &t.Qfmt) || found
				found = replace(back, &t.Afmt) || found
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		if found {
			changed++
		}
	}
	return changed, nil
}

// modelPart is a named, ordered list of a note type that the add-on edits
// by exact name: its templates or its fields.
type modelPart struct {
	notFound string // MsgTemplateNotFound or MsgFieldNotFound
	index    func(m *collection.Model, name string) int
	rename   func(draft *collection.Model, i int, name string)
	move     func(draft *collection.Model, from, to int)
}

var (
	templatePart = modelPart{
		notFound: MsgTemplateNotFound,
		index:    (*collection.Model).TemplateIndex,
		rename:   func(d *collection.Model, i int, name string) { d.Templates[i].Name = name },
		move:     (*collection.Model).MoveTemplate,
	}
	fieldPart = modelPart{
		notFound: MsgFieldNotFound,
		index:    (*collection.Model).FieldIndex,
		rename:   func(d *collection.Model, i int, name string) { d.Fields[i].Name = name },
		move:     (*collection.Model).MoveField,
	}
)

// find looks up the note type named by modelName and the item named
// exactly by param (the add-on's getTemplate and getField).
func (p modelPart) find(e *Env, a Args, param string) (*collection.Model, int, error) {
	m, err := modelByName(e, a.Raw("modelName"))
	if err != nil {
		return nil, 0, err
	}
	raw := a.Raw(param)
	var name string
	i := -1
	if decodeStrict(raw, &name) == nil {
		i = p.index(m, name)
	}
	if i < 0 {
		return nil, 0, fmt.Errorf(p.notFound, m.Name, pyStr(raw))
	}
	return m, i, nil
}

// renamer serves modelTemplateRename and modelFieldRename.
func (p modelPart) renamer(oldParam, newParam string) func(e *Env, a Args) (any, error) {
	return func(e *Env, a Args) (any, error) {
		m, i, err := p.find(e, a, oldParam)
		if err != nil {
			return nil, err
		}
		name, err := stringArg(a, newParam)
		if err != nil {
			return nil, err
		}
		return nil, e.Col.EditModel(m, func(draft *collection.Model) error {
			p.rename(draft, i, name)
			return nil
		})
	}
}

// repositioner serves modelTemplateReposition and modelFieldReposition.
func (p modelPart) repositioner(param string) func(e *Env, a Args) (any, error) {
	return func(e *Env, a Args) (any, error) {
		m, i, err := p.find(e, a, param)
		if err != nil {
			return nil, err
		}
		to, err := pyIndex(a.Raw("index"), i)
		if err != nil {
			return nil, err
		}
		return nil, e.Col.EditModel(m, func(draft *collection.Model) error {
			p.move(draft, i, to)
			return nil
		})
	}
}

// modelTemplateAdd appends a template. For a name that exists (exact case)
// the add-on changes its cached copy of the note type and returns without
// saving: the new sides show in the model actions and are saved by the next
// edit of the note type, but nothing is checked and no card changes.
func modelTemplateAdd(e *Env, a Args) (any, error) {
	m, err := modelByName(e, a.Raw("modelName"))
	if err != nil {
		return nil, err
	}
	d, err := asDict(a.Raw("template"))
	if err != nil {
		return nil, err
	}
	var parts [3]string
	for i, key := range []string{"Name", "Front", "Back"} {
		if parts[i], err = stringKey(d, key); err != nil {
			return nil, err
		}
	}
	if i := m.TemplateIndex(parts[0]); i >= 0 {
		m.Templates[i].Qfmt, m.Templates[i].Afmt = parts[1], parts[2]
		return nil, nil
	}
	return nil, e.Col.EditModel(m, func(draft *collection.Model) error {
		draft.Templates = append(draft.Templates, collection.NewTemplate(parts[0], parts[1], parts[2]))
		return nil
	})
}

func modelTemplateRemove(e *Env, a Args) (any, error) {
	m, i, err := templatePart.find(e, a, "templateName")
	if err != nil {
		return nil, err
	}
	return nil, e.Col.EditModel(m, func(draft *collection.Model) error {
		return draft.RemoveTemplate(i)
	})
}

// modelFieldAdd appends the field unless one has exactly that name, then
// moves it when index is given. Like the add-on (whose addField saves at
// once), the field stays added when the name Anki stored differs from the
// one asked for (say "front" beside "Front" becomes "front+") and the move
// then fails with a KeyError. A bad index is refused before anything
// changes.
func modelFieldAdd(e *Env, a Args) (any, error) {
	m, err := modelByName(e, a.Raw("modelName"))
	if err != nil {
		return nil, err
	}
	name, err := stringArg(a, "fieldName")
	if err != nil {
		return nil, err
	}
	move := !a.IsNull("index")
	if move {
		at := m.FieldIndex(name)
		if at < 0 {
			at = len(m.Fields)
		}
		if _, err := pyIndex(a.Raw("index"), at); err != nil {
			return nil, err
		}
	}
	if m.FieldIndex(name) < 0 {
		err := e.Col.EditModel(m, func(draft *collection.Model) error {
			draft.Fields = append(draft.Fields, collection.NewField(name))
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	i := m.FieldIndex(name)
	if move && i < 0 {
		return nil, keyError(name)
	}
	return nil, e.Col.EditModel(m, func(draft *collection.Model) error {
		if move {
			to, _ := pyIndex(a.Raw("index"), i)
			draft.MoveField(i, to)
		}
		return nil
	})
}

func modelFieldRemove(e *Env, a Args) (any, error) {
	m, i, err := fieldPart.find(e, a, "fieldName")
	if err != nil {
		return nil, err
	}
	return nil, e.Col.EditModel(m, func(draft *collection.Model) error {
		draft.Fields = slices.Delete(draft.Fields, i, i+1)
		return nil
	})
}

// fieldSetter serves modelFieldSetFont, modelFieldSetFontSize and
// modelFieldSetDescription: the value's type is checked after the note type
// and field lookups, as in the add-on.
func fieldSetter(param, msg string) func(e *Env, a Args) (any, error) {
	return func(e *Env, a Args) (any, error) {
		m, i, err := fieldPart.find(e, a, "fieldName")
		if err != nil {
			return nil, err
		}
		raw := a.Raw(param)
		var s string
		var n int
		var set func(f *collection.Field)
		switch {
		case param == "fontSize" && PyTypeName(raw) == "int" && json.Unmarshal(raw, &n) == nil:
			set = func(f *collection.Field) { f.Size = n }
		case param == "font" && decodeStrict(raw, &s) == nil:
			set = func(f *collection.Field) { f.Font = s }
		case param == "description" && decodeStrict(raw, &s) == nil:
			set = func(f *collection.Field) { f.Description = s }
		default:
			return nil, fmt.Errorf(msg, pyStr(raw))
		}
		err = e.Col.EditModel(m, func(draft *collection.Model) error {
			set(draft.Fields[i])
			return nil
		})
		if err != nil || param != "description" {
			return nil, err
		}
		return true, nil
	}
}

// pyIndex reads a list index the way list.insert does after
// ModelManager.reposition_*'s early return when the index equals the item's
// current position from: integers and booleans are indexes; a float equal
// to from is accepted (nothing moves); anything else is Python's TypeError.
func pyIndex(raw json.RawMessage, from int) (int, error) {
	switch t := PyTypeName(raw); t {
	case "bool":
		if truthy(raw) {
			return 1, nil
		}
		return 0, nil
	case "int":
		var n int64
		if err := json.Unmarshal(raw, &n); err != nil {
			return 0, addonError(MsgIntTooLarge)
		}
		return int(n), nil
	case "float":
		var f float64
		if json.Unmarshal(raw, &f) == nil && from >= 0 && f == float64(from) {
			return from, nil
		}
		return 0, fmt.Errorf(MsgNotInteger, t)
	default:
		return 0, fmt.Errorf(MsgNotInteger, t)
	}
}
