package wire

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ankiconnect-go/ankiconnect/internal/collection"
	"github.com/google/go-cmp/cmp"
)

// seedSched adds three Basic cards to Default (${c1}-${c3}, new-card
// positions 1-3) and one to "Long" (${c4}), whose option group has a single
// 30-minute learning step.
func seedSched(e *Env, vars map[string]string) error {
	conf := e.Col.CloneDeckConfig("Long steps", collection.DefaultConfigID)
	conf.New.Delays = []float64{30}
	long := e.Col.CreateDeck("Long")
	e.Col.SetDeckConfig([]*collection.Deck{long}, conf.ID)
	for i, deck := range []string{"Default", "Default", "Default", "Long"} {
		n := e.Col.NewNote(e.Col.ModelByName("Basic"))
		n.Fields = []string{fmt.Sprint("front ", i+1), "back"}
		e.Col.AddNote(n, e.Col.CreateDeck(deck))
		vars[fmt.Sprint("c", i+1)] = fmt.Sprint(n.Cards()[0].ID)
	}
	return nil
}

// cardState checks the scheduling keys of a one-card cardsInfo result.
func cardState(want map[string]any) func(t *testing.T, raw json.RawMessage) {
	prefixed := map[string]any{}
	for k, v := range want {
		prefixed["0."+k] = v
	}
	return wantPaths(prefixed)
}

// colDay0 is the scheduler day of colTestTime, the day the test
// collections are created: day numbers count from it.
const colDay0 = 0

// TestSchedDocumentedSamples sends the requests of the add-on's
// documentation with the fake's card IDs, in an order that makes the
// documented results come out where the real add-on agrees with them.
func TestSchedDocumentedSamples(t *testing.T) {
	runScript(t, Config{}, seedSched, []step{
		{action: "getEaseFactors", params: `{"cards": [${c1}, ${c2}]}`, want: `[0, 0]`},
		{action: "setEaseFactors", params: `{"cards": [${c1}, ${c2}], "easeFactors": [4100, 3900]}`, want: `[true, true]`},
		{action: "getEaseFactors", params: `{"cards": [${c1}, ${c2}]}`, want: `[4100, 3900]`},
		// Documented result [true, true]; "odue" needs warning_check, so
		// the add-on refuses the sample as written.
		{action: "setSpecificValueOfCard", params: `{"card": ${c1}, "keys": ["flags", "odue"], "newValues": ["1", "-100"]}`, want: `false`},
		{action: "suspend", params: `{"cards": [${c1}, ${c2}]}`, want: `true`},
		{action: "suspended", params: `{"card": ${c2}}`, want: `true`},
		// Documented result true; the add-on returns nothing.
		{action: "unsuspend", params: `{"cards": [${c1}]}`, want: `null`},
		{action: "areSuspended", params: `{"cards": [${c1}, ${c2}, 1234567891234]}`, want: `[false, true, null]`},
		{action: "answerCards", params: `{"answers": [{"cardId": ${c1}, "ease": 2}, {"cardId": ${c2}, "ease": 4}]}`, want: `[true, true]`},
		// c2 (Easy: review in 4 days) is not due; c1 (Hard: a 5.5-minute
		// step) is, within the 20-minute learn-ahead limit.
		{action: "areDue", params: `{"cards": [${c2}, ${c1}]}`, want: `[false, true]`},
		{action: "getIntervals", params: `{"cards": [${c1}, ${c2}]}`, want: `[-330, 4]`},
		{action: "getIntervals", params: `{"cards": [${c1}, ${c2}], "complete": true}`, want: `[[-330], [4]]`},
		{action: "forgetCards", params: `{"cards": [${c1}, ${c2}]}`, want: `null`},
		{action: "cardsInfo", params: `{"cards": [${c2}]}`, check: cardState(map[string]any{
			"type": 0.0, "queue": 0.0, "due": 2.0, "interval": 0.0, "factor": 0.0, "reps": 1.0,
		})},
		{action: "relearnCards", params: `{"cards": [${c1}, ${c2}]}`, want: `null`},
		{action: "cardsInfo", params: `{"cards": [${c1}]}`, check: cardState(map[string]any{"type": 3.0, "queue": 1.0})},
		{action: "setDueDate", params: `{"cards": [${c1}, ${c2}], "days": "3-7"}`, want: `true`},
		{action: "cardsInfo", params: `{"cards": [${c1}, ${c2}]}`, check: func(t *testing.T, r json.RawMessage) {
			for i := range 2 {
				due := jsonPath(t, r, fmt.Sprint(i, ".due")).(float64)
				if due < colDay0+3 || due > colDay0+7 || jsonPath(t, r, fmt.Sprint(i, ".type")) != 2.0 {
					t.Errorf("card %d: due %v type %v; want review due in 3-7 days", i, due, jsonPath(t, r, fmt.Sprint(i, ".type")))
				}
			}
		}},
	})
}

