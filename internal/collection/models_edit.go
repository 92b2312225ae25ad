package collection

// Note type editing, as AnkiConnect's model actions drive it through Anki's
// Python ModelManager and the Rust backend's notetype save
// (rslib notetype/mod.rs prepare_for_update, notetype/schemachange.rs).
//
// Every change goes through EditModel: the edit runs on a copy, the copy is
// normalised and checked the way the backend checks a saved notetype, and
// only then are the note type, its notes and its cards changed. A failed
// save changes nothing.

import (
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/ankiconnect-go/ankiconnect/internal/render"
)

// Backend messages of a notetype save. The card-template messages are
// Anki's English strings with Fluent's isolation marks (U+2068, U+2069)
// around each variable, as a desktop Anki with a language set produces them.
const (
	msgOneFieldRequired   = "1 field required"
	msgOneTemplateNeeded  = "1 template required"
	msgEmptyNotetypeName  = "Empty notetype name"
	msgEmptyFieldName     = "Empty field name"
	msgBadFieldName       = "Field name: %s"
	msgEmptyTemplateName  = "Empty template name"
	msgTemplateOnlyQuotes = "Template name contains only quotes"
	// msgMustHaveTemplate is the Python ModelManager's refusal to remove the
	// last template.
	msgMustHaveTemplate = "must have 1 template"

	msgCardTypeError  = "Card template \u2068%d\u2069 in note type '\u2068%s\u2069' has a problem.<br>%s"
	msgSeePreview     = "See the preview for more information."
	msgNoSuchField    = "Field '\u2068%s\u2069' not found."
	msgNoFrontField   = "Expected to find a field replacement on the front of the card template."
	msgIdenticalFront = "The front side is identical to card template \u2068%d\u2069."
	msgMissingCloze   = "Expected to find '{{cloze:Text}}' or similar on the front and back of the card template."
)

// cardTag matches {{Card}}, which lets two templates share a front.
var cardTag = regexp.MustCompile(`\{\{\s*Card\s*\}\}`)

// ModelNames returns every note type name in Anki's order (case-insensitive
// by name).
func (c *Collection) ModelNames() []string {
	models := c.AllModels()
	out := make([]string, len(models))
	for i, m := range models {
		out[i] = m.Name
	}
	return out
}

// CreateModel adds a note type built the way createModel builds one: Anki's
// stock Basic type emptied and renamed (default CSS, originalStockKind 1),
// with the given fields and templates, type cloze when cloze is set, and css
// replacing the styling unless nil. A name another note type has in another
// case gets "-" and five hex digits appended, as Anki's Python ModelManager
// does. It returns the saved note type; when the backend's checks fail
// nothing is added.
func (c *Collection) CreateModel(name string, fields []string, templates []*Template, css *string, cloze bool) (*Model, error) {
	m := NewModel(name, fields...)
	m.OriginalStockKind = StockBasic
	if cloze {
		m.Type = ModelCloze
	}
	if css != nil {
		m.CSS = *css
	}
	m.Templates = templates
	if c.ModelByName(m.Name) != nil {
		m.Name += "-" + c.nameSuffix()
	}
	if _, err := c.prepareModel(m, nil, copied{}); err != nil {
		return nil, err
	}
	for c.ModelByName(m.Name) != nil {
		m.Name += "+" // the backend's own uniqueness rule
	}
	c.AddModel(m)
	return m, nil
}

// nameSuffix is checksum(str(time.time()))[:5]: five hex digits of the SHA-1
// of the clock printed as a Python float.
func (c *Collection) nameSuffix() string {
	secs := float64(c.Now().UnixMicro()) / 1e6
	sum := sha1.Sum([]byte(strconv.FormatFloat(secs, 'f', -1, 64)))
	return hex.EncodeToString(sum[:])[:5]
}

// EditModel changes note type m the way AnkiConnect's model actions do: edit
// runs on a deep copy, which is then saved like the backend saves a legacy
// notetype. The save normalises field and template names (dropping
// characters Anki forbids, appending "+" to case-insensitive repeats), makes
// templates follow renamed and removed fields, checks the templates, keeps
// the sort field with its field, moves every note's field values with their
// fields, renumbers or deletes the cards of moved or removed templates,
// generates the cards that added or changed fronts now call for, and stamps
// the note type. If the save fails, nothing changes.
//
// In the copy, a field or template keeps its identity (pointer) across
// renames and moves; one appended by edit (NewField, NewTemplate) is new. An
// error from edit abandons the change and is returned.
func (c *Collection) EditModel(m *Model, edit func(draft *Model) error) error {
	draft, copied := copyModel(m)
	if err := edit(draft); err != nil {
		return err
	}
	st, err := c.prepareModel(draft, m, copied)
	if err != nil {
		return err
	}
	c.applyModel(m, draft, st)
	return nil
}

