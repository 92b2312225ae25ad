package ankiconnect

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func init() {
	// NotesInfo and NotesInfoByQuery are both notesInfo, with IDs or with
	// a query.
	sharedActions["notesInfo"] = true
}

// twinCase is a documented sample run through both bindings of its action:
// the Client method named method, called with ctx and args, and its Multi
// twin, called with args. Both must send testdata/requests/<file>.json
// (the Multi as its inner action) and decode testdata/results/<file>.json
// into want: nil for a method that returns only an error, the value for
// one that returns (value, error), and []any{v, ok} for one that returns
// (v, ok, error), whose Multi twin returns a Pending[Maybe[T]].
type twinCase struct {
	file   string
	method string
	args   []any
	want   any
}

func runTwins(t *testing.T, cases []twinCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			request := readTestdata(t, "testdata/requests/"+tc.file+".json")
			reply := readTestdata(t, "testdata/results/"+tc.file+".json")
			c, rec := mockClient(t, []string{reply, `{"result": [` + reply + `], "error": null}`})
			ctx := context.Background()

			outs := callByName(t, c, tc.method, append([]any{ctx}, tc.args...))
			if err, _ := outs[len(outs)-1].Interface().(error); err != nil {
				t.Fatalf("Client.%s: %v", tc.method, err)
			}
			results := outs[:len(outs)-1]
			if diff := cmp.Diff(tc.want, clientValues(results)); diff != "" {
				t.Errorf("Client.%s result (-want +got):\n%s", tc.method, diff)
			}
			wantJSON(t, rec.request(t, 0), request)

			m := c.NewMulti()
			pending := callByName(t, m, tc.method, tc.args)[0]
			if err := m.Do(ctx); err != nil {
				t.Fatalf("Multi.%s: %v", tc.method, err)
			}
			body := rec.request(t, 1).(map[string]any)
			inner := body["params"].(map[string]any)["actions"].([]any)
			if len(inner) != 1 {
				t.Fatalf("Multi.%s queued %d actions", tc.method, len(inner))
			}
			wantJSON(t, inner[0], request)
			res := pending.MethodByName("Result").Call(nil)
			if err, _ := res[1].Interface().(error); err != nil {
				t.Fatalf("Multi.%s result: %v", tc.method, err)
			}
			if diff := cmp.Diff(tc.want, pendingValues(res[0], len(results))); diff != "" {
				t.Errorf("Multi.%s result (-want +got):\n%s", tc.method, diff)
			}
		})
	}
}

// callByName calls the method name of recv with args.
func callByName(t *testing.T, recv any, name string, args []any) []reflect.Value {
	t.Helper()
	m := reflect.ValueOf(recv).MethodByName(name)
	if !m.IsValid() {
		t.Fatalf("%T has no method %s", recv, name)
	}
	in := make([]reflect.Value, len(args))
	for i, a := range args {
		in[i] = reflect.ValueOf(a)
	}
	return m.Call(in)
}

// clientValues is a Client method's results before its error, in the form
// twinCase.want uses.
func clientValues(vs []reflect.Value) any {
	switch len(vs) {
	case 0:
		return nil
	case 1:
		return vs[0].Interface()
	}
	return []any{vs[0].Interface(), vs[1].Interface()}
}

// pendingValues is a Pending's value in the form of clientValues for a
// Client method with n results before its error.
func pendingValues(v reflect.Value, n int) any {
	switch n {
	case 0:
		return nil
	case 1:
		return v.Interface()
	}
	return []any{v.Field(0).Interface(), v.Field(1).Interface()}
}

// sampleNote is the note of the canAddNote* samples.
var sampleNote = Note{DeckName: "Default", ModelName: "Basic",
	Fields: map[string]string{"Front": "front content", "Back": "back content"}, Tags: []string{"yomichan"}}

// catAudio is the audio item of the addNote and updateNoteFields samples.
var catAudio = Media{
	URL:      "https://assets.languagepod101.com/dictionary/japanese/audiomp3.php?kanji=猫&kana=ねこ",
	Filename: "yomichan_ねこ_猫.mp3", SkipHash: "7e2c2f954ef6051373ba916f000168dc", Fields: []string{"Front"},
}

