package ankiconnect_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/ankiconnect-go/ankiconnect"
)

// A client for the AnkiConnect on this machine, or the one that
// ANKICONNECT_URL and ANKICONNECT_API_KEY name.
func ExampleNewClientFromEnv() {
	c := ankiconnect.NewClientFromEnv(ankiconnect.WithTimeout(10 * time.Second))
	decks, err := c.DeckNames(context.Background())
	if errors.Is(err, ankiconnect.ErrNotRunning) {
		log.Fatal("start Anki with AnkiConnect first")
	}
	fmt.Println(decks)
}

// Errors name their action and unwrap to sentinels.
func ExampleClient_AddNote() {
	fake, err := ankiconnect.StartFake()
	if err != nil {
		log.Fatal(err)
	}
	defer fake.Close()
	c, ctx := fake.Client(), context.Background()

	note := ankiconnect.Note{DeckName: "Default", ModelName: "Basic",
		Fields: map[string]string{"Front": "chat", "Back": "cat"}}
	for range 2 {
		_, err := c.AddNote(ctx, note)
		switch {
		case errors.Is(err, ankiconnect.ErrDuplicateNote):
			fmt.Println("duplicate:", err)
		case err != nil:
			log.Fatal(err)
		default:
			fmt.Println("added")
		}
	}
	_, err = c.AddNote(ctx, ankiconnect.Note{DeckName: "Nope", ModelName: "Basic",
		Fields: map[string]string{"Front": "chien"}})
	fmt.Println(errors.Is(err, ankiconnect.ErrDeckNotFound), err)
	// Output:
	// added
	// duplicate: ankiconnect: addNote: cannot create note because it is a duplicate
	// true ankiconnect: addNote: deck was not found: Nope
}

// Several actions in one round trip, each with its own typed result and
// error.
func ExampleClient_NewMulti() {
	fake, err := ankiconnect.StartFake()
	if err != nil {
		log.Fatal(err)
	}
	defer fake.Close()
	c, ctx := fake.Client(), context.Background()

	m := c.NewMulti()
	deck := m.CreateDeck("French")
	fields := m.ModelFieldNames("Basic (and reversed card)")
	missing := m.ModelFieldNames("No such type")
	if err := m.Do(ctx); err != nil {
		var me *ankiconnect.MultiError
		if !errors.As(err, &me) {
			log.Fatal(err) // the request itself failed
		}
		fmt.Printf("%d of %d actions failed\n", len(me.Failed), me.Total)
	}
	id, err := deck.Result()
	fmt.Println(id != 0, err)
	fmt.Println(fields.Result())
	_, err = missing.Result()
	fmt.Println(errors.Is(err, ankiconnect.ErrModelNotFound))
	// Output:
	// 1 of 3 actions failed
	// true <nil>
	// [Front Back] <nil>
	// true
}

// Adding many notes, with an outcome per note.
func ExampleAddNotesEach() {
	fake, err := ankiconnect.StartFake()
	if err != nil {
		log.Fatal(err)
	}
	defer fake.Close()
	c, ctx := fake.Client(), context.Background()

	var notes []ankiconnect.Note
	for _, w := range []string{"un", "deux", "un", ""} {
		notes = append(notes, ankiconnect.Note{DeckName: "Default", ModelName: "Basic",
			Fields: map[string]string{"Front": w, "Back": "?"}})
	}
	results := ankiconnect.AddNotesEach(ctx, c, notes, ankiconnect.WithBatchSize(2),
		ankiconnect.WithProgress(func(done, total int) { fmt.Printf("%d/%d\n", done, total) }))
	for i, r := range results {
		switch {
		case errors.Is(r.Err, ankiconnect.ErrDuplicateNote):
			fmt.Println(i, "duplicate")
		case errors.Is(r.Err, ankiconnect.ErrEmptyNote):
			fmt.Println(i, "empty")
		case r.Err != nil:
			fmt.Println(i, r.Err)
		default:
			fmt.Println(i, "added")
		}
	}
	// Output:
	// 2/4
	// 4/4
	// 0 added
	// 1 added
	// 2 duplicate
	// 3 empty
}

// A review test: the fake's clock stands still until the test moves it, so
// intervals and due dates are exact.
func ExampleWithFakeTime() {
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	fake, err := ankiconnect.StartFake(ankiconnect.WithFakeTime(start))
	if err != nil {
		log.Fatal(err)
	}
	defer fake.Close()
	c, ctx := fake.Client(), context.Background()
	if _, err := c.AddNote(ctx, ankiconnect.Note{DeckName: "Default", ModelName: "Basic",
		Fields: map[string]string{"Front": "le chat", "Back": "the cat"}}); err != nil {
		log.Fatal(err)
	}
	card := fake.Cards()[0].ID

	for _, step := range []struct {
		wait time.Duration
		ease ankiconnect.Ease
	}{{0, ankiconnect.EaseGood}, {10 * time.Minute, ankiconnect.EaseGood}} {
		fake.Advance(step.wait)
		if _, err := c.AnswerCards(ctx, []ankiconnect.CardAnswer{{CardID: card, Ease: step.ease}}); err != nil {
			log.Fatal(err)
		}
		info, err := c.CardsInfo(ctx, []ankiconnect.CardID{card})
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(step.ease, "->", info[0].Type, info[0].NextReviews)
	}
	for _, when := range []string{"now", "tomorrow"} {
		due, err := c.FindCards(ctx, "is:due")
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println("due", when+":", len(due))
		fake.Advance(24 * time.Hour)
	}
	// Output:
	// Good -> learn [<1m <10m 1d 4d]
	// Good -> review [<10m 2d 3d 4d]
	// due now: 0
	// due tomorrow: 1
}
