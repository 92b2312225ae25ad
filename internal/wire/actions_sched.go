package wire

import (
	"bytes"
	"encoding/json"
	"math"
	"regexp"
	"slices"
	"strconv"

	"github.com/ankiconnect-go/ankiconnect/internal/collection"
	"github.com/ankiconnect-go/ankiconnect/internal/sched"
)

// The card scheduling actions: ease factors, raw card values, suspension,
// due checks, interval history, forgetting, relearning, answering and due
// dates. The scheduling itself is internal/sched, applied to cards by the
// collection (internal/collection/sched.go).

func init() {
	cards := Param{Name: "cards", Required: true}
	Register(Action{Name: "getEaseFactors", Params: []Param{cards}, Run: getEaseFactors})
	Register(Action{Name: "setEaseFactors", Params: []Param{cards, {Name: "easeFactors", Required: true}}, Run: setEaseFactors})
	Register(Action{Name: "setSpecificValueOfCard", Params: []Param{
		{Name: "card", Required: true}, {Name: "keys", Required: true}, {Name: "newValues", Required: true},
		{Name: "warning_check", Default: false},
	}, Run: setSpecificValueOfCard})
	Register(Action{Name: "suspend", Params: []Param{cards, {Name: "suspend", Default: true}}, Run: func(e *Env, a Args) (any, error) {
		return suspend(e, a, a.Raw("suspend"))
	}})
	Register(Action{Name: "unsuspend", Params: []Param{cards}, Run: func(e *Env, a Args) (any, error) {
		_, err := suspend(e, a, json.RawMessage("false")) // the add-on drops suspend's result
		return nil, err
	}})
	Register(Action{Name: "suspended", Params: []Param{{Name: "card", Required: true}}, Run: suspended})
	Register(Action{Name: "areSuspended", Params: []Param{cards}, Run: areSuspended})
	Register(Action{Name: "areDue", Params: []Param{cards}, Run: areDue})
	Register(Action{Name: "getIntervals", Params: []Param{cards, {Name: "complete", Default: false}}, Run: getIntervals})
	Register(Action{Name: "forgetCards", Params: []Param{cards}, Run: func(e *Env, a Args) (any, error) {
		found, err := knownCards(e, a)
		if err == nil {
			e.Col.ForgetCards(found, true, false) // ScheduleCardsAsNew(restore_position=True, reset_counts=False)
		}
		return nil, err
	}})
	Register(Action{Name: "relearnCards", Params: []Param{cards}, Run: func(e *Env, a Args) (any, error) {
		found, err := knownCards(e, a)
		if err == nil {
			e.Col.RelearnCards(found)
		}
		return nil, err
	}})
	Register(Action{Name: "answerCards", Params: []Param{{Name: "answers", Required: true}}, Run: answerCards})
	Register(Action{Name: "setDueDate", Params: []Param{cards, {Name: "days", Required: true}}, Run: setDueDate})
}

// cardIDs decodes the "cards" param.
func cardIDs(a Args) ([]int64, error) {
	var ids []int64
	return ids, a.Decode("cards", &ids)
}

// knownCards returns the cards of the "cards" param that exist.
func knownCards(e *Env, a Args) ([]*collection.Card, error) {
	ids, err := cardIDs(a)
	if err != nil {
		return nil, err
	}
	return existingCards(e, ids), nil
}

// existingCards returns the cards of ids that exist, in order; unknown IDs
// are skipped, as the backend's card-ID searches skip them.
func existingCards(e *Env, ids []int64) []*collection.Card {
	var out []*collection.Card
	for _, id := range ids {
		if card := e.Col.CardByID(id); card != nil {
			out = append(out, card)
		}
	}
	return out
}

// getCard is the add-on's getCard: the card, or "Card was not found".
func getCard(e *Env, id int64) (*collection.Card, error) {
	if card := e.Col.CardByID(id); card != nil {
		return card, nil
	}
	return nil, addonErrorf(MsgCardNotFound, id)
}

// perCard maps each ID of the "cards" param to f of its card, or to null
// for an unknown ID.
func perCard[T any](e *Env, a Args, f func(*collection.Card) T) (any, error) {
	ids, err := cardIDs(a)
	if err != nil {
		return nil, err
	}
	out := make([]*T, len(ids))
	for i, id := range ids {
		if card := e.Col.CardByID(id); card != nil {
			v := f(card)
			out[i] = &v
		}
	}
	return out, nil
}

func getEaseFactors(e *Env, a Args) (any, error) {
	return perCard(e, a, func(card *collection.Card) int { return card.Factor })
}

