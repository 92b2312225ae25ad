package ankiconnecttest_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/ankiconnect-go/ankiconnect"
	"github.com/ankiconnect-go/ankiconnect/ankiconnecttest"
)

// Tests of the fake's Anki window as a downstream test would write them:
// the code under test drives Anki's GUI through the client, and the test
// reads the window back with Fake.GUI.

var guiStart = time.Date(2025, 3, 10, 9, 0, 0, 0, time.UTC)

// guiFake starts a fake with a still clock and two Basic notes in deck
// "Spanish", returning their notes and cards in the order added.
func guiFake(t *testing.T) (*ankiconnecttest.Fake, *ankiconnect.Client, []ankiconnect.NoteID, []ankiconnect.CardID) {
	t.Helper()
	fake := ankiconnecttest.New(t, ankiconnecttest.WithTime(guiStart))
	client := fake.Client()
	ctx := context.Background()
	if _, err := client.CreateDeck(ctx, "Spanish"); err != nil {
		t.Fatal(err)
	}
	var notes []ankiconnect.NoteID
	var cards []ankiconnect.CardID
	for _, w := range [][2]string{{"perro", "dog"}, {"gato", "cat"}} {
		id, err := client.AddNote(ctx, ankiconnect.Note{
			DeckName: "Spanish", ModelName: "Basic", Fields: map[string]string{"Front": w[0], "Back": w[1]},
		})
		if err != nil {
			t.Fatal(err)
		}
		n, ok := fake.Note(id)
		if !ok || len(n.Cards) != 1 {
			t.Fatalf("note %d: %+v", id, n)
		}
		notes, cards = append(notes, id), append(cards, n.Cards[0])
	}
	return fake, client, notes, cards
}

func diffGUI(t *testing.T, what string, want, got any) {
	t.Helper()
	if d := cmp.Diff(want, got, cmpopts.EquateEmpty()); d != "" {
		t.Errorf("%s (-want +got):\n%s", what, d)
	}
}

// must returns a function that fails the test on a call's error and
// returns its value: must[bool](t)(client.GUIShowAnswer(ctx)).
func must[T any](t *testing.T) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

// TestFakeGUIReviewer reviews a deck through the client: the reviewer shows
// the deck's cards, answers need the answer side, go through the scheduler
// with the time taken, and the window shows where the review is.
func TestFakeGUIReviewer(t *testing.T) {
	fake, client, _, cards := guiFake(t)
	ctx := context.Background()

	if _, err := client.GUICurrentCard(ctx); !errors.Is(err, ankiconnect.ErrReviewNotActive) {
		t.Fatalf("GUICurrentCard before reviewing: %v, want ErrReviewNotActive", err)
	}
	if ok := must[bool](t)(client.GUIShowAnswer(ctx)); ok {
		t.Error("GUIShowAnswer reported true with no review")
	}
	if ok := must[bool](t)(client.GUIDeckReview(ctx, "Spanish")); !ok {
		t.Fatal("GUIDeckReview(Spanish) = false")
	}
	g := fake.GUI()
	diffGUI(t, "reviewer", ankiconnecttest.Reviewer{Active: true, Card: cards[0], TimerStarted: guiStart}, g.Reviewer)
	diffGUI(t, "screen, deck", []string{"review", "Spanish"}, []string{string(g.Screen), g.CurrentDeck})

	cur := must[*ankiconnect.CurrentCard](t)(client.GUICurrentCard(ctx))
	diffGUI(t, "current card", []any{cards[0], "perro", "Spanish", "Basic", "Card 1", []ankiconnect.Ease{1, 2, 3, 4}},
		[]any{cur.CardID, cur.Fields["Front"].Value, cur.DeckName, cur.ModelName, cur.Template, cur.Buttons})
	if len(cur.NextReviews) != 4 || !strings.HasSuffix(cur.Answer, "dog") {
		t.Errorf("nextReviews %q, answer %q", cur.NextReviews, cur.Answer)
	}

	if ok := must[bool](t)(client.GUIAnswerCard(ctx, ankiconnect.EaseGood)); ok {
		t.Error("GUIAnswerCard before GUIShowAnswer reported true")
	}
	fake.Advance(4 * time.Second)
	if ok := must[bool](t)(client.GUIShowAnswer(ctx)); !ok {
		t.Fatal("GUIShowAnswer = false")
	}
	if !fake.GUI().Reviewer.AnswerShown {
		t.Error("answer not shown")
	}
	if ok := must[bool](t)(client.GUIAnswerCard(ctx, ankiconnect.EaseGood)); !ok {
		t.Fatal("GUIAnswerCard(Good) = false")
	}
	g = fake.GUI()
	diffGUI(t, "after the first answer", ankiconnecttest.Reviewer{
		Active: true, Card: cards[1], TimerStarted: guiStart.Add(4 * time.Second),
		Answers: []ankiconnecttest.Answer{{Card: cards[0], Ease: ankiconnect.EaseGood, TimeTaken: 4 * time.Second}},
	}, g.Reviewer)
	answered := fake.Cards()[0] // by ascending ID: cards[0]
	diffGUI(t, "answered card: ID, reps, queue", []any{cards[0], 1, ankiconnect.CardQueueLearn},
		[]any{answered.ID, answered.Reps, answered.Queue})

	// Easy graduates the second card; the first, learning again in 10
	// minutes, comes back within the learn-ahead limit.
	if ok := must[bool](t)(client.GUIShowAnswer(ctx)); !ok {
		t.Fatal("GUIShowAnswer on the second card = false")
	}
	if ok := must[bool](t)(client.GUIAnswerCard(ctx, ankiconnect.EaseEasy)); !ok {
		t.Fatal("GUIAnswerCard(Easy) = false")
	}
	diffGUI(t, "card after Easy", cards[0], fake.GUI().Reviewer.Card)

	if ok := must[bool](t)(client.GUIPlayAudio(ctx)); !ok {
		t.Error("GUIPlayAudio while reviewing = false")
	}
	if err := client.GUIDeckBrowser(ctx); err != nil {
		t.Fatal(err)
	}
	g = fake.GUI()
	diffGUI(t, "after leaving", []any{ankiconnecttest.ScreenDeckBrowser, false, ankiconnect.CardID(0), time.Time{}, 1, 2},
		[]any{g.Screen, g.Reviewer.Active, g.Reviewer.Card, g.Reviewer.TimerStarted, g.AudioReplays, len(g.Reviewer.Answers)})
	if active := must[bool](t)(client.GUIReviewActive(ctx)); active {
		t.Error("GUIReviewActive after GUIDeckBrowser")
	}
}

