package collection

import (
	"encoding/json"
	"sort"
	"strings"
)

// Note type kinds (Model.Type).
const (
	ModelStandard = 0
	ModelCloze    = 1
)

// Model is a note type in Anki's full JSON form (what findModelsByName and
// createModel return). Field and template ords always equal their index;
// call Renumber after reordering. Keys not modelled here are kept in Extra.
type Model struct {
	ID        int64       `json:"id"`
	Name      string      `json:"name"`
	Type      int         `json:"type"` // ModelStandard or ModelCloze
	Mod       int64       `json:"mod"`  // epoch seconds
	Usn       int         `json:"usn"`
	SortField int         `json:"sortf"`
	DeckID    *int64      `json:"did"` // last deck used, null on a fresh type
	Templates []*Template `json:"tmpls"`
	Fields    []*Field    `json:"flds"`
	CSS       string      `json:"css"`
	LatexPre  string      `json:"latexPre"`
	LatexPost string      `json:"latexPost"`
	LatexSVG  bool        `json:"latexsvg"`
	// Req is Anki's legacy card-generation requirements, computed from the
	// templates whenever the model is marshalled; input values are ignored.
	Req               Requirements `json:"req"`
	OriginalStockKind int          `json:"originalStockKind"`
	// Extra holds JSON keys this package does not model, kept on round trips.
	Extra map[string]json.RawMessage `json:"-"`
}

// Field is one field of a note type.
type Field struct {
	Name              string `json:"name"`
	Ord               int    `json:"ord"`
	Sticky            bool   `json:"sticky"`
	RTL               bool   `json:"rtl"`
	Font              string `json:"font"`
	Size              int    `json:"size"`
	Description       string `json:"description"`
	PlainText         bool   `json:"plainText"`
	Collapsed         bool   `json:"collapsed"`
	ExcludeFromSearch bool   `json:"excludeFromSearch"`
	ID                int64  `json:"id"`  // random signed 64-bit
	Tag               *int   `json:"tag"` // image occlusion role, null otherwise
	PreventDeletion   bool   `json:"preventDeletion"`
	// Extra holds JSON keys this package does not model.
	Extra map[string]json.RawMessage `json:"-"`
}

// Template is one card template of a note type.
type Template struct {
	Name   string `json:"name"`
	Ord    int    `json:"ord"`
	Qfmt   string `json:"qfmt"`
	Afmt   string `json:"afmt"`
	Bqfmt  string `json:"bqfmt"`
	Bafmt  string `json:"bafmt"`
	DeckID *int64 `json:"did"` // deck override for new cards, null if none
	Bfont  string `json:"bfont"`
	Bsize  int    `json:"bsize"`
	ID     int64  `json:"id"` // random signed 64-bit
	// Extra holds JSON keys this package does not model.
	Extra map[string]json.RawMessage `json:"-"`
}

// Requirements is a note type's legacy "req" list: per template, [ord,
// "any"|"all"|"none", [field ords]]. It is computed whenever a model is
// marshalled; any input value is ignored.
type Requirements []any

// UnmarshalJSON ignores the input: requirements are always recomputed.
func (*Requirements) UnmarshalJSON([]byte) error { return nil }

type (
	modelJSON    Model
	fieldJSON    Field
	templateJSON Template
)

// MarshalJSON writes the full model JSON with a freshly computed "req".
func (m *Model) MarshalJSON() ([]byte, error) {
	out := *(*modelJSON)(m)
	out.Req = m.requirements()
	return marshalWithExtra(&out, m.Extra)
}

// UnmarshalJSON reads a model, keeping unknown keys in Extra.
func (m *Model) UnmarshalJSON(b []byte) (err error) {
	m.Extra, err = unmarshalWithExtra(b, (*modelJSON)(m))
	m.Req = nil
	return err
}

// MarshalJSON writes the field with its Extra keys.
func (f *Field) MarshalJSON() ([]byte, error) { return marshalWithExtra((*fieldJSON)(f), f.Extra) }

// UnmarshalJSON reads a field, keeping unknown keys in Extra.
func (f *Field) UnmarshalJSON(b []byte) (err error) {
	f.Extra, err = unmarshalWithExtra(b, (*fieldJSON)(f))
	return err
}

// MarshalJSON writes the template with its Extra keys.
func (t *Template) MarshalJSON() ([]byte, error) {
	return marshalWithExtra((*templateJSON)(t), t.Extra)
}

// UnmarshalJSON reads a template, keeping unknown keys in Extra.
func (t *Template) UnmarshalJSON(b []byte) (err error) {
	t.Extra, err = unmarshalWithExtra(b, (*templateJSON)(t))
	return err
}

// IsCloze reports whether the note type is a cloze type.
func (m *Model) IsCloze() bool { return m.Type == ModelCloze }

// Renumber sets every field's and template's ord to its index.
func (m *Model) Renumber() {
	for i, f := range m.Fields {
		f.Ord = i
	}
	for i, t := range m.Templates {
		t.Ord = i
	}
}

