package ankiconnect

import (
	"bytes"
	"context"
	"errors"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jarcoal/httpmock"
)

const tib = 1 << 40

// lyingLength answers 200 with a Content-Length of n and a short body.
func lyingLength(n int64) httpmock.Responder {
	return func(req *http.Request) (*http.Response, error) {
		resp := httpmock.NewStringResponse(200, `{"result": [], "error": null}`)
		resp.ContentLength = n
		resp.Header.Set("Content-Length", strconv.FormatInt(n, 10))
		resp.Request = req
		return resp, nil
	}
}

// endless is a body that never ends, counting what was read from it.
type endless struct{ read atomic.Int64 }

func (e *endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = ' '
	}
	e.read.Add(int64(len(p)))
	return len(p), nil
}

func (e *endless) Close() error { return nil }

func TestReplyTooLargeAnnounced(t *testing.T) {
	// A server announcing 1 TiB: before the limit, the client allocated
	// it and the program died of "out of memory".
	for _, write := range []bool{false, true} {
		c, rec := mockClientWith(t, []httpmock.Responder{lyingLength(tib)})
		var err error
		if write {
			_, err = c.CreateDeck(context.Background(), "x")
		} else {
			_, err = c.NotesInfo(context.Background(), []NoteID{1})
		}
		var e *Error
		if !errors.Is(err, ErrReplyTooLarge) || !errors.As(err, &e) || (e.Action != "notesInfo" && e.Action != "createDeck") {
			t.Fatalf("err = %v, want ErrReplyTooLarge naming the action", err)
		}
		if !strings.Contains(err.Error(), "1099511627776") || !strings.Contains(err.Error(), strconv.Itoa(DefaultMaxReplyBytes)) {
			t.Errorf("err %q does not give the announced size and the limit", err)
		}
		if rec.calls() != 1 { // it would be as large again
			t.Errorf("sent %d times, want 1", rec.calls())
		}
	}
}

func TestReplyTooLargeOverRealHTTP(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", strconv.Itoa(tib))
		io.WriteString(w, `{"result": ["Default"], "error": null}`)
	}))
	defer srv.Close()
	_, err := NewClient(WithURL(srv.URL)).DeckNames(context.Background())
	if !errors.Is(err, ErrReplyTooLarge) || !strings.HasPrefix(err.Error(), "ankiconnect: deckNames: reply too large") {
		t.Fatalf("err = %v, want ErrReplyTooLarge for deckNames", err)
	}
}

func TestReplyEndlessStopsAtLimit(t *testing.T) {
	const max = 1 << 20
	body := &endless{}
	stream := func(req *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: 200, Body: body, ContentLength: -1, Header: http.Header{}, Request: req}, nil
	}
	c, rec := mockClientWith(t, []httpmock.Responder{stream}, WithMaxReplyBytes(max))
	_, err := c.FindNotes(context.Background(), "deck:x")
	if !errors.Is(err, ErrReplyTooLarge) || !strings.Contains(err.Error(), "findNotes") {
		t.Fatalf("err = %v, want ErrReplyTooLarge for findNotes", err)
	}
	if n := body.read.Load(); n <= max || n > 2*max {
		t.Errorf("read %d bytes of an endless body, want just over the limit %d", n, max)
	}
	if rec.calls() != 1 {
		t.Errorf("sent %d times, want 1", rec.calls())
	}
}

func TestReplyEndlessOverRealHTTP(t *testing.T) {
	// A chunked body that never ends, as fast as loopback goes.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		chunk := []byte(strings.Repeat(" ", 32<<10))
		for r.Context().Err() == nil {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}))
	defer srv.Close()
	_, err := NewClient(WithURL(srv.URL), WithMaxReplyBytes(4<<20)).Version(context.Background())
	if !errors.Is(err, ErrReplyTooLarge) {
		t.Fatalf("err = %v, want ErrReplyTooLarge", err)
	}
}

func TestReplyTrickleStopsAtTimeout(t *testing.T) {
	// Headers at once, then a byte now and then, forever: the body must end
	// at the timeout, not when the server stops.
	stop := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(200)
		w.(http.Flusher).Flush()
		for {
			select {
			case <-stop:
				return
			case <-r.Context().Done():
				return
			case <-time.After(10 * time.Millisecond):
			}
			w.Write([]byte(" "))
			w.(http.Flusher).Flush()
		}
	}))
	defer srv.Close()
	defer close(stop)
	// The context only keeps a broken client from hanging the test.
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	const timeout = 200 * time.Millisecond
	start := time.Now()
	_, err := NewClient(WithURL(srv.URL), WithTimeout(timeout)).Version(ctx)
	if !errors.Is(err, ErrReplyTimeout) || !strings.Contains(err.Error(), "version") {
		t.Fatalf("err = %v after %v, want ErrReplyTimeout for version", err, time.Since(start))
	}
	if ctx.Err() != nil {
		t.Errorf("the call ended with the test's context, not its own timeout")
	}
}

