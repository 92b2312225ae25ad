package ankiconnect

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// sampleDeckConfig is the typed form of the documented getDeckConfig (and
// saveDeckConfig) sample.
var sampleDeckConfig = DeckConfig{
	ID: 1, Name: "Default", Mod: 1502970872, USN: -1, Dyn: false,
	New: DeckConfigNew{
		Delays: []float64{1, 10}, Ints: []int{1, 4, 7}, InitialFactor: 2500, Order: 1, PerDay: 20, Bury: true,
	},
	Rev:      DeckConfigReview{PerDay: 100, Ease4: 1.3, IvlFct: 1, MaxIvl: 36500, Bury: true},
	Lapse:    DeckConfigLapse{Delays: []float64{10}, Mult: 0, MinInt: 1, LeechFails: 8, LeechAction: 0},
	MaxTaken: 60, Autoplay: true, ReplayQ: true, Timer: 0,
}

func TestDeckActionSamples(t *testing.T) {
	runSamples(t, []sampleCase{
		{"deckNames", func(ctx context.Context, c *Client) (any, error) {
			return c.DeckNames(ctx)
		}, []string{"Default"}},
		{"deckNamesAndIds", func(ctx context.Context, c *Client) (any, error) {
			return c.DeckNamesAndIDs(ctx)
		}, map[string]DeckID{"Default": 1}},
		{"getDecks", func(ctx context.Context, c *Client) (any, error) {
			return c.GetDecks(ctx, []CardID{1502298036657, 1502298033753, 1502032366472})
		}, map[string][]CardID{"Default": {1502032366472}, "Japanese::JLPT N3": {1502298036657, 1502298033753}}},
		{"createDeck", func(ctx context.Context, c *Client) (any, error) {
			return c.CreateDeck(ctx, "Japanese::Tokyo")
		}, DeckID(1519323742721)},
		{"changeDeck", func(ctx context.Context, c *Client) (any, error) {
			return nil, c.ChangeDeck(ctx, []CardID{1502098034045, 1502098034048, 1502298033753}, "Japanese::JLPT N3")
		}, nil},
		{"deleteDecks", func(ctx context.Context, c *Client) (any, error) {
			return nil, c.DeleteDecks(ctx, []string{"Japanese::JLPT N5", "Easy Spanish"})
		}, nil},
		{"getDeckConfig", func(ctx context.Context, c *Client) (any, error) {
			cfg, found, err := c.GetDeckConfig(ctx, "Default")
			return Maybe[DeckConfig]{cfg, found}, err
		}, Maybe[DeckConfig]{sampleDeckConfig, true}},
		// The documented config is the getDeckConfig sample: saving it as
		// received sends it back unchanged, keys the SDK does not model
		// (new.separate, rev.fuzz, rev.minSpace) included.
		{"saveDeckConfig", func(ctx context.Context, c *Client) (any, error) {
			var got struct{ Result DeckConfig }
			if err := json.Unmarshal([]byte(readTestdata(t, "testdata/results/getDeckConfig.json")), &got); err != nil {
				return nil, err
			}
			return c.SaveDeckConfig(ctx, got.Result)
		}, true},
		{"setDeckConfigId", func(ctx context.Context, c *Client) (any, error) {
			return c.SetDeckConfigID(ctx, []string{"Default"}, 1)
		}, true},
		{"cloneDeckConfigId", func(ctx context.Context, c *Client) (any, error) {
			id, found, err := c.CloneDeckConfigID(ctx, "Copy of Default", 1)
			return Maybe[DeckConfigID]{id, found}, err
		}, Maybe[DeckConfigID]{1502972374573, true}},
		{"removeDeckConfigId", func(ctx context.Context, c *Client) (any, error) {
			return c.RemoveDeckConfigID(ctx, 1502972374573)
		}, true},
		// The documented names are full paths; the add-on sends the leaf
		// name (see TestDeckActionReplies). Decoding keeps whatever it
		// gets.
		{"getDeckStats", func(ctx context.Context, c *Client) (any, error) {
			return c.GetDeckStats(ctx, []string{"Japanese::JLPT N5", "Easy Spanish"})
		}, map[DeckID]DeckStats{
			1651445861967: {DeckID: 1651445861967, Name: "Japanese::JLPT N5", NewCount: 20, TotalInDeck: 1506},
			1651445861960: {DeckID: 1651445861960, Name: "Easy Spanish", NewCount: 26, LearnCount: 10,
				ReviewCount: 5, TotalInDeck: 852},
		}},
		// Undocumented: request and result written from the actions table.
		{"deckNameFromId", func(ctx context.Context, c *Client) (any, error) {
			return c.DeckNameFromID(ctx, 1)
		}, "Default"},
	})
}