// MoveField moves the field at index from to index to with Python's
// list.remove then list.insert: a negative to counts from the end of the
// shortened list, and to is clamped to it; to == from changes nothing.
func (m *Model) MoveField(from, to int) { m.Fields = pyMove(m.Fields, from, to) }

// MoveTemplate moves a template the way MoveField moves a field.
func (m *Model) MoveTemplate(from, to int) { m.Templates = pyMove(m.Templates, from, to) }

// RemoveTemplate removes the template at index i, refusing to remove the
// last one as Anki's ModelManager does.
func (m *Model) RemoveTemplate(i int) error {
	if len(m.Templates) <= 1 {
		return errors.New(msgMustHaveTemplate)
	}
	m.Templates = slices.Delete(m.Templates, i, i+1)
	return nil
}

// TemplateIndex returns the index of the template named exactly name, or -1.
func (m *Model) TemplateIndex(name string) int {
	return slices.IndexFunc(m.Templates, func(t *Template) bool { return t.Name == name })
}

// pyMove is Python's list.remove(s[from]) then list.insert(to, item), after
// ModelManager's early return when from == to.
func pyMove[T any](s []T, from, to int) []T {
	if from == to {
		return s
	}
	item := s[from]
	s = slices.Delete(s, from, from+1)
	if to < 0 {
		to = max(to+len(s), 0)
	}
	return slices.Insert(s, min(to, len(s)), item)
}

// copied maps the fields and templates of a copy made by copyModel to their
// index in the original.
type copied struct {
	fields    map[*Field]int
	templates map[*Template]int
}

// copyModel returns a deep copy of m and where its parts came from.
func copyModel(m *Model) (*Model, copied) {
	d := *m
	d.Extra = maps.Clone(m.Extra)
	d.DeckID = clonePtr(m.DeckID)
	from := copied{fields: map[*Field]int{}, templates: map[*Template]int{}}
	d.Fields = make([]*Field, len(m.Fields))
	for i, f := range m.Fields {
		cf := *f
		cf.Extra = maps.Clone(f.Extra)
		cf.Tag = clonePtr(f.Tag)
		d.Fields[i] = &cf
		from.fields[&cf] = i
	}
	d.Templates = make([]*Template, len(m.Templates))
	for i, t := range m.Templates {
		ct := *t
		ct.Extra = maps.Clone(t.Extra)
		ct.DeckID = clonePtr(t.DeckID)
		d.Templates[i] = &ct
		from.templates[&ct] = i
	}
	return &d, from
}

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

// saveState records, for each field and template of a prepared draft, its
// index in the saved note type (-1 for a new one).
type saveState struct {
	fieldFrom    []int
	templateFrom []int
}

// prepareModel is the backend's prepare_for_update: it normalises the draft
// in place and checks it. original is nil for a new note type.
func (c *Collection) prepareModel(draft, original *Model, from copied) (saveState, error) {
	var st saveState
	if len(draft.Fields) == 0 {
		return st, errors.New(msgOneFieldRequired)
	}
	if len(draft.Templates) == 0 {
		return st, errors.New(msgOneTemplateNeeded)
	}
	draft.Name = strings.ReplaceAll(draft.Name, `"`, "")
	if draft.Name == "" {
		//lint:ignore ST1005 the backend's message, verbatim
		return st, errors.New(msgEmptyNotetypeName)
	}
	var names []*string
	for _, f := range draft.Fields {
		name, err := fixFieldName(f.Name)
		if err != nil {
			return st, err
		}
		f.Name = name
	}
	for _, t := range draft.Templates {
		name, err := fixTemplateName(t.Name)
		if err != nil {
			return st, err
		}
		t.Name = name
		names = append(names, &t.Name)
	}
	uniqueNames(names)
	names = names[:0]
	for _, f := range draft.Fields {
		names = append(names, &f.Name)
	}
	uniqueNames(names)

	st.fieldFrom = make([]int, len(draft.Fields))
	for i, f := range draft.Fields {
		st.fieldFrom[i] = indexOr(from.fields, f)
	}
	st.templateFrom = make([]int, len(draft.Templates))
	for i, t := range draft.Templates {
		st.templateFrom[i] = indexOr(from.templates, t)
	}
	draft.SortField = newSortField(draft.SortField, st.fieldFrom)
	if original != nil {
		if changes := fieldChanges(draft, original, st.fieldFrom); len(changes) > 0 {
			followFieldChanges(draft, changes)
		}
	}
	return st, checkTemplates(draft)
}

