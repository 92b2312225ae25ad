package ankiconnect_test

import (
	"context"
	"fmt"
	"log"

	"github.com/ankiconnect-go/ankiconnect"
)

// A test starts a fake AnkiConnect, runs the code under test against it
// through a real HTTP client, and inspects the collection afterwards. In a
// test, ankiconnect.NewTestFake(t) does the starting and closing.
func ExampleStartFake() {
	fake, err := ankiconnect.StartFake()
	if err != nil {
		log.Fatal(err)
	}
	defer fake.Close()

	// The code under test talks to fake.URL(); here, through our client.
	client, ctx := fake.Client(), context.Background()
	if _, err := client.CreateDeck(ctx, "Japanese::Verbs"); err != nil {
		log.Fatal(err)
	}
	_, err = client.AddNote(ctx, ankiconnect.Note{
		DeckName:  "Japanese::Verbs",
		ModelName: "Basic (and reversed card)",
		Fields:    map[string]string{"Front": "taberu", "Back": "to eat"},
		Tags:      []string{"verb"},
	})
	if err != nil {
		log.Fatal(err)
	}

	// Inspect the collection without HTTP.
	for _, n := range fake.Notes() {
		fmt.Println(n.Model, n.Fields["Front"], n.Tags, len(n.Cards), "cards")
	}
	for _, c := range fake.Cards() {
		fmt.Println(c.Deck, c.Ord, c.Type)
	}
	for _, call := range fake.Calls() {
		fmt.Printf("%s version %d error %q\n", call.Action, call.Version, call.Error)
	}
	// Output:
	// Basic (and reversed card) taberu [verb] 2 cards
	// Japanese::Verbs 0 new
	// Japanese::Verbs 1 new
	// createDeck version 6 error ""
	// addNote version 6 error ""
}
