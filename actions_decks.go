package ankiconnect

import (
	"bytes"
	"context"
	"encoding/json"
)

// DeckStats are a deck's card counts, as GetDeckStats returns them.
type DeckStats struct {
	DeckID DeckID `json:"deck_id"`
	// Name is the deck's own name, the last part of its path: "JLPT N5"
	// for "Japanese::JLPT N5" (the add-on's documentation shows the full
	// path, but the add-on sends the leaf).
	Name string `json:"name"`
	// NewCount, LearnCount and ReviewCount are the cards due today as the
	// deck list shows them: subdecks included, daily limits applied.
	NewCount    int `json:"new_count"`
	LearnCount  int `json:"learn_count"`
	ReviewCount int `json:"review_count"`
	// TotalInDeck counts the cards in this deck itself, not its subdecks.
	TotalInDeck int `json:"total_in_deck"`
}

// DeckConfig is a deck options group (preset) in the legacy JSON form that
// AnkiConnect exchanges. The fields are the common settings; every other key
// the server sends (newer Anki adds many, such as the FSRS parameters) is
// kept, and SaveDeckConfig sends the object back with only the fields the
// caller changed replaced. Get a DeckConfig from GetDeckConfig and change it;
// one made from scratch is sent with its fields only, zero or not.
type DeckConfig struct {
	ID   DeckConfigID `json:"id"`
	Name string       `json:"name"`
	// Mod is the last modification time (epoch seconds), USN the sync
	// sequence number.
	Mod int64 `json:"mod"`
	USN int   `json:"usn"`
	// Dyn reports that the deck asked for is a filtered deck. Those have
	// no options group: GetDeckConfig then returns the deck itself (its
	// search terms and other settings kept as unmodelled keys), and
	// SaveDeckConfig reports false for it.
	Dyn   bool             `json:"dyn"`
	New   DeckConfigNew    `json:"new"`
	Rev   DeckConfigReview `json:"rev"`
	Lapse DeckConfigLapse  `json:"lapse"`
	// MaxTaken is the most seconds an answer is timed for.
	MaxTaken int `json:"maxTaken"`
	// Autoplay plays audio automatically; ReplayQ replays the question's
	// audio with the answer.
	Autoplay bool `json:"autoplay"`
	ReplayQ  bool `json:"replayq"`
	// Timer is 1 to show the answer timer, 0 not to.
	Timer int `json:"timer"`

	raw json.RawMessage
}

// DeckConfigNew are the settings for new cards ("new" in the JSON).
type DeckConfigNew struct {
	// Delays are the learning steps in minutes.
	Delays []float64 `json:"delays"`
	// Ints are the graduating and easy intervals in days (a third value is
	// unused).
	Ints []int `json:"ints"`
	// InitialFactor is the starting ease in permille (2500 is 250%).
	InitialFactor int `json:"initialFactor"`
	// Order is 0 to show new cards in random order, 1 in order added.
	Order  int  `json:"order"`
	PerDay int  `json:"perDay"`
	Bury   bool `json:"bury"`

	raw json.RawMessage
}

// DeckConfigReview are the settings for reviews ("rev" in the JSON).
type DeckConfigReview struct {
	PerDay int `json:"perDay"`
	// Ease4 is the Easy bonus, IvlFct the interval modifier, HardFactor the
	// Hard interval factor.
	Ease4      float64 `json:"ease4"`
	IvlFct     float64 `json:"ivlFct"`
	HardFactor float64 `json:"hardFactor"`
	// MaxIvl is the maximum interval in days.
	MaxIvl int  `json:"maxIvl"`
	Bury   bool `json:"bury"`

	raw json.RawMessage
}

