package fault_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ankiconnect-go/ankiconnect/internal/fault"
)

// stub is a stand-in for the fake's handler: it counts the actions it
// serves, echoes the body it received, and answers the banner for an empty
// body, bare results when the request came in old-server mode.
type stub struct {
	mu     sync.Mutex
	calls  map[string]int
	bodies []string
}

func (s *stub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	var req struct{ Action string }
	_ = json.Unmarshal(body, &req)
	s.mu.Lock()
	if s.calls == nil {
		s.calls = map[string]int{}
	}
	s.calls[req.Action]++
	s.bodies = append(s.bodies, string(body))
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	switch {
	case len(body) == 0:
		_, _ = io.WriteString(w, `{"apiVersion": "AnkiConnect v.6"}`)
	case fault.OldServerFrom(r.Context()):
		_, _ = io.WriteString(w, `"`+req.Action+` done"`)
	default:
		_, _ = io.WriteString(w, `{"result": "`+req.Action+` done", "error": null}`)
	}
}

func (s *stub) count(action string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[action]
}

// reply is what a client saw.
type reply struct {
	Status      int
	ContentType string
	Body        string
	Err         bool
}

func post(t *testing.T, url, body string) reply {
	t.Helper()
	return do(t, context.Background(), http.MethodPost, url, body)
}

func do(t *testing.T, ctx context.Context, method, url, body string) reply {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	// One connection per request, as AnkiConnect clients must: the wire
	// handler closes each connection after its reply without saying so, and
	// a POST on a kept-alive connection closed under it fails.
	req.Close = true
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return reply{Err: true}
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return reply{Err: true}
	}
	return reply{Status: resp.StatusCode, ContentType: resp.Header.Get("Content-Type"), Body: string(b)}
}

func newServer(t *testing.T) (*fault.Injector, *stub, *httptest.Server) {
	in := fault.New()
	st := &stub{}
	srv := httptest.NewServer(in.Wrap(st))
	t.Cleanup(srv.Close)
	return in, st, srv
}

const (
	addNote   = `{"action": "addNote", "version": 6, "params": {"note": {}}}`
	deckNames = `{"action": "deckNames", "version": 6}`
	jsonType  = "application/json"
)

func ok(action string) reply {
	return reply{Status: 200, ContentType: jsonType, Body: `{"result": "` + action + ` done", "error": null}`}
}

func TestFailNext(t *testing.T) {
	in, st, srv := newServer(t)
	in.FailNext("addNote", 2, "collection is not available")
	failed := reply{Status: 200, ContentType: jsonType, Body: `{"result": null, "error": "collection is not available"}`}
	steps := []struct {
		body string
		want reply
	}{
		{deckNames, ok("deckNames")}, // another action is not affected
		{addNote, failed},
		{addNote, failed},
		{addNote, ok("addNote")}, // the rule is used up
	}
	for i, s := range steps {
		if diff := cmp.Diff(s.want, post(t, srv.URL, s.body)); diff != "" {
			t.Errorf("request %d (-want +got):\n%s", i+1, diff)
		}
	}
	if n := st.count("addNote"); n != 1 {
		t.Errorf("handler served addNote %d times, want 1 (failed calls are not served)", n)
	}
	if n := in.Pending(); n != 0 {
		t.Errorf("Pending = %d, want 0", n)
	}
}

func TestFailNextMessageEncoding(t *testing.T) {
	in, _, srv := newServer(t)
	in.FailNext(fault.AnyAction, 1, "caf\u00e9 \"q\" \\ \n\t<&> \x01\x7f \U0001F600")
	want := `{"result": null, "error": "caf\u00e9 \"q\" \\ \n\t<&> \u0001\u007f \ud83d\ude00"}`
	if got := post(t, srv.URL, deckNames).Body; got != want {
		t.Errorf("body = %s, want %s (Python json.dumps)", got, want)
	}
}