func TestSchedEaseAndValues(t *testing.T) {
	mod := fmt.Sprint(colTestTime.Unix())
	runScript(t, Config{}, seedSched, []step{
		{action: "setEaseFactors", params: `{"cards": [${c1}, 999, ${c2}], "easeFactors": [4100, 3900, 2700]}`, want: `[true, false, true]`},
		{action: "getEaseFactors", params: `{"cards": [${c1}, 999, ${c2}]}`, want: `[4100, null, 2700]`},
		// Card by card: the first is saved before the short list fails.
		{action: "setEaseFactors", params: `{"cards": [${c3}, ${c1}], "easeFactors": [2000]}`, err: "list index out of range"},
		{action: "getEaseFactors", params: `{"cards": [${c3}, ${c1}]}`, want: `[2000, 4100]`},
		{action: "setEaseFactors", params: `{"cards": [${c1}], "easeFactors": ["2500"]}`, err: "'str' object cannot be interpreted as an integer"},
		{action: "setEaseFactors", params: `{"cards": [${c1}], "easeFactors": [-1]}`, err: "Value out of range: -1"},
		{action: "setEaseFactors", params: `{"cards": [${c1}]}`, err: "AnkiConnect.setEaseFactors() missing 1 required positional argument: 'easeFactors'"},

		// One result element however many keys.
		{action: "setSpecificValueOfCard", params: `{"card": ${c1}, "keys": ["flags", "factor"], "newValues": [3, 2200]}`, want: `[true]`},
		{action: "cardsInfo", params: `{"cards": [${c1}]}`, check: cardState(map[string]any{"flags": 3.0, "factor": 2200.0, "mod": float64(colTestTime.Unix())})},
		{action: "setSpecificValueOfCard", params: `{"card": [${c1}], "keys": ["flags"], "newValues": [1]}`, want: `false`},
		{action: "setSpecificValueOfCard", params: `{"card": ${c1}, "keys": "flags", "newValues": [1]}`, want: `false`},
		{action: "setSpecificValueOfCard", params: `{"card": ${c1}, "keys": ["flags"], "newValues": 1}`, want: `false`},
		{action: "setSpecificValueOfCard", params: `{"card": ${c1}, "keys": ["flags"], "newValues": [1, 2]}`, want: `false`},
		{action: "setSpecificValueOfCard", params: `{"card": ${c1}, "keys": ["queue"], "newValues": [-1]}`, want: `false`},
		{action: "setSpecificValueOfCard", params: `{"card": ${c1}, "keys": ["queue"], "newValues": [-1], "warning_check": true}`, want: `[true]`},
		{action: "suspended", params: `{"card": ${c1}}`, want: `true`},
		// "warning_check is False" holds only for false itself.
		{action: "setSpecificValueOfCard", params: `{"card": ${c1}, "keys": ["reps"], "newValues": [7], "warning_check": null}`, want: `[true]`},
		{action: "cardsInfo", params: `{"cards": [${c1}]}`, check: cardState(map[string]any{"reps": 7.0, "queue": -1.0})},
		{action: "setSpecificValueOfCard", params: `{"card": 999, "keys": ["flags"], "newValues": [1]}`, want: `[[false, "Card was not found: 999"]]`},
		// A failing column saves nothing, not even the good ones before it.
		{action: "setSpecificValueOfCard", params: `{"card": ${c2}, "keys": ["flags", "due"], "newValues": [2, "5"], "warning_check": true}`,
			want: `[[false, "'str' object cannot be interpreted as an integer"]]`},
		{action: "setSpecificValueOfCard", params: `{"card": ${c2}, "keys": ["flags"], "newValues": [4294967296]}`, want: `[[false, "Value out of range: 4294967296"]]`},
		{action: "setSpecificValueOfCard", params: `{"card": ${c2}, "keys": ["flags"], "newValues": [1.0]}`, want: `[[false, "'float' object cannot be interpreted as an integer"]]`},
		{action: "setSpecificValueOfCard", params: `{"card": ${c2}, "keys": [5], "newValues": [1]}`, want: `[[false, "attribute name must be string, not 'int'"]]`},
		{action: "cardsInfo", params: `{"cards": [${c2}]}`, check: cardState(map[string]any{"flags": 0.0, "due": 2.0})},
		// Attributes the backend does not take are accepted to no effect.
		{action: "setSpecificValueOfCard", params: `{"card": ${c2}, "keys": ["data", "mod", "whatever"], "newValues": ["x", 5, null], "warning_check": true}`, want: `[true]`},
		{action: "cardsModTime", params: `{"cards": [${c2}]}`, want: `[{"cardId": ${c2}, "mod": ` + mod + `}]`},
		{action: "setSpecificValueOfCard", params: `{"card": ${c2}, "keys": ["id"], "newValues": [42], "warning_check": true}`,
			want: `[[false, "Your database appears to be in an inconsistent state. Please use the Check Database action. No such card: '42'"]]`},
		// A card keeps its note and template: only their own values pass.
		{action: "setSpecificValueOfCard", params: `{"card": ${c2}, "keys": ["ord", "flags"], "newValues": [0, 5], "warning_check": true}`, want: `[true]`},
		{action: "setSpecificValueOfCard", params: `{"card": ${c2}, "keys": ["ord"], "newValues": [1], "warning_check": true}`,
			want: `[[false, "` + fmt.Sprintf(MsgSetValueUnsupported, "ord") + `"]]`},
		{action: "setSpecificValueOfCard", params: `{"card": ${c2}, "keys": ["nid"], "newValues": [42], "warning_check": true}`,
			want: `[[false, "` + fmt.Sprintf(MsgSetValueUnsupported, "nid") + `"]]`},
		{action: "cardsInfo", params: `{"cards": [${c2}]}`, check: cardState(map[string]any{"flags": 5.0, "ord": 0.0})},
		{action: "setSpecificValueOfCard", params: `{"card": ${c1}}`,
			err: "AnkiConnect.setSpecificValueOfCard() missing 2 required positional arguments: 'keys' and 'newValues'"},
	})
}

