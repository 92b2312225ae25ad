package ankiconnect

import "context"

type deckParams struct {
	Deck string `json:"deck"`
}

var (
	actDeckNames  = define[noParams, []string]("deckNames", reads)
	actCreateDeck = define[deckParams, DeckID]("createDeck", writes)
)

// DeckNames returns the names of all decks, parents and children alike, with
// "::" between levels, sorted case-insensitively.
//
// AnkiConnect action: deckNames.
func (c *Client) DeckNames(ctx context.Context) ([]string, error) {
	return actDeckNames.call(ctx, c, noParams{})
}

// DeckNames queues the deckNames action; see Client.DeckNames.
func (m *Multi) DeckNames() *Pending[[]string] { return actDeckNames.queue(m, noParams{}) }

// CreateDeck creates the deck (and its missing parents, for a name with
// "::") and returns its ID. A deck that already exists, in any letter case,
// is not an error: its ID is returned.
//
// AnkiConnect action: createDeck.
func (c *Client) CreateDeck(ctx context.Context, name string) (DeckID, error) {
	return actCreateDeck.call(ctx, c, deckParams{Deck: name})
}

// CreateDeck queues the createDeck action; see Client.CreateDeck.
func (m *Multi) CreateDeck(name string) *Pending[DeckID] {
	return actCreateDeck.queue(m, deckParams{Deck: name})
}
