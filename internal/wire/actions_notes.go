package wire

import (
	"encoding/json"
	"errors"
	"strings"

	"github.com/ankiconnect-go/ankiconnect/internal/collection"
)

// Note and tag actions (AnkiConnect's "Note Actions"). The note object of
// addNote and its siblings is read the way the add-on's createNote reads
// it, step by step, so the first problem Python would hit is the one
// reported.

func init() {
	noteParam := []Param{{Name: "note", Required: true}}
	notesParam := []Param{{Name: "notes", Required: true}}
	Register(Action{Name: "addNote", Params: noteParam, Run: func(e *Env, a Args) (any, error) {
		return addNote(e, a.Raw("note"))
	}})
	Register(Action{Name: "addNotes", Params: notesParam, Run: addNotes})
	Register(Action{Name: "canAddNote", Params: noteParam, Run: func(e *Env, a Args) (any, error) {
		_, err := createNote(e, a.Raw("note"))
		return err == nil, nil
	}})
	Register(Action{Name: "canAddNoteWithErrorDetail", Params: noteParam, Run: func(e *Env, a Args) (any, error) {
		return canAddDetail(e, a.Raw("note")), nil
	}})
	Register(Action{Name: "canAddNotes", Params: notesParam, Run: func(e *Env, a Args) (any, error) {
		notes, err := decodeList(a, "notes")
		out := make([]bool, len(notes))
		for i, n := range notes {
			_, nerr := createNote(e, n)
			out[i] = nerr == nil
		}
		return out, err
	}})
	Register(Action{Name: "canAddNotesWithErrorDetail", Params: notesParam, Run: func(e *Env, a Args) (any, error) {
		notes, err := decodeList(a, "notes")
		out := make([]canAddResult, len(notes))
		for i, n := range notes {
			out[i] = canAddDetail(e, n)
		}
		return out, err
	}})
	Register(Action{Name: "updateNoteFields", Params: noteParam, Run: func(e *Env, a Args) (any, error) {
		return nil, updateNoteFields(e, a.Raw("note"))
	}})
	Register(Action{Name: "updateNote", Params: noteParam, Run: updateNote})
	Register(Action{Name: "updateNoteModel", Params: noteParam, Run: updateNoteModel})
	Register(Action{Name: "updateNoteTags", Params: []Param{{Name: "note", Required: true}, {Name: "tags", Required: true}}, Run: func(e *Env, a Args) (any, error) {
		return nil, updateNoteTags(e, a.Raw("note"), a.Raw("tags"))
	}})
	Register(Action{Name: "getNoteTags", Params: noteParam, Run: func(e *Env, a Args) (any, error) {
		n, err := noteByRaw(e, a.Raw("note"))
		if err != nil {
			return nil, err
		}
		return n.Tags, nil
	}})
	tagsParams := []Param{{Name: "notes", Required: true}, {Name: "tags", Required: true}}
	Register(Action{Name: "addTags", Params: append(tagsParams, Param{Name: "add", Default: true}), Run: func(e *Env, a Args) (any, error) {
		return bulkTags(e, a, truthy(a.Raw("add")))
	}})
	Register(Action{Name: "removeTags", Params: tagsParams, Run: func(e *Env, a Args) (any, error) {
		return bulkTags(e, a, false)
	}})
	Register(Action{Name: "getTags", Run: func(e *Env, a Args) (any, error) { return e.Col.AllTags(), nil }})
	Register(Action{Name: "clearUnusedTags", Run: func(e *Env, a Args) (any, error) {
		e.Col.ClearUnusedTags()
		return nil, nil
	}})
	Register(Action{Name: "replaceTags", Params: []Param{{Name: "notes", Required: true}, {Name: "tag_to_replace", Required: true}, {Name: "replace_with_tag", Required: true}}, Run: func(e *Env, a Args) (any, error) {
		var ids []int64
		var old, repl string
		if err := errors.Join(a.Decode("notes", &ids), a.Decode("tag_to_replace", &old), a.Decode("replace_with_tag", &repl)); err != nil {
			return nil, err
		}
		e.Col.ReplaceTag(ids, old, repl)
		return nil, nil
	}})
	Register(Action{Name: "replaceTagsInAllNotes", Params: []Param{{Name: "tag_to_replace", Required: true}, {Name: "replace_with_tag", Required: true}}, Run: func(e *Env, a Args) (any, error) {
		var old, repl string
		if err := errors.Join(a.Decode("tag_to_replace", &old), a.Decode("replace_with_tag", &repl)); err != nil {
			return nil, err
		}
		e.Col.ReplaceTagInAllNotes(old, repl)
		return nil, nil
	}})
	Register(Action{Name: "findNotes", Params: []Param{{Name: "query", Default: nil}}, Run: func(e *Env, a Args) (any, error) {
		return findIDs(e, a, e.Col.FindNotes)
	}})
	Register(Action{Name: "notesInfo", Params: []Param{{Name: "notes", Default: nil}, {Name: "query", Default: nil}}, Run: notesInfo})
	Register(Action{Name: "notesModTime", Params: notesParam, Run: func(e *Env, a Args) (any, error) {
		var ids []int64
		if err := a.Decode("notes", &ids); err != nil {
			return nil, err
		}
		out := make([]any, len(ids))
		for i, id := range ids {
			out[i] = struct{}{}
			if n := e.Col.NoteByID(id); n != nil {
				out[i] = noteModTime{n.ID, n.Mod}
			}
		}
		return out, nil
	}})
	Register(Action{Name: "deleteNotes", Params: notesParam, Run: func(e *Env, a Args) (any, error) {
		var ids []int64
		if err := a.Decode("notes", &ids); err != nil {
			return nil, err
		}
		e.Col.DeleteNotes(ids)
		return nil, nil
	}})
	// removeEmptyNotes really removes the note types that have no notes.
	Register(Action{Name: "removeEmptyNotes", Run: func(e *Env, a Args) (any, error) {
		e.Col.RemoveUnusedModels()
		return nil, nil
	}})
}

