package ankiconnecttest_test

import (
	"testing"

	"github.com/ankiconnect-go/ankiconnect"
	"github.com/ankiconnect-go/ankiconnect/ankiconnecttest"
)

// TestGUIUndoThroughClient is the add-on's own test_guiUndo: an answer in
// the reviewer adds a review-log row, and GUIUndo takes it back; with
// nothing left, GUIUndo reports false.
func TestGUIUndoThroughClient(t *testing.T) {
	fake := ankiconnecttest.New(t)
	c := fake.Client()
	ctx := t.Context()
	if _, err := c.CreateDeck(ctx, "test_deck"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.AddNote(ctx, ankiconnect.Note{DeckName: "test_deck", ModelName: "Basic", Fields: map[string]string{"Front": "q", "Back": "a"}}); err != nil {
		t.Fatal(err)
	}
	if ok, err := c.GUIDeckReview(ctx, "test_deck"); err != nil || !ok {
		t.Fatalf("GUIDeckReview = %v, %v", ok, err)
	}
	if _, err := c.GUIShowAnswer(ctx); err != nil {
		t.Fatal(err)
	}
	reviews := func() int {
		t.Helper()
		r, err := c.CardReviews(ctx, "test_deck", 0)
		if err != nil {
			t.Fatal(err)
		}
		return len(r)
	}
	before := reviews()
	if ok, err := c.GUIAnswerCard(ctx, ankiconnect.EaseEasy); err != nil || !ok {
		t.Fatalf("GUIAnswerCard = %v, %v", ok, err)
	}
	if got := reviews(); got != before+1 {
		t.Fatalf("%d reviews after answering, want %d", got, before+1)
	}
	if ok, err := c.GUIUndo(ctx); err != nil || !ok {
		t.Fatalf("GUIUndo = %v, %v", ok, err)
	}
	if got := reviews(); got != before {
		t.Errorf("%d reviews after GUIUndo, want %d", got, before)
	}
	if n, err := c.GetNumCardsReviewedToday(ctx); err != nil || n != 0 {
		t.Errorf("GetNumCardsReviewedToday after GUIUndo = %d, %v", n, err)
	}
	// Then the note added is undone; after that, nothing is left (the
	// deck's creation emptied the queue before it).
	if ok, err := c.GUIUndo(ctx); err != nil || !ok {
		t.Fatalf("second GUIUndo = %v, %v", ok, err)
	}
	if ids, _ := c.FindNotes(ctx, "deck:test_deck"); len(ids) != 0 {
		t.Errorf("notes after undoing addNote: %v", ids)
	}
	if ok, err := c.GUIUndo(ctx); err != nil || ok {
		t.Errorf("GUIUndo with nothing left = %v, %v", ok, err)
	}
}
