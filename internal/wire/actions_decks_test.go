package wire

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// The collection actions' tests run scripts of raw-JSON requests against a
// fake with a frozen clock. ${name} in a step's params or want is replaced
// by a value saved by an earlier step (or by the setup).

// step is one request of a script.
type step struct {
	action string
	params string // a JSON object; "" means none
	want   string // the expected result as JSON; "" (with no err or check) checks only that there is no error
	err    string // the expected error message
	save   string // stores the result (raw JSON) under this name
	check  func(t *testing.T, result json.RawMessage)
}

// colTestTime is the frozen time of the collection tests.
var colTestTime = time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)

// runScript runs steps both over loopback and in-process, each time on a
// fresh fake seeded by setup (which may save values for the steps).
func runScript(t *testing.T, cfg Config, setup func(e *Env, vars map[string]string) error, steps []step) {
	t.Helper()
	if cfg.Clock == nil {
		cfg.Clock = func() time.Time { return colTestTime }
	}
	bothWays(t, cfg, func(t *testing.T, srv *Server, send sender) {
		vars := map[string]string{}
		if setup != nil {
			if err := srv.Do(context.Background(), func(e *Env) error { return setup(e, vars) }); err != nil {
				t.Fatal(err)
			}
		}
		for i, s := range steps {
			result := runStep(t, send, i, s, vars)
			if s.save != "" {
				vars[s.save] = string(result)
			}
		}
	})
}

// runStep sends step i and checks its reply (the error, else check, else
// want), returning the result.
func runStep(t *testing.T, send sender, i int, s step, vars map[string]string) json.RawMessage {
	t.Helper()
	params := s.params
	if params == "" {
		params = "{}"
	}
	body := fmt.Sprintf(`{"action": %q, "version": 6, "params": %s}`, s.action, expand(params, vars))
	var env struct {
		Result json.RawMessage `json:"result"`
		Error  *string         `json:"error"`
	}
	reply := post(t, send, body)
	if err := json.Unmarshal([]byte(reply), &env); err != nil {
		t.Fatalf("step %d %s: reply %q: %v", i, s.action, reply, err)
	}
	switch {
	case s.err != "":
		if want := expand(s.err, vars); env.Error == nil || *env.Error != want {
			t.Errorf("step %d %s %s: error = %v, want %q (result %s)", i, s.action, params, deref(env.Error), want, env.Result)
		}
	case env.Error != nil:
		t.Errorf("step %d %s %s: unexpected error %q", i, s.action, params, *env.Error)
	case s.check != nil:
		s.check(t, env.Result)
	case s.want != "":
		assertJSON(t, fmt.Sprintf("step %d %s %s", i, s.action, params), expand(s.want, vars), env.Result)
	}
	return env.Result
}

// wantBytes checks that the result, as the fake wrote it, contains each
// part byte for byte.
func wantBytes(parts ...string) func(t *testing.T, r json.RawMessage) {
	return func(t *testing.T, r json.RawMessage) {
		t.Helper()
		for _, p := range parts {
			if !strings.Contains(string(r), p) {
				t.Errorf("result lacks %s:\n%s", p, r)
			}
		}
	}
}

// expand replaces ${name} with vars[name].
func expand(s string, vars map[string]string) string {
	for k, v := range vars {
		s = strings.ReplaceAll(s, "${"+k+"}", v)
	}
	return s
}

func deref(s *string) any {
	if s == nil {
		return nil
	}
	return *s
}

// assertJSON compares two JSON texts as values.
func assertJSON(t *testing.T, what, want string, got json.RawMessage) {
	t.Helper()
	var w, g any
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("%s: bad want %q: %v", what, want, err)
	}
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("%s: bad result %q: %v", what, got, err)
	}
	if diff := cmp.Diff(w, g); diff != "" {
		t.Errorf("%s (-want +got):\n%s", what, diff)
	}
}

// jsonPath reads a value out of a JSON result by object keys and list
// indexes ("new.perDay", "0.fields.Front.value").
func jsonPath(t *testing.T, raw json.RawMessage, path string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	if path == "" {
		return v
	}
	for _, k := range strings.Split(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			v = x[k]
		case []any:
			var i int
			fmt.Sscan(k, &i)
			if i >= len(x) {
				t.Fatalf("%s: index %d out of range in %s", path, i, raw)
			}
			v = x[i]
		default:
			t.Fatalf("%s: no %q in %s", path, k, raw)
		}
	}
	return v
}

// wantPaths checks several paths of a result.
func wantPaths(want map[string]any) func(t *testing.T, raw json.RawMessage) {
	return func(t *testing.T, raw json.RawMessage) {
		t.Helper()
		for path, w := range want {
			if diff := cmp.Diff(w, jsonPath(t, raw, path)); diff != "" {
				t.Errorf("%s (-want +got):\n%s", path, diff)
			}
		}
	}
}