func TestRulesOrderAndScope(t *testing.T) {
	in, st, srv := newServer(t)
	in.StatusNext("deckNames", 1, http.StatusServiceUnavailable, "busy")
	in.FailNext("deckNames", 1, "second")
	in.FailNext(fault.AnyAction, 1, "any")
	in.FailNext("deckNames", fault.Always, "always")
	in.FailNext("addNote", 0, "never added")
	steps := []struct {
		body string
		want reply
	}{
		{deckNames, reply{Status: 503, ContentType: "text/plain; charset=utf-8", Body: "busy"}},
		{deckNames, reply{Status: 200, ContentType: jsonType, Body: `{"result": null, "error": "second"}`}},
		{addNote, reply{Status: 200, ContentType: jsonType, Body: `{"result": null, "error": "any"}`}},
		{deckNames, reply{Status: 200, ContentType: jsonType, Body: `{"result": null, "error": "always"}`}},
		{deckNames, reply{Status: 200, ContentType: jsonType, Body: `{"result": null, "error": "always"}`}},
		{addNote, ok("addNote")},
		// multi is its own action: inner actions are not matched.
		{`{"action": "multi", "params": {"actions": [{"action": "deckNames"}]}}`, ok("multi")},
	}
	for i, s := range steps {
		if diff := cmp.Diff(s.want, post(t, srv.URL, s.body)); diff != "" {
			t.Errorf("request %d (-want +got):\n%s", i+1, diff)
		}
	}
	if n := st.count("deckNames"); n != 0 {
		t.Errorf("handler served deckNames %d times, want 0", n)
	}
	in.Reset()
	if diff := cmp.Diff(ok("deckNames"), post(t, srv.URL, deckNames)); diff != "" {
		t.Errorf("after Reset (-want +got):\n%s", diff)
	}
}

