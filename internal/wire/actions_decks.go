package wire

import (
	"encoding/json"
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/ankiconnect-go/ankiconnect/internal/collection"
)

// Deck and deck-option actions (AnkiConnect's "Deck Actions" except
// getDeckStats, which needs the scheduler).

func init() {
	Register(Action{Name: "deckNames", Run: func(e *Env, a Args) (any, error) {
		return e.Col.DeckNames(), nil
	}})
	Register(Action{Name: "deckNamesAndIds", Run: func(e *Env, a Args) (any, error) {
		out := map[string]int64{}
		for _, d := range e.Col.AllDecks() {
			out[d.Name] = d.ID
		}
		return out, nil
	}})
	Register(Action{Name: "getDecks", Params: []Param{{Name: "cards", Required: true}}, Run: getDecks})
	Register(Action{Name: "createDeck", Params: []Param{{Name: "deck", Required: true}}, Run: createDeck})
	Register(Action{Name: "changeDeck", Params: []Param{{Name: "cards", Required: true}, {Name: "deck", Required: true}}, Run: changeDeck})
	Register(Action{Name: "deleteDecks", Params: []Param{{Name: "decks", Required: true}, {Name: "cardsToo", Default: false}}, Run: deleteDecks})
	Register(Action{Name: "getDeckConfig", Params: []Param{{Name: "deck", Required: true}}, Run: getDeckConfig})
	Register(Action{Name: "saveDeckConfig", Params: []Param{{Name: "config", Required: true}}, Run: func(e *Env, a Args) (any, error) {
		return e.Col.SaveDeckConfig(a.Raw("config")), nil
	}})
	Register(Action{Name: "setDeckConfigId", Params: []Param{{Name: "decks", Required: true}, {Name: "configId", Required: true}}, Run: setDeckConfigID})
	Register(Action{Name: "cloneDeckConfigId", Params: []Param{{Name: "name", Required: true}, {Name: "cloneFrom", Default: "1"}}, Run: cloneDeckConfigID})
	Register(Action{Name: "removeDeckConfigId", Params: []Param{{Name: "configId", Required: true}}, Run: removeDeckConfigID})
	Register(Action{Name: "deckNameFromId", Params: []Param{{Name: "deckId", Required: true}}, Run: func(e *Env, a Args) (any, error) {
		// decks.get(did): a falsy did means Default, any other goes
		// through int() (1.5 is deck 1; NaN and Infinity fail there), and
		// an unknown ID falls back to Default, so the add-on's "deck was
		// not found" branch is unreachable.
		raw := a.Raw("deckId")
		if !truthy(raw) {
			return e.Col.DeckOrDefault(collection.DefaultDeckID).Name, nil
		}
		id, err := pyInt(raw)
		if err != nil {
			return nil, err
		}
		return e.Col.DeckOrDefault(id).Name, nil
	}})
}

// getDecks groups card IDs by the name of their deck; unknown cards fall
// under Default (decks.get(None) falls back to it).
func getDecks(e *Env, a Args) (any, error) {
	var cards []int64
	if err := a.Decode("cards", &cards); err != nil {
		return nil, err
	}
	out := map[string][]int64{}
	for _, id := range cards {
		did := collection.DefaultDeckID
		if card := e.Col.CardByID(id); card != nil {
			did = card.DeckID
		}
		name := e.Col.DeckOrDefault(did).Name
		out[name] = append(out[name], id)
	}
	return out, nil
}

func createDeck(e *Env, a Args) (any, error) {
	var name string
	if err := a.Decode("deck", &name); err != nil {
		return nil, err
	}
	return e.Col.CreateDeck(name).ID, nil
}

// changeDeck creates the deck if needed and moves the cards (unknown IDs are
// ignored, as the add-on's SQL update ignores them).
func changeDeck(e *Env, a Args) (any, error) {
	var cards []int64
	var name string
	if err := errors.Join(a.Decode("cards", &cards), a.Decode("deck", &name)); err != nil {
		return nil, err
	}
	e.Col.MoveCards(cards, e.Col.CreateDeck(name).ID)
	return nil, nil
}

// deleteDecks needs a truthy cardsToo; names are matched exactly against
// deckNames() and unknown ones skipped.
func deleteDecks(e *Env, a Args) (any, error) {
	if !truthy(a.Raw("cardsToo")) {
		return nil, addonError(MsgDeleteDecksWithoutCards)
	}
	var names []string
	if err := a.Decode("decks", &names); err != nil {
		return nil, err
	}
	for _, name := range names {
		if d := e.Col.DeckByExactName(name); d != nil {
			e.Col.RemoveDeck(d.ID)
		}
	}
	return nil, nil
}

// getDeckConfig returns false unless deck is exactly a name in deckNames().
func getDeckConfig(e *Env, a Args) (any, error) {
	var name string
	if err := a.Decode("deck", &name); err != nil {
		return nil, err
	}
	d := e.Col.DeckByExactName(name)
	if d == nil {
		return false, nil
	}
	raw, err := json.Marshal(e.Col.ConfigForDeck(d))
	if err != nil {
		return nil, err
	}
	return withPyFloats(raw, ""), nil
}

