package wire

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ankiconnect-go/ankiconnect/internal/collection"
	"github.com/google/go-cmp/cmp"
)

// seedCards adds n Basic notes to deck and sets each card with set (if not
// nil); it returns the cards.
func seedCards(e *Env, deck string, n int, set func(c *collection.Collection, card *collection.Card)) []*collection.Card {
	d := e.Col.CreateDeck(deck)
	m := e.Col.ModelByName("Basic")
	cards := make([]*collection.Card, 0, n)
	for i := range n {
		note := e.Col.NewNote(m)
		note.Fields = []string{fmt.Sprint(deck, " ", i), "back"}
		e.Col.AddNote(note, d)
		card := note.Cards()[0]
		if set != nil {
			set(e.Col, card)
		}
		cards = append(cards, card)
	}
	return cards
}

// Card states for seedCards.
func reviewDueIn(days int64) func(c *collection.Collection, card *collection.Card) {
	return func(c *collection.Collection, card *collection.Card) {
		card.Type, card.Queue, card.Due, card.Ivl, card.Factor = collection.CardTypeReview, collection.QueueReview, int64(c.Today())+days, 10, 2500
	}
}

func learning(c *collection.Collection, card *collection.Card) {
	card.Type, card.Queue, card.Due, card.Left = collection.CardTypeLearn, collection.QueueLearn, c.Now().Unix()+60, 2
}

// wantRaw checks the result's exact bytes (key order and spacing as the
// add-on's json.dumps writes them) after ${name} expansion by the caller.
func wantRaw(want string) func(t *testing.T, raw json.RawMessage) {
	return func(t *testing.T, raw json.RawMessage) {
		t.Helper()
		if diff := cmp.Diff(want, string(raw)); diff != "" {
			t.Errorf("result bytes (-want +got):\n%s", diff)
		}
	}
}

func TestReviewLogActions(t *testing.T) {
	setup := func(e *Env, vars map[string]string) error {
		cards := seedCards(e, "Default", 2, nil)
		child := seedCards(e, "Default::Child", 1, nil)
		vars["c1"], vars["c2"], vars["child"] = fmt.Sprint(cards[0].ID), fmt.Sprint(cards[1].ID), fmt.Sprint(child[0].ID)
		return nil
	}
	// The documented samples, with the sample's card IDs replaced by cards
	// that exist (cardReviews only reports cards now in the deck).
	sampleRows := `[[1594194095746, ${c1}, -1, 3, 4, -60, 2500, 6157, 0], [1594201393292, ${c2}, -1, 1, -60, -60, 0, 4846, 0]]`
	runScript(t, Config{}, setup, []step{
		{action: "getLatestReviewID", params: `{"deck": "default"}`, want: `0`},
		{action: "insertReviews", params: `{"reviews": ` + sampleRows + `}`, want: `null`},
		{action: "cardReviews", params: `{"deck": "default", "startID": 1594194095740}`, want: sampleRows},
		{action: "getLatestReviewID", params: `{"deck": "default"}`, want: `1594201393292`},
		{action: "cardReviews", params: `{"deck": "default", "startID": 1594194095746}`,
			want: `[[1594201393292, ${c2}, -1, 1, -60, -60, 0, 4846, 0]]`},
		// Rows of child decks' cards are not the deck's.
		{action: "insertReviews", params: `{"reviews": [[1594194095700, ${child}, -1, 2, 1, 0, 2500, 100, 1]]}`, want: `null`},
		{action: "cardReviews", params: `{"deck": "Default", "startID": 0}`, check: func(t *testing.T, r json.RawMessage) {
			if n := len(jsonPath(t, r, "").([]any)); n != 2 {
				t.Errorf("cardReviews(Default) = %s, want the 2 rows of Default's own cards", r)
			}
		}},
		{action: "cardReviews", params: `{"deck": "Default::Child", "startID": 0}`, want: `[[1594194095700, ${child}, -1, 2, 1, 0, 2500, 100, 1]]`},
		{action: "getLatestReviewID", params: `{"deck": "Default::Child"}`, want: `1594194095700`},
		// startID as SQLite compares it: numeric strings by value, a
		// fraction between IDs, null and other strings matching nothing.
		{action: "cardReviews", params: `{"deck": "default", "startID": "1594201393291"}`, want: `[[1594201393292, ${c2}, -1, 1, -60, -60, 0, 4846, 0]]`},
		{action: "cardReviews", params: `{"deck": "default", "startID": 1594201393291.5}`, want: `[[1594201393292, ${c2}, -1, 1, -60, -60, 0, 4846, 0]]`},
		{action: "cardReviews", params: `{"deck": "default", "startID": null}`, want: `[]`},
		{action: "cardReviews", params: `{"deck": "default", "startID": "soon"}`, want: `[]`},
		{action: "cardReviews", params: `{"deck": "default", "startID": [1]}`, err: "invalid value for parameter 'startID': expected an integer, got array"},
		{action: "cardReviews", params: `{"deck": "default"}`, err: "AnkiConnect.cardReviews() missing 1 required positional argument: 'startID'"},
		{action: "cardReviews", params: `{}`, err: "AnkiConnect.cardReviews() missing 2 required positional arguments: 'deck' and 'startID'"},
		{action: "cardReviews", params: `{"deck": 1, "startID": 0}`, err: "invalid value for parameter 'deck': expected a string, got number"},
		// Unknown decks are created by both actions.
		{action: "cardReviews", params: `{"deck": "Made::By cardReviews", "startID": 0}`, want: `[]`},
		{action: "getLatestReviewID", params: `{"deck": "Made By getLatestReviewID"}`, want: `0`},
		{action: "deckNames", want: `["Default", "Default::Child", "Made", "Made::By cardReviews", "Made By getLatestReviewID"]`},
		{action: "getLatestReviewID", params: `{"deck": null}`, err: "invalid value for parameter 'deck': expected a string, got null"},
	})
}

