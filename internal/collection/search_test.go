package collection

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ankiconnect-go/ankiconnect/internal/search"
)

// scanNotes is FindNotes as it was before its fast paths: every note, each
// of its cards through MatchCard. The tests hold the fast paths to it.
func scanNotes(c *Collection, query string) ([]int64, error) {
	q, err := search.Compile(query, c)
	if err != nil {
		return nil, err
	}
	out := []int64{}
	for _, n := range c.liveNotes() {
		for _, card := range n.cards {
			if q.MatchCard(card) {
				out = append(out, n.ID)
				break
			}
		}
	}
	return out, nil
}

// scanCards is FindCards as it was before its fast paths.
func scanCards(c *Collection, query string) ([]int64, error) {
	q, err := search.Compile(query, c)
	if err != nil {
		return nil, err
	}
	out := []int64{}
	for _, card := range c.liveCards() {
		if q.MatchCard(card) {
			out = append(out, card.ID)
		}
	}
	return out, nil
}

// findQueries are the searches the equivalence tests run: deck, tag and
// field terms alone (the indexed and quick paths), together, negated, and
// terms of every other kind around them.
var findQueries = []string{
	``, `deck:*`, `deck:Default`, `deck:"Deck 1"`, `deck:Deck*`, `deck:A`, `deck:A::B`, `deck:a::b::c`, `deck:filtered`,
	`deck:Filt`, `-deck:"Deck 2"`, `deck:"Deck 1" or deck:A`, `deck:current`, `preset:Default`,
	`tag:t1`, `tag:T1`, `tag:t*`, `tag:par`, `tag:PAR::kid`, `tag:par::*`, `tag:none`, `-tag:t2`, `tag:re:^t\d$`, `tag:*`,
	`tag:s`, `tag:k`, `tag:nc:cafe`, `tag:t1 tag:par`, `tag:t1 or tag:t2`,
	`"Front:front 1*"`, `front:front*`, `Front:*1*`, `"front:front 12"`, `back:*b*`, `text:*`, `front:re:^f`,
	`"front:front 1212"`, `"front:FRONT 12*"`, `"front:Front 1"`, `"front:front 121212121*"`, `"back:<b>b</b>*"`, `"text:{{c1::a}}*"`,
	`front:f`, `"front:front imported"`, `front:`, `"front:front 1*" -tag:t1`, `"f*:front*"`, `"front:F\\*"`,
	`front:nc:cafe`, `"*:front 1*"`, `front`, `1`, `nc:cafe`, `w:front`, `re:\d`, `sc:x`, `dupe:1,x`,
	`deck:"Deck 1" tag:t1`, `deck:A -tag:t1`, `tag:t1 "front:front 1*"`, `deck:"Deck 2" or tag:par`,
	`is:new`, `is:suspended`, `-is:new`, `card:1`, `card:2`, `card:"Card 2"`, `note:Basic`, `note:Basic*`,
	`flag:1`, `flag:0 deck:A`, `added:1`, `edited:1`, `rated:1`, `prop:ivl>1`, `prop:s>1`, `-prop:s>1`, `prop:r>0.5`,
	`deck:"Deck 1" prop:s>1`, `deck:"Deck 1" or prop:s>1`, `-(deck:"Deck 1" or prop:s>1)`, `mid:1`, `has-cd:x`,
	`deck:"Deck 1" (tag:t1 or is:new)`, `(deck:A or deck:"Deck 3") -flag:1 tag:t*`,
}

// findWorld drives random writes to a collection for the equivalence
// tests, with every kind of change that moves a card between decks or
// changes a note's tags or fields, adds or removes either.
type findWorld struct {
	t        testing.TB
	c        *Collection
	r        *rand.Rand
	decks    []*Deck
	filtered *Deck
	models   []*Model
	tags     []string
	gone     []int64 // IDs of removed filtered decks
	log      []string
}

// query picks a search: one of findQueries, or a did: search of the
// filtered deck, a removed one, or two decks.
func (w *findWorld) query() string {
	switch w.pick(8) {
	case 0:
		return fmt.Sprint("did:", w.filtered.ID)
	case 1:
		if len(w.gone) > 0 {
			return fmt.Sprint("did:", w.gone[w.pick(len(w.gone))])
		}
	case 2:
		return fmt.Sprint("did:", w.decks[w.pick(len(w.decks))].ID, ",", w.decks[w.pick(len(w.decks))].ID)
	}
	return findQueries[w.pick(len(findQueries))]
}