func TestSchedSuspension(t *testing.T) {
	runScript(t, Config{}, seedSched, []step{
		{action: "suspended", params: `{"card": ${c1}}`, want: `false`},
		{action: "suspend", params: `{"cards": [${c1}]}`, want: `true`},
		{action: "suspend", params: `{"cards": [${c1}]}`, want: `false`},
		{action: "suspend", params: `{"cards": []}`, want: `false`},
		{action: "suspend", params: `{"cards": [999]}`, err: "Card was not found: 999"},
		// list.remove while iterating: dropping c1 skips 999, which is
		// neither checked nor refused.
		{action: "suspend", params: `{"cards": [${c1}, 999]}`, want: `true`},
		{action: "suspend", params: `{"cards": [${c2}, 999]}`, err: "Card was not found: 999"},
		{action: "suspended", params: `{"card": ${c2}}`, want: `false`},
		{action: "suspended", params: `{"card": 999}`, err: "Card was not found: 999"},
		{action: "areSuspended", params: `{"cards": [${c1}, ${c2}, 999]}`, want: `[true, false, null]`},
		{action: "unsuspend", params: `{"cards": [${c1}, ${c2}]}`, want: `null`},
		{action: "unsuspend", params: `{"cards": [999]}`, err: "Card was not found: 999"},
		{action: "cardsInfo", params: `{"cards": [${c1}]}`, check: cardState(map[string]any{"queue": 0.0})},
		// suspend=false is unsuspend with a result; 1 equals True.
		{action: "suspend", params: `{"cards": [${c3}], "suspend": 1}`, want: `true`},
		{action: "suspend", params: `{"cards": [${c3}], "suspend": false}`, want: `true`},
		{action: "suspend", params: `{"cards": [${c3}], "suspend": false}`, want: `false`},
		// A suspended learning card goes back to the learning queue.
		{action: "answerCards", params: `{"answers": [{"cardId": ${c3}, "ease": 1}]}`, want: `[true]`},
		{action: "suspend", params: `{"cards": [${c3}]}`, want: `true`},
		{action: "unsuspend", params: `{"cards": [${c3}]}`, want: `null`},
		{action: "cardsInfo", params: `{"cards": [${c3}]}`, check: cardState(map[string]any{"type": 1.0, "queue": 1.0})},
		{action: "suspend", params: `{}`, err: "AnkiConnect.suspend() missing 1 required positional argument: 'cards'"},
		{action: "suspended", params: `{"cards": [1]}`, err: "AnkiConnect.suspended() got an unexpected keyword argument 'cards'"},
	})
}

