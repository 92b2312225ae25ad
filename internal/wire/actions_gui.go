package wire

import (
	"encoding/json"
	"slices"

	"github.com/ankiconnect-go/ankiconnect/internal/collection"
)

// Graphical actions: the gui* actions drive the fake's Anki window (gui.go)
// and answer what the add-on answers: the card browser, the Add and Edit
// dialogs, the main window's screens and the reviewer. Answers given in the
// reviewer go through the collection's scheduler.

func init() {
	none := []Param(nil)
	Register(Action{Name: "guiBrowse", Params: []Param{{Name: "query"}, {Name: "reorderCards"}}, Run: guiBrowse})
	Register(Action{Name: "guiSelectCard", Params: []Param{{Name: "card", Required: true}}, Run: func(e *Env, a Args) (any, error) {
		return guiSelectCard(e, a, "card")
	}})
	// guiSelectNote is the add-on's deprecated alias: it takes a card ID.
	Register(Action{Name: "guiSelectNote", Params: []Param{{Name: "note", Required: true}}, Run: func(e *Env, a Args) (any, error) {
		return guiSelectCard(e, a, "note")
	}})
	Register(Action{Name: "guiSelectedNotes", Params: none, Run: guiSelectedNotes})
	Register(Action{Name: "guiAddCards", Params: []Param{{Name: "note"}}, Run: guiAddCards})
	Register(Action{Name: "guiEditNote", Params: []Param{{Name: "note", Required: true}}, Run: guiEditNote})
	Register(Action{Name: "guiAddNoteSetData", Params: []Param{{Name: "note", Required: true}, {Name: "append", Default: false}}, Run: guiAddNoteSetData})
	Register(Action{Name: "guiReviewActive", Params: none, Run: func(e *Env, _ Args) (any, error) {
		return e.srv.gui.reviewing(e.Col) != nil, nil
	}})
	Register(Action{Name: "guiCurrentCard", Params: none, Run: guiCurrentCard})
	Register(Action{Name: "guiStartCardTimer", Params: none, Run: whileReviewing(func(e *Env, _ *collection.Card) {
		e.srv.gui.reviewer.timer = e.Col.Now()
	})})
	Register(Action{Name: "guiShowQuestion", Params: none, Run: whileReviewing(func(e *Env, _ *collection.Card) {
		e.srv.gui.reviewer.side = SideQuestion
	})})
	Register(Action{Name: "guiShowAnswer", Params: none, Run: whileReviewing(func(e *Env, _ *collection.Card) {
		e.srv.gui.reviewer.side = SideAnswer
	})})
	Register(Action{Name: "guiPlayAudio", Params: none, Run: whileReviewing(func(e *Env, _ *collection.Card) {
		e.srv.gui.replays++
	})})
	Register(Action{Name: "guiAnswerCard", Params: []Param{{Name: "ease", Required: true}}, Run: guiAnswerCard})
	// guiUndo reverts the latest undoable operation (undo.go).
	Register(Action{Name: "guiUndo", Params: none, Run: guiUndo})
	Register(Action{Name: "guiDeckOverview", Params: []Param{{Name: "name", Required: true}}, Run: func(e *Env, a Args) (any, error) {
		return deckOverview(e, a)
	}})
	Register(Action{Name: "guiDeckBrowser", Params: none, Run: func(e *Env, _ Args) (any, error) {
		e.srv.gui.moveTo(e.Col, ScreenDeckBrowser)
		return nil, nil
	}})
	Register(Action{Name: "guiDeckReview", Params: []Param{{Name: "name", Required: true}}, Run: func(e *Env, a Args) (any, error) {
		ok, err := deckOverview(e, a)
		if ok {
			e.srv.gui.moveTo(e.Col, ScreenReview)
		}
		return ok, err
	}})
	Register(Action{Name: "guiImportFile", Params: []Param{{Name: "path"}}, Run: guiImportFile})
	// guiExitAnki closes Anki a second after replying; the fake records it
	// and goes on serving.
	Register(Action{Name: "guiExitAnki", Params: none, Run: func(e *Env, _ Args) (any, error) {
		e.srv.gui.exited = true
		return nil, nil
	}})
	// guiCheckDatabase starts the check and always reports true.
	Register(Action{Name: "guiCheckDatabase", Params: none, Run: func(e *Env, _ Args) (any, error) {
		e.srv.gui.checks++
		return true, nil
	}})
}

