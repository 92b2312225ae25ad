package wire

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/ankiconnect-go/ankiconnect/internal/collection"
)

// The gui* actions' tests run scripts of raw-JSON requests, over loopback
// and in-process, and read the fake's Anki window back after each step.

// guiStep is one request of a GUI script: its result (want, as JSON) or
// error, then the window's state (gui) and anything else (check).
type guiStep struct {
	action string
	params string // a JSON object; "" means none
	want   string // "" with no err: only no error is checked
	err    string
	gui    func(t *testing.T, g GUIState, vars map[string]string)
	check  func(t *testing.T, srv *Server, vars map[string]string)
}

// guiClock is a test clock the steps can move (atomic: the loopback server
// reads it on its own goroutine).
type guiClock struct{ ns atomic.Int64 }

func newGUIClock() *guiClock {
	c := &guiClock{}
	c.ns.Store(colTestTime.UnixNano())
	return c
}

func (c *guiClock) now() time.Time          { return time.Unix(0, c.ns.Load()).UTC() }
func (c *guiClock) advance(d time.Duration) { c.ns.Add(int64(d)) }

// runGUI runs steps both ways, each time on a fresh fake seeded by setup
// with a clock of its own at colTestTime; each tick is called before each
// step with its index, the server and that clock.
func runGUI(t *testing.T, cfg Config, setup func(e *Env, vars map[string]string) error, steps []guiStep, tick ...func(i int, srv *Server, c *guiClock)) {
	t.Helper()
	bothWays(t, cfg, func(t *testing.T, srv *Server, send sender) {
		clock := newGUIClock()
		vars := map[string]string{}
		if err := srv.Do(context.Background(), func(e *Env) error {
			srv.cfg.Clock = clock.now
			e.Col = collection.New(clock.now, time.Time{})
			srv.setCollection(e.Col)
			if setup == nil {
				return nil
			}
			return setup(e, vars)
		}); err != nil {
			t.Fatal(err)
		}
		for i, s := range steps {
			for _, f := range tick {
				f(i, srv, clock)
			}
			runStep(t, send, i, step{action: s.action, params: s.params, want: s.want, err: s.err}, vars)
			if s.gui != nil {
				t.Run(fmt.Sprintf("step%d-gui", i), func(t *testing.T) { s.gui(t, srv.GUI(), vars) })
			}
			if s.check != nil {
				t.Run(fmt.Sprintf("step%d-check", i), func(t *testing.T) { s.check(t, srv, vars) })
			}
		}
	})
}

// id reads a saved ID.
func id(t *testing.T, vars map[string]string, name string) int64 {
	t.Helper()
	n, err := strconv.ParseInt(vars[name], 10, 64)
	if err != nil {
		t.Fatalf("var %s = %q: %v", name, vars[name], err)
	}
	return n
}

func ids(t *testing.T, vars map[string]string, names ...string) []int64 {
	t.Helper()
	out := make([]int64, len(names))
	for i, n := range names {
		out[i] = id(t, vars, n)
	}
	return out
}

// diff reports a difference between want and got.
func diff(t *testing.T, what string, want, got any) {
	t.Helper()
	if d := cmp.Diff(want, got, cmpopts.EquateEmpty()); d != "" {
		t.Errorf("%s (-want +got):\n%s", what, d)
	}
}

// seedGUI makes Default hold two Basic notes (Front "banana", then
// "apple") and Lang one "Basic (and reversed card)" note ("cherry"), saving
// n1, n2, n3 and their cards c1, c2, c3a, c3b, and Basic's CSS escaped for
// a JSON string as css.
func seedGUI(e *Env, vars map[string]string) error {
	col := e.Col
	add := func(model, deck, front, back string) (*collection.Note, error) {
		m := col.ModelByName(model)
		if m == nil {
			return nil, fmt.Errorf("no model %s", model)
		}
		n := col.NewNote(m)
		n.Fields[0], n.Fields[1] = front, back
		col.AddNote(n, col.CreateDeck(deck))
		return n, nil
	}
	css, _ := json.Marshal(col.ModelByName("Basic").CSS)
	vars["css"] = string(css[1 : len(css)-1])
	for i, s := range []struct{ model, deck, front, back string }{
		{"Basic", "Default", "banana", "yellow"},
		{"Basic", "Default", "apple", "red"},
		{"Basic (and reversed card)", "Lang", "cherry", "dark red"},
	} {
		n, err := add(s.model, s.deck, s.front, s.back)
		if err != nil {
			return err
		}
		vars[fmt.Sprint("n", i+1)] = fmt.Sprint(n.ID)
		cards := n.Cards()
		if len(cards) == 1 {
			vars[fmt.Sprint("c", i+1)] = fmt.Sprint(cards[0].ID)
			continue
		}
		vars[fmt.Sprint("c", i+1, "a")] = fmt.Sprint(cards[0].ID)
		vars[fmt.Sprint("c", i+1, "b")] = fmt.Sprint(cards[1].ID)
	}
	return nil
}