// setEaseFactors sets card by card, as the add-on does: false for an
// unknown card, and a short easeFactors list fails with IndexError after
// the cards before it were saved.
func setEaseFactors(e *Env, a Args) (any, error) {
	ids, err := cardIDs(a)
	if err != nil {
		return nil, err
	}
	factors, err := decodeList(a, "easeFactors")
	if err != nil {
		return nil, err
	}
	out := make([]bool, 0, len(ids))
	for i, id := range ids {
		card := e.Col.CardByID(id)
		out = append(out, card != nil)
		if card == nil {
			continue
		}
		if i >= len(factors) {
			return nil, addonError(MsgIndexOutOfRange)
		}
		f, err := protoInt(factors[i], uint32Range)
		if err != nil {
			return nil, err
		}
		e.Col.SetEaseFactor(card, int(uint16(f))) // the backend keeps the ease in 16 bits
	}
	return out, nil
}

// intRange is the range of a protobuf integer field.
type intRange struct{ lo, hi int64 }

var (
	int32Range  = intRange{math.MinInt32, math.MaxInt32}
	uint32Range = intRange{0, math.MaxUint32}
	int64Range  = intRange{math.MinInt64, math.MaxInt64}
)

// protoInt converts a JSON value as Python's protobuf does for an integer
// field: bools are 0 and 1, other non-integers are a TypeError, integers
// outside the field's range a ValueError.
func protoInt(raw json.RawMessage, r intRange) (int64, error) {
	raw = bytes.TrimSpace(raw)
	switch t := PyTypeName(raw); t {
	case "bool":
		if raw[0] == 't' {
			return 1, nil
		}
		return 0, nil
	case "int":
		n, err := strconv.ParseInt(string(raw), 10, 64)
		if err != nil || n < r.lo || n > r.hi {
			return 0, addonErrorf(MsgValueOutOfRange, raw)
		}
		return n, nil
	default:
		return 0, addonErrorf(MsgNotInteger, t)
	}
}

// protectedCardKeys are the columns setSpecificValueOfCard changes only
// with warning_check.
var protectedCardKeys = []string{"did", "id", "ivl", "lapses", "left", "mod", "nid", "odid", "odue", "ord", "queue", "reps", "type", "usn"}

// cardColumn is a card attribute that reaches the backend when the add-on
// saves a card, in the order Python builds the protobuf card.
type cardColumn struct {
	key   string
	r     intRange
	apply func(c *collection.Card, v int64)
}

var cardColumns = []cardColumn{
	{"id", int64Range, nil},
	{"nid", int64Range, nil},
	{"did", int64Range, func(c *collection.Card, v int64) { c.DeckID = v }},
	{"ord", uint32Range, nil},
	{"type", uint32Range, func(c *collection.Card, v int64) { c.Type = int(v) }},
	{"queue", int32Range, func(c *collection.Card, v int64) { c.Queue = int(v) }},
	{"due", int32Range, func(c *collection.Card, v int64) { c.Due = v }},
	{"ivl", uint32Range, func(c *collection.Card, v int64) { c.Ivl = int(v) }},
	{"factor", uint32Range, func(c *collection.Card, v int64) { c.Factor = int(uint16(v)) }},
	{"reps", uint32Range, func(c *collection.Card, v int64) { c.Reps = int(v) }},
	{"lapses", uint32Range, func(c *collection.Card, v int64) { c.Lapses = int(v) }},
	{"left", uint32Range, func(c *collection.Card, v int64) { c.Left = int(v) }},
	{"odue", int32Range, func(c *collection.Card, v int64) { c.ODue = v }},
	{"odid", int64Range, func(c *collection.Card, v int64) { c.OriginalDeckID = v }},
	{"flags", uint32Range, func(c *collection.Card, v int64) { c.Flags = int(v) }},
}

// setSpecificValueOfCard is the add-on's raw card edit: false for
// arguments it refuses, else a one-element list, [true] or [[false,
// message]], however many keys were given.
func setSpecificValueOfCard(e *Env, a Args) (any, error) {
	if PyTypeName(a.Raw("card")) == "list" ||
		PyTypeName(a.Raw("keys")) != "list" || PyTypeName(a.Raw("newValues")) != "list" {
		return false, nil
	}
	keys, err := decodeList(a, "keys")
	if err != nil {
		return nil, err
	}
	values, err := decodeList(a, "newValues")
	if err != nil {
		return nil, err
	}
	if len(keys) != len(values) {
		return false, nil
	}
	// "if warning_check is False": only false itself (or no value) refuses.
	if string(bytes.TrimSpace(a.Raw("warning_check"))) == "false" {
		for _, k := range keys {
			var name string
			if json.Unmarshal(k, &name) == nil && slices.Contains(protectedCardKeys, name) {
				return false, nil
			}
		}
	}
	if err := setCardValues(e, a.Raw("card"), keys, values); err != nil {
		return []any{[]any{false, err.Error()}}, nil
	}
	return []bool{true}, nil
}

