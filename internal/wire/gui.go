package wire

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ankiconnect-go/ankiconnect/internal/collection"
	"github.com/ankiconnect-go/ankiconnect/internal/render"
	"github.com/ankiconnect-go/ankiconnect/internal/sched"
)

// The fake's Anki window: what the gui* actions (actions_gui.go) change and
// what a test reads back through Server.GUI. It belongs to the Server, not
// to a collection, as Anki's window outlives a profile's collection; card,
// note and deck IDs in it refer to the active profile's collection.

// Screen is the main window's state, named as Anki's mw.state names it.
type Screen string

// The main window's screens.
const (
	ScreenDeckBrowser Screen = "deckBrowser"
	ScreenOverview    Screen = "overview"
	ScreenReview      Screen = "review"
)

// Side is the side of a card the reviewer shows.
type Side string

// The reviewer's sides.
const (
	SideQuestion Side = "question"
	SideAnswer   Side = "answer"
)

// answerButtons is how many answer buttons Anki's v3 scheduler shows for
// every card (Again, Hard, Good, Easy).
const answerButtons = 4

// DefaultBrowserColumns are the columns Anki's card browser shows until the
// user changes them; guiBrowse can sort only by a column that is shown.
var DefaultBrowserColumns = []string{"noteFld", "template", "cardDue", "deck"}

// defaultSortColumn is the browser's sort column until one is chosen: the
// note's creation time, ascending.
const defaultSortColumn = "noteCrt"

// gui is the window's mutable state, guarded by Server.mu.
type gui struct {
	screen   Screen
	browser  *browserState
	columns  []string // the browser's columns, kept when it closes
	add      *addDialog
	model    int64   // the note type guiAddCards last used
	edit     []int64 // the Edit dialog's notes, oldest first; nil when closed
	reviewer reviewerState
	replays  int
	imports  []ImportRequest
	checks   int
	undos    int
	exited   bool
}

// browserState is the open card browser.
type browserState struct {
	query    string
	cards    []int64 // rows in display order
	sortCol  string
	desc     bool
	selected []int64 // card IDs, in display order
	current  int64   // the current row's card ID, 0 when none
}

// addDialog is the open Add dialog: an unsaved note and its deck.
type addDialog struct {
	note   *collection.Note
	model  *collection.Model
	deckID int64
}

// reviewerState is the reviewer's card and side, the answer timer and the
// answers given through it.
type reviewerState struct {
	card    int64 // 0: no card
	side    Side
	timer   time.Time
	answers []ReviewAnswer
}

// GUIState is a snapshot of the fake's Anki window, for tests.
type GUIState struct {
	// Screen is the main window's screen; a new window shows the deck
	// browser.
	Screen Screen
	// CurrentDeck is the collection's current deck, which the overview and
	// the reviewer show.
	CurrentDeck string
	// Browser is the card browser, nil when it is not open.
	Browser *BrowserState
	// BrowserColumns are the columns the browser shows (or will show).
	BrowserColumns []string
	// AddDialog is the Add dialog, nil when it is not open.
	AddDialog *AddDialogState
	// EditDialog lists the notes the Edit dialog showed, oldest first; the
	// last is on screen. It is empty when the dialog was never opened, or
	// was closed by loadProfile switching profiles.
	EditDialog []int64
	// Reviewer is the reviewer's state.
	Reviewer ReviewerState
	// AudioReplays counts guiPlayAudio calls that replayed the card's audio.
	AudioReplays int
	// Imports lists the guiImportFile requests, oldest first.
	Imports []ImportRequest
	// DatabaseChecks counts guiCheckDatabase calls.
	DatabaseChecks int
	// Undos counts guiUndo calls.
	Undos int
	// Exited reports that guiExitAnki asked Anki to close.
	Exited bool
}

// BrowserState is the open card browser.
type BrowserState struct {
	// Query is the search text ("" when none was given).
	Query string
	// Cards are the card IDs in the rows, in display order.
	Cards []int64
	// SortColumn is the column the rows are sorted by, and SortDescending
	// its direction.
	SortColumn     string
	SortDescending bool
	// SelectedCards are the selected rows' card IDs.
	SelectedCards []int64
}