// wantScreen checks the screen and the reviewer's card and side.
func wantScreen(screen Screen, card string, side Side) func(t *testing.T, g GUIState, vars map[string]string) {
	return func(t *testing.T, g GUIState, vars map[string]string) {
		t.Helper()
		var cardID int64
		if card != "" {
			cardID = id(t, vars, card)
		}
		type view struct {
			Screen Screen
			Active bool
			Card   int64
			Side   Side
		}
		diff(t, "window", view{screen, card != "", cardID, side}, view{g.Screen, g.Reviewer.Active, g.Reviewer.Card, g.Reviewer.Side})
	}
}

// cardQueue checks a card's queue and reps through the collection.
func cardQueue(card string, queue, reps int) func(t *testing.T, srv *Server, vars map[string]string) {
	return func(t *testing.T, srv *Server, vars map[string]string) {
		t.Helper()
		_ = srv.Do(context.Background(), func(e *Env) error {
			c := e.Col.CardByID(id(t, vars, card))
			diff(t, card+" queue, reps", []int{queue, reps}, []int{c.Queue, c.Reps})
			return nil
		})
	}
}

// TestGUIReviewer drives the reviewer through Default's two new cards:
// answers need the answer side and a valid ease, each answer goes through
// the scheduler and shows the next card (a learning card comes back within
// the learn-ahead limit), and the reviewer ends on the overview.
func TestGUIReviewer(t *testing.T) {
	notActive := MsgGuiReviewNotActive
	runGUI(t, Config{}, seedGUI, []guiStep{
		{action: "guiReviewActive", want: "false", gui: wantScreen(ScreenDeckBrowser, "", "")},
		{action: "guiCurrentCard", err: notActive},
		{action: "guiStartCardTimer", want: "false"},
		{action: "guiShowQuestion", want: "false"},
		{action: "guiShowAnswer", want: "false"},
		{action: "guiAnswerCard", params: `{"ease": 3}`, want: "false"},
		{action: "guiPlayAudio", want: "false"},
		{action: "guiDeckReview", params: `{"name": "Nope"}`, want: "false", gui: wantScreen(ScreenDeckBrowser, "", "")},
		// Names are case-insensitive, as Anki's deck lookup is.
		{action: "guiDeckReview", params: `{"name": "default"}`, want: "true", gui: wantScreen(ScreenReview, "c1", SideQuestion)},
		{action: "guiReviewActive", want: "true"},
		{action: "guiCurrentCard", want: `{"cardId": ${c1},
			"fields": {"Front": {"value": "banana", "order": 0}, "Back": {"value": "yellow", "order": 1}},
			"fieldOrder": 0, "question": "<style>${css}</style>banana",
			"answer": "<style>${css}</style>banana\n\n<hr id=answer>\n\nyellow",
			"buttons": [1, 2, 3, 4], "nextReviews": ["<1m", "<6m", "<10m", "4d"],
			"modelName": "Basic", "deckName": "Default", "css": "${css}", "template": "Card 1"}`},
		// The answer is not shown yet.
		{action: "guiAnswerCard", params: `{"ease": 3}`, want: "false", check: cardQueue("c1", collection.QueueNew, 0)},
		{action: "guiShowAnswer", want: "true", gui: wantScreen(ScreenReview, "c1", SideAnswer)},
		{action: "guiAnswerCard", params: `{"ease": 0}`, want: "false"},
		{action: "guiAnswerCard", params: `{"ease": 5}`, want: "false", check: cardQueue("c1", collection.QueueNew, 0)},
		{action: "guiPlayAudio", want: "true", gui: func(t *testing.T, g GUIState, _ map[string]string) {
			diff(t, "replays", 1, g.AudioReplays)
		}},
		{action: "guiAnswerCard", params: `{"ease": 3}`, want: "true", gui: wantScreen(ScreenReview, "c2", SideQuestion),
			check: cardQueue("c1", collection.QueueLearn, 1)},
		{action: "guiShowQuestion", want: "true", gui: wantScreen(ScreenReview, "c2", SideQuestion)},
		{action: "guiShowAnswer", want: "true"},
		// Easy graduates c2; c1, due in 10 minutes, is within the
		// learn-ahead limit and comes back.
		{action: "guiAnswerCard", params: `{"ease": 4}`, want: "true", gui: wantScreen(ScreenReview, "c1", SideQuestion),
			check: cardQueue("c2", collection.QueueReview, 1)},
		{action: "guiReviewActive", want: "true"},
		{action: "guiShowAnswer", want: "true"},
		{action: "guiAnswerCard", params: `{"ease": 3}`, want: "true", gui: func(t *testing.T, g GUIState, vars map[string]string) {
			wantScreen(ScreenOverview, "", "")(t, g, vars)
			diff(t, "answers", []ReviewAnswer{
				{Card: id(t, vars, "c1"), Ease: 3}, {Card: id(t, vars, "c2"), Ease: 4}, {Card: id(t, vars, "c1"), Ease: 3},
			}, g.Reviewer.Answers)
			diff(t, "current deck", "Default", g.CurrentDeck)
		}, check: cardQueue("c1", collection.QueueReview, 2)},
		{action: "guiCurrentCard", err: notActive},
		{action: "guiShowAnswer", want: "false"},
		{action: "guiPlayAudio", want: "false"},
	})
}

