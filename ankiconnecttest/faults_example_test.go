package ankiconnecttest_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/ankiconnect-go/ankiconnect"
	"github.com/ankiconnect-go/ankiconnect/ankiconnecttest"
)

// A retry test: the fake plays a busy Anki and a lost reply, and the test
// checks what the code under test (here our client) did about it.
func ExampleFake_FailNext() {
	fake, err := ankiconnecttest.Start()
	if err != nil {
		log.Fatal(err)
	}
	defer fake.Close()
	client := fake.Client(ankiconnect.WithRetryPolicy(ankiconnect.RetryPolicy{
		MaxRetries: 3, MinBackoff: time.Millisecond, MaxBackoff: 10 * time.Millisecond,
	}))
	ctx := context.Background()

	// Anki is busy for two requests: a read is retried until it succeeds.
	fake.FailNext("deckNames", 2, ankiconnecttest.MsgCollectionUnavailable)
	decks, err := client.DeckNames(ctx)
	fmt.Println("deckNames:", decks, err)

	// A write is never retried when it may have reached Anki.
	fake.FailNext("createDeck", 1, ankiconnecttest.MsgCollectionUnavailable)
	_, err = client.CreateDeck(ctx, "Spanish")
	fmt.Println("createDeck busy:", errors.Is(err, ankiconnect.ErrCollectionUnavailable))

	// The reply to an addNote is lost after Anki added the note: the call
	// fails, and the note is there once.
	fake.DropNext("addNote", 1, ankiconnecttest.DropAfterHandled)
	_, err = client.AddNote(ctx, ankiconnect.Note{
		DeckName: "Default", ModelName: "Basic",
		Fields: map[string]string{"Front": "hola", "Back": "hello"},
	})
	fmt.Println("addNote failed:", err != nil, "- notes in Anki:", len(fake.Notes()))
	fmt.Println("faults left:", fake.PendingFaults())
	// Output:
	// deckNames: [Default] <nil>
	// createDeck busy: true
	// addNote failed: true - notes in Anki: 1
	// faults left: 0
}

// Anki is still starting: connections are refused until it is up, and the
// client's retries wait for it.
func ExampleFake_DownFor() {
	fake, err := ankiconnecttest.Start()
	if err != nil {
		log.Fatal(err)
	}
	defer fake.Close()
	// Retries for up to about 10s: far longer than the 30ms start-up, so a
	// slow machine still sees Anki come up.
	client := fake.Client(ankiconnect.WithRetryPolicy(ankiconnect.RetryPolicy{
		MaxRetries: 100, MinBackoff: 10 * time.Millisecond, MaxBackoff: 100 * time.Millisecond,
	}))

	up := fake.DownFor(30 * time.Millisecond)
	v, err := client.Version(context.Background())
	fmt.Println("version:", v, err, "- restart:", <-up)
	// Output:
	// version: 6 <nil> - restart: <nil>
}
