package ankiconnect_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/ankiconnect-go/ankiconnect"
	"github.com/ankiconnect-go/ankiconnect/ankiconnecttest"
	"github.com/google/go-cmp/cmp"
)

// The soak tests send many mixed requests (reads, writes and multi) from
// many goroutines through one client to the fake, then count what the
// fake holds. The full size, 64 goroutines of 1,000 requests, runs with
// ANKICONNECT_SOAK=full; by default each goroutine sends 100, which keeps
// go test -race ./... short on a small machine.
//
//	ANKICONNECT_SOAK=full go test -race -run Soak -v .

const soakGoroutines = 64

func soakRequests(t *testing.T) int {
	if os.Getenv("ANKICONNECT_SOAK") == "full" {
		return 1000
	}
	if testing.Short() {
		t.Skip("soak test: not in -short mode")
	}
	return 100
}

// soakPhase is how many requests each goroutine sends before the test
// checks and clears the fake's call log, which keeps at most 10,000 calls.
const soakPhase = 10

// The mix, by request number i of a goroutine: i%5 picks the request.
const (
	opAddNote   = iota // addNote of a note with a unique front
	opDeckNames        // deckNames
	opNotesInfo        // notesInfo of the goroutine's last note
	opMulti            // multi: addNote, addTags on the last note, version
	opVersion          // version
	opKinds
)

// soakCalls are the actions the fake logs for one request of kind op.
var soakCalls = [opKinds][]string{
	opAddNote:   {"addNote"},
	opDeckNames: {"deckNames"},
	opNotesInfo: {"notesInfo"},
	opMulti:     {"addNote", "addTags", "version", "multi"},
	opVersion:   {"version"},
}

func soakFront(g, i int) string { return fmt.Sprintf("soak-%02d-%04d", g, i) }

func soakNote(front string) ankiconnect.Note {
	return ankiconnect.Note{DeckName: "Default", ModelName: "Basic", Fields: map[string]string{"Front": front, "Back": "b"}}
}

// write is the outcome of one addNote: its note's front, the ID it returned
// and its error.
type write struct {
	front string
	id    ankiconnect.NoteID
	err   error
}

// soakWorker is one goroutine's state across phases.
type soakWorker struct {
	g      int
	last   ankiconnect.NoteID // the last note this goroutine added, 0 if none
	writes []write
	errs   []error // errors of requests other than writes
}

// run sends requests from..to-1 of the worker; strict says every request
// must succeed (no faults are injected).
func (w *soakWorker) run(ctx context.Context, t *testing.T, c *ankiconnect.Client, from, to int, strict bool) {
	fail := func(i int, err error) {
		if strict {
			t.Errorf("goroutine %d request %d: %v", w.g, i, err)
		}
		w.errs = append(w.errs, err)
	}
	for i := from; i < to; i++ {
		switch i % opKinds {
		case opAddNote:
			front := soakFront(w.g, i)
			id, err := c.AddNote(ctx, soakNote(front))
			w.writes = append(w.writes, write{front, id, err})
			if err != nil {
				fail(i, err)
			} else {
				w.last = id
			}
		case opDeckNames:
			if decks, err := c.DeckNames(ctx); err != nil {
				fail(i, err)
			} else if !cmp.Equal(decks, []string{"Default"}) {
				t.Errorf("goroutine %d: deckNames = %q", w.g, decks)
			}
		case opNotesInfo:
			if w.last == 0 {
				continue // not counted: see soakExpected
			}
			notes, err := c.NotesInfo(ctx, []ankiconnect.NoteID{w.last})
			if err != nil {
				fail(i, err)
			} else if len(notes) != 1 || notes[0].NoteID != w.last {
				t.Errorf("goroutine %d: notesInfo(%d) = %+v", w.g, w.last, notes)
			}
		case opMulti:
			front := soakFront(w.g, i)
			m := c.NewMulti()
			added := m.AddNote(soakNote(front))
			m.AddTags([]ankiconnect.NoteID{w.last}, []string{fmt.Sprintf("g%02d", w.g)})
			v := m.Version()
			err := m.Do(ctx)
			id, aerr := added.Result()
			w.writes = append(w.writes, write{front, id, aerr})
			switch {
			case err != nil:
				fail(i, err)
			case !cmp.Equal(must(v.Result()), 6):
				t.Errorf("goroutine %d: multi version = %v", w.g, must(v.Result()))
			}
		case opVersion:
			if v, err := c.Version(ctx); err != nil {
				fail(i, err)
			} else if v != 6 {
				t.Errorf("goroutine %d: version = %d", w.g, v)
			}
		}
	}
}