func TestSchedAnswerForgetRelearnDueDate(t *testing.T) {
	mod := colTestTime.Unix()
	runScript(t, Config{}, seedSched, []step{
		{action: "areDue", params: `{"cards": [${c1}]}`, want: `[true]`},
		{action: "getIntervals", params: `{"cards": [${c1}]}`, want: `[0]`},
		{action: "getIntervals", params: `{"cards": [${c1}], "complete": true}`, want: `[0]`},
		{action: "areDue", params: `{"cards": [999]}`, err: "list index out of range"},
		{action: "getIntervals", params: `{"cards": [999]}`, err: "list index out of range"},
		{action: "getIntervals", params: `{"cards": [999], "complete": true}`, want: `[[]]`},

		{action: "answerCards", params: `{"answers": [{"cardId": 999, "ease": 3}, {"cardId": ${c1}, "ease": 3}]}`, want: `[false, true]`},
		// The ease is checked only for existing cards.
		{action: "answerCards", params: `{"answers": [{"cardId": 999, "ease": 9}]}`, want: `[false]`},
		// A bad ease fails the call; the answers before it stay.
		{action: "answerCards", params: `{"answers": [{"cardId": ${c2}, "ease": 4}, {"cardId": ${c3}, "ease": 5}]}`, err: "invalid ease"},
		{action: "cardsInfo", params: `{"cards": [${c2}]}`, check: cardState(map[string]any{"type": 2.0, "reps": 1.0, "interval": 4.0})},
		{action: "answerCards", params: `{"answers": [{"cardId": ${c3}, "ease": "3"}]}`, err: "invalid ease"},
		{action: "answerCards", params: `{"answers": [{"cardId": ${c3}, "ease": 0}]}`, err: "invalid ease"},
		{action: "answerCards", params: `{"answers": [{"cardId": ${c3}}]}`, err: "'ease'"},
		{action: "answerCards", params: `{"answers": [{"ease": 3}]}`, err: "'cardId'"},
		{action: "answerCards", params: `{"answers": ["x"]}`, err: "string indices must be integers, not 'str'"},
		{action: "answerCards", params: `{"answers": [{"cardId": "1", "ease": 3}]}`, err: "'str' object cannot be interpreted as an integer"},
		{action: "answerCards", params: `{}`, err: "AnkiConnect.answerCards() missing 1 required positional argument: 'answers'"},
		{action: "cardsInfo", params: `{"cards": [${c3}]}`, check: cardState(map[string]any{"type": 0.0, "reps": 0.0})},
		// 3.0 equals 3 in Python.
		{action: "answerCards", params: `{"answers": [{"cardId": ${c3}, "ease": 3.0}]}`, want: `[true]`},
		{action: "getIntervals", params: `{"cards": [${c1}, ${c2}, ${c3}]}`, want: `[-600, 4, -600]`},

		// A 30-minute step is due only once it has passed, whatever is:due says.
		{action: "answerCards", params: `{"answers": [{"cardId": ${c4}, "ease": 1}]}`, want: `[true]`},
		{action: "getIntervals", params: `{"cards": [${c4}]}`, want: `[-1800]`},
		{action: "areDue", params: `{"cards": [${c1}, ${c2}, ${c4}]}`, want: `[true, false, false]`},

		// forgetCards: back to the original position, counts kept, logged.
		{action: "forgetCards", params: `{"cards": [${c1}, ${c2}, 999]}`, want: `null`},
		{action: "cardsInfo", params: `{"cards": [${c2}]}`, check: cardState(map[string]any{
			"type": 0.0, "queue": 0.0, "due": 2.0, "interval": 0.0, "factor": 0.0, "reps": 1.0, "left": 0.0,
		})},
		{action: "getIntervals", params: `{"cards": [${c2}]}`, want: `[0]`},
		{action: "areDue", params: `{"cards": [${c2}]}`, want: `[true]`},

		// relearnCards: a raw update of type and queue only.
		{action: "relearnCards", params: `{"cards": [${c2}, 999]}`, want: `null`},
		{action: "cardsInfo", params: `{"cards": [${c2}]}`, check: cardState(map[string]any{
			"type": 3.0, "queue": 1.0, "due": 2.0, "mod": float64(mod),
		})},

		// setDueDate: "1!" makes a review card due tomorrow with a 1-day interval.
		{action: "setDueDate", params: `{"cards": [${c3}, 999], "days": "1!"}`, want: `true`},
		{action: "cardsInfo", params: `{"cards": [${c3}]}`, check: cardState(map[string]any{
			"type": 2.0, "queue": 2.0, "due": float64(colDay0 + 1), "interval": 1.0, "factor": 2500.0,
		})},
		{action: "getIntervals", params: `{"cards": [${c3}], "complete": true}`, want: `[[-600, 1]]`},
		{action: "setDueDate", params: `{"cards": [${c3}], "days": "0"}`, want: `true`},
		{action: "areDue", params: `{"cards": [${c3}]}`, want: `[true]`},
		{action: "setDueDate", params: `{"cards": [${c3}], "days": "abc"}`, err: "abc"},
		{action: "setDueDate", params: `{"cards": [${c3}], "days": "-1"}`, err: "-1"},
		{action: "setDueDate", params: `{"cards": [${c3}], "days": "1-"}`, err: "1-"},
		{action: "setDueDate", params: `{"cards": [${c3}], "days": "99999999999"}`, err: "A number was invalid or out of range."},
		{action: "setDueDate", params: `{"cards": [${c3}], "days": 5}`, err: "bad argument type for built-in operation"},
		{action: "setDueDate", params: `{"cards": [${c3}]}`, err: "AnkiConnect.setDueDate() missing 1 required positional argument: 'days'"},
		{action: "cardsInfo", params: `{"cards": [${c3}]}`, check: cardState(map[string]any{"due": float64(colDay0)})},
	})
}

