package ankiconnect

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
)

// ModelType is the kind of a note type: standard or cloze.
type ModelType int

// Note type kinds.
const (
	ModelTypeStandard ModelType = 0
	ModelTypeCloze    ModelType = 1
)

// String returns "standard" or "cloze".
func (t ModelType) String() string { return enumString(t, "ModelType", modelTypeNames) }

var modelTypeNames = map[ModelType]string{ModelTypeStandard: "standard", ModelTypeCloze: "cloze"}

// Model is a note type ("model" in AnkiConnect's words) in the legacy JSON
// form that FindModelsByID, FindModelsByName and CreateModel return. The
// fields are the common keys; every other key the server sends (newer Anki
// adds some, at every level) is kept, and encoding a received Model back to
// JSON changes only the fields the caller changed. A Model made from scratch
// encodes its fields only.
type Model struct {
	ID   ModelID   `json:"id"`
	Name string    `json:"name"`
	Type ModelType `json:"type"`
	// Mod is the last modification time (epoch seconds), USN the sync
	// sequence number.
	Mod int64 `json:"mod"`
	USN int   `json:"usn"`
	// SortField is the index of the field the browser sorts by.
	SortField int `json:"sortf"`
	// DeckID is the deck last used with the note type, 0 when none (null
	// on the wire).
	DeckID    DeckID          `json:"did"`
	Templates []ModelTemplate `json:"tmpls"`
	Fields    []ModelField    `json:"flds"`
	CSS       string          `json:"css"`
	// LatexPre and LatexPost wrap LaTeX in the fields; LatexSVG renders it
	// as SVG instead of PNG.
	LatexPre  string `json:"latexPre"`
	LatexPost string `json:"latexPost"`
	LatexSVG  bool   `json:"latexsvg"`
	// Req says which fields each template needs to produce a card.
	Req []TemplateRequirement `json:"req"`
	// OriginalStockKind is the stock note type this one was made from (1
	// for Basic), 0 for a custom one.
	OriginalStockKind int `json:"originalStockKind"`

	raw json.RawMessage
}

// ModelField is one field of a note type, with its editor settings.
type ModelField struct {
	Name string `json:"name"`
	// Ord is the field's position, from 0.
	Ord int `json:"ord"`
	// Sticky keeps the value in the Add dialog after adding; RTL edits it
	// right to left.
	Sticky bool   `json:"sticky"`
	RTL    bool   `json:"rtl"`
	Font   string `json:"font"`
	Size   int    `json:"size"`
	// Description is the placeholder the editor shows in an empty field.
	Description       string `json:"description"`
	PlainText         bool   `json:"plainText"`
	Collapsed         bool   `json:"collapsed"`
	ExcludeFromSearch bool   `json:"excludeFromSearch"`
	// ID is a random 64-bit number (0 when absent or null): it does not fit
	// a float64, so it must not go through one.
	ID              int64 `json:"id"`
	PreventDeletion bool  `json:"preventDeletion"`

	raw json.RawMessage
}

// ModelTemplate is one card template of a note type.
type ModelTemplate struct {
	Name string `json:"name"`
	// Ord is the template's position, from 0.
	Ord int `json:"ord"`
	// QFmt and AFmt are the question and answer templates; BQFmt and
	// BAFmt their browser-column forms (empty for the defaults).
	QFmt  string `json:"qfmt"`
	AFmt  string `json:"afmt"`
	BQFmt string `json:"bqfmt"`
	BAFmt string `json:"bafmt"`
	// DeckID is the deck override for new cards of this template, 0 when
	// none (null on the wire).
	DeckID DeckID `json:"did"`
	// BFont and BSize are the browser's font for this template.
	BFont string `json:"bfont"`
	BSize int    `json:"bsize"`
	// ID is a random 64-bit number (0 when absent or null): it does not fit
	// a float64, so it must not go through one.
	ID int64 `json:"id"`

	raw json.RawMessage
}

