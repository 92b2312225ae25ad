package wire

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/ankiconnect-go/ankiconnect/internal/collection"
)

// basicNote is an addNote "note" object for the Basic type.
func basicNote(deck, front, back, extra string) string {
	return fmt.Sprintf(`{"deckName": %q, "modelName": "Basic", "fields": {"Front": %q, "Back": %q}%s}`, deck, front, back, extra)
}

// saveID is a check that only makes sure the result is a positive integer.
func isID(t *testing.T, r json.RawMessage) {
	t.Helper()
	var id int64
	if err := json.Unmarshal(r, &id); err != nil || id <= 0 {
		t.Errorf("result %s is not an ID", r)
	}
}

// fakeFetcher serves every URL with the URL's own text, without a network.
func fakeFetcher(_ context.Context, url string) ([]byte, error) {
	return []byte("content of " + url), nil
}

const sampleAddNote = `{"note": {
	"deckName": "Default", "modelName": "Basic",
	"fields": {"Front": "front content", "Back": "back content"},
	"options": {"allowDuplicate": false, "duplicateScope": "deck",
		"duplicateScopeOptions": {"deckName": "Default", "checkChildren": false, "checkAllModels": false}},
	"tags": ["yomichan"],
	"audio": [{"url": "https://assets.languagepod101.com/dictionary/japanese/audiomp3.php?kanji=猫&kana=ねこ",
		"filename": "yomichan_ねこ_猫.mp3", "skipHash": "7e2c2f954ef6051373ba916f000168dc", "fields": ["Front"]}],
	"video": [{"url": "https://cdn.videvo.net/videvo_files/video/free/2015-06/small_watermarked/Contador_Glam_preview.mp4",
		"filename": "countdown.mp4", "skipHash": "4117e8aab0d37534d9c8eac362388bbe", "fields": ["Back"]}],
	"picture": [{"url": "https://upload.wikimedia.org/wikipedia/commons/thumb/c/c7/A_black_cat_named_Tilly.jpg/220px-A_black_cat_named_Tilly.jpg",
		"filename": "black_cat.jpg", "skipHash": "8d6e4646dfae812bf39651b59d7429ce", "fields": ["Back"]}]}}`