// AddDialogState is the note in the open Add dialog.
type AddDialogState struct {
	Deck  string
	Model string
	// Fields are the note's fields in the note type's order.
	Fields []NoteField
	Tags   []string
}

// NoteField is one field of a note.
type NoteField struct {
	Name  string
	Value string
}

// ReviewerState is the reviewer's state.
type ReviewerState struct {
	// Active reports that the reviewer shows a card (guiReviewActive).
	Active bool
	// Card is the card shown, 0 for none.
	Card int64
	// Side is the side shown.
	Side Side
	// TimerStarted is when the answer timer of the card shown started
	// (zero when no card is shown).
	TimerStarted time.Time
	// Answers lists the answers given in the reviewer, oldest first.
	Answers []ReviewAnswer
}

// ReviewAnswer is one answer given in the reviewer.
type ReviewAnswer struct {
	Card int64
	Ease int
	// TimeTaken is the time from the timer's start to the answer, in
	// milliseconds, before Anki's cap.
	TimeTaken int
}

// ImportRequest is one guiImportFile call.
type ImportRequest struct {
	// Path is the file to import; "" with Picker when none was given.
	Path string
	// Picker reports that Anki was asked to let the user pick the file.
	Picker bool
}

// GUI returns a snapshot of the window, taken under the server's mutex.
func (s *Server) GUI() GUIState {
	s.mu.Lock()
	defer s.mu.Unlock()
	col := s.collection()
	g := &s.gui
	out := GUIState{
		Screen:         g.screenOrDefault(),
		CurrentDeck:    col.DeckOrDefault(col.CurrentDeckID()).Name,
		BrowserColumns: slices.Clone(g.browserColumns()),
		EditDialog:     slices.Clone(g.edit),
		AudioReplays:   g.replays,
		Imports:        slices.Clone(g.imports),
		DatabaseChecks: g.checks,
		Undos:          g.undos,
		Exited:         g.exited,
	}
	if b := g.browser; b != nil {
		out.Browser = &BrowserState{
			Query: b.query, Cards: slices.Clone(b.cards), SortColumn: b.sortCol,
			SortDescending: b.desc, SelectedCards: slices.Clone(b.selected),
		}
	}
	if d := g.add; d != nil {
		st := &AddDialogState{
			Deck: col.DeckOrDefault(d.deckID).Name, Model: d.model.Name,
			Tags: slices.Clone(d.note.Tags),
		}
		for i, f := range d.model.Fields {
			st.Fields = append(st.Fields, NoteField{f.Name, d.note.Fields[i]})
		}
		out.AddDialog = st
	}
	r := &g.reviewer
	out.Reviewer = ReviewerState{
		Active: g.reviewing(col) != nil, Card: r.card, Side: r.side,
		TimerStarted: r.timer, Answers: slices.Clone(r.answers),
	}
	return out
}