// TemplateRequirement is one entry of Model.Req, a 3-element list on the
// wire: the template's ordinal, "any", "all" or "none", and the field
// ordinals of which any or all must be non-empty for the template to
// produce a card.
type TemplateRequirement struct {
	Template int
	Kind     string
	Fields   []int
}

// UnmarshalJSON decodes the [template, kind, fields] list; null leaves the
// requirement zero.
func (r *TemplateRequirement) UnmarshalJSON(b []byte) error {
	*r = TemplateRequirement{}
	if r.parse(b) {
		return nil
	}
	*r = TemplateRequirement{}
	var parts []json.RawMessage
	if err := json.Unmarshal(b, &parts); err != nil {
		return err
	}
	if parts == nil {
		return nil
	}
	if len(parts) != 3 {
		return fmt.Errorf("template requirement has %d elements, want 3", len(parts))
	}
	return errors.Join(json.Unmarshal(parts[0], &r.Template), json.Unmarshal(parts[1], &r.Kind),
		json.Unmarshal(parts[2], &r.Fields))
}

// MarshalJSON encodes the requirement as the [template, kind, fields] list.
func (r TemplateRequirement) MarshalJSON() ([]byte, error) {
	fields := r.Fields
	if fields == nil {
		fields = []int{}
	}
	return json.Marshal([]any{r.Template, r.Kind, fields})
}

// UnmarshalJSON decodes the object and keeps it whole for MarshalJSON.
func (m *Model) UnmarshalJSON(b []byte) error {
	type plain Model
	return decodeKeeping(b, (*plain)(m), &m.raw)
}

// MarshalJSON encodes the object received (if any) with the fields the
// caller changed replaced; see Model.
func (m Model) MarshalJSON() ([]byte, error) {
	type plain Model
	return encodeKeeping(m, m.raw, func(m Model) any { return plain(m) })
}

// UnmarshalJSON decodes the object and keeps it whole for MarshalJSON.
func (f *ModelField) UnmarshalJSON(b []byte) error {
	type plain ModelField
	return decodeKeeping(b, (*plain)(f), &f.raw)
}

// MarshalJSON encodes the object received with the changed fields replaced.
func (f ModelField) MarshalJSON() ([]byte, error) {
	type plain ModelField
	return encodeKeeping(f, f.raw, func(f ModelField) any { return plain(f) })
}

// UnmarshalJSON decodes the object and keeps it whole for MarshalJSON.
func (t *ModelTemplate) UnmarshalJSON(b []byte) error {
	type plain ModelTemplate
	return decodeKeeping(b, (*plain)(t), &t.raw)
}

// MarshalJSON encodes the object received with the changed fields replaced.
func (t ModelTemplate) MarshalJSON() ([]byte, error) {
	type plain ModelTemplate
	return encodeKeeping(t, t.raw, func(t ModelTemplate) any { return plain(t) })
}

// CardTemplate is a card template as the template actions exchange it: its
// question (Front) and answer (Back) templates, and its name where the
// action needs one.
type CardTemplate struct {
	// Name is used by CreateModel (empty means "Card N") and
	// ModelTemplateAdd; elsewhere templates are keyed by name and Name is
	// empty, or ignored when sent.
	Name  string `json:"Name,omitempty"`
	Front string `json:"Front"`
	Back  string `json:"Back"`
}

// FieldFont is a field's editor font, as ModelFieldFonts returns it.
type FieldFont struct {
	Font string `json:"font"`
	Size int    `json:"size"`
}

// TemplateFields are the fields a card template shows, as
// ModelFieldsOnTemplates returns them (a [question, answer] pair of lists on
// the wire).
type TemplateFields struct {
	// Question lists the fields referenced on the question side.
	Question []string
	// Answer lists the fields referenced on the answer side that are not
	// already on the question side.
	Answer []string
}

// UnmarshalJSON decodes the [question fields, answer fields] pair; null
// leaves both nil.
func (f *TemplateFields) UnmarshalJSON(b []byte) error {
	*f = TemplateFields{}
	var sides [][]string
	if err := json.Unmarshal(b, &sides); err != nil {
		return err
	}
	if sides == nil {
		return nil
	}
	if len(sides) != 2 {
		return fmt.Errorf("template fields have %d sides, want 2", len(sides))
	}
	f.Question, f.Answer = sides[0], sides[1]
	return nil
}