// setCardValues sets the attributes (the last value of a repeated key
// wins), then saves the card as Python's Card.flush does: columns convert
// in the protobuf card's order and the first failure saves nothing.
// Attributes that are not columns the backend takes (mod, usn, data, any
// other name) are accepted and have no effect.
func setCardValues(e *Env, cardRaw json.RawMessage, keys, values []json.RawMessage) error {
	id, err := protoInt(cardRaw, int64Range)
	if err != nil {
		return err
	}
	card, err := getCard(e, id)
	if err != nil {
		return err
	}
	set := map[string]json.RawMessage{}
	for i, k := range keys {
		var name string
		if PyTypeName(k) != "str" || json.Unmarshal(k, &name) != nil {
			return addonErrorf(MsgTypeErrorAttributeName, PyTypeName(k))
		}
		set[name] = values[i]
	}
	var apply []func()
	for _, col := range cardColumns {
		raw, ok := set[col.key]
		if !ok {
			continue
		}
		v, err := protoInt(raw, col.r)
		if err != nil {
			return err
		}
		switch col.key {
		case "id":
			if v != card.ID {
				if e.Col.CardByID(v) == nil {
					return addonErrorf(MsgNoSuchCard, v)
				}
				return addonErrorf(MsgSetValueUnsupported, col.key)
			}
		case "nid":
			if v != card.NoteID {
				return addonErrorf(MsgSetValueUnsupported, col.key)
			}
		case "ord":
			if v != int64(card.Ord) {
				return addonErrorf(MsgSetValueUnsupported, col.key)
			}
		default:
			apply = append(apply, func() { col.apply(card, v) })
		}
	}
	for _, f := range apply {
		f()
	}
	e.Col.TouchCard(card)
	return nil
}

// pyEqualsBool is Python's b == v for a JSON value v: a bool equal to b,
// or a number equal to 1 (true) or 0 (false).
func pyEqualsBool(v json.RawMessage, b bool) bool {
	want := 0.0
	if b {
		want = 1
	}
	n, ok := pyNumber(v)
	return ok && n == want
}

// suspend is the add-on's suspend(cards, suspend): it drops the cards
// already in the wanted state from the list while iterating over it, as
// Python's list.remove inside a for loop does (the card after a dropped
// one is skipped, neither checked nor dropped), fails for an unknown card
// it checks, and reports false when no card is left.
func suspend(e *Env, a Args, want json.RawMessage) (any, error) {
	list, err := cardIDs(a)
	if err != nil {
		return nil, err
	}
	for i := 0; i < len(list); i++ {
		id := list[i]
		card, err := getCard(e, id)
		if err != nil {
			return nil, err
		}
		if pyEqualsBool(want, card.Queue == collection.QueueSuspended) {
			j := slices.Index(list, id) // list.remove drops the first equal item
			list = slices.Delete(list, j, j+1)
		}
	}
	if len(list) == 0 {
		return false, nil
	}
	cards := existingCards(e, list) // a skipped ID was never checked
	if truthy(want) {
		e.Col.SuspendCards(cards)
	} else {
		e.Col.UnsuspendCards(cards)
	}
	return true, nil
}

func suspended(e *Env, a Args) (any, error) {
	var id int64
	if err := a.Decode("card", &id); err != nil {
		return nil, err
	}
	card, err := getCard(e, id)
	if err != nil {
		return nil, err
	}
	return card.Queue == collection.QueueSuspended, nil
}

func areSuspended(e *Env, a Args) (any, error) {
	return perCard(e, a, func(card *collection.Card) bool { return card.Queue == collection.QueueSuspended })
}

// reviewLog returns the review-log rows of card ID id (card is nil for a
// deleted card, whose rows stay in the log) by ascending ID, as the
// add-on's "select ... from revlog where cid = ?" reads them; the
// collection keeps both lists in ID order.
func reviewLog(e *Env, id int64, card *collection.Card) []*collection.ReviewLog {
	if card != nil {
		return card.Reviews()
	}
	return e.Col.ReviewsOfCards([]int64{id})[id]
}

// learnAheadRevlogIvl is the add-on's areDue threshold: a last interval
// shorter than 20 minutes (-1200 seconds) or any day interval is checked
// with "is:due", a longer learning step against its own end.
const learnAheadRevlogIvl = -1200

