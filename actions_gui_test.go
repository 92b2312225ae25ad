package ankiconnect

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// requestCase is a call whose request params must equal want (JSON).
type requestCase struct {
	name string
	call func(ctx context.Context, c *Client) error
	want string
}

// runRequests checks the params each call sends.
func runRequests(t *testing.T, cases []requestCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, rec := mockClient(t, []string{`{"result": null, "error": null}`})
			if err := tc.call(context.Background(), c); err != nil {
				t.Fatal(err)
			}
			wantJSON(t, rec.request(t, 0).(map[string]any)["params"], tc.want)
		})
	}
}

func TestGUIActionSamples(t *testing.T) {
	runTwins(t, []twinCase{
		{"guiBrowse", "GUIBrowse", []any{"deck:current", &BrowseOrder{Order: SortDescending, ColumnID: "noteCrt"}},
			[]CardID{1494723142483, 1494703460437, 1494703479525}},
		{"guiSelectCard", "GUISelectCard", []any{CardID(1494723142483)}, true},
		// Undocumented: request and result written from the actions table.
		// The ID sent as "note" is a card ID.
		{"guiSelectNote", "GUISelectNote", []any{CardID(1494723142483)}, true},
		{"guiSelectedNotes", "GUISelectedNotes", nil, []NoteID{1494723142483, 1494703460437, 1494703479525}},
		{"guiAddCards", "GUIAddCards", []any{&NoteDraft{
			DeckName: "Default", ModelName: "Cloze",
			Fields: map[string]string{"Text": "The capital of Romania is {{c1::Bucharest}}",
				"Extra": "Romania is a country in Europe"},
			Tags: []string{"countries"},
			Picture: []Media{{
				URL:      "https://upload.wikimedia.org/wikipedia/commons/thumb/1/13/EU-Romania.svg/285px-EU-Romania.svg.png",
				Filename: "romania.png", Fields: []string{"Extra"},
			}},
		}}, NoteID(1496198395707)},
		{"guiEditNote", "GUIEditNote", []any{NoteID(1649198355435)}, nil},
		{"guiReviewActive", "GUIReviewActive", nil, true},
		// The documented result has no "css", which the add-on sends.
		{"guiCurrentCard", "GUICurrentCard", nil, &CurrentCard{
			CardID: 1498938915662, FieldOrder: 0, Question: "front content", Answer: "back content",
			Fields: map[string]CardField{"Front": {Value: "front content", Order: 0},
				"Back": {Value: "back content", Order: 1}},
			Buttons: []Ease{EaseAgain, EaseHard, EaseGood}, NextReviews: []string{"<1m", "<10m", "4d"},
			ModelName: "Basic", DeckName: "Default", Template: "Forward",
		}},
		{"guiStartCardTimer", "GUIStartCardTimer", nil, true},
		{"guiShowQuestion", "GUIShowQuestion", nil, true},
		{"guiShowAnswer", "GUIShowAnswer", nil, true},
		{"guiAnswerCard", "GUIAnswerCard", []any{EaseAgain}, true},
		{"guiUndo", "GUIUndo", nil, true},
		{"guiDeckOverview", "GUIDeckOverview", []any{"Default"}, true},
		{"guiDeckBrowser", "GUIDeckBrowser", nil, nil},
		{"guiDeckReview", "GUIDeckReview", []any{"Default"}, true},
		{"guiImportFile", "GUIImportFile", []any{"C:/Users/Desktop/cards.txt"}, nil},
		{"guiExitAnki", "GUIExitAnki", nil, nil},
		{"guiCheckDatabase", "GUICheckDatabase", nil, true},
		// Undocumented: request and result written from the actions table.
		{"guiPlayAudio", "GUIPlayAudio", nil, true},
	})
	// GUIAddNoteSetData's Multi twin is tested in TestMultiGUIAddNoteSetData.
	runSamples(t, []sampleCase{
		// Undocumented (the add-on's main line only): request written from
		// the actions table, appending to a field and adding a tag.
		{"guiAddNoteSetData", func(ctx context.Context, c *Client) (any, error) {
			return c.GUIAddNoteSetData(ctx, NoteDraft{Fields: map[string]string{"Back": " (see also: Budapest)"},
				Tags: []string{"countries"}}, true)
		}, AddDialogOpen(true)},
	})
}