// noteDraft is a note built by createNote, not yet added.
type noteDraft struct {
	note  *collection.Note
	deck  *collection.Deck
	state collection.NoteState
}

// createNote is the add-on's createNote: it builds the note from the JSON
// object, stores its media, reads the options and runs the duplicate/empty
// check, returning the add-on's error for a note that cannot be added. A
// duplicate with allowDuplicate passes.
func createNote(e *Env, raw json.RawMessage) (noteDraft, error) {
	var buf [8]member // a note object's keys
	obj, err := asDictIn(buf[:], raw)
	if err != nil {
		return noteDraft{}, err
	}
	m, err := noteModel(e, obj)
	if err != nil {
		return noteDraft{}, err
	}
	deck, err := noteDeck(e, obj)
	if err != nil {
		return noteDraft{}, err
	}
	n := e.Col.NewNote(m)
	badValue := false
	if tags, ok := obj.get("tags"); ok {
		n.Tags, ok = noteTags(tags)
		badValue = badValue || !ok
	}
	fields, err := obj.key("fields")
	if err != nil {
		return noteDraft{}, err
	}
	ok, err := setFields(n, m, fields, m.FieldIndexFold)
	if err != nil {
		return noteDraft{}, err
	}
	badValue = badValue || !ok
	if err := addMediaFromNote(e, n, m, obj); err != nil {
		return noteDraft{}, err
	}
	allowDup, opts, err := dupOptions(obj)
	if err != nil {
		return noteDraft{}, err
	}
	if badValue {
		return noteDraft{}, addonError(MsgBadArgumentType)
	}
	d := noteDraft{note: n, deck: deck, state: e.Col.CheckNote(n, deck, opts)}
	switch d.state {
	case collection.NoteOK:
	case collection.NoteEmpty:
		return noteDraft{}, addonError(MsgNoteEmpty)
	case collection.NoteDuplicate:
		if !allowDup {
			return noteDraft{}, addonError(MsgNoteDuplicate)
		}
	default:
		return noteDraft{}, addonError(MsgNoteUnknownReason)
	}
	return d, nil
}

// noteModel is the note type a note object's "modelName" names: Python's
// KeyError without the key, the add-on's "model was not found" for an
// unknown name.
func noteModel(e *Env, obj pyDict) (*collection.Model, error) {
	name, err := obj.key("modelName")
	if err != nil {
		return nil, err
	}
	m := e.Col.ModelByName(PyStr(name))
	if m == nil {
		return nil, addonErrorf(MsgModelNotFound, PyStr(name))
	}
	return m, nil
}

// noteDeck is the deck a note object's "deckName" names: Python's KeyError
// without the key, the add-on's "deck was not found" for an unknown name.
func noteDeck(e *Env, obj pyDict) (*collection.Deck, error) {
	name, err := obj.key("deckName")
	if err != nil {
		return nil, err
	}
	deck := e.Col.DeckByName(PyStr(name))
	if deck == nil {
		return nil, addonErrorf(MsgDeckNotFound, PyStr(name))
	}
	return deck, nil
}