// TestGUIReviewerLearnAhead: a learning card due within the learn-ahead
// limit waits for the other due cards; with the daily new-card limit used
// up, it is shown before the remaining new cards, and a deck with nothing
// due goes to the overview.
func TestGUIReviewerLearnAhead(t *testing.T) {
	limitOne := func(e *Env, vars map[string]string) error {
		if err := seedGUI(e, vars); err != nil {
			return err
		}
		e.Col.ConfigForDeck(e.Col.DeckByName("Default")).New.PerDay = 1
		e.Col.CreateDeck("Empty")
		return nil
	}
	runGUI(t, Config{}, limitOne, []guiStep{
		{action: "guiDeckReview", params: `{"name": "Empty"}`, want: "true", gui: func(t *testing.T, g GUIState, vars map[string]string) {
			wantScreen(ScreenOverview, "", "")(t, g, vars)
			diff(t, "current deck", "Empty", g.CurrentDeck)
		}},
		{action: "guiDeckReview", params: `{"name": "Default"}`, want: "true", gui: wantScreen(ScreenReview, "c1", SideQuestion)},
		{action: "guiShowAnswer", want: "true"},
		{action: "guiAnswerCard", params: `{"ease": 1}`, want: "true", gui: wantScreen(ScreenReview, "c1", SideQuestion)},
		{action: "guiShowAnswer", want: "true"},
		{action: "guiAnswerCard", params: `{"ease": 3}`, want: "true", gui: wantScreen(ScreenReview, "c1", SideQuestion)},
		{action: "guiDeckBrowser", want: "null", gui: wantScreen(ScreenDeckBrowser, "", "")},
		{action: "guiStartCardTimer", want: "false"},
	})
}

// TestGUIReviewerDailyLimits: the reviewer shows new cards within what
// the deck's studied-today counters leave of its limit (one a day here):
// review-log rows that insertReviews dates today use up nothing, an answer
// uses up the day's new card, and the next day brings another.
func TestGUIReviewerDailyLimits(t *testing.T) {
	limitOne := func(e *Env, vars map[string]string) error {
		if err := seedGUI(e, vars); err != nil {
			return err
		}
		e.Col.ConfigForDeck(e.Col.DeckByName("Default")).New.PerDay = 1
		vars["today"] = fmt.Sprint(colTestTime.UnixMilli() / 1000)
		return nil
	}
	runGUI(t, Config{}, limitOne, []guiStep{
		{action: "insertReviews", params: `{"reviews": [[${today}001, ${c2}, -1, 3, -600, 0, 0, 5000, 0]]}`, want: "null"},
		{action: "guiDeckReview", params: `{"name": "Default"}`, want: "true", gui: wantScreen(ScreenReview, "c1", SideQuestion)},
		{action: "guiShowAnswer", want: "true"},
		// Easy graduates c1: nothing is left for today.
		{action: "guiAnswerCard", params: `{"ease": 4}`, want: "true", gui: wantScreen(ScreenOverview, "", "")},
		{action: "guiDeckReview", params: `{"name": "Default"}`, want: "true", gui: wantScreen(ScreenOverview, "", "")},
		// A day later (the clock moves before this step) c2 is shown.
		{action: "guiDeckReview", params: `{"name": "Default"}`, want: "true", gui: wantScreen(ScreenReview, "c2", SideQuestion)},
	}, func(i int, _ *Server, c *guiClock) {
		if i == 5 {
			c.advance(24 * time.Hour)
		}
	})
}