// whileReviewing is an action that does do to the card under review and
// reports true, or reports false when the reviewer shows no card.
func whileReviewing(do func(e *Env, card *collection.Card)) func(e *Env, a Args) (any, error) {
	return func(e *Env, _ Args) (any, error) {
		card := e.srv.gui.reviewing(e.Col)
		if card == nil {
			return false, nil
		}
		do(e, card)
		return true, nil
	}
}

// guiBrowse opens the browser (which searches "deck:current" when it opens),
// searches for query, sorts by reorderCards, and returns findCards(query).
// The browser shows an invalid search as a warning and keeps its rows; the
// error comes from findCards, after the reorderCards checks.
func guiBrowse(e *Env, a Args) (any, error) {
	g := &e.srv.gui
	if g.browser == nil {
		g.browser = &browserState{sortCol: defaultSortColumn}
		g.search(e.Col, "deck:current")
	}
	if !a.IsNull("query") {
		var q string
		if err := a.Decode("query", &q); err != nil {
			return nil, err
		}
		g.search(e.Col, q)
	}
	if !a.IsNull("reorderCards") {
		if err := g.reorder(e.Col, a.Raw("reorderCards")); err != nil {
			return nil, err
		}
	}
	return findIDs(e, a, e.Col.FindCards)
}

// search runs a search in the open browser and restores the selection as
// Anki's browser table does (aqt/browser/table/table.py, _restore_selection
// over _intersected_selection).
func (g *gui) search(col *collection.Collection, q string) {
	b := g.browser
	b.query = q
	ids, err := col.FindCards(q)
	if err != nil {
		return
	}
	b.cards = sortCards(col, ids, b.sortCol, b.desc)
	b.restoreSelection()
}

// browserSelectionLimit is Anki's Table.SELECTION_LIMIT: a restored
// selection of this many rows or more shrinks to one row.
const browserSelectionLimit = 500

// restoreSelection reselects, after the rows changed, the selected cards
// the browser still shows, as Anki does: with rows shown, at least one is
// always selected (the previous current card if shown, else the first
// row); with more than browserSelectionLimit-1 surviving rows only the
// current one (or the first) stays selected; with no rows nothing is. The
// current card becomes the previous one if still shown (and not in the
// first row, which Anki's truth test skips), else the first selected row.
// The selection is kept in display order.
func (b *browserState) restoreSelection() {
	if len(b.cards) == 0 {
		b.selected, b.current = nil, 0
		return
	}
	rowOf := make(map[int64]int, len(b.cards))
	for i, id := range b.cards {
		rowOf[id] = i
	}
	var rows []int
	for _, id := range b.selected {
		if r, ok := rowOf[id]; ok {
			rows = append(rows, r)
		}
	}
	// Anki's "current and ...": a current card in row 0 counts as none.
	current := 0
	if r, ok := rowOf[b.current]; ok && b.current != 0 {
		current = r
	}
	switch {
	case len(rows) == 0:
		rows = []int{current}
	case len(rows) >= browserSelectionLimit && current != 0 && slices.Contains(rows, current):
		rows = []int{current}
	case len(rows) >= browserSelectionLimit:
		rows = rows[:1]
	}
	if current == 0 {
		current = rows[0]
	}
	slices.Sort(rows)
	b.selected = make([]int64, len(rows))
	for i, r := range rows {
		b.selected[i] = b.cards[r]
	}
	b.current = b.cards[current]
}