// TestFakeGUIBrowser: GUIBrowse opens the browser on a search and sorts it
// by a column the browser shows; GUISelectCard selects a row.
func TestFakeGUIBrowser(t *testing.T) {
	fake, client, notes, cards := guiFake(t)
	ctx := context.Background()

	if ok := must[bool](t)(client.GUISelectCard(ctx, cards[0])); ok {
		t.Error("GUISelectCard with the browser closed reported true")
	}
	found := must[[]ankiconnect.CardID](t)(client.GUIBrowse(ctx, "deck:Spanish", nil))
	diffGUI(t, "GUIBrowse", cards, found)
	// As in Anki, a search with results selects its first row.
	diffGUI(t, "browser", &ankiconnecttest.Browser{Query: "deck:Spanish", Cards: cards, SortColumn: "noteCrt", SelectedCards: cards[:1]}, fake.GUI().Browser)
	diffGUI(t, "selected notes after GUIBrowse", notes[:1], must[[]ankiconnect.NoteID](t)(client.GUISelectedNotes(ctx)))

	byCreation := &ankiconnect.BrowseOrder{Order: ankiconnect.SortDescending, ColumnID: "noteCrt"}
	if _, err := client.GUIBrowse(ctx, "deck:Spanish", byCreation); err == nil || !strings.Contains(err.Error(), "invalid columnId: noteCrt") {
		t.Fatalf("sorting by a column the browser does not show: %v", err)
	}
	if err := fake.SetBrowserColumns("noteFld", "noteCrt"); err != nil {
		t.Fatal(err)
	}
	found = must[[]ankiconnect.CardID](t)(client.GUIBrowse(ctx, "deck:Spanish", byCreation))
	// The reply is findCards' answer, as the add-on returns it, not the
	// browser's order.
	diffGUI(t, "GUIBrowse by creation, descending", cards, found)
	diffGUI(t, "rows by creation, descending", []ankiconnect.CardID{cards[1], cards[0]}, fake.GUI().Browser.Cards)

	if ok := must[bool](t)(client.GUISelectCard(ctx, cards[1])); !ok {
		t.Error("GUISelectCard = false")
	}
	diffGUI(t, "selected notes", []ankiconnect.NoteID{notes[1]}, must[[]ankiconnect.NoteID](t)(client.GUISelectedNotes(ctx)))
	diffGUI(t, "selected cards", []ankiconnect.CardID{cards[1]}, fake.GUI().Browser.SelectedCards)
	if err := fake.SetBrowserColumns("nope"); err == nil {
		t.Error("SetBrowserColumns accepted an unknown column")
	}
}