// DeckConfigLapse are the settings for forgotten cards ("lapse" in the
// JSON).
type DeckConfigLapse struct {
	// Delays are the relearning steps in minutes.
	Delays []float64 `json:"delays"`
	// Mult is the new interval as a fraction of the old one.
	Mult float64 `json:"mult"`
	// MinInt is the minimum interval in days.
	MinInt int `json:"minInt"`
	// LeechFails is the lapse count that makes a card a leech; LeechAction
	// is then 0 to suspend it, 1 to only tag it.
	LeechFails  int `json:"leechFails"`
	LeechAction int `json:"leechAction"`

	raw json.RawMessage
}

// UnmarshalJSON decodes the object and keeps it whole for MarshalJSON. For
// the name of a filtered deck, getDeckConfig answers with the deck itself,
// whose "dyn" is 1 rather than true; both set Dyn.
func (c *DeckConfig) UnmarshalJSON(b []byte) error {
	type plain DeckConfig
	v := struct {
		*plain
		Dyn json.RawMessage `json:"dyn"`
	}{plain: (*plain)(c)}
	if err := decodeKeeping(b, &v, &c.raw); err != nil {
		return err
	}
	c.Dyn = dynTrue(v.Dyn)
	return nil
}

// dynTrue reports whether a deck's "dyn" (true, or 1 for a filtered deck)
// is set.
func dynTrue(dyn json.RawMessage) bool {
	var n float64
	return string(dyn) == "true" || json.Unmarshal(dyn, &n) == nil && n != 0
}

// MarshalJSON encodes the object received (if any) with the fields the
// caller changed replaced; see DeckConfig.
func (c DeckConfig) MarshalJSON() ([]byte, error) {
	type plain DeckConfig
	return encodeKeeping(c, c.raw, func(c DeckConfig) any { return plain(c) })
}

// UnmarshalJSON decodes the object and keeps it whole for MarshalJSON.
func (c *DeckConfigNew) UnmarshalJSON(b []byte) error {
	type plain DeckConfigNew
	return decodeKeeping(b, (*plain)(c), &c.raw)
}

// MarshalJSON encodes the object received with the changed fields replaced.
func (c DeckConfigNew) MarshalJSON() ([]byte, error) {
	type plain DeckConfigNew
	return encodeKeeping(c, c.raw, func(c DeckConfigNew) any { return plain(c) })
}

// UnmarshalJSON decodes the object and keeps it whole for MarshalJSON.
func (c *DeckConfigReview) UnmarshalJSON(b []byte) error {
	type plain DeckConfigReview
	return decodeKeeping(b, (*plain)(c), &c.raw)
}

// MarshalJSON encodes the object received with the changed fields replaced.
func (c DeckConfigReview) MarshalJSON() ([]byte, error) {
	type plain DeckConfigReview
	return encodeKeeping(c, c.raw, func(c DeckConfigReview) any { return plain(c) })
}

// UnmarshalJSON decodes the object and keeps it whole for MarshalJSON.
func (c *DeckConfigLapse) UnmarshalJSON(b []byte) error {
	type plain DeckConfigLapse
	return decodeKeeping(b, (*plain)(c), &c.raw)
}

// MarshalJSON encodes the object received with the changed fields replaced.
func (c DeckConfigLapse) MarshalJSON() ([]byte, error) {
	type plain DeckConfigLapse
	return encodeKeeping(c, c.raw, func(c DeckConfigLapse) any { return plain(c) })
}

// decodeKeeping decodes the JSON object b into typed (a pointer to a value
// without UnmarshalJSON) and keeps a copy of b in *raw, for encodeKeeping.
// null leaves both zero.
func decodeKeeping(b []byte, typed any, raw *json.RawMessage) error {
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		return nil
	}
	if err := json.Unmarshal(b, typed); err != nil {
		return err
	}
	*raw = bytes.Clone(b)
	return nil
}

// keeper is a pointer to a type that keeps the JSON object it was decoded
// from.
type keeper[T any] interface {
	*T
	json.Unmarshaler
}

