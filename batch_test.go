package ankiconnect

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jarcoal/httpmock"
)

// fakeAdder answers multi requests of addNote actions as AnkiConnect does:
// each note gets the next ID, except a note whose Front is "dup", which
// fails as a duplicate. It records the Front of every note per request.
type fakeAdder struct {
	rec    *recorder
	nextID NoteID
	fronts [][]string
}

func (f *fakeAdder) respond(*http.Request) (*http.Response, error) {
	f.rec.mu.Lock()
	body := f.rec.bodies[len(f.rec.bodies)-1] // requests are sequential
	f.rec.mu.Unlock()
	var req struct {
		Action string
		Params struct {
			Actions []struct {
				Action  string
				Version int
				Params  struct{ Note Note }
			}
		}
	}
	if err := json.Unmarshal(body, &req); err != nil || req.Action != "multi" {
		return httpmock.NewStringResponse(200, `{"result": null, "error": "not a multi"}`), nil
	}
	var replies, fronts []string
	for _, a := range req.Params.Actions {
		front := a.Params.Note.Fields["Front"]
		fronts = append(fronts, front)
		switch {
		case a.Action != "addNote" || a.Version != 6:
			replies = append(replies, `{"result": null, "error": "unexpected action"}`)
		case front == "dup":
			replies = append(replies, `{"result": null, "error": "cannot create note because it is a duplicate"}`)
		default:
			f.nextID++
			replies = append(replies, fmt.Sprintf(`{"result": %d, "error": null}`, f.nextID))
		}
	}
	f.fronts = append(f.fronts, fronts)
	return httpmock.NewStringResponse(200, `{"result": [`+strings.Join(replies, ", ")+`], "error": null}`), nil
}

// newFakeAdder returns a client whose first request fakeAdder answers,
// and later ones the responders in then (fakeAdder again when none).
func newFakeAdder(t *testing.T, then ...httpmock.Responder) (*Client, *fakeAdder) {
	f := &fakeAdder{nextID: 1000}
	c, rec := mockClientWith(t, append([]httpmock.Responder{f.respond}, then...))
	f.rec = rec
	return c, f
}

func notesWithFronts(fronts ...string) []Note {
	notes := make([]Note, len(fronts))
	for i, f := range fronts {
		notes[i] = Note{DeckName: "Default", ModelName: "Basic", Fields: map[string]string{"Front": f, "Back": "b"}}
	}
	return notes
}

// progressLog records the calls of a progress callback.
type progressLog [][2]int

func (p *progressLog) option() BatchOption {
	return WithProgress(func(done, total int) { *p = append(*p, [2]int{done, total}) })
}

// resultSummary describes results as "ID" or "error: <sentinel>" strings,
// checking that every error names addNote.
func resultSummary(t *testing.T, results []AddResult, sentinels ...error) []string {
	t.Helper()
	out := make([]string, len(results))
	for i, r := range results {
		if r.Err == nil {
			out[i] = fmt.Sprint(r.ID)
			continue
		}
		var e *Error
		if !errors.As(r.Err, &e) || e.Action != "addNote" || r.ID != 0 {
			t.Errorf("result %d: %v (ID %d), want an addNote error and no ID", i, r.Err, r.ID)
		}
		out[i] = "error"
		for _, s := range sentinels {
			if errors.Is(r.Err, s) {
				out[i] += ": " + s.Error()
			}
		}
	}
	return out
}

