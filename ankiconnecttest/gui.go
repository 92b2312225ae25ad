package ankiconnecttest

import (
	"time"

	"github.com/ankiconnect-go/ankiconnect"
	"github.com/ankiconnect-go/ankiconnect/internal/wire"
)

// The fake's Anki window: the GUI* methods drive it as they drive Anki's,
// and Fake.GUI reads it back.

// Screen is the screen the fake's main window shows.
type Screen string

// The main window's screens, as Anki names its states.
const (
	ScreenDeckBrowser Screen = "deckBrowser" // the deck list
	ScreenOverview    Screen = "overview"    // a deck's overview, or "Congratulations!" after a review
	ScreenReview      Screen = "review"      // the reviewer
)

// GUI is a snapshot of the fake's Anki window, taken by Fake.GUI. The
// window belongs to the fake, not to a profile's collection; loading
// another profile (loadProfile) closes the browser, the dialogs and the
// reviewer and shows the deck list, as Anki does.
type GUI struct {
	// Screen is the main window's screen; a new fake shows the deck list.
	Screen Screen
	// CurrentDeck is the full name of the collection's current deck, the
	// one the overview and the reviewer show. GUIDeckOverview,
	// GUIDeckReview and GUIAddCards change it.
	CurrentDeck string
	// Browser is the card browser, nil until GUIBrowse opens it.
	Browser *Browser
	// BrowserColumns are the columns the browser shows (Anki's default:
	// "noteFld", "template", "cardDue", "deck"); GUIBrowse sorts only by
	// one of them. Fake.SetBrowserColumns changes them.
	BrowserColumns []string
	// AddDialog is the Add dialog, nil until GUIAddCards opens it. The
	// fake never adds its note: nobody presses Add.
	AddDialog *AddDialog
	// EditDialog lists the notes GUIEditNote showed, oldest first; the last
	// is on screen.
	EditDialog []ankiconnect.NoteID
	// Reviewer is the reviewer.
	Reviewer Reviewer
	// AudioReplays counts the GUIPlayAudio calls made while reviewing.
	AudioReplays int
	// Imports lists the GUIImportFile calls, oldest first. The fake imports
	// nothing.
	Imports []Import
	// DatabaseChecks counts GUICheckDatabase calls.
	DatabaseChecks int
	// Undos counts GUIUndo calls. Each reverts the latest undoable
	// operation whole, as Anki's undo queue does: answers (in the reviewer
	// and AnswerCards, one per card), adding, editing and deleting notes,
	// tag changes, ChangeDeck, Suspend/Unsuspend, SetDueDate and
	// ForgetCards. Other changes to the collection empty the queue (they
	// cannot be undone); reads, media and window actions leave it. GUIUndo
	// reports false when nothing is left (the add-on always reports true).
	Undos int
	// Exited reports that GUIExitAnki asked Anki to close. The fake goes on
	// serving.
	Exited bool
}

// Browser is the fake's open card browser.
type Browser struct {
	// Query is the search text: "deck:current" when the browser opened
	// without one, else the last query GUIBrowse sent (also when the search
	// was invalid: the rows then stay as they were).
	Query string
	// Cards are the rows' cards in display order: sorted by SortColumn
	// ("noteCrt", note creation, until GUIBrowse sorts by another),
	// descending when SortDescending. GUIBrowse itself returns the cards
	// in ID order.
	Cards          []ankiconnect.CardID
	SortColumn     string
	SortDescending bool
	// SelectedCards are the selected rows' cards, in display order. As in
	// Anki, a search or sort that shows rows always leaves one selected:
	// the selected cards it still shows stay selected, else the first row
	// is; GUISelectCard selects just its card (nothing when it is not
	// shown), and a search without results selects nothing.
	SelectedCards []ankiconnect.CardID
}

// AddDialog is the note in the fake's Add dialog.
type AddDialog struct {
	Deck  string // the deck's full name
	Model string // the note type's name
	// Fields maps the note type's field names to their values; FieldOrder
	// lists the names in the note type's order.
	Fields     map[string]string
	FieldOrder []string
	Tags       []string
}