// TestGUIAnswerTimer: the time taken runs from the card's timer, which
// guiStartCardTimer restarts; it reaches the review log.
func TestGUIAnswerTimer(t *testing.T) {
	runGUI(t, Config{}, seedGUI, []guiStep{
		{action: "guiDeckReview", params: `{"name": "Default"}`, want: "true"},
		{action: "guiStartCardTimer", want: "true", gui: func(t *testing.T, g GUIState, _ map[string]string) {
			diff(t, "timer", colTestTime.Add(5*time.Second), g.Reviewer.TimerStarted)
		}},
		{action: "guiShowAnswer", want: "true"},
		{action: "guiAnswerCard", params: `{"ease": 3}`, want: "true", gui: func(t *testing.T, g GUIState, vars map[string]string) {
			diff(t, "answers", []ReviewAnswer{{Card: id(t, vars, "c1"), Ease: 3, TimeTaken: 3000}}, g.Reviewer.Answers)
			diff(t, "next card's timer", colTestTime.Add(8*time.Second), g.Reviewer.TimerStarted)
		}, check: func(t *testing.T, srv *Server, vars map[string]string) {
			_ = srv.Do(context.Background(), func(e *Env) error {
				revs := e.Col.CardByID(id(t, vars, "c1")).Reviews()
				if len(revs) != 1 {
					t.Fatalf("%d review log rows, want 1", len(revs))
				}
				diff(t, "review log time", 3000, revs[0].Time)
				return nil
			})
		}},
	}, func(i int, _ *Server, c *guiClock) {
		switch i {
		case 1: // the timer starts 5s after the card was shown
			c.advance(5 * time.Second)
		case 3: // the answer comes 3s later
			c.advance(3 * time.Second)
		}
	})
}

