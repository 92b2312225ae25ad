package wire

import (
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/ankiconnect-go/ankiconnect/internal/collection"
)

// Statistic actions (the review log, review counts and the statistics
// report) and getDeckStats, which reads the scheduler's deck due tree.

func init() {
	Register(Action{Name: "getNumCardsReviewedToday", Run: func(e *Env, a Args) (any, error) {
		return e.Col.ReviewsToday(), nil
	}})
	Register(Action{Name: "getNumCardsReviewedByDay", Run: func(e *Env, a Args) (any, error) {
		out := [][2]any{}
		for _, d := range e.Col.ReviewsByDay() {
			out = append(out, [2]any{d.Date, d.Count})
		}
		return out, nil
	}})
	Register(Action{Name: "getCollectionStatsHTML", Params: []Param{{Name: "wholeCollection", Default: true}}, Run: func(e *Env, a Args) (any, error) {
		return statsHTML(e.Col, a.Truthy("wholeCollection")), nil
	}})
	Register(Action{Name: "cardReviews", Params: []Param{{Name: "deck", Required: true}, {Name: "startID", Required: true}}, Run: cardReviews})
	Register(Action{Name: "getReviewsOfCards", Params: []Param{{Name: "cards", Required: true}}, Run: getReviewsOfCards})
	Register(Action{Name: "getLatestReviewID", Params: []Param{{Name: "deck", Required: true}}, Run: func(e *Env, a Args) (any, error) {
		name, err := deckName(a)
		if err != nil {
			return nil, err
		}
		return e.Col.LatestReviewID(e.Col.CreateDeck(name).ID), nil
	}})
	Register(Action{Name: "insertReviews", Params: []Param{{Name: "reviews", Required: true}}, Run: insertReviews})
	Register(Action{Name: "getDeckStats", Params: []Param{{Name: "decks", Required: true}}, Run: getDeckStats})
}

// reviewTuple is a review log row as the add-on's SQL returns it: [id, cid,
// usn, ease, ivl, lastIvl, factor, time, type].
func reviewTuple(r *collection.ReviewLog) [9]int64 {
	return [9]int64{r.ID, r.CardID, int64(r.Usn), int64(r.Ease), int64(r.Ivl), int64(r.LastIvl),
		int64(r.Factor), int64(r.Time), int64(r.Type)}
}

// reviewObject is a review log row in getReviewsOfCards' form, keys in the
// add-on's order.
type reviewObject struct {
	ID      int64 `json:"id"`
	Usn     int   `json:"usn"`
	Ease    int   `json:"ease"`
	Ivl     int   `json:"ivl"`
	LastIvl int   `json:"lastIvl"`
	Factor  int   `json:"factor"`
	Time    int   `json:"time"`
	Type    int   `json:"type"`
}

// cardReviews returns the rows with id > startID of the cards now in the
// deck (created if missing), by ascending ID (the add-on's SQL has no ORDER
// BY). startID is compared as SQLite compares a bound value with the
// integer column: numbers and numeric strings by value, null and other
// strings matching nothing.
func cardReviews(e *Env, a Args) (any, error) {
	name, err := deckName(a)
	if err != nil {
		return nil, err
	}
	start, some, err := sqlLowerBound(a, "startID")
	if err != nil {
		return nil, err
	}
	did := e.Col.CreateDeck(name).ID
	out := [][9]int64{}
	if !some {
		return out, nil
	}
	for _, r := range e.Col.ReviewsInDeckAfter(did, start) {
		out = append(out, reviewTuple(r))
	}
	return out, nil
}

// deckName decodes the "deck" param, which must be a string (null too is
// refused: Anki cannot look up a deck named None).
func deckName(a Args) (string, error) {
	if a.IsNull("deck") {
		return "", fmt.Errorf(MsgParamType, "deck", "", "a string", "null")
	}
	var name string
	err := a.Decode("deck", &name)
	return name, err
}

