package main

import (
	"bytes"
	"context"
	"regexp"
	"testing"
	"time"

	"github.com/ankiconnect-go/ankiconnect"
	"github.com/google/go-cmp/cmp"
)

// TestRun runs the quickstart flow twice against a fake AnkiConnect: the
// first run adds three notes, the second finds them as duplicates, and
// cleanup deletes the deck with its cards.
func TestRun(t *testing.T) {
	fake := ankiconnect.NewTestFake(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	const deck = "Quickstart::Go words"
	ids := regexp.MustCompile(`note \d+`)

	var first bytes.Buffer
	if err := run(ctx, &first, fake.Client(), deck, false); err != nil {
		t.Fatal(err)
	}
	want := `AnkiConnect API version 6
goroutine  added as note N
channel    added as note N
defer      added as note N
3 notes match "deck:Quickstart::Go words" tag:quickstart
  goroutine: a function running concurrently with others in the same address space (cards: 1)
  channel: a typed conduit that goroutines send and receive values through (cards: 1)
  defer: schedules a call to run when the surrounding function returns (cards: 1)
`
	if diff := cmp.Diff(want, ids.ReplaceAllString(first.String(), "note N")); diff != "" {
		t.Errorf("first run (-want +got):\n%s", diff)
	}
	if n := len(fake.Notes()); n != 3 {
		t.Fatalf("fake holds %d notes after the first run, want 3", n)
	}

	var second bytes.Buffer
	if err := run(ctx, &second, fake.Client(), deck, true); err != nil {
		t.Fatal(err)
	}
	want = `AnkiConnect API version 6
goroutine  already in the collection
channel    already in the collection
defer      already in the collection
3 notes match "deck:Quickstart::Go words" tag:quickstart
  goroutine: a function running concurrently with others in the same address space (cards: 1)
  channel: a typed conduit that goroutines send and receive values through (cards: 1)
  defer: schedules a call to run when the surrounding function returns (cards: 1)
deleted deck "Quickstart::Go words"
`
	if diff := cmp.Diff(want, second.String()); diff != "" {
		t.Errorf("second run (-want +got):\n%s", diff)
	}
	if n := len(fake.Notes()); n != 0 {
		t.Errorf("fake holds %d notes after cleanup, want 0", n)
	}
}