const sampleDeckConfig = `{"lapse": {"leechFails": 8, "delays": [10], "minInt": 1, "leechAction": 0, "mult": 0},
	"dyn": false, "autoplay": true, "mod": 1502970872, "id": 1, "maxTaken": 60,
	"new": {"bury": true, "order": 1, "initialFactor": 2500, "perDay": 20, "delays": [1, 10], "separate": true, "ints": [1, 4, 7]},
	"name": "Default",
	"rev": {"bury": true, "ivlFct": 1, "ease4": 1.3, "maxIvl": 36500, "perDay": 100, "minSpace": 1, "fuzz": 0.05},
	"timer": 0, "replayq": true, "usn": -1}`

func TestDeckActions(t *testing.T) {
	runScript(t, Config{}, nil, []step{
		{action: "deckNames", want: `["Default"]`},
		{action: "deckNamesAndIds", want: `{"Default": 1}`},
		{action: "createDeck", params: `{"deck": "Japanese::Tokyo"}`, save: "tokyo",
			check: func(t *testing.T, r json.RawMessage) {
				if id := jsonPath(t, r, "").(float64); id < float64(colTestTime.UnixMilli()) {
					t.Errorf("deck ID %v is not a millisecond timestamp", id)
				}
			}},
		{action: "createDeck", params: `{"deck": "japanese::TOKYO"}`, want: `${tokyo}`},
		{action: "createDeck", params: `{"deck": 5}`, err: "invalid value for parameter 'deck': expected a string, got number"},
		{action: "deckNames", want: `["Default", "Japanese", "Japanese::Tokyo"]`},
		{action: "deckNamesAndIds", check: func(t *testing.T, r json.RawMessage) {
			var m map[string]int64
			_ = json.Unmarshal(r, &m)
			if len(m) != 3 || m["Default"] != 1 || m["Japanese"] == 0 || m["Japanese"] >= m["Japanese::Tokyo"] {
				t.Errorf("deckNamesAndIds = %s", r)
			}
		}},
		{action: "deckNameFromId", params: `{"deckId": ${tokyo}}`, want: `"Japanese::Tokyo"`},
		{action: "deckNameFromId", params: `{"deckId": 12345}`, want: `"Default"`},

		{action: "getDeckConfig", params: `{"deck": "Default"}`, check: wantPaths(map[string]any{
			"id": 1.0, "name": "Default", "new.perDay": 20.0, "rev.perDay": 200.0, "lapse.leechAction": 1.0,
			"dyn": false, "desiredRetention": 0.9, "new.delays": []any{1.0, 10.0},
		})},
		// Anki's float members keep ".0" as json.dumps writes them; ints do not.
		{action: "getDeckConfig", params: `{"deck": "Default"}`, check: wantBytes(`"maxTaken": 60`,
			`"new": {"bury": false, "delays": [1.0, 10.0], "initialFactor": 2500, "ints": [1, 4, 0], "order": 1, "perDay": 20}`,
			`"rev": {"bury": false, "ease4": 1.3, "ivlFct": 1.0, "maxIvl": 36500, "perDay": 200, "hardFactor": 1.2}`,
			`"lapse": {"delays": [10.0], "leechAction": 1, "leechFails": 8, "minInt": 1, "mult": 0.0}`,
			`"easyDaysPercentages": [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0]`, `"secondsToShowQuestion": 0.0`, `"sm2Retention": 0.9`)},
		{action: "getDeckConfig", params: `{"deck": "default"}`, want: `false`},
		{action: "getDeckConfig", params: `{"deck": "Nope"}`, want: `false`},
		{action: "saveDeckConfig", params: `{"config": ` + sampleDeckConfig + `}`, want: `true`},
		{action: "getDeckConfig", params: `{"deck": "Default"}`, check: wantPaths(map[string]any{
			"rev.perDay": 100.0, "new.separate": true, "rev.fuzz": 0.05, "new.ints": []any{1.0, 4.0, 7.0},
			"mod": float64(colTestTime.Unix()), "rev.hardFactor": 1.2,
		})},
		{action: "getDeckConfig", params: `{"deck": "Default"}`, check: wantBytes(`"delays": [1.0, 10.0]`, `"ivlFct": 1.0`,
			`"mult": 0.0`, `"minSpace": 1`, `"fuzz": 0.05`)},
		{action: "saveDeckConfig", params: `{"config": {"id": 999, "name": "x"}}`, want: `false`},
		{action: "saveDeckConfig", params: `{"config": {"id": "1", "name": "x"}}`, want: `false`},

		{action: "cloneDeckConfigId", params: `{"name": "Copy of Default", "cloneFrom": 1}`, save: "clone",
			check: wantPaths(map[string]any{})},
		{action: "cloneDeckConfigId", params: `{"name": "Second"}`, save: "second", check: wantPaths(map[string]any{})},
		{action: "cloneDeckConfigId", params: `{"name": "x", "cloneFrom": 31337}`, want: `false`},
		{action: "cloneDeckConfigId", params: `{"name": "x", "cloneFrom": "abc"}`, err: "invalid literal for int() with base 10: 'abc'"},
		{action: "cloneDeckConfigId", params: `{"name": "x", "cloneFrom": null}`, err: "int() argument must be a string, a bytes-like object or a real number, not 'NoneType'"},
		{action: "setDeckConfigId", params: `{"decks": ["Japanese::Tokyo"], "configId": ${clone}}`, want: `true`},
		{action: "getDeckConfig", params: `{"deck": "Japanese::Tokyo"}`, check: wantPaths(map[string]any{
			"name": "Copy of Default", "rev.perDay": 100.0,
		})},
		{action: "setDeckConfigId", params: `{"decks": ["Default", "japanese"], "configId": ${second}}`, want: `false`},
		{action: "getDeckConfig", params: `{"deck": "Default"}`, check: wantPaths(map[string]any{"name": "Default"})},
		{action: "removeDeckConfigId", params: `{"configId": ${clone}}`, want: `true`},
		{action: "getDeckConfig", params: `{"deck": "Japanese::Tokyo"}`, check: wantPaths(map[string]any{"name": "Default", "id": 1.0})},
		{action: "removeDeckConfigId", params: `{"configId": ${clone}}`, want: `false`},
		{action: "removeDeckConfigId", params: `{"configId": 1}`, err: "can't delete default conf"},
		{action: "setDeckConfigId", params: `{"decks": ["Default"], "configId": 1}`, want: `true`},

		{action: "deleteDecks", params: `{"decks": ["Japanese"]}`, err: "Since Anki 2.1.28 it's not possible to delete decks without deleting cards as well"},
		{action: "deleteDecks", params: `{"decks": ["Japanese"], "cardsToo": 0}`, err: "Since Anki 2.1.28 it's not possible to delete decks without deleting cards as well"},
		{action: "deleteDecks", params: `{"decks": ["japanese"], "cardsToo": true}`, want: `null`},
		{action: "deleteDecks", params: `{"decks": ["Japanese::JLPT N5", "Easy Spanish"], "cardsToo": true}`, want: `null`},
		{action: "deckNames", want: `["Default", "Japanese", "Japanese::Tokyo"]`},
		{action: "deleteDecks", params: `{"decks": ["Japanese", "Default"], "cardsToo": "yes"}`, want: `null`},
		{action: "deckNamesAndIds", want: `{"Default": 1}`},
	})
}

