package wire

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ankiconnect-go/ankiconnect/internal/collection"
)

// testClock returns a deterministic clock that moves 1 ms per reading.
func testClock() func() time.Time {
	var ticks atomic.Int64
	start := time.Date(2025, 11, 9, 12, 0, 0, 0, time.UTC)
	return func() time.Time { return start.Add(time.Duration(ticks.Add(1)) * time.Millisecond) }
}

// offlineFetcher keeps storeMediaFile's url source off the network.
func offlineFetcher(context.Context, string) ([]byte, error) {
	return nil, errors.New("no network in tests")
}

// checkConsistent fails t when the collection's references do not hold:
// every card has its note and deck, every note its model (with as many
// fields) and at least one card, the counts agree, Default exists, and the
// collection survives a fixture round trip (whose loader checks IDs and
// references again).
func checkConsistent(t testing.TB, c *collection.Collection) {
	t.Helper()
	if c.DeckByID(collection.DefaultDeckID) == nil {
		t.Error("the Default deck is gone")
	}
	cards, notes := c.AllCards(), c.AllNotes()
	if len(cards) != c.CardCount() || len(notes) != c.NoteCount() {
		t.Errorf("counts: %d cards listed, %d counted; %d notes listed, %d counted", len(cards), c.CardCount(), len(notes), c.NoteCount())
	}
	for _, card := range cards {
		if c.NoteByID(card.NoteID) == nil || c.DeckByID(card.DeckID) == nil {
			t.Errorf("card %d: note %d or deck %d missing", card.ID, card.NoteID, card.DeckID)
		}
	}
	for _, n := range notes {
		m := c.ModelByID(n.ModelID)
		switch {
		case m == nil:
			t.Errorf("note %d: model %d missing", n.ID, n.ModelID)
		case len(n.Fields) != len(m.Fields):
			t.Errorf("note %d: %d fields, model %q has %d", n.ID, len(n.Fields), m.Name, len(m.Fields))
		case len(n.Cards()) == 0:
			t.Errorf("note %d has no cards", n.ID)
		}
	}
	var buf bytes.Buffer
	if err := c.Save(&buf); err != nil {
		t.Fatalf("save: %v", err)
	}
	if _, err := collection.Load(&buf, time.Now); err != nil {
		t.Errorf("the saved collection does not load: %v", err)
	}
}

var fuzzSeeds = []string{
	``, `not json`, "\xe7\x8c", `{}`, `{"action": ""}`, `{"action":"x","params":[]}`, `[1,]`, `{"a":1,}`,
	`{"action":"version","version":6}`,
	`{"action":"multi","params":{"actions":[{"action":"version"},{"action":"multi","params":{"actions":[1]}},"x"]}}`,
	`{"action":"apiReflect","params":{"scopes":["actions"],"actions":null}}`,
	`{"action":"requestPermission","params":{"origin":1}}`,
	`{"action":"loadProfile","params":{"name":"User 1"}}`,
	`{"action":"createDeck","params":{"deck":"A::B"}}`,
	`{"action":"deleteDecks","params":{"decks":["A"],"cardsToo":true}}`,
	`{"action":"changeDeck","params":{"cards":[1],"deck":"X"}}`,
	`{"action":"addNote","params":{"note":{"deckName":"Default","modelName":"Basic","fields":{"Front":"f","Back":"b"},"tags":["t"]}}}`,
	`{"action":"addNotes","params":{"notes":[{"deckName":"Default","modelName":"Cloze","fields":{"Text":"{{c1::a}} {{c2::b}}"}},{"deckName":"Nope","modelName":"Basic","fields":{"Front":"x"}}]}}`,
	`{"action":"multi","params":{"actions":[{"action":"addNote","params":{"note":{"deckName":"Default","modelName":"Basic","fields":{"Front":"f"}}}},{"action":"deleteNotes","params":{"notes":[1]}},{"action":"findNotes","params":{"query":"deck:*"}}]}}`,
	`{"action":"updateNoteFields","params":{"note":{"id":1,"fields":{"Front":1}}}}`,
	`{"action":"modelFieldRemove","params":{"modelName":"Basic","fieldName":"Front"}}`,
	`{"action":"modelTemplateRemove","params":{"modelName":"Basic","templateName":"Card 1"}}`,
	`{"action":"storeMediaFile","params":{"filename":"a.txt","data":"aGk="}}`,
	`{"action":"removeEmptyNotes"}`,
	`{"action":"saveDeckConfig","params":{"config":{"id":1,"new":null}}}`,
	`{"action":"multi","params":{"actions":[{"action":"addNote","params":{"note":{"deckName":"Default","modelName":"Basic","fields":{"Front":"q"}}}},{"action":"findCards","params":{"query":"is:new"}},{"action":"answerCards","params":{"answers":[{"cardId":1,"ease":3}]}},{"action":"guiDeckReview","params":{"name":"Default"}},{"action":"guiShowAnswer"},{"action":"guiAnswerCard","params":{"ease":1}}]}}`,
	`{"action":"setDueDate","params":{"cards":[1],"days":"3-7!"}}`,
	`{"action":"setSpecificValueOfCard","params":{"card":1,"keys":["due","queue"],"newValues":["-1","-3"]}}`,
	`{"action":"insertReviews","params":{"reviews":[[1,1,-1,3,4,-60,2500,6157,0]]}}`,
	`{"action":"getDeckStats","params":{"decks":["Default","New::Deck"]}}`,
	`{"action":"guiBrowse","params":{"query":"deck:current","reorderCards":{"order":"ascending","columnId":"noteFld"}}}`,
	`{"action":"exportPackage","params":{"deck":"Default","path":"x.json","includeSched":true}}`,
	`{"action":"importPackage","params":{"path":"x.json"}}`,
}