// checks runs a few queries, each one to three times (so that repeated
// finds at one generation of the collection, which build columns, are
// checked too).
func (w *findWorld) checks() {
	for n := 1 + w.pick(4); n > 0; n-- {
		q := w.query()
		for k := 1 + w.pick(3); k > 0; k-- {
			w.check(q)
		}
	}
}

func newFindWorld(t testing.TB, seed uint64) *findWorld {
	c := New(fixedClock(t0, time.Second), t0)
	w := &findWorld{t: t, c: c, r: rand.New(rand.NewPCG(seed, seed*7+1))}
	for _, name := range []string{"Deck 1", "Deck 2", "Deck 3", "A::B::C", "a::b", "Other"} {
		w.decks = append(w.decks, c.CreateDeck(name))
	}
	w.decks = append(w.decks, c.DeckByID(DefaultDeckID), c.DeckByName("A"))
	w.filtered = c.CreateDeck("Filt")
	w.filtered.Filtered = true
	for _, name := range []string{"Basic", "Basic (and reversed card)", "Basic (optional reversed card)", "Cloze"} {
		w.models = append(w.models, c.ModelByName(name))
	}
	w.tags = []string{"t1", "T1", "t2", "t10", "par", "par::kid", "Par::other", "s", "\u017f", "\u212a", "k", "café", "cafe", "x y", "a::b::c"}
	for range 40 {
		w.addNote()
	}
	return w
}

func (w *findWorld) pick(n int) int { return w.r.IntN(n) }

func (w *findWorld) randomTags() []string {
	var tags []string
	for n := w.pick(3); n > 0; n-- {
		tags = append(tags, w.tags[w.pick(len(w.tags))])
	}
	return tags
}

func (w *findWorld) randomField() string {
	parts := []string{"front ", "1", "12", "2", "<b>b</b>", "café", "cafe\u0301", "\u212a", "x", "{{c1::x}}", "\n", "F"}
	var b strings.Builder
	for n := w.pick(4); n > 0; n-- {
		b.WriteString(parts[w.pick(len(parts))])
	}
	return b.String()
}

func (w *findWorld) randomNote() *Note {
	notes := w.c.AllNotes()
	if len(notes) == 0 {
		return nil
	}
	return notes[w.pick(len(notes))]
}

func (w *findWorld) randomCard() *Card {
	cards := w.c.AllCards()
	if len(cards) == 0 {
		return nil
	}
	return cards[w.pick(len(cards))]
}

func (w *findWorld) addNote() {
	m := w.models[w.pick(len(w.models))]
	n := w.c.NewNote(m)
	for i := range n.Fields {
		n.Fields[i] = w.randomField()
	}
	if m.IsCloze() {
		n.Fields[0] = "{{c1::a}} " + n.Fields[0]
		if w.pick(2) == 0 {
			n.Fields[0] += " {{c2::b}}"
		}
	} else if n.Fields[0] == "" {
		n.Fields[0] = "front " + fmt.Sprint(w.pick(30))
	}
	n.Tags = w.randomTags()
	w.c.AddNote(n, w.decks[w.pick(len(w.decks))])
}

