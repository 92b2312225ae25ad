package ankiconnect

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
)

// SortOrder is the direction of a browser sort.
type SortOrder string

// Sort orders.
const (
	SortAscending  SortOrder = "ascending"
	SortDescending SortOrder = "descending"
)

// BrowseOrder sorts the cards GUIBrowse shows.
type BrowseOrder struct {
	Order SortOrder `json:"order"`
	// ColumnID is a column of Anki's browser table, such as "noteCrt"
	// (when the note was created). The column must be shown in the
	// browser.
	ColumnID string `json:"columnId"`
}

// NoteDraft is a note to put in Anki's Add dialog, where the user reviews
// it before adding it. Fields are matched by exact name. Media files are
// stored and referenced from their Fields as in Note.
type NoteDraft struct {
	// DeckName and ModelName are required by GUIAddCards; for
	// GUIAddNoteSetData, empty ones leave the dialog's deck and note type
	// as they are.
	DeckName  string            `json:"deckName,omitempty"`
	ModelName string            `json:"modelName,omitempty"`
	Fields    map[string]string `json:"fields,omitempty"`
	Tags      []string          `json:"tags,omitempty"`
	Audio     []Media           `json:"audio,omitempty"`
	Video     []Media           `json:"video,omitempty"`
	Picture   []Media           `json:"picture,omitempty"`
}

// AddDialogOpen is the result of GUIAddNoteSetData: whether the Add dialog
// was open, and so received the data.
type AddDialogOpen bool

// addDialogClosedCode is the code of the add-on's "Add Note dialog is not
// open" result.
const addDialogClosedCode = 1

// UnmarshalJSON decodes true (or null) as an open dialog, and the object
// {"error": "Add Note dialog is not open", "code": 1} that the add-on sends
// as a successful result when the dialog is closed as false. Another object
// is an error naming its message and code.
func (o *AddDialogOpen) UnmarshalJSON(b []byte) error {
	if !bytes.HasPrefix(bytes.TrimSpace(b), []byte("{")) {
		var ok *bool
		if err := json.Unmarshal(b, &ok); err != nil {
			return err
		}
		*o = AddDialogOpen(ok == nil || *ok)
		return nil
	}
	var res struct {
		Error string `json:"error"`
		Code  int    `json:"code"`
	}
	if err := json.Unmarshal(b, &res); err != nil {
		return err
	}
	if res.Code != addDialogClosedCode {
		return fmt.Errorf("unexpected result %q (code %d)", res.Error, res.Code)
	}
	*o = false
	return nil
}

// CurrentCard is the card under review, as GUICurrentCard returns it.
type CurrentCard struct {
	CardID CardID `json:"cardId"`
	// Fields maps the note's field names to their values.
	Fields map[string]CardField `json:"fields"`
	// FieldOrder is the card's template ordinal.
	FieldOrder int `json:"fieldOrder"`
	// Question and Answer are the rendered card sides.
	Question string `json:"question"`
	Answer   string `json:"answer"`
	// Buttons are the answer buttons shown, and NextReviews the interval
	// each shows, such as "<10m" or "4d".
	Buttons     []Ease   `json:"buttons"`
	NextReviews []string `json:"nextReviews"`
	ModelName   string   `json:"modelName"`
	DeckName    string   `json:"deckName"`
	CSS         string   `json:"css"`
	// Template is the card template's name.
	Template string `json:"template"`
}

type browseParams struct {
	Query        string       `json:"query,omitempty"`
	ReorderCards *BrowseOrder `json:"reorderCards,omitempty"`
}

type noteIDParams struct {
	Note NoteID `json:"note"`
}

type guiSelectNoteParams struct {
	Note CardID `json:"note"`
}

type guiAddCardsParams struct {
	Note *NoteDraft `json:"note,omitempty"`
}

type guiAddNoteSetDataParams struct {
	Note   NoteDraft `json:"note"`
	Append bool      `json:"append"`
}