// FuzzServeHTTP: no body makes the handler panic (nor a handler, which the
// server would turn into MsgInternal); every reply is 200 with valid JSON,
// the banner for an empty body and the decode error's envelope for a body
// json.loads refuses; the mutex is free once the reply is written; and the
// collection stays consistent. A body that decodes is also sent again as
// the one action of a multi, so every action's handler sees it nested.
func FuzzServeHTTP(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	for _, s := range []string{
		`{"action":"version","version":NaN}`, `{"action":"version","version":-Infinity}`, `[NaN, Infinity, -Infinity]`,
		`{"action":"multi","params":{"actions":[{"action":"version","version":NaN}]}}`,
		`{"action":"deckNameFromId","params":{"deckId":Infinity}}`, `{"action":"answerCards","params":{"answers":[{"cardId":NaN,"ease":Infinity}]}}`,
		`{"action":"getDecks","params":{"cards":[NaN]}}`, `{"action":"setEaseFactors","params":{"cards":[1],"easeFactors":[-Infinity]}}`,
		"{\"action\":\"createDeck\",\"params\":{\"deck\":\"\u00e9\u65e5\"}}", "[\"\u00e9\\ud800\\u\u00e9\"]", `{"action": "version"} x`,
	} {
		f.Add([]byte(s))
	}
	packages := f.TempDir() // exportPackage and importPackage stay in here
	internal := strings.SplitN(MsgInternal, "%", 2)[0]
	f.Fuzz(func(t *testing.T, body []byte) {
		srv := NewServer(Config{Clock: testClock(), Fetcher: offlineFetcher, PackageDir: packages})
		reply := serveFuzz(t, srv, body)
		switch msg := decodeErrorOrEmpty(body); {
		case len(body) == 0:
			if reply != `{"apiVersion": "AnkiConnect v.6"}` {
				t.Fatalf("empty body: reply %s, want the banner", reply)
			}
		case msg != "":
			if want, _ := encodePython(errorEnvelope(msg)); reply != string(want) {
				t.Fatalf("body %q does not decode (%s): reply %s, want %s", body, msg, reply, want)
			}
		default:
			serveFuzz(t, srv, []byte(`{"action": "multi", "params": {"actions": [`+string(body)+`]}}`))
		}
		for _, e := range srv.Log() {
			if strings.HasPrefix(e.Error, internal) {
				t.Fatalf("body %q: a handler panicked: %s", body, e.Error)
			}
		}
		_ = srv.Do(context.Background(), func(e *Env) error {
			checkConsistent(t, e.Col)
			return nil
		})
	})
}

// serveFuzz serves body and checks what every reply must be: 200, valid
// JSON, no trace of a recovered panic, and the server's mutexes free.
func serveFuzz(t *testing.T, srv *Server, body []byte) string {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(body))
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK || !json.Valid(rec.Body.Bytes()) {
		t.Fatalf("body %q: reply %d %q", body, rec.Code, rec.Body.String())
	}
	if !srv.mu.TryLock() {
		t.Fatalf("body %q: the mutex is held after the reply", body)
	}
	srv.mu.Unlock()
	if !srv.bodies.mu.TryLock() {
		t.Fatalf("body %q: the body-read mutex is held after the reply", body)
	}
	srv.bodies.mu.Unlock()
	return rec.Body.String()
}

// decodeErrorOrEmpty is decodeError, and "" for an empty body.
func decodeErrorOrEmpty(body []byte) string {
	if len(body) == 0 {
		return ""
	}
	return decodeError(body)
}