// write makes one random change and names it.
func (w *findWorld) write() string {
	c := w.c
	switch k := w.pick(22); k {
	case 0, 1:
		w.addNote()
		return "add note"
	case 2:
		if n := w.randomNote(); n != nil {
			c.DeleteNotes([]int64{n.ID})
		}
		return "delete note"
	case 3:
		if card := w.randomCard(); card != nil {
			c.DeleteCards([]int64{card.ID})
		}
		return "delete card"
	case 4:
		if card := w.randomCard(); card != nil {
			c.MoveCards([]int64{card.ID}, w.decks[w.pick(len(w.decks))].ID)
		}
		return "move card"
	case 5:
		if n := w.randomNote(); n != nil {
			c.SetNoteTags(n, w.randomTags())
		}
		return "set tags"
	case 6:
		if n := w.randomNote(); n != nil {
			c.AddTags([]int64{n.ID}, strings.Join(w.randomTags(), " "))
		}
		return "add tags"
	case 7:
		if n := w.randomNote(); n != nil {
			c.RemoveTags([]int64{n.ID}, w.tags[w.pick(len(w.tags))])
		}
		return "remove tags"
	case 8:
		c.ReplaceTagInAllNotes(w.tags[w.pick(len(w.tags))], w.tags[w.pick(len(w.tags))])
		return "replace tag"
	case 9:
		if n := w.randomNote(); n != nil {
			fields := slices.Clone(n.Fields)
			fields[w.pick(len(fields))] = w.randomField()
			c.SetNoteFields(n, fields)
		}
		return "set fields"
	case 10:
		// As setSpecificValueOfCard does: the columns written directly,
		// then TouchCard.
		if card := w.randomCard(); card != nil && card.OriginalDeckID == 0 {
			card.OriginalDeckID, card.DeckID = card.DeckID, w.filtered.ID
			c.TouchCard(card)
		}
		return "card into filtered deck"
	case 11:
		if card := w.randomCard(); card != nil {
			card.DeckID = w.decks[w.pick(len(w.decks))].ID
			c.TouchCard(card)
		}
		return "set card did"
	case 12:
		if card := w.randomCard(); card != nil {
			if err := c.AnswerCard(card, 1+w.pick(4), 1000); err != nil {
				w.t.Fatal(err)
			}
		}
		return "answer card"
	case 13:
		if card := w.randomCard(); card != nil {
			c.SuspendCards([]*Card{card})
		}
		return "suspend"
	case 14:
		w.gone = append(w.gone, w.filtered.ID)
		c.RemoveDeck(w.filtered.ID)
		w.filtered = c.CreateDeck("Filt")
		w.filtered.Filtered = true
		return "remove filtered deck"
	case 15:
		if len(w.decks) > 3 {
			i := 3 + w.pick(len(w.decks)-3)
			if d := w.decks[i]; d.ID != DefaultDeckID {
				c.RemoveDeck(d.ID)
				w.decks[i] = c.CreateDeck(d.Name)
			}
		}
		return "remove deck"
	case 16, 17:
		// An undo step of a few changes, then often its undo.
		c.BeginUndo("Step")
		for n := 1 + w.pick(3); n > 0; n-- {
			switch w.pick(5) {
			case 0:
				w.addNote()
			case 1:
				if n := w.randomNote(); n != nil {
					c.DeleteNotes([]int64{n.ID})
				}
			case 2:
				if card := w.randomCard(); card != nil {
					c.MoveCards([]int64{card.ID}, w.decks[w.pick(len(w.decks))].ID)
				}
			case 3:
				if n := w.randomNote(); n != nil {
					c.SetNoteTags(n, w.randomTags())
				}
			case 4:
				if n := w.randomNote(); n != nil {
					fields := slices.Clone(n.Fields)
					fields[0] = w.randomField()
					c.SetNoteFields(n, fields)
				}
			}
		}
		c.EndUndo()
		if w.pick(3) > 0 {
			c.Undo()
			return "undo: step undone"
		}
		return "undo step"
	case 18:
		c.Undo()
		return "undo"
	case 19:
		// A note type edit: a template added or removed moves, adds and
		// deletes cards.
		m := w.models[1+w.pick(2)]
		err := c.EditModel(m, func(d *Model) error {
			if len(d.Templates) > 1 && w.pick(2) == 0 {
				d.Templates = d.Templates[:1]
				return nil
			}
			k := w.pick(1000000)
			d.Templates = append(d.Templates, NewTemplate(fmt.Sprint("T", k), fmt.Sprint("{{Back}}", k), "x"))
			return nil
		})
		if err != nil {
			w.t.Fatal(err)
		}
		return "edit note type"
	case 20:
		// An export of a deck imported back (its notes update in place).
		d := w.decks[w.pick(len(w.decks))]
		p, err := c.ExportPackage(d.ID, true)
		if err != nil {
			return "export failed"
		}
		for _, n := range p.Notes {
			n.Mod += 100
			n.Tags = append(n.Tags, "imported")
			if len(n.Fields) > 0 {
				n.Fields[0] = "front imported"
			}
		}
		if _, err := c.ImportPackage(p); err != nil {
			w.t.Fatal(err)
		}
		return "import"
	default:
		if n := w.randomNote(); n != nil {
			m := w.models[w.pick(len(w.models))]
			if !m.IsCloze() && !c.ModelByID(n.ModelID).IsCloze() {
				fields := make([]string, len(m.Fields))
				copy(fields, n.Fields)
				c.ChangeNoteModel(n, m, fields)
			}
		}
		return "change note type"
	}
}