// decodeResult posts one action and decodes its result into dst, failing
// on an error.
func decodeResult(t *testing.T, send sender, action, params string, dst any) {
	t.Helper()
	if err := json.Unmarshal(result(t, send, action, params), dst); err != nil {
		t.Fatal(err)
	}
}

// seedAt sets the clock to start and seeds the server with seedSched.
func seedAt(t *testing.T, srv *Server, clock *movableClock, start time.Time) map[string]string {
	t.Helper()
	clock.Set(start)
	vars := map[string]string{}
	if err := srv.Do(context.Background(), func(e *Env) error { return seedSched(e, vars) }); err != nil {
		t.Fatal(err)
	}
	return vars
}

// schedCardState is what the scenario checks of a card through cardsInfo.
type schedCardState struct {
	Type        int      `json:"type"`
	Queue       int      `json:"queue"`
	Due         int64    `json:"due"`
	Interval    int      `json:"interval"`
	Factor      int      `json:"factor"`
	Reps        int      `json:"reps"`
	Lapses      int      `json:"lapses"`
	Left        int      `json:"left"`
	NextReviews []string `json:"nextReviews"`
}

// revlogRow is the scheduling part of a review-log row.
type revlogRow struct{ Ease, Ivl, LastIvl, Factor, Type int }

