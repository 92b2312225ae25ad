package ankiconnect

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestMiscActionSamples(t *testing.T) {
	runTwins(t, []twinCase{
		// The documented result spells the key "requireApiKey"; the add-on
		// sends "requireApikey" (see TestRequestPermissionSpellings).
		{"requestPermission", "RequestPermission", nil, Permission{Permission: "granted", Version: 6}},
		{"requestPermission-denied", "RequestPermission", nil, Permission{Permission: "denied"}},
		{"version", "Version", nil, 6},
		// The documented request also asks for a scope "invalidType", which
		// the add-on ignores; APIReflect asks only for "actions", the one
		// scope there is, so the stored request leaves it out.
		{"apiReflect", "APIReflect", []any{"apiReflect", "invalidMethod"},
			Reflection{Scopes: []string{"actions"}, Actions: []string{"apiReflect"}}},
		{"sync", "Sync", nil, nil},
		{"getProfiles", "GetProfiles", nil, []string{"User 1"}},
		{"getActiveProfile", "GetActiveProfile", nil, "User 1"},
		{"loadProfile", "LoadProfile", []any{"user1"}, true},
		{"exportPackage", "ExportPackage", []any{"Default", "/data/Deck.apkg", true}, true},
		{"importPackage", "ImportPackage", []any{"/data/Deck.apkg"}, true},
		{"reloadCollection", "ReloadCollection", nil, nil},
	})
}

func TestMiscActionReplies(t *testing.T) {
	runReplies(t, []replyCase{
		{"loadProfile of an unknown profile", `false`, func(ctx context.Context, c *Client) (any, error) {
			return c.LoadProfile(ctx, "nobody")
		}, false},
		{"exportPackage of an unknown deck", `false`, func(ctx context.Context, c *Client) (any, error) {
			return c.ExportPackage(ctx, "nope", "/tmp/x.apkg", false)
		}, false},
		{"apiReflect of every action", `{"scopes": ["actions"], "actions": ["addNote", "version"]}`,
			func(ctx context.Context, c *Client) (any, error) { return c.APIReflect(ctx) },
			Reflection{Scopes: []string{"actions"}, Actions: []string{"addNote", "version"}}},
	})
}

// TestMultiSample sends the documented multi sample through Multi: two
// deckNames and two unknown actions, with the documented reply (the first
// item a version-4 bare result). Every action a Multi queues carries the
// client's version, so the stored request gives each one "version": 6
// where the sample leaves it out of two.
func TestMultiSample(t *testing.T) {
	c, rec := mockClient(t, []string{readTestdata(t, "testdata/results/multi.json")})
	m := c.NewMulti()
	bare, enveloped := m.DeckNames(), m.DeckNames()
	invalid := []*Pending[any]{
		MultiInvoke[any](m, "invalidAction", map[string]string{"useless": "param"}),
		MultiInvoke[any](m, "invalidAction", map[string]string{"useless": "param"}),
	}
	err := m.Do(context.Background())
	wantJSON(t, rec.request(t, 0), readTestdata(t, "testdata/requests/multi.json"))
	var me *MultiError
	if !errors.As(err, &me) || len(me.Failed) != 2 || me.Total != 4 {
		t.Fatalf("Do: %v, want 2 of 4 failed", err)
	}
	for _, p := range []*Pending[[]string]{bare, enveloped} {
		names, err := p.Result()
		if diff := cmp.Diff([]string{"Default"}, names); err != nil || diff != "" {
			t.Errorf("deckNames: %v (-want +got):\n%s", err, diff)
		}
	}
	for _, p := range invalid {
		if err := p.Err(); !errors.Is(err, ErrUnsupportedAction) {
			t.Errorf("invalidAction: %v, want ErrUnsupportedAction", err)
		}
	}
}

// TestModelGUIMiscReadOnlyFlags pins the read-only flag of every Model,
// Graphical and Miscellaneous action: a write flagged read-only would be
// retried. GUI actions that change what Anki shows are writes.
func TestModelGUIMiscReadOnlyFlags(t *testing.T) {
	want := map[string]bool{
		"modelNames": reads, "modelNamesAndIds": reads, "findModelsById": reads, "findModelsByName": reads,
		"modelNameFromId": reads, "modelFieldNames": reads, "modelFieldDescriptions": reads,
		"modelFieldFonts": reads, "modelFieldsOnTemplates": reads, "modelTemplates": reads, "modelStyling": reads,
		"createModel": writes, "updateModelTemplates": writes, "updateModelStyling": writes,
		"findAndReplaceInModels": writes, "modelTemplateRename": writes, "modelTemplateReposition": writes,
		"modelTemplateAdd": writes, "modelTemplateRemove": writes, "modelFieldRename": writes,
		"modelFieldReposition": writes, "modelFieldAdd": writes, "modelFieldRemove": writes,
		"modelFieldSetFont": writes, "modelFieldSetFontSize": writes, "modelFieldSetDescription": writes,

		"guiSelectedNotes": reads, "guiReviewActive": reads, "guiCurrentCard": reads,
		"guiBrowse": writes, "guiSelectCard": writes, "guiSelectNote": writes, "guiAddCards": writes,
		"guiEditNote": writes, "guiAddNoteSetData": writes, "guiStartCardTimer": writes,
		"guiShowQuestion": writes, "guiShowAnswer": writes, "guiAnswerCard": writes, "guiUndo": writes,
		"guiDeckOverview": writes, "guiDeckBrowser": writes, "guiDeckReview": writes, "guiImportFile": writes,
		"guiExitAnki": writes, "guiCheckDatabase": writes, "guiPlayAudio": writes,

		"version": reads, "requestPermission": reads, "apiReflect": reads, "getProfiles": reads,
		"getActiveProfile": reads,
		"exportPackage":    reads, // writes a file, changes nothing in Anki: repeating it is harmless
		"sync":             writes, "loadProfile": writes, "importPackage": writes, "reloadCollection": writes,
		"multi": writes, // Multi.Do sends it read-only when every queued action is
	}
	checkReadOnlyFlags(t, want, "Model", "Graphical", "Miscellaneous")
}

// checkReadOnlyFlags checks the read-only flag of every action in want, and
// that want lists every action of the contract's categories.
func checkReadOnlyFlags(t *testing.T, want map[string]bool, categories ...string) {
	t.Helper()
	got := map[string]bool{}
	for _, a := range actions {
		if _, ok := want[a.name]; ok {
			got[a.name] = a.readOnly
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("read-only flags (-want +got):\n%s", diff)
	}
	n := 0
	for _, cat := range contractActions(t) {
		if slices.Contains(categories, cat) {
			n++
		}
	}
	if n != len(want) {
		t.Errorf("contract has %d %v actions, this table %d", n, categories, len(want))
	}
}
