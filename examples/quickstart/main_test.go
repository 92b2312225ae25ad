package main

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/ankiconnect-go/ankiconnect/ankiconnecttest"
	"github.com/google/go-cmp/cmp"
)

// found is what both runs print after adding: the search and the notes.
const found = `3 notes match "deck:Quickstart::Go words" tag:quickstart
  goroutine: a function running concurrently with others in the same address space (cards: 1)
  channel: a typed conduit that goroutines send and receive values through (cards: 1)
  defer: schedules a call to run when the surrounding function returns (cards: 1)
`

// TestRun runs the quickstart flow twice against a fake AnkiConnect: the
// first run adds three notes, the second finds them as duplicates, and
// cleanup deletes the deck with its cards.
func TestRun(t *testing.T) {
	fake := ankiconnecttest.New(t)
	ctx := t.Context()
	const deck = "Quickstart::Go words"

	var first bytes.Buffer
	if err := run(ctx, &first, fake.Client(), deck, false); err != nil {
		t.Fatal(err)
	}
	notes := fake.Notes() // by ascending ID: the order the run added them
	if len(notes) != 3 {
		t.Fatalf("fake holds %d notes after the first run, want 3", len(notes))
	}
	want := fmt.Sprintf(`AnkiConnect API version 6
goroutine  added as note %d
channel    added as note %d
defer      added as note %d
`, notes[0].ID, notes[1].ID, notes[2].ID) + found
	if diff := cmp.Diff(want, first.String()); diff != "" {
		t.Errorf("first run (-want +got):\n%s", diff)
	}

	var second bytes.Buffer
	if err := run(ctx, &second, fake.Client(), deck, true); err != nil {
		t.Fatal(err)
	}
	want = `AnkiConnect API version 6
goroutine  already in the collection
channel    already in the collection
defer      already in the collection
` + found + `deleted deck "Quickstart::Go words"
`
	if diff := cmp.Diff(want, second.String()); diff != "" {
		t.Errorf("second run (-want +got):\n%s", diff)
	}
	if n := len(fake.Notes()); n != 0 {
		t.Errorf("fake holds %d notes after cleanup, want 0", n)
	}
}