// indexOr returns m[k], or -1 when k is not in m.
func indexOr[K comparable](m map[K]int, k K) int {
	if i, ok := m[k]; ok {
		return i
	}
	return -1
}

// newSortField is the backend's reposition_sort_idx: the sort field follows
// its field; if that field is gone, the old index is clamped.
func newSortField(sortf int, fieldFrom []int) int {
	if i := slices.Index(fieldFrom, sortf); i >= 0 {
		return i
	}
	return min(max(sortf, 0), len(fieldFrom)-1)
}

// fixFieldName is the backend's NoteField::fix_name.
func fixFieldName(name string) (string, error) {
	if name == "" {
		//lint:ignore ST1005 the backend's message, verbatim
		return "", errors.New(msgEmptyFieldName)
	}
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`:{}"`, r) {
			return -1
		}
		return r
	}, name)
	trimmed := strings.TrimLeftFunc(strings.TrimSpace(name), func(r rune) bool {
		return r == '#' || r == '/' || r == '^' || unicode.IsSpace(r)
	})
	if trimmed == "" {
		return "", fmt.Errorf(msgBadFieldName, name)
	}
	return trimmed, nil
}

// fixTemplateName is the backend's CardTemplate::fix_name.
func fixTemplateName(name string) (string, error) {
	if name == "" {
		//lint:ignore ST1005 the backend's message, verbatim
		return "", errors.New(msgEmptyTemplateName)
	}
	name = strings.ReplaceAll(name, `"`, "")
	if name == "" {
		return "", errors.New(msgTemplateOnlyQuotes)
	}
	return name, nil
}

// uniqueNames appends "+" to each name that repeats an earlier one
// case-insensitively (the backend's ensure_names_unique).
func uniqueNames(names []*string) {
	seen := map[string]bool{}
	for _, n := range names {
		for seen[foldName(*n)] {
			*n += "+"
		}
		seen[foldName(*n)] = true
	}
}

// fieldChanges maps the old name of every renamed field to its new name and
// of every removed field to "" (render.ParsedTemplate.RenameFields).
func fieldChanges(draft, original *Model, fieldFrom []int) map[string]string {
	changes := map[string]string{}
	kept := map[int]bool{}
	for i, from := range fieldFrom {
		if from < 0 {
			continue
		}
		kept[from] = true
		if old := original.Fields[from].Name; old != draft.Fields[i].Name {
			changes[old] = draft.Fields[i].Name
		}
	}
	for i, f := range original.Fields {
		if !kept[i] {
			changes[f.Name] = ""
		}
	}
	return changes
}

// followFieldChanges rewrites every template that parses (browser templates
// included) for renamed and removed fields, as the backend does: the
// template is written back in canonical form, a question left without any
// field gets the first field (as a cloze for cloze types), and a cloze
// type's answer without a top-level cloze gets the cloze of the first field.
func followFieldChanges(m *Model, changes map[string]string) {
	first, cloze := m.Fields[0].Name, m.IsCloze()
	rewrite := func(text *string, question bool) {
		t, err := render.ParseTemplate(*text)
		if err != nil {
			return
		}
		t.RenameFields(changes)
		needs := cloze && !t.HasTopLevelCloze()
		if question {
			needs = needs || len(t.FieldNames(false)) == 0
		}
		if needs {
			t.AddField(first, cloze)
		}
		*text = t.String()
	}
	for _, t := range m.Templates {
		rewrite(&t.Qfmt, true)
		rewrite(&t.Afmt, false)
		rewrite(&t.Bqfmt, true)
		rewrite(&t.Bafmt, false)
	}
}