// check runs query through FindNotes and FindCards and fails unless both
// give what the plain scans give.
func (w *findWorld) check(query string) {
	w.t.Helper()
	for _, card := range w.c.liveCards() {
		// The deck column takes a card's note ID from NoteID.
		if card.NoteID != card.note.ID {
			w.t.Fatalf("after %s: card %d has NoteID %d, its note is %d", strings.Join(w.log, ", "), card.ID, card.NoteID, card.note.ID)
		}
	}
	got, err := w.c.FindNotes(query)
	want, werr := scanNotes(w.c, query)
	if (err == nil) != (werr == nil) {
		w.t.Fatalf("FindNotes(%q): error %v, scan %v", query, err, werr)
	}
	if err == nil && (got == nil || !slices.Equal(got, want)) {
		w.t.Fatalf("after %s:\nFindNotes(%q) = %v\nscan gives      %v", strings.Join(w.log, ", "), query, got, want)
	}
	got, _ = w.c.FindCards(query)
	want, _ = scanCards(w.c, query)
	if err == nil && (got == nil || !slices.Equal(got, want)) {
		w.t.Fatalf("after %s:\nFindCards(%q) = %v\nscan gives      %v", strings.Join(w.log, ", "), query, got, want)
	}
}

// run makes steps random writes, with checks after each.
func (w *findWorld) run(steps int) {
	for range steps {
		op := w.write()
		if !strings.HasPrefix(op, "undo") {
			// As the server does after an action outside an undo step
			// (undoAround): the queue is emptied, so an undo never puts
			// back a note that a later change deleted.
			w.c.DiscardUndo()
		}
		w.log = append(w.log, op)
		if len(w.log) > 8 {
			w.log = w.log[1:]
		}
		w.checks()
		if op == "undo step" && w.pick(2) == 0 {
			// Undone after finds that may have built columns.
			w.c.Undo()
			w.log = append(w.log, "undo")
			w.checks()
		}
	}
	for _, q := range findQueries {
		w.check(q)
		w.check(q)
	}
}

// TestFindMatchesScan holds FindNotes and FindCards to the plain scans over
// every query of findQueries after random writes of every kind.
func TestFindMatchesScan(t *testing.T) {
	for seed := range uint64(8) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			w := newFindWorld(t, seed)
			for _, q := range findQueries {
				w.check(q)
			}
			w.run(300)
		})
	}
}

// FuzzFindMatchesScan is TestFindMatchesScan from a fuzzed seed.
func FuzzFindMatchesScan(f *testing.F) {
	f.Add(uint64(100), uint8(50))
	f.Fuzz(func(t *testing.T, seed uint64, steps uint8) {
		newFindWorld(t, seed).run(int(steps))
	})
}

