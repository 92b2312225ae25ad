package ankiconnect

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jarcoal/httpmock"
)

func TestRequestJSON(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name  string
		opts  []Option
		call  func(c *Client) error
		reply string
		want  string
	}{
		{
			name:  "no params are omitted, no key is omitted",
			call:  func(c *Client) error { _, err := c.DeckNames(ctx); return err },
			reply: `{"result": ["Default"], "error": null}`,
			want:  `{"action": "deckNames", "version": 6}`,
		},
		{
			name:  "key is sent when set",
			opts:  []Option{WithAPIKey("s3cret")},
			call:  func(c *Client) error { _, err := c.Version(ctx); return err },
			reply: `{"result": 6, "error": null}`,
			want:  `{"action": "version", "version": 6, "key": "s3cret"}`,
		},
		{
			name:  "api version option",
			opts:  []Option{WithAPIVersion(4)},
			call:  func(c *Client) error { _, err := c.Version(ctx); return err },
			reply: `6`,
			want:  `{"action": "version", "version": 4}`,
		},
		{
			name:  "createDeck",
			call:  func(c *Client) error { _, err := c.CreateDeck(ctx, "Japanese::Tokyo"); return err },
			reply: `{"result": 1519323742721, "error": null}`,
			want:  `{"action": "createDeck", "version": 6, "params": {"deck": "Japanese::Tokyo"}}`,
		},
		{
			name:  "findNotes",
			call:  func(c *Client) error { _, err := c.FindNotes(ctx, "deck:current"); return err },
			reply: `{"result": [1483959289817, 1483959291695], "error": null}`,
			want:  `{"action": "findNotes", "version": 6, "params": {"query": "deck:current"}}`,
		},
		{
			name: "addNote with options and media",
			call: func(c *Client) error {
				_, err := c.AddNote(ctx, Note{
					DeckName: "Default", ModelName: "Basic",
					Fields: map[string]string{"Front": "front content", "Back": "back content"},
					Tags:   []string{"yomichan"},
					Options: &NoteOptions{
						AllowDuplicate: false, DuplicateScope: DuplicateScopeDeck,
						DuplicateScopeOptions: &DuplicateScopeOptions{DeckName: "Default", CheckChildren: false, CheckAllModels: false},
					},
					Audio: []Media{{Filename: "a.mp3", Data: []byte("hi"), SkipHash: "7e2b", Fields: []string{"Front"}}},
				})
				return err
			},
			reply: `{"result": 1496198395707, "error": null}`,
			want: `{"action": "addNote", "version": 6, "params": {"note": {
				"deckName": "Default", "modelName": "Basic",
				"fields": {"Front": "front content", "Back": "back content"},
				"options": {"allowDuplicate": false, "duplicateScope": "deck",
					"duplicateScopeOptions": {"deckName": "Default", "checkChildren": false, "checkAllModels": false}},
				"tags": ["yomichan"],
				"audio": [{"filename": "a.mp3", "data": "aGk=", "skipHash": "7e2b", "fields": ["Front"]}]}}}`,
		},
		{
			name:  "apiReflect with no names asks for all",
			call:  func(c *Client) error { _, err := c.APIReflect(ctx); return err },
			reply: `{"result": {"scopes": ["actions"], "actions": ["version"]}, "error": null}`,
			want:  `{"action": "apiReflect", "version": 6, "params": {"scopes": ["actions"], "actions": null}}`,
		},
		{
			name: "Invoke escape hatch",
			call: func(c *Client) error {
				_, err := Invoke[[]int](ctx, c, "futureAction", map[string]int{"x": 1})
				return err
			},
			reply: `{"result": [1], "error": null}`,
			want:  `{"action": "futureAction", "version": 6, "params": {"x": 1}}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, rec := mockClient(t, []string{tt.reply}, tt.opts...)
			if err := tt.call(c); err != nil {
				t.Fatalf("call: %v", err)
			}
			wantJSON(t, rec.request(t, 0), tt.want)
			if ua := rec.headers[0].Get("User-Agent"); ua != DefaultUserAgent {
				t.Errorf("User-Agent = %q", ua)
			}
		})
	}
}

func TestDecodeBranches(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name        string
		resp        httpmock.Responder
		want        []string
		wantIs      error
		wantAPI     string
		wantDecode  bool
		wantHTTP    int
		wantMessage string
	}{
		{name: "v6 envelope", resp: jsonReply(`{"result": ["Default", "French"], "error": null}`), want: []string{"Default", "French"}},
		{name: "error before result", resp: jsonReply(`{"error": null, "result": ["A"]}`), want: []string{"A"}},
		{name: "v4 bare result", resp: jsonReply(`["Default"]`), want: []string{"Default"}},
		{name: "v4 bare null", resp: jsonReply(`null`), want: nil},
		{name: "text/json", resp: httpmock.NewStringResponder(200, `{"result": ["X"], "error": null}`).HeaderSet(http.Header{"Content-Type": {"text/json"}}), want: []string{"X"}},
		{name: "error envelope", resp: jsonReply(`{"result": null, "error": "collection is not available"}`), wantIs: ErrCollectionUnavailable, wantAPI: "collection is not available"},
		{name: "banner json", resp: jsonReply(`{"apiVersion": "AnkiConnect v.6"}`), wantIs: ErrEmptyBodySeen},
		{name: "banner plain", resp: jsonReply(`AnkiConnect v.6`), wantIs: ErrEmptyBodySeen},
		{name: "403 empty", resp: httpmock.NewStringResponder(403, ``), wantIs: ErrForbiddenOrigin, wantHTTP: 403},
		{name: "500", resp: httpmock.NewStringResponder(500, `boom`), wantHTTP: 500, wantMessage: "boom"},
		{name: "empty body", resp: jsonReply(``), wantDecode: true},
		{name: "garbage", resp: jsonReply(`<html>nope</html>`), wantDecode: true},
		{name: "truncated envelope", resp: jsonReply(`{"result": ["a"`), wantDecode: true},
		{name: "wrong result type", resp: jsonReply(`{"result": 5, "error": null}`), wantDecode: true},
		{name: "trailing data", resp: jsonReply(`{"result": [], "error": null} {}`), wantDecode: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := mockClientWith(t, []httpmock.Responder{tt.resp}, WithRetryPolicy(NoRetries))
			got, err := c.DeckNames(ctx)
			wantOK := tt.wantIs == nil && !tt.wantDecode && tt.wantHTTP == 0
			if wantOK {
				if err != nil {
					t.Fatalf("err = %v", err)
				}
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("result (-want +got):\n%s", diff)
				}
				return
			}
			if err == nil {
				t.Fatalf("no error, result %v", got)
			}
			var e *Error
			if !errors.As(err, &e) || e.Action != "deckNames" {
				t.Errorf("error %v does not name the action", err)
			}
			if tt.wantIs != nil && !errors.Is(err, tt.wantIs) {
				t.Errorf("errors.Is(%v, %v) = false", err, tt.wantIs)
			}
			var api *APIError
			if tt.wantAPI != "" && (!errors.As(err, &api) || api.Message != tt.wantAPI) {
				t.Errorf("APIError = %v, want message %q", api, tt.wantAPI)
			}
			var de *DecodeError
			if tt.wantDecode && !errors.As(err, &de) {
				t.Errorf("err %v is not a DecodeError", err)
			}
			var he *HTTPError
			if tt.wantHTTP != 0 && (!errors.As(err, &he) || he.StatusCode != tt.wantHTTP) {
				t.Errorf("err %v is not HTTP %d", err, tt.wantHTTP)
			}
			if !strings.Contains(err.Error(), tt.wantMessage) {
				t.Errorf("err %q lacks %q", err, tt.wantMessage)
			}
		})
	}
}

func TestDecodeErrorKeepsBody(t *testing.T) {
	c, _ := mockClient(t, []string{`not json at all`})
	_, err := c.DeckNames(context.Background())
	var de *DecodeError
	if !errors.As(err, &de) || string(de.Body) != "not json at all" {
		t.Fatalf("err = %#v", err)
	}
}

func TestBareObjectResultIsNotAnEnvelope(t *testing.T) {
	// An old server replies bare even to version 6; a map result must decode
	// as the map, and a bare object with a "result" key too.
	c, _ := mockClient(t, []string{`{"Default": 1, "result": 2}`})
	got, err := Invoke[map[string]int](context.Background(), c, "deckNamesAndIds", nil)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string]int{"Default": 1, "result": 2}, got); diff != "" {
		t.Error(diff)
	}
}

func TestSentinels(t *testing.T) {
	tests := []struct {
		msg  string
		want []error
	}{
		{"unsupported action", []error{ErrUnsupportedAction}},
		{"valid api key must be provided", []error{ErrInvalidAPIKey}},
		{"cannot create note because it is a duplicate", []error{ErrDuplicateNote}},
		{"cannot create note because it is empty", []error{ErrEmptyNote}},
		{"deck was not found: Japanese", []error{ErrDeckNotFound}},
		{"model was not found: Basic2", []error{ErrModelNotFound}},
		{"Note was not found: 1234", []error{ErrNoteNotFound}},
		{"Card was not found: 1234", []error{ErrCardNotFound}},
		{"collection is not available", []error{ErrCollectionUnavailable}},
		{"Invalid search: unbalanced parentheses", []error{ErrInvalidSearch}},
		{"['cannot create note because it is a duplicate', 'model was not found: X']", []error{ErrDuplicateNote, ErrModelNotFound}},
		{"Model 'Basic2' not found", []error{ErrModelNotFound}},
		{`Model "Basic2" not found`, []error{ErrModelNotFound}},
		{`Deck "Japanese::Verbs" not found`, []error{ErrDeckNotFound}},
		{"Please use the Check Database action. No such note: '1234'", []error{ErrNoteNotFound}},
		{`Field "Front" not found in current note`, nil},
		{"invalid ease", []error{ErrInvalidEase}},
		{"something else entirely", nil},
	}
	all := []error{ErrUnsupportedAction, ErrInvalidAPIKey, ErrDuplicateNote, ErrEmptyNote, ErrDeckNotFound,
		ErrModelNotFound, ErrNoteNotFound, ErrCardNotFound, ErrCollectionUnavailable, ErrInvalidSearch, ErrInvalidEase}
	for _, tt := range tests {
		t.Run(tt.msg, func(t *testing.T) {
			c, _ := mockClient(t, []string{`{"result": null, "error": ` + quote(tt.msg) + `}`}, WithRetryPolicy(NoRetries))
			_, err := c.AddNote(context.Background(), Note{})
			var api *APIError
			if !errors.As(err, &api) || api.Message != tt.msg {
				t.Fatalf("err = %v, want APIError %q", err, tt.msg)
			}
			if want := "ankiconnect: addNote: " + tt.msg; err.Error() != want {
				t.Errorf("Error() = %q, want %q", err.Error(), want)
			}
			for _, s := range all {
				want := false
				for _, w := range tt.want {
					want = want || w == s
				}
				if got := errors.Is(err, s); got != want {
					t.Errorf("errors.Is(err, %v) = %v, want %v", s, got, want)
				}
			}
		})
	}
}

func quote(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"`
}

func jsonReply(body string) httpmock.Responder {
	return httpmock.NewStringResponder(200, body).HeaderSet(http.Header{"Content-Type": {"application/json"}})
}

func refused(*http.Request) (*http.Response, error) {
	return nil, &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
}

func dropped(*http.Request) (*http.Response, error) {
	return nil, io.ErrUnexpectedEOF
}

func TestRetries(t *testing.T) {
	ctx := context.Background()
	ok := jsonReply(`{"result": 1, "error": null}`)
	busy := jsonReply(`{"result": null, "error": "collection is not available"}`)
	tests := []struct {
		name      string
		replies   []httpmock.Responder
		write     bool
		wantCalls int
		wantErr   error
	}{
		{name: "refused then up: write retried", replies: []httpmock.Responder{refused, refused, ok}, write: true, wantCalls: 3},
		{name: "refused forever", replies: []httpmock.Responder{refused}, write: true, wantCalls: 4, wantErr: ErrNotRunning},
		{name: "write dropped after sending: not re-sent", replies: []httpmock.Responder{dropped, ok}, write: true, wantCalls: 1, wantErr: io.ErrUnexpectedEOF},
		{name: "read dropped: retried", replies: []httpmock.Responder{dropped, ok}, wantCalls: 2},
		{name: "read on busy collection: retried", replies: []httpmock.Responder{busy, ok}, wantCalls: 2},
		{name: "read busy forever: API error", replies: []httpmock.Responder{busy}, wantCalls: 4, wantErr: ErrCollectionUnavailable},
		{name: "write on busy collection: not re-sent", replies: []httpmock.Responder{busy, ok}, write: true, wantCalls: 1, wantErr: ErrCollectionUnavailable},
		{name: "read 503 retried", replies: []httpmock.Responder{httpmock.NewStringResponder(503, ""), ok}, wantCalls: 2},
		{name: "read 403 not retried", replies: []httpmock.Responder{httpmock.NewStringResponder(403, ""), ok}, wantCalls: 1, wantErr: ErrForbiddenOrigin},
		{name: "write 503 not retried", replies: []httpmock.Responder{httpmock.NewStringResponder(503, ""), ok}, write: true, wantCalls: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, rec := mockClientWith(t, tt.replies)
			var err error
			if tt.write {
				_, err = c.CreateDeck(ctx, "x")
			} else {
				_, err = c.Version(ctx)
			}
			if got := rec.calls(); got != tt.wantCalls {
				t.Errorf("server saw %d requests, want %d", got, tt.wantCalls)
			}
			switch {
			case tt.wantErr == nil && tt.name == "write 503 not retried":
				var he *HTTPError
				if !errors.As(err, &he) || he.StatusCode != 503 {
					t.Errorf("err = %v, want HTTP 503", err)
				}
			case tt.wantErr == nil && err != nil:
				t.Errorf("err = %v", err)
			case tt.wantErr != nil && !errors.Is(err, tt.wantErr):
				t.Errorf("err = %v, want %v", err, tt.wantErr)
			}
		})
	}
}

func TestRefusedOnRealLoopback(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens: connections are refused
	c := NewClient(WithURL("http://"+addr), WithRetryPolicy(NoRetries))
	_, err = c.DeckNames(context.Background())
	if !errors.Is(err, ErrNotRunning) || !strings.Contains(err.Error(), "is Anki running") {
		t.Fatalf("err = %v, want ErrNotRunning", err)
	}
	// The text is one line (log-friendly) and names the address dialled.
	if msg := err.Error(); strings.Contains(msg, "\n") || !strings.Contains(msg, addr) {
		t.Errorf("err = %q, want one line naming %s", msg, addr)
	}
	if !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("err = %v, want it to wrap ECONNREFUSED", err)
	}
}

func TestContext(t *testing.T) {
	hang := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-hang:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(hang)
	c := NewClient(WithURL(srv.URL))

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c.DeckNames(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("canceled: err = %v", err)
	}
	ctx, cancel = context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := c.DeckNames(ctx)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("deadline: err = %v", err)
	}
	var e *Error
	if !errors.As(err, &e) || e.Action != "deckNames" {
		t.Errorf("deadline error %v does not name the action", err)
	}
}

