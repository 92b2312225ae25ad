package ankiconnect_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/ankiconnect-go/ankiconnect"
	"github.com/ankiconnect-go/ankiconnect/ankiconnecttest"
	"github.com/google/go-cmp/cmp"
)

// Our client's retry rules, proved against the fake's injected faults over
// real loopback HTTP: a read is retried after any transport failure, a 5xx
// reply or a busy collection; a write only when its connection was refused,
// since only then is it certain Anki never saw it.

// watchTransport counts the client's HTTP attempts and the refused ones,
// and can react to a refusal (bring the fake up, as Anki finishing its
// start-up).
type watchTransport struct {
	base      http.RoundTripper
	onRefused func()

	mu       sync.Mutex
	attempts int
	refused  int
}

func (w *watchTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := w.base.RoundTrip(r)
	w.mu.Lock()
	w.attempts++
	refused := errors.Is(err, syscall.ECONNREFUSED)
	if refused {
		w.refused++
	}
	w.mu.Unlock()
	if refused && w.onRefused != nil {
		w.onRefused()
	}
	return resp, err
}

func (w *watchTransport) counts() (attempts, refused int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.attempts, w.refused
}

// watchedClient returns a client of f that retries up to three times
// without real waiting, and the transport that watches it.
func watchedClient(f *ankiconnecttest.Fake, opts ...ankiconnect.Option) (*ankiconnect.Client, *watchTransport) {
	w := &watchTransport{base: &http.Transport{DisableKeepAlives: true}}
	base := []ankiconnect.Option{
		ankiconnect.WithHTTPClient(&http.Client{Transport: w}),
		ankiconnect.WithRetryPolicy(ankiconnect.RetryPolicy{MaxRetries: 3, MinBackoff: time.Millisecond, MaxBackoff: 2 * time.Millisecond}),
	}
	return f.Client(append(base, opts...)...), w
}

// callsOf counts the fake's log entries for action (requests its engine
// actually ran).
func callsOf(f *ankiconnecttest.Fake, action string) int {
	n := 0
	for _, c := range f.Calls() {
		if c.Action == action {
			n++
		}
	}
	return n
}

var retryNote = ankiconnect.Note{DeckName: "Default", ModelName: "Basic", Fields: map[string]string{"Front": "retry", "Back": "me"}}

// retryOp is one client call under test: a read (deckNames) or a write
// (addNote of retryNote).
type retryOp struct {
	name, action string
	call         func(ctx context.Context, c *ankiconnect.Client) error
}

var (
	readOp = retryOp{"read", "deckNames", func(ctx context.Context, c *ankiconnect.Client) error {
		_, err := c.DeckNames(ctx)
		return err
	}}
	writeOp = retryOp{"write", "addNote", func(ctx context.Context, c *ankiconnect.Client) error {
		_, err := c.AddNote(ctx, retryNote)
		return err
	}}
)

// TestRetryFakeRefusedThenUp: Anki is still starting (the connection is
// refused) and comes up after the first attempt: reads and writes are both
// retried, and the write is applied once.
func TestRetryFakeRefusedThenUp(t *testing.T) {
	for _, op := range []retryOp{readOp, writeOp} {
		t.Run(op.name, func(t *testing.T) {
			f := ankiconnecttest.New(t)
			c, w := watchedClient(f)
			w.onRefused = func() {
				if err := f.ComeUp(); err != nil {
					t.Errorf("ComeUp: %v", err)
				}
			}
			f.GoDown()
			if err := op.call(t.Context(), c); err != nil {
				t.Fatalf("%s after start-up: %v", op.action, err)
			}
			attempts, refused := w.counts()
			if attempts != 2 || refused != 1 || callsOf(f, op.action) != 1 {
				t.Errorf("%d attempts, %d refused, %d served; want 2, 1, 1", attempts, refused, callsOf(f, op.action))
			}
			if op.action == "addNote" && len(f.Notes()) != 1 {
				t.Errorf("the fake holds %d notes, want 1", len(f.Notes()))
			}
		})
	}
}

// TestRetryFakeNotRunning: a fake that stays down gives ErrNotRunning after
// every retry.
func TestRetryFakeNotRunning(t *testing.T) {
	f := ankiconnecttest.New(t)
	c, w := watchedClient(f)
	f.GoDown()
	err := readOp.call(t.Context(), c)
	if !errors.Is(err, ankiconnect.ErrNotRunning) {
		t.Fatalf("got %v, want ErrNotRunning", err)
	}
	if attempts, refused := w.counts(); attempts != 4 || refused != 4 {
		t.Errorf("%d attempts, %d refused; want 4 and 4", attempts, refused)
	}
}