// ModelStyling is a note type's CSS, as ModelStyling returns it.
type ModelStyling struct {
	CSS string `json:"css"`
}

// CreateModelParams describes a note type for CreateModel.
type CreateModelParams struct {
	ModelName string `json:"modelName"`
	// InOrderFields are the field names, in order; at least one.
	InOrderFields []string `json:"inOrderFields"`
	// CSS is the styling; empty means Anki's default for a Basic type.
	CSS string `json:"css,omitempty"`
	// IsCloze makes a cloze note type. Its CSS is still the Basic default
	// unless CSS is set.
	IsCloze bool `json:"isCloze"`
	// CardTemplates are the card templates; at least one.
	CardTemplates []CardTemplate `json:"cardTemplates"`
}

// ModelFindReplace describes a FindAndReplaceInModels call. Front, Back and
// CSS choose where to replace; none replaces nothing.
type ModelFindReplace struct {
	// ModelName is the note type to change; empty means every note type.
	ModelName   string `json:"modelName"`
	FindText    string `json:"findText"`
	ReplaceText string `json:"replaceText"`
	// Front and Back replace in the question and answer templates of every
	// card template, CSS in the styling.
	Front bool `json:"front"`
	Back  bool `json:"back"`
	CSS   bool `json:"css"`
}

type modelNameParams struct {
	ModelName string `json:"modelName"`
}

type modelIDsParams struct {
	ModelIDs []ModelID `json:"modelIds"`
}

type modelNamesParams struct {
	ModelNames []string `json:"modelNames"`
}

type modelIDParams struct {
	ModelID ModelID `json:"modelId"`
}

type updateModelTemplatesParams struct {
	Model struct {
		Name      string                  `json:"name"`
		Templates map[string]CardTemplate `json:"templates"`
	} `json:"model"`
}

type updateModelStylingParams struct {
	Model struct {
		Name string `json:"name"`
		CSS  string `json:"css"`
	} `json:"model"`
}

type templateRenameParams struct {
	ModelName       string `json:"modelName"`
	OldTemplateName string `json:"oldTemplateName"`
	NewTemplateName string `json:"newTemplateName"`
}

type templateParams struct {
	ModelName    string `json:"modelName"`
	TemplateName string `json:"templateName"`
}

type templateRepositionParams struct {
	templateParams
	Index int `json:"index"`
}

type templateAddParams struct {
	ModelName string       `json:"modelName"`
	Template  CardTemplate `json:"template"`
}

type fieldRenameParams struct {
	ModelName    string `json:"modelName"`
	OldFieldName string `json:"oldFieldName"`
	NewFieldName string `json:"newFieldName"`
}

type fieldParams struct {
	ModelName string `json:"modelName"`
	FieldName string `json:"fieldName"`
}

type fieldRepositionParams struct {
	fieldParams
	Index int `json:"index"`
}

type fieldAddParams struct {
	fieldParams
	Index *int `json:"index,omitempty"`
}

type fieldFontParams struct {
	fieldParams
	Font string `json:"font"`
}

type fieldFontSizeParams struct {
	fieldParams
	FontSize int `json:"fontSize"`
}

type fieldDescriptionParams struct {
	fieldParams
	Description string `json:"description"`
}