type easeParams struct {
	Ease Ease `json:"ease"`
}

type nameParams struct {
	Name string `json:"name"`
}

type pathParams struct {
	Path string `json:"path,omitempty"`
}

var (
	actGUIBrowse         = define[browseParams, []CardID]("guiBrowse", writes)
	actGUISelectCard     = define[cardParams, bool]("guiSelectCard", writes)
	actGUISelectNote     = define[guiSelectNoteParams, bool]("guiSelectNote", writes)
	actGUISelectedNotes  = define[noParams, []NoteID]("guiSelectedNotes", reads)
	actGUIAddCards       = define[guiAddCardsParams, NoteID]("guiAddCards", writes)
	actGUIEditNote       = define[noteIDParams, Nothing]("guiEditNote", writes)
	actGUIAddNoteSetData = define[guiAddNoteSetDataParams, AddDialogOpen]("guiAddNoteSetData", writes)
	actGUIReviewActive   = define[noParams, bool]("guiReviewActive", reads)
	actGUICurrentCard    = define[noParams, *CurrentCard]("guiCurrentCard", reads)
	actGUIStartCardTimer = define[noParams, bool]("guiStartCardTimer", writes)
	actGUIShowQuestion   = define[noParams, bool]("guiShowQuestion", writes)
	actGUIShowAnswer     = define[noParams, bool]("guiShowAnswer", writes)
	actGUIAnswerCard     = define[easeParams, bool]("guiAnswerCard", writes)
	actGUIUndo           = define[noParams, bool]("guiUndo", writes)
	actGUIDeckOverview   = define[nameParams, bool]("guiDeckOverview", writes)
	actGUIDeckBrowser    = define[noParams, Nothing]("guiDeckBrowser", writes)
	actGUIDeckReview     = define[nameParams, bool]("guiDeckReview", writes)
	actGUIImportFile     = define[pathParams, Nothing]("guiImportFile", writes)
	actGUIExitAnki       = define[noParams, Nothing]("guiExitAnki", writes)
	actGUICheckDatabase  = define[noParams, bool]("guiCheckDatabase", writes)
	actGUIPlayAudio      = define[noParams, bool]("guiPlayAudio", writes)
)

// GUIBrowse opens the card browser searching for query and returns the IDs
// of the cards found; order, if not nil, sorts the browser. An empty query
// opens the browser without a search and returns no IDs. An invalid query
// fails with ErrInvalidSearch.
//
// AnkiConnect action: guiBrowse.
func (c *Client) GUIBrowse(ctx context.Context, query string, order *BrowseOrder) ([]CardID, error) {
	return actGUIBrowse.call(ctx, c, browseParams{Query: query, ReorderCards: order})
}

// GUIBrowse queues the guiBrowse action; see Client.GUIBrowse.
func (m *Multi) GUIBrowse(query string, order *BrowseOrder) *Pending[[]CardID] {
	return actGUIBrowse.queue(m, browseParams{Query: query, ReorderCards: order})
}

// GUISelectCard selects the card in the open card browser. It reports false
// when the browser is not open.
//
// AnkiConnect action: guiSelectCard.
func (c *Client) GUISelectCard(ctx context.Context, card CardID) (bool, error) {
	return actGUISelectCard.call(ctx, c, cardParams{Card: card})
}

// GUISelectCard queues the guiSelectCard action; see Client.GUISelectCard.
func (m *Multi) GUISelectCard(card CardID) *Pending[bool] {
	return actGUISelectCard.queue(m, cardParams{Card: card})
}

// GUISelectNote is the add-on's old name for GUISelectCard: despite its
// name, it takes a CARD ID (sent as "note") and selects that card in the
// open card browser, reporting false when the browser is not open.
//
// Deprecated: use GUISelectCard, which takes the same card ID.
//
// AnkiConnect action: guiSelectNote.
func (c *Client) GUISelectNote(ctx context.Context, card CardID) (bool, error) {
	return actGUISelectNote.call(ctx, c, guiSelectNoteParams{Note: card})
}

