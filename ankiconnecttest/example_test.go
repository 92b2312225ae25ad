package ankiconnecttest_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/ankiconnect-go/ankiconnect"
	"github.com/ankiconnect-go/ankiconnect/ankiconnecttest"
)

// A test starts a fake AnkiConnect, runs the code under test against it
// through a real HTTP client, and inspects the collection afterwards. In a
// test, ankiconnecttest.New(t) does the starting and closing.
func ExampleStart() {
	fake, err := ankiconnecttest.Start()
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

// A review test: the fake's clock stands still until the test moves it, so
// intervals and due dates are exact.
func ExampleWithTime() {
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	fake, err := ankiconnecttest.Start(ankiconnecttest.WithTime(start))
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