var (
	actModelNames               = define[noParams, []string]("modelNames", reads)
	actModelNamesAndIDs         = define[noParams, map[string]ModelID]("modelNamesAndIds", reads)
	actFindModelsByID           = define[modelIDsParams, []Model]("findModelsById", reads)
	actFindModelsByName         = define[modelNamesParams, []Model]("findModelsByName", reads)
	actModelNameFromID          = define[modelIDParams, string]("modelNameFromId", reads)
	actModelFieldNames          = define[modelNameParams, []string]("modelFieldNames", reads)
	actModelFieldDescriptions   = define[modelNameParams, []string]("modelFieldDescriptions", reads)
	actModelFieldFonts          = define[modelNameParams, map[string]FieldFont]("modelFieldFonts", reads)
	actModelFieldsOnTemplates   = define[modelNameParams, map[string]TemplateFields]("modelFieldsOnTemplates", reads)
	actCreateModel              = define[CreateModelParams, Model]("createModel", writes)
	actModelTemplates           = define[modelNameParams, map[string]CardTemplate]("modelTemplates", reads)
	actModelStyling             = define[modelNameParams, ModelStyling]("modelStyling", reads)
	actUpdateModelTemplates     = define[updateModelTemplatesParams, Nothing]("updateModelTemplates", writes)
	actUpdateModelStyling       = define[updateModelStylingParams, Nothing]("updateModelStyling", writes)
	actFindAndReplaceInModels   = define[ModelFindReplace, int]("findAndReplaceInModels", writes)
	actModelTemplateRename      = define[templateRenameParams, Nothing]("modelTemplateRename", writes)
	actModelTemplateReposition  = define[templateRepositionParams, Nothing]("modelTemplateReposition", writes)
	actModelTemplateAdd         = define[templateAddParams, Nothing]("modelTemplateAdd", writes)
	actModelTemplateRemove      = define[templateParams, Nothing]("modelTemplateRemove", writes)
	actModelFieldRename         = define[fieldRenameParams, Nothing]("modelFieldRename", writes)
	actModelFieldReposition     = define[fieldRepositionParams, Nothing]("modelFieldReposition", writes)
	actModelFieldAdd            = define[fieldAddParams, Nothing]("modelFieldAdd", writes)
	actModelFieldRemove         = define[fieldParams, Nothing]("modelFieldRemove", writes)
	actModelFieldSetFont        = define[fieldFontParams, Nothing]("modelFieldSetFont", writes)
	actModelFieldSetFontSize    = define[fieldFontSizeParams, Nothing]("modelFieldSetFontSize", writes)
	actModelFieldSetDescription = define[fieldDescriptionParams, bool]("modelFieldSetDescription", writes)
)

// ModelNames returns the names of all note types.
//
// AnkiConnect action: modelNames.
func (c *Client) ModelNames(ctx context.Context) ([]string, error) {
	return actModelNames.call(ctx, c, noParams{})
}

// ModelNames queues the modelNames action; see Client.ModelNames.
func (m *Multi) ModelNames() *Pending[[]string] { return actModelNames.queue(m, noParams{}) }

// ModelNamesAndIDs returns every note type's ID by its name.
//
// AnkiConnect action: modelNamesAndIds.
func (c *Client) ModelNamesAndIDs(ctx context.Context) (map[string]ModelID, error) {
	return actModelNamesAndIDs.call(ctx, c, noParams{})
}

// ModelNamesAndIDs queues the modelNamesAndIds action; see
// Client.ModelNamesAndIDs.
func (m *Multi) ModelNamesAndIDs() *Pending[map[string]ModelID] {
	return actModelNamesAndIDs.queue(m, noParams{})
}

// FindModelsByID returns the note types with the IDs, in order. One
// unknown ID fails the whole call with ErrModelNotFound.
//
// AnkiConnect action: findModelsById.
func (c *Client) FindModelsByID(ctx context.Context, ids []ModelID) ([]Model, error) {
	return actFindModelsByID.call(ctx, c, modelIDsParams{ModelIDs: ids})
}

// FindModelsByID queues the findModelsById action; see Client.FindModelsByID.
func (m *Multi) FindModelsByID(ids []ModelID) *Pending[[]Model] {
	return actFindModelsByID.queue(m, modelIDsParams{ModelIDs: ids})
}

// FindModelsByName returns the note types with the names (matched
// case-insensitively), in order. One unknown name fails the whole call with
// ErrModelNotFound.
//
// AnkiConnect action: findModelsByName.
func (c *Client) FindModelsByName(ctx context.Context, names []string) ([]Model, error) {
	return actFindModelsByName.call(ctx, c, modelNamesParams{ModelNames: names})
}