func TestAddNote(t *testing.T) {
	runScript(t, Config{Fetcher: fakeFetcher}, nil, []step{
		{action: "addNote", params: sampleAddNote, save: "n1", check: isID},
		{action: "notesInfo", params: `{"notes": [${n1}]}`, check: wantPaths(map[string]any{
			"0.fields.Front.value": "front content[sound:yomichan_ねこ_猫.mp3]",
			"0.fields.Back.value":  `back content[sound:countdown.mp4]<img src="black_cat.jpg">`,
			"0.tags":               []any{"yomichan"},
			"0.modelName":          "Basic",
			"0.profile":            "User 1",
		})},
		{action: "retrieveMediaFile", params: `{"filename": "countdown.mp4"}`, check: func(t *testing.T, r json.RawMessage) {
			if string(r) == "false" {
				t.Error("the video was not stored")
			}
		}},
		// The sample again: the same (stripped) first field of the same type.
		{action: "addNote", params: `{"note": ` + basicNote("Default", "front content[sound:yomichan_ねこ_猫.mp3]", "x", "") + `}`,
			err: "cannot create note because it is a duplicate"},
		{action: "addNote", params: `{"note": ` + basicNote("Default", "front content[sound:yomichan_ねこ_猫.mp3]", "x",
			`, "options": {"allowDuplicate": true}`) + `}`, check: isID},
		{action: "addNote", params: `{"note": ` + basicNote("Default", " <br> ", "x", "") + `}`, err: "cannot create note because it is empty"},
		{action: "addNote", params: `{"note": ` + basicNote("Default", "", "x", "") + `}`, err: "cannot create note because it is empty"},
		{action: "addNote", params: `{"note": {"deckName": "Default", "modelName": "Nope", "fields": {}}}`, err: "model was not found: Nope"},
		{action: "addNote", params: `{"note": {"deckName": "Nope", "modelName": "basic", "fields": {}}}`, err: "deck was not found: Nope"},
		{action: "addNote", params: `{"note": {"deckName": "Nope", "fields": {}}}`, err: "'modelName'"},
		{action: "addNote", params: `{"note": {"modelName": "Basic", "fields": {}}}`, err: "'deckName'"},
		{action: "addNote", params: `{"note": {"modelName": "Basic", "deckName": "default"}}`, err: "'fields'"},
		{action: "addNote", params: `{"note": {"modelName": "Basic", "deckName": "default", "fields": []}}`, err: "'list' object has no attribute 'items'"},
		{action: "addNote", params: `{"note": []}`, err: "list indices must be integers or slices, not str"},
		{action: "addNote", params: `{"note": "x"}`, err: "string indices must be integers, not 'str'"},
		{action: "addNote", params: `{"note": null}`, err: "'NoneType' object is not subscriptable"},
		{action: "addNote", params: `{}`, err: "AnkiConnect.addNote() missing 1 required positional argument: 'note'"},
		{action: "addNote", params: `{"note": ` + basicNote("Default", "o", "x", `, "options": {"allowDuplicate": "yes"}`) + `}`,
			err: `option parameter "allowDuplicate" must be boolean`},
		{action: "addNote", params: `{"note": ` + basicNote("Default", "o", "x", `, "options": {"duplicateScopeOptions": {"checkChildren": 1}}`) + `}`,
			err: `option parameter "duplicateScopeOptions.checkChildren" must be boolean`},
		{action: "addNote", params: `{"note": ` + basicNote("Default", "o", "x", `, "options": {"duplicateScopeOptions": {"checkAllModels": null}}`) + `}`,
			err: `option parameter "duplicateScopeOptions.checkAllModels" must be boolean`},
		{action: "addNote", params: `{"note": ` + basicNote("Default", "{{c1::x}}", "x", "") + `}`, err: "cannot create note for unknown reason"},
		{action: "addNote", params: `{"note": {"deckName": "Default", "modelName": "Cloze", "fields": {"Text": "no cloze"}}}`,
			err: "cannot create note for unknown reason"},
		{action: "addNote", params: `{"note": {"deckName": "Default", "modelName": "Cloze", "fields": {"Text": "a {{c1::b}}", "Back Extra": "{{c2::c}}"}}}`,
			err: "cannot create note for unknown reason"},
		{action: "addNote", params: `{"note": {"deckName": "Default", "modelName": "Cloze", "fields": {"Text": "", "Back Extra": "{{c2::c}}"}}}`,
			err: "cannot create note for unknown reason"},
		{action: "addNote", params: `{"note": {"deckName": "Default", "modelName": "Cloze", "fields": {"Text": ""}}}`,
			err: "cannot create note because it is empty"},
		{action: "addNote", params: `{"note": ` + basicNote("Default", "int field", "x", "") + `}`, check: isID},
		{action: "addNote", params: `{"note": {"deckName": "Default", "modelName": "Basic", "fields": {"Front": 5}}}`,
			err: "bad argument type for built-in operation"},
		// Field names match case-insensitively; unknown ones are dropped;
		// a later key wins; tags given as a string are its characters.
		{action: "addNote", params: `{"note": {"deckName": "default", "modelName": "BASIC", "fields": {"front": "a", "FRONT": "b", "Nope": "c"}, "tags": "xy"}}`, save: "n2"},
		{action: "notesInfo", params: `{"notes": [${n2}]}`, check: wantPaths(map[string]any{
			"0.fields.Front.value": "b", "0.fields.Back.value": "", "0.tags": []any{"x", "y"},
		})},
	})
}