// checkTemplates is the backend's check_templates: distinct fronts (unless
// they use {{Card}}), templates that parse, a front that uses a field, only
// known field names, and for a cloze type a cloze on both sides of the first
// template.
func checkTemplates(m *Model) error {
	fail := func(ord int, details string) error {
		return fmt.Errorf(msgCardTypeError, ord+1, m.Name, details)
	}
	fronts := map[string]int{}
	for i, t := range m.Templates {
		if j, seen := fronts[t.Qfmt]; seen && !cardTag.MatchString(t.Qfmt) {
			return fail(i, fmt.Sprintf(msgIdenticalFront, j+1))
		}
		fronts[t.Qfmt] = i
	}
	var firstQ, firstA *render.ParsedTemplate
	for i, t := range m.Templates {
		q, qerr := render.ParseTemplate(t.Qfmt)
		a, aerr := render.ParseTemplate(t.Afmt)
		if qerr != nil || aerr != nil {
			return fail(i, msgSeePreview)
		}
		if i == 0 {
			firstQ, firstA = q, a
		}
		qNames := q.FieldNames(true)
		if len(qNames) == 0 {
			return fail(i, msgNoFrontField)
		}
		for _, name := range append(qNames, a.FieldNames(true)...) {
			if name != "" && !render.IsSpecialField(name) && m.FieldIndex(name) < 0 {
				return fail(i, fmt.Sprintf(msgNoSuchField, name))
			}
		}
	}
	if m.IsCloze() && (len(firstQ.ClozeFieldNames()) == 0 || len(firstA.ClozeFieldNames()) == 0) {
		return fail(0, msgMissingCloze)
	}
	return nil
}

// applyModel commits a prepared draft of m: notes, cards, then the note
// type itself.
func (c *Collection) applyModel(m, draft *Model, st saveState) {
	notes := c.NotesOfModel(m.ID)
	switch {
	case ordsChanged(st.fieldFrom, len(m.Fields)):
		for _, n := range notes {
			fields := make([]string, len(st.fieldFrom))
			for i, from := range st.fieldFrom {
				if from >= 0 && from < len(n.Fields) {
					fields[i] = n.Fields[from]
				}
			}
			c.setFields(n, fields)
			c.touchNote(n)
		}
	case draft.SortField != m.SortField:
		for _, n := range notes {
			c.touchNote(n)
		}
	}

	newOrd := make([]int, len(m.Templates)) // old ord -> new ord, -1 removed
	for i := range newOrd {
		newOrd[i] = -1
	}
	added := false
	for i, from := range st.templateFrom {
		if from < 0 {
			added = true
			continue
		}
		newOrd[from] = i
	}
	for _, n := range notes {
		c.renumberCards(n, newOrd)
	}

	regenerate := added || !slices.EqualFunc(m.Templates, draft.Templates,
		func(a, b *Template) bool { return a.Qfmt == b.Qfmt })
	*m = *draft
	m.Renumber()
	c.TouchModel(m)
	if !regenerate {
		return
	}
	for _, n := range notes {
		// Like the backend, notes without cards are left alone, and a
		// standard note with a card per template needs nothing.
		if len(n.cards) == 0 || (!m.IsCloze() && len(n.cards) == len(m.Templates)) {
			continue
		}
		c.generateCards(n, m, 0)
	}
}

// renumberCards gives n's cards their template's new ord and deletes the
// cards of removed templates (the note stays, even without cards).
func (c *Collection) renumberCards(n *Note, newOrd []int) {
	kept := n.cards[:0]
	for _, card := range n.cards {
		switch to := ordAfter(newOrd, card.Ord); {
		case to < 0:
			c.dropCard(card)
			continue
		case to != card.Ord:
			card.Ord = to
			c.TouchCard(card)
		}
		kept = append(kept, card)
	}
	clear(n.cards[len(kept):])
	n.cards = kept
	slices.SortFunc(n.cards, func(a, b *Card) int { return a.Ord - b.Ord })
}

// ordAfter maps a card's template ord through newOrd; ords beyond the
// templates (cloze cards) keep their number.
func ordAfter(newOrd []int, ord int) int {
	if ord < len(newOrd) && len(newOrd) > 0 {
		return newOrd[ord]
	}
	return ord
}

// ordsChanged reports whether fields were added, removed or reordered.
func ordsChanged(from []int, previous int) bool {
	if len(from) != previous {
		return true
	}
	for i, f := range from {
		if f != i {
			return true
		}
	}
	return false
}