func TestNoteActionSamples(t *testing.T) {
	sampleNote2 := sampleNote
	sampleNote2.Fields = map[string]string{"Front": "front content 2", "Back": "back content 2"}
	duplicate := CanAddResult{Error: "cannot create note because it is a duplicate"}
	tagged := []NoteID{1483959289817, 1483959291695}
	runTwins(t, []twinCase{
		{"addNote", "AddNote", []any{Note{
			DeckName: "Default", ModelName: "Basic",
			Fields: map[string]string{"Front": "front content", "Back": "back content"},
			Options: &NoteOptions{DuplicateScope: DuplicateScopeDeck, DuplicateScopeOptions: &DuplicateScopeOptions{
				DeckName: "Default"}},
			Tags:  []string{"yomichan"},
			Audio: []Media{catAudio},
			Video: []Media{{
				URL:      "https://cdn.videvo.net/videvo_files/video/free/2015-06/small_watermarked/Contador_Glam_preview.mp4",
				Filename: "countdown.mp4", SkipHash: "4117e8aab0d37534d9c8eac362388bbe", Fields: []string{"Back"},
			}},
			Picture: []Media{{
				URL:      "https://upload.wikimedia.org/wikipedia/commons/thumb/c/c7/A_black_cat_named_Tilly.jpg/220px-A_black_cat_named_Tilly.jpg",
				Filename: "black_cat.jpg", SkipHash: "8d6e4646dfae812bf39651b59d7429ce", Fields: []string{"Back"},
			}},
		}}, NoteID(1496198395707)},
		// canAddNote and canAddNoteWithErrorDetail are undocumented: the
		// requests follow the actions table, the results its result types.
		{"canAddNote", "CanAddNote", []any{sampleNote}, true},
		{"canAddNoteWithErrorDetail", "CanAddNoteWithErrorDetail", []any{sampleNote}, duplicate},
		{"canAddNotes", "CanAddNotes", []any{[]Note{sampleNote}}, []bool{true}},
		{"canAddNotesWithErrorDetail", "CanAddNotesWithErrorDetail", []any{[]Note{sampleNote, sampleNote2}},
			[]CanAddResult{duplicate, {CanAdd: true}}},
		{"updateNoteFields", "UpdateNoteFields", []any{NoteUpdate{ID: 1514547547030,
			Fields: map[string]string{"Front": "new front content", "Back": "new back content"},
			Audio:  []Media{catAudio}}}, nil},
		{"updateNote", "UpdateNote", []any{NoteUpdate{ID: 1514547547030,
			Fields: map[string]string{"Front": "new front content", "Back": "new back content"},
			Tags:   []string{"new", "tags"}}}, nil},
		{"updateNoteModel", "UpdateNoteModel", []any{NoteModelChange{ID: 1514547547030, ModelName: "NewModel",
			Fields: map[string]string{"NewField1": "new field 1", "NewField2": "new field 2", "NewField3": "new field 3"},
			Tags:   []string{"new", "updated", "tags"}}}, nil},
		{"updateNoteTags", "UpdateNoteTags", []any{NoteID(1483959289817), []string{"european-languages"}}, nil},
		{"getNoteTags", "GetNoteTags", []any{NoteID(1483959289817)}, []string{"european-languages"}},
		{"addTags", "AddTags", []any{tagged, []string{"european-languages"}}, nil},
		{"removeTags", "RemoveTags", []any{tagged, []string{"european-languages"}}, nil},
		{"getTags", "GetTags", nil, []string{"european-languages", "idioms"}},
		{"clearUnusedTags", "ClearUnusedTags", nil, nil},
		{"replaceTags", "ReplaceTags", []any{tagged, "european-languages", "french-languages"}, nil},
		{"replaceTagsInAllNotes", "ReplaceTagsInAllNotes", []any{"european-languages", "french-languages"}, nil},
		{"findNotes", "FindNotes", []any{"deck:current"}, tagged},
		{"notesInfo", "NotesInfo", []any{[]NoteID{1502298033753}}, sampleNoteInfos},
		{"notesInfo-query", "NotesInfoByQuery", []any{"deck:current"}, sampleNoteInfos},
		// The documented result's noteId is a card ID of other samples;
		// it is decoded as given.
		{"notesModTime", "NotesModTime", []any{[]NoteID{1502298033753}},
			NoteModTimes{{NoteID: 1498938915662, Mod: 1629454092}}},
		{"deleteNotes", "DeleteNotes", []any{[]NoteID{1502298033753}}, nil},
		{"removeEmptyNotes", "RemoveEmptyNotes", nil, nil},
	})
}