func TestAddNoteDuplicateScopes(t *testing.T) {
	runScript(t, Config{}, nil, []step{
		{action: "createDeck", params: `{"deck": "P::C"}`, check: isID},
		{action: "addNote", params: `{"note": ` + basicNote("P::C", "<b>word</b>", "x", "") + `}`, check: isID},
		// Default path: same type anywhere, HTML stripped, case-sensitive.
		{action: "canAddNoteWithErrorDetail", params: `{"note": ` + basicNote("Default", "word", "y", "") + `}`,
			want: `{"canAdd": false, "error": "cannot create note because it is a duplicate"}`},
		{action: "canAddNoteWithErrorDetail", params: `{"note": ` + basicNote("Default", "Word", "y", "") + `}`, want: `{"canAdd": true}`},
		{action: "canAddNoteWithErrorDetail", params: `{"note": {"deckName": "Default", "modelName": "Basic (and reversed card)", "fields": {"Front": "word"}}}`,
			want: `{"canAdd": true}`},
		// checkAllModels: the checksum of any note type counts.
		{action: "canAddNote", params: `{"note": {"deckName": "Default", "modelName": "Basic (and reversed card)", "fields": {"Front": "word"},
			"options": {"duplicateScopeOptions": {"checkAllModels": true}}}}`, want: `false`},
		// Deck scope: only cards in the deck set count.
		{action: "canAddNote", params: `{"note": ` + basicNote("Default", "word", "y", `, "options": {"duplicateScope": "deck"}`) + `}`, want: `true`},
		{action: "canAddNote", params: `{"note": ` + basicNote("P::C", "word", "y", `, "options": {"duplicateScope": "deck"}`) + `}`, want: `false`},
		{action: "canAddNote", params: `{"note": ` + basicNote("Default", "word", "y", `, "options": {"duplicateScope": "deck", "duplicateScopeOptions": {"deckName": "p"}}`) + `}`, want: `true`},
		{action: "canAddNote", params: `{"note": ` + basicNote("Default", "word", "y", `, "options": {"duplicateScope": "deck", "duplicateScopeOptions": {"deckName": "p", "checkChildren": true}}`) + `}`, want: `false`},
		{action: "canAddNote", params: `{"note": ` + basicNote("P::C", "word", "y", `, "options": {"duplicateScope": "deck", "duplicateScopeOptions": {"deckName": "No Such Deck"}}`) + `}`, want: `true`},
		// The custom path's empty check does not strip HTML.
		{action: "canAddNoteWithErrorDetail", params: `{"note": ` + basicNote("Default", "<br>", "y", `, "options": {"duplicateScope": "deck"}`) + `}`, want: `{"canAdd": true}`},
		{action: "canAddNoteWithErrorDetail", params: `{"note": ` + basicNote("Default", "  ", "y", `, "options": {"duplicateScope": "deck"}`) + `}`,
			want: `{"canAdd": false, "error": "cannot create note because it is empty"}`},
		{action: "canAddNote", params: `{"note": {"deckName": "Nope", "modelName": "Basic", "fields": {}}}`, want: `false`},
	})
}

func TestAddNotesAndCanAddNotes(t *testing.T) {
	runScript(t, Config{}, nil, []step{
		{action: "createDeck", params: `{"deck": "College::PluginDev"}`, check: isID},
		// The documented sample: the good note is rolled back.
		{action: "addNotes", params: `{"notes": [
			{"deckName": "College::PluginDev", "modelName": "non_existent_model", "fields": {"Front": "front", "Back": "bak"}},
			{"deckName": "College::PluginDev", "modelName": "Basic", "fields": {"Front": "front", "Back": "bak"}}]}`,
			err: "['model was not found: non_existent_model']"},
		// Rolled back: the valid note is not a duplicate of anything.
		{action: "canAddNote", params: `{"note": {"deckName": "College::PluginDev", "modelName": "Basic", "fields": {"Front": "front"}}}`, want: `true`},
		{action: "addNotes", params: `{"notes": [` + basicNote("Default", "a", "", "") + `, ` + basicNote("Default", "a", "", "") + `, ` +
			basicNote("Default", "", "", "") + `]}`, err: "['cannot create note because it is a duplicate', 'cannot create note because it is empty']"},
		{action: "addNotes", params: `{"notes": [{"deckName": "it's", "modelName": "Basic", "fields": {}}]}`, err: `["deck was not found: it's"]`},
		{action: "addNotes", params: `{"notes": [` + basicNote("Default", "front content", "back content", "") + `, ` + basicNote("Default", "b", "", "") + `]}`,
			check: func(t *testing.T, r json.RawMessage) {
				var ids []int64
				if err := json.Unmarshal(r, &ids); err != nil || len(ids) != 2 || ids[0] >= ids[1] {
					t.Errorf("addNotes = %s", r)
				}
			}},
		{action: "addNotes", params: `{"notes": []}`, want: `[]`},
		{action: "canAddNotes", params: `{"notes": [{"deckName": "Default", "modelName": "Basic",
			"fields": {"Front": "front content 2", "Back": "back content"}, "tags": ["yomichan"]}]}`, want: `[true]`},
		{action: "canAddNotes", params: `{"notes": [` + basicNote("Default", "front content", "", "") + `, {}, 5]}`, want: `[false, false, false]`},
		{action: "canAddNotesWithErrorDetail", params: `{"notes": [
			{"deckName": "Default", "modelName": "Basic", "fields": {"Front": "front content", "Back": "back content"}, "tags": ["yomichan"]},
			{"deckName": "Default", "modelName": "Basic", "fields": {"Front": "front content 2", "Back": "back content 2"}, "tags": ["yomichan"]}]}`,
			want: `[{"canAdd": false, "error": "cannot create note because it is a duplicate"}, {"canAdd": true}]`},
		{action: "canAddNotesWithErrorDetail", params: `{"notes": [{}]}`, want: `[{"canAdd": false, "error": "'modelName'"}]`},
		{action: "getTags", want: `[]`},
	})
}

