package ankiconnecttest

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/ankiconnect-go/ankiconnect"
	"github.com/google/go-cmp/cmp"
)

// TestFakeErrorsClassified checks, end to end against the fake, that the
// add-on's other wordings of "not found" reach callers as the sentinels.
func TestFakeErrorsClassified(t *testing.T) {
	f := New(t)
	c, ctx := f.Client(), context.Background()
	id, err := c.AddNote(ctx, ankiconnect.Note{DeckName: "Default", ModelName: "Basic", Fields: map[string]string{"Front": "q", "Back": "a"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.GUIAddCards(ctx, &ankiconnect.NoteDraft{DeckName: "Default", ModelName: "Basic"}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		call func() error
		want error
	}{
		{"updateNoteModel, unknown note type", func() error {
			return c.UpdateNoteModel(ctx, ankiconnect.NoteModelChange{ID: id, ModelName: "Nope", Fields: map[string]string{"Front": "q"}})
		}, ankiconnect.ErrModelNotFound},
		{"guiAddNoteSetData, unknown deck", func() error {
			_, err := c.GUIAddNoteSetData(ctx, ankiconnect.NoteDraft{DeckName: "Nope"}, false)
			return err
		}, ankiconnect.ErrDeckNotFound},
		{"guiAddNoteSetData, unknown note type", func() error {
			_, err := c.GUIAddNoteSetData(ctx, ankiconnect.NoteDraft{ModelName: "Nope"}, false)
			return err
		}, ankiconnect.ErrModelNotFound},
		{"guiEditNote, unknown note", func() error { return c.GUIEditNote(ctx, 42) }, ankiconnect.ErrNoteNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			var api *ankiconnect.APIError
			if !errors.Is(err, tt.want) || !errors.As(err, &api) {
				t.Fatalf("err = %v, want an *APIError classified as %v", err, tt.want)
			}
		})
	}
}

// TestMultiRequestPermissionFails pins what Multi.RequestPermission's
// godoc promises: inside a multi the add-on has no origin to pass, so the
// action fails while the same call at the top level succeeds.
func TestMultiRequestPermissionFails(t *testing.T) {
	f := New(t)
	c, ctx := f.Client(), context.Background()
	m := c.NewMulti()
	p := m.RequestPermission()
	v := m.Version()
	err := m.Do(ctx)
	var multiErr *ankiconnect.MultiError
	if !errors.As(err, &multiErr) || len(multiErr.Failed) != 1 {
		t.Fatalf("Do = %v, want a MultiError with one failure", err)
	}
	var api *ankiconnect.APIError
	if _, err := p.Result(); !errors.As(err, &api) ||
		api.Message != "AnkiConnect.requestPermission() missing 2 required positional arguments: 'origin' and 'allowed'" {
		t.Errorf("inner requestPermission: %v", err)
	}
	if got, err := v.Result(); err != nil || got != 6 {
		t.Errorf("inner version = %d, %v", got, err)
	}
	top, err := c.RequestPermission(ctx)
	if diff := cmp.Diff(ankiconnect.Permission{Permission: "granted", Version: 6}, top); err != nil || diff != "" {
		t.Errorf("top-level RequestPermission: %v (-want +got):\n%s", err, diff)
	}
}

// TestMultiAnswerCardsInvalidEase: a bad ease is refused when queued, the
// rest of the batch is sent, and the fake records no answer.
func TestMultiAnswerCardsInvalidEase(t *testing.T) {
	f := New(t)
	c, ctx := f.Client(), context.Background()
	if _, err := c.AddNote(ctx, ankiconnect.Note{DeckName: "Default", ModelName: "Basic", Fields: map[string]string{"Front": "q"}}); err != nil {
		t.Fatal(err)
	}
	card := f.Cards()[0].ID
	m := c.NewMulti()
	bad := m.AnswerCards([]ankiconnect.CardAnswer{{CardID: card, Ease: ankiconnect.EaseGood}, {CardID: card, Ease: 0}})
	names := m.DeckNames()
	// Do reports the refused action (only it) and sends the rest.
	if err := m.Do(ctx); ankiconnect.RequestFailed(err) || !errors.Is(err, ankiconnect.ErrInvalidEase) {
		t.Fatalf("Do = %v, want a *MultiError with the refused answerCards", err)
	}
	if _, err := bad.Result(); !errors.Is(err, ankiconnect.ErrInvalidEase) {
		t.Errorf("AnswerCards with ease 0: %v, want ErrInvalidEase", err)
	}
	if got, err := names.Result(); err != nil || !slices.Equal(got, []string{"Default"}) {
		t.Errorf("DeckNames after the refused answer = %q, %v; want [Default]", got, err)
	}
	if got := f.Cards()[0]; got.Reps != 0 {
		t.Errorf("card answered %d times, want 0", got.Reps)
	}
}

// TestInvokeReadOnlyRetries: InvokeReadOnly retries a busy Anki like the
// package's own reads; Invoke, which may be a write, does not.
func TestInvokeReadOnlyRetries(t *testing.T) {
	f := New(t)
	c := f.Client(ankiconnect.WithRetryPolicy(ankiconnect.RetryPolicy{MaxRetries: 2, MinBackoff: time.Millisecond, MaxBackoff: time.Millisecond}))
	ctx := context.Background()

	f.FailNext("deckNames", 1, MsgCollectionUnavailable)
	if got, err := ankiconnect.InvokeReadOnly[[]string](ctx, c, "deckNames", nil); err != nil || !slices.Equal(got, []string{"Default"}) {
		t.Errorf("InvokeReadOnly after one busy reply = %v, %v", got, err)
	}
	f.FailNext("deckNames", 1, MsgCollectionUnavailable)
	if _, err := ankiconnect.Invoke[[]string](ctx, c, "deckNames", nil); !errors.Is(err, ankiconnect.ErrCollectionUnavailable) {
		t.Errorf("Invoke after one busy reply: %v, want ErrCollectionUnavailable", err)
	}
	if n := f.PendingFaults(); n != 0 {
		t.Errorf("%d faults left", n)
	}
}