func TestDeckActionsWithCards(t *testing.T) {
	setup := func(e *Env, vars map[string]string) error {
		for i, front := range []string{"one", "two", "three"} {
			n := e.Col.NewNote(e.Col.ModelByName("Basic"))
			n.Fields = []string{front, "back"}
			e.Col.AddNote(n, e.Col.CreateDeck("Default"))
			vars[fmt.Sprint("c", i+1)] = fmt.Sprint(n.Cards()[0].ID)
			vars[fmt.Sprint("n", i+1)] = fmt.Sprint(n.ID)
		}
		return nil
	}
	runScript(t, Config{}, setup, []step{
		{action: "getDecks", params: `{"cards": [${c1}, 999]}`, want: `{"Default": [${c1}, 999]}`},
		{action: "changeDeck", params: `{"cards": [${c2}, ${c3}, 4242], "deck": "Japanese::JLPT N3"}`, want: `null`},
		{action: "getDecks", params: `{"cards": [${c2}, ${c1}, ${c3}]}`, want: `{"Japanese::JLPT N3": [${c2}, ${c3}], "Default": [${c1}]}`},
		{action: "deckNames", want: `["Default", "Japanese", "Japanese::JLPT N3"]`},
		{action: "changeDeck", params: `{"cards": [], "deck": "Created Anyway"}`, want: `null`},
		{action: "deckNames", want: `["Created Anyway", "Default", "Japanese", "Japanese::JLPT N3"]`},
		{action: "cardsModTime", params: `{"cards": [${c2}]}`, want: `[{"cardId": ${c2}, "mod": ` + fmt.Sprint(colTestTime.Unix()) + `}]`},
		{action: "deleteDecks", params: `{"decks": ["Japanese"], "cardsToo": true}`, want: `null`},
		{action: "notesInfo", params: `{"notes": [${n2}, ${n3}]}`, want: `[{}, {}]`},
		{action: "getDecks", params: `{"cards": [${c2}]}`, want: `{"Default": [${c2}]}`},
		{action: "deleteDecks", params: `{"decks": ["Default"], "cardsToo": true}`, want: `null`},
		{action: "deckNames", want: `["Created Anyway", "Default"]`},
		{action: "notesInfo", params: `{"notes": [${n1}]}`, want: `[{}]`},
	})
}