// noteTags reads a note's "tags": a list of strings, or a string that
// Python iterates character by character. ok is false for any other value,
// which the backend later rejects.
func noteTags(raw json.RawMessage) (tags []string, ok bool) {
	if list, ok := unescapedList(raw); ok {
		return list, true
	}
	return noteTagsSlow(raw)
}

// noteTagsSlow is noteTags for anything but a list of plain strings.
func noteTagsSlow(raw json.RawMessage) (tags []string, ok bool) {
	s, err := decodeString(raw)
	if err == nil {
		for _, r := range s {
			tags = append(tags, string(r))
		}
		return tags, true
	}
	return tags, decodeStrict(raw, &tags) == nil
}

// setFields assigns the JSON object fields to n's fields in key order, each
// key to the field index finds (unknown keys are dropped). ok is false when
// a value is not a string, which the backend later rejects; err is Python's
// error for fields that are not an object.
func setFields(n *collection.Note, m *collection.Model, fields json.RawMessage, index func(string) int) (ok bool, err error) {
	var buf [8]member // a typical note type's fields
	obj, err := asDictIn(buf[:], fields)
	if err != nil {
		return false, addonErrorf(MsgNoAttribute, PyTypeName(fields), "items")
	}
	ok = true
	for _, mem := range obj.members {
		i := index(mem.Key)
		if i < 0 {
			continue
		}
		v, err := decodeString(mem.Value)
		if err != nil {
			ok = false
			continue
		}
		n.Fields[i] = v
	}
	return ok, nil
}

// dupOptions reads note.options as createNote does; a value that is not an
// object is treated as no options.
func dupOptions(obj pyDict) (allowDup bool, o collection.DupOptions, err error) {
	raw, ok := obj.get("options")
	if !ok {
		return false, o, nil
	}
	opts, err := asDict(raw)
	if err != nil {
		return false, o, nil
	}
	// Each value is decoded into a variable of its own, so that only the
	// options present cost an allocation (a pointer to o would move all of
	// it to the heap).
	if v, ok := opts.get("allowDuplicate"); ok {
		var b bool
		if decodeStrict(v, &b) != nil {
			return false, o, addonError(MsgOptionAllowDuplicate)
		}
		allowDup = b
	}
	if v, ok := opts.get("duplicateScope"); ok {
		o.Scope, _ = decodeString(v) // only the string "deck" means anything
	}
	raw, ok = opts.get("duplicateScopeOptions")
	if !ok {
		return allowDup, o, nil
	}
	dso, err := asDict(raw)
	if err != nil {
		return allowDup, o, nil
	}
	if v, ok := dso.get("deckName"); ok && !isJSONNull(v) {
		name := PyStr(v)
		o.DeckName = &name
	}
	if v, ok := dso.get("checkChildren"); ok {
		var b bool
		if decodeStrict(v, &b) != nil {
			return false, o, addonError(MsgOptionCheckChildren)
		}
		o.CheckChildren = b
	}
	if v, ok := dso.get("checkAllModels"); ok {
		var b bool
		if decodeStrict(v, &b) != nil {
			return false, o, addonError(MsgOptionCheckAllModels)
		}
		o.CheckAllModels = b
	}
	return allowDup, o, nil
}

// addMediaFromNote stores the note's audio, video and picture items and
// appends [sound:NAME] or <img src="NAME"> to the named fields (exact
// case). A failed item appends its HTML-escaped error text instead; a
// failed item without "fields" aborts with KeyError 'fields', and so does a
// stored audio or video item without "fields" (a picture without fields is
// just stored).
func addMediaFromNote(e *Env, n *collection.Note, m *collection.Model, obj pyDict) error {
	for _, kind := range []string{"audio", "video", "picture"} {
		raw, ok := obj.get(kind)
		if !ok {
			continue
		}
		items, err := mediaItems(raw)
		if err != nil {
			return err
		}
		for _, item := range items {
			if isJSONNull(item) {
				continue
			}
			it, err := asDict(item)
			if err != nil {
				return err
			}
			var fields []string
			fieldsRaw, hasFields := it.get("fields")
			if hasFields {
				_ = decodeStrict(fieldsRaw, &fields)
			}
			appendTo := func(s string) {
				for _, f := range fields {
					if i := m.FieldIndex(f); i >= 0 {
						n.Fields[i] += s
					}
				}
			}
			name, stored, err := storeNoteMedia(e, it)
			switch {
			case err != nil && !hasFields, err == nil && stored && !hasFields && kind != "picture":
				return keyError("fields")
			case err != nil:
				appendTo(htmlEscape(err.Error()))
			case !stored:
			case kind == "picture":
				appendTo(`<img src="` + name + `">`)
			default:
				appendTo("[sound:" + name + "]")
			}
		}
	}
	return nil
}