// TestRetryFakeWriteLostReply: the write ran in Anki but its connection was
// cut before the reply arrived. The client must not send it again: the call
// fails, and the fake holds exactly one note.
func TestRetryFakeWriteLostReply(t *testing.T) {
	f := ankiconnecttest.New(t)
	c, w := watchedClient(f)
	f.DropNext("addNote", 1, ankiconnecttest.DropAfterHandled)
	_, err := c.AddNote(t.Context(), retryNote)
	var e *ankiconnect.Error
	if !errors.As(err, &e) || e.Action != "addNote" || errors.Is(err, ankiconnect.ErrNotRunning) {
		t.Fatalf("got %v, want a transport error naming addNote", err)
	}
	if attempts, refused := w.counts(); attempts != 1 || refused != 0 {
		t.Errorf("%d attempts, %d refused; want 1 and 0 (the request reached Anki)", attempts, refused)
	}
	notes := f.Notes()
	if len(notes) != 1 || notes[0].Fields["Front"] != "retry" {
		t.Errorf("the fake holds %+v, want the one note", notes)
	}
	if callsOf(f, "addNote") != 1 {
		t.Errorf("addNote served %d times, want 1", callsOf(f, "addNote"))
	}
}

// TestRetryFakeFaults: each fault against a read and a write: how many
// attempts the client makes, whether the call succeeds in the end, which
// error it returns, and how often the fake's engine ran the action.
func TestRetryFakeFaults(t *testing.T) {
	type result struct {
		Attempts, Served int
		OK               bool
	}
	tests := []struct {
		name   string
		op     retryOp
		inject func(f *ankiconnecttest.Fake, action string)
		want   result
		wantIs error // with !OK
		status int   // with !OK: the *HTTPError's status
	}{
		{"busy collection, read", readOp, func(f *ankiconnecttest.Fake, a string) { f.FailNext(a, 2, ankiconnecttest.MsgCollectionUnavailable) },
			result{Attempts: 3, Served: 1, OK: true}, nil, 0},
		{"busy collection, write", writeOp, func(f *ankiconnecttest.Fake, a string) { f.FailNext(a, 1, ankiconnecttest.MsgCollectionUnavailable) },
			result{Attempts: 1}, ankiconnect.ErrCollectionUnavailable, 0},
		{"busy collection for good, read", readOp, func(f *ankiconnecttest.Fake, a string) {
			f.FailNext(a, ankiconnecttest.Always, ankiconnecttest.MsgCollectionUnavailable)
		},
			result{Attempts: 4}, ankiconnect.ErrCollectionUnavailable, 0},
		{"HTTP 500, read", readOp, func(f *ankiconnecttest.Fake, a string) { f.RespondStatusNext(a, 1, 500, "proxy error") },
			result{Attempts: 2, Served: 1, OK: true}, nil, 0},
		{"HTTP 500, write", writeOp, func(f *ankiconnecttest.Fake, a string) { f.RespondStatusNext(a, 1, 500, "proxy error") },
			result{Attempts: 1}, nil, 500},
		{"HTTP 503 for good, read", readOp, func(f *ankiconnecttest.Fake, a string) { f.RespondStatusNext(a, ankiconnecttest.Always, 503, "busy") },
			result{Attempts: 4}, nil, 503},
		{"HTTP 404, read", readOp, func(f *ankiconnecttest.Fake, a string) { f.RespondStatusNext(a, 1, 404, "no such path") },
			result{Attempts: 1}, nil, 404},
		{"dropped before handled, read", readOp, func(f *ankiconnecttest.Fake, a string) { f.DropNext(a, 1, ankiconnecttest.DropBeforeHandled) },
			result{Attempts: 2, Served: 1, OK: true}, nil, 0},
		{"dropped before handled, write", writeOp, func(f *ankiconnecttest.Fake, a string) { f.DropNext(a, 1, ankiconnecttest.DropBeforeHandled) },
			result{Attempts: 1}, nil, 0},
		{"dropped after handled, read", readOp, func(f *ankiconnecttest.Fake, a string) { f.DropNext(a, 1, ankiconnecttest.DropAfterHandled) },
			result{Attempts: 2, Served: 2, OK: true}, nil, 0},
		{"dropped after handled, write", writeOp, func(f *ankiconnecttest.Fake, a string) { f.DropNext(a, 1, ankiconnecttest.DropAfterHandled) },
			result{Attempts: 1, Served: 1}, nil, 0},
		{"fault for another action", writeOp, func(f *ankiconnecttest.Fake, _ string) {
			f.FailNext("deckNames", 1, ankiconnecttest.MsgCollectionUnavailable)
		},
			result{Attempts: 1, Served: 1, OK: true}, nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := ankiconnecttest.New(t)
			c, w := watchedClient(f)
			tt.inject(f, tt.op.action)
			err := tt.op.call(t.Context(), c)
			attempts, refused := w.counts()
			if refused != 0 {
				t.Errorf("%d refused connections, want 0: every fault here is served by a listening fake", refused)
			}
			got := result{Attempts: attempts, Served: callsOf(f, tt.op.action), OK: err == nil}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s\nerror: %v", diff, err)
			}
			if err == nil {
				return
			}
			var e *ankiconnect.Error
			if !errors.As(err, &e) || e.Action != tt.op.action {
				t.Errorf("error %v does not name %s", err, tt.op.action)
			}
			if tt.wantIs != nil && !errors.Is(err, tt.wantIs) {
				t.Errorf("error %v, want %v", err, tt.wantIs)
			}
			var herr *ankiconnect.HTTPError
			if got := errors.As(err, &herr); got != (tt.status != 0) || got && herr.StatusCode != tt.status {
				t.Errorf("error %v, want HTTP status %d", err, tt.status)
			}
		})
	}
}

