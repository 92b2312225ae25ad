package ankiconnect

import (
	"context"
	"encoding/json"
	"errors"
	"math/rand"
	"os"
	"reflect"
	"testing"
	"testing/quick"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/jarcoal/httpmock"
)

func init() {
	// GetIntervals and GetIntervalHistory are both getIntervals, one per
	// result shape (complete=false and true).
	sharedActions["getIntervals"] = true
}

// sampleCase is one documented sample of an action: the method called by
// call must send testdata/requests/<file>.json and decode the reply
// testdata/results/<file>.json into want.
type sampleCase struct {
	file string
	call func(ctx context.Context, c *Client) (any, error)
	want any
}

// replyCase is a reply shape the real add-on sends (from the actions table
// and the wire spec), which call must decode into want.
type replyCase struct {
	name  string
	reply string
	call  func(ctx context.Context, c *Client) (any, error)
	want  any
}

// cmpKept compares values that keep the JSON they were decoded from
// (DeckConfig here, Model and its parts added by actions_models_test.go) by
// their typed fields; what they keep for round trips is checked by
// TestDeckConfigRoundTrip and TestModelRoundTrip.
var cmpKept = cmpopts.IgnoreUnexported(DeckConfig{}, DeckConfigNew{}, DeckConfigReview{}, DeckConfigLapse{})