// TestSchedScenario follows a new card through Good, Good, Again, Good with
// Anki's default options (learning steps 1m 10m, graduating interval 1 day,
// easy interval 4 days, starting ease 250%, relearning step 10m, new
// interval 0%, minimum interval 1 day), moving the clock between answers.
// The expected states are worked out from Anki's manual (Deck Options,
// "Learning steps", "Graduating interval", "Lapses" and the SM-2 review
// rules: Hard x1.2 at least a day more, Good x ease at least a day more
// than Hard, Easy x ease x 1.3 at least a day more than Good, Again -20%
// ease).
func TestSchedScenario(t *testing.T) {
	clock := &movableClock{}
	const minute, day = time.Minute, 24 * time.Hour
	t0 := colTestTime // noon, day 0; days start at 4:00
	at := func(d time.Duration) int64 { return t0.Add(d).Unix() }

	steps := []struct {
		name    string
		advance time.Duration // before answering
		ease    int
		want    schedCardState
		log     revlogRow
		due     bool // areDue right after the answer
	}{
		{"Good: second learning step", 0, 3, schedCardState{
			Type: 1, Queue: 1, Due: at(10 * minute), Reps: 1, Left: 1,
			NextReviews: []string{"<1m", "<10m", "1d", "4d"},
		}, revlogRow{Ease: 3, Ivl: -600, LastIvl: 0, Factor: 0, Type: 0}, true},
		{"Good: graduates to a 1-day review", 10 * minute, 3, schedCardState{
			Type: 2, Queue: 2, Due: colDay0 + 1, Interval: 1, Factor: 2500, Reps: 2,
			NextReviews: []string{"<10m", "2d", "3d", "4d"},
		}, revlogRow{Ease: 3, Ivl: 1, LastIvl: -600, Factor: 2500, Type: 0}, false},
		{"Again the next day: lapse into relearning, ease 230%", day, 1, schedCardState{
			Type: 3, Queue: 1, Due: at(day + 20*minute), Interval: 1, Factor: 2300, Reps: 3, Lapses: 1, Left: 1,
			NextReviews: []string{"<10m", "<15m", "1d", "2d"},
		}, revlogRow{Ease: 1, Ivl: -600, LastIvl: 1, Factor: 2300, Type: 1}, true},
		{"Good: back to review with the 1-day minimum interval", 10 * minute, 3, schedCardState{
			Type: 2, Queue: 2, Due: colDay0 + 2, Interval: 1, Factor: 2300, Reps: 4, Lapses: 1,
			NextReviews: []string{"<10m", "2d", "3d", "4d"},
		}, revlogRow{Ease: 3, Ivl: 1, LastIvl: -600, Factor: 2300, Type: 2}, false},
	}

	bothWays(t, Config{Clock: clock.Now}, func(t *testing.T, srv *Server, send sender) {
		card := seedAt(t, srv, clock, t0)["c1"]
		cards := `{"cards": [` + card + `]}`
		var info []schedCardState
		decodeResult(t, send, "cardsInfo", cards, &info)
		if diff := cmp.Diff(schedCardState{Due: 1, NextReviews: []string{"<1m", "<6m", "<10m", "4d"}}, info[0]); diff != "" {
			t.Errorf("new card (-want +got):\n%s", diff)
		}
		var wantLog []revlogRow
		var wantIvls []int
		for _, s := range steps {
			clock.Set(clock.Now().Add(s.advance))
			if s.name == steps[2].name {
				// A day later the review is due, and is:due finds it.
				var due []bool
				decodeResult(t, send, "areDue", cards, &due)
				var found []json.Number
				decodeResult(t, send, "findCards", `{"query": "is:due"}`, &found)
				if !due[0] || len(found) != 1 || found[0].String() != card {
					t.Errorf("a day later: areDue %v, is:due %v; want true, [%s]", due, found, card)
				}
			}
			var ok []bool
			decodeResult(t, send, "answerCards", fmt.Sprintf(`{"answers": [{"cardId": %s, "ease": %d}]}`, card, s.ease), &ok)
			if len(ok) != 1 || !ok[0] {
				t.Fatalf("%s: answerCards = %v", s.name, ok)
			}
			decodeResult(t, send, "cardsInfo", cards, &info)
			if diff := cmp.Diff(s.want, info[0]); diff != "" {
				t.Errorf("%s: card (-want +got):\n%s", s.name, diff)
			}
			var due []bool
			decodeResult(t, send, "areDue", cards, &due)
			var found []json.Number
			decodeResult(t, send, "findCards", `{"query": "is:due"}`, &found)
			if due[0] != s.due || (len(found) == 1) != s.due {
				t.Errorf("%s: areDue %v, is:due finds %v; want due %v", s.name, due, found, s.due)
			}
			wantLog = append(wantLog, s.log)
			wantIvls = append(wantIvls, s.log.Ivl)
			var last []int
			decodeResult(t, send, "getIntervals", cards, &last)
			if diff := cmp.Diff([]int{s.log.Ivl}, last); diff != "" {
				t.Errorf("%s: getIntervals (-want +got):\n%s", s.name, diff)
			}
		}
		var all [][]int
		decodeResult(t, send, "getIntervals", `{"cards": [`+card+`], "complete": true}`, &all)
		if diff := cmp.Diff([][]int{wantIvls}, all); diff != "" {
			t.Errorf("getIntervals complete (-want +got):\n%s", diff)
		}
		var gotLog []revlogRow
		_ = srv.Do(context.Background(), func(e *Env) error {
			var id int64
			fmt.Sscan(card, &id)
			for _, r := range e.Col.CardByID(id).Reviews() {
				gotLog = append(gotLog, revlogRow{r.Ease, r.Ivl, r.LastIvl, r.Factor, r.Type})
			}
			return nil
		})
		if diff := cmp.Diff(wantLog, gotLog); diff != "" {
			t.Errorf("review log (-want +got):\n%s", diff)
		}
	})
}