// FindModelsByName queues the findModelsByName action; see
// Client.FindModelsByName.
func (m *Multi) FindModelsByName(names []string) *Pending[[]Model] {
	return actFindModelsByName.queue(m, modelNamesParams{ModelNames: names})
}

// ModelNameFromID returns the name of the note type with the ID, or fails
// with ErrModelNotFound.
//
// AnkiConnect action: modelNameFromId.
func (c *Client) ModelNameFromID(ctx context.Context, id ModelID) (string, error) {
	return actModelNameFromID.call(ctx, c, modelIDParams{ModelID: id})
}

// ModelNameFromID queues the modelNameFromId action; see
// Client.ModelNameFromID.
func (m *Multi) ModelNameFromID(id ModelID) *Pending[string] {
	return actModelNameFromID.queue(m, modelIDParams{ModelID: id})
}

// ModelFieldNames returns the field names of the note type, in order. An
// unknown note type fails with ErrModelNotFound, as do all the methods
// below that take a note type's name.
//
// AnkiConnect action: modelFieldNames.
func (c *Client) ModelFieldNames(ctx context.Context, modelName string) ([]string, error) {
	return actModelFieldNames.call(ctx, c, modelNameParams{ModelName: modelName})
}

// ModelFieldNames queues the modelFieldNames action; see
// Client.ModelFieldNames.
func (m *Multi) ModelFieldNames(modelName string) *Pending[[]string] {
	return actModelFieldNames.queue(m, modelNameParams{ModelName: modelName})
}

// ModelFieldDescriptions returns the description (the placeholder of an
// empty field in the editor) of each field of the note type, in order; ""
// for a field without one.
//
// AnkiConnect action: modelFieldDescriptions.
func (c *Client) ModelFieldDescriptions(ctx context.Context, modelName string) ([]string, error) {
	return actModelFieldDescriptions.call(ctx, c, modelNameParams{ModelName: modelName})
}

// ModelFieldDescriptions queues the modelFieldDescriptions action; see
// Client.ModelFieldDescriptions.
func (m *Multi) ModelFieldDescriptions(modelName string) *Pending[[]string] {
	return actModelFieldDescriptions.queue(m, modelNameParams{ModelName: modelName})
}

// ModelFieldFonts returns the editor font of each field of the note type,
// by field name (Anki's default is Arial, 20).
//
// AnkiConnect action: modelFieldFonts.
func (c *Client) ModelFieldFonts(ctx context.Context, modelName string) (map[string]FieldFont, error) {
	return actModelFieldFonts.call(ctx, c, modelNameParams{ModelName: modelName})
}

// ModelFieldFonts queues the modelFieldFonts action; see
// Client.ModelFieldFonts.
func (m *Multi) ModelFieldFonts(modelName string) *Pending[map[string]FieldFont] {
	return actModelFieldFonts.queue(m, modelNameParams{ModelName: modelName})
}

// ModelFieldsOnTemplates returns, for each card template of the note type
// by name, the fields its question and answer sides reference. AnkiConnect
// finds them with a simple pattern: for {{type:Back}} it lists Back, and
// the answer side leaves out FrontSide and the question's fields.
//
// AnkiConnect action: modelFieldsOnTemplates.
func (c *Client) ModelFieldsOnTemplates(ctx context.Context, modelName string) (map[string]TemplateFields, error) {
	return actModelFieldsOnTemplates.call(ctx, c, modelNameParams{ModelName: modelName})
}

// ModelFieldsOnTemplates queues the modelFieldsOnTemplates action; see
// Client.ModelFieldsOnTemplates.
func (m *Multi) ModelFieldsOnTemplates(modelName string) *Pending[map[string]TemplateFields] {
	return actModelFieldsOnTemplates.queue(m, modelNameParams{ModelName: modelName})
}

// CreateModel creates a note type and returns it. It fails with
// AnkiConnect's message when a note type of exactly that name exists ("Model
// name already exists") or when there are no fields or no card templates.
//
// AnkiConnect action: createModel.
func (c *Client) CreateModel(ctx context.Context, p CreateModelParams) (Model, error) {
	return actCreateModel.call(ctx, c, p)
}