func TestGetReviewsOfCards(t *testing.T) {
	var c1, c2 string // the current run's card IDs, for the byte checks
	setup := func(e *Env, vars map[string]string) error {
		cards := seedCards(e, "Default", 2, nil)
		c1, c2 = fmt.Sprint(cards[0].ID), fmt.Sprint(cards[1].ID)
		vars["c1"], vars["c2"] = c1, c2
		return nil
	}
	// The documented sample's rows, stored for a card that exists.
	sampleRows := `[[1653772912146, ${c1}, 1750, 1, -20, -20, 0, 38192, 0], [1653772965429, ${c1}, 1750, 3, -45, -20, 0, 15337, 0]]`
	sampleObjects := `[{"id": 1653772912146, "usn": 1750, "ease": 1, "ivl": -20, "lastIvl": -20, "factor": 0, "time": 38192, "type": 0}, ` +
		`{"id": 1653772965429, "usn": 1750, "ease": 3, "ivl": -45, "lastIvl": -20, "factor": 0, "time": 15337, "type": 0}]`
	runScript(t, Config{}, setup, []step{
		{action: "insertReviews", params: `{"reviews": ` + sampleRows + `}`, want: `null`},
		{action: "getReviewsOfCards", params: `{"cards": [${c1}]}`, check: func(t *testing.T, r json.RawMessage) {
			wantRaw(`{"`+c1+`": `+sampleObjects+`}`)(t, r)
		}},
		// The documentation sends the IDs as strings; the add-on looks the
		// rows up by integer, so a string gets no rows.
		{action: "getReviewsOfCards", params: `{"cards": ["${c1}"]}`, want: `{"${c1}": []}`},
		// Every requested value is a key, in request order; Python's equal
		// keys (an ID and the same as a float) are one key, spelled as first
		// given; anything but a number has no rows.
		{action: "getReviewsOfCards", params: `{"cards": [${c2}, ${c1}.0, 7, null, true, ${c1}, "x"]}`, check: func(t *testing.T, r json.RawMessage) {
			wantRaw(`{"`+c2+`": [], "`+c1+`.0": `+sampleObjects+`, "7": [], "null": [], "true": [], "x": []}`)(t, r)
		}},
		{action: "getReviewsOfCards", params: `{"cards": []}`, want: `{}`},
		{action: "getReviewsOfCards", params: `{"cards": "12"}`, want: `{"1": [], "2": []}`},
		{action: "getReviewsOfCards", params: `{"cards": {"${c1}": 1}}`, want: `{"${c1}": []}`},
		{action: "getReviewsOfCards", params: `{"cards": 12}`, err: "'int' object is not iterable"},
		{action: "getReviewsOfCards", params: `{"cards": null}`, err: "'NoneType' object is not iterable"},
		{action: "getReviewsOfCards", params: `{"cards": [[1]]}`, err: "invalid value for parameter 'cards' at [0]: expected a card ID, got list"},
		{action: "getReviewsOfCards", params: `{}`, err: "AnkiConnect.getReviewsOfCards() missing 1 required positional argument: 'cards'"},
		// Rows stay in the log after their card is deleted.
		{action: "deleteDecks", params: `{"decks": ["Default"], "cardsToo": true}`, want: `null`},
		{action: "getReviewsOfCards", params: `{"cards": [${c1}]}`, check: func(t *testing.T, r json.RawMessage) {
			wantRaw(`{"`+c1+`": `+sampleObjects+`}`)(t, r)
		}},
	})
}