func TestDeckActionReplies(t *testing.T) {
	runReplies(t, []replyCase{
		{"getDeckConfig of an unknown deck", `false`, func(ctx context.Context, c *Client) (any, error) {
			cfg, found, err := c.GetDeckConfig(ctx, "default") // exact case: "Default" exists
			return Maybe[DeckConfig]{cfg, found}, err
		}, Maybe[DeckConfig]{}},
		{"cloneDeckConfigId from an unknown group", `false`, func(ctx context.Context, c *Client) (any, error) {
			id, found, err := c.CloneDeckConfigID(ctx, "copy", 99)
			return Maybe[DeckConfigID]{id, found}, err
		}, Maybe[DeckConfigID]{}},
		{"getDeckConfig of a filtered deck", filteredDeck, func(ctx context.Context, c *Client) (any, error) {
			cfg, found, err := c.GetDeckConfig(ctx, "Filtered Deck 1")
			return Maybe[DeckConfig]{cfg, found}, err
		}, Maybe[DeckConfig]{DeckConfig{ID: 1700000000100, Name: "Filtered Deck 1", Mod: 1700000000, USN: -1,
			Dyn: true}, true}},
		{"getDeckStats names the leaf deck", `{"1700000000000": {"deck_id": 1700000000000, "name": "JLPT N5",
			"new_count": 20, "learn_count": 1, "review_count": 2, "total_in_deck": 0}}`,
			func(ctx context.Context, c *Client) (any, error) {
				return c.GetDeckStats(ctx, []string{"Japanese::JLPT N5"})
			}, map[DeckID]DeckStats{1700000000000: {DeckID: 1700000000000, Name: "JLPT N5", NewCount: 20,
				LearnCount: 1, ReviewCount: 2}}},
		{"getDeckStats of a fresh Default deck", `{"1": {"deck_id": 1, "name": "Default", "new_count": 0,
			"learn_count": 0, "review_count": 0, "total_in_deck": 0}}`,
			func(ctx context.Context, c *Client) (any, error) { return c.GetDeckStats(ctx, []string{"Default"}) },
			map[DeckID]DeckStats{1: {DeckID: 1, Name: "Default"}}},
		{"getDecks puts unknown cards under Default", `{"Default": [1, 999]}`,
			func(ctx context.Context, c *Client) (any, error) { return c.GetDecks(ctx, []CardID{1, 999}) },
			map[string][]CardID{"Default": {1, 999}}},
		{"deckNameFromId of an unknown ID", `"Default"`,
			func(ctx context.Context, c *Client) (any, error) { return c.DeckNameFromID(ctx, 42) }, "Default"},
	})
}

// TestMultiGetDeckConfigFound checks the Multi form of the found flag.
func TestMultiGetDeckConfigFound(t *testing.T) {
	c, _ := mockClient(t, []string{`{"result": [{"result": {"id": 1, "name": "Default"}, "error": null},
		{"result": false, "error": null}, {"result": 1700000000000, "error": null}], "error": null}`})
	m := c.NewMulti()
	known, unknown, clone := m.GetDeckConfig("Default"), m.GetDeckConfig("nope"), m.CloneDeckConfigID("x", 0)
	if err := m.Do(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		p    interface{ Result() (any, error) }
		want any
	}{
		{"known", pendingAny[Maybe[DeckConfig]]{known}, Maybe[DeckConfig]{DeckConfig{ID: 1, Name: "Default"}, true}},
		{"unknown", pendingAny[Maybe[DeckConfig]]{unknown}, Maybe[DeckConfig]{}},
		{"clone", pendingAny[Maybe[DeckConfigID]]{clone}, Maybe[DeckConfigID]{1700000000000, true}},
	} {
		got, err := tc.p.Result()
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
		}
		if diff := cmp.Diff(tc.want, got, cmpKept); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.name, diff)
		}
	}
}

// pendingAny adapts a *Pending[R] to a result of type any.
type pendingAny[R any] struct{ p *Pending[R] }

func (p pendingAny[R]) Result() (any, error) { return p.p.Result() }

// modernDeckConfig is a deck options group as a current Anki sends it:
// floats written as Python does (1.0), FSRS keys, and keys nested in the
// groups that the SDK does not model.
const modernDeckConfig = `{
	"id": 1, "mod": 1700000000, "name": "Default", "usn": -1, "maxTaken": 60, "autoplay": true, "timer": 0,
	"replayq": true, "dyn": false,
	"new": {"bury": false, "delays": [1.0, 10.0], "initialFactor": 2500, "ints": [1, 4, 0], "order": 1,
		"perDay": 20, "separate": true},
	"rev": {"bury": false, "ease4": 1.3, "ivlFct": 1.0, "maxIvl": 36500, "perDay": 200, "hardFactor": 1.2,
		"fuzz": 0.05, "minSpace": 1},
	"lapse": {"delays": [10.0], "leechAction": 1, "leechFails": 8, "minInt": 1, "mult": 0.0},
	"newMix": 0, "newPerDayMinimum": 0, "interdayLearningMix": 0, "reviewOrder": 0, "newSortOrder": 0,
	"newGatherPriority": 0, "buryInterdayLearning": false,
	"fsrsWeights": [], "fsrsParams5": [], "fsrsParams6": [0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334,
		3.0194, 0.001, 1.8722, 0.1666, 0.796, 1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425,
		0.0912, 0.0658, 0.1542],
	"desiredRetention": 0.9, "ignoreRevlogsBeforeDate": "", "easyDaysPercentages": [1.0, 1.0, 1.0, 1.0,
		1.0, 1.0, 1.0], "stopTimerOnAnswer": false, "secondsToShowQuestion": 0.0, "secondsToShowAnswer": 0.0,
	"questionAction": 0, "answerAction": 0, "waitForAudio": true, "sm2Retention": 0.9, "weightSearch": "",
	"otherFutureKey": {"nested": [1, "<b>&</b>", null, {"deep": 1e3}]}
}`