// CreateModel queues the createModel action; see Client.CreateModel.
func (m *Multi) CreateModel(p CreateModelParams) *Pending[Model] {
	return actCreateModel.queue(m, p)
}

// ModelTemplates returns the question (Front) and answer (Back) template of
// each card template of the note type, by template name.
//
// AnkiConnect action: modelTemplates.
func (c *Client) ModelTemplates(ctx context.Context, modelName string) (map[string]CardTemplate, error) {
	return actModelTemplates.call(ctx, c, modelNameParams{ModelName: modelName})
}

// ModelTemplates queues the modelTemplates action; see Client.ModelTemplates.
func (m *Multi) ModelTemplates(modelName string) *Pending[map[string]CardTemplate] {
	return actModelTemplates.queue(m, modelNameParams{ModelName: modelName})
}

// ModelStyling returns the CSS of the note type.
//
// AnkiConnect action: modelStyling.
func (c *Client) ModelStyling(ctx context.Context, modelName string) (ModelStyling, error) {
	return actModelStyling.call(ctx, c, modelNameParams{ModelName: modelName})
}

// ModelStyling queues the modelStyling action; see Client.ModelStyling.
func (m *Multi) ModelStyling(modelName string) *Pending[ModelStyling] {
	return actModelStyling.queue(m, modelNameParams{ModelName: modelName})
}

// UpdateModelTemplates changes card templates of the note type, given by
// template name. Only existing templates change, and only the sides given
// non-empty: names the note type lacks are ignored silently (the
// CardTemplate's Name is not used).
//
// AnkiConnect action: updateModelTemplates.
func (c *Client) UpdateModelTemplates(ctx context.Context, modelName string, templates map[string]CardTemplate) error {
	return actUpdateModelTemplates.exec(ctx, c, newUpdateModelTemplates(modelName, templates))
}

// UpdateModelTemplates queues the updateModelTemplates action; see
// Client.UpdateModelTemplates.
func (m *Multi) UpdateModelTemplates(modelName string, templates map[string]CardTemplate) *Pending[Nothing] {
	return actUpdateModelTemplates.queue(m, newUpdateModelTemplates(modelName, templates))
}

func newUpdateModelTemplates(modelName string, templates map[string]CardTemplate) updateModelTemplatesParams {
	var p updateModelTemplatesParams
	p.Model.Name, p.Model.Templates = modelName, templates
	return p
}

// UpdateModelStyling replaces the CSS of the note type.
//
// AnkiConnect action: updateModelStyling.
func (c *Client) UpdateModelStyling(ctx context.Context, modelName, css string) error {
	return actUpdateModelStyling.exec(ctx, c, newUpdateModelStyling(modelName, css))
}

// UpdateModelStyling queues the updateModelStyling action; see
// Client.UpdateModelStyling.
func (m *Multi) UpdateModelStyling(modelName, css string) *Pending[Nothing] {
	return actUpdateModelStyling.queue(m, newUpdateModelStyling(modelName, css))
}

func newUpdateModelStyling(modelName, css string) updateModelStylingParams {
	var p updateModelStylingParams
	p.Model.Name, p.Model.CSS = modelName, css
	return p
}

// FindAndReplaceInModels replaces text in the templates and CSS of one or
// every note type (see ModelFindReplace) and returns how many note types
// changed. The params are sent at the top level, as the add-on reads them
// (its documentation's sample nests them under "model", which the add-on
// rejects).
//
// AnkiConnect action: findAndReplaceInModels.
func (c *Client) FindAndReplaceInModels(ctx context.Context, p ModelFindReplace) (int, error) {
	return actFindAndReplaceInModels.call(ctx, c, p)
}

// FindAndReplaceInModels queues the findAndReplaceInModels action; see
// Client.FindAndReplaceInModels.
func (m *Multi) FindAndReplaceInModels(p ModelFindReplace) *Pending[int] {
	return actFindAndReplaceInModels.queue(m, p)
}

