package wire

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
)

// keepAliveSender posts to url over pooled connections (for servers with
// Config.KeepAlive).
func keepAliveSender(url string, conns int) sender {
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: conns}}
	return func(t testing.TB, r rawRequest) rawReply {
		resp, err := client.Post(url, "application/json", strings.NewReader(r.Body))
		if err != nil {
			t.Errorf("POST %s: %v", r.Body, err)
			return rawReply{}
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Error(err)
		}
		return rawReply{resp.StatusCode, resp.Header, string(b)}
	}
}

// TestConcurrentRequests: 64 goroutines send 1,000 mixed requests each over
// loopback; each adds 100 notes and deletes half of them. Afterwards the
// collection holds exactly the notes that were kept, each once.
func TestConcurrentRequests(t *testing.T) {
	const workers, perWorker = 64, 1000
	srv := NewServer(Config{Clock: testClock(), KeepAlive: true, Fetcher: offlineFetcher})
	ts := httptest.NewServer(srv)
	defer ts.Close()
	send := keepAliveSender(ts.URL, workers)

	kept := make([][]int64, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var added []int64
			for i := range perWorker {
				var body string
				switch i % 10 {
				case 0:
					body = fmt.Sprintf(`{"action":"addNote","version":6,"params":{"note":{"deckName":"Default","modelName":"Basic","fields":{"Front":"w%d-%d","Back":"b"}}}}`, w, i)
				case 5:
					if i%20 == 5 { // delete every other note just added
						body = fmt.Sprintf(`{"action":"deleteNotes","version":6,"params":{"notes":[%d]}}`, added[len(added)-1])
						added = added[:len(added)-1]
					} else {
						body = `{"action":"deckNames","version":6}`
					}
				case 1:
					body = fmt.Sprintf(`{"action":"createDeck","version":6,"params":{"deck":"W%d"}}`, w)
				case 2:
					body = `{"action":"multi","version":6,"params":{"actions":[{"action":"version"},{"action":"deckNamesAndIds"}]}}`
				case 3:
					body = `{"action":"bogus","version":6}`
				default:
					body = `{"action":"version","version":6}`
				}
				r := send(t, rawRequest{Body: body})
				var env struct {
					Result json.RawMessage
					Error  *string
				}
				if err := json.Unmarshal([]byte(r.Body), &env); err != nil || r.Status != http.StatusOK {
					t.Errorf("%s: %d %s", body, r.Status, r.Body)
					return
				}
				if (env.Error != nil) != (i%10 == 3) {
					t.Errorf("%s: %s", body, r.Body)
					return
				}
				if i%10 == 0 {
					var id int64
					if err := json.Unmarshal(env.Result, &id); err != nil {
						t.Errorf("addNote result %s", env.Result)
						return
					}
					added = append(added, id)
				}
			}
			kept[w] = added
		}()
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	var want []int64
	for _, ids := range kept {
		want = append(want, ids...)
	}
	slices.Sort(want)
	if n := workers * perWorker / 10 / 2; len(want) != n || len(slices.Compact(slices.Clone(want))) != n {
		t.Fatalf("kept %d distinct note IDs, want %d", len(slices.Compact(slices.Clone(want))), n)
	}
	_ = srv.Do(context.Background(), func(e *Env) error {
		got := e.Col.NoteIDs()
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("collection has %d notes, want exactly the %d kept", len(got), len(want))
		}
		if n := e.Col.CardCount(); n != len(want) {
			t.Errorf("%d cards, want %d (one per Basic note)", n, len(want))
		}
		checkConsistent(t, e.Col)
		return nil
	})
}

// BenchmarkDeckNames measures a deckNames round trip: over loopback with a
// new connection per request (as the add-on serves), over loopback with
// keep-alive, and in-process.
func BenchmarkDeckNames(b *testing.B) {
	const body = `{"action":"deckNames","version":6}`
	const want = `{"result": ["Default"], "error": null}`
	run := func(b *testing.B, send sender) {
		b.ReportAllocs()
		for b.Loop() {
			if r := send(b, rawRequest{Body: body}); r.Body != want {
				b.Fatalf("got %s", r.Body)
			}
		}
	}
	b.Run("loopback", func(b *testing.B) {
		ts := httptest.NewServer(NewServer(Config{LogLimit: -1}))
		defer ts.Close()
		run(b, loopbackSender(ts.URL))
	})
	b.Run("loopback-keepalive", func(b *testing.B) {
		ts := httptest.NewServer(NewServer(Config{LogLimit: -1, KeepAlive: true}))
		defer ts.Close()
		run(b, keepAliveSender(ts.URL, 1))
	})
	b.Run("in-process", func(b *testing.B) {
		run(b, inProcessSender(NewServer(Config{LogLimit: -1})))
	})
}