func TestInsertReviews(t *testing.T) {
	setup := func(e *Env, vars map[string]string) error {
		cards := seedCards(e, "Default", 1, nil)
		vars["c1"] = fmt.Sprint(cards[0].ID)
		return nil
	}
	row := func(id int64) string { return fmt.Sprintf("[%d, ${c1}, -1, 3, 4, -60, 2500, 6157, 0]", id) }
	runScript(t, Config{}, setup, []step{
		{action: "insertReviews", params: `{"reviews": [` + row(100) + `]}`, want: `null`},
		// The ID is the primary key: a taken ID, or one repeated in the
		// batch, fails the whole insert.
		{action: "insertReviews", params: `{"reviews": [` + row(200) + `, ` + row(100) + `]}`, err: MsgRevlogIDTaken},
		{action: "insertReviews", params: `{"reviews": [` + row(300) + `, ` + row(300) + `]}`, err: MsgRevlogIDTaken},
		{action: "cardReviews", params: `{"deck": "Default", "startID": 0}`, want: `[` + row(100) + `]`},
		// Rows need not belong to a card, and go in any order.
		{action: "insertReviews", params: `{"reviews": [[50, 42, 0, 1, 1, 1, 1, 1, 1], ` + row(75) + `]}`, want: `null`},
		{action: "cardReviews", params: `{"deck": "Default", "startID": 0}`, want: `[` + row(75) + `, ` + row(100) + `]`},
		{action: "getReviewsOfCards", params: `{"cards": [42]}`, want: `{"42": [{"id": 50, "usn": 0, "ease": 1, "ivl": 1, "lastIvl": 1, "factor": 1, "time": 1, "type": 1}]}`},
		// SQLite's TRUE and FALSE, and floats without a fraction, are integers.
		{action: "insertReviews", params: `{"reviews": [[400.0, ${c1}, true, false, 1, 1, 1, 1, 1]]}`, want: `null`},
		{action: "cardReviews", params: `{"deck": "Default", "startID": 100}`, want: `[[400, ${c1}, 1, 0, 1, 1, 1, 1, 1]]`},
		{action: "insertReviews", params: `{"reviews": []}`, want: `null`},
		{action: "insertReviews", params: `{"reviews": [[1, 2, 3]]}`, err: fmt.Sprintf(MsgRevlogValuesCount, 3)},
		{action: "insertReviews", params: `{"reviews": [` + row(500) + `, [1, 2, 3]]}`, err: MsgRevlogValuesDiffer},
		{action: "insertReviews", params: `{"reviews": null}`, err: "object of type 'NoneType' has no len()"},
		{action: "insertReviews", params: `{"reviews": 5}`, err: "object of type 'int' has no len()"},
		{action: "insertReviews", params: `{"reviews": "abc"}`, err: "invalid value for parameter 'reviews': expected a list, got string"},
		{action: "insertReviews", params: `{"reviews": [{"id": 1}]}`, err: fmt.Sprintf(MsgReviewRowNotList, 0, "dict")},
		{action: "insertReviews", params: `{"reviews": [[]]}`, err: fmt.Sprintf(MsgReviewRowEmpty, 0)},
		{action: "insertReviews", params: `{"reviews": [[600, ${c1}, -1, "3", 4, -60, 2500, 6157, 0]]}`, err: fmt.Sprintf(MsgReviewValueNotInt, 0, 3, "'3'")},
		{action: "insertReviews", params: `{"reviews": [[600, ${c1}, -1, 3, 4, -60, 2500.5, 6157, 0]]}`, err: fmt.Sprintf(MsgReviewValueNotInt, 0, 6, "2500.5")},
		{action: "cardReviews", params: `{"deck": "Default", "startID": 100}`, want: `[[400, ${c1}, 1, 0, 1, 1, 1, 1, 1]]`},
		{action: "insertReviews", params: `{}`, err: "AnkiConnect.insertReviews() missing 1 required positional argument: 'reviews'"},
	})
}