// sqlLowerBound reads the param as the bound of "id > ?": the largest
// integer the bound excludes, or some false when no integer is above it
// (null, a non-numeric string, which SQLite orders after every integer).
func sqlLowerBound(a Args, name string) (bound int64, some bool, err error) {
	raw := a.Raw(name)
	switch PyTypeName(raw) {
	case "NoneType":
		return 0, false, nil
	case "bool":
		if a.Truthy(name) {
			return 1, true, nil
		}
		return 0, true, nil
	case "str":
		var s string
		_ = json.Unmarshal(raw, &s)
		f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil || math.IsNaN(f) {
			return 0, false, nil
		}
		return floorBound(f)
	case "int":
		var n int64
		if json.Unmarshal(raw, &n) == nil {
			return n, true, nil
		}
		fallthrough
	case "float":
		var f float64
		if err := a.Decode(name, &f); err != nil {
			return 0, false, err
		}
		return floorBound(f)
	}
	var n int64
	return 0, false, a.Decode(name, &n)
}

// floorBound is the largest int64 not above f, with false when f is
// at or beyond the largest int64.
func floorBound(f float64) (int64, bool, error) {
	switch f = math.Floor(f); {
	case f >= math.MaxInt64:
		return 0, false, nil
	case f < math.MinInt64:
		return math.MinInt64, true, nil
	}
	return int64(f), true, nil
}

// getReviewsOfCards gives every requested value a key, as the add-on's
// Python dict does: a card ID (a JSON number) gets its rows, anything else
// (a string, null) an empty list, since the rows are looked up by integer.
// Python's equal keys (1, 1.0, true) share the first one's spelling.
func getReviewsOfCards(e *Env, a Args) (any, error) {
	items, err := pyIterate(a.Raw("cards"))
	if err != nil {
		return nil, err
	}
	type request struct {
		key    string
		id     int64
		lookup bool
	}
	var reqs []request
	seen := map[string]bool{} // the Python dict identities of reqs
	var ids []int64
	for i, raw := range items {
		key, identity, id, lookup, ok := pyDictKey(raw)
		if !ok {
			return nil, fmt.Errorf(MsgParamType, "cards", fmt.Sprintf(" at [%d]", i), "a card ID", PyTypeName(raw))
		}
		if seen[identity] {
			continue
		}
		seen[identity] = true
		reqs = append(reqs, request{key, id, lookup})
		if lookup {
			ids = append(ids, id)
		}
	}
	rows := e.Col.ReviewsOfCards(ids)
	out := make(orderedObject, 0, len(reqs))
	for _, r := range reqs {
		list := []reviewObject{}
		if r.lookup {
			for _, l := range rows[r.id] {
				list = append(list, reviewObject{ID: l.ID, Usn: l.Usn, Ease: l.Ease, Ivl: l.Ivl,
					LastIvl: l.LastIvl, Factor: l.Factor, Time: l.Time, Type: l.Type})
			}
		}
		out = append(out, keyValue{Key: r.key, Value: list})
	}
	return out, nil
}

// pyDictKey describes a JSON value as a key of a Python dict: key is its
// spelling in json.dumps, identity what Python's equality makes of it (1,
// 1.0 and true are one key), and id the card ID it matches when lookup.
// ok is false for a list or an object, which cannot be keys.
func pyDictKey(raw json.RawMessage) (key, identity string, id int64, lookup, ok bool) {
	switch PyTypeName(raw) {
	case "NoneType":
		return "null", "None", 0, false, true
	case "bool":
		if truthy(raw) {
			return "true", "n:1", 1, true, true
		}
		return "false", "n:0", 0, true, true
	case "str":
		var s string
		_ = json.Unmarshal(raw, &s)
		return s, "s:" + s, 0, false, true
	case "int":
		var n int64
		if json.Unmarshal(raw, &n) == nil {
			key = strconv.FormatInt(n, 10)
			return key, "n:" + key, n, true, true
		}
		s := strings.TrimSpace(string(raw))
		return s, "n:" + s, 0, false, true
	case "float":
		var f float64
		_ = json.Unmarshal(raw, &f)
		key = pyFloatRepr(f)
		if f == math.Trunc(f) && f >= math.MinInt64 && f < math.MaxInt64 {
			n := int64(f)
			return key, "n:" + strconv.FormatInt(n, 10), n, true, true
		}
		return key, "n:" + key, 0, false, true
	}
	return "", "", 0, false, false
}