// encodeKeeping encodes v, a value decoded from raw, as the object raw with
// every member whose typed value changed since raw was decoded replaced:
// members the typed fields do not model, and unchanged ones, are sent
// exactly as received (only their order and spacing may differ). A field
// absent from raw is added only when the caller changed it. Without raw, v
// is encoded as it is. plain converts v to a type without MarshalJSON.
func encodeKeeping[T any, P keeper[T]](v T, raw json.RawMessage, plain func(T) any) ([]byte, error) {
	if raw == nil {
		return json.Marshal(plain(v))
	}
	var received T
	if err := P(&received).UnmarshalJSON(raw); err != nil {
		return nil, err
	}
	out := map[string]json.RawMessage{}
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, err
	}
	now, err := members(plain(v))
	if err != nil {
		return nil, err
	}
	before, err := members(plain(received))
	if err != nil {
		return nil, err
	}
	for k, enc := range now {
		if !bytes.Equal(enc, before[k]) {
			out[k] = enc
		}
	}
	return json.Marshal(out)
}

// members encodes v and returns the members of the resulting object.
func members(v any) (map[string]json.RawMessage, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	m := map[string]json.RawMessage{}
	return m, json.Unmarshal(b, &m)
}

type deckParams struct {
	Deck string `json:"deck"`
}

type decksParams struct {
	Decks []string `json:"decks"`
}

type changeDeckParams struct {
	Cards []CardID `json:"cards"`
	Deck  string   `json:"deck"`
}

type deleteDecksParams struct {
	Decks    []string `json:"decks"`
	CardsToo bool     `json:"cardsToo"`
}

type saveDeckConfigParams struct {
	Config DeckConfig `json:"config"`
}

type setDeckConfigIDParams struct {
	Decks    []string     `json:"decks"`
	ConfigID DeckConfigID `json:"configId"`
}

type cloneDeckConfigIDParams struct {
	Name      string       `json:"name"`
	CloneFrom DeckConfigID `json:"cloneFrom,omitempty"`
}

type deckConfigIDParams struct {
	ConfigID DeckConfigID `json:"configId"`
}

type deckIDParams struct {
	DeckID DeckID `json:"deckId"`
}

