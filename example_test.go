package ankiconnect_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/ankiconnect-go/ankiconnect"
	"github.com/ankiconnect-go/ankiconnect/ankiconnecttest"
)

// A client for the AnkiConnect that ANKICONNECT_URL and ANKICONNECT_API_KEY
// name, or the one on this machine when they are not set. Here they name a
// fake, as a shell would set them.
func ExampleNewClientFromEnv() {
	fake, err := ankiconnecttest.Start(ankiconnecttest.WithAPIKey("s3cret"))
	if err != nil {
		log.Fatal(err)
	}
	defer fake.Close()
	for name, value := range map[string]string{ankiconnect.EnvURL: fake.URL(), ankiconnect.EnvAPIKey: "s3cret"} {
		old, had := os.LookupEnv(name)
		os.Setenv(name, value)
		defer func() {
			if had {
				os.Setenv(name, old)
			} else {
				os.Unsetenv(name)
			}
		}()
	}

	c := ankiconnect.NewClientFromEnv(ankiconnect.WithTimeout(10 * time.Second))
	decks, err := c.DeckNames(context.Background())
	if errors.Is(err, ankiconnect.ErrNotRunning) {
		log.Fatal("start Anki with AnkiConnect first")
	}
	fmt.Println(c.URL() == fake.URL(), decks, err)
	// Output:
	// true [Default] <nil>
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

// After Multi.Do, RequestFailed tells a request that failed as a whole (no
// result is known) from one that went through with some actions failing,
// each with its own error.
func ExampleRequestFailed() {
	fake, err := ankiconnecttest.Start()
	if err != nil {
		log.Fatal(err)
	}
	defer fake.Close()
	c, ctx := fake.Client(ankiconnect.WithRetryPolicy(ankiconnect.NoRetries)), context.Background()
	note := func(front string) ankiconnect.Note {
		return ankiconnect.Note{DeckName: "Default", ModelName: "Basic", Fields: map[string]string{"Front": front}}
	}

	m := c.NewMulti()
	first := m.AddNote(note("un"))
	again := m.AddNote(note("un"))
	tags := m.AddTags(nil, []string{"two words"}) // refused before sending
	err = m.Do(ctx)
	fmt.Println("request failed:", ankiconnect.RequestFailed(err))
	_, ferr := first.Result()
	fmt.Println(ferr, errors.Is(again.Err(), ankiconnect.ErrDuplicateNote), errors.Is(tags.Err(), ankiconnect.ErrInvalidTag))
	fmt.Println(err)

	fake.GoDown() // Anki quits
	m = c.NewMulti()
	m.DeckNames()
	err = m.Do(ctx)
	fmt.Println("request failed:", ankiconnect.RequestFailed(err), errors.Is(err, ankiconnect.ErrNotRunning))
	// Output:
	// request failed: false
	// <nil> true true
	// ankiconnect: multi: 2 of 3 actions failed; addNote: cannot create note because it is a duplicate; addTags: invalid tag "two words": AnkiConnect separates tags with spaces, so a tag cannot contain one
	// request failed: true true
}