// GUISelectNote queues the guiSelectNote action; see Client.GUISelectNote.
//
// Deprecated: use GUISelectCard.
func (m *Multi) GUISelectNote(card CardID) *Pending[bool] {
	return actGUISelectNote.queue(m, guiSelectNoteParams{Note: card})
}

// GUISelectedNotes returns the IDs of the notes selected in the card
// browser; none when it is not open.
//
// AnkiConnect action: guiSelectedNotes.
func (c *Client) GUISelectedNotes(ctx context.Context) ([]NoteID, error) {
	return actGUISelectedNotes.call(ctx, c, noParams{})
}

// GUISelectedNotes queues the guiSelectedNotes action; see
// Client.GUISelectedNotes.
func (m *Multi) GUISelectedNotes() *Pending[[]NoteID] {
	return actGUISelectedNotes.queue(m, noParams{})
}

// GUIAddCards opens the Add dialog filled in with note (nil opens it
// blank), replacing an Add dialog already open. It returns the ID the note
// would get; current Anki versions return 0 because the note has no ID
// until the user adds it. Unknown decks and note types fail with
// ErrDeckNotFound and ErrModelNotFound.
//
// AnkiConnect action: guiAddCards.
func (c *Client) GUIAddCards(ctx context.Context, note *NoteDraft) (NoteID, error) {
	return actGUIAddCards.call(ctx, c, guiAddCardsParams{Note: note})
}

// GUIAddCards queues the guiAddCards action; see Client.GUIAddCards.
func (m *Multi) GUIAddCards(note *NoteDraft) *Pending[NoteID] {
	return actGUIAddCards.queue(m, guiAddCardsParams{Note: note})
}

// GUIEditNote opens the Edit dialog for the note. An unknown note fails
// with Anki's own "No such note" message, classified as ErrNoteNotFound.
//
// AnkiConnect action: guiEditNote.
func (c *Client) GUIEditNote(ctx context.Context, note NoteID) error {
	return actGUIEditNote.exec(ctx, c, noteIDParams{Note: note})
}

// GUIEditNote queues the guiEditNote action; see Client.GUIEditNote.
func (m *Multi) GUIEditNote(note NoteID) *Pending[Nothing] {
	return actGUIEditNote.queue(m, noteIDParams{Note: note})
}

// GUIAddNoteSetData changes the note in the open Add dialog: the deck and
// note type if given, then the fields given (replaced, or with appendData
// appended to their text, tags merged), then media. It reports false,
// changing nothing, when the Add dialog is not open: the add-on answers
// that with a successful reply whose result is {"error": "Add Note dialog
// is not open", "code": 1}. An unknown deck, note type or field fails with
// the add-on's message (`Deck "X" not found`, `Model "X" not found`,
// `Field "X" not found in current note`; the first two are classified as
// ErrDeckNotFound and ErrModelNotFound). The add-on serves this action
// since its main line of December 2025; older ones fail with
// ErrUnsupportedAction.
//
// AnkiConnect action: guiAddNoteSetData.
func (c *Client) GUIAddNoteSetData(ctx context.Context, note NoteDraft, appendData bool) (AddDialogOpen, error) {
	return actGUIAddNoteSetData.call(ctx, c, guiAddNoteSetDataParams{Note: note, Append: appendData})
}

// GUIAddNoteSetData queues the guiAddNoteSetData action; see
// Client.GUIAddNoteSetData. The result is false when the Add dialog is not
// open.
func (m *Multi) GUIAddNoteSetData(note NoteDraft, appendData bool) *Pending[AddDialogOpen] {
	return actGUIAddNoteSetData.queue(m, guiAddNoteSetDataParams{Note: note, Append: appendData})
}

// GUIReviewActive reports whether Anki is showing a card for review.
//
// AnkiConnect action: guiReviewActive.
func (c *Client) GUIReviewActive(ctx context.Context) (bool, error) {
	return actGUIReviewActive.call(ctx, c, noParams{})
}