func TestReplyLimitBoundary(t *testing.T) {
	const max = 64
	fits := `{"result": [` + strings.Repeat(" ", max-len(`{"result": [], "error": null}`)) + `], "error": null}`
	if len(fits) != max {
		t.Fatalf("test reply is %d bytes", len(fits))
	}
	for _, tc := range []struct {
		name    string
		body    string
		chunked bool
		wantErr bool
	}{
		{"exactly the limit", fits, false, false},
		{"exactly the limit, chunked", fits, true, false},
		{"one byte over", fits + " ", false, true},
		{"one byte over, chunked", fits + " ", true, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			reply := func(req *http.Request) (*http.Response, error) {
				n := int64(len(tc.body))
				if tc.chunked {
					n = -1
				}
				return &http.Response{StatusCode: 200, Body: io.NopCloser(strings.NewReader(tc.body)), ContentLength: n, Header: http.Header{}, Request: req}, nil
			}
			c, _ := mockClientWith(t, []httpmock.Responder{reply}, WithMaxReplyBytes(max))
			got, err := c.DeckNames(context.Background())
			if tc.wantErr != errors.Is(err, ErrReplyTooLarge) || (!tc.wantErr && (err != nil || len(got) != 0)) {
				t.Errorf("DeckNames = %v, %v; want too large: %v", got, err, tc.wantErr)
			}
		})
	}
	if got, err := readBody(strings.NewReader(fits), -1, math.MaxInt64); err != nil || string(got) != fits {
		t.Errorf("no limit: read %q, %v", got, err)
	}
	if c := NewClient(WithMaxReplyBytes(0)); c.maxReply != DefaultMaxReplyBytes {
		t.Errorf("WithMaxReplyBytes(0): limit %d, want the default", c.maxReply)
	}
}

func TestReplyLargerThanPreallocation(t *testing.T) {
	// A big honest reply, announced or not, is read whole.
	body := bytes.Repeat([]byte("0123456789abcdef"), preallocMax/16+1000)
	for _, length := range []int64{int64(len(body)), -1} {
		got, err := readBody(bytes.NewReader(body), length, DefaultMaxReplyBytes)
		if err != nil || !bytes.Equal(got, body) {
			t.Errorf("length %d: read %d of %d bytes, %v", length, len(got), len(body), err)
		}
	}
}

func TestBusyOnlyFromTheErrorMember(t *testing.T) {
	// A deck named like Anki's busy message is a result, not a busy Anki:
	// before, the reply was sent 4 times and failed.
	c, rec := mockClient(t, []string{`{"result": ["Default", "collection is not available"], "error": null}`})
	got, err := c.DeckNames(context.Background())
	if err != nil || rec.calls() != 1 {
		t.Fatalf("DeckNames = %v, %v after %d requests; want the decks after 1", got, err, rec.calls())
	}
	if diff := cmp.Diff([]string{"Default", "collection is not available"}, got); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
	// A busy Anki is still retried, in either member order.
	for _, busy := range []string{
		`{"result": null, "error": "collection is not available"}`,
		`{"error": "collection is not available", "result": null}`,
	} {
		c, rec := mockClient(t, []string{busy, `{"result": ["Default"], "error": null}`})
		if got, err := c.DeckNames(context.Background()); err != nil || rec.calls() != 2 {
			t.Errorf("%s: DeckNames = %v, %v after %d requests; want success on the second", busy, got, err, rec.calls())
		}
	}
}

func TestReplyIsBusy(t *testing.T) {
	for _, tc := range []struct {
		body string
		want bool
	}{
		{`{"result": null, "error": "collection is not available"}`, true},
		{`{"error": "collection is not available", "result": null}`, true},
		{` {"result":null,"error":"collection is not available"} `, true},
		{`{"error": "collection is not available"}`, true},
		{`{"result": ["collection is not available"], "error": null}`, false},
		{`["collection is not available"]`, false},
		{`"collection is not available"`, false},
		{`{"result": "collection is not available"}`, false},
		{`{"result": null, "error": "deck was not found: collection is not available"}`, true}, // the add-on's words decide
		{`{"result": null, "error": "model was not found: x"}`, false},
		{`{"error": "collection is not available", "result": null, "error": null}`, false}, // JSON: the last wins
		{`{"result": {"error": "collection is not available"}, "error": null}`, false},
		{`{"a": "x\"error\": null}", "result": null, "error": "collection is not available"}`, true},
		{`{"result": null, "error": "collection is not available"`, false}, // cut short
		{``, false},
	} {
		if got := replyIsBusy([]byte(tc.body)); got != tc.want {
			t.Errorf("replyIsBusy(%s) = %v, want %v", tc.body, got, tc.want)
		}
	}
}