func TestMaxInFlight(t *testing.T) {
	var cur, peak int32
	gate := make(chan struct{})
	arrived := make(chan struct{}, 10)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := atomicAdd(&cur, 1)
		atomicMax(&peak, n)
		arrived <- struct{}{}
		<-gate
		atomicAdd(&cur, -1)
		io.WriteString(w, `{"result": 6, "error": null}`)
	}))
	defer srv.Close()
	c := NewClient(WithURL(srv.URL), WithMaxInFlight(2))
	errs := make(chan error, 10)
	for range 10 {
		go func() { _, err := c.Version(context.Background()); errs <- err }()
	}
	// Hold the gate until two requests are in the handler: the most the
	// client may have in flight, however slowly its goroutines start. The
	// short pause after gives a third request, which a broken limit would
	// let through, time to arrive; a slow machine can only make it miss
	// one, never fail a correct limit.
	<-arrived
	<-arrived
	time.Sleep(20 * time.Millisecond)
	close(gate)
	for range 10 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if p := atomicLoad(&peak); p != 2 {
		t.Errorf("peak requests in flight = %d, want 2", p)
	}
}

func TestAPIKeyNeverInErrors(t *testing.T) {
	const key = "very-secret-key"
	c, _ := mockClient(t, []string{`{"result": null, "error": "valid api key must be provided"}`}, WithAPIKey(key), WithRetryPolicy(NoRetries))
	_, err := c.DeckNames(context.Background())
	if !errors.Is(err, ErrInvalidAPIKey) || strings.Contains(err.Error(), key) {
		t.Fatalf("err = %v", err)
	}
	c, _ = mockClientWith(t, []httpmock.Responder{dropped}, WithAPIKey(key), WithRetryPolicy(NoRetries))
	if _, err = c.AddNote(context.Background(), Note{}); err == nil || strings.Contains(err.Error(), key) {
		t.Fatalf("err = %v", err)
	}
}