func TestNoteMedia(t *testing.T) {
	failing := func(_ context.Context, url string) ([]byte, error) {
		return nil, &collection.DownloadFailedError{URL: url, Code: 404}
	}
	runScript(t, Config{Fetcher: failing}, nil, []step{
		{action: "addNote", params: `{"note": ` + basicNote("Default", "f", "b",
			`, "picture": {"url": "http://x/<a>", "filename": "p.jpg", "fields": ["Back", "back", "Nope"]}`) + `}`, save: "n"},
		{action: "notesInfo", params: `{"notes": [${n}]}`, check: wantPaths(map[string]any{
			"0.fields.Back.value": "bhttp://x/&lt;a&gt; download failed with return code 404",
		})},
		{action: "addNote", params: `{"note": ` + basicNote("Default", "g", "b", `, "audio": [{"url": "http://x/a", "filename": "a.mp3"}]`) + `}`,
			err: "'fields'"},
		{action: "addNote", params: `{"note": ` + basicNote("Default", "h", "b", `, "picture": [null, {"data": "aGk=", "filename": "hi.txt"}]`) + `}`,
			check: isID},
		{action: "retrieveMediaFile", params: `{"filename": "hi.txt"}`, want: `"aGk="`},
		{action: "addNote", params: `{"note": ` + basicNote("Default", "i", "b", `, "audio": {"data": "aGk=", "filename": "hi2.txt"}`) + `}`,
			err: "'fields'"},
		// canAddNote stores media too.
		{action: "canAddNote", params: `{"note": ` + basicNote("Default", "j", "b", `, "picture": {"data": "aGk=", "filename": "side.txt"}`) + `}`, want: `true`},
		{action: "retrieveMediaFile", params: `{"filename": "side.txt"}`, want: `"aGk="`},
		{action: "updateNoteFields", params: `{"note": {"id": ${n}, "fields": {"Front": "new"}, "audio": [{"data": "aGk=", "filename": "u.mp3", "fields": ["Front"]}]}}`, want: `null`},
		{action: "notesInfo", params: `{"notes": [${n}]}`, check: wantPaths(map[string]any{"0.fields.Front.value": "new[sound:u.mp3]"})},
	})
}

// seedTagged adds two Basic notes with tags and saves their IDs as n1, n2.
func seedTagged(e *Env, vars map[string]string) error {
	for i, tags := range [][]string{{"european-languages", "idioms"}, {"European-Languages::French"}} {
		n := e.Col.NewNote(e.Col.ModelByName("Basic"))
		n.Fields = []string{fmt.Sprint("note ", i+1), "back"}
		n.Tags = tags
		e.Col.AddNote(n, e.Col.DeckByID(collection.DefaultDeckID))
		vars[fmt.Sprint("n", i+1)] = fmt.Sprint(n.ID)
		vars[fmt.Sprint("c", i+1)] = fmt.Sprint(n.Cards()[0].ID)
	}
	return nil
}