var (
	actDeckNames          = define[noParams, []string]("deckNames", reads)
	actDeckNamesAndIDs    = define[noParams, map[string]DeckID]("deckNamesAndIds", reads)
	actGetDecks           = define[cardsParams, map[string][]CardID]("getDecks", reads)
	actCreateDeck         = define[deckParams, DeckID]("createDeck", writes)
	actChangeDeck         = define[changeDeckParams, Nothing]("changeDeck", writes)
	actDeleteDecks        = define[deleteDecksParams, Nothing]("deleteDecks", writes)
	actGetDeckConfig      = define[deckParams, Maybe[DeckConfig]]("getDeckConfig", reads)
	actSaveDeckConfig     = define[saveDeckConfigParams, bool]("saveDeckConfig", writes)
	actSetDeckConfigID    = define[setDeckConfigIDParams, bool]("setDeckConfigId", writes)
	actCloneDeckConfigID  = define[cloneDeckConfigIDParams, Maybe[DeckConfigID]]("cloneDeckConfigId", writes)
	actRemoveDeckConfigID = define[deckConfigIDParams, bool]("removeDeckConfigId", writes)
	// getDeckStats creates the decks it does not find, so it is a write.
	actGetDeckStats   = define[decksParams, map[DeckID]DeckStats]("getDeckStats", writes)
	actDeckNameFromID = define[deckIDParams, string]("deckNameFromId", reads)
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

// DeckNamesAndIDs returns every deck's ID by its full name.
//
// AnkiConnect action: deckNamesAndIds.
func (c *Client) DeckNamesAndIDs(ctx context.Context) (map[string]DeckID, error) {
	return actDeckNamesAndIDs.call(ctx, c, noParams{})
}

// DeckNamesAndIDs queues the deckNamesAndIds action; see
// Client.DeckNamesAndIDs.
func (m *Multi) DeckNamesAndIDs() *Pending[map[string]DeckID] {
	return actDeckNamesAndIDs.queue(m, noParams{})
}

// GetDecks groups the cards by the full name of the deck they are in. Card
// IDs that match no card are listed under "Default".
//
// AnkiConnect action: getDecks.
func (c *Client) GetDecks(ctx context.Context, cards []CardID) (map[string][]CardID, error) {
	return actGetDecks.call(ctx, c, cardsParams{Cards: cards})
}

// GetDecks queues the getDecks action; see Client.GetDecks.
func (m *Multi) GetDecks(cards []CardID) *Pending[map[string][]CardID] {
	return actGetDecks.queue(m, cardsParams{Cards: cards})
}

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

// ChangeDeck moves the cards to the deck, creating it if it does not exist
// (in any letter case). Cards in a filtered deck are first returned to
// their home deck.
//
// AnkiConnect action: changeDeck.
func (c *Client) ChangeDeck(ctx context.Context, cards []CardID, deck string) error {
	return actChangeDeck.exec(ctx, c, changeDeckParams{Cards: cards, Deck: deck})
}

// ChangeDeck queues the changeDeck action; see Client.ChangeDeck.
func (m *Multi) ChangeDeck(cards []CardID, deck string) *Pending[Nothing] {
	return actChangeDeck.queue(m, changeDeckParams{Cards: cards, Deck: deck})
}

// DeleteDecks deletes the decks with their subdecks and ALL THEIR CARDS.
// Since Anki 2.1.28 a deck cannot be deleted without its cards (AnkiConnect
// fails with "Since Anki 2.1.28 it's not possible to delete decks without
// deleting cards as well" when asked to), so this method always sends
// cardsToo=true; to keep cards, move them away first with ChangeDeck. Names
// are matched exactly, case included, and unknown names are skipped. The
// Default deck is only emptied, never removed.
//
// AnkiConnect action: deleteDecks.
func (c *Client) DeleteDecks(ctx context.Context, decks []string) error {
	return actDeleteDecks.exec(ctx, c, deleteDecksParams{Decks: decks, CardsToo: true})
}

// DeleteDecks queues the deleteDecks action; see Client.DeleteDecks.
func (m *Multi) DeleteDecks(decks []string) *Pending[Nothing] {
	return actDeleteDecks.queue(m, deleteDecksParams{Decks: decks, CardsToo: true})
}

// GetDeckConfig returns the options group of the named deck; found is
// false when no deck has exactly that name (case included: unlike most
// deck lookups, this one is case-sensitive).
//
// AnkiConnect action: getDeckConfig.
func (c *Client) GetDeckConfig(ctx context.Context, deck string) (config DeckConfig, found bool, err error) {
	r, err := actGetDeckConfig.call(ctx, c, deckParams{Deck: deck})
	return r.Value, r.OK, err
}

// GetDeckConfig queues the getDeckConfig action; see Client.GetDeckConfig.
// The result's OK is false when the deck does not exist.
func (m *Multi) GetDeckConfig(deck string) *Pending[Maybe[DeckConfig]] {
	return actGetDeckConfig.queue(m, deckParams{Deck: deck})
}

// SaveDeckConfig saves the options group (identified by config.ID); the
// add-on sets its mod and usn. It reports false when no group has that ID
// or Anki refused the group. Pass a DeckConfig from GetDeckConfig: keys the
// SDK does not model go back as they came.
//
// AnkiConnect action: saveDeckConfig.
func (c *Client) SaveDeckConfig(ctx context.Context, config DeckConfig) (bool, error) {
	return actSaveDeckConfig.call(ctx, c, saveDeckConfigParams{Config: config})
}

// SaveDeckConfig queues the saveDeckConfig action; see Client.SaveDeckConfig.
func (m *Multi) SaveDeckConfig(config DeckConfig) *Pending[bool] {
	return actSaveDeckConfig.queue(m, saveDeckConfigParams{Config: config})
}

// SetDeckConfigID gives the named decks the options group configID. It
// reports false, changing nothing, when a deck name does not exist exactly
// (case included); configID itself is not checked.
//
// AnkiConnect action: setDeckConfigId.
func (c *Client) SetDeckConfigID(ctx context.Context, decks []string, configID DeckConfigID) (bool, error) {
	return actSetDeckConfigID.call(ctx, c, setDeckConfigIDParams{Decks: decks, ConfigID: configID})
}

// SetDeckConfigID queues the setDeckConfigId action; see
// Client.SetDeckConfigID.
func (m *Multi) SetDeckConfigID(decks []string, configID DeckConfigID) *Pending[bool] {
	return actSetDeckConfigID.queue(m, setDeckConfigIDParams{Decks: decks, ConfigID: configID})
}

// CloneDeckConfigID creates an options group named name as a copy of the
// group cloneFrom (0 means the Default group, 1) and returns its ID; found
// is false when no group has the ID cloneFrom.
//
// AnkiConnect action: cloneDeckConfigId.
func (c *Client) CloneDeckConfigID(ctx context.Context, name string, cloneFrom DeckConfigID) (id DeckConfigID, found bool, err error) {
	r, err := actCloneDeckConfigID.call(ctx, c, cloneDeckConfigIDParams{Name: name, CloneFrom: cloneFrom})
	return r.Value, r.OK, err
}

// CloneDeckConfigID queues the cloneDeckConfigId action; see
// Client.CloneDeckConfigID. The result's OK is false when cloneFrom does not
// exist.
func (m *Multi) CloneDeckConfigID(name string, cloneFrom DeckConfigID) *Pending[Maybe[DeckConfigID]] {
	return actCloneDeckConfigID.queue(m, cloneDeckConfigIDParams{Name: name, CloneFrom: cloneFrom})
}

// RemoveDeckConfigID deletes the options group; decks using it fall back
// to the Default group. It reports false when no group has the ID, and
// fails with Anki's error for the Default group (ID 1), which cannot be
// deleted (the add-on's documentation says false).
//
// AnkiConnect action: removeDeckConfigId.
func (c *Client) RemoveDeckConfigID(ctx context.Context, configID DeckConfigID) (bool, error) {
	return actRemoveDeckConfigID.call(ctx, c, deckConfigIDParams{ConfigID: configID})
}

// RemoveDeckConfigID queues the removeDeckConfigId action; see
// Client.RemoveDeckConfigID.
func (m *Multi) RemoveDeckConfigID(configID DeckConfigID) *Pending[bool] {
	return actRemoveDeckConfigID.queue(m, deckConfigIDParams{ConfigID: configID})
}

// GetDeckStats returns the card counts of the named decks, by deck ID. A
// deck name that does not exist is CREATED (an empty deck, with its
// counts), which makes this a write: it is never retried.
//
// AnkiConnect action: getDeckStats.
func (c *Client) GetDeckStats(ctx context.Context, decks []string) (map[DeckID]DeckStats, error) {
	return actGetDeckStats.call(ctx, c, decksParams{Decks: decks})
}

// GetDeckStats queues the getDeckStats action; see Client.GetDeckStats.
func (m *Multi) GetDeckStats(decks []string) *Pending[map[DeckID]DeckStats] {
	return actGetDeckStats.queue(m, decksParams{Decks: decks})
}

// DeckNameFromID returns the full name of the deck with the ID. For an ID
// that matches no deck, AnkiConnect answers "Default" rather than an error.
//
// AnkiConnect action: deckNameFromId.
func (c *Client) DeckNameFromID(ctx context.Context, deckID DeckID) (string, error) {
	return actDeckNameFromID.call(ctx, c, deckIDParams{DeckID: deckID})
}

// DeckNameFromID queues the deckNameFromId action; see Client.DeckNameFromID.
func (m *Multi) DeckNameFromID(deckID DeckID) *Pending[string] {
	return actDeckNameFromID.queue(m, deckIDParams{DeckID: deckID})
}
