package wire

import (
	"bytes"
	"encoding/json"
	"slices"

	"github.com/ankiconnect-go/ankiconnect/internal/collection"
)

// Card lookup actions (findCards, cardsToNotes, cardsInfo, cardsModTime).
// The card scheduling actions are part 2's.

func init() {
	cardsParam := []Param{{Name: "cards", Required: true}}
	Register(Action{Name: "findCards", Params: []Param{{Name: "query", Default: nil}}, Run: func(e *Env, a Args) (any, error) {
		return findIDs(e, a, e.Col.FindCards)
	}})
	Register(Action{Name: "cardsToNotes", Params: cardsParam, Run: func(e *Env, a Args) (any, error) {
		var ids []int64
		if err := a.Decode("cards", &ids); err != nil {
			return nil, err
		}
		out := []int64{}
		seen := map[int64]bool{}
		for _, id := range ids {
			if card := e.Col.CardByID(id); card != nil && !seen[card.NoteID] {
				seen[card.NoteID] = true
				out = append(out, card.NoteID)
			}
		}
		slices.Sort(out)
		return out, nil
	}})
	Register(Action{Name: "cardsInfo", Params: cardsParam, Run: cardsInfo})
	Register(Action{Name: "cardsModTime", Params: cardsParam, Run: func(e *Env, a Args) (any, error) {
		var ids []int64
		if err := a.Decode("cards", &ids); err != nil {
			return nil, err
		}
		out := make([]any, len(ids))
		for i, id := range ids {
			out[i] = struct{}{}
			if card := e.Col.CardByID(id); card != nil {
				out[i] = cardModTime{card.ID, card.Mod}
			}
		}
		return out, nil
	}})
}

type cardModTime struct {
	CardID int64 `json:"cardId"`
	Mod    int64 `json:"mod"`
}

// cardInfo is one cardsInfo entry, keys in the add-on's order.
// appendPy writes the cardModTime as encodePython does.
func (c cardModTime) appendPy(b []byte) ([]byte, bool) {
	o := startObject(b)
	o.int("cardId", c.CardID)
	o.int("mod", c.Mod)
	return o.end(), true
}

type cardInfo struct {
	CardID      int64      `json:"cardId"`
	Fields      fieldsJSON `json:"fields"`
	FieldOrder  int        `json:"fieldOrder"`
	Question    string     `json:"question"`
	Answer      string     `json:"answer"`
	ModelName   string     `json:"modelName"`
	Ord         int        `json:"ord"`
	DeckName    string     `json:"deckName"`
	CSS         string     `json:"css"`
	Factor      int        `json:"factor"`
	Interval    int        `json:"interval"`
	Note        int64      `json:"note"`
	Type        int        `json:"type"`
	Queue       int        `json:"queue"`
	Due         int64      `json:"due"`
	Reps        int        `json:"reps"`
	Lapses      int        `json:"lapses"`
	Left        int        `json:"left"`
	Mod         int64      `json:"mod"`
	NextReviews []string   `json:"nextReviews"`
	Flags       int        `json:"flags"`
}

// cardsInfo describes cards; unknown IDs give {}.
func cardsInfo(e *Env, a Args) (any, error) {
	var ids []int64
	if err := a.Decode("cards", &ids); err != nil {
		return nil, err
	}
	out := make([]any, len(ids))
	for i, id := range ids {
		card := e.Col.CardByID(id)
		if card == nil {
			out[i] = struct{}{}
			continue
		}
		n := card.Note()
		m := e.Col.ModelByID(n.ModelID)
		q, ans := e.Col.RenderCard(card)
		style := "<style>" + m.CSS + "</style>"
		out[i] = &cardInfo{
			CardID: card.ID, Fields: fieldsJSON{m, n}, FieldOrder: card.Ord,
			Question: style + q, Answer: style + ans, ModelName: m.Name, Ord: card.Ord,
			DeckName: e.Col.DeckOrDefault(card.DeckID).Name, CSS: m.CSS,
			Factor: card.Factor, Interval: card.Ivl, Note: n.ID, Type: card.Type, Queue: card.Queue,
			Due: card.Due, Reps: card.Reps, Lapses: card.Lapses, Left: card.Left, Mod: card.Mod,
			NextReviews: e.Col.NextReviews(card), Flags: card.Flags,
		}
	}
	return out, nil
}

// fieldsJSON writes a note's fields as {"Name": {"value": ..., "order": n}}
// in the note type's field order.
type fieldsJSON struct {
	m *collection.Model
	n *collection.Note
}

// MarshalJSON writes the object without building a map.
func (f fieldsJSON) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, fld := range f.m.Fields {
		if i > 0 {
			b.WriteByte(',')
		}
		name, _ := json.Marshal(fld.Name)
		value := ""
		if i < len(f.n.Fields) {
			value = f.n.Fields[i]
		}
		v, _ := json.Marshal(fieldValue{value, i})
		b.Write(name)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// appendPy writes what MarshalJSON writes, as encodePython sends it.
func (f fieldsJSON) appendPy(b []byte) ([]byte, bool) {
	o := startObject(b)
	for i, fld := range f.m.Fields {
		value := ""
		if i < len(f.n.Fields) {
			value = f.n.Fields[i]
		}
		o.key(fld.Name)
		v := startObject(o.b)
		v.str("value", value)
		v.int("order", int64(i))
		o.b = v.end()
	}
	return o.end(), true
}

// appendPy writes the cardInfo as encodePython does.
func (c *cardInfo) appendPy(b []byte) ([]byte, bool) {
	o := startObject(b)
	o.int("cardId", c.CardID)
	o.key("fields")
	o.b, _ = c.Fields.appendPy(o.b)
	o.int("fieldOrder", int64(c.FieldOrder))
	o.str("question", c.Question)
	o.str("answer", c.Answer)
	o.str("modelName", c.ModelName)
	o.int("ord", int64(c.Ord))
	o.str("deckName", c.DeckName)
	o.str("css", c.CSS)
	o.int("factor", int64(c.Factor))
	o.int("interval", int64(c.Interval))
	o.int("note", c.Note)
	o.int("type", int64(c.Type))
	o.int("queue", int64(c.Queue))
	o.int("due", c.Due)
	o.int("reps", int64(c.Reps))
	o.int("lapses", int64(c.Lapses))
	o.int("left", int64(c.Left))
	o.int("mod", c.Mod)
	o.strs("nextReviews", c.NextReviews)
	o.int("flags", int64(c.Flags))
	return o.end(), true
}

type fieldValue struct {
	Value string `json:"value"`
	Order int    `json:"order"`
}