// SetBrowserColumns sets the columns the card browser shows, as a user
// does from its header's menu. Each must be a card-mode column key of
// Anki's browser ("noteCrt", "cardIvl", ...).
func (s *Server) SetBrowserColumns(columns []string) error {
	for _, c := range columns {
		if _, ok := browserColumns[c]; !ok {
			return fmt.Errorf(MsgUnknownBrowserColumn, c)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gui.columns = slices.Clone(columns)
	return nil
}

func (g *gui) screenOrDefault() Screen {
	if g.screen == "" {
		return ScreenDeckBrowser
	}
	return g.screen
}

func (g *gui) browserColumns() []string {
	if g.columns == nil {
		return DefaultBrowserColumns
	}
	return g.columns
}

// unloadProfile is what unloading a profile does to the window, as Anki's
// unloadProfileAndShowProfileManager does before loading another one: the
// browser, the Add and Edit dialogs and the reviewer close, and the main
// window shows the deck browser again. The note type the Add dialog last
// used belonged to the old collection and is forgotten; the browser's
// columns and the logs (answers, replays, imports, checks, undos) stay.
func (g *gui) unloadProfile() {
	g.browser, g.add, g.edit, g.model = nil, nil, nil, 0
	g.screen = ScreenDeckBrowser
	g.reviewer.card, g.reviewer.side, g.reviewer.timer = 0, "", time.Time{}
}

// reviewing returns the card under review, or nil when the reviewer is not
// showing one (Anki's reviewer.card is not None and mw.state == "review").
func (g *gui) reviewing(col *collection.Collection) *collection.Card {
	if g.screen != ScreenReview || g.reviewer.card == 0 {
		return nil
	}
	return col.CardByID(g.reviewer.card)
}

// moveTo changes the main window's screen; leaving the reviewer clears its
// card, as Anki's reviewer cleanup does.
func (g *gui) moveTo(col *collection.Collection, to Screen) {
	g.screen = to
	if to != ScreenReview {
		g.reviewer.card, g.reviewer.side, g.reviewer.timer = 0, "", time.Time{}
		return
	}
	g.nextCard(col)
}

// nextCard shows the next card of the current deck, or, when none is left,
// the overview (Anki's congratulations screen).
func (g *gui) nextCard(col *collection.Collection) {
	card := nextDueCard(col, col.CurrentDeckID())
	if card == nil {
		g.moveTo(col, ScreenOverview)
		return
	}
	g.reviewer.card, g.reviewer.side, g.reviewer.timer = card.ID, SideQuestion, col.Now()
}

// nextDueCard picks the card the reviewer shows next in the deck and its
// subdecks, in the order of Anki's v3 queues: learning cards due now, then
// cards due today (day learning, reviews by due day, then new cards by
// template and position, within what the deck's daily limits leave today,
// as the due tree counts it), then learning
// cards due within the learn-ahead limit. Anki mixes new cards in among the
// reviews; the fake shows them after the reviews. Suspended and buried cards
// are skipped.
func nextDueCard(col *collection.Collection, deckID int64) *collection.Card {
	decks := col.DeckAndChildren(deckID)
	if len(decks) == 0 {
		return nil
	}
	in := map[int64]bool{}
	for _, d := range decks {
		in[d.ID] = true
	}
	left := dueNode(col, deckID)
	now, today := col.Now().Unix(), int64(col.Today())
	var learn, dayLearn, review, fresh []*collection.Card
	for _, card := range col.AllCards() {
		if !in[card.DeckID] {
			continue
		}
		switch card.Queue {
		case collection.QueueLearn:
			learn = append(learn, card)
		case collection.QueueDayLearn:
			if card.Due <= today {
				dayLearn = append(dayLearn, card)
			}
		case collection.QueueReview:
			if card.Due <= today {
				review = append(review, card)
			}
		case collection.QueueNew:
			fresh = append(fresh, card)
		}
	}
	byDue := func(a, b *collection.Card) int { return cmp.Or(cmp.Compare(a.Due, b.Due), cmp.Compare(a.ID, b.ID)) }
	slices.SortStableFunc(learn, byDue)
	if len(learn) > 0 && learn[0].Due <= now {
		return learn[0]
	}
	slices.SortStableFunc(dayLearn, byDue)
	if len(dayLearn) > 0 {
		return dayLearn[0]
	}
	slices.SortStableFunc(review, byDue)
	if len(review) > 0 && (left == nil || left.ReviewCount > 0) {
		return review[0]
	}
	slices.SortStableFunc(fresh, func(a, b *collection.Card) int {
		return cmp.Or(cmp.Compare(a.Ord, b.Ord), cmp.Compare(a.Due, b.Due), cmp.Compare(a.ID, b.ID))
	})
	if len(fresh) > 0 && (left == nil || left.NewCount > 0) {
		return fresh[0]
	}
	// A learning card due within the learn-ahead limit is shown when
	// nothing else is left.
	if len(learn) > 0 && learn[0].Due < col.Now().Add(sched.LearnAheadLimit).Unix() {
		return learn[0]
	}
	return nil
}

// dueNode is the deck's node of the due tree, or nil for a deck the tree
// leaves out (its parent is missing), which has no limits.
func dueNode(col *collection.Collection, deckID int64) *collection.DueNode {
	var found *collection.DueNode
	col.DueTree().Walk(func(n *collection.DueNode) {
		if n.DeckID == deckID {
			found = n
		}
	})
	return found
}

// browserColumns are the card-mode columns of Anki's browser by key, each
// with its sort order (nil: not sortable). Ties keep the card ID order.
var browserColumns = map[string]func(col *collection.Collection, a, b *collection.Card) int{
	"question":         nil,
	"answer":           nil,
	"originalPosition": nil,
	"noteFld": func(col *collection.Collection, a, b *collection.Card) int {
		return cmp.Or(cmp.Compare(sortFieldKey(col, a), sortFieldKey(col, b)), cmp.Compare(a.Ord, b.Ord))
	},
	"template": byModelAndOrd,
	"note":     byModelAndOrd,
	"cardDue": func(_ *collection.Collection, a, b *collection.Card) int {
		return cmp.Or(cmp.Compare(a.Type, b.Type), cmp.Compare(homeDue(a), homeDue(b)))
	},
	"deck": func(col *collection.Collection, a, b *collection.Card) int {
		return cmp.Compare(strings.ToLower(col.DeckOrDefault(a.DeckID).Name), strings.ToLower(col.DeckOrDefault(b.DeckID).Name))
	},
	"noteCrt": func(_ *collection.Collection, a, b *collection.Card) int {
		return cmp.Or(cmp.Compare(a.NoteID, b.NoteID), cmp.Compare(a.Ord, b.Ord))
	},
	"noteMod": func(_ *collection.Collection, a, b *collection.Card) int {
		return cmp.Or(cmp.Compare(a.Note().Mod, b.Note().Mod), cmp.Compare(a.Ord, b.Ord))
	},
	"noteTags": func(_ *collection.Collection, a, b *collection.Card) int {
		return cmp.Compare(strings.ToLower(strings.Join(a.Note().Tags, " ")), strings.ToLower(strings.Join(b.Note().Tags, " ")))
	},
	"cardMod": func(_ *collection.Collection, a, b *collection.Card) int { return cmp.Compare(a.Mod, b.Mod) },
	"cardIvl": func(_ *collection.Collection, a, b *collection.Card) int { return cmp.Compare(a.Ivl, b.Ivl) },
	"cardEase": func(_ *collection.Collection, a, b *collection.Card) int {
		return cmp.Or(compareBool(a.Type == collection.CardTypeNew, b.Type == collection.CardTypeNew), cmp.Compare(a.Factor, b.Factor))
	},
	"cardReps":   func(_ *collection.Collection, a, b *collection.Card) int { return cmp.Compare(a.Reps, b.Reps) },
	"cardLapses": func(_ *collection.Collection, a, b *collection.Card) int { return cmp.Compare(a.Lapses, b.Lapses) },
}

// byModelAndOrd sorts by note type name, then template: Anki sorts both the
// "template" (Card) and the "note" (Note type) column so.
func byModelAndOrd(col *collection.Collection, a, b *collection.Card) int {
	return cmp.Or(cmp.Compare(modelKey(col, a), modelKey(col, b)), cmp.Compare(a.Ord, b.Ord))
}

func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// homeDue is the card's due outside a filtered deck.
func homeDue(c *collection.Card) int64 {
	if c.OriginalDeckID != 0 && c.ODue != 0 {
		return c.ODue
	}
	return c.Due
}

// sortFieldKey is the card's note's sort field as the browser sorts it:
// without HTML, case-folded.
func sortFieldKey(col *collection.Collection, c *collection.Card) string {
	n := c.Note()
	m := col.ModelByID(n.ModelID)
	i := 0
	if m != nil && m.SortField < len(n.Fields) {
		i = m.SortField
	}
	if i >= len(n.Fields) {
		return ""
	}
	return strings.ToLower(render.StripHTML(n.Fields[i]))
}

func modelKey(col *collection.Collection, c *collection.Card) string {
	if m := col.ModelByID(c.Note().ModelID); m != nil {
		return strings.ToLower(m.Name)
	}
	return ""
}

// sortCards sorts card IDs (ascending on entry) by a browser column.
func sortCards(col *collection.Collection, ids []int64, column string, desc bool) []int64 {
	less := browserColumns[column]
	if less == nil {
		return ids
	}
	cards := make([]*collection.Card, 0, len(ids))
	for _, id := range ids {
		if c := col.CardByID(id); c != nil {
			cards = append(cards, c)
		}
	}
	slices.SortStableFunc(cards, func(a, b *collection.Card) int {
		if desc {
			return less(col, b, a)
		}
		return less(col, a, b)
	})
	out := make([]int64, len(cards))
	for i, c := range cards {
		out[i] = c.ID
	}
	return out
}