func TestGUIActionReplies(t *testing.T) {
	runReplies(t, []replyCase{
		// A closed Add dialog is a successful reply whose result is an
		// error object.
		{"guiAddNoteSetData with the Add dialog closed", `{"error": "Add Note dialog is not open", "code": 1}`,
			func(ctx context.Context, c *Client) (any, error) {
				return c.GUIAddNoteSetData(ctx, NoteDraft{Fields: map[string]string{"Front": "x"}}, false)
			}, AddDialogOpen(false)},
		{"guiAddCards on current Anki", `0`, func(ctx context.Context, c *Client) (any, error) {
			return c.GUIAddCards(ctx, &NoteDraft{DeckName: "Default", ModelName: "Basic"})
		}, NoteID(0)},
		{"guiCurrentCard of an old add-on, not reviewing", `null`, func(ctx context.Context, c *Client) (any, error) {
			return c.GUICurrentCard(ctx)
		}, (*CurrentCard)(nil)},
		{"guiCurrentCard of a current add-on", `{"cardId": 1700000000002, "fields": {"Text": {"value": "a {{c1::b}}",
			"order": 0}, "Back Extra": {"value": "", "order": 1}}, "fieldOrder": 0, "question": "<style>.card {}</style>a [...]",
			"answer": "<style>.card {}</style>a b", "buttons": [1, 2, 3, 4], "nextReviews": ["<1m", "<6m", "<10m", "4d"],
			"modelName": "Cloze", "deckName": "Default", "css": ".card {}", "template": "Cloze"}`,
			func(ctx context.Context, c *Client) (any, error) { return c.GUICurrentCard(ctx) },
			&CurrentCard{CardID: 1700000000002, Fields: map[string]CardField{"Text": {Value: "a {{c1::b}}"},
				"Back Extra": {Order: 1}}, Question: "<style>.card {}</style>a [...]",
				Answer: "<style>.card {}</style>a b", Buttons: []Ease{EaseAgain, EaseHard, EaseGood, EaseEasy},
				NextReviews: []string{"<1m", "<6m", "<10m", "4d"}, ModelName: "Cloze", DeckName: "Default",
				CSS: ".card {}", Template: "Cloze"}},
		{"guiSelectCard without an open browser", `false`, func(ctx context.Context, c *Client) (any, error) {
			return c.GUISelectCard(ctx, 1)
		}, false},
		{"guiSelectedNotes without an open browser", `[]`, func(ctx context.Context, c *Client) (any, error) {
			return c.GUISelectedNotes(ctx)
		}, []NoteID{}},
		{"guiAnswerCard before the answer is shown", `false`, func(ctx context.Context, c *Client) (any, error) {
			return c.GUIAnswerCard(ctx, EaseGood)
		}, false},
	})
}

// TestGUICurrentCardNotReviewing checks the error a current add-on sends
// when Anki is not reviewing: its message, classified as ErrReviewNotActive.
func TestGUICurrentCardNotReviewing(t *testing.T) {
	c, _ := mockClient(t, []string{`{"result": null, "error": "Gui review is not currently active."}`})
	card, err := c.GUICurrentCard(context.Background())
	var api *APIError
	if card != nil || !errors.As(err, &api) || api.Message != "Gui review is not currently active." ||
		!errors.Is(err, ErrReviewNotActive) {
		t.Errorf("GUICurrentCard = %v, %v; want no card and ErrReviewNotActive", card, err)
	}
}

func TestGUIMalformedReplies(t *testing.T) {
	runMalformed(t, []malformedCase{
		{"guiAddNoteSetData error object of another code", `{"error": "something else", "code": 2}`,
			func(ctx context.Context, c *Client) error {
				_, err := c.GUIAddNoteSetData(ctx, NoteDraft{}, false)
				return err
			}},
		{"guiAddNoteSetData a string", `"yes"`, func(ctx context.Context, c *Client) error {
			_, err := c.GUIAddNoteSetData(ctx, NoteDraft{}, false)
			return err
		}},
		{"guiCurrentCard buttons not numbers", `{"buttons": ["Again"]}`, func(ctx context.Context, c *Client) error {
			_, err := c.GUICurrentCard(ctx)
			return err
		}},
	})
}

// TestGUIOptionalParams checks what the optional params send when left
// out: the add-on's defaults then apply.
func TestGUIOptionalParams(t *testing.T) {
	runRequests(t, []requestCase{
		{"guiBrowse without query or order", func(ctx context.Context, c *Client) error {
			_, err := c.GUIBrowse(ctx, "", nil)
			return err
		}, `{}`},
		{"guiBrowse ascending", func(ctx context.Context, c *Client) error {
			_, err := c.GUIBrowse(ctx, "is:new", &BrowseOrder{Order: SortAscending, ColumnID: "noteFld"})
			return err
		}, `{"query": "is:new", "reorderCards": {"order": "ascending", "columnId": "noteFld"}}`},
		{"guiAddCards blank", func(ctx context.Context, c *Client) error {
			_, err := c.GUIAddCards(ctx, nil)
			return err
		}, `{}`},
		{"guiAddNoteSetData replacing a deck only", func(ctx context.Context, c *Client) error {
			_, err := c.GUIAddNoteSetData(ctx, NoteDraft{DeckName: "French"}, false)
			return err
		}, `{"note": {"deckName": "French"}, "append": false}`},
		{"guiImportFile with a file picker", func(ctx context.Context, c *Client) error {
			return c.GUIImportFile(ctx, "")
		}, `{}`},
	})
}

// TestMultiGUIAddNoteSetData checks the Multi form of the closed-dialog
// result.
func TestMultiGUIAddNoteSetData(t *testing.T) {
	c, _ := mockClient(t, []string{`{"result": [{"result": true, "error": null},
		{"result": {"error": "Add Note dialog is not open", "code": 1}, "error": null}], "error": null}`})
	m := c.NewMulti()
	open, closed := m.GUIAddNoteSetData(NoteDraft{}, false), m.GUIAddNoteSetData(NoteDraft{}, true)
	if err := m.Do(context.Background()); err != nil {
		t.Fatal(err)
	}
	var got []AddDialogOpen
	for _, p := range []*Pending[AddDialogOpen]{open, closed} {
		v, err := p.Result()
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, v)
	}
	if diff := cmp.Diff([]AddDialogOpen{true, false}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