func TestBodyRestored(t *testing.T) {
	in, st, srv := newServer(t)
	in.FailNext("other", 1, "x") // forces a peek at every body
	bodies := []string{addNote, `not json`, `{"action": 5}`, ``, strings.Repeat(`{"action": "big", "params": {"x": "`+strings.Repeat("a", 1<<20)+`"}}`, 1)}
	for _, b := range bodies {
		post(t, srv.URL, b)
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	if diff := cmp.Diff(bodies, st.bodies); diff != "" {
		t.Errorf("bodies the handler saw (-want +got):\n%s", diff)
	}
}

func TestChunkedBodyNotMatched(t *testing.T) {
	// The fake reads Content-Length bytes only, so a chunked body is no
	// action at all: an action rule does not fire for it.
	in, st, srv := newServer(t)
	in.FailNext("addNote", 1, "x")
	req, err := http.NewRequest(http.MethodPost, srv.URL, io.MultiReader(strings.NewReader(addNote)))
	if err != nil {
		t.Fatal(err)
	}
	req.ContentLength = -1
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if in.Pending() != 1 || st.count("addNote") != 1 {
		t.Errorf("Pending %d, served %d: want the rule untouched and the request served", in.Pending(), st.count("addNote"))
	}
}

func TestDelay(t *testing.T) {
	in, st, srv := newServer(t)
	in.DelayNext("addNote", 1, time.Hour)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if got := do(t, ctx, http.MethodPost, srv.URL, addNote); !got.Err {
		t.Fatalf("delayed request returned %+v before its client's deadline", got)
	}
	// A short delay still serves the request.
	in.DelayNext("addNote", 1, time.Millisecond)
	in.SetLatency(time.Millisecond)
	if diff := cmp.Diff(ok("addNote"), post(t, srv.URL, addNote)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	in.SetLatency(time.Hour)
	ctx2, cancel2 := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel2()
	if got := do(t, ctx2, http.MethodPost, srv.URL, deckNames); !got.Err {
		t.Fatalf("request under latency returned %+v before its client's deadline", got)
	}
	srv.Close() // waits for the handlers: the abandoned ones were never served
	if n, m := st.count("addNote"), st.count("deckNames"); n != 1 || m != 0 {
		t.Errorf("served addNote %d and deckNames %d times, want 1 and 0", n, m)
	}
}

func TestDropNext(t *testing.T) {
	for _, tc := range []struct {
		name       string
		when       fault.DropPoint
		wantServed int
	}{
		{"before the handler: Anki never saw the request", fault.BeforeHandler, 0},
		{"after the handler: the write reached Anki, the reply was lost", fault.AfterHandler, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in, st, srv := newServer(t)
			in.DropNext("addNote", 1, tc.when)
			if got := post(t, srv.URL, addNote); !got.Err {
				t.Errorf("dropped request got a reply: %+v", got)
			}
			if n := st.count("addNote"); n != tc.wantServed {
				t.Errorf("handler served addNote %d times, want %d", n, tc.wantServed)
			}
			if diff := cmp.Diff(ok("addNote"), post(t, srv.URL, addNote)); diff != "" {
				t.Errorf("next request (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDropInProcess(t *testing.T) {
	in := fault.New()
	st := &stub{}
	in.DropNext("addNote", 1, fault.AfterHandler)
	rec := httptest.NewRecorder()
	in.Wrap(st).ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/", strings.NewReader(addNote)))
	full := ok("addNote").Body
	got := reply{Status: rec.Code, ContentType: rec.Header().Get("Content-Type"), Body: rec.Body.String()}
	want := reply{Status: 200, ContentType: jsonType, Body: full[:len(full)/2]}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if n := st.count("addNote"); n != 1 {
		t.Errorf("handler served addNote %d times, want 1", n)
	}
}

func TestOldServer(t *testing.T) {
	in, _, srv := newServer(t)
	in.SetOldServer(true)
	if !in.OldServer() {
		t.Fatal("OldServer() = false after SetOldServer(true)")
	}
	steps := []struct {
		method, body string
		want         reply
	}{
		{http.MethodGet, "", reply{Status: 200, ContentType: "text/json", Body: "AnkiConnect v.6"}},
		{http.MethodPost, "", reply{Status: 200, ContentType: "text/json", Body: "AnkiConnect v.6"}},
		// The handler saw the old-server flag in the request's context.
		{http.MethodPost, deckNames, reply{Status: 200, ContentType: "text/json", Body: `"deckNames done"`}},
		{http.MethodPost, addNote, reply{Status: 200, ContentType: "text/json", Body: `{"result": null, "error": "old"}`}},
	}
	in.FailNext("addNote", 1, "old")
	for i, s := range steps {
		if diff := cmp.Diff(s.want, do(t, context.Background(), s.method, srv.URL, s.body)); diff != "" {
			t.Errorf("request %d (-want +got):\n%s", i+1, diff)
		}
	}
	in.SetOldServer(false)
	want := reply{Status: 200, ContentType: jsonType, Body: `{"apiVersion": "AnkiConnect v.6"}`}
	if diff := cmp.Diff(want, do(t, context.Background(), http.MethodGet, srv.URL, "")); diff != "" {
		t.Errorf("after SetOldServer(false) (-want +got):\n%s", diff)
	}
}

func TestConcurrentRules(t *testing.T) {
	in, st, srv := newServer(t)
	in.FailNext("addNote", 10, "busy")
	var failed atomic.Int64
	var wg sync.WaitGroup
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 8 {
				if strings.Contains(post(t, srv.URL, addNote).Body, `"busy"`) {
					failed.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	if failed.Load() != 10 || st.count("addNote") != 16*8-10 {
		t.Errorf("%d failed and %d served, want 10 and %d", failed.Load(), st.count("addNote"), 16*8-10)
	}
}

func TestServerDownAndUp(t *testing.T) {
	st := &stub{}
	srv, err := fault.Start("127.0.0.1:0", st)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	if !strings.HasPrefix(srv.URL(), "http://127.0.0.1:") || srv.URL() != "http://"+srv.Addr() {
		t.Fatalf("URL %q, Addr %q", srv.URL(), srv.Addr())
	}
	fresh := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	refused := func() bool {
		resp, err := fresh.Post(srv.URL(), jsonType, strings.NewReader(deckNames))
		if err == nil {
			resp.Body.Close()
		}
		return errors.Is(err, syscall.ECONNREFUSED)
	}
	if diff := cmp.Diff(ok("deckNames"), post(t, srv.URL(), deckNames)); diff != "" {
		t.Fatalf("up (-want +got):\n%s", diff)
	}
	srv.Down()
	srv.Down() // idempotent
	// Down cut the connection post kept alive; a POST is not retried on it.
	http.DefaultClient.CloseIdleConnections()
	if !refused() {
		t.Error("connection not refused while down")
	}
	if err := srv.Up(); err != nil {
		t.Fatal(err)
	}
	if err := srv.Up(); err != nil { // idempotent
		t.Fatal(err)
	}
	if diff := cmp.Diff(ok("deckNames"), post(t, srv.URL(), deckNames)); diff != "" {
		t.Errorf("up again (-want +got):\n%s", diff)
	}

	done := srv.DownFor(20 * time.Millisecond)
	http.DefaultClient.CloseIdleConnections()
	if !refused() {
		t.Error("connection not refused right after DownFor")
	}
	if err := <-done; err != nil {
		t.Fatalf("restart: %v", err)
	}
	if diff := cmp.Diff(ok("deckNames"), post(t, srv.URL(), deckNames)); diff != "" {
		t.Errorf("after DownFor (-want +got):\n%s", diff)
	}

	done = srv.DownFor(time.Hour)
	if err := srv.Up(); err != nil {
		t.Fatal(err)
	}
	if err := <-done; !errors.Is(err, fault.ErrRestartCancelled) {
		t.Errorf("DownFor then Up: channel got %v, want ErrRestartCancelled", err)
	}

	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	if err := srv.Up(); !errors.Is(err, fault.ErrClosed) {
		t.Errorf("Up after Close = %v, want ErrClosed", err)
	}
	if !refused() {
		t.Error("connection not refused after Close")
	}
	if n := st.count("deckNames"); n != 3 {
		t.Errorf("served deckNames %d times, want 3", n)
	}
}