// Reviewer is the fake's reviewer. It shows the current deck's cards
// in the order of Anki's queues (learning cards due now, cards due today,
// then new cards within the deck's daily limit, then learning cards due
// within the 20-minute learn-ahead limit), except that new cards come after
// the reviews instead of mixed in among them.
type Reviewer struct {
	// Active reports that a card is under review (GUIReviewActive).
	Active bool
	// Card is the card shown, 0 for none.
	Card ankiconnect.CardID
	// AnswerShown reports that the card's answer side is shown, which
	// GUIAnswerCard needs.
	AnswerShown bool
	// TimerStarted is when the card's answer timer started: when the card
	// was shown, or at the last GUIStartCardTimer; zero with no card.
	TimerStarted time.Time
	// Answers lists the answers given in the reviewer, oldest first.
	Answers []Answer
}

// Answer is one answer given in the fake's reviewer.
type Answer struct {
	Card ankiconnect.CardID
	Ease ankiconnect.Ease
	// TimeTaken is the time from the card's timer start to the answer, by
	// the fake's clock (the review log caps it at the deck's maximum
	// answer time).
	TimeTaken time.Duration
}

// Import is one GUIImportFile call.
type Import struct {
	// Path is the file Anki was asked to import; "" when Picker is true.
	Path string
	// Picker reports that no path was given, so Anki lets the user pick
	// the file.
	Picker bool
}

// GUI returns a snapshot of the fake's Anki window: the screen, the card
// browser, the Add and Edit dialogs and the reviewer, as the GUI* methods
// left them.
func (f *Fake) GUI() GUI {
	g := f.srv.GUI()
	out := GUI{
		Screen:         Screen(g.Screen),
		CurrentDeck:    g.CurrentDeck,
		BrowserColumns: g.BrowserColumns,
		EditDialog:     convertIDs[ankiconnect.NoteID](g.EditDialog),
		AudioReplays:   g.AudioReplays,
		DatabaseChecks: g.DatabaseChecks,
		Undos:          g.Undos,
		Exited:         g.Exited,
		Reviewer: Reviewer{
			Active: g.Reviewer.Active, Card: ankiconnect.CardID(g.Reviewer.Card),
			AnswerShown: g.Reviewer.Side == wire.SideAnswer, TimerStarted: g.Reviewer.TimerStarted,
		},
	}
	if b := g.Browser; b != nil {
		out.Browser = &Browser{
			Query: b.Query, Cards: convertIDs[ankiconnect.CardID](b.Cards), SortColumn: b.SortColumn,
			SortDescending: b.SortDescending, SelectedCards: convertIDs[ankiconnect.CardID](b.SelectedCards),
		}
	}
	if d := g.AddDialog; d != nil {
		a := &AddDialog{Deck: d.Deck, Model: d.Model, Fields: map[string]string{}, Tags: d.Tags}
		for _, fld := range d.Fields {
			a.Fields[fld.Name] = fld.Value
			a.FieldOrder = append(a.FieldOrder, fld.Name)
		}
		out.AddDialog = a
	}
	for _, ans := range g.Reviewer.Answers {
		out.Reviewer.Answers = append(out.Reviewer.Answers, Answer{
			Card: ankiconnect.CardID(ans.Card), Ease: ankiconnect.Ease(ans.Ease), TimeTaken: time.Duration(ans.TimeTaken) * time.Millisecond,
		})
	}
	for _, imp := range g.Imports {
		out.Imports = append(out.Imports, Import{Path: imp.Path, Picker: imp.Picker})
	}
	return out
}

// SetBrowserColumns sets the columns the fake's card browser shows, as a
// user does from the browser's header: GUIBrowse sorts only by a column
// that is shown. Each is a column key of Anki's browser in card mode:
// "question", "answer", "noteFld" (sort field), "template" (card type),
// "cardDue", "deck", "noteCrt", "noteMod", "cardMod", "cardIvl",
// "cardEase", "cardReps", "cardLapses", "note" (note type), "noteTags" or
// "originalPosition". An unknown key is an error and changes nothing.
func (f *Fake) SetBrowserColumns(columns ...string) error {
	return f.srv.SetBrowserColumns(columns)
}

// convertIDs converts engine IDs to a typed ID slice (nil for none).
func convertIDs[T ~int64](in []int64) []T {
	if len(in) == 0 {
		return nil
	}
	out := make([]T, len(in))
	for i, v := range in {
		out[i] = T(v)
	}
	return out
}