// TestGUIBrowser: the browser opens on "deck:current", shows a search in
// its sort order (note creation by default) while guiBrowse returns
// findCards' order, sorts only by a column it shows, and selects cards.
func TestGUIBrowser(t *testing.T) {
	setup := func(e *Env, vars map[string]string) error {
		if err := seedGUI(e, vars); err != nil {
			return err
		}
		_, err := e.Col.FindCards("deck:(")
		vars["badSearch"] = err.Error()
		return nil
	}
	browser := func(query string, sortCol string, desc bool, cards []string, selected ...string) func(t *testing.T, g GUIState, vars map[string]string) {
		return func(t *testing.T, g GUIState, vars map[string]string) {
			t.Helper()
			if g.Browser == nil {
				t.Fatal("browser not open")
			}
			diff(t, "browser", BrowserState{
				Query: query, Cards: ids(t, vars, cards...), SortColumn: sortCol, SortDescending: desc,
				SelectedCards: ids(t, vars, selected...),
			}, *g.Browser)
		}
	}
	runGUI(t, Config{}, setup, []guiStep{
		{action: "guiSelectedNotes", want: "[]", gui: func(t *testing.T, g GUIState, _ map[string]string) {
			if g.Browser != nil {
				t.Error("browser open before guiBrowse")
			}
			diff(t, "columns", DefaultBrowserColumns, g.BrowserColumns)
		}},
		{action: "guiSelectCard", params: `{"card": ${c1}}`, want: "false"},
		// No query: the browser opens on its default search, and the
		// result is []. With rows shown, the first is selected.
		{action: "guiBrowse", want: "[]", gui: browser("deck:current", "noteCrt", false, []string{"c1", "c2"}, "c1")},
		{action: "guiBrowse", params: `{"query": "deck:Lang"}`, want: "[${c3a}, ${c3b}]", gui: browser("deck:Lang", "noteCrt", false, []string{"c3a", "c3b"}, "c3a")},
		// Sorted by the sort field, descending (card ordinal too); the
		// result stays in findCards' order.
		{action: "guiBrowse", params: `{"query": "deck:*", "reorderCards": {"order": "descending", "columnId": "noteFld"}}`,
			want: "[${c1}, ${c2}, ${c3a}, ${c3b}]", gui: browser("deck:*", "noteFld", true, []string{"c3b", "c3a", "c1", "c2"}, "c3a")},
		{action: "guiBrowse", params: `{"reorderCards": {"order": "ascending", "columnId": "noteFld"}}`,
			want: "[]", gui: browser("deck:*", "noteFld", false, []string{"c2", "c1", "c3a", "c3b"}, "c3a")},
		// The Card column sorts by note type, then template.
		{action: "guiBrowse", params: `{"reorderCards": {"order": "descending", "columnId": "template"}}`,
			want: "[]", gui: browser("deck:*", "template", true, []string{"c3b", "c3a", "c1", "c2"}, "c3a")},
		{action: "guiBrowse", params: `{"reorderCards": {"order": "ascending", "columnId": "deck"}}`,
			want: "[]", gui: browser("deck:*", "deck", false, []string{"c1", "c2", "c3a", "c3b"}, "c3a")},
		{action: "guiSelectCard", params: `{"card": ${c3a}}`, want: "true", gui: browser("deck:*", "deck", false, []string{"c1", "c2", "c3a", "c3b"}, "c3a")},
		{action: "guiSelectedNotes", want: "[${n3}]"},
		// The deprecated alias takes a card ID.
		{action: "guiSelectNote", params: `{"note": ${c1}}`, want: "true"},
		{action: "guiSelectedNotes", want: "[${n1}]"},
		// A search that still finds the selected card keeps it selected.
		{action: "guiBrowse", params: `{"query": "deck:Default"}`, want: "[${c1}, ${c2}]", gui: browser("deck:Default", "deck", false, []string{"c1", "c2"}, "c1")},
		// One that does not: the first row is selected instead.
		{action: "guiBrowse", params: `{"query": "deck:Lang"}`, want: "[${c3a}, ${c3b}]", gui: browser("deck:Lang", "deck", false, []string{"c3a", "c3b"}, "c3a")},
		{action: "guiSelectedNotes", want: "[${n3}]"},
		// A card the browser does not show: the selection is cleared.
		{action: "guiSelectCard", params: `{"card": ${c1}}`, want: "true"},
		{action: "guiSelectedNotes", want: "[]"},
		// reorderCards checks, in the add-on's order; the search has run
		// (and selected its first row).
		{action: "guiBrowse", params: `{"query": "deck:Default", "reorderCards": [1, "a"]}`, err: "reorderCards should be a dict: [1, 'a']",
			gui: browser("deck:Default", "deck", false, []string{"c1", "c2"}, "c1")},
		{action: "guiBrowse", params: `{"reorderCards": {"order": "up"}}`, err: MsgReorderNeedsKeys},
		{action: "guiBrowse", params: `{"reorderCards": {"order": "up", "columnId": "noteFld"}}`, err: "invalid card order: up"},
		{action: "guiBrowse", params: `{"reorderCards": {"order": null, "columnId": "noteFld"}}`, err: "invalid card order: None"},
		// noteCrt is a column, but the browser does not show it.
		{action: "guiBrowse", params: `{"reorderCards": {"order": "ascending", "columnId": "noteCrt"}}`, err: "invalid columnId: noteCrt"},
		{action: "guiBrowse", params: `{"reorderCards": {"order": "ascending", "columnId": 7}}`, err: "invalid columnId: 7"},
		// An invalid search: the browser keeps its rows; findCards fails.
		{action: "guiBrowse", params: `{"query": "deck:("}`, err: "${badSearch}", gui: browser("deck:(", "deck", false, []string{"c1", "c2"}, "c1")},
		// A search with no rows selects nothing.
		{action: "guiBrowse", params: `{"query": "deck:nothing"}`, want: "[]", gui: browser("deck:nothing", "deck", false, nil)},
		{action: "guiSelectedNotes", want: "[]"},
	})
}