// GUIReviewActive queues the guiReviewActive action; see
// Client.GUIReviewActive.
func (m *Multi) GUIReviewActive() *Pending[bool] { return actGUIReviewActive.queue(m, noParams{}) }

// GUICurrentCard returns the card under review. When Anki is not reviewing
// it fails with ErrReviewNotActive; old versions of the add-on answer null
// instead, which gives a nil card.
//
// AnkiConnect action: guiCurrentCard.
func (c *Client) GUICurrentCard(ctx context.Context) (*CurrentCard, error) {
	return actGUICurrentCard.call(ctx, c, noParams{})
}

// GUICurrentCard queues the guiCurrentCard action; see Client.GUICurrentCard.
func (m *Multi) GUICurrentCard() *Pending[*CurrentCard] {
	return actGUICurrentCard.queue(m, noParams{})
}

// GUIStartCardTimer restarts the answer timer of the card under review, so
// the time recorded by GUIAnswerCard counts from now. It reports false when
// Anki is not reviewing.
//
// AnkiConnect action: guiStartCardTimer.
func (c *Client) GUIStartCardTimer(ctx context.Context) (bool, error) {
	return actGUIStartCardTimer.call(ctx, c, noParams{})
}

// GUIStartCardTimer queues the guiStartCardTimer action; see
// Client.GUIStartCardTimer.
func (m *Multi) GUIStartCardTimer() *Pending[bool] { return actGUIStartCardTimer.queue(m, noParams{}) }

// GUIShowQuestion shows the question side of the card under review. It
// reports false when Anki is not reviewing.
//
// AnkiConnect action: guiShowQuestion.
func (c *Client) GUIShowQuestion(ctx context.Context) (bool, error) {
	return actGUIShowQuestion.call(ctx, c, noParams{})
}

// GUIShowQuestion queues the guiShowQuestion action; see
// Client.GUIShowQuestion.
func (m *Multi) GUIShowQuestion() *Pending[bool] { return actGUIShowQuestion.queue(m, noParams{}) }

// GUIShowAnswer shows the answer side of the card under review. It reports
// false when Anki is not reviewing.
//
// AnkiConnect action: guiShowAnswer.
func (c *Client) GUIShowAnswer(ctx context.Context) (bool, error) {
	return actGUIShowAnswer.call(ctx, c, noParams{})
}

// GUIShowAnswer queues the guiShowAnswer action; see Client.GUIShowAnswer.
func (m *Multi) GUIShowAnswer() *Pending[bool] { return actGUIShowAnswer.queue(m, noParams{}) }

// GUIAnswerCard answers the card under review with ease. It reports false
// when Anki is not reviewing, the answer is not shown yet (see
// GUIShowAnswer), or the card has no such button.
//
// AnkiConnect action: guiAnswerCard.
func (c *Client) GUIAnswerCard(ctx context.Context, ease Ease) (bool, error) {
	return actGUIAnswerCard.call(ctx, c, easeParams{Ease: ease})
}

// GUIAnswerCard queues the guiAnswerCard action; see Client.GUIAnswerCard.
func (m *Multi) GUIAnswerCard(ease Ease) *Pending[bool] {
	return actGUIAnswerCard.queue(m, easeParams{Ease: ease})
}

// GUIUndo undoes the last change in Anki, as Edit > Undo does. The add-on
// reports true whether or not there was something to undo (the fake in
// ankiconnecttest reports false when its undo queue is empty).
//
// AnkiConnect action: guiUndo.
func (c *Client) GUIUndo(ctx context.Context) (bool, error) {
	return actGUIUndo.call(ctx, c, noParams{})
}

// GUIUndo queues the guiUndo action; see Client.GUIUndo.
func (m *Multi) GUIUndo() *Pending[bool] { return actGUIUndo.queue(m, noParams{}) }

