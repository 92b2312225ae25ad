package ankiconnecttest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"testing"

	"github.com/ankiconnect-go/ankiconnect"
)

// decodeJSON decodes b into generic JSON values, numbers kept exact.
func decodeJSON(t testing.TB, b []byte) any {
	t.Helper()
	var v any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("invalid JSON %q: %v", b, err)
	}
	return v
}

// addCards adds n Basic notes to deck through the client and returns their
// cards.
func addCards(t *testing.T, c *ankiconnect.Client, deck string, n int) []ankiconnect.CardID {
	t.Helper()
	if _, err := c.CreateDeck(t.Context(), deck); err != nil {
		t.Fatal(err)
	}
	notes := make([]ankiconnect.Note, n)
	for i := range notes {
		notes[i] = ankiconnect.Note{DeckName: deck, ModelName: "Basic", Fields: map[string]string{"Front": fmt.Sprint(deck, " ", i), "Back": "b"}}
	}
	if _, err := c.AddNotes(t.Context(), notes); err != nil {
		t.Fatal(err)
	}
	ids, err := c.FindCards(t.Context(), fmt.Sprintf(`"deck:%s" -"deck:%s::*"`, deck, deck))
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != n {
		t.Fatalf("deck %q has %d cards after adding %d notes", deck, len(ids), n)
	}
	slices.Sort(ids)
	return ids
}

// editDeckConfig reads deck's option group through the client, lets edit
// change it and saves it, failing the test unless the save succeeds. It
// returns the group as saved.
func editDeckConfig(t *testing.T, c *ankiconnect.Client, deck string, edit func(*ankiconnect.DeckConfig)) ankiconnect.DeckConfig {
	t.Helper()
	conf, found, err := c.GetDeckConfig(t.Context(), deck)
	if err != nil || !found {
		t.Fatalf("GetDeckConfig(%q) = found %v, %v", deck, found, err)
	}
	edit(&conf)
	if ok, err := c.SaveDeckConfig(t.Context(), conf); err != nil || !ok {
		t.Fatalf("SaveDeckConfig(%q) = %v, %v", deck, ok, err)
	}
	return conf
}
