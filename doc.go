// Package ankiconnect is a typed Go client for AnkiConnect, the Anki add-on
// that serves Anki's collection as JSON over HTTP.
//
// # Client
//
// NewClient returns a Client for DefaultURL (NewClientFromEnv reads
// EnvURL and EnvAPIKey); options such as WithURL, WithAPIKey and
// WithTimeout change it. Each AnkiConnect action has one method, named
// after the action with Go initialisms (deckNamesAndIds is
// Client.DeckNamesAndIDs) and documented with the action's name:
//
//	c := ankiconnect.NewClient()
//	if _, err := c.CreateDeck(ctx, "Go::Vocabulary"); err != nil {
//		return err
//	}
//	id, err := c.AddNote(ctx, ankiconnect.Note{
//		DeckName: "Go::Vocabulary", ModelName: "Basic",
//		Fields: map[string]string{"Front": "goroutine", "Back": "a lightweight thread"},
//	})
//	if err != nil {
//		return err // errors.Is(err, ankiconnect.ErrDuplicateNote) if it is there
//	}
//	fmt.Println("added note", id)
//
// Invoke (or InvokeReadOnly, for an action that only reads) calls an
// action this package does not know yet.
//
// # Errors
//
// Every error a method returns is an *Error naming the action and wrapping
// the cause: test it with errors.Is against the sentinels (ErrDuplicateNote,
// ErrDeckNotFound, ErrNotRunning, ...) or with errors.As for *APIError,
// *HTTPError and *DecodeError. Read-only actions are retried after transport
// errors and a busy Anki (see RetryPolicy); other actions only when the
// connection was refused.
//
// # Batches and searches
//
// Client.NewMulti queues many actions for one round trip, each with its own
// Pending result; RequestFailed tells a failed request from failed actions; AddNotesEach adds many notes with an outcome per note.
// Query builds Anki searches from user text without letting it change the
// query's meaning.
//
// # Testing with the fake
//
// Package ankiconnecttest, beside this one as net/http/httptest is beside
// net/http, serves an in-memory AnkiConnect on 127.0.0.1 that behaves like
// the add-on over real HTTP:
//
//	fake := ankiconnecttest.New(t)
//	c := fake.Client() // or point your code at fake.URL()
//
// A program that imports only this package links nothing of the fake.
// Command cmd/fakeanki serves the same fake to programs in any language.
package ankiconnect