// mediaItems is a note's media value as a list: one object, or a list.
func mediaItems(raw json.RawMessage) ([]json.RawMessage, error) {
	if _, err := asDict(raw); err == nil {
		return []json.RawMessage{raw}, nil
	}
	var items []json.RawMessage
	if decodeStrict(raw, &items) != nil {
		return nil, addonErrorf(MsgTypeErrorNotIterable, PyTypeName(raw))
	}
	return items, nil
}

// storeNoteMedia stores one media item (filename required: its absence is
// Python's KeyError, caught like any other failure).
func storeNoteMedia(e *Env, it pyDict) (string, bool, error) {
	if _, ok := it.get("filename"); !ok {
		return "", false, keyError("filename")
	}
	var item collection.NoteMediaItem
	if err := decodeStrict(it.raw, &item); err != nil {
		return "", false, addonError(MsgBadArgumentType)
	}
	return e.Col.Media().StoreNoteItem(e.Ctx, item)
}

// htmlEscape is the escaping AnkiConnect applies to a media error appended
// to a field.
func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// addNote creates and adds one note, returning its ID.
func addNote(e *Env, raw json.RawMessage) (int64, error) {
	d, err := createNote(e, raw)
	if err != nil {
		return 0, err
	}
	return e.Col.AddNote(d.note, d.deck), nil
}

// addNotes adds every note in order; if any fails, the notes already added
// are deleted again and the error is the Python repr of all messages.
func addNotes(e *Env, a Args) (any, error) {
	notes, err := decodeList(a, "notes")
	if err != nil {
		return nil, err
	}
	ids := make([]int64, 0, len(notes))
	var errs []string
	mark := e.Col.UndoMark()
	for _, raw := range notes {
		e.Col.BeginUndo(opAddNote) // one step per note, as in Anki
		id, err := addNote(e, raw)
		if err != nil {
			errs = append(errs, err.Error())
			continue
		}
		ids = append(ids, id)
	}
	if len(errs) > 0 {
		e.Col.DeleteNotes(ids)
		e.Col.DropUndoSince(mark) // rolled back: nothing to undo
		return nil, errors.New(collection.PyListRepr(errs))
	}
	return ids, nil
}

// canAddResult is one canAdd*WithErrorDetail entry; error only when false.
type canAddResult struct {
	CanAdd bool   `json:"canAdd"`
	Error  string `json:"error,omitempty"`
}

func canAddDetail(e *Env, raw json.RawMessage) canAddResult {
	if _, err := createNote(e, raw); err != nil {
		return canAddResult{Error: err.Error()}
	}
	return canAddResult{CanAdd: true}
}

// noteByRaw looks a note up by a JSON note ID, with the add-on's error for
// an unknown one.
func noteByRaw(e *Env, raw json.RawMessage) (*collection.Note, error) {
	var id int64
	if err := decodeStrict(raw, &id); err != nil {
		return nil, addonErrorf(MsgNoteIDNotInt, PyRepr(raw))
	}
	n := e.Col.NoteByID(id)
	if n == nil {
		return nil, addonErrorf(MsgNoteNotFound, id)
	}
	return n, nil
}

// updateNoteFields sets the named fields (exact case, unknown names
// ignored) and the media items, then saves the note.
func updateNoteFields(e *Env, raw json.RawMessage) error {
	obj, err := asDict(raw)
	if err != nil {
		return err
	}
	idRaw, err := obj.key("id")
	if err != nil {
		return err
	}
	n, err := noteByRaw(e, idRaw)
	if err != nil {
		return err
	}
	fields, err := obj.key("fields")
	if err != nil {
		return err
	}
	m := e.Col.ModelByID(n.ModelID)
	work := &collection.Note{Fields: append([]string(nil), n.Fields...)}
	ok, err := setFields(work, m, fields, m.FieldIndex)
	if err != nil {
		return err
	}
	if err := addMediaFromNote(e, work, m, obj); err != nil {
		return err
	}
	if !ok {
		return addonError(MsgBadArgumentType)
	}
	e.Col.SetNoteFields(n, work.Fields)
	return nil
}

