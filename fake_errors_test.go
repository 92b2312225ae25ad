package ankiconnect

import (
	"context"
	"errors"
	"testing"
)

// TestFakeErrorsClassified checks, end to end against the fake, that the
// add-on's other wordings of "not found" reach callers as the sentinels.
func TestFakeErrorsClassified(t *testing.T) {
	f := NewTestFake(t)
	c, ctx := f.Client(), context.Background()
	id, err := c.AddNote(ctx, Note{DeckName: "Default", ModelName: "Basic", Fields: map[string]string{"Front": "q", "Back": "a"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.GUIAddCards(ctx, &NoteDraft{DeckName: "Default", ModelName: "Basic"}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		call func() error
		want error
	}{
		{"updateNoteModel, unknown note type", func() error {
			return c.UpdateNoteModel(ctx, NoteModelChange{ID: id, ModelName: "Nope", Fields: map[string]string{"Front": "q"}})
		}, ErrModelNotFound},
		{"guiAddNoteSetData, unknown deck", func() error {
			_, err := c.GUIAddNoteSetData(ctx, NoteDraft{DeckName: "Nope"}, false)
			return err
		}, ErrDeckNotFound},
		{"guiAddNoteSetData, unknown note type", func() error {
			_, err := c.GUIAddNoteSetData(ctx, NoteDraft{ModelName: "Nope"}, false)
			return err
		}, ErrModelNotFound},
		{"guiEditNote, unknown note", func() error { return c.GUIEditNote(ctx, 42) }, ErrNoteNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			var api *APIError
			if !errors.Is(err, tt.want) || !errors.As(err, &api) {
				t.Fatalf("err = %v, want an *APIError classified as %v", err, tt.want)
			}
		})
	}
}