// TestGUIBrowserColumns: the documented guiBrowse sample sorts by noteCrt,
// which Anki's browser does not show by default: with it shown, the sample
// works.
func TestGUIBrowserColumns(t *testing.T) {
	sample := `{"query": "deck:current", "reorderCards": {"order": "descending", "columnId": "noteCrt"}}`
	runGUI(t, Config{}, seedGUI, []guiStep{
		{action: "guiBrowse", params: sample, err: "invalid columnId: noteCrt"},
		{action: "guiBrowse", params: sample, want: "[${c1}, ${c2}]", gui: func(t *testing.T, g GUIState, vars map[string]string) {
			diff(t, "rows", ids(t, vars, "c2", "c1"), g.Browser.Cards)
			diff(t, "columns", []string{"noteFld", "noteCrt"}, g.BrowserColumns)
		}},
	}, func(i int, srv *Server, _ *guiClock) {
		if i == 1 {
			if err := srv.SetBrowserColumns([]string{"noteFld", "noteCrt"}); err != nil {
				t.Fatal(err)
			}
		}
	})
}

// TestGUIAddDialog: guiAddCards fills the Add dialog (the documented
// sample's "Extra" is not a Cloze field and is ignored); guiAddNoteSetData
// changes it, or answers the closed-dialog object.
func TestGUIAddDialog(t *testing.T) {
	sample := `{"note": {"deckName": "Default", "modelName": "Cloze",
		"fields": {"Text": "The capital of Romania is {{c1::Bucharest}}", "Extra": "Romania is a country in Europe"},
		"tags": ["countries"],
		"picture": [{"url": "https://upload.wikimedia.org/wikipedia/commons/thumb/1/13/EU-Romania.svg/285px-EU-Romania.svg.png",
			"filename": "romania.png", "fields": ["Extra"]}]}}`
	dialog := func(deck, model string, tags []string, fields ...string) func(t *testing.T, g GUIState, _ map[string]string) {
		return func(t *testing.T, g GUIState, _ map[string]string) {
			t.Helper()
			if g.AddDialog == nil {
				t.Fatal("Add dialog not open")
			}
			want := AddDialogState{Deck: deck, Model: model, Tags: tags}
			for i := 0; i+1 < len(fields); i += 2 {
				want.Fields = append(want.Fields, NoteField{fields[i], fields[i+1]})
			}
			diff(t, "Add dialog", want, *g.AddDialog)
		}
	}
	closed := `{"error": "Add Note dialog is not open", "code": 1}`
	picture, _ := fakeFetcher(context.Background(), "https://upload.wikimedia.org/wikipedia/commons/thumb/1/13/EU-Romania.svg/285px-EU-Romania.svg.png")
	romania := jsonString(base64.StdEncoding.EncodeToString(picture))
	runGUI(t, Config{Fetcher: fakeFetcher}, seedGUI, []guiStep{
		{action: "guiAddNoteSetData", params: `{"note": {"fields": {"Front": "x"}}}`, want: closed, gui: func(t *testing.T, g GUIState, _ map[string]string) {
			if g.AddDialog != nil {
				t.Error("Add dialog open")
			}
		}},
		{action: "guiAddCards", want: "0", gui: dialog("Default", "Basic", nil, "Front", "", "Back", "")},
		{action: "guiAddCards", params: sample, want: "0",
			gui: dialog("Default", "Cloze", []string{"countries"}, "Text", "The capital of Romania is {{c1::Bucharest}}", "Back Extra", "")},
		// The picture is stored although the note is not added.
		{action: "retrieveMediaFile", params: `{"filename": "romania.png"}`, want: romania},
		{action: "findNotes", params: `{"query": "note:Cloze"}`, want: "[]"},
		// Without a note, an open dialog stays as it is.
		{action: "guiAddCards", params: `{"note": null}`, want: "0",
			gui: dialog("Default", "Cloze", []string{"countries"}, "Text", "The capital of Romania is {{c1::Bucharest}}", "Back Extra", "")},
		{action: "guiAddNoteSetData", params: `{"note": {"fields": {"Text": " (a city)", "Back Extra": "EU"}, "tags": "geo"}, "append": true}`, want: "true",
			gui: dialog("Default", "Cloze", []string{"countries", "geo"}, "Text", "The capital of Romania is {{c1::Bucharest}} (a city)", "Back Extra", "EU")},
		// A new note type keeps fields by name, else by position.
		{action: "guiAddNoteSetData", params: `{"note": {"deckName": "lang", "modelName": "Basic", "tags": ["x"]}}`, want: "true",
			gui: dialog("Lang", "Basic", []string{"x"}, "Front", "The capital of Romania is {{c1::Bucharest}} (a city)", "Back", "EU")},
		{action: "guiAddNoteSetData", params: `{"note": {"fields": {"Back": "Bucharest"}, "audio": [{"url": "https://example.com/a.mp3", "filename": "a.mp3", "fields": ["Back"]}]}}`, want: "true",
			gui: dialog("Lang", "Basic", []string{"x"}, "Front", "The capital of Romania is {{c1::Bucharest}} (a city)", "Back", "Bucharest[sound:a.mp3]")},
		{action: "guiAddNoteSetData", params: `{"note": {"fields": {"front": "x"}}}`, err: `Field "front" not found in current note`},
		{action: "guiAddNoteSetData", params: `{"note": {"deckName": "Nope"}}`, err: `Deck "Nope" not found`},
		{action: "guiAddNoteSetData", params: `{"note": {"modelName": "Nope"}}`, err: `Model "Nope" not found`},
		{action: "guiAddNoteSetData", params: `{"note": {"fields": ["Front"]}}`, err: "'list' object has no attribute 'items'"},
		{action: "guiAddNoteSetData", err: fmt.Sprintf(MsgTypeErrorMissingOne, "guiAddNoteSetData", "'note'")},
		{action: "guiAddCards", params: `{"note": {"deckName": "Nope", "modelName": "Nope"}}`, err: "deck was not found: Nope"},
		{action: "guiAddCards", params: `{"note": {"deckName": "Lang", "modelName": "Nope"}}`, err: "model was not found: Nope",
			gui: func(t *testing.T, g GUIState, _ map[string]string) { diff(t, "current deck", "Lang", g.CurrentDeck) }},
		{action: "guiAddCards", params: `{"note": {"modelName": "Basic"}}`, err: "'deckName'"},
		{action: "guiAddCards", params: `{"note": {"deckName": "Lang", "modelName": "Basic (and reversed card)", "fields": {"Front": "f", "back": "ignored"}}}`, want: "0",
			gui: dialog("Lang", "Basic (and reversed card)", nil, "Front", "f", "Back", "")},
	})
}