// FieldNames returns the field names in order.
func (m *Model) FieldNames() []string {
	out := make([]string, len(m.Fields))
	for i, f := range m.Fields {
		out[i] = f.Name
	}
	return out
}

// TemplateNames returns the template names in order.
func (m *Model) TemplateNames() []string {
	out := make([]string, len(m.Templates))
	for i, t := range m.Templates {
		out[i] = t.Name
	}
	return out
}

// FieldIndex returns the index of the field named exactly name, or -1.
func (m *Model) FieldIndex(name string) int {
	for i, f := range m.Fields {
		if f.Name == name {
			return i
		}
	}
	return -1
}

// FieldIndexFold returns the index of the first field whose name equals name
// case-insensitively, or -1 (addNote's field matching).
func (m *Model) FieldIndexFold(name string) int {
	for i, f := range m.Fields {
		if strings.EqualFold(f.Name, name) {
			return i
		}
	}
	return -1
}

// Anki's default note type styling and LaTeX preamble.
const (
	DefaultCSS = ".card {\n    font-family: arial;\n    font-size: 20px;\n    line-height: 1.5;\n" +
		"    text-align: center;\n    color: black;\n    background-color: white;\n}\n"
	ClozeCSS = ".cloze {\n    font-weight: bold;\n    color: blue;\n}\n" +
		".nightMode .cloze {\n    color: lightblue;\n}\n"
	DefaultLatexPre = "\\documentclass[12pt]{article}\n\\special{papersize=3in,5in}\n" +
		"\\usepackage[utf8]{inputenc}\n\\usepackage{amssymb,amsmath}\n\\pagestyle{empty}\n" +
		"\\setlength{\\parindent}{0in}\n\\begin{document}\n"
	DefaultLatexPost = "\\end{document}"
)

// Stock note type kinds (Model.OriginalStockKind).
const (
	StockBasic                 = 1
	StockBasicAndReversed      = 2
	StockBasicOptionalReversed = 3
	StockBasicTyping           = 4
	StockCloze                 = 5
	StockImageOcclusion        = 6
)

// NewModel returns an unsaved standard note type with default styling and
// the given fields (Anki's field defaults). IDs are assigned by AddModel.
func NewModel(name string, fields ...string) *Model {
	m := &Model{
		Name: name, Type: ModelStandard, Usn: -1, CSS: DefaultCSS,
		LatexPre: DefaultLatexPre, LatexPost: DefaultLatexPost,
	}
	for _, f := range fields {
		m.Fields = append(m.Fields, NewField(f))
	}
	m.Renumber()
	return m
}

// NewField returns a field with Anki's defaults (ID assigned by AddModel).
func NewField(name string) *Field {
	return &Field{Name: name, Font: "Arial", Size: 20}
}

// NewTemplate returns a template (ID assigned by AddModel).
func NewTemplate(name, qfmt, afmt string) *Template {
	return &Template{Name: name, Qfmt: qfmt, Afmt: afmt}
}

// AddModel stores m as a new note type: it gets a new ID and modification
// time, its fields and templates get IDs where they have none, and ords are
// renumbered. The caller checks name clashes (createModel's check is
// exact-case).
func (c *Collection) AddModel(m *Model) {
	m.ID = 0
	c.addModel(m)
}

// addModel stores m, keeping a non-zero ID.
func (c *Collection) addModel(m *Model) {
	if m.ID == 0 {
		m.ID = c.NewID()
	}
	c.seenID(m.ID)
	m.Mod, m.Usn = c.nowSecs(), -1
	for _, f := range m.Fields {
		if f.ID == 0 {
			f.ID = c.randomID()
		}
	}
	for _, t := range m.Templates {
		if t.ID == 0 {
			t.ID = c.randomID()
		}
	}
	m.Renumber()
	c.models[m.ID] = m
}

// TouchModel stamps m's modification time after an edit.
func (c *Collection) TouchModel(m *Model) { m.Mod, m.Usn = c.nowSecs(), -1 }

// RemoveModel deletes a note type with its notes and their cards.
func (c *Collection) RemoveModel(id int64) {
	if c.models[id] == nil {
		return
	}
	var nids []int64
	for _, n := range c.NotesOfModel(id) {
		nids = append(nids, n.ID)
	}
	c.DeleteNotes(nids)
	delete(c.models, id)
}

// ModelByID returns the note type with the given ID, or nil.
func (c *Collection) ModelByID(id int64) *Model { return c.models[id] }

// ModelByName finds a note type by name case-insensitively (Anki's
// models.by_name), or returns nil.
func (c *Collection) ModelByName(name string) *Model {
	for _, m := range c.models {
		if strings.EqualFold(m.Name, name) {
			return m
		}
	}
	return nil
}

