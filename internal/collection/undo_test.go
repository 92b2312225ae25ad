package collection

import (
	"bytes"
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// lastIDRe is the fixture's last ID handed out, which undoing keeps.
var lastIDRe = regexp.MustCompile(`"lastId": \d+`)

// saved is the collection as its fixture JSON, for comparing whole states
// (the last ID handed out aside: IDs are not handed out twice).
func saved(t *testing.T, c *Collection) string {
	t.Helper()
	var buf bytes.Buffer
	if err := c.Save(&buf); err != nil {
		t.Fatal(err)
	}
	return lastIDRe.ReplaceAllString(buf.String(), `"lastId": 0`)
}

// TestUndoJournalSizes undoes steps that touch a few objects (the linear
// journal) and many (past journalIndexFrom, the indexed journal), each
// object changed several times in the step, and checks that the collection
// is back as it was, whole.
func TestUndoJournalSizes(t *testing.T) {
	for _, count := range []int{1, 3, journalIndexFrom, journalIndexFrom + 1, 3 * journalIndexFrom} {
		t.Run(fmt.Sprint(count), func(t *testing.T) {
			c := New(fixedClock(t0, time.Millisecond), t0)
			var ids []int64
			for i := range count {
				n := addTestNote(t, c, "Basic (and reversed card)", fmt.Sprint("D::", i%3), fmt.Sprint("f", i), "b")
				ids = append(ids, n.ID)
			}
			before := saved(t, c)

			c.BeginUndo("Change")
			c.AddTags(ids, "one Two")
			c.RemoveTags(ids, "one")
			for _, id := range ids {
				n := c.NoteByID(id)
				c.SetNoteFields(n, []string{n.Fields[0] + "!", ""})
				c.TouchCard(n.Cards()[0])
				c.saveCard(n.Cards()[0], true)
			}
			c.CreateDeck("New::Deck")
			added := addTestNote(t, c, "Basic", "New::Deck", "added", "")
			c.DeleteNotes(ids[:count/2])
			c.EndUndo()
			s := c.undo.steps[len(c.undo.steps)-1]
			if indexed := s.notes.index != nil; indexed != (len(s.notes.list) > journalIndexFrom) {
				t.Errorf("%d notes journaled, index built: %v", len(s.notes.list), indexed)
			}
			if got := len(s.notes.list); got != count+1 {
				t.Errorf("%d notes journaled, want %d (each once)", got, count+1)
			}
			if op, ok := c.Undo(); !ok || op != "Change" {
				t.Fatalf("Undo() = %q, %v", op, ok)
			}
			if diff := cmp.Diff(before, saved(t, c)); diff != "" {
				t.Errorf("after undo (-before +after):\n%s", diff)
			}
			if c.NoteByID(added.ID) != nil || c.DeckByName("New::Deck") != nil {
				t.Error("objects added in the step are still there")
			}
		})
	}
}

// TestUndoStepReuse fills the queue past undoLimit, so that BeginUndo
// reuses the step that fell off (and the empty steps that were not kept),
// and checks that every queued step still undoes its own note.
func TestUndoStepReuse(t *testing.T) {
	c := newTestCollection()
	var ids []int64
	for i := range undoLimit + 10 {
		c.BeginUndo("Empty") // changes nothing: not kept, its step reused
		empty := c.undo.open
		c.BeginUndo("Add Note")
		if c.undo.open != empty {
			t.Fatalf("step %d: BeginUndo did not reuse the spare step", i)
		}
		ids = append(ids, addTestNote(t, c, "Basic", "Default", fmt.Sprint("f", i)).ID)
		c.EndUndo()
	}
	c.BeginUndo("Add Note") // closed with the queue full: the oldest step becomes the spare
	oldest := c.undo.steps[0]
	ids = append(ids, addTestNote(t, c, "Basic", "Default", "last").ID)
	c.EndUndo()
	if c.undo.spare != oldest {
		t.Error("the step that fell off the queue is not the spare")
	}
	if c.undo.spare == nil {
		t.Error("no step was left to reuse after the queue overflowed")
	}
	for i := len(ids) - 1; i >= len(ids)-undoLimit; i-- {
		if op, ok := c.Undo(); !ok || op != "Add Note" || c.NoteByID(ids[i]) != nil || c.NoteByID(ids[i-1]) == nil {
			t.Fatalf("undo of note %d: %q, %v; the note is still there or the one before is gone", i, op, ok)
		}
	}
	if _, ok := c.Undo(); ok {
		t.Errorf("more than %d steps were kept", undoLimit)
	}
	if got := c.NoteCount(); got != len(ids)-undoLimit {
		t.Errorf("%d notes left, want %d", got, len(ids)-undoLimit)
	}
}