// deckConfigFloats names the members that Anki's legacy deck options JSON
// holds as floats (f32 in rslib's schema 11), by section ("" is the top
// level); json.dumps writes them as 1.0, where Go writes 1.
var deckConfigFloats = map[string][]string{
	"": {"fsrsWeights", "fsrsParams5", "fsrsParams6", "fsrsParams7", "desiredRetention", "easyDaysPercentages",
		"secondsToShowQuestion", "secondsToShowAnswer", "sm2Retention"},
	"new":   {"delays"},
	"rev":   {"ease4", "ivlFct", "hardFactor"},
	"lapse": {"delays", "mult"},
}

// withPyFloats rewrites the float members of a deck config section (see
// deckConfigFloats), numbers or lists of numbers, as Python prints floats.
func withPyFloats(raw json.RawMessage, section string) json.RawMessage {
	members, ok := objectMembers(raw)
	if !ok {
		return raw
	}
	for i, m := range members {
		switch {
		case section == "" && (m.Key == "new" || m.Key == "rev" || m.Key == "lapse"):
			members[i].Value = withPyFloats(m.Value, m.Key)
		case slices.Contains(deckConfigFloats[section], m.Key):
			members[i].Value = pyFloats(m.Value)
		}
	}
	return marshalMembers(members)
}

// pyFloats writes a JSON number, or each number of a list, as Python's
// repr of that float; anything else is returned as it is.
func pyFloats(raw json.RawMessage) json.RawMessage {
	if items, ok := listItems(raw); ok {
		for i, item := range items {
			items[i] = pyFloats(item)
		}
		out := []byte{'['}
		for i, item := range items {
			if i > 0 {
				out = append(out, ',')
			}
			out = append(out, item...)
		}
		return append(out, ']')
	}
	f, ok := pyFloat(raw)
	if !ok {
		return raw
	}
	return json.RawMessage(pyFloatJSON(f))
}

// setDeckConfigID returns false if any deck is not exactly a deck name; the
// group ID itself is not checked.
func setDeckConfigID(e *Env, a Args) (any, error) {
	var names []string
	if err := a.Decode("decks", &names); err != nil {
		return nil, err
	}
	confID, err := pyInt(a.Raw("configId"))
	if err != nil {
		return nil, err
	}
	decks := make([]*collection.Deck, 0, len(names))
	for _, name := range names {
		d := e.Col.DeckByExactName(name)
		if d == nil {
			return false, nil
		}
		decks = append(decks, d)
	}
	e.Col.SetDeckConfig(decks, confID)
	return true, nil
}

// cloneDeckConfigID takes cloneFrom as Python's int() does (an int or a
// numeric string) and returns the new group's ID or false.
func cloneDeckConfigID(e *Env, a Args) (any, error) {
	var name string
	if err := a.Decode("name", &name); err != nil {
		return nil, err
	}
	from, err := pyInt(a.Raw("cloneFrom"))
	if err != nil {
		return nil, err
	}
	conf := e.Col.CloneDeckConfig(name, from)
	if conf == nil {
		return false, nil
	}
	return conf.ID, nil
}

// removeDeckConfigID returns false for an unknown group and the backend's
// error for the Default group.
func removeDeckConfigID(e *Env, a Args) (any, error) {
	id, err := pyInt(a.Raw("configId"))
	if err != nil {
		return nil, err
	}
	removed, err := e.Col.RemoveDeckConfig(id)
	if errors.Is(err, collection.ErrDefaultConfig) {
		return nil, addonError(MsgDefaultConf)
	}
	return removed, err
}

// pyInt is Python's int() of a JSON value: integers as they are, floats
// truncated, booleans as 0 or 1, numeric strings (surrounding white space
// and "_" between digits allowed) parsed; anything else is Python's error.
func pyInt(raw json.RawMessage) (int64, error) {
	switch t := PyTypeName(raw); t {
	case "int", "float":
		switch f, _ := pyFloat(raw); {
		case math.IsNaN(f):
			return 0, addonError(MsgIntFromNaN)
		case math.IsInf(f, 0):
			return 0, addonError(MsgIntFromInf)
		}
		var n int64
		if json.Unmarshal(raw, &n) == nil {
			return n, nil
		}
		f, _ := pyFloat(raw)
		return int64(f), nil
	case "bool":
		if truthy(raw) {
			return 1, nil
		}
		return 0, nil
	case "str":
		var s string
		_ = json.Unmarshal(raw, &s)
		digits := strings.TrimSpace(s)
		if !strings.HasPrefix(digits, "_") && !strings.HasSuffix(digits, "_") && !strings.Contains(digits, "__") {
			if n, err := strconv.ParseInt(strings.ReplaceAll(digits, "_", ""), 10, 64); err == nil {
				return n, nil
			}
		}
		return 0, addonErrorf(MsgIntLiteral, pyStringRepr(s))
	default:
		return 0, addonErrorf(MsgIntArgType, t)
	}
}