// sampleNoteInfos is the documented notesInfo result, which the request
// by IDs and the one by query share.
var sampleNoteInfos = NoteInfos{{
	NoteID: 1502298033753, Profile: "User_1", ModelName: "Basic", Tags: []string{"tag", "another_tag"},
	Fields: map[string]CardField{"Front": {Value: "front content", Order: 0}, "Back": {Value: "back content", Order: 1}},
	Mod:    1718377864, Cards: []CardID{1498938915662},
}}

// TestAddNotesAllOrNothing checks the documented addNotes request and that
// its failure, the Python list of every note's message, is reported
// verbatim and classified by each message it holds.
func TestAddNotesAllOrNothing(t *testing.T) {
	notes := []Note{
		{DeckName: "College::PluginDev", ModelName: "non_existent_model", Fields: map[string]string{"Front": "front", "Back": "bak"}},
		{DeckName: "College::PluginDev", ModelName: "Basic", Fields: map[string]string{"Front": "front", "Back": "bak"}},
	}
	for _, tc := range []struct {
		name, reply string
		message     string
		is, isNot   []error
	}{
		{"documented sample", readTestdata(t, "testdata/results/addNotes.json"),
			"['model was not found: non_existent_model']",
			[]error{ErrModelNotFound}, []error{ErrDuplicateNote, ErrDeckNotFound}},
		{"two failures", `{"result": null, "error": "['cannot create note because it is a duplicate', 'cannot create note because it is empty']"}`,
			"['cannot create note because it is a duplicate', 'cannot create note because it is empty']",
			[]error{ErrDuplicateNote, ErrEmptyNote}, []error{ErrModelNotFound}},
		{"a message with a quote uses double quotes", `{"result": null, "error": "[\"deck was not found: Tom's\"]"}`,
			`["deck was not found: Tom's"]`, []error{ErrDeckNotFound}, []error{ErrDuplicateNote}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, rec := mockClient(t, []string{tc.reply})
			ids, err := c.AddNotes(context.Background(), notes)
			wantJSON(t, rec.request(t, 0), readTestdata(t, "testdata/requests/addNotes.json"))
			if ids != nil {
				t.Errorf("ids = %v, want none", ids)
			}
			var api *APIError
			var e *Error
			if !errors.As(err, &api) || api.Message != tc.message || !errors.As(err, &e) || e.Action != "addNotes" {
				t.Fatalf("error %v, want the APIError %q of addNotes", err, tc.message)
			}
			for _, s := range tc.is {
				if !errors.Is(err, s) {
					t.Errorf("errors.Is(%v, %v) = false", err, s)
				}
			}
			for _, s := range tc.isNot {
				if errors.Is(err, s) {
					t.Errorf("errors.Is(%v, %v) = true", err, s)
				}
			}
		})
	}
}

// TestNoteActionReplies decodes the shapes the add-on really sends where its
// documentation differs or is silent.
func TestNoteActionReplies(t *testing.T) {
	runReplies(t, []replyCase{
		{"notesInfo with unknown IDs", `[{}, {"noteId": 1700000000001, "profile": "test_user",
			"tags": ["JLPT::N5", "verb"], "fields": {"Front": {"value": "食べる", "order": 0},
			"Back": {"value": "to eat", "order": 1}, "Add Reverse": {"value": "", "order": 2}},
			"modelName": "Basic (optional reversed card)", "mod": 1700000100,
			"cards": [1700000000002, 1700000000003]}, null]`,
			func(ctx context.Context, c *Client) (any, error) {
				return c.NotesInfo(ctx, []NoteID{1, 1700000000001, 3})
			},
			NoteInfos{nil, {
				NoteID: 1700000000001, Profile: "test_user", Tags: []string{"JLPT::N5", "verb"},
				Fields: map[string]CardField{"Front": {Value: "食べる"}, "Back": {Value: "to eat", Order: 1},
					"Add Reverse": {Order: 2}},
				ModelName: "Basic (optional reversed card)", Mod: 1700000100,
				Cards: []CardID{1700000000002, 1700000000003},
			}, nil}},
		{"notesInfo by query matching nothing", `[]`,
			func(ctx context.Context, c *Client) (any, error) { return c.NotesInfoByQuery(ctx, "tag:none") },
			NoteInfos{}},
		{"notesModTime with an unknown ID", `[{}, {"noteId": 7, "mod": 1718377864}]`,
			func(ctx context.Context, c *Client) (any, error) { return c.NotesModTime(ctx, []NoteID{6, 7}) },
			NoteModTimes{nil, {NoteID: 7, Mod: 1718377864}}},
		{"addNotes on a server from before 2024-06: null for a failed note", `[1700000000001, null]`,
			func(ctx context.Context, c *Client) (any, error) {
				return c.AddNotes(ctx, []Note{sampleNote, sampleNote})
			},
			[]NoteID{1700000000001, 0}},
		{"canAddNotes: false for a missing deck", `[false, true]`,
			func(ctx context.Context, c *Client) (any, error) { return c.CanAddNotes(ctx, []Note{{}, sampleNote}) },
			[]bool{false, true}},
		{"canAddNoteWithErrorDetail: no error key when it can", `{"canAdd": true}`,
			func(ctx context.Context, c *Client) (any, error) { return c.CanAddNoteWithErrorDetail(ctx, sampleNote) },
			CanAddResult{CanAdd: true}},
		{"canAddNotesWithErrorDetail: a missing model", `[{"canAdd": false, "error": "model was not found: Basic2"}]`,
			func(ctx context.Context, c *Client) (any, error) {
				return c.CanAddNotesWithErrorDetail(ctx, []Note{sampleNote})
			},
			[]CanAddResult{{Error: "model was not found: Basic2"}}},
		{"getTags on an empty collection", `[]`,
			func(ctx context.Context, c *Client) (any, error) { return c.GetTags(ctx) }, []string{}},
		{"updateNote null", `null`,
			func(ctx context.Context, c *Client) (any, error) {
				return nil, c.UpdateNote(ctx, NoteUpdate{ID: 1, Tags: []string{}})
			}, nil},
	})
}