// TestSchedLongLearningStep shows areDue's own rule for learning steps over
// 20 minutes: is:due finds the card within the learn-ahead limit, areDue
// only once the step has passed.
func TestSchedLongLearningStep(t *testing.T) {
	clock := &movableClock{}
	bothWays(t, Config{Clock: clock.Now}, func(t *testing.T, srv *Server, send sender) {
		card := seedAt(t, srv, clock, colTestTime)["c4"]
		result(t, send, "answerCards", `{"answers": [{"cardId": `+card+`, "ease": 1}]}`)
		for _, tc := range []struct {
			after         time.Duration
			isDue, areDue bool
		}{
			{0, false, false},
			{15 * time.Minute, true, false},
			{30 * time.Minute, true, true},
		} {
			clock.Set(colTestTime.Add(tc.after))
			var due []bool
			decodeResult(t, send, "areDue", `{"cards": [`+card+`]}`, &due)
			var found []json.Number
			decodeResult(t, send, "findCards", `{"query": "is:due cid:`+card+`"}`, &found)
			if got := []bool{len(found) == 1, due[0]}; !cmp.Equal(got, []bool{tc.isDue, tc.areDue}) {
				t.Errorf("after %v: is:due, areDue = %v; want %v, %v", tc.after, got, tc.isDue, tc.areDue)
			}
		}
	})
}

// BenchmarkAnswerCards1000 answers 1,000 cards of a 10,000-note collection
// Good in one answerCards request (the cards move on through their steps
// from one iteration to the next), then checks them with areDue.
func BenchmarkAnswerCards1000(b *testing.B) {
	srv := benchServer(b, 10_000)
	var answers, ids []string
	_ = srv.Do(context.Background(), func(e *Env) error {
		for _, card := range e.Col.AllCards()[:1000] {
			answers = append(answers, fmt.Sprintf(`{"cardId": %d, "ease": 3}`, card.ID))
			ids = append(ids, fmt.Sprint(card.ID))
		}
		return nil
	})
	answer := `{"action": "answerCards", "version": 6, "params": {"answers": [` + strings.Join(answers, ", ") + `]}}`
	due := `{"action": "areDue", "version": 6, "params": {"cards": [` + strings.Join(ids, ", ") + `]}}`
	send := inProcessSender(srv)
	b.ReportAllocs()
	for b.Loop() {
		if r := post(b, send, answer); !strings.HasPrefix(r, `{"result": [true`) {
			b.Fatalf("answerCards failed: %.200s", r)
		}
		if r := post(b, send, due); !strings.HasPrefix(r, `{"result": [`) {
			b.Fatalf("areDue failed: %.200s", r)
		}
	}
}

