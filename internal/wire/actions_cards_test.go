package wire

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/ankiconnect-go/ankiconnect/internal/collection"
)

func TestCardsInfo(t *testing.T) {
	setup := func(e *Env, vars map[string]string) error {
		if err := seedTagged(e, vars); err != nil {
			return err
		}
		n := e.Col.NewNote(e.Col.ModelByName("Cloze"))
		n.Fields = []string{"{{c1::Paris}} is in {{c2::France::country}}", "extra"}
		e.Col.AddNote(n, e.Col.CreateDeck("Geo"))
		vars["z1"], vars["z2"] = fmt.Sprint(n.Cards()[0].ID), fmt.Sprint(n.Cards()[1].ID)
		vars["zn"] = fmt.Sprint(n.ID)
		return nil
	}
	css, _ := json.Marshal(collection.DefaultCSS)
	style := "<style>" + collection.DefaultCSS + "</style>"
	clozeStyle := "<style>" + collection.DefaultCSS + collection.ClozeCSS + "</style>"
	mod := fmt.Sprint(colTestTime.Unix())
	runScript(t, Config{}, setup, []step{
		{action: "cardsInfo", params: `{"cards": [${c1}, 99]}`, want: `[{
			"cardId": ${c1}, "fields": {"Front": {"value": "note 1", "order": 0}, "Back": {"value": "back", "order": 1}},
			"fieldOrder": 0, "question": ` + jsonString(style+"note 1") + `,
			"answer": ` + jsonString(style+"note 1\n\n<hr id=answer>\n\nback") + `,
			"modelName": "Basic", "ord": 0, "deckName": "Default", "css": ` + string(css) + `,
			"factor": 0, "interval": 0, "note": ${n1}, "type": 0, "queue": 0, "due": 1, "reps": 0, "lapses": 0, "left": 0,
			"mod": ` + mod + `, "nextReviews": ["<1m", "<6m", "<10m", "4d"], "flags": 0}, {}]`},
		{action: "cardsInfo", params: `{"cards": [${z2}]}`, check: wantPaths(map[string]any{
			"0.question": clozeStyle + `<span class="cloze-inactive" data-ordinal="1">Paris</span> is in <span class="cloze" data-cloze="France" data-ordinal="2">[country]</span>`,
			"0.answer":   clozeStyle + `<span class="cloze-inactive" data-ordinal="1">Paris</span> is in <span class="cloze" data-ordinal="2">France</span><br>` + "\nextra",
			"0.ord":      1.0, "0.fieldOrder": 1.0, "0.deckName": "Geo", "0.due": 3.0,
		})},
		{action: "cardsInfo", params: `{"cards": "x"}`, err: "invalid value for parameter 'cards': expected a list, got string"},
		{action: "cardsModTime", params: `{"cards": [${c1}, 5]}`, want: `[{"cardId": ${c1}, "mod": ` + mod + `}, {}]`},
		{action: "cardsToNotes", params: `{"cards": [${z1}, ${z2}, ${c1}]}`, want: `[${n1}, ${zn}]`},
		{action: "findCards", want: `[]`},
	})
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// benchServer returns a fake whose collection holds n Basic notes with
// tags, in decks "Deck 0" to "Deck 9".
func benchServer(b *testing.B, n int) *Server {
	b.Helper()
	srv := NewServer(Config{})
	_ = srv.Do(context.Background(), func(e *Env) error {
		m := e.Col.ModelByName("Basic")
		decks := make([]*collection.Deck, 10)
		for i := range decks {
			decks[i] = e.Col.CreateDeck(fmt.Sprint("Deck ", i))
		}
		for i := range n {
			note := e.Col.NewNote(m)
			note.Fields = []string{fmt.Sprint("front ", i), fmt.Sprint("back <b>", i, "</b>")}
			note.Tags = []string{fmt.Sprint("tag", i%100)}
			e.Col.AddNote(note, decks[i%10])
		}
		return nil
	})
	return srv
}

// BenchmarkAddNotes1000 adds 1,000 Basic notes in one addNotes request,
// through the HTTP handler in-process.
func BenchmarkAddNotes1000(b *testing.B) {
	var sb strings.Builder
	sb.WriteString(`{"action": "addNotes", "version": 6, "params": {"notes": [`)
	for i := range 1000 {
		if i > 0 {
			sb.WriteString(", ")
		}
		sb.WriteString(basicNote("Default", fmt.Sprint("front ", i), "back", `, "tags": ["bench", "more"]`))
	}
	sb.WriteString("]}}")
	body := sb.String()
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		send := inProcessSender(NewServer(Config{}))
		b.StartTimer()
		if r := post(b, send, body); !strings.HasPrefix(r, `{"result": [`) {
			b.Fatalf("addNotes failed: %.200s", r)
		}
	}
}

// BenchmarkNotesInfo1000 describes 1,000 notes of a 100,000-note
// collection in one request.
func BenchmarkNotesInfo1000(b *testing.B) {
	srv := benchServer(b, 100_000)
	var ids []string
	_ = srv.Do(context.Background(), func(e *Env) error {
		for _, n := range e.Col.AllNotes()[50_000:51_000] {
			ids = append(ids, fmt.Sprint(n.ID))
		}
		return nil
	})
	body := `{"action": "notesInfo", "version": 6, "params": {"notes": [` + strings.Join(ids, ", ") + `]}}`
	send := inProcessSender(srv)
	b.ReportAllocs()
	for b.Loop() {
		if r := post(b, send, body); !strings.HasPrefix(r, `{"result": [{"noteId"`) {
			b.Fatalf("notesInfo failed: %.200s", r)
		}
	}
}

// BenchmarkHeap100kBasicNotes reports the live heap of a collection holding
// 100,000 Basic notes (metric heap-MB; the goal is at most 200).
func BenchmarkHeap100kBasicNotes(b *testing.B) {
	for b.Loop() {
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		srv := benchServer(b, 100_000)
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "heap-MB")
		runtime.KeepAlive(srv)
	}
}

// BenchmarkFindNotes100k runs findNotes on a deck, a tag and a field query
// over 100,000 notes.
func BenchmarkFindNotes100k(b *testing.B) {
	srv := benchServer(b, 100_000)
	send := inProcessSender(srv)
	for _, q := range []string{`deck:\"Deck 3\"`, `tag:tag42`, `\"Front:front 4*\"`} {
		body := `{"action": "findNotes", "version": 6, "params": {"query": "` + q + `"}}`
		b.Run(q, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if r := post(b, send, body); !strings.HasPrefix(r, `{"result": [`) {
					b.Fatalf("findNotes failed: %.200s", r)
				}
			}
		})
	}
}