// reorder checks reorderCards as the add-on does and sorts the browser by
// the column, which must be one the browser shows. A column that cannot be
// sorted leaves the order as it is (Anki says so in a message box).
func (g *gui) reorder(col *collection.Collection, raw json.RawMessage) error {
	members, ok := objectMembers(raw)
	if !ok {
		return addonErrorf(MsgReorderNotDict, PyStr(raw))
	}
	columnRaw, hasColumn := lookup(members, "columnId")
	orderRaw, hasOrder := lookup(members, "order")
	if !hasColumn || !hasOrder {
		return addonError(MsgReorderNeedsKeys)
	}
	var order string
	if decodeStrict(orderRaw, &order) != nil || (order != "ascending" && order != "descending") {
		return addonErrorf(MsgInvalidCardOrder, PyStr(orderRaw))
	}
	var column string
	if decodeStrict(columnRaw, &column) != nil || !slices.Contains(g.browserColumns(), column) {
		return addonErrorf(MsgInvalidColumnID, PyStr(columnRaw))
	}
	if browserColumns[column] == nil {
		return nil
	}
	b := g.browser
	b.sortCol, b.desc = column, order == "descending"
	slices.Sort(b.cards)
	b.cards = sortCards(col, b.cards, b.sortCol, b.desc)
	b.restoreSelection()
	return nil
}

// guiSelectCard selects the card (given as param) in the open browser: the
// selection is cleared, and the card selected if the browser shows it.
func guiSelectCard(e *Env, a Args, param string) (any, error) {
	var id int64
	if err := a.Decode(param, &id); err != nil {
		return nil, err
	}
	b := e.srv.gui.browser
	if b == nil {
		return false, nil
	}
	b.selected, b.current = nil, 0
	if slices.Contains(b.cards, id) {
		b.selected, b.current = []int64{id}, id
	}
	return true, nil
}

// guiSelectedNotes returns the notes of the browser's selected cards.
func guiSelectedNotes(e *Env, _ Args) (any, error) {
	out := []int64{}
	b := e.srv.gui.browser
	if b == nil {
		return out, nil
	}
	for _, id := range b.selected {
		if card := e.Col.CardByID(id); card != nil && !slices.Contains(out, card.NoteID) {
			out = append(out, card.NoteID)
		}
	}
	return out, nil
}

// guiAddCards opens the Add dialog with the note (exact field names,
// unknown ones ignored; media stored and referenced as addNote does), after
// making its deck the current deck. Without a note it opens the dialog
// blank, or leaves an open one as it is. The result is the ID of the
// unsaved note: 0.
func guiAddCards(e *Env, a Args) (any, error) {
	g := &e.srv.gui
	if a.IsNull("note") {
		if g.add == nil {
			m := g.addModel(e.Col)
			if m == nil {
				return nil, addonErrorf(MsgModelNotFound, "Basic")
			}
			g.add = &addDialog{note: e.Col.NewNote(m), model: m, deckID: e.Col.CurrentDeckID()}
		}
		return 0, nil
	}
	obj, err := asDict(a.Raw("note"))
	if err != nil {
		return nil, err
	}
	// The deck comes first here (createNote looks up the note type first),
	// and is made current even when the note type is unknown.
	deck, err := noteDeck(e, obj)
	if err != nil {
		return nil, err
	}
	e.Col.SetCurrentDeck(deck.ID)
	m, err := noteModel(e, obj)
	if err != nil {
		return nil, err
	}
	g.model = m.ID
	n := e.Col.NewNote(m)
	if fields, ok := obj.get("fields"); ok {
		if _, err := setFields(n, m, fields, m.FieldIndex); err != nil {
			return nil, err
		}
	}
	if err := addMediaFromNote(e, n, m, obj); err != nil {
		return nil, err
	}
	if tags, ok := obj.get("tags"); ok {
		n.Tags, _ = noteTags(tags)
	}
	g.add = &addDialog{note: n, model: m, deckID: deck.ID}
	return 0, nil
}

// addModel is the note type a blank Add dialog shows: the last one
// guiAddCards used, else Basic, else the first.
func (g *gui) addModel(col *collection.Collection) *collection.Model {
	if m := col.ModelByID(g.model); m != nil {
		return m
	}
	if m := col.ModelByName("Basic"); m != nil {
		return m
	}
	if all := col.AllModels(); len(all) > 0 {
		return all[0]
	}
	return nil
}