// insertReviews checks the rows as SQLite would parse the add-on's INSERT
// text (row lengths first), then inserts them all or none.
func insertReviews(e *Env, a Args) (any, error) {
	switch t := PyTypeName(a.Raw("reviews")); t {
	case "NoneType", "int", "float", "bool":
		return nil, addonErrorf(MsgNoLen, t)
	}
	rows, err := decodeList(a, "reviews")
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, nil
	}
	values := make([][]json.RawMessage, len(rows))
	for i, row := range rows {
		if t := PyTypeName(row); t != "list" {
			return nil, addonErrorf(MsgReviewRowNotList, i, t)
		}
		_ = json.Unmarshal(row, &values[i])
		if len(values[i]) == 0 {
			return nil, addonErrorf(MsgReviewRowEmpty, i)
		}
		if len(values[i]) != len(values[0]) {
			return nil, addonError(MsgRevlogValuesDiffer)
		}
	}
	if n := len(values[0]); n != 9 {
		return nil, addonErrorf(MsgRevlogValuesCount, n)
	}
	logs := make([]collection.ReviewLog, len(values))
	for i, row := range values {
		var v [9]int64
		for j, cell := range row {
			n, ok := sqlInteger(cell)
			if !ok {
				return nil, addonErrorf(MsgReviewValueNotInt, i, j, PyRepr(cell))
			}
			v[j] = n
		}
		logs[i] = collection.ReviewLog{ID: v[0], CardID: v[1], Usn: int(v[2]), Ease: int(v[3]), Ivl: int(v[4]),
			LastIvl: int(v[5]), Factor: int(v[6]), Time: int(v[7]), Type: int(v[8])}
	}
	var taken *collection.ReviewIDTakenError
	if err := e.Col.InsertReviews(logs); errors.As(err, &taken) {
		return nil, addonError(MsgRevlogIDTaken)
	} else if err != nil {
		return nil, err
	}
	return nil, nil
}

// sqlInteger is the integer SQLite stores for a value pasted into the
// INSERT text: an int64, a float with no fraction, or true/false (SQLite's
// TRUE and FALSE are 1 and 0).
func sqlInteger(raw json.RawMessage) (int64, bool) {
	switch PyTypeName(raw) {
	case "bool":
		if truthy(raw) {
			return 1, true
		}
		return 0, true
	case "int":
		var n int64
		err := json.Unmarshal(raw, &n)
		return n, err == nil
	case "float":
		var f float64
		if json.Unmarshal(raw, &f) != nil || f != math.Trunc(f) || f < math.MinInt64 || f >= math.MaxInt64 {
			return 0, false
		}
		return int64(f), true
	}
	return 0, false
}

// deckStats is one deck of getDeckStats, keys in the add-on's order.
type deckStats struct {
	DeckID      int64  `json:"deck_id"`
	Name        string `json:"name"`
	NewCount    int    `json:"new_count"`
	LearnCount  int    `json:"learn_count"`
	ReviewCount int    `json:"review_count"`
	TotalInDeck int    `json:"total_in_deck"`
}

// getDeckStats creates the named decks that are missing, then reports the
// requested decks found in the due tree, in tree order (a hidden, empty
// Default deck is not in it and so not reported).
func getDeckStats(e *Env, a Args) (any, error) {
	var names []*string
	if err := a.Decode("decks", &names); err != nil {
		return nil, err
	}
	for i, name := range names {
		if name == nil {
			return nil, fmt.Errorf(MsgParamType, "decks", fmt.Sprintf(" at [%d]", i), "a string", "null")
		}
	}
	want := map[int64]bool{}
	for _, name := range names {
		want[e.Col.CreateDeck(*name).ID] = true
	}
	out := orderedObject{}
	e.Col.DueTree().Walk(func(n *collection.DueNode) {
		if want[n.DeckID] {
			out = append(out, keyValue{Key: strconv.FormatInt(n.DeckID, 10), Value: deckStats{
				DeckID: n.DeckID, Name: n.Name, NewCount: n.NewCount, LearnCount: n.LearnCount,
				ReviewCount: n.ReviewCount, TotalInDeck: n.TotalInDeck,
			}})
		}
	})
	return out, nil
}