// TestGUIWindow: the Edit dialog, the overview and deck browser screens,
// imports, undo, the database check and exit.
func TestGUIWindow(t *testing.T) {
	runGUI(t, Config{}, seedGUI, []guiStep{
		{action: "guiEditNote", params: `{"note": ${n1}}`, want: "null"},
		{action: "guiEditNote", params: `{"note": ${n3}}`, want: "null", gui: func(t *testing.T, g GUIState, vars map[string]string) {
			diff(t, "Edit dialog", ids(t, vars, "n1", "n3"), g.EditDialog)
		}},
		{action: "guiEditNote", params: `{"note": 123}`, err: fmt.Sprintf(MsgNoSuchNote, 123)},
		{action: "guiDeckOverview", params: `{"name": "Nope"}`, want: "false", gui: wantScreen(ScreenDeckBrowser, "", "")},
		{action: "guiDeckOverview", params: `{"name": "lang"}`, want: "true", gui: func(t *testing.T, g GUIState, vars map[string]string) {
			wantScreen(ScreenOverview, "", "")(t, g, vars)
			diff(t, "current deck", "Lang", g.CurrentDeck)
		}},
		// The overview's deck is the current deck, for deck:current too.
		{action: "findCards", params: `{"query": "deck:current"}`, want: "[${c3a}, ${c3b}]"},
		{action: "guiDeckReview", params: `{"name": "Lang"}`, want: "true", gui: wantScreen(ScreenReview, "c3a", SideQuestion)},
		{action: "guiDeckOverview", params: `{"name": "Lang"}`, want: "true", gui: wantScreen(ScreenOverview, "", "")},
		{action: "guiDeckBrowser", want: "null", gui: wantScreen(ScreenDeckBrowser, "", "")},
		{action: "guiImportFile", want: "null"},
		{action: "guiImportFile", params: `{"path": "C:/Users/Desktop/cards.txt"}`, want: "null"},
		// Nothing undoable has happened (seeding opens no undo step).
		{action: "guiUndo", want: "false"},
		{action: "guiCheckDatabase", want: "true"},
		{action: "guiCheckDatabase", want: "true"},
		{action: "guiExitAnki", want: "null", gui: func(t *testing.T, g GUIState, _ map[string]string) {
			diff(t, "imports", []ImportRequest{{Picker: true}, {Path: "C:/Users/Desktop/cards.txt"}}, g.Imports)
			diff(t, "undos, checks", []int{1, 2}, []int{g.Undos, g.DatabaseChecks})
			if !g.Exited {
				t.Error("not exited")
			}
		}},
		// The fake goes on serving after guiExitAnki.
		{action: "version", want: "6"},
		{action: "guiDeckReview", err: fmt.Sprintf(MsgTypeErrorMissingOne, "guiDeckReview", "'name'")},
		{action: "guiAnswerCard", params: `{"ease": "3"}`, err: `invalid value for parameter 'ease': expected an integer, got string`},
		{action: "guiBrowse", params: `{"foobar": 1}`, err: fmt.Sprintf(MsgTypeErrorUnexpectedKeyword, "guiBrowse", "foobar")},
	})
}