// guiEditNote opens the Edit dialog on the note; an unknown note is the
// backend's error.
func guiEditNote(e *Env, a Args) (any, error) {
	var id int64
	if err := a.Decode("note", &id); err != nil {
		return nil, err
	}
	if e.Col.NoteByID(id) == nil {
		return nil, addonErrorf(MsgNoSuchNote, id)
	}
	e.srv.gui.edit = append(e.srv.gui.edit, id)
	return nil, nil
}

// addDialogClosed is guiAddNoteSetData's successful result when the Add
// dialog is not open.
type addDialogClosed struct {
	Error string `json:"error"`
	Code  int    `json:"code"`
}

// guiAddNoteSetData changes the open Add dialog's note: deck, note type,
// fields (replaced, or appended to with append), tags (replaced, or merged
// with append) and media, in that order. A change made before an error
// stays.
func guiAddNoteSetData(e *Env, a Args) (any, error) {
	d := e.srv.gui.add
	if d == nil {
		return addDialogClosed{MsgAddNoteDialogClosed, 1}, nil
	}
	obj, err := asDict(a.Raw("note"))
	if err != nil {
		return nil, err
	}
	appendData := a.Truthy("append")
	if v, ok := obj.get("deckName"); ok {
		deck := e.Col.DeckByName(PyStr(v))
		if deck == nil {
			return nil, addonErrorf(MsgAddNoteDeckNotFound, PyStr(v))
		}
		d.deckID = deck.ID
	}
	if v, ok := obj.get("modelName"); ok {
		m := e.Col.ModelByName(PyStr(v))
		if m == nil {
			return nil, addonErrorf(MsgAddNoteModelNotFound, PyStr(v))
		}
		if m.ID != d.model.ID {
			d.changeModel(e.Col, m)
		}
	}
	if v, ok := obj.get("fields"); ok {
		fields, err := asDict(v)
		if err != nil {
			return nil, addonErrorf(MsgNoAttribute, PyTypeName(v), "items")
		}
		for _, f := range fields.members {
			i := d.model.FieldIndex(f.Key)
			if i < 0 {
				return nil, addonErrorf(MsgAddNoteFieldNotFound, f.Key)
			}
			if appendData {
				d.note.Fields[i] += PyStr(f.Value)
			} else {
				d.note.Fields[i] = PyStr(f.Value)
			}
		}
	}
	if v, ok := obj.get("tags"); ok {
		d.setTags(v, appendData)
	}
	if err := addMediaFromNote(e, d.note, d.model, obj); err != nil {
		return nil, err
	}
	return true, nil
}

// changeModel switches the dialog's note to note type m as Anki's Add
// dialog does: a field keeps its text under the same name, or else in the
// same position when the old field's name is not in the new type.
func (d *addDialog) changeModel(col *collection.Collection, m *collection.Model) {
	old, oldModel := d.note, d.model
	n := col.NewNote(m)
	n.Tags = old.Tags
	for i, f := range m.Fields {
		if j := oldModel.FieldIndex(f.Name); j >= 0 {
			n.Fields[i] = old.Fields[j]
		} else if i < len(oldModel.Fields) && m.FieldIndex(oldModel.Fields[i].Name) < 0 {
			n.Fields[i] = old.Fields[i]
		}
	}
	d.note, d.model = n, m
}

// setTags replaces the dialog's tags, or with merge adds those it lacks (a
// single string is one tag). Anki merges through a Python set, so its order
// is arbitrary; the fake keeps the dialog's tags first.
func (d *addDialog) setTags(raw json.RawMessage, merge bool) {
	if !merge {
		d.note.Tags, _ = noteTags(raw)
		return
	}
	var tags []string
	if decodeStrict(raw, &tags) != nil {
		tags = []string{PyStr(raw)}
	}
	for _, t := range tags {
		if !slices.Contains(d.note.Tags, t) {
			d.note.Tags = append(d.note.Tags, t)
		}
	}
}