// statsCSS opens the report, as Anki's CollectionStats.report does with
// its style sheet.
const statsCSS = "<style>h1 { margin-bottom: 0; margin-top: 1em; } " +
	".section { margin-bottom: 1em; } td { padding: 0 1em; }</style>"

// statsHTML is the fake's statistics report. Anki's report (the legacy
// CollectionStats.report) is "<center>" + style sheet + sections + "</center>",
// the sections being Today, Forecast, Review Count and Review Time graphs,
// Added, Intervals, Hourly Breakdown, Answer Buttons, Card Types and a
// footer, with the graphs drawn by JavaScript. The fake keeps that outer
// structure and the sections that are text: Today (today's reviews: count
// and time, Again count and correct percentage, counts by review type,
// mature correct answers), Forecast (cards due tomorrow), Card Types
// (mature, young and learning, unseen, suspended, buried, total cards and
// notes) and the footer (generation time at the collection's clock, scope,
// period). Scope is the whole collection, or the current deck and its
// children when wholeCollection is false.
func statsHTML(col *collection.Collection, whole bool) string {
	var decks []int64
	scope := "whole collection"
	if !whole {
		current := col.DeckOrDefault(col.CurrentDeckID())
		scope = current.Name
		decks = []int64{}
		for _, d := range col.DeckAndChildren(current.ID) {
			decks = append(decks, d.ID)
		}
	}
	s := col.Summarize(decks)
	var b strings.Builder
	b.WriteString("<center>" + statsCSS)
	section := func(title, body string) {
		b.WriteString("<div class=section><h1>" + title + "</h1>" + body + "</div>")
	}
	section("Today", todayHTML(s.Today))
	section("Forecast", fmt.Sprintf("Due tomorrow: %s", bold(plural(s.DueTomorrow, "review"))))
	var types strings.Builder
	types.WriteString("<table>")
	for _, row := range []struct {
		label string
		n     int
	}{
		{"Mature", s.Mature}, {"Young+Learn", s.YoungLearn}, {"Unseen", s.New},
		{"Suspended", s.Suspended}, {"Buried", s.Buried},
		{"Total cards", s.Cards}, {"Total notes", s.Notes},
	} {
		fmt.Fprintf(&types, "<tr><td>%s</td><td align=right>%s</td></tr>", row.label, bold(strconv.Itoa(row.n)))
	}
	types.WriteString("</table>")
	section("Card Types", types.String())
	fmt.Fprintf(&b, "<div class=section><br><br><font size=1>Generated on %s<br>Scope: %s<br>Period: 1 month</font></div>",
		col.Now().In(col.Created().Location()).Format(time.ANSIC), html.EscapeString(scope))
	b.WriteString("</center>")
	return b.String()
}

// todayHTML is the Today section's text, as Anki words it.
func todayHTML(t collection.TodayReviews) string {
	if t.Reviews == 0 {
		return "No cards have been studied today."
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Studied %s in %s today (%.2fs/card)", bold(plural(t.Reviews, "card")),
		bold(plural(int(math.Round(float64(t.Seconds)/60)), "minute")), float64(t.Seconds)/float64(t.Reviews))
	fmt.Fprintf(&b, "<br>Again count: %s (%s correct)", bold(strconv.Itoa(t.Again)),
		bold(fmt.Sprintf("%0.1f%%", (1-float64(t.Again)/float64(t.Reviews))*100)))
	fmt.Fprintf(&b, "<br>Learn: %s, Review: %s, Relearn: %s, Filtered: %s", bold(strconv.Itoa(t.Learn)),
		bold(strconv.Itoa(t.Review)), bold(strconv.Itoa(t.Relearn)), bold(strconv.Itoa(t.Filtered)))
	if t.MatureReviews > 0 {
		fmt.Fprintf(&b, "<br>Correct answers on mature cards: %d/%d (%.1f%%)", t.MatureCorrect, t.MatureReviews,
			float64(t.MatureCorrect)/float64(t.MatureReviews)*100)
	} else {
		b.WriteString("<br>No mature cards were studied today.")
	}
	return b.String()
}

func bold(s string) string { return "<b>" + s + "</b>" }

// plural is "1 card", "2 cards".
func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return strconv.Itoa(n) + " " + unit + "s"
}
