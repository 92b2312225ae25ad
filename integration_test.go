package ankiconnect_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/ankiconnect-go/ankiconnect"
	"github.com/ankiconnect-go/ankiconnect/ankiconnecttest"
	"github.com/google/go-cmp/cmp"
)

// TestIntegrationAgainstAnki replays one scenario against a real AnkiConnect
// (at ANKICONNECT_URL, with ANKICONNECT_API_KEY if set) and against the
// fake, and compares their replies after normalising them: IDs and
// timestamps masked, the scenario's deck name replaced, and deckNames
// reduced to the scenario's decks (a real profile has decks of its own).
// It works in a deck of its own, which it deletes at the end. Without
// ANKICONNECT_URL it is skipped.
func TestIntegrationAgainstAnki(t *testing.T) {
	url := os.Getenv(ankiconnect.EnvURL)
	if url == "" {
		t.Skip("set ANKICONNECT_URL (and ANKICONNECT_API_KEY if needed) to compare the fake with a real AnkiConnect")
	}
	deck := fmt.Sprintf("ankiconnect-go integration %d", time.Now().UnixNano())
	real := replayScenario(t, url, os.Getenv(ankiconnect.EnvAPIKey), deck)
	f := ankiconnecttest.New(t)
	fake := replayScenario(t, f.URL(), "", deck)
	if diff := cmp.Diff(real, fake); diff != "" {
		t.Errorf("the fake differs from AnkiConnect at %s (-real +fake):\n%s", url, diff)
	}
}

// scenarioStep is one request of the scenario. "$note" in the body stands
// for the note ID that addNote returned, "$deck" for the deck name.
type scenarioStep struct {
	action string
	body   string
}

var integrationScenario = []scenarioStep{
	{"version", `{"action": "version", "version": 6}`},
	{"createDeck", `{"action": "createDeck", "version": 6, "params": {"deck": "$deck"}}`},
	{"deckNames", `{"action": "deckNames", "version": 6}`},
	{"addNote", `{"action": "addNote", "version": 6, "params": {"note": {"deckName": "$deck", "modelName": "Basic",
		"fields": {"Front": "integration <b>front</b>", "Back": "back"}, "tags": ["ankiconnect-go", "b"]}}}`},
	{"addNote duplicate", `{"action": "addNote", "version": 6, "params": {"note": {"deckName": "$deck", "modelName": "Basic",
		"fields": {"Front": "integration <b>front</b>", "Back": "back"}}}}`},
	{"findNotes", `{"action": "findNotes", "version": 6, "params": {"query": "\"deck:$deck\""}}`},
	{"notesInfo", `{"action": "notesInfo", "version": 6, "params": {"notes": [$note]}}`},
	{"deleteNotes", `{"action": "deleteNotes", "version": 6, "params": {"notes": [$note]}}`},
	{"findNotes after delete", `{"action": "findNotes", "version": 6, "params": {"query": "\"deck:$deck\""}}`},
	{"deleteDecks", `{"action": "deleteDecks", "version": 6, "params": {"decks": ["$deck"], "cardsToo": true}}`},
	{"deckNames after delete", `{"action": "deckNames", "version": 6}`},
}

// replayScenario runs integrationScenario against url and returns each
// step's normalised reply. It deletes the deck at the end, even after a
// failure.
func replayScenario(t *testing.T, url, key, deck string) []string {
	t.Helper()
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 30 * time.Second}
	send := func(body string) []byte {
		t.Helper()
		if key != "" {
			body = strings.Replace(body, "{", fmt.Sprintf(`{"key": %q, `, key), 1)
		}
		resp, err := client.Post(url, "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatalf("%s: %v", url, err)
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatalf("%s: %v", url, err)
		}
		return b
	}
	deckJSON, _ := json.Marshal(deck)
	quoted := strings.Trim(string(deckJSON), `"`)
	t.Cleanup(func() {
		send(`{"action": "deleteDecks", "version": 6, "params": {"decks": ["` + quoted + `"], "cardsToo": true}}`)
	})
	note := "0"
	var out []string
	for _, step := range integrationScenario {
		body := strings.NewReplacer("$deck", quoted, "$note", note).Replace(step.body)
		reply := send(body)
		if step.action == "addNote" {
			var r struct{ Result json.Number }
			if err := json.Unmarshal(reply, &r); err != nil || r.Result == "" {
				t.Fatalf("%s: addNote replied %s", url, reply)
			}
			note = r.Result.String()
		}
		out = append(out, step.action+": "+normaliseReply(t, reply, deck))
	}
	return out
}