// GUIDeckOverview opens the overview screen of the named deck. It reports
// false when the deck does not exist.
//
// AnkiConnect action: guiDeckOverview.
func (c *Client) GUIDeckOverview(ctx context.Context, deck string) (bool, error) {
	return actGUIDeckOverview.call(ctx, c, nameParams{Name: deck})
}

// GUIDeckOverview queues the guiDeckOverview action; see
// Client.GUIDeckOverview.
func (m *Multi) GUIDeckOverview(deck string) *Pending[bool] {
	return actGUIDeckOverview.queue(m, nameParams{Name: deck})
}

// GUIDeckBrowser shows Anki's deck list.
//
// AnkiConnect action: guiDeckBrowser.
func (c *Client) GUIDeckBrowser(ctx context.Context) error {
	return actGUIDeckBrowser.exec(ctx, c, noParams{})
}

// GUIDeckBrowser queues the guiDeckBrowser action; see
// Client.GUIDeckBrowser.
func (m *Multi) GUIDeckBrowser() *Pending[Nothing] { return actGUIDeckBrowser.queue(m, noParams{}) }

// GUIDeckReview starts reviewing the named deck. It reports false when the
// deck does not exist.
//
// AnkiConnect action: guiDeckReview.
func (c *Client) GUIDeckReview(ctx context.Context, deck string) (bool, error) {
	return actGUIDeckReview.call(ctx, c, nameParams{Name: deck})
}

// GUIDeckReview queues the guiDeckReview action; see Client.GUIDeckReview.
func (m *Multi) GUIDeckReview(deck string) *Pending[bool] {
	return actGUIDeckReview.queue(m, nameParams{Name: deck})
}

// GUIImportFile opens Anki's import dialog for the file at path, on the
// machine running Anki (use forward slashes on Windows); an empty path lets
// the user pick the file. It returns once the dialog is open, not when the
// import is done.
//
// AnkiConnect action: guiImportFile.
func (c *Client) GUIImportFile(ctx context.Context, path string) error {
	return actGUIImportFile.exec(ctx, c, pathParams{Path: path})
}

// GUIImportFile queues the guiImportFile action; see Client.GUIImportFile.
func (m *Multi) GUIImportFile(path string) *Pending[Nothing] {
	return actGUIImportFile.queue(m, pathParams{Path: path})
}

// GUIExitAnki asks Anki to close, about a second after replying; the call
// does not wait for Anki to exit.
//
// AnkiConnect action: guiExitAnki.
func (c *Client) GUIExitAnki(ctx context.Context) error {
	return actGUIExitAnki.exec(ctx, c, noParams{})
}

// GUIExitAnki queues the guiExitAnki action; see Client.GUIExitAnki.
func (m *Multi) GUIExitAnki() *Pending[Nothing] { return actGUIExitAnki.queue(m, noParams{}) }

// GUICheckDatabase starts Anki's Check Database and returns at once: the
// result is always true, whatever the check finds.
//
// AnkiConnect action: guiCheckDatabase.
func (c *Client) GUICheckDatabase(ctx context.Context) (bool, error) {
	return actGUICheckDatabase.call(ctx, c, noParams{})
}

// GUICheckDatabase queues the guiCheckDatabase action; see
// Client.GUICheckDatabase.
func (m *Multi) GUICheckDatabase() *Pending[bool] { return actGUICheckDatabase.queue(m, noParams{}) }

// GUIPlayAudio replays the audio of the card under review. It reports false
// when Anki is not reviewing. The add-on serves it since November 2025.
//
// AnkiConnect action: guiPlayAudio.
func (c *Client) GUIPlayAudio(ctx context.Context) (bool, error) {
	return actGUIPlayAudio.call(ctx, c, noParams{})
}

// GUIPlayAudio queues the guiPlayAudio action; see Client.GUIPlayAudio.
func (m *Multi) GUIPlayAudio() *Pending[bool] { return actGUIPlayAudio.queue(m, noParams{}) }