// TestSearchColumnsPolicy checks when the columns are built and read: not
// on the first find after a change (it scans), on the second (the scans
// have paid for a build), and from then on until the next change, of any
// kind; a find without a deck or tag term never builds one.
func TestSearchColumnsPolicy(t *testing.T) {
	c := benchCollection(200)
	x := &c.search
	type counts struct{ builds, reads int }
	find := func(q string) counts {
		t.Helper()
		if _, err := c.FindNotes(q); err != nil {
			t.Fatal(err)
		}
		return counts{x.builds, x.reads}
	}
	expect := func(step string, got, want counts) {
		t.Helper()
		if got != want {
			t.Errorf("%s: %d builds, %d reads from columns; want %d, %d", step, got.builds, got.reads, want.builds, want.reads)
		}
	}
	expect("first deck find", find(`deck:"Deck 3"`), counts{0, 0})
	expect("second deck find", find(`deck:"Deck 3"`), counts{1, 1})
	expect("third deck find", find(`deck:"Deck 4" is:new`), counts{1, 2})
	expect("first tag find", find(`tag:tag42`), counts{1, 2})
	expect("second tag find", find(`tag:tag4*`), counts{2, 3})
	expect("first field find", find(`"Front:front 4*"`), counts{2, 3})
	expect("second field find", find(`front:front`), counts{3, 4})
	expect("other field find", find(`back:*`), counts{3, 4})
	expect("deck find again", find(`deck:"Deck 3"`), counts{3, 5})
	n := c.AllNotes()[7]
	writes := map[string]func(){
		"tags":     func() { c.SetNoteTags(n, []string{"x"}) },
		"fields":   func() { c.SetNoteFields(n, []string{"front x", "back"}) },
		"move":     func() { c.MoveCards([]int64{n.cards[0].ID}, DefaultDeckID) },
		"raw edit": func() { n.cards[0].DeckID = 2; c.TouchCard(n.cards[0]) },
		"add":      func() { c.AddNote(&Note{ModelID: n.ModelID, Fields: []string{"a", "b"}}, c.DeckByID(DefaultDeckID)) },
		"delete":   func() { c.DeleteNotes([]int64{c.AllNotes()[3].ID}) },
		"undo": func() {
			c.BeginUndo("x")
			c.SetNoteTags(n, []string{"y"})
			c.EndUndo()
			find(`deck:"Deck 3"`)
			find(`deck:"Deck 3"`) // a column before the undo
			c.Undo()
		},
		"remove filtered deck": func() {
			f := c.CreateDeck("Filtered")
			f.Filtered = true
			card := c.AllCards()[20]
			card.OriginalDeckID, card.DeckID = card.DeckID, f.ID
			c.TouchCard(card)
			find(`deck:"Deck 3"`)
			find(`deck:"Deck 3"`) // a column with the card in the filtered deck
			c.RemoveDeck(f.ID)
		},
		"answer": func() {
			if err := c.AnswerCard(c.AllCards()[30], 3, 1000); err != nil {
				t.Fatal(err)
			}
		},
		"edit note type": func() {
			err := c.EditModel(c.ModelByID(n.ModelID), func(d *Model) error {
				d.Templates = append(d.Templates, NewTemplate("Extra", "{{Back}}!", "x"))
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		},
		"change note type": func() {
			c.ChangeNoteModel(n, c.ModelByName("Basic (and reversed card)"), []string{"a", "b"})
		},
		"import": func() {
			p, err := c.ExportPackage(c.DeckByName("Deck 3").ID, false)
			if err != nil {
				t.Fatal(err)
			}
			p.Notes[0].Mod += 100 // newer: the import updates the note
			if _, err := c.ImportPackage(p); err != nil {
				t.Fatal(err)
			}
		},
	}
	for name, write := range writes {
		find(`deck:"Deck 3"`)
		find(`deck:"Deck 3"`) // a column before the write
		write()
		before := counts{x.builds, x.reads}
		expect(name+": find after", find(`deck:"Deck 3"`), before)
		before.builds++
		before.reads++
		expect(name+": second find after", find(`deck:"Deck 3"`), before)
	}
	// A change before every find: always a scan.
	before := counts{x.builds, x.reads}
	for i := range 5 {
		c.SetNoteTags(n, []string{fmt.Sprint("w", i)})
		expect("write, find", find(`tag:tag42`), before)
	}
}

// TestRentRefusesOtherRows checks the ski rental on its own: a scan first,
// a build and a read at the second use, no read of a column built from
// another number of rows, and a scan again after a change.
func TestRentRefusesOtherRows(t *testing.T) {
	var x searchIndex
	var r rent
	builds := 0
	build := func() { builds++ }
	if r.use(&x, 10, 1, build) || builds != 0 {
		t.Fatalf("first use: read or built (%d builds)", builds)
	}
	if !r.use(&x, 10, 1, build) || builds != 1 {
		t.Fatalf("second use: not read, %d builds", builds)
	}
	if r.use(&x, 11, 1, build) || builds != 1 {
		t.Fatalf("a column of 10 rows read for 11 (%d builds)", builds)
	}
	x.changed()
	if r.use(&x, 10, 1, build) || builds != 1 {
		t.Fatalf("after a change: read or built (%d builds)", builds)
	}
}