// filteredDeck is what getDeckConfig answers for the name of a filtered
// deck: the deck itself, with "dyn": 1 and none of the option groups.
const filteredDeck = `{"id": 1700000000100, "mod": 1700000000, "name": "Filtered Deck 1", "usn": -1,
	"lrnToday": [0, 0], "revToday": [0, 0], "newToday": [0, 0], "timeToday": [0, 0], "collapsed": false,
	"browserCollapsed": false, "desc": "", "dyn": 1, "resched": true, "terms": [["deck:Japanese is:due", 100, 0]],
	"separate": true, "delays": null, "previewDelay": 10}`

// TestDeckConfigRoundTrip gets a deck config, changes one field and saves
// it: the config sent must equal the one received (every key, numbers
// exactly as written) except for the changed field.
func TestDeckConfigRoundTrip(t *testing.T) {
	noPatch := func(map[string]any) {}
	for _, tc := range []struct {
		name, received string
		change         func(*DeckConfig)
		// patch applies the expected change to the received JSON.
		patch func(m map[string]any)
	}{
		{"unchanged", modernDeckConfig, func(*DeckConfig) {}, noPatch},
		{"new cards per day", modernDeckConfig, func(c *DeckConfig) { c.New.PerDay = 50 },
			func(m map[string]any) { m["new"].(map[string]any)["perDay"] = json.Number("50") }},
		{"top-level field", modernDeckConfig, func(c *DeckConfig) { c.Name = "Renamed" },
			func(m map[string]any) { m["name"] = "Renamed" }},
		{"relearning steps", modernDeckConfig, func(c *DeckConfig) { c.Lapse.Delays = []float64{5, 30} },
			func(m map[string]any) {
				m["lapse"].(map[string]any)["delays"] = []any{json.Number("5"), json.Number("30")}
			}},
		{"a field set back to its value", modernDeckConfig,
			func(c *DeckConfig) { c.Rev.IvlFct = 2; c.Rev.IvlFct = 1 }, noPatch},
		{"filtered deck unchanged", filteredDeck, func(*DeckConfig) {}, noPatch},
		{"filtered deck renamed", filteredDeck, func(c *DeckConfig) { c.Name = "F" },
			func(m map[string]any) { m["name"] = "F" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, rec := mockClient(t, []string{
				`{"result": ` + tc.received + `, "error": null}`,
				`{"result": true, "error": null}`,
			})
			cfg, found, err := c.GetDeckConfig(context.Background(), "Default")
			if err != nil || !found {
				t.Fatalf("GetDeckConfig: %v, found %v", err, found)
			}
			tc.change(&cfg)
			if ok, err := c.SaveDeckConfig(context.Background(), cfg); err != nil || !ok {
				t.Fatalf("SaveDeckConfig: %v, %v", ok, err)
			}
			want := decodeJSON(t, []byte(tc.received)).(map[string]any)
			tc.patch(want)
			sent := rec.request(t, 1).(map[string]any)["params"].(map[string]any)["config"]
			if diff := cmp.Diff(any(want), sent); diff != "" {
				t.Errorf("saved config differs from the received one (-want +got):\n%s", diff)
			}
		})
	}
}

// TestDeckConfigFromScratch checks that a DeckConfig that was not received
// sends its fields as they are, zero or not.
func TestDeckConfigFromScratch(t *testing.T) {
	b, err := json.Marshal(sampleDeckConfig)
	if err != nil {
		t.Fatal(err)
	}
	wantJSON(t, decodeJSON(t, b), `{"id": 1, "name": "Default", "mod": 1502970872, "usn": -1, "dyn": false,
		"new": {"delays": [1, 10], "ints": [1, 4, 7], "initialFactor": 2500, "order": 1, "perDay": 20, "bury": true},
		"rev": {"perDay": 100, "ease4": 1.3, "ivlFct": 1, "hardFactor": 0, "maxIvl": 36500, "bury": true},
		"lapse": {"delays": [10], "mult": 0, "minInt": 1, "leechFails": 8, "leechAction": 0},
		"maxTaken": 60, "autoplay": true, "replayq": true, "timer": 0}`)
}

func TestDeckConfigMalformed(t *testing.T) {
	for _, reply := range []string{`{"id": "one"}`, `{"new": {"perDay": "x"}}`, `[1]`, `"Default"`} {
		var m Maybe[DeckConfig]
		if err := json.Unmarshal([]byte(reply), &m); err == nil {
			t.Errorf("%s decoded without error: %+v", reply, m)
		}
	}
}