// TestFakeGUIDialogs: the Add dialog filled by GUIAddCards and changed by
// GUIAddNoteSetData, and the Edit dialog.
func TestFakeGUIDialogs(t *testing.T) {
	fake, client, notes, _ := guiFake(t)
	ctx := context.Background()

	if open := must[ankiconnect.AddDialogOpen](t)(client.GUIAddNoteSetData(ctx, ankiconnect.NoteDraft{Fields: map[string]string{"Back": "x"}}, false)); open {
		t.Error("GUIAddNoteSetData with no Add dialog reported it open")
	}
	id := must[ankiconnect.NoteID](t)(client.GUIAddCards(ctx, &ankiconnect.NoteDraft{
		DeckName: "Spanish", ModelName: "Basic", Fields: map[string]string{"Front": "casa"}, Tags: []string{"noun"},
	}))
	if id != 0 {
		t.Errorf("GUIAddCards = %d, want 0 (the unsaved note's ID)", id)
	}
	if open := must[ankiconnect.AddDialogOpen](t)(client.GUIAddNoteSetData(ctx, ankiconnect.NoteDraft{Fields: map[string]string{"Back": "house"}, Tags: []string{"a1"}}, true)); !open {
		t.Error("GUIAddNoteSetData reported the Add dialog closed")
	}
	g := fake.GUI()
	diffGUI(t, "Add dialog", &ankiconnecttest.AddDialog{
		Deck: "Spanish", Model: "Basic", Fields: map[string]string{"Front": "casa", "Back": "house"},
		FieldOrder: []string{"Front", "Back"}, Tags: []string{"noun", "a1"},
	}, g.AddDialog)
	diffGUI(t, "notes (nothing added)", 2, len(fake.Notes()))
	if _, err := client.GUIAddNoteSetData(ctx, ankiconnect.NoteDraft{Fields: map[string]string{"Nope": "x"}}, false); err == nil ||
		!strings.Contains(err.Error(), `Field "Nope" not found in current note`) {
		t.Errorf("unknown field: %v", err)
	}

	if err := client.GUIEditNote(ctx, notes[1]); err != nil {
		t.Fatal(err)
	}
	if err := client.GUIEditNote(ctx, 12345); err == nil || !strings.Contains(err.Error(), "No such note: '12345'") {
		t.Errorf("GUIEditNote of an unknown note: %v", err)
	}
	diffGUI(t, "Edit dialog", []ankiconnect.NoteID{notes[1]}, fake.GUI().EditDialog)

	if err := client.GUIImportFile(ctx, "/tmp/deck.apkg"); err != nil {
		t.Fatal(err)
	}
	if err := client.GUIExitAnki(ctx); err != nil {
		t.Fatal(err)
	}
	g = fake.GUI()
	diffGUI(t, "imports", []ankiconnecttest.Import{{Path: "/tmp/deck.apkg"}}, g.Imports)
	if !g.Exited {
		t.Error("GUIExitAnki not recorded")
	}
}

// A test of code that reviews through Anki's GUI reads the reviewer back
// with Fake.GUI.
func ExampleFake_GUI() {
	fake, err := ankiconnecttest.Start(ankiconnecttest.WithTime(time.Date(2025, 3, 10, 9, 0, 0, 0, time.UTC)))
	if err != nil {
		log.Fatal(err)
	}
	defer fake.Close()
	client, ctx := fake.Client(), context.Background()
	for _, front := range []string{"perro", "gato"} {
		_, err := client.AddNote(ctx, ankiconnect.Note{
			DeckName: "Default", ModelName: "Basic", Fields: map[string]string{"Front": front, "Back": "?"},
		})
		if err != nil {
			log.Fatal(err)
		}
	}

	// The code under test: review the first card of Default.
	if _, err := client.GUIDeckReview(ctx, "Default"); err != nil {
		log.Fatal(err)
	}
	card, err := client.GUICurrentCard(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(card.Fields["Front"].Value, card.NextReviews)
	fake.Advance(3 * time.Second)
	if _, err := client.GUIShowAnswer(ctx); err != nil {
		log.Fatal(err)
	}
	if _, err := client.GUIAnswerCard(ctx, ankiconnect.EaseGood); err != nil {
		log.Fatal(err)
	}

	// The test reads the window back.
	gui := fake.GUI()
	fmt.Println(gui.Screen, gui.CurrentDeck, gui.Reviewer.Active)
	for _, a := range gui.Reviewer.Answers {
		fmt.Println("answered", a.Ease, "in", a.TimeTaken)
	}
	next, _ := fake.Note(fake.Notes()[1].ID)
	fmt.Println("now showing the second note's card:", gui.Reviewer.Card == next.Cards[0])
	// Output:
	// perro [<1m <6m <10m 4d]
	// review Default true
	// answered Good in 3s
	// now showing the second note's card: true
}