func readTestdata(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// runSamples checks each sample's request (structurally) and decoded result.
func runSamples(t *testing.T, cases []sampleCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			c, rec := mockClient(t, []string{readTestdata(t, "testdata/results/"+tc.file+".json")})
			got, err := tc.call(context.Background(), c)
			if err != nil {
				t.Fatal(err)
			}
			wantJSON(t, rec.request(t, 0), readTestdata(t, "testdata/requests/"+tc.file+".json"))
			if diff := cmp.Diff(tc.want, got, cmpKept); diff != "" {
				t.Errorf("result mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// runReplies checks that each reply decodes into its want.
func runReplies(t *testing.T, cases []replyCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, _ := mockClient(t, []string{`{"result": ` + tc.reply + `, "error": null}`})
			got, err := tc.call(context.Background(), c)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got, cmpKept); diff != "" {
				t.Errorf("result mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }

func TestCardActionSamples(t *testing.T) {
	basicFields := map[string]CardField{
		"Front": {Value: "front content", Order: 0},
		"Back":  {Value: "back content", Order: 1},
	}
	runSamples(t, []sampleCase{
		{"getEaseFactors", func(ctx context.Context, c *Client) (any, error) {
			return c.GetEaseFactors(ctx, []CardID{1483959291685, 1483959293217})
		}, []*int{ptr(4100), ptr(3900)}},
		{"setEaseFactors", func(ctx context.Context, c *Client) (any, error) {
			return c.SetEaseFactors(ctx, []CardID{1483959291685, 1483959293217}, []int{4100, 3900})
		}, []bool{true, true}},
		// The documented result [true, true] has one entry per key; the
		// add-on sends one entry in all (see TestCardActionReplies). Both
		// decode as Set.
		{"setSpecificValueOfCard", func(ctx context.Context, c *Client) (any, error) {
			return c.SetSpecificValueOfCard(ctx, 1483959291685, []string{"flags", "odue"}, []any{"1", "-100"}, false)
		}, SetValueResult{Set: true}},
		{"suspend", func(ctx context.Context, c *Client) (any, error) {
			return c.Suspend(ctx, []CardID{1483959291685, 1483959293217})
		}, true},
		// The documented result is true; the add-on replies null, and
		// Unsuspend reports only errors either way.
		{"unsuspend", func(ctx context.Context, c *Client) (any, error) {
			return nil, c.Unsuspend(ctx, []CardID{1483959291685, 1483959293217})
		}, nil},
		{"suspended", func(ctx context.Context, c *Client) (any, error) {
			return c.Suspended(ctx, 1483959293217)
		}, true},
		{"areSuspended", func(ctx context.Context, c *Client) (any, error) {
			return c.AreSuspended(ctx, []CardID{1483959291685, 1483959293217, 1234567891234})
		}, []*bool{ptr(false), ptr(true), nil}},
		{"areDue", func(ctx context.Context, c *Client) (any, error) {
			return c.AreDue(ctx, []CardID{1483959291685, 1483959293217})
		}, []bool{false, true}},
		{"getIntervals", func(ctx context.Context, c *Client) (any, error) {
			return c.GetIntervals(ctx, []CardID{1502298033753, 1502298036657})
		}, []Interval{-14400, 3}},
		{"getIntervals-complete", func(ctx context.Context, c *Client) (any, error) {
			return c.GetIntervalHistory(ctx, []CardID{1502298033753, 1502298036657})
		}, []IntervalHistory{
			{-120, -180, -240, -300, -360, -14400},
			{-120, -180, -240, -300, -360, -14400, 1, 3},
		}},
		{"findCards", func(ctx context.Context, c *Client) (any, error) {
			return c.FindCards(ctx, "deck:current")
		}, []CardID{1494723142483, 1494703460437, 1494703479525}},
		{"cardsToNotes", func(ctx context.Context, c *Client) (any, error) {
			return c.CardsToNotes(ctx, []CardID{1502098034045, 1502098034048, 1502298033753})
		}, []NoteID{1502098029797, 1502298025183}},
		{"cardsModTime", func(ctx context.Context, c *Client) (any, error) {
			return c.CardsModTime(ctx, []CardID{1498938915662, 1502098034048})
		}, CardModTimes{{CardID: 1498938915662, Mod: 1629454092}}},
		{"cardsInfo", func(ctx context.Context, c *Client) (any, error) {
			return c.CardsInfo(ctx, []CardID{1498938915662, 1502098034048})
		}, CardInfos{
			{
				Answer: "back content", Question: "front content", DeckName: "Default", ModelName: "Basic",
				FieldOrder: 1, Fields: basicFields, CSS: "p {font-family:Arial;}", CardID: 1498938915662,
				Interval: 16, Note: 1502298033753, Ord: 1, Type: CardTypeNew, Queue: CardQueueNew, Due: 1,
				Reps: 1, Lapses: 0, Left: 6, Mod: 1629454092,
			},
			{
				Answer: "back content", Question: "front content", DeckName: "Default", ModelName: "Basic",
				FieldOrder: 0, Fields: basicFields, CSS: "p {font-family:Arial;}", CardID: 1502098034048,
				Interval: 23, Note: 1502298033753, Ord: 1, Type: CardTypeNew, Queue: CardQueueNew, Due: 1,
				Reps: 1, Lapses: 0, Left: 6,
			},
		}},
		{"forgetCards", func(ctx context.Context, c *Client) (any, error) {
			return nil, c.ForgetCards(ctx, []CardID{1498938915662, 1502098034048})
		}, nil},
		{"relearnCards", func(ctx context.Context, c *Client) (any, error) {
			return nil, c.RelearnCards(ctx, []CardID{1498938915662, 1502098034048})
		}, nil},
		{"answerCards", func(ctx context.Context, c *Client) (any, error) {
			return c.AnswerCards(ctx, []CardAnswer{{1498938915662, EaseHard}, {1502098034048, EaseEasy}})
		}, []bool{true, true}},
		{"setDueDate", func(ctx context.Context, c *Client) (any, error) {
			return c.SetDueDate(ctx, []CardID{1498938915662, 1502098034048}, DueBetween(3, 7))
		}, true},
	})
}

// TestCardActionReplies decodes the shapes the add-on really sends where its
// documentation differs or is silent.
func TestCardActionReplies(t *testing.T) {
	info := func(ctx context.Context, c *Client) (any, error) { return c.CardsInfo(ctx, []CardID{1, 2, 3}) }
	setValue := func(ctx context.Context, c *Client) (any, error) {
		return c.SetSpecificValueOfCard(ctx, 1, []string{"flags"}, []any{1}, false)
	}
	runReplies(t, []replyCase{
		{"cardsInfo with unknown IDs and every current key", `[{}, {
			"cardId": 1700000000002, "note": 1700000000001, "deckName": "Japanese::JLPT N5",
			"modelName": "Basic", "fields": {"Front": {"value": "犬", "order": 0}, "Back": {"value": "dog", "order": 1}},
			"fieldOrder": 0, "ord": 0, "question": "<style>.card{}</style>犬",
			"answer": "<style>.card{}</style>犬\n\n<hr id=answer>\n\ndog", "css": ".card{}",
			"factor": 2500, "interval": 4, "type": 2, "queue": -1, "due": 812, "reps": 3, "lapses": 1,
			"left": 0, "mod": 1700000100, "nextReviews": ["<10m", "5d", "9d", "14d"], "flags": 3}, null]`,
			info, CardInfos{nil, {
				CardID: 1700000000002, Note: 1700000000001, DeckName: "Japanese::JLPT N5", ModelName: "Basic",
				Fields:     map[string]CardField{"Front": {Value: "犬"}, "Back": {Value: "dog", Order: 1}},
				FieldOrder: 0, Ord: 0, Question: "<style>.card{}</style>犬",
				Answer: "<style>.card{}</style>犬\n\n<hr id=answer>\n\ndog", CSS: ".card{}",
				Factor: 2500, Interval: 4, Type: CardTypeReview, Queue: CardQueueSuspended, Due: 812, Reps: 3,
				Lapses: 1, Mod: 1700000100, NextReviews: []string{"<10m", "5d", "9d", "14d"}, Flags: 3,
			}, nil}},
		{"cardsModTime with an unknown ID", `[{"cardId": 5, "mod": 1629454092}, {}]`,
			func(ctx context.Context, c *Client) (any, error) { return c.CardsModTime(ctx, []CardID{5, 6}) },
			CardModTimes{{CardID: 5, Mod: 1629454092}, nil}},
		{"getEaseFactors: null for unknown, 0 for new", `[null, 0, 2500]`,
			func(ctx context.Context, c *Client) (any, error) { return c.GetEaseFactors(ctx, []CardID{1, 2, 3}) },
			[]*int{nil, ptr(0), ptr(2500)}},
		{"getIntervals complete: 0 for a new card, [] for no log", `[0, [-60, 1], []]`,
			func(ctx context.Context, c *Client) (any, error) { return c.GetIntervalHistory(ctx, []CardID{1, 2, 3}) },
			[]IntervalHistory{nil, {-60, 1}, {}}},
		{"getIntervals: 0 for a new card", `[0, -600, 12]`,
			func(ctx context.Context, c *Client) (any, error) { return c.GetIntervals(ctx, []CardID{1, 2, 3}) },
			[]Interval{0, -600, 12}},
		{"setSpecificValueOfCard set", `[true]`, setValue, SetValueResult{Set: true}},
		{"setSpecificValueOfCard failed", `[[false, "Card was not found: 1"]]`, setValue,
			SetValueResult{Message: "Card was not found: 1"}},
		{"setSpecificValueOfCard refused", `false`, setValue, SetValueResult{Refused: true}},
		{"unsuspend null", `null`, func(ctx context.Context, c *Client) (any, error) {
			return nil, c.Unsuspend(ctx, []CardID{1})
		}, nil},
		{"answerCards with an unknown card", `[true, false]`, func(ctx context.Context, c *Client) (any, error) {
			return c.AnswerCards(ctx, []CardAnswer{{1, EaseGood}, {2, EaseAgain}})
		}, []bool{true, false}},
	})
}

// malformedCase is a reply that call must reject with a DecodeError.
type malformedCase struct {
	name, reply string
	call        func(ctx context.Context, c *Client) error
}

func runMalformed(t *testing.T, cases []malformedCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, _ := mockClient(t, []string{`{"result": ` + tc.reply + `, "error": null}`})
			var de *DecodeError
			if err := tc.call(context.Background(), c); !errors.As(err, &de) {
				t.Errorf("error %v, want a DecodeError", err)
			}
		})
	}
}

func TestCardActionMalformedReplies(t *testing.T) {
	runMalformed(t, []malformedCase{
		{"cardsInfo entry of the wrong type", `[{"cardId": "x"}]`, func(ctx context.Context, c *Client) error {
			_, err := c.CardsInfo(ctx, []CardID{1})
			return err
		}},
		{"cardsInfo not a list", `{"cardId": 1}`, func(ctx context.Context, c *Client) error {
			_, err := c.CardsInfo(ctx, []CardID{1})
			return err
		}},
		{"setSpecificValueOfCard empty list", `[]`, func(ctx context.Context, c *Client) error {
			_, err := c.SetSpecificValueOfCard(ctx, 1, nil, nil, false)
			return err
		}},
		{"setSpecificValueOfCard odd entry", `[[false]]`, func(ctx context.Context, c *Client) error {
			_, err := c.SetSpecificValueOfCard(ctx, 1, nil, nil, false)
			return err
		}},
		{"getIntervals complete with a number other than 0", `[5]`, func(ctx context.Context, c *Client) error {
			_, err := c.GetIntervalHistory(ctx, []CardID{1})
			return err
		}},
	})
}

func TestCardEnumsAndHelpers(t *testing.T) {
	for _, tc := range []struct {
		got  any
		want string
	}{
		{EaseAgain.String(), "Again"}, {EaseHard.String(), "Hard"}, {EaseGood.String(), "Good"},
		{EaseEasy.String(), "Easy"}, {Ease(0).String(), "Ease(0)"},
		{CardTypeNew.String(), "new"}, {CardTypeRelearn.String(), "relearn"}, {CardType(9).String(), "CardType(9)"},
		{CardQueueSuspended.String(), "suspended"}, {CardQueueSiblingBuried.String(), "sibling-buried"},
		{CardQueueManuallyBuried.String(), "manually-buried"}, {CardQueueDayLearn.String(), "day-learn"},
		{CardQueuePreview.String(), "preview"}, {CardQueue(-7).String(), "CardQueue(-7)"},
		{string(DueIn(0)), "0"}, {string(DueIn(1).SettingInterval()), "1!"},
		{string(DueBetween(3, 7)), "3-7"}, {string(DueBetween(3, 7).SettingInterval()), "3-7!"},
		{Interval(-600).Duration().String(), (10 * time.Minute).String()},
		{Interval(3).Duration().String(), (72 * time.Hour).String()},
		{Interval(0).Duration().String(), "0s"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

// myCategories are the action categories this file's author owns.
var myCategories = map[string]bool{"Card": true, "Deck": true, "Statistic": true}

// fixedArgs are arguments testing/quick cannot make: interfaces, and
// structs with unexported fields.
var fixedArgs = map[reflect.Type]reflect.Value{
	reflect.TypeFor[[]any]():      reflect.ValueOf([]any{1.5, "x"}),
	reflect.TypeFor[DeckConfig](): reflect.ValueOf(DeckConfig{ID: 7, Name: "x", New: DeckConfigNew{PerDay: 3}}),
	// AnswerCards sends nothing for an ease outside 1-4.
	reflect.TypeFor[[]CardAnswer](): reflect.ValueOf([]CardAnswer{{CardID: 5, Ease: EaseHard}, {CardID: 6, Ease: EaseEasy}}),
}

// TestCardDeckStatMultiSendsClientParams calls every Client method of the
// Card, Deck and Statistic actions and its Multi twin with the same random
// arguments, and checks that both send the same action and params.
func TestCardDeckStatMultiSendsClientParams(t *testing.T) {
	contract := contractActions(t)
	rnd := rand.New(rand.NewSource(1))
	mt := reflect.TypeFor[*Multi]()
	checked := 0
	for _, cm := range clientMethods() {
		mm, ok := mt.MethodByName(cm.Name)
		if !ok {
			t.Errorf("%s has no Multi twin", cm.Name)
			continue
		}
		var args []reflect.Value
		for i := 2; i < cm.Type.NumIn(); i++ {
			v, ok := fixedArgs[cm.Type.In(i)]
			if !ok {
				v, ok = quick.Value(cm.Type.In(i), rnd)
			}
			if !ok {
				t.Fatalf("%s: no value for %s", cm.Name, cm.Type.In(i))
			}
			args = append(args, v)
		}
		c, rec := mockClient(t, []string{`{"result": null, "error": null}`})
		callArgs(cm.Func, append([]reflect.Value{reflect.ValueOf(c), reflect.ValueOf(context.Background())}, args...))
		if rec.calls() != 1 {
			t.Errorf("%s sent %d requests", cm.Name, rec.calls())
			continue
		}
		var single struct {
			Action string
			Params json.RawMessage
		}
		if err := json.Unmarshal(rec.bodies[0], &single); err != nil {
			t.Fatal(err)
		}
		if !myCategories[contract[single.Action]] {
			continue
		}
		checked++
		m := c.NewMulti()
		callArgs(mm.Func, append([]reflect.Value{reflect.ValueOf(m)}, args...))
		rec.replies = []httpmock.Responder{jsonReply(`{"result": [null], "error": null}`)}
		if err := m.Do(context.Background()); err != nil {
			t.Fatalf("%s: %v", cm.Name, err)
		}
		var multi struct {
			Params struct {
				Actions []struct {
					Action string
					Params json.RawMessage
				}
			}
		}
		if err := json.Unmarshal(rec.bodies[1], &multi); err != nil {
			t.Fatal(err)
		}
		if len(multi.Params.Actions) != 1 {
			t.Fatalf("%s: %d actions in the multi", cm.Name, len(multi.Params.Actions))
		}
		inner := multi.Params.Actions[0]
		if inner.Action != single.Action || !jsonEqual(t, inner.Params, single.Params) {
			t.Errorf("%s: Client sends %s %s, Multi sends %s %s", cm.Name, single.Action, single.Params, inner.Action, inner.Params)
		}
	}
	if want := 17 + 13 + 7 + 1; checked != want { // + GetIntervalHistory
		t.Errorf("checked %d methods, want %d", checked, want)
	}
}

// callArgs calls f with args, the last one as the variadic slice if f is
// variadic.
func callArgs(f reflect.Value, args []reflect.Value) {
	if f.Type().IsVariadic() {
		f.CallSlice(args)
		return
	}
	f.Call(args)
}

// jsonEqual reports whether two JSON texts are structurally equal (an
// absent value equals another absent one).
func jsonEqual(t *testing.T, a, b json.RawMessage) bool {
	t.Helper()
	if len(a) == 0 || len(b) == 0 {
		return len(a) == len(b)
	}
	return cmp.Equal(decodeJSON(t, a), decodeJSON(t, b))
}

// TestCardDeckStatReadOnlyFlags pins the read-only flag of every Card, Deck
// and Statistic action: a write flagged read-only would be retried.
func TestCardDeckStatReadOnlyFlags(t *testing.T) {
	want := map[string]bool{
		"getEaseFactors": reads, "setEaseFactors": writes, "setSpecificValueOfCard": writes,
		"suspend": writes, "unsuspend": writes, "suspended": reads, "areSuspended": reads, "areDue": reads,
		"getIntervals": reads, "findCards": reads, "cardsToNotes": reads, "cardsModTime": reads,
		"cardsInfo": reads, "forgetCards": writes, "relearnCards": writes, "answerCards": writes,
		"setDueDate": writes,
		"deckNames":  reads, "deckNamesAndIds": reads, "getDecks": reads, "createDeck": writes,
		"changeDeck": writes, "deleteDecks": writes, "getDeckConfig": reads, "saveDeckConfig": writes,
		"setDeckConfigId": writes, "cloneDeckConfigId": writes, "removeDeckConfigId": writes,
		"getDeckStats":             writes, // creates missing decks
		"deckNameFromId":           reads,
		"getNumCardsReviewedToday": reads, "getNumCardsReviewedByDay": reads, "getCollectionStatsHTML": reads,
		"cardReviews":       writes, // creates a missing deck
		"getLatestReviewID": writes, // creates a missing deck
		"getReviewsOfCards": reads, "insertReviews": writes,
	}
	checkReadOnlyFlags(t, want, "Card", "Deck", "Statistic")
}