// ModelTemplateRename renames a card template of the note type. An unknown
// template fails with "template was not found in <model>: <name>".
//
// AnkiConnect action: modelTemplateRename.
func (c *Client) ModelTemplateRename(ctx context.Context, modelName, oldName, newName string) error {
	return actModelTemplateRename.exec(ctx, c, templateRenameParams{modelName, oldName, newName})
}

// ModelTemplateRename queues the modelTemplateRename action; see
// Client.ModelTemplateRename.
func (m *Multi) ModelTemplateRename(modelName, oldName, newName string) *Pending[Nothing] {
	return actModelTemplateRename.queue(m, templateRenameParams{modelName, oldName, newName})
}

// ModelTemplateReposition moves a card template of the note type to the
// 0-based index. The index follows Python's list.insert: past the end
// means last, and a negative index counts from the end (-1 puts the
// template before the last one).
//
// AnkiConnect action: modelTemplateReposition.
func (c *Client) ModelTemplateReposition(ctx context.Context, modelName, templateName string, index int) error {
	return actModelTemplateReposition.exec(ctx, c, templateRepositionParams{templateParams{modelName, templateName}, index})
}

// ModelTemplateReposition queues the modelTemplateReposition action; see
// Client.ModelTemplateReposition.
func (m *Multi) ModelTemplateReposition(modelName, templateName string, index int) *Pending[Nothing] {
	return actModelTemplateReposition.queue(m, templateRepositionParams{templateParams{modelName, templateName}, index})
}

// ModelTemplateAdd adds a card template (with its Name) to the note type.
// When the note type already has a template of that name, the add-on
// changes it in memory without saving: nothing happens, without an error;
// use UpdateModelTemplates to change a template.
//
// AnkiConnect action: modelTemplateAdd.
func (c *Client) ModelTemplateAdd(ctx context.Context, modelName string, template CardTemplate) error {
	return actModelTemplateAdd.exec(ctx, c, templateAddParams{modelName, template})
}

// ModelTemplateAdd queues the modelTemplateAdd action; see
// Client.ModelTemplateAdd.
func (m *Multi) ModelTemplateAdd(modelName string, template CardTemplate) *Pending[Nothing] {
	return actModelTemplateAdd.queue(m, templateAddParams{modelName, template})
}

// ModelTemplateRemove removes a card template, and the cards made from it,
// from the note type.
//
// AnkiConnect action: modelTemplateRemove.
func (c *Client) ModelTemplateRemove(ctx context.Context, modelName, templateName string) error {
	return actModelTemplateRemove.exec(ctx, c, templateParams{modelName, templateName})
}

// ModelTemplateRemove queues the modelTemplateRemove action; see
// Client.ModelTemplateRemove.
func (m *Multi) ModelTemplateRemove(modelName, templateName string) *Pending[Nothing] {
	return actModelTemplateRemove.queue(m, templateParams{modelName, templateName})
}

// ModelFieldRename renames a field of the note type; Anki updates the
// references in its templates. An unknown field fails with "field was not
// found in <model>: <field>".
//
// AnkiConnect action: modelFieldRename.
func (c *Client) ModelFieldRename(ctx context.Context, modelName, oldName, newName string) error {
	return actModelFieldRename.exec(ctx, c, fieldRenameParams{modelName, oldName, newName})
}

// ModelFieldRename queues the modelFieldRename action; see
// Client.ModelFieldRename.
func (m *Multi) ModelFieldRename(modelName, oldName, newName string) *Pending[Nothing] {
	return actModelFieldRename.queue(m, fieldRenameParams{modelName, oldName, newName})
}

// ModelFieldReposition moves a field of the note type to the 0-based index,
// with the index rules of ModelTemplateReposition.
//
// AnkiConnect action: modelFieldReposition.
func (c *Client) ModelFieldReposition(ctx context.Context, modelName, fieldName string, index int) error {
	return actModelFieldReposition.exec(ctx, c, fieldRepositionParams{fieldParams{modelName, fieldName}, index})
}

// ModelFieldReposition queues the modelFieldReposition action; see
// Client.ModelFieldReposition.
func (m *Multi) ModelFieldReposition(modelName, fieldName string, index int) *Pending[Nothing] {
	return actModelFieldReposition.queue(m, fieldRepositionParams{fieldParams{modelName, fieldName}, index})
}