func TestNoteActionMalformedReplies(t *testing.T) {
	runMalformed(t, []malformedCase{
		{"notesInfo entry of the wrong type", `[{"noteId": "x"}]`, func(ctx context.Context, c *Client) error {
			_, err := c.NotesInfo(ctx, []NoteID{1})
			return err
		}},
		{"notesModTime not a list", `{"noteId": 1, "mod": 2}`, func(ctx context.Context, c *Client) error {
			_, err := c.NotesModTime(ctx, []NoteID{1})
			return err
		}},
		{"canAddNoteWithErrorDetail not an object", `true`, func(ctx context.Context, c *Client) error {
			_, err := c.CanAddNoteWithErrorDetail(ctx, sampleNote)
			return err
		}},
	})
}

func TestCanAddResultErr(t *testing.T) {
	if err := (CanAddResult{CanAdd: true}).Err(); err != nil {
		t.Errorf("Err() of an addable note = %v", err)
	}
	err := CanAddResult{Error: "cannot create note because it is a duplicate"}.Err()
	var api *APIError
	if !errors.As(err, &api) || api.Message != "cannot create note because it is a duplicate" ||
		!errors.Is(err, ErrDuplicateNote) || errors.Is(err, ErrEmptyNote) {
		t.Errorf("Err() = %v, want the duplicate APIError", err)
	}
}