// TestSchedUnburyAtDayRollover: cards buried through setSpecificValueOfCard
// stay buried until the first request of the next scheduler day (from 4 am),
// which puts them back in their queues.
func TestSchedUnburyAtDayRollover(t *testing.T) {
	var offset atomic.Int64
	cfg := Config{Clock: func() time.Time { return colTestTime.Add(time.Duration(offset.Load())) }}
	// clockAt is a step's check for version that then sets the clock to
	// colTestTime plus d.
	clockAt := func(d time.Duration) func(*testing.T, json.RawMessage) {
		return func(t *testing.T, r json.RawMessage) {
			t.Helper()
			if string(r) != "6" {
				t.Errorf("version = %s, want 6", r)
			}
			offset.Store(int64(d))
		}
	}
	runScript(t, cfg, seedSched, []step{
		{action: "setSpecificValueOfCard", params: `{"card": ${c1}, "keys": ["queue"], "newValues": [-3], "warning_check": true}`, want: `[true]`},
		{action: "setSpecificValueOfCard", params: `{"card": ${c2}, "keys": ["queue"], "newValues": [-2], "warning_check": true}`, want: `[true]`},
		{action: "findCards", params: `{"query": "is:buried"}`, want: `[${c1}, ${c2}]`},
		{action: "version", check: clockAt(15*time.Hour + 59*time.Minute)}, // 3:59 am
		{action: "findCards", params: `{"query": "is:buried"}`, want: `[${c1}, ${c2}]`},
		{action: "version", check: clockAt(16 * time.Hour)}, // 4 am: a new day
		{action: "findCards", params: `{"query": "is:buried"}`, want: `[]`},
		{action: "cardsInfo", params: `{"cards": [${c1}]}`, check: cardState(map[string]any{"type": 0.0, "queue": 0.0})},
		{action: "findCards", params: `{"query": "is:new deck:Default"}`, want: `[${c1}, ${c2}, ${c3}]`},
		// Buried again the same day, a card stays buried.
		{action: "setSpecificValueOfCard", params: `{"card": ${c1}, "keys": ["queue"], "newValues": [-3], "warning_check": true}`, want: `[true]`},
		{action: "version", check: clockAt(39*time.Hour + 59*time.Minute)}, // 3:59 am, still the same day
		{action: "findCards", params: `{"query": "is:buried"}`, want: `[${c1}]`},
		{action: "version", check: clockAt(0)},
	})
}

// TestPyNumberComparisons: the ease answerCards sees and suspend's "wanted
// state" comparison follow Python's ==, where True is 1, False is 0 and an
// integral float equals its int.
func TestPyNumberComparisons(t *testing.T) {
	type result struct {
		Ease            int
		EaseOK          bool
		EqTrue, EqFalse bool
	}
	for _, tc := range []struct {
		raw  string
		want result
	}{
		{"1", result{1, true, true, false}},
		{"0", result{0, false, false, true}},
		{" 4 ", result{4, true, false, false}},
		{"3.0", result{3, true, false, false}},
		{"2.5", result{0, false, false, false}},
		{"1e0", result{1, true, true, false}},
		{"-0.0", result{0, false, false, true}},
		{"5", result{0, false, false, false}},
		{"true", result{1, true, true, false}},
		{"false", result{0, false, false, true}},
		{`"1"`, result{0, false, false, false}},
		{"null", result{0, false, false, false}},
		{"[1]", result{0, false, false, false}},
		{"1e400", result{0, false, false, false}},
	} {
		var got result
		got.Ease, got.EaseOK = pyEase(json.RawMessage(tc.raw))
		got.EqTrue = pyEqualsBool(json.RawMessage(tc.raw), true)
		got.EqFalse = pyEqualsBool(json.RawMessage(tc.raw), false)
		if d := cmp.Diff(tc.want, got); d != "" {
			t.Errorf("%s (-want +got):\n%s", tc.raw, d)
		}
	}
}