// movableClock is a clock the test moves.
type movableClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *movableClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *movableClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// result posts one action and returns its result, failing on an error.
func result(t *testing.T, send sender, action, params string) json.RawMessage {
	t.Helper()
	var env struct {
		Result json.RawMessage `json:"result"`
		Error  *string         `json:"error"`
	}
	body := post(t, send, fmt.Sprintf(`{"action": %q, "version": 6, "params": %s}`, action, params))
	if err := json.Unmarshal([]byte(body), &env); err != nil || env.Error != nil {
		t.Fatalf("%s %s: %s", action, params, body)
	}
	return env.Result
}

func TestReviewCountsFollowTheClock(t *testing.T) {
	// The collection is created at noon UTC on March 1st; days start at 4 am.
	start := time.Date(2021, 3, 1, 12, 0, 0, 0, time.UTC)
	clock := &movableClock{}
	bothWays(t, Config{Clock: clock.Now}, func(t *testing.T, srv *Server, send sender) {
		clock.Set(start)
		_ = result(t, send, "deckNames", `{}`) // the collection is created now
		at := func(day, hour int) int64 { return time.Date(2021, 3, day, hour, 0, 0, 0, time.UTC).UnixMilli() }
		var rows []string
		for i, ms := range []int64{at(1, 3), at(1, 5), at(1, 23), at(2, 2), at(2, 5), at(2, 6), at(3, 12)} {
			rows = append(rows, fmt.Sprintf("[%d, 1, -1, 3, 1, 1, 2500, %d, 1]", ms, 1000*(i+1)))
		}
		_ = result(t, send, "insertReviews", `{"reviews": [`+strings.Join(rows, ", ")+`]}`)
		byDay := `[["2021-03-03", 1], ["2021-03-02", 2], ["2021-03-01", 3], ["2021-02-28", 1]]`
		steps := []struct {
			now   time.Time
			today string
		}{
			{start, "6"},
			{time.Date(2021, 3, 2, 3, 59, 0, 0, time.UTC), "6"},
			{time.Date(2021, 3, 2, 4, 0, 0, 0, time.UTC), "3"},
			{time.Date(2021, 3, 3, 4, 0, 0, 0, time.UTC), "1"},
			{time.Date(2021, 3, 9, 4, 0, 0, 0, time.UTC), "0"},
		}
		for _, s := range steps {
			clock.Set(s.now)
			if got := string(result(t, send, "getNumCardsReviewedToday", `{}`)); got != s.today {
				t.Errorf("at %v: getNumCardsReviewedToday = %s, want %s", s.now, got, s.today)
			}
			if got := string(result(t, send, "getNumCardsReviewedByDay", `{}`)); got != byDay {
				t.Errorf("at %v: getNumCardsReviewedByDay = %s, want %s", s.now, got, byDay)
			}
		}
	})
}

func TestStatsSamples(t *testing.T) {
	// The documented getNumCardsReviewedByDay sample: 124 reviews on
	// February 28th and 261 on the 27th (2021).
	setup := func(e *Env, vars map[string]string) error {
		var rows []collection.ReviewLog
		for day, n := range map[int]int{28: 124, 27: 261} {
			base := time.Date(2021, 2, day, 10, 0, 0, 0, time.UTC).UnixMilli()
			for i := range n {
				rows = append(rows, collection.ReviewLog{ID: base + int64(i)*1000, CardID: 1, Ease: 3, Type: 1})
			}
		}
		return e.Col.InsertReviews(rows)
	}
	runScript(t, Config{}, setup, []step{
		{action: "getNumCardsReviewedToday", want: `0`},
		{action: "getNumCardsReviewedByDay", check: wantRaw(`[["2021-02-28", 124], ["2021-02-27", 261]]`)},
		{action: "getNumCardsReviewedToday", params: `{"x": 1}`, err: "AnkiConnect.getNumCardsReviewedToday() got an unexpected keyword argument 'x'"},
	})
	runScript(t, Config{}, nil, []step{
		{action: "getNumCardsReviewedByDay", want: `[]`},
	})
}