// areDue is the add-on's areDue: a new card is due; otherwise the last
// review-log row decides (none: IndexError).
func areDue(e *Env, a Args) (any, error) {
	ids, err := cardIDs(a)
	if err != nil {
		return nil, err
	}
	now := float64(e.Col.Now().UnixNano()) / 1e9
	isDue := e.Col.DueMatcher()
	out := make([]bool, len(ids))
	for i, id := range ids {
		card := e.Col.CardByID(id)
		if card != nil && card.Type == collection.CardTypeNew {
			out[i] = true
			continue
		}
		rows := reviewLog(e, id, card)
		if len(rows) == 0 {
			return nil, addonError(MsgIndexOutOfRange)
		}
		last := rows[len(rows)-1]
		if last.Ivl >= learnAheadRevlogIvl {
			out[i] = card != nil && isDue(card)
		} else {
			out[i] = float64(last.ID)/1000-float64(last.Ivl) <= now
		}
	}
	return out, nil
}

// getIntervals is the add-on's getIntervals: 0 for a new card, else the
// review log's intervals, all of them when complete (a list, empty for an
// unknown card) or the last one (IndexError when there is none).
func getIntervals(e *Env, a Args) (any, error) {
	ids, err := cardIDs(a)
	if err != nil {
		return nil, err
	}
	complete := a.Truthy("complete")
	out := make([]any, len(ids))
	for i, id := range ids {
		card := e.Col.CardByID(id)
		if card != nil && card.Type == collection.CardTypeNew {
			out[i] = 0
			continue
		}
		rows := reviewLog(e, id, card)
		ivls := make([]int, len(rows))
		for j, r := range rows {
			ivls[j] = r.Ivl
		}
		switch {
		case complete:
			out[i] = ivls
		case len(ivls) == 0:
			return nil, addonError(MsgIndexOutOfRange)
		default:
			out[i] = ivls[len(ivls)-1]
		}
	}
	return out, nil
}

// answerCards answers each {cardId, ease} in turn: false for an unknown
// card; a missing key, a bad card ID or an ease other than 1-4 fails the
// whole call, keeping the answers before it.
func answerCards(e *Env, a Args) (any, error) {
	answers, err := decodeList(a, "answers")
	if err != nil {
		return nil, err
	}
	out := make([]bool, 0, len(answers))
	for _, raw := range answers {
		d, err := asDict(raw)
		if err != nil {
			return nil, err
		}
		cidRaw, err := d.key("cardId")
		if err != nil {
			return nil, err
		}
		easeRaw, err := d.key("ease")
		if err != nil {
			return nil, err
		}
		cid, err := protoInt(cidRaw, int64Range)
		if err != nil {
			return nil, err
		}
		card := e.Col.CardByID(cid)
		if card == nil {
			out = append(out, false)
			continue
		}
		ease, ok := pyEase(easeRaw)
		if !ok {
			return nil, addonError(MsgInvalidEase)
		}
		// The add-on starts the card's timer right before answering: no
		// time taken. Each answer is its own undo step, as in Anki.
		e.Col.BeginUndo(opAnswerCard)
		if err := e.Col.AnswerCard(card, ease, 0); err != nil {
			return nil, err
		}
		out = append(out, true)
	}
	return out, nil
}

// pyEase is the ease Python's "ease == 1 ... ease == 4" chain sees: ints,
// integral floats and bools (True is 1) compare equal; ok is false when
// none of 1-4 matches.
func pyEase(raw json.RawMessage) (int, bool) {
	n, ok := pyNumber(raw)
	if !ok || n != math.Trunc(n) || n < 1 || n > 4 {
		return 0, false
	}
	return int(n), true
}

// dueDaysShape is the backend's due-date syntax with Unicode digits, as
// Rust's \d matches them: text of this shape that does not parse has a
// count that is not a 32-bit number.
var dueDaysShape = regexp.MustCompile(`^\p{Nd}+(?:-\p{Nd}+)?!?$`)

func setDueDate(e *Env, a Args) (any, error) {
	found, err := knownCards(e, a)
	if err != nil {
		return nil, err
	}
	raw := a.Raw("days")
	var days string
	if PyTypeName(raw) != "str" || json.Unmarshal(raw, &days) != nil {
		return nil, addonError(MsgBadArgumentType)
	}
	if _, _, _, err := sched.ParseDueDays(days); err != nil {
		if dueDaysShape.MatchString(days) {
			return nil, addonError(MsgParseNumber)
		}
		return nil, addonErrorf(MsgDueDateSyntax, days)
	}
	if err := e.Col.SetDueDate(found, days); err != nil {
		return nil, err
	}
	return true, nil
}
