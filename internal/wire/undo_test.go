package wire

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// collectionJSON is the active collection as its fixture JSON, without the
// ID counter (IDs handed out stay handed out after an undo, as in Anki).
func collectionJSON(t *testing.T, srv *Server) any {
	t.Helper()
	var buf bytes.Buffer
	if err := srv.Do(context.Background(), func(e *Env) error { return e.Col.Save(&buf) }); err != nil {
		t.Fatal(err)
	}
	var v map[string]any
	if err := json.Unmarshal(buf.Bytes(), &v); err != nil {
		t.Fatal(err)
	}
	delete(v, "lastId")
	return v
}

// TestGUIUndoEachOperation: each undoable action, sent as raw JSON, changes
// the collection; as many guiUndo calls as it made steps put the whole
// collection back (cards, notes, tags, decks' counters, review log), and
// one more answers false.
func TestGUIUndoEachOperation(t *testing.T) {
	cases := []struct {
		name, action, params string
		steps                int
	}{
		{"answerCards", "answerCards", `{"answers": [{"cardId": ${c1}, "ease": 3}, {"cardId": ${c2}, "ease": 1}]}`, 2},
		{"addNote", "addNote", `{"note": {"deckName": "Lang", "modelName": "Basic", "fields": {"Front": "kiwi", "Back": "green"}, "tags": ["fresh"]}}`, 1},
		{"addNotes", "addNotes", `{"notes": [{"deckName": "Default", "modelName": "Basic", "fields": {"Front": "kiwi", "Back": "g"}}, {"deckName": "Default", "modelName": "Basic", "fields": {"Front": "lime", "Back": "g"}, "tags": ["t"]}]}`, 2},
		{"updateNoteFields", "updateNoteFields", `{"note": {"id": ${n1}, "fields": {"Front": "plantain"}}}`, 1},
		{"updateNote", "updateNote", `{"note": {"id": ${n1}, "fields": {"Back": "green"}, "tags": ["unripe"]}}`, 2},
		{"updateNoteTags", "updateNoteTags", `{"note": ${n2}, "tags": ["x", "y"]}`, 1},
		{"deleteNotes", "deleteNotes", `{"notes": [${n1}, ${n3}]}`, 1},
		{"addTags", "addTags", `{"notes": [${n1}, ${n2}], "tags": "fruit new::tag"}`, 1},
		{"removeTags", "removeTags", `{"notes": [${n1}], "tags": "yellow"}`, 1},
		{"replaceTags", "replaceTags", `{"notes": [${n1}], "tag_to_replace": "yellow", "replace_with_tag": "gold"}`, 1},
		{"replaceTagsInAllNotes", "replaceTagsInAllNotes", `{"tag_to_replace": "yellow", "replace_with_tag": "gold"}`, 1},
		{"clearUnusedTags", "clearUnusedTags", `{}`, 1},
		{"changeDeck", "changeDeck", `{"cards": [${c1}, ${c3a}], "deck": "Moved::Here"}`, 1},
		{"suspend", "suspend", `{"cards": [${c1}, ${c2}]}`, 1},
		{"setDueDate", "setDueDate", `{"cards": [${c1}, ${c3b}], "days": "3"}`, 1},
		{"forgetCards", "forgetCards", `{"cards": [${c1}]}`, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := NewServer(Config{Clock: testClock()})
			send := inProcessSender(srv)
			vars := map[string]string{}
			if err := srv.Do(context.Background(), func(e *Env) error {
				if err := seedGUI(e, vars); err != nil {
					return err
				}
				e.Col.SetNoteTags(e.Col.NoteByID(id(t, vars, "n1")), []string{"yellow"})
				e.Col.RegisterTags("unused")
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			before := collectionJSON(t, srv)
			params := os.Expand(tc.params, func(k string) string { return vars[k] })
			if got := post(t, send, `{"action": "`+tc.action+`", "version": 6, "params": `+params+`}`); !strings.Contains(got, `"error": null`) {
				t.Fatalf("%s: %s", tc.action, got)
			}
			if cmp.Equal(before, collectionJSON(t, srv)) {
				t.Fatalf("%s changed nothing", tc.action)
			}
			for i := range tc.steps {
				if got := post(t, send, `{"action": "guiUndo", "version": 6}`); got != `{"result": true, "error": null}` {
					t.Fatalf("guiUndo %d: %s", i+1, got)
				}
			}
			if d := cmp.Diff(before, collectionJSON(t, srv), cmpopts.EquateEmpty()); d != "" {
				t.Errorf("after %d guiUndo (-before +after):\n%s", tc.steps, d)
			}
			if got := post(t, send, `{"action": "guiUndo", "version": 6}`); got != `{"result": false, "error": null}` {
				t.Errorf("guiUndo with nothing left: %s", got)
			}
		})
	}
}

// TestGUIUndoQueue: guiUndo reverts the latest step first; an action that
// cannot be undone empties the queue while reads and the window leave it;
// a failed addNotes (rolled back) leaves nothing to undo; an undone answer
// in the reviewer shows that card again.
func TestGUIUndoQueue(t *testing.T) {
	runGUI(t, Config{}, seedGUI, []guiStep{
		{action: "guiUndo", want: "false"},
		{action: "suspend", params: `{"cards": [${c1}]}`, want: "true"},
		{action: "addTags", params: `{"notes": [${n2}], "tags": "t"}`, want: "null"},
		{action: "findCards", params: `{"query": "is:suspended"}`, want: "[${c1}]"},
		{action: "guiBrowse", params: `{"query": "tag:t"}`, want: "[${c2}]"},
		{action: "guiUndo", want: "true"},
		{action: "getNoteTags", params: `{"note": ${n2}}`, want: "[]"},
		{action: "findCards", params: `{"query": "is:suspended"}`, want: "[${c1}]"},
		{action: "guiUndo", want: "true"},
		{action: "findCards", params: `{"query": "is:suspended"}`, want: "[]"},
		{action: "guiUndo", want: "false"},
		// A deck edit cannot be undone here: it empties the queue.
		{action: "suspend", params: `{"cards": [${c1}]}`, want: "true"},
		{action: "createDeck", params: `{"deck": "Other"}`},
		{action: "guiUndo", want: "false"},
		{action: "findCards", params: `{"query": "is:suspended"}`, want: "[${c1}]"},
		// A rolled-back addNotes leaves nothing to undo.
		{action: "addNotes", params: `{"notes": [{"deckName": "Default", "modelName": "Basic", "fields": {"Front": "kiwi"}}, {"deckName": "Default", "modelName": "Nope", "fields": {"Front": "x"}}]}`,
			err: "['model was not found: Nope']"},
		{action: "guiUndo", want: "false"},
		// The reviewer: the undone answer's card comes back.
		{action: "unsuspend", params: `{"cards": [${c1}]}`, want: "null"},
		{action: "guiDeckReview", params: `{"name": "Default"}`, want: "true", gui: wantScreen(ScreenReview, "c1", SideQuestion)},
		{action: "guiShowAnswer", want: "true"},
		{action: "guiAnswerCard", params: `{"ease": 3}`, want: "true", gui: wantScreen(ScreenReview, "c2", SideQuestion)},
		{action: "getNumCardsReviewedToday", want: "1"},
		{action: "guiUndo", want: "true", gui: wantScreen(ScreenReview, "c1", SideQuestion)},
		{action: "getNumCardsReviewedToday", want: "0"},
		{action: "guiUndo", want: "true"}, // the unsuspend
		{action: "findCards", params: `{"query": "is:suspended"}`, want: "[${c1}]"},
	})
}

// TestUndoTablesNameActions: every action the undo tables name is served.
func TestUndoTablesNameActions(t *testing.T) {
	for name := range undoOps {
		if registry[name] == nil {
			t.Errorf("undoOps names %q, which is no action", name)
		}
	}
	for name := range keepsUndo {
		if registry[name] == nil {
			t.Errorf("keepsUndo names %q, which is no action", name)
		}
		if _, both := undoOps[name]; both {
			t.Errorf("%q is in both tables", name)
		}
	}
}