// normaliseReply masks what legitimately differs between two collections:
// integers of 10 digits or more (IDs, timestamps) become "<id>", the deck
// name becomes "<deck>", and a result that is a list of strings keeps only
// the ones naming the deck (deckNames).
func normaliseReply(t *testing.T, reply []byte, deck string) string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(reply))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("reply %q: %v", reply, err)
	}
	if env, ok := v.(map[string]any); ok {
		if list, ok := env["result"].([]any); ok && allStrings(list) {
			kept := []any{}
			for _, s := range list {
				if strings.Contains(s.(string), deck) {
					kept = append(kept, s)
				}
			}
			env["result"] = kept
		}
	}
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(maskValue(v, deck)); err != nil {
		t.Fatal(err)
	}
	return strings.TrimSuffix(out.String(), "\n")
}

func allStrings(list []any) bool {
	for _, e := range list {
		if _, ok := e.(string); !ok {
			return false
		}
	}
	return len(list) > 0
}

func maskValue(v any, deck string) any {
	switch v := v.(type) {
	case json.Number:
		if n, err := v.Int64(); err == nil && (n >= 1e9 || n <= -1e9) {
			return "<id>"
		}
		return v
	case string:
		return strings.ReplaceAll(v, deck, "<deck>")
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = maskValue(e, deck)
		}
		return out
	case map[string]any:
		out := map[string]any{}
		for k, e := range v {
			out[k] = maskValue(e, deck)
		}
		return out
	}
	return v
}

// TestNormaliseReply: the integration test's masking.
func TestNormaliseReply(t *testing.T) {
	const deck = "it 42"
	tests := []struct{ reply, want string }{
		{`{"result": 1700000000123, "error": null}`, `{"error":null,"result":"<id>"}`},
		{`{"result": 6, "error": null}`, `{"error":null,"result":6}`},
		{`{"result": ["Default", "it 42", "it 42::sub", "Mine"], "error": null}`, `{"error":null,"result":["<deck>","<deck>::sub"]}`},
		{`{"result": ["a", "b"], "error": null}`, `{"error":null,"result":[]}`},
		{`{"result": null, "error": "deck was not found: it 42"}`, `{"error":"deck was not found: <deck>","result":null}`},
		{`{"result": [{"noteId": 1700000000123, "tags": ["b"], "mod": 1700000000}], "error": null}`,
			`{"error":null,"result":[{"mod":"<id>","noteId":"<id>","tags":["b"]}]}`},
	}
	for _, tt := range tests {
		if got := normaliseReply(t, []byte(tt.reply), deck); got != tt.want {
			t.Errorf("normaliseReply(%s) = %s, want %s", tt.reply, got, tt.want)
		}
	}
}

// TestIntegrationScenarioOnFake runs the scenario against the fake alone,
// so the harness is exercised without Anki: the transcript the real
// AnkiConnect is compared with.
func TestIntegrationScenarioOnFake(t *testing.T) {
	f := ankiconnecttest.New(t)
	got := replayScenario(t, f.URL(), "", "integration deck")
	want := []string{
		`version: {"error":null,"result":6}`,
		`createDeck: {"error":null,"result":"<id>"}`,
		`deckNames: {"error":null,"result":["<deck>"]}`,
		`addNote: {"error":null,"result":"<id>"}`,
		`addNote duplicate: {"error":"cannot create note because it is a duplicate","result":null}`,
		`findNotes: {"error":null,"result":["<id>"]}`,
		`notesInfo: {"error":null,"result":[{"cards":["<id>"],"fields":{"Back":{"order":1,"value":"back"},"Front":{"order":0,"value":"integration <b>front</b>"}},"mod":"<id>","modelName":"Basic","noteId":"<id>","profile":"User 1","tags":["ankiconnect-go","b"]}]}`,
		`deleteNotes: {"error":null,"result":null}`,
		`findNotes after delete: {"error":null,"result":[]}`,
		`deleteDecks: {"error":null,"result":null}`,
		`deckNames after delete: {"error":null,"result":[]}`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