// updateNote updates fields, then tags; like the add-on, a failing tag
// update does not undo the field update.
func updateNote(e *Env, a Args) (any, error) {
	raw := a.Raw("note")
	obj, err := asDict(raw)
	if err != nil {
		return nil, err
	}
	_, hasFields := obj.get("fields")
	tags, hasTags := obj.get("tags")
	if !hasFields && !hasTags {
		return nil, addonError(MsgUpdateNoteNothing)
	}
	if hasFields {
		if err := updateNoteFields(e, raw); err != nil {
			return nil, err
		}
	}
	if hasTags {
		idRaw, err := obj.key("id")
		if err != nil {
			return nil, err
		}
		e.Col.BeginUndo(opUpdateTags) // the add-on calls updateNoteTags
		return nil, updateNoteTags(e, idRaw, tags)
	}
	return nil, nil
}

// updateNoteTags replaces a note's tags: a string is one entry, anything
// but a list of strings is refused.
func updateNoteTags(e *Env, noteRaw, tagsRaw json.RawMessage) error {
	tags, ok := tagList(tagsRaw)
	if !ok {
		return addonError(MsgTagsNotList)
	}
	n, err := noteByRaw(e, noteRaw)
	if err != nil {
		return err
	}
	e.Col.SetNoteTags(n, tags)
	return nil
}

// tagList reads a string (one entry) or a list of strings.
func tagList(raw json.RawMessage) ([]string, bool) {
	var s string
	if decodeStrict(raw, &s) == nil {
		return []string{s}, true
	}
	var tags []string
	return tags, decodeStrict(raw, &tags) == nil && !isJSONNull(raw)
}

// updateNoteModel moves a note to another note type with new fields
// (matched case-insensitively, the rest left empty) and tags (default none).
func updateNoteModel(e *Env, a Args) (any, error) {
	obj, err := asDict(a.Raw("note"))
	if err != nil {
		return nil, err
	}
	idRaw, _ := obj.get("id")
	if !truthy(idRaw) {
		return nil, addonError(MsgNoteIDRequired)
	}
	nameRaw, _ := obj.get("modelName")
	if !truthy(nameRaw) {
		return nil, addonError(MsgModelNameRequired)
	}
	fieldsRaw, _ := obj.get("fields")
	if _, err := asDict(fieldsRaw); err != nil || !truthy(fieldsRaw) {
		return nil, addonError(MsgFieldsNotDict)
	}
	n, err := noteByRaw(e, idRaw)
	if err != nil {
		return nil, err
	}
	m := e.Col.ModelByName(PyStr(nameRaw))
	if m == nil {
		return nil, addonErrorf(MsgModelNotFoundQuote, PyStr(nameRaw))
	}
	work := e.Col.NewNote(m)
	ok, err := setFields(work, m, fieldsRaw, m.FieldIndexFold)
	if err != nil {
		return nil, err
	}
	var tags []string
	if raw, has := obj.get("tags"); has {
		if decodeStrict(raw, &tags) != nil {
			ok = false
		}
	}
	if !ok {
		return nil, addonError(MsgBadArgumentType)
	}
	e.Col.ChangeNoteModel(n, m, work.Fields)
	e.Col.SetNoteTags(n, tags)
	return nil, nil
}

// bulkTags is addTags (add) and removeTags (!add): tags is one
// space-separated string.
func bulkTags(e *Env, a Args, add bool) (any, error) {
	var ids []int64
	var tags string
	if err := errors.Join(a.Decode("notes", &ids), a.Decode("tags", &tags)); err != nil {
		return nil, err
	}
	if add {
		e.Col.AddTags(ids, tags)
	} else {
		e.Col.RemoveTags(ids, tags)
	}
	return nil, nil
}

// findIDs runs a find over the query parameter; a null query finds nothing.
func findIDs(e *Env, a Args, find func(string) ([]int64, error)) (any, error) {
	if a.IsNull("query") {
		return []int64{}, nil
	}
	var q string
	if err := a.Decode("query", &q); err != nil {
		return nil, err
	}
	return find(q)
}

// noteInfo is one notesInfo entry, keys in the add-on's order.
type noteInfo struct {
	NoteID    int64      `json:"noteId"`
	Profile   string     `json:"profile"`
	Tags      []string   `json:"tags"`
	Fields    fieldsJSON `json:"fields"`
	ModelName string     `json:"modelName"`
	Mod       int64      `json:"mod"`
	Cards     []int64    `json:"cards"`
}