func TestTagActions(t *testing.T) {
	runScript(t, Config{}, seedTagged, []step{
		{action: "getTags", want: `["european-languages", "european-languages::French", "idioms"]`},
		{action: "getNoteTags", params: `{"note": ${n2}}`, want: `["european-languages::French"]`},
		{action: "getNoteTags", params: `{"note": 1}`, err: "Note was not found: 1"},
		{action: "addTags", params: `{"notes": [${n1}, ${n2}, 7], "tags": "b-tag  A-tag"}`, want: `null`},
		{action: "getNoteTags", params: `{"note": ${n2}}`, want: `["A-tag", "b-tag", "european-languages::French"]`},
		{action: "addTags", params: `{"notes": [${n1}], "tags": "a-tag", "add": false}`, want: `null`},
		{action: "getNoteTags", params: `{"note": ${n1}}`, want: `["b-tag", "european-languages", "idioms"]`},
		{action: "removeTags", params: `{"notes": [${n1}, ${n2}], "tags": "EUROPEAN-languages"}`, want: `null`},
		{action: "getNoteTags", params: `{"note": ${n2}}`, want: `["A-tag", "b-tag"]`},
		{action: "getTags", want: `["A-tag", "b-tag", "european-languages", "european-languages::French", "idioms"]`},
		{action: "clearUnusedTags", want: `null`},
		{action: "getTags", want: `["A-tag", "b-tag", "idioms"]`},
		{action: "addTags", params: `{"notes": [${n1}], "tags": ["x"]}`, err: "invalid value for parameter 'tags': expected a string, got array"},
		{action: "replaceTags", params: `{"notes": [${n1}, ${n2}, 99], "tag_to_replace": "IDIOMS", "replace_with_tag": "french-languages"}`, want: `null`},
		{action: "getNoteTags", params: `{"note": ${n1}}`, want: `["b-tag", "french-languages"]`},
		{action: "replaceTagsInAllNotes", params: `{"tag_to_replace": "a-tag", "replace_with_tag": "z"}`, want: `null`},
		{action: "getNoteTags", params: `{"note": ${n2}}`, want: `["b-tag", "z"]`},
		{action: "updateNoteTags", params: `{"note": ${n1}, "tags": ["european-languages"]}`, want: `null`},
		{action: "getNoteTags", params: `{"note": ${n1}}`, want: `["european-languages"]`},
		{action: "updateNoteTags", params: `{"note": ${n1}, "tags": "one two"}`, want: `null`},
		{action: "getNoteTags", params: `{"note": ${n1}}`, want: `["one", "two"]`},
		{action: "updateNoteTags", params: `{"note": ${n1}, "tags": [1]}`, err: "Must provide tags as a list of strings"},
		{action: "updateNoteTags", params: `{"note": ${n1}, "tags": null}`, err: "Must provide tags as a list of strings"},
		{action: "updateNoteTags", params: `{"note": 3, "tags": []}`, err: "Note was not found: 3"},
		{action: "getNoteTags", params: `{"note": ${n1}}`, want: `["one", "two"]`},
	})
}

func TestUpdateNoteActions(t *testing.T) {
	setup := func(e *Env, vars map[string]string) error {
		if err := seedTagged(e, vars); err != nil {
			return err
		}
		m := collection.NewModel("NewModel", "NewField1", "NewField2", "NewField3")
		m.Templates = []*collection.Template{collection.NewTemplate("Card 1", "{{NewField1}}", "{{NewField2}}")}
		e.Col.AddModel(m)
		return nil
	}
	runScript(t, Config{}, setup, []step{
		{action: "updateNoteFields", params: `{"note": {"id": ${n1}, "fields": {"Front": "new front content", "back": "ignored", "Back": "new back content"}}}`, want: `null`},
		{action: "notesInfo", params: `{"notes": [${n1}]}`, check: wantPaths(map[string]any{
			"0.fields.Front.value": "new front content", "0.fields.Back.value": "new back content",
			"0.fields.Back.order": 1.0,
		})},
		{action: "updateNoteFields", params: `{"note": {"id": 42, "fields": {}}}`, err: "Note was not found: 42"},
		{action: "updateNoteFields", params: `{"note": {"fields": {}}}`, err: "'id'"},
		{action: "updateNoteFields", params: `{"note": {"id": ${n1}}}`, err: "'fields'"},
		{action: "updateNoteFields", params: `{"note": {"id": ${n1}, "fields": {"Front": 1, "Back": "changed?"}}}`, err: "bad argument type for built-in operation"},
		{action: "notesInfo", params: `{"notes": [${n1}]}`, check: wantPaths(map[string]any{"0.fields.Back.value": "new back content"})},

		{action: "updateNote", params: `{"note": {"id": ${n1}, "fields": {"Front": "f2", "Back": "b2"}, "tags": ["new", "tags"]}}`, want: `null`},
		{action: "notesInfo", params: `{"notes": [${n1}]}`, check: wantPaths(map[string]any{
			"0.fields.Front.value": "f2", "0.tags": []any{"new", "tags"},
		})},
		{action: "updateNote", params: `{"note": {"id": ${n1}}}`, err: `Must provide a "fields" or "tags" property.`},
		{action: "updateNote", params: `{"note": {"id": ${n1}, "tags": "solo"}}`, want: `null`},
		{action: "getNoteTags", params: `{"note": ${n1}}`, want: `["solo"]`},
		// Fields are saved before the tags fail, as in the add-on.
		{action: "updateNote", params: `{"note": {"id": ${n1}, "fields": {"Front": "f3"}, "tags": 5}}`, err: "Must provide tags as a list of strings"},
		{action: "notesInfo", params: `{"notes": [${n1}]}`, check: wantPaths(map[string]any{"0.fields.Front.value": "f3", "0.tags": []any{"solo"}})},

		{action: "updateNoteModel", params: `{"note": {"id": ${n1}, "modelName": "NewModel",
			"fields": {"NewField1": "new field 1", "newfield2": "new field 2", "NewField3": "new field 3"}, "tags": ["new", "updated", "tags"]}}`, want: `null`},
		{action: "notesInfo", params: `{"notes": [${n1}]}`, check: wantPaths(map[string]any{
			"0.modelName": "NewModel", "0.fields.NewField2.value": "new field 2", "0.tags": []any{"new", "tags", "updated"},
		})},
		{action: "updateNoteModel", params: `{"note": {"id": ${n2}, "modelName": "basic", "fields": {"FRONT": "x"}}}`, want: `null`},
		{action: "notesInfo", params: `{"notes": [${n2}]}`, check: wantPaths(map[string]any{
			"0.modelName": "Basic", "0.fields.Front.value": "x", "0.fields.Back.value": "", "0.tags": []any{},
		})},
		{action: "updateNoteModel", params: `{"note": {"modelName": "Basic", "fields": {"Front": "x"}}}`, err: "Note ID is required"},
		{action: "updateNoteModel", params: `{"note": {"id": ${n2}, "modelName": "", "fields": {"Front": "x"}}}`, err: "Model name is required"},
		{action: "updateNoteModel", params: `{"note": {"id": ${n2}, "modelName": "Basic", "fields": {}}}`, err: "Fields must be provided as a dictionary"},
		{action: "updateNoteModel", params: `{"note": {"id": ${n2}, "modelName": "Basic", "fields": ["x"]}}`, err: "Fields must be provided as a dictionary"},
		{action: "updateNoteModel", params: `{"note": {"id": 5, "modelName": "Basic", "fields": {"Front": "x"}}}`, err: "Note was not found: 5"},
		{action: "updateNoteModel", params: `{"note": {"id": ${n2}, "modelName": "Nope", "fields": {"Front": "x"}}}`, err: "Model 'Nope' not found"},
	})
}