func TestRequestPermissionSpellings(t *testing.T) {
	for _, body := range []string{
		`{"result": {"permission": "granted", "requireApikey": true, "version": 6}, "error": null}`,
		`{"result": {"permission": "granted", "requireApiKey": true, "version": 6}, "error": null}`,
	} {
		c, _ := mockClient(t, []string{body})
		p, err := c.RequestPermission(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(Permission{Permission: "granted", RequireAPIKey: true, Version: 6}, p); diff != "" || !p.Granted() {
			t.Errorf("%s: (-want +got)\n%s", body, diff)
		}
	}
}

func TestNewClientFromEnv(t *testing.T) {
	t.Setenv(EnvURL, "http://10.0.0.2:9999")
	t.Setenv(EnvAPIKey, "k")
	c := NewClientFromEnv()
	if c.URL() != "http://10.0.0.2:9999" || c.key != "k" {
		t.Errorf("url %q key %q", c.URL(), c.key)
	}
	if c := NewClientFromEnv(WithURL("http://x")); c.URL() != "http://x" {
		t.Errorf("option should win over env, got %q", c.URL())
	}
	if c := NewClient(); c.URL() != DefaultURL || c.APIVersion() != 6 {
		t.Errorf("defaults: %q %d", c.URL(), c.APIVersion())
	}
}

func atomicAdd(p *int32, d int32) int32 { return atomic.AddInt32(p, d) }
func atomicLoad(p *int32) int32         { return atomic.LoadInt32(p) }
func atomicMax(p *int32, v int32) {
	for {
		old := atomic.LoadInt32(p)
		if v <= old || atomic.CompareAndSwapInt32(p, old, v) {
			return
		}
	}
}

func TestTimeout(t *testing.T) {
	hang := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-hang:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(hang)
	c := NewClient(WithURL(srv.URL), WithTimeout(50*time.Millisecond), WithRetryPolicy(NoRetries))
	start := time.Now()
	_, err := c.CreateDeck(context.Background(), "x")
	if err == nil || !strings.Contains(err.Error(), "timeout") {
		t.Fatalf("err = %v, want a timeout", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("timeout took %v", d)
	}
}