// TestGUILoadProfileClosesWindows: loading the active profile changes
// nothing; switching to another closes the browser, the Add and Edit
// dialogs and the reviewer and shows the deck browser, and later actions
// of the same multi use the new profile's collection.
func TestGUILoadProfileClosesWindows(t *testing.T) {
	allOpen := func(t *testing.T, g GUIState, vars map[string]string) {
		wantScreen(ScreenReview, "c1", SideQuestion)(t, g, vars)
		if g.Browser == nil || g.AddDialog == nil {
			t.Errorf("browser %v, Add dialog %v: want both open", g.Browser, g.AddDialog)
		}
		diff(t, "Edit dialog", ids(t, vars, "n1"), g.EditDialog)
	}
	allClosed := func(t *testing.T, g GUIState, vars map[string]string) {
		wantScreen(ScreenDeckBrowser, "", "")(t, g, vars)
		if g.Browser != nil || g.AddDialog != nil || len(g.EditDialog) != 0 {
			t.Errorf("browser %v, Add dialog %v, Edit dialog %v: want all closed", g.Browser, g.AddDialog, g.EditDialog)
		}
		diff(t, "browser columns", DefaultBrowserColumns, g.BrowserColumns)
	}
	runGUI(t, Config{Profiles: []string{"User 1", "Other"}}, seedGUI, []guiStep{
		{action: "guiBrowse", params: `{"query": "deck:Default"}`, want: "[${c1}, ${c2}]"},
		{action: "guiAddCards", params: `{"note": {"deckName": "Default", "modelName": "Basic", "fields": {"Front": "kiwi"}}}`, want: "0"},
		{action: "guiEditNote", params: `{"note": ${n1}}`, want: "null"},
		{action: "guiDeckReview", params: `{"name": "Default"}`, want: "true", gui: allOpen},
		{action: "loadProfile", params: `{"name": "User 1"}`, want: "true", gui: allOpen},
		{action: "loadProfile", params: `{"name": "Other"}`, want: "true", gui: allClosed},
		{action: "guiCurrentCard", err: MsgGuiReviewNotActive},
		{action: "guiAddNoteSetData", params: `{"note": {"fields": {"Front": "x"}}}`,
			want: `{"error": "` + MsgAddNoteDialogClosed + `", "code": 1}`, gui: allClosed},
		{action: "findCards", params: `{"query": "deck:Default"}`, want: "[]"},
		{action: "multi", params: `{"actions": [{"action": "loadProfile", "params": {"name": "User 1"}}, {"action": "findCards", "params": {"query": "deck:Default"}}]}`,
			want: "[true, [${c1}, ${c2}]]", gui: allClosed},
	})
}

// TestGUISetBrowserColumns rejects a column Anki's browser does not have.
func TestGUISetBrowserColumns(t *testing.T) {
	srv := NewServer(Config{})
	if err := srv.SetBrowserColumns([]string{"noteFld", "nope"}); err == nil || err.Error() != fmt.Sprintf(MsgUnknownBrowserColumn, "nope") {
		t.Errorf("error = %v", err)
	}
	diff(t, "columns", DefaultBrowserColumns, srv.GUI().BrowserColumns)
	if err := srv.SetBrowserColumns([]string{"cardIvl", "question"}); err != nil {
		t.Fatal(err)
	}
	diff(t, "columns", []string{"cardIvl", "question"}, srv.GUI().BrowserColumns)
}