// ModelFieldAdd adds a field to the note type at the 0-based index; a
// negative index appends it (the index is then not sent). A field of
// exactly that name that already exists is not added again, only moved to
// the index.
//
// AnkiConnect action: modelFieldAdd.
func (c *Client) ModelFieldAdd(ctx context.Context, modelName, fieldName string, index int) error {
	return actModelFieldAdd.exec(ctx, c, newFieldAdd(modelName, fieldName, index))
}

// ModelFieldAdd queues the modelFieldAdd action; see Client.ModelFieldAdd.
func (m *Multi) ModelFieldAdd(modelName, fieldName string, index int) *Pending[Nothing] {
	return actModelFieldAdd.queue(m, newFieldAdd(modelName, fieldName, index))
}

func newFieldAdd(modelName, fieldName string, index int) fieldAddParams {
	p := fieldAddParams{fieldParams: fieldParams{modelName, fieldName}}
	if index >= 0 {
		p.Index = &index
	}
	return p
}

// ModelFieldRemove removes a field, and its content in every note, from the
// note type.
//
// AnkiConnect action: modelFieldRemove.
func (c *Client) ModelFieldRemove(ctx context.Context, modelName, fieldName string) error {
	return actModelFieldRemove.exec(ctx, c, fieldParams{modelName, fieldName})
}

// ModelFieldRemove queues the modelFieldRemove action; see
// Client.ModelFieldRemove.
func (m *Multi) ModelFieldRemove(modelName, fieldName string) *Pending[Nothing] {
	return actModelFieldRemove.queue(m, fieldParams{modelName, fieldName})
}

// ModelFieldSetFont sets the editor font of a field of the note type.
//
// AnkiConnect action: modelFieldSetFont.
func (c *Client) ModelFieldSetFont(ctx context.Context, modelName, fieldName, font string) error {
	return actModelFieldSetFont.exec(ctx, c, fieldFontParams{fieldParams{modelName, fieldName}, font})
}

// ModelFieldSetFont queues the modelFieldSetFont action; see
// Client.ModelFieldSetFont.
func (m *Multi) ModelFieldSetFont(modelName, fieldName, font string) *Pending[Nothing] {
	return actModelFieldSetFont.queue(m, fieldFontParams{fieldParams{modelName, fieldName}, font})
}

// ModelFieldSetFontSize sets the editor font size of a field of the note
// type.
//
// AnkiConnect action: modelFieldSetFontSize.
func (c *Client) ModelFieldSetFontSize(ctx context.Context, modelName, fieldName string, size int) error {
	return actModelFieldSetFontSize.exec(ctx, c, fieldFontSizeParams{fieldParams{modelName, fieldName}, size})
}

// ModelFieldSetFontSize queues the modelFieldSetFontSize action; see
// Client.ModelFieldSetFontSize.
func (m *Multi) ModelFieldSetFontSize(modelName, fieldName string, size int) *Pending[Nothing] {
	return actModelFieldSetFontSize.queue(m, fieldFontSizeParams{fieldParams{modelName, fieldName}, size})
}

// ModelFieldSetDescription sets the description (the placeholder of the
// empty field in the editor) of a field of the note type. It reports false
// on Anki 2.1.49 and older, which have no field descriptions.
//
// AnkiConnect action: modelFieldSetDescription.
func (c *Client) ModelFieldSetDescription(ctx context.Context, modelName, fieldName, description string) (bool, error) {
	return actModelFieldSetDescription.call(ctx, c, fieldDescriptionParams{fieldParams{modelName, fieldName}, description})
}

// ModelFieldSetDescription queues the modelFieldSetDescription action; see
// Client.ModelFieldSetDescription.
func (m *Multi) ModelFieldSetDescription(modelName, fieldName, description string) *Pending[bool] {
	return actModelFieldSetDescription.queue(m, fieldDescriptionParams{fieldParams{modelName, fieldName}, description})
}