// currentCard is guiCurrentCard's result, keys in the add-on's order.
type currentCard struct {
	CardID      int64      `json:"cardId"`
	Fields      fieldsJSON `json:"fields"`
	FieldOrder  int        `json:"fieldOrder"`
	Question    string     `json:"question"`
	Answer      string     `json:"answer"`
	Buttons     []int      `json:"buttons"`
	NextReviews []string   `json:"nextReviews"`
	ModelName   string     `json:"modelName"`
	DeckName    string     `json:"deckName"`
	CSS         string     `json:"css"`
	Template    string     `json:"template"`
}

// guiCurrentCard describes the card under review with its answer buttons
// and the interval each would give.
func guiCurrentCard(e *Env, _ Args) (any, error) {
	card := e.srv.gui.reviewing(e.Col)
	if card == nil {
		return nil, addonError(MsgGuiReviewNotActive)
	}
	n := card.Note()
	m := e.Col.ModelByID(n.ModelID)
	q, ans := e.Col.RenderCard(card)
	style := "<style>" + m.CSS + "</style>"
	buttons := make([]int, answerButtons)
	for i := range buttons {
		buttons[i] = i + 1
	}
	return currentCard{
		CardID: card.ID, Fields: fieldsJSON{m, n}, FieldOrder: card.Ord,
		Question: style + q, Answer: style + ans, Buttons: buttons,
		NextReviews: e.Col.NextReviews(card)[:answerButtons], ModelName: m.Name,
		DeckName: e.Col.DeckOrDefault(card.DeckID).Name, CSS: m.CSS, Template: templateName(m, card),
	}, nil
}

// templateName is the name of the card's template (a cloze type's one).
func templateName(m *collection.Model, card *collection.Card) string {
	i := card.Ord
	if m.IsCloze() {
		i = 0
	}
	if i < 0 || i >= len(m.Templates) {
		return ""
	}
	return m.Templates[i].Name
}

// guiAnswerCard answers the card under review when its answer is shown and
// ease is one of its buttons, then shows the next card. The time taken runs
// from the card's timer.
func guiAnswerCard(e *Env, a Args) (any, error) {
	var ease int
	if err := a.Decode("ease", &ease); err != nil {
		return nil, err
	}
	g := &e.srv.gui
	card := g.reviewing(e.Col)
	if card == nil || g.reviewer.side != SideAnswer || ease <= 0 || ease > answerButtons {
		return false, nil
	}
	taken := int(e.Col.Now().Sub(g.reviewer.timer).Milliseconds())
	if err := e.Col.AnswerCard(card, ease, taken); err != nil {
		return nil, err
	}
	g.reviewer.answers = append(g.reviewer.answers, ReviewAnswer{Card: card.ID, Ease: ease, TimeTaken: taken})
	g.nextCard(e.Col)
	return true, nil
}

// deckOverview makes the named deck current and shows its overview; false
// when there is no such deck.
func deckOverview(e *Env, a Args) (bool, error) {
	deck, err := namedDeck(e, a, "name")
	if deck == nil {
		return false, err
	}
	e.Col.SetCurrentDeck(deck.ID)
	e.srv.gui.moveTo(e.Col, ScreenOverview)
	return true, nil
}

// namedDeck is the deck the string param names (as decks.by_name finds it,
// case-insensitively), nil when there is none.
func namedDeck(e *Env, a Args, param string) (*collection.Deck, error) {
	var name string
	if err := a.Decode(param, &name); err != nil {
		return nil, err
	}
	return e.Col.DeckByName(name), nil
}

// guiImportFile records the import Anki was asked to start: the file, or a
// file picker when path is null.
func guiImportFile(e *Env, a Args) (any, error) {
	req := ImportRequest{Picker: true}
	if !a.IsNull("path") {
		if err := a.Decode("path", &req.Path); err != nil {
			return nil, err
		}
		req.Picker = false
	}
	e.srv.gui.imports = append(e.srv.gui.imports, req)
	return nil, nil
}