func must[T any](v T, _ error) T { return v }

// soakExpected counts the calls the fake logs for requests from..to-1 of
// every goroutine, when each one ran exactly once.
func soakExpected(from, to int) map[string]int {
	want := map[string]int{}
	for i := from; i < to; i++ {
		for _, a := range soakCalls[i%opKinds] {
			want[a] += soakGoroutines
		}
	}
	return want
}

func countCalls(calls []ankiconnecttest.Call) map[string]int {
	got := map[string]int{}
	for _, c := range calls {
		got[c.Action]++
	}
	return got
}

// soakRun runs n requests of every worker, in phases of soakPhase. At the
// start of each phase it calls during, if set, and at its end the function
// during returned, if any. After each phase it checks the fake's call log
// (strict: exactly the expected calls, none failed), counts the addNote
// runs by front into sent, and clears the log.
func soakRun(t *testing.T, fake *ankiconnecttest.Fake, c *ankiconnect.Client, n int, strict bool, during func(phase int) func()) (workers []*soakWorker, sent map[string]int) {
	ctx := context.Background()
	workers = make([]*soakWorker, soakGoroutines)
	sent = map[string]int{}
	for g := range workers {
		workers[g] = &soakWorker{g: g}
	}
	for from := 0; from < n; from += soakPhase {
		to := min(from+soakPhase, n)
		var wait func()
		if during != nil {
			wait = during(from / soakPhase)
		}
		var wg sync.WaitGroup
		for _, w := range workers {
			wg.Go(func() { w.run(ctx, t, c, from, to, strict) })
		}
		wg.Wait()
		if wait != nil {
			wait()
		}
		calls := fake.Calls()
		if strict {
			if diff := cmp.Diff(soakExpected(from, to), countCalls(calls)); diff != "" {
				t.Fatalf("requests %d-%d: calls by action (-want +got):\n%s", from, to, diff)
			}
			for _, call := range calls {
				if call.Error != "" {
					t.Errorf("%s failed: %s", call.Action, call.Error)
				}
			}
		}
		soakSends(t, calls, sent)
		fake.ClearCalls()
	}
	return workers, sent
}

// soakSends counts how many times the fake ran addNote for each front.
func soakSends(t *testing.T, calls []ankiconnecttest.Call, sent map[string]int) {
	for _, call := range calls {
		if call.Action != "addNote" {
			continue
		}
		var p struct {
			Note struct {
				Fields map[string]string `json:"fields"`
			} `json:"note"`
		}
		if err := json.Unmarshal(call.Params, &p); err != nil {
			t.Fatalf("addNote params %s: %v", call.Params, err)
		}
		sent[p.Note.Fields["Front"]]++
	}
}

// soakCheck compares every write with the fake's notes: a write that
// succeeded landed exactly once with its ID; one that failed landed at most
// once; the fake ran addNote at most once for any front; and the fake holds
// no other note. It returns how many writes landed.
func soakCheck(t *testing.T, fake *ankiconnecttest.Fake, workers []*soakWorker, sent map[string]int) (landed, failed int) {
	byFront := map[string][]ankiconnecttest.Note{}
	for _, n := range fake.Notes() {
		byFront[n.Fields["Front"]] = append(byFront[n.Fields["Front"]], n)
	}
	seen := 0
	for _, w := range workers {
		for _, wr := range w.writes {
			notes := byFront[wr.front]
			seen += len(notes)
			switch {
			case sent[wr.front] > 1:
				t.Errorf("%s: addNote ran %d times (a write was sent again)", wr.front, sent[wr.front])
			case len(notes) > 1:
				t.Errorf("%s: %d notes", wr.front, len(notes))
			case wr.err == nil && (len(notes) != 1 || notes[0].ID != wr.id):
				t.Errorf("%s: addNote returned %d without error, the fake holds %+v (lost silently)", wr.front, wr.id, notes)
			case wr.err != nil && len(notes) != sent[wr.front]:
				t.Errorf("%s: failed with %v; %d notes, but addNote ran %d times", wr.front, wr.err, len(notes), sent[wr.front])
			}
			if wr.err != nil {
				failed++
			}
			landed += len(notes)
		}
	}
	if all := len(fake.Notes()); all != seen {
		t.Errorf("the fake holds %d notes, %d of them from the writes", all, seen)
	}
	return landed, failed
}