func TestAddNotesEachReportsEachNote(t *testing.T) {
	c, f := newFakeAdder(t)
	var progress progressLog
	results := AddNotesEach(context.Background(), c, notesWithFronts("a", "b", "dup", "c", "a"),
		WithBatchSize(2), progress.option())
	// The second "a" is no duplicate here: the fake checks only "dup".
	want := []string{"1001", "1002", "error: duplicate note", "1003", "1004"}
	if diff := cmp.Diff(want, resultSummary(t, results, ErrDuplicateNote, ErrNotSent)); diff != "" {
		t.Errorf("results (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([][]string{{"a", "b"}, {"dup", "c"}, {"a"}}, f.fronts); diff != "" {
		t.Errorf("notes per request (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(progressLog{{2, 5}, {4, 5}, {5, 5}}, progress); diff != "" {
		t.Errorf("progress (-want +got):\n%s", diff)
	}
}

func TestAddNotesEachBatchSizes(t *testing.T) {
	fronts := make([]string, 250)
	for i := range fronts {
		fronts[i] = fmt.Sprint("note ", i)
	}
	for _, tc := range []struct {
		name  string
		opts  []BatchOption
		sizes []int
	}{
		{"default", nil, []int{100, 100, 50}},
		{"below 1 means the default", []BatchOption{WithBatchSize(0)}, []int{100, 100, 50}},
		{"larger than the input", []BatchOption{WithBatchSize(1000)}, []int{250}},
		{"uneven", []BatchOption{WithBatchSize(120)}, []int{120, 120, 10}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, f := newFakeAdder(t)
			results := AddNotesEach(context.Background(), c, notesWithFronts(fronts...), tc.opts...)
			var sizes []int
			var sent []string
			for _, r := range f.fronts {
				sizes = append(sizes, len(r))
				sent = append(sent, r...)
			}
			if diff := cmp.Diff(tc.sizes, sizes); diff != "" {
				t.Errorf("batch sizes (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(fronts, sent); diff != "" {
				t.Errorf("notes sent (-want +got):\n%s", diff)
			}
			for i, r := range results {
				if r.Err != nil || r.ID != NoteID(1001+i) {
					t.Fatalf("result %d = %+v, want ID %d", i, r, 1001+i)
				}
			}
		})
	}
}

// TestAddNotesEachFailedBatch checks that a request failing as a whole
// marks each of its notes with its error, is not sent again, and stops the
// batch: the later notes are reported as not sent.
func TestAddNotesEachFailedBatch(t *testing.T) {
	for _, tc := range []struct {
		name     string
		reply    httpmock.Responder
		requests int
		cause    error
		check    func(err error) bool
	}{
		{"HTTP error", httpmock.NewStringResponder(502, "bad gateway"), 2, nil, func(err error) bool {
			var he *HTTPError
			return errors.As(err, &he) && he.StatusCode == 502
		}},
		{"connection dropped", dropped, 2, nil, func(err error) bool { return errors.Is(err, io.ErrUnexpectedEOF) }},
		// A refused connection never reached Anki, so it is retried (3
		// times here) and the notes are known not to be added.
		{"connection refused", refused, 2 + 3, ErrNotRunning, func(err error) bool { return errors.Is(err, ErrNotRunning) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, f := newFakeAdder(t, tc.reply)
			var progress progressLog
			results := AddNotesEach(context.Background(), c, notesWithFronts("a", "b", "c", "d", "e"),
				WithBatchSize(2), progress.option())
			want := []string{"1001", "1002", "error", "error", "error: not sent"}
			if tc.cause != nil {
				want = []string{"1001", "1002", "error: " + tc.cause.Error(), "error: " + tc.cause.Error(),
					"error: " + tc.cause.Error() + ": not sent"}
			}
			if diff := cmp.Diff(want, resultSummary(t, results, tc.cause, ErrNotSent)); diff != "" {
				t.Errorf("results (-want +got):\n%s", diff)
			}
			for i := 2; i < 5; i++ {
				if !tc.check(results[i].Err) {
					t.Errorf("result %d: %v does not carry the batch's failure", i, results[i].Err)
				}
			}
			if got := f.rec.calls(); got != tc.requests {
				t.Errorf("%d requests, want %d", got, tc.requests)
			}
			if diff := cmp.Diff(progressLog{{2, 5}, {4, 5}}, progress); diff != "" {
				t.Errorf("progress (-want +got):\n%s", diff)
			}
		})
	}
}

func TestAddNotesEachContext(t *testing.T) {
	t.Run("canceled before", func(t *testing.T) {
		c, f := newFakeAdder(t)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		var progress progressLog
		results := AddNotesEach(ctx, c, notesWithFronts("a", "b", "c"), WithBatchSize(2), progress.option())
		want := []string{"error: not sent: context canceled", "error: not sent: context canceled",
			"error: not sent: context canceled"}
		if diff := cmp.Diff(want, resultSummary(t, results, ErrNotSent, context.Canceled)); diff != "" {
			t.Errorf("results (-want +got):\n%s", diff)
		}
		if f.rec.calls() != 0 || len(progress) != 0 {
			t.Errorf("%d requests and progress %v, want none", f.rec.calls(), progress)
		}
	})
	t.Run("canceled between batches", func(t *testing.T) {
		c, f := newFakeAdder(t)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		stop := WithProgress(func(done, total int) { cancel() })
		results := AddNotesEach(ctx, c, notesWithFronts("a", "b", "c"), WithBatchSize(2), stop)
		want := []string{"1001", "1002", "error: not sent: context canceled"}
		if diff := cmp.Diff(want, resultSummary(t, results, ErrNotSent, context.Canceled)); diff != "" {
			t.Errorf("results (-want +got):\n%s", diff)
		}
		if f.rec.calls() != 1 {
			t.Errorf("%d requests, want 1", f.rec.calls())
		}
	})
	t.Run("no notes", func(t *testing.T) {
		c, f := newFakeAdder(t)
		var progress progressLog
		if results := AddNotesEach(context.Background(), c, nil, progress.option()); len(results) != 0 {
			t.Errorf("results %v, want none", results)
		}
		if f.rec.calls() != 0 || len(progress) != 0 {
			t.Errorf("%d requests and progress %v, want none", f.rec.calls(), progress)
		}
	})
}