func TestGetDeckStats(t *testing.T) {
	// The documented sample's decks: JLPT N5 with 1506 new cards, Easy
	// Spanish with 852 cards of which 26 new (its option group allows 30
	// a day), 10 learning and 5 reviews due.
	setup := func(e *Env, vars map[string]string) error {
		seedCards(e, "Japanese::JLPT N5", 1506, nil)
		seedCards(e, "Easy Spanish", 26, nil)
		seedCards(e, "Easy Spanish", 10, learning)
		seedCards(e, "Easy Spanish", 5, reviewDueIn(0))
		seedCards(e, "Easy Spanish", 852-41, reviewDueIn(3))
		conf := e.Col.CloneDeckConfig("Spanish", collection.DefaultConfigID)
		conf.New.PerDay = 30
		e.Col.SetDeckConfig([]*collection.Deck{e.Col.DeckByName("Easy Spanish")}, conf.ID)
		vars["n5"] = fmt.Sprint(e.Col.DeckByName("Japanese::JLPT N5").ID)
		vars["es"] = fmt.Sprint(e.Col.DeckByName("Easy Spanish").ID)
		vars["jp"] = fmt.Sprint(e.Col.DeckByName("Japanese").ID)
		return nil
	}
	runScript(t, Config{}, setup, []step{
		// The sample's result, but with the leaf name, in deck-tree order.
		{action: "getDeckStats", params: `{"decks": ["Japanese::JLPT N5", "Easy Spanish"]}`, want: `{
			"${es}": {"deck_id": ${es}, "name": "Easy Spanish", "new_count": 26, "learn_count": 10, "review_count": 5, "total_in_deck": 852},
			"${n5}": {"deck_id": ${n5}, "name": "JLPT N5", "new_count": 20, "learn_count": 0, "review_count": 0, "total_in_deck": 1506}}`},
		// A parent counts its children's cards (limited), but not in
		// total_in_deck; names match case-insensitively; repeats are one key.
		{action: "getDeckStats", params: `{"decks": ["japanese", "JAPANESE"]}`,
			want: `{"${jp}": {"deck_id": ${jp}, "name": "Japanese", "new_count": 20, "learn_count": 0, "review_count": 0, "total_in_deck": 0}}`},
		// The empty Default deck is not in the due tree, so not reported.
		{action: "getDeckStats", params: `{"decks": ["Default"]}`, want: `{}`},
		{action: "getDeckStats", params: `{"decks": []}`, want: `{}`},
		{action: "getDeckStats", params: `{"decks": ["Easy Spanish", null]}`, err: "invalid value for parameter 'decks' at [1]: expected a string, got null"},
		{action: "getDeckStats", params: `{"decks": "Easy Spanish"}`, err: "invalid value for parameter 'decks': expected a list, got string"},
		{action: "getDeckStats", params: `{}`, err: "AnkiConnect.getDeckStats() missing 1 required positional argument: 'decks'"},
	})
	runScript(t, Config{}, setup, []step{
		{action: "getDeckStats", params: `{"decks": ["Japanese::JLPT N5", "Easy Spanish"]}`, check: func(t *testing.T, r json.RawMessage) {
			if !strings.HasPrefix(string(r), `{"`) || !strings.Contains(string(r), `, "name": "Easy Spanish", "new_count": 26, "learn_count": 10, "review_count": 5, "total_in_deck": 852}, "`) {
				t.Errorf("bytes %s: want the add-on's key order and spacing, Easy Spanish first", r)
			}
		}},
	})
}

func TestGetDeckStatsFreshAndCreated(t *testing.T) {
	runScript(t, Config{}, nil, []step{
		{action: "getDeckStats", params: `{"decks": ["Default"]}`,
			check: wantRaw(`{"1": {"deck_id": 1, "name": "Default", "new_count": 0, "learn_count": 0, "review_count": 0, "total_in_deck": 0}}`)},
		// Missing decks are created (with their parents); the Default deck,
		// empty and no longer alone, leaves the tree.
		{action: "getDeckStats", params: `{"decks": ["Default", "New::Child"]}`, check: func(t *testing.T, r json.RawMessage) {
			var m map[string]map[string]any
			_ = json.Unmarshal(r, &m)
			if len(m) != 1 {
				t.Fatalf("getDeckStats = %s, want only New::Child", r)
			}
			for _, v := range m {
				if v["name"] != "Child" || v["new_count"] != 0.0 || v["total_in_deck"] != 0.0 {
					t.Errorf("getDeckStats = %s, want Child with no cards", r)
				}
			}
		}},
		{action: "deckNames", want: `["Default", "New", "New::Child"]`},
	})
}