func TestSoak(t *testing.T) {
	n := soakRequests(t)
	fake := ankiconnecttest.New(t, ankiconnecttest.WithKeepAlive())
	c := fake.Client(ankiconnect.WithRetryPolicy(ankiconnect.NoRetries))
	start := time.Now()
	workers, sent := soakRun(t, fake, c, n, true, nil)
	t.Logf("%d goroutines x %d requests in %v", soakGoroutines, n, time.Since(start))

	writes := 0
	for i := range n {
		if k := i % opKinds; k == opAddNote || k == opMulti {
			writes += soakGoroutines
		}
	}
	landed, failed := soakCheck(t, fake, workers, sent)
	if landed != writes || failed != 0 || len(fake.Notes()) != writes || len(fake.Cards()) != writes {
		t.Errorf("%d writes: %d landed, %d failed; the fake has %d notes and %d cards",
			writes, landed, failed, len(fake.Notes()), len(fake.Cards()))
	}
	for _, w := range workers {
		if len(w.errs) != 0 {
			t.Errorf("goroutine %d: %d errors", w.g, len(w.errs))
		}
	}
	// Every multi tagged the goroutine's note before it.
	tagged := 0
	for _, note := range fake.Notes() {
		if len(note.Tags) == 1 {
			tagged++
		}
	}
	if want := writes / 2; tagged != want {
		t.Errorf("%d notes tagged, want %d", tagged, want)
	}
}

func TestSoakWithFaults(t *testing.T) {
	n := soakRequests(t)
	fake := ankiconnecttest.New(t, ankiconnecttest.WithKeepAlive())
	c := fake.Client(ankiconnect.WithRetryPolicy(ankiconnect.RetryPolicy{MaxRetries: 3, MinBackoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond}))
	const busy = ankiconnecttest.MsgCollectionUnavailable
	start := time.Now()
	// Every phase queues a few faults for whatever requests come next;
	// every fourth also takes the fake down for a moment, as Anki
	// restarting.
	workers, sent := soakRun(t, fake, c, n, false, func(phase int) func() {
		fake.FailNext(ankiconnecttest.AnyAction, 2, busy)
		fake.DropNext(ankiconnecttest.AnyAction, 2, ankiconnecttest.DropAfterHandled)
		fake.RespondStatusNext(ankiconnecttest.AnyAction, 2, 500, "proxy error")
		fake.FailNext("addNote", 1, busy)
		fake.DropNext("multi", 1, ankiconnecttest.DropAfterHandled)
		var up <-chan error
		if phase%4 == 3 {
			up = fake.DownFor(5 * time.Millisecond)
		}
		return func() {
			if up != nil {
				if err := <-up; err != nil {
					t.Fatalf("the fake did not come back up: %v", err)
				}
			}
			// 640 requests take every fault queued for the phase.
			if left := fake.PendingFaults(); left != 0 {
				t.Errorf("phase %d: %d faults did not fire", phase, left)
			}
		}
	})
	t.Logf("%d goroutines x %d requests with faults in %v", soakGoroutines, n, time.Since(start))

	landed, failed := soakCheck(t, fake, workers, sent)
	errs := 0
	for _, w := range workers {
		errs += len(w.errs)
		for _, err := range w.errs {
			var e *ankiconnect.Error
			if !errors.As(err, &e) {
				t.Errorf("error %v does not name its action", err)
			}
		}
	}
	if len(fake.Cards()) != len(fake.Notes()) {
		t.Errorf("%d notes, %d cards", len(fake.Notes()), len(fake.Cards()))
	}
	t.Logf("%d writes landed, %d failed; %d requests (writes and multi included) returned an error", landed, failed, errs)
	if failed == 0 {
		t.Errorf("no write failed: the faults did not fire")
	}
}