func TestEnvelopeShapes(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name    string
		reply   string
		want    []string
		wantAPI string // an *APIError with this message
		wantErr string // a *DecodeError whose text has this
	}{
		{name: "extra member", reply: `{"result": ["a"], "error": null, "x": 1}`, want: []string{"a"}},
		{name: "extra members first", reply: `{"id": {"n": [1, "]"]}, "error": null, "result": ["a"]}`, want: []string{"a"}},
		{name: "no error member", reply: `{"result": ["a"]}`, want: []string{"a"}},
		{name: "no error member, extra", reply: `{"result": ["a"], "took": 0.5}`, want: []string{"a"}},
		{name: "error with extra member", reply: `{"result": null, "error": "boom", "code": 1}`, wantAPI: "boom"},
		{name: "error alone", reply: `{"error": "boom"}`, wantAPI: "boom"},
		{name: "bare", reply: `["a", "b"]`, want: []string{"a", "b"}},
		{name: "extra member not JSON", reply: `{"result": ["a"], "error": null, "x": tru}`, wantErr: "as an envelope"},
		{name: "result of the wrong type", reply: `{"result": {"a": 1}, "error": null, "x": 1}`,
			wantErr: "cannot decode reply `{\"result\": {\"a\": 1}, \"error\": null, \"x\": 1}`: its result member: json: cannot unmarshal object"},
		{name: "error of the wrong type", reply: `{"result": null, "error": 5}`, wantErr: "as a bare result"},
		{name: "an object of neither shape", reply: `{"decks": ["a"]}`, wantErr: "as a bare result"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := mockClient(t, []string{tt.reply}, WithRetryPolicy(NoRetries))
			got, err := c.DeckNames(ctx)
			var api *APIError
			var de *DecodeError
			switch {
			case tt.wantAPI != "":
				if !errors.As(err, &api) || api.Message != tt.wantAPI {
					t.Errorf("err = %v, want the API error %q", err, tt.wantAPI)
				}
			case tt.wantErr != "":
				if !errors.As(err, &de) || !strings.Contains(err.Error(), tt.wantErr) || !strings.HasPrefix(err.Error(), "ankiconnect: deckNames: ") {
					t.Errorf("err = %v, want a DecodeError naming deckNames with %q", err, tt.wantErr)
				}
			case err != nil:
				t.Errorf("err = %v", err)
			default:
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("(-want +got)\n%s", diff)
				}
			}
		})
	}
}

func TestBareObjectsOfOldServers(t *testing.T) {
	// Bare results of an old server that look a little like an envelope.
	type detail struct {
		CanAdd bool   `json:"canAdd"`
		Error  string `json:"error"`
	}
	ctx := context.Background()
	c, _ := mockClient(t, []string{`{"canAdd": false, "error": "cannot create note because it is a duplicate"}`})
	d, err := Invoke[detail](ctx, c, "canAddNoteWithErrorDetail", nil)
	if err != nil || d.CanAdd || d.Error == "" {
		t.Errorf("canAddNoteWithErrorDetail = %+v, %v", d, err)
	}
	c, _ = mockClient(t, []string{`{"result": 2}`})
	m, err := Invoke[map[string]int](ctx, c, "deckNamesAndIds", nil)
	if diff := cmp.Diff(map[string]int{"result": 2}, m); err != nil || diff != "" {
		t.Errorf("deckNamesAndIds = %v, %v", m, err)
	}
}

func TestDecodeErrorShowsTheReplyShort(t *testing.T) {
	long := `{"result": "` + strings.Repeat("é", 300) + `", "error": null}`
	for _, tc := range []struct{ body, want string }{
		{long, "cannot decode reply `{\"result\": \"" + strings.Repeat("é", 44) + "...`: its result member"},
		{"\x00\x01binary", `cannot decode reply "\x00\x01binary": as a bare result`},
		{"", "cannot decode reply: empty reply"},
	} {
		err := decodeReply([]byte(tc.body), new([]string))
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("decodeReply(%.20q) = %v, want it to start %q", tc.body, err, tc.want)
		}
	}
}