func TestGetDeckStatsLimits(t *testing.T) {
	setup := func(e *Env, vars map[string]string) error {
		seedCards(e, "P", 3, nil)
		seedCards(e, "P::C", 8, nil)
		seedCards(e, "P::C", 4, reviewDueIn(-1))
		seedCards(e, "P::D", 6, nil)
		vars["p"], vars["c"], vars["d"] = fmt.Sprint(e.Col.DeckByName("P").ID), fmt.Sprint(e.Col.DeckByName("P::C").ID), fmt.Sprint(e.Col.DeckByName("P::D").ID)
		return nil
	}
	stats := func(id, name string, n, l, r, total int) string {
		return fmt.Sprintf(`"%s": {"deck_id": %s, "name": %q, "new_count": %d, "learn_count": %d, "review_count": %d, "total_in_deck": %d}`, id, id, name, n, l, r, total)
	}
	runScript(t, Config{}, setup, []step{
		// Default limits: 20 new a day; P sums 3 + 8 + 6 = 17.
		{action: "getDeckStats", params: `{"decks": ["P", "P::C", "P::D"]}`,
			want: "{" + stats("${p}", "P", 17, 0, 4, 3) + ", " + stats("${c}", "C", 8, 0, 4, 12) + ", " + stats("${d}", "D", 6, 0, 0, 6) + "}"},
		// Through the add-on's own deck-option actions: C gets 5 new and 2
		// reviews a day; its new cards are also capped by the reviews left.
		{action: "cloneDeckConfigId", params: `{"name": "Small"}`, save: "small"},
		{action: "saveDeckConfig", params: `{"config": {"id": ${small}, "name": "Small", "new": {"perDay": 5}, "rev": {"perDay": 6}}}`, want: `true`},
		{action: "setDeckConfigId", params: `{"decks": ["P::C"], "configId": ${small}}`, want: `true`},
		{action: "getDeckStats", params: `{"decks": ["P", "P::C"]}`,
			want: "{" + stats("${p}", "P", 11, 0, 4, 3) + ", " + stats("${c}", "C", 2, 0, 4, 12) + "}"},
		// The parent's limit caps the sum, not the child.
		{action: "setDeckConfigId", params: `{"decks": ["P"], "configId": ${small}}`, want: `true`},
		{action: "getDeckStats", params: `{"decks": ["P", "P::C", "P::D"]}`,
			want: "{" + stats("${p}", "P", 2, 0, 4, 3) + ", " + stats("${c}", "C", 2, 0, 4, 12) + ", " + stats("${d}", "D", 6, 0, 0, 6) + "}"},
	})
}

