// Command quickstart runs a complete AnkiConnect flow: it creates a deck,
// adds notes in one Multi round trip, searches for them and prints what it
// found.
//
// By default it starts an embedded fake AnkiConnect, so it needs no Anki:
//
//	go run ./examples/quickstart
//
// With -url it talks to a real Anki with AnkiConnect instead (the deck it
// creates is left in your collection; delete it with -cleanup):
//
//	go run ./examples/quickstart -url http://127.0.0.1:8765 [-key KEY] [-cleanup]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"time"

	"github.com/ankiconnect-go/ankiconnect"
	"github.com/ankiconnect-go/ankiconnect/ankiconnecttest"
)

func main() {
	url := flag.String("url", "", "AnkiConnect URL (default: an embedded fake AnkiConnect)")
	key := flag.String("key", "", "AnkiConnect API key, if one is set")
	deck := flag.String("deck", "Quickstart::Go words", "deck to create and fill")
	cleanup := flag.Bool("cleanup", false, "delete the deck and its cards at the end")
	flag.Parse()

	var client *ankiconnect.Client
	if *url != "" {
		client = ankiconnect.NewClient(ankiconnect.WithURL(*url), ankiconnect.WithAPIKey(*key))
	} else {
		fake, err := ankiconnecttest.Start()
		if err != nil {
			log.Fatal(err)
		}
		defer fake.Close()
		fmt.Printf("using an embedded fake AnkiConnect at %s\n", fake.URL())
		client = fake.Client()
	}

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := run(ctx, os.Stdout, client, *deck, *cleanup); err != nil {
		log.Fatal(err)
	}
}

// words are the notes the quickstart adds.
var words = [][2]string{
	{"goroutine", "a function running concurrently with others in the same address space"},
	{"channel", "a typed conduit that goroutines send and receive values through"},
	{"defer", "schedules a call to run when the surrounding function returns"},
}

// run is the whole flow, against any AnkiConnect the client points at.
func run(ctx context.Context, out io.Writer, c *ankiconnect.Client, deck string, cleanup bool) error {
	v, err := c.Version(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "AnkiConnect API version %d\n", v)

	if _, err := c.CreateDeck(ctx, deck); err != nil {
		return err
	}

	// One round trip adds every note; each keeps its own result and error.
	m := c.NewMulti()
	added := make([]*ankiconnect.Pending[ankiconnect.NoteID], len(words))
	for i, w := range words {
		added[i] = m.AddNote(ankiconnect.Note{
			DeckName:  deck,
			ModelName: "Basic",
			Fields:    map[string]string{"Front": w[0], "Back": w[1]},
			Tags:      []string{"quickstart", "go"},
		})
	}
	if err := m.Do(ctx); ankiconnect.RequestFailed(err) {
		return err // the batch itself failed
	}
	for i, p := range added {
		id, err := p.Result()
		switch {
		case errors.Is(err, ankiconnect.ErrDuplicateNote):
			fmt.Fprintf(out, "%-10s already in the collection\n", words[i][0])
		case err != nil:
			return err
		default:
			fmt.Fprintf(out, "%-10s added as note %d\n", words[i][0], id)
		}
	}

	// A query built from parts: user text is escaped so it matches literally.
	q := ankiconnect.And(ankiconnect.InDeck(deck), ankiconnect.HasTag("quickstart"))
	infos, err := c.NotesInfoByQuery(ctx, q.String())
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "%d notes match %s\n", len(infos), q)
	for _, n := range infos {
		if n != nil {
			fmt.Fprintf(out, "  %s: %s (cards: %d)\n", n.Fields["Front"].Value, n.Fields["Back"].Value, len(n.Cards))
		}
	}

	if cleanup {
		if err := c.DeleteDecks(ctx, []string{deck}); err != nil {
			return err
		}
		fmt.Fprintf(out, "deleted deck %q\n", deck)
	}
	return nil
}