func TestNoteLookupActions(t *testing.T) {
	runScript(t, Config{}, seedTagged, []step{
		{action: "notesInfo", params: `{"notes": [${n1}, 5]}`, want: `[{"noteId": ${n1}, "profile": "User 1", "tags": ["european-languages", "idioms"],
			"fields": {"Front": {"value": "note 1", "order": 0}, "Back": {"value": "back", "order": 1}},
			"modelName": "Basic", "mod": ` + fmt.Sprint(colTestTime.Unix()) + `, "cards": [${c1}]}, {}]`},
		{action: "notesInfo", err: `Must provide either "notes" or a "query"`},
		{action: "notesInfo", params: `{"notes": null, "query": null}`, err: `Must provide either "notes" or a "query"`},
		{action: "notesModTime", params: `{"notes": [${n2}, 5]}`, want: `[{"noteId": ${n2}, "mod": ` + fmt.Sprint(colTestTime.Unix()) + `}, {}]`},
		{action: "cardsToNotes", params: `{"cards": [${c2}, ${c1}, ${c2}, 77]}`, want: `[${n1}, ${n2}]`},
		{action: "findNotes", want: `[]`},
		{action: "findCards", params: `{"query": null}`, want: `[]`},
		{action: "deleteNotes", params: `{"notes": [${n1}, 404]}`, want: `null`},
		{action: "notesInfo", params: `{"notes": [${n1}]}`, want: `[{}]`},
		{action: "cardsModTime", params: `{"cards": [${c1}]}`, want: `[{}]`},
		{action: "removeEmptyNotes", want: `null`},
		{action: "updateNoteFields", params: `{"note": {"id": ${n2}, "fields": {"Front": "still here"}}}`, want: `null`},
	})
	// removeEmptyNotes removed the unused note types.
	srv := NewServer(Config{})
	_ = srv.Do(context.Background(), func(e *Env) error {
		_ = seedTagged(e, map[string]string{})
		return nil
	})
	post(t, inProcessSender(srv), `{"action": "removeEmptyNotes"}`)
	_ = srv.Do(context.Background(), func(e *Env) error {
		var names []string
		for _, m := range e.Col.AllModels() {
			names = append(names, m.Name)
		}
		if strings.Join(names, ",") != "Basic" {
			t.Errorf("models after removeEmptyNotes = %v", names)
		}
		return nil
	})
}