// TestTagsAreJoinedAndChecked checks that AddTags and RemoveTags send their
// tags as one space-separated string, and refuse, before sending, a tag the
// server would split.
func TestTagsAreJoinedAndChecked(t *testing.T) {
	ctx := context.Background()
	calls := []struct {
		action string
		client func(c *Client, tags []string) error
		multi  func(m *Multi, tags []string) *Pending[Nothing]
	}{
		{"addTags", func(c *Client, tags []string) error { return c.AddTags(ctx, []NoteID{1, 2}, tags) },
			func(m *Multi, tags []string) *Pending[Nothing] { return m.AddTags([]NoteID{1, 2}, tags) }},
		{"removeTags", func(c *Client, tags []string) error { return c.RemoveTags(ctx, []NoteID{1, 2}, tags) },
			func(m *Multi, tags []string) *Pending[Nothing] { return m.RemoveTags([]NoteID{1, 2}, tags) }},
	}
	for _, call := range calls {
		for _, tc := range []struct {
			tags []string
			sent string // the tags param; "" when nothing may be sent
		}{
			{[]string{"verb"}, "verb"},
			{[]string{"JLPT::N5", "verb", "日本語"}, "JLPT::N5 verb 日本語"},
			{nil, ""},
			{[]string{"ok", "two words"}, ""},
			{[]string{"全角\u3000空白"}, ""},
		} {
			valid := tc.sent != "" || tc.tags == nil
			c, rec := mockClient(t, []string{`{"result": null, "error": null}`})
			err := call.client(c, tc.tags)
			if valid {
				if err != nil {
					t.Fatalf("%s %q: %v", call.action, tc.tags, err)
				}
				wantJSON(t, rec.request(t, 0), `{"action": "`+call.action+`", "version": 6,
					"params": {"notes": [1, 2], "tags": "`+tc.sent+`"}}`)
				continue
			}
			var e *Error
			if !errors.Is(err, ErrInvalidTag) || !errors.As(err, &e) || e.Action != call.action {
				t.Errorf("%s %q: error %v, want ErrInvalidTag naming the action", call.action, tc.tags, err)
			}
			m := c.NewMulti()
			p := call.multi(m, tc.tags)
			if !errors.Is(p.Err(), ErrInvalidTag) {
				t.Errorf("Multi %s %q: pending error %v, want ErrInvalidTag before Do", call.action, tc.tags, p.Err())
			}
			if m.Len() != 0 {
				t.Errorf("Multi %s %q: queued although invalid", call.action, tc.tags)
			}
			// Do sends nothing, yet fails: the refused action is in its
			// *MultiError, and its Pending keeps the refusal.
			err = m.Do(ctx)
			var me *MultiError
			if rec.calls() != 0 || !errors.As(err, &me) || len(me.Failed) != 1 || me.Total != 1 ||
				me.Failed[0].Action != call.action || !errors.Is(me.Failed[0], ErrInvalidTag) || RequestFailed(err) {
				t.Errorf("%s %q: %d requests sent, Do = %v; want none sent and a *MultiError with the refusal", call.action, tc.tags, rec.calls(), err)
			}
			if !errors.Is(p.Err(), ErrInvalidTag) {
				t.Errorf("Multi %s %q: pending error after Do %v, want ErrInvalidTag", call.action, tc.tags, p.Err())
			}
		}
	}
}

// TestNoteUpdateJSON checks which keys a NoteUpdate sends: nil fields and
// tags are left out (unchanged), empty ones are sent (an empty tag list
// clears the tags).
func TestNoteUpdateJSON(t *testing.T) {
	for _, tc := range []struct {
		name string
		u    NoteUpdate
		want string
	}{
		{"fields only", NoteUpdate{ID: 1, Fields: map[string]string{"Front": "x"}},
			`{"id": 1, "fields": {"Front": "x"}}`},
		{"tags only", NoteUpdate{ID: 1, Tags: []string{"a"}}, `{"id": 1, "tags": ["a"]}`},
		{"clear the tags", NoteUpdate{ID: 1, Tags: []string{}}, `{"id": 1, "tags": []}`},
		{"media with no field change", NoteUpdate{ID: 1, Fields: map[string]string{},
			Picture: []Media{{Filename: "a.png", Data: []byte("png"), Fields: []string{"Back"}}}},
			`{"id": 1, "fields": {}, "picture": [{"filename": "a.png", "data": "cG5n", "fields": ["Back"]}]}`},
		{"nothing", NoteUpdate{ID: 1}, `{"id": 1}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := json.Marshal(tc.u)
			if err != nil {
				t.Fatal(err)
			}
			wantJSON(t, decodeJSON(t, b), tc.want)
		})
	}
}

// TestNoteMediaReadOnlyFlags pins the read-only flag of every Note and
// Media action: a write flagged read-only would be retried. The canAdd*
// actions are writes because they store the notes' media.
func TestNoteMediaReadOnlyFlags(t *testing.T) {
	want := map[string]bool{
		"addNote": writes, "addNotes": writes, "canAddNote": writes, "canAddNoteWithErrorDetail": writes,
		"canAddNotes": writes, "canAddNotesWithErrorDetail": writes, "updateNoteFields": writes,
		"updateNote": writes, "updateNoteModel": writes, "updateNoteTags": writes, "getNoteTags": reads,
		"addTags": writes, "removeTags": writes, "getTags": reads, "clearUnusedTags": writes,
		"replaceTags": writes, "replaceTagsInAllNotes": writes, "findNotes": reads, "notesInfo": reads,
		"notesModTime": reads, "deleteNotes": writes, "removeEmptyNotes": writes,
		"storeMediaFile": writes, "retrieveMediaFile": reads, "getMediaFilesNames": reads,
		"getMediaDirPath": reads, "deleteMediaFile": writes,
	}
	checkReadOnlyFlags(t, want, "Note", "Media")
}