// TestRetryFakeGivesUpWithContext: a delayed write whose caller stops
// waiting fails with the context's error and is never run.
func TestRetryFakeGivesUpWithContext(t *testing.T) {
	f := ankiconnecttest.New(t)
	c, _ := watchedClient(f)
	f.DelayNext("addNote", 1, time.Hour)
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Millisecond)
	defer cancel()
	if _, err := c.AddNote(ctx, retryNote); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got %v, want context.DeadlineExceeded", err)
	}
	if n := len(f.Notes()); n != 0 {
		t.Errorf("the fake holds %d notes, want none", n)
	}
}

// TestOldServerFake: clients asking for version 6 (the default) or 4 both
// work against an old AnkiConnect, which ignores the version and replies
// with bare results; its errors are still classified, and its plain-text
// banner is recognised.
func TestOldServerFake(t *testing.T) {
	for _, version := range []int{ankiconnect.DefaultAPIVersion, 4} {
		for _, old := range []bool{true, false} {
			f := ankiconnecttest.New(t)
			f.SetOldServer(old)
			c := f.Client(ankiconnect.WithAPIVersion(version))
			ctx := t.Context()
			label := func(what string) string {
				return fmt.Sprintf("%s (version %d, old server %t)", what, version, old)
			}
			if v, err := c.Version(ctx); err != nil || v != 6 {
				t.Errorf("%s = %d, %v; want 6", label("Version"), v, err)
			}
			id, err := c.CreateDeck(ctx, "Old")
			if err != nil || id == 0 {
				t.Fatalf("%s = %d, %v", label("CreateDeck"), id, err)
			}
			if _, err := c.AddNote(ctx, ankiconnect.Note{DeckName: "Old", ModelName: "Basic", Fields: map[string]string{"Front": "a", "Back": "b"}}); err != nil {
				t.Fatalf("%s: %v", label("AddNote"), err)
			}
			names, err := c.DeckNames(ctx)
			if diff := cmp.Diff([]string{"Default", "Old"}, names); diff != "" || err != nil {
				t.Errorf("%s: %v (-want +got):\n%s", label("DeckNames"), err, diff)
			}
			_, err = c.AddNote(ctx, ankiconnect.Note{DeckName: "Old", ModelName: "Basic", Fields: map[string]string{"Front": "a", "Back": "b"}})
			if !errors.Is(err, ankiconnect.ErrDuplicateNote) {
				t.Errorf("%s of a duplicate: %v, want ErrDuplicateNote", label("AddNote"), err)
			}
			// A body the server cannot read (chunked) gets the banner:
			// JSON from a current server, plain text from an old one.
			chunked := f.Client(ankiconnect.WithAPIVersion(version), ankiconnect.WithHTTPClient(&http.Client{Transport: hideLength{&http.Transport{DisableKeepAlives: true}}}))
			if _, err := chunked.DeckNames(ctx); !errors.Is(err, ankiconnect.ErrEmptyBodySeen) {
				t.Errorf("%s with a chunked body: %v, want ErrEmptyBodySeen", label("DeckNames"), err)
			}
		}
	}
}

// hideLength sends request bodies without a Content-Length (chunked), which
// AnkiConnect reads as no body at all.
type hideLength struct{ base http.RoundTripper }

func (h hideLength) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	if r.Body != nil {
		r.Body = io.NopCloser(r.Body)
		r.ContentLength = -1
	}
	return h.base.RoundTrip(r)
}