// appendPy writes the noteInfo as encodePython does.
func (n *noteInfo) appendPy(b []byte) ([]byte, bool) {
	o := startObject(b)
	o.int("noteId", n.NoteID)
	o.str("profile", n.Profile)
	o.strs("tags", n.Tags)
	o.key("fields")
	o.b, _ = n.Fields.appendPy(o.b)
	o.str("modelName", n.ModelName)
	o.int("mod", n.Mod)
	o.ints("cards", n.Cards)
	return o.end(), true
}

type noteModTime struct {
	NoteID int64 `json:"noteId"`
	Mod    int64 `json:"mod"`
}

// appendPy writes the noteModTime as encodePython does.
func (n noteModTime) appendPy(b []byte) ([]byte, bool) {
	o := startObject(b)
	o.int("noteId", n.NoteID)
	o.int("mod", n.Mod)
	return o.end(), true
}

// notesInfo describes notes by ID, or by query when one is given (the query
// wins); unknown IDs give {}.
func notesInfo(e *Env, a Args) (any, error) {
	if a.IsNull("notes") && a.IsNull("query") {
		return nil, addonError(MsgNotesInfoNoArgs)
	}
	var ids []int64
	if !a.IsNull("query") {
		found, err := findIDs(e, a, e.Col.FindNotes)
		if err != nil {
			return nil, err
		}
		ids = found.([]int64)
	} else if err := a.Decode("notes", &ids); err != nil {
		return nil, err
	}
	out := make([]any, len(ids))
	for i, id := range ids {
		n := e.Col.NoteByID(id)
		if n == nil {
			out[i] = struct{}{}
			continue
		}
		m := e.Col.ModelByID(n.ModelID)
		cards := make([]int64, len(n.Cards()))
		for j, card := range n.Cards() {
			cards[j] = card.ID
		}
		out[i] = &noteInfo{
			NoteID: n.ID, Profile: e.Profile, Tags: n.Tags, Fields: fieldsJSON{m, n},
			ModelName: m.Name, Mod: n.Mod, Cards: cards,
		}
	}
	return out, nil
}

// pyDict is a JSON object seen as the dict Python's json.loads makes of it.
type pyDict struct {
	raw     json.RawMessage
	members []member
}

// asDict reads raw as a dict; for anything else the error is what Python
// says when such a value is subscripted with a string key.
func asDict(raw json.RawMessage) (pyDict, error) {
	return asDictIn(nil, raw)
}

// asDictIn is asDict with the members in buf's room (on the caller's
// stack), and the keys clients send again and again (commonKey) shared
// rather than copied.
func asDictIn(buf []member, raw json.RawMessage) (pyDict, error) {
	members, ok := knownMembers(raw, commonKey, buf)
	if !ok {
		switch t := PyTypeName(raw); t {
		case "list":
			return pyDict{}, addonError(MsgListIndicesNotStr)
		case "str":
			return pyDict{}, addonError(MsgStringIndicesNotStr)
		default:
			return pyDict{}, addonErrorf(MsgNotSubscriptable, t)
		}
	}
	return pyDict{raw, members}, nil
}

// get returns the value of key k.
func (d pyDict) get(k string) (json.RawMessage, bool) { return lookup(d.members, k) }

// key returns the value of key k, or Python's KeyError for a missing one.
func (d pyDict) key(k string) (json.RawMessage, error) {
	if v, ok := d.get(k); ok {
		return v, nil
	}
	return nil, keyError(k)
}

// keyError is str(KeyError(k)): the key's repr.
func keyError(k string) error { return addonErrorf(MsgKeyError, pyStringRepr(k)) }

// decodeStrict unmarshals raw into dst, refusing null (which encoding/json
// would silently accept).
func decodeStrict(raw json.RawMessage, dst any) error {
	if isJSONNull(raw) {
		return errors.New("null")
	}
	return json.Unmarshal(raw, dst)
}

// decodeList reads a list param as its raw elements: sub-slices of the
// request found by listItems for a list, else (null, or not a list) what
// Args.Decode makes of it, errors included.
func decodeList(a Args, name string) ([]json.RawMessage, error) {
	if items, ok := listItems(a.Raw(name)); ok {
		return items, nil
	}
	var items []json.RawMessage
	return items, a.Decode(name, &items)
}
