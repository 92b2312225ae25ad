package wire

// guiUndo and the undo queue it works on (collection/undo.go): which
// actions open an undo step, which leave the queue alone and which empty
// it.
//
// Undoable, each guiUndo reverting one whole step (cards, notes, tags and
// the tag registry, decks' studied-today counters, review-log rows and
// the new-card position): answering a card in the reviewer (guiAnswerCard)
// and through answerCards (one step per answer, as Anki answers each card
// as its own operation); adding notes (addNote; addNotes one step per
// note); editing notes (updateNoteFields, updateNote: one step for the
// fields and one for the tags; updateNoteTags one step, where Anki takes
// one per tag removed and added); deleting notes (deleteNotes); tag
// changes (addTags, removeTags, replaceTags, replaceTagsInAllNotes,
// clearUnusedTags); moving cards between decks (changeDeck, the deck it
// creates included); suspending (suspend, unsuspend); due dates
// (setDueDate, forgetCards).
//
// Anki, like the fake, keeps at most 30 steps, skips a step that changed
// nothing, and empties the queue on an operation it cannot undo. Every
// other action that changes the collection empties it here (deck, option
// group and note type edits, setEaseFactors, setSpecificValueOfCard,
// relearnCards, insertReviews, importPackage, guiCheckDatabase, loadProfile
// and the rest). Where the add-on changes the database with raw SQL
// (changeDeck moves cards that way), Anki empties the queue instead of
// recording a step: the fake makes changeDeck undoable all the same.
// Reads, media actions and the gui actions that only move the window leave
// the queue alone. guiUndo answers false when the queue is empty; the add-on
// answers true whatever happens (its documentation says false).

// undoOps names the undoable actions' steps.
var undoOps = map[string]string{
	"guiAnswerCard":         opAnswerCard,
	"answerCards":           opAnswerCard,
	"addNote":               opAddNote,
	"addNotes":              opAddNote,
	"updateNoteFields":      "Update Note",
	"updateNote":            "Update Note",
	"updateNoteTags":        opUpdateTags,
	"deleteNotes":           "Delete Note",
	"addTags":               "Add Tags",
	"removeTags":            "Remove Tags",
	"replaceTags":           "Replace Tags",
	"replaceTagsInAllNotes": "Replace Tags",
	"clearUnusedTags":       "Clear Unused Tags",
	"changeDeck":            "Change Deck",
	"suspend":               "Suspend",
	"unsuspend":             "Unsuspend",
	"setDueDate":            "Set Due Date",
	"forgetCards":           "Reset Card",
}

const (
	opAnswerCard = "Answer Card"
	opAddNote    = "Add Note"
	opUpdateTags = "Update Tags"
)

// keepsUndo lists the actions that leave the undo queue as it is: they
// change nothing that an undo step covers. multi's inner actions decide
// for themselves.
var keepsUndo = setOf(
	// reads
	"apiReflect", "areDue", "areSuspended", "cardsInfo", "cardsModTime", "cardsToNotes", "deckNameFromId",
	"deckNames", "deckNamesAndIds", "exportPackage", "findCards", "findModelsById", "findModelsByName", "findNotes",
	"getActiveProfile", "getCollectionStatsHTML", "getDeckConfig", "getDecks", "getEaseFactors", "getIntervals",
	"getNoteTags", "getNumCardsReviewedByDay", "getNumCardsReviewedToday", "getProfiles", "getReviewsOfCards", "getTags",
	"modelFieldDescriptions", "modelFieldFonts", "modelFieldNames", "modelFieldsOnTemplates", "modelNameFromId",
	"modelNames", "modelNamesAndIds", "modelStyling", "modelTemplates", "notesInfo", "notesModTime", "requestPermission",
	"suspended", "version", "multi", "sync",
	// reads that may create an empty deck (decks.id)
	"getDeckStats", "cardReviews", "getLatestReviewID",
	// checks that only store the notes' media
	"canAddNote", "canAddNoteWithErrorDetail", "canAddNotes", "canAddNotesWithErrorDetail",
	// media: not part of the collection's undo
	"storeMediaFile", "retrieveMediaFile", "getMediaFilesNames", "getMediaDirPath", "deleteMediaFile",
	// the window
	"guiBrowse", "guiSelectCard", "guiSelectNote", "guiSelectedNotes", "guiAddCards", "guiEditNote", "guiAddNoteSetData",
	"guiReviewActive", "guiCurrentCard", "guiStartCardTimer", "guiShowQuestion", "guiShowAnswer", "guiPlayAudio",
	"guiUndo", "guiDeckOverview", "guiDeckBrowser", "guiDeckReview", "guiImportFile", "guiExitAnki",
)

func setOf(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// undoAround prepares the undo queue for one run of the named action and
// returns what to do after it: close the action's step, nothing, or empty
// the queue.
func (e *Env) undoAround(name string) func() {
	col := e.Col
	if col == nil {
		return func() {}
	}
	if op, ok := undoOps[name]; ok {
		col.BeginUndo(op)
		return col.EndUndo
	}
	if keepsUndo[name] {
		return func() {}
	}
	return col.DiscardUndo
}

// guiUndo reverts the latest undo step; in the reviewer, the card to show
// is picked again (the undone card, when an answer was undone), on its
// question.
func guiUndo(e *Env, _ Args) (any, error) {
	g := &e.srv.gui
	g.undos++
	if _, ok := e.Col.Undo(); !ok {
		return false, nil
	}
	if g.screen == ScreenReview {
		g.nextCard(e.Col)
	}
	return true, nil
}
