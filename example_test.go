package ankiconnect_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/ankiconnect-go/ankiconnect"
	"github.com/ankiconnect-go/ankiconnect/ankiconnecttest"
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
	fake, err := ankiconnecttest.Start()
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
	fake, err := ankiconnecttest.Start()
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
	fake, err := ankiconnecttest.Start()
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