func TestGetDeckStatsStudiedToday(t *testing.T) {
	// The clock is colTestTime plus a day for each moveDay call; the last
	// step puts it back for the next run of bothWays.
	var days atomic.Int64
	cfg := Config{Clock: func() time.Time { return colTestTime.AddDate(0, 0, int(days.Load())) }}
	setup := func(e *Env, vars map[string]string) error {
		cards := seedCards(e, "P::C", 8, nil)
		conf := e.Col.CloneDeckConfig("Five", collection.DefaultConfigID)
		conf.New.PerDay = 5
		e.Col.SetDeckConfig([]*collection.Deck{e.Col.DeckByName("P::C")}, conf.ID)
		for i, card := range cards[:4] {
			vars[fmt.Sprint("c", i+1)] = fmt.Sprint(card.ID)
		}
		vars["today"] = fmt.Sprint(colTestTime.UnixMilli() / 1000)
		return nil
	}
	// counts checks P::C's new and learning counts, then runs then.
	counts := func(newCount, learn int, then func()) func(*testing.T, json.RawMessage) {
		return func(t *testing.T, r json.RawMessage) {
			t.Helper()
			var got map[string]struct {
				Name  string `json:"name"`
				New   int    `json:"new_count"`
				Learn int    `json:"learn_count"`
			}
			if err := json.Unmarshal(r, &got); err != nil || len(got) != 1 {
				t.Fatalf("getDeckStats = %s, want P::C's stats", r)
			}
			for _, s := range got {
				if diff := cmp.Diff([3]any{"C", newCount, learn}, [3]any{s.Name, s.New, s.Learn}); diff != "" {
					t.Errorf("P::C's name, new and learning counts (-want +got):\n%s", diff)
				}
			}
			if then != nil {
				then()
			}
		}
	}
	stats := `{"decks": ["P::C"]}`
	runScript(t, cfg, setup, []step{
		{action: "getDeckStats", params: stats, check: counts(5, 0, nil)},
		// Two answers use up two of the five new cards a day.
		{action: "answerCards", params: `{"answers": [{"cardId": ${c1}, "ease": 3}, {"cardId": ${c2}, "ease": 3}]}`, want: `[true, true]`},
		{action: "getDeckStats", params: stats, check: counts(3, 2, nil)},
		// First answers of new cards logged today through insertReviews are
		// not answers: they use up nothing.
		{action: "insertReviews", params: `{"reviews": [[${today}101, ${c3}, -1, 3, -600, 0, 0, 5000, 0], [${today}102, ${c4}, -1, 3, -600, 0, 0, 5000, 0]]}`, want: `null`},
		{action: "getDeckStats", params: stats, check: counts(3, 2, func() { days.Add(1) })},
		// The next day the limit starts again.
		{action: "getDeckStats", params: stats, check: counts(5, 2, func() { days.Store(0) })},
	})
}

func TestGetCollectionStatsHTML(t *testing.T) {
	setup := func(e *Env, vars map[string]string) error {
		seedCards(e, "Default", 2, nil)
		seedCards(e, "Other", 3, reviewDueIn(1))
		cards := seedCards(e, "Other", 1, learning)
		today := e.Col.Now().UnixMilli()
		return e.Col.InsertReviews([]collection.ReviewLog{
			{ID: today - 2000, CardID: cards[0].ID, Ease: 1, Type: 0, Time: 30000},
			{ID: today - 1000, CardID: cards[0].ID, Ease: 3, Type: 0, Time: 30000},
		})
	}
	contains := func(parts ...string) func(t *testing.T, r json.RawMessage) {
		return func(t *testing.T, r json.RawMessage) {
			t.Helper()
			var html string
			if err := json.Unmarshal(r, &html); err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(html, "<center>") || !strings.HasSuffix(html, "</center>") {
				t.Errorf("report is not wrapped in <center> as Anki's is: %.80q", html)
			}
			for _, p := range parts {
				if !strings.Contains(html, p) {
					t.Errorf("report lacks %q:\n%s", p, html)
				}
			}
		}
	}
	runScript(t, Config{}, setup, []step{
		{action: "getCollectionStatsHTML", params: `{"wholeCollection": true}`, check: contains(
			"<h1>Today</h1>Studied <b>2 cards</b> in <b>1 minute</b> today (30.00s/card)",
			"Again count: <b>1</b> (<b>50.0%</b> correct)",
			"Learn: <b>2</b>, Review: <b>0</b>, Relearn: <b>0</b>, Filtered: <b>0</b>",
			"No mature cards were studied today.",
			"Due tomorrow: <b>3 reviews</b>",
			"<tr><td>Young+Learn</td><td align=right><b>4</b></td></tr><tr><td>Unseen</td><td align=right><b>2</b></td></tr>",
			"<tr><td>Total cards</td><td align=right><b>6</b></td></tr>",
			"Generated on Fri Mar  1 12:00:00 2024<br>Scope: whole collection<br>Period: 1 month",
		)},
		// The default is the whole collection; false is the current deck.
		{action: "getCollectionStatsHTML", check: contains("Scope: whole collection")},
		{action: "getCollectionStatsHTML", params: `{"wholeCollection": false}`, check: contains(
			"No cards have been studied today.", "Due tomorrow: <b>0 reviews</b>",
			"<tr><td>Total cards</td><td align=right><b>2</b></td></tr>", "Scope: Default",
		)},
		{action: "getCollectionStatsHTML", params: `{"wholeCollection": 0}`, check: contains("Scope: Default")},
	})
}