// ModelByExactName finds a note type whose name is exactly name, or nil.
func (c *Collection) ModelByExactName(name string) *Model {
	for _, m := range c.models {
		if m.Name == name {
			return m
		}
	}
	return nil
}

// AllModels returns every note type sorted case-insensitively by name.
func (c *Collection) AllModels() []*Model {
	out := make([]*Model, 0, len(c.models))
	for _, m := range c.models {
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := foldName(out[i].Name), foldName(out[j].Name)
		if a != b {
			return a < b
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// RemoveUnusedModels deletes every note type that has no notes, stock types
// included (what AnkiConnect's removeEmptyNotes really does).
func (c *Collection) RemoveUnusedModels() {
	used := map[int64]bool{}
	for _, n := range c.liveNotes() {
		used[n.ModelID] = true
	}
	for id := range c.models {
		if !used[id] {
			delete(c.models, id)
		}
	}
}

// stockModels returns Anki's six stock note types in creation order.
func stockModels() []*Model {
	const answer = "{{FrontSide}}\n\n<hr id=answer>\n\n"
	basic := NewModel("Basic", "Front", "Back")
	basic.Templates = []*Template{NewTemplate("Card 1", "{{Front}}", answer+"{{Back}}")}
	basic.OriginalStockKind = StockBasic

	reversed := NewModel("Basic (and reversed card)", "Front", "Back")
	reversed.Templates = []*Template{
		NewTemplate("Card 1", "{{Front}}", answer+"{{Back}}"),
		NewTemplate("Card 2", "{{Back}}", answer+"{{Front}}"),
	}
	reversed.OriginalStockKind = StockBasicAndReversed

	optional := NewModel("Basic (optional reversed card)", "Front", "Back", "Add Reverse")
	optional.Templates = []*Template{
		NewTemplate("Card 1", "{{Front}}", answer+"{{Back}}"),
		NewTemplate("Card 2", "{{#Add Reverse}}{{Back}}{{/Add Reverse}}", answer+"{{Front}}"),
	}
	optional.OriginalStockKind = StockBasicOptionalReversed

	typing := NewModel("Basic (type in the answer)", "Front", "Back")
	typing.Templates = []*Template{NewTemplate("Card 1",
		"{{Front}}\n\n{{type:Back}}", "{{Front}}\n\n<hr id=answer>\n\n{{type:Back}}")}
	typing.OriginalStockKind = StockBasicTyping

	cloze := NewModel("Cloze", "Text", "Back Extra")
	cloze.Type = ModelCloze
	cloze.CSS = DefaultCSS + ClozeCSS
	cloze.Templates = []*Template{NewTemplate("Cloze", "{{cloze:Text}}", "{{cloze:Text}}<br>\n{{Back Extra}}")}
	cloze.OriginalStockKind = StockCloze

	return []*Model{basic, reversed, optional, typing, cloze, imageOcclusionModel()}
}

// imageOcclusionModel is the stock Image Occlusion type. Its fields, kind and
// cloze field are Anki's; the template and CSS are a shortened version of
// rslib's image_occlusion/notetype.rs (same structure: a header, the
// occlusion cloze hidden in a div, the image with a canvas and the setup
// script, and on the back a mask toggle and Back Extra), not a byte copy.
func imageOcclusionModel() *Model {
	io := NewModel("Image Occlusion", "Occlusion", "Image", "Header", "Back Extra", "Comments")
	io.Type = ModelCloze
	for i, f := range io.Fields {
		tag := i
		f.Tag = &tag
		f.PreventDeletion = i < 4
	}
	front := "{{#Header}}<div>{{Header}}</div>{{/Header}}\n" +
		"<div style=\"display: none\">{{cloze:Occlusion}}</div>\n" +
		"<div id=\"err\"></div>\n" +
		"<div id=\"image-occlusion-container\">\n    {{Image}}\n    <canvas id=\"image-occlusion-canvas\"></canvas>\n</div>\n" +
		"<script>\ntry {\n    anki.imageOcclusion.setup();\n} catch (exc) {\n" +
		"    document.getElementById(\"err\").innerHTML = `Image occlusion failed to load.<br><br>${exc}`;\n}\n</script>\n"
	back := front + "\n<div><button id=\"toggle\">Toggle Masks</button></div>\n" +
		"{{#Back Extra}}<div>{{Back Extra}}</div>{{/Back Extra}}\n"
	io.Templates = []*Template{NewTemplate("Image Occlusion", front, back)}
	io.CSS = "#image-occlusion-canvas {\n    --inactive-shape-color: #ffeba2;\n" +
		"    --active-shape-color: #ff8e8e;\n    --inactive-shape-border: 1px #212121;\n" +
		"    --active-shape-border: 1px #212121;\n    --highlight-shape-color: #ff8e8e00;\n" +
		"    --highlight-shape-border: 1px #ff8e8e;\n}\n\n" + DefaultCSS
	io.OriginalStockKind = StockImageOcclusion
	return io
}
