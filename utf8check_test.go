package ankiconnect_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/ankiconnect-go/ankiconnect"
	"github.com/ankiconnect-go/ankiconnect/ankiconnecttest"
	"github.com/google/go-cmp/cmp"
)

// TestInvalidUTF8Refused: text that is not UTF-8 (say, a Latin-1 CSV line)
// is refused before sending, with an error naming the action and where the
// text is. encoding/json would have sent U+FFFD in its place, and Anki
// would have stored that without a word.
func TestInvalidUTF8Refused(t *testing.T) {
	ctx := context.Background()
	latin1 := "caf\xe9" // "café" in Latin-1
	for _, tc := range []struct {
		name, action, where string
		call                func(c *ankiconnect.Client) error
	}{
		{"field value", "addNote", `params.note.fields["Front"]`, func(c *ankiconnect.Client) error {
			_, err := c.AddNote(ctx, ankiconnect.Note{DeckName: "Default", ModelName: "Basic", Fields: map[string]string{"Front": latin1, "Back": "b"}})
			return err
		}},
		{"field name", "addNote", `params.note.fields["caf\xe9"] (the name)`, func(c *ankiconnect.Client) error {
			_, err := c.AddNote(ctx, ankiconnect.Note{DeckName: "Default", ModelName: "Basic", Fields: map[string]string{latin1: "a"}})
			return err
		}},
		{"tag", "addNote", "params.note.tags[1]", func(c *ankiconnect.Client) error {
			_, err := c.AddNote(ctx, ankiconnect.Note{DeckName: "Default", ModelName: "Basic", Fields: map[string]string{"Front": "a"}, Tags: []string{"ok", latin1}})
			return err
		}},
		{"deck name", "createDeck", "params.deck", func(c *ankiconnect.Client) error {
			_, err := c.CreateDeck(ctx, latin1)
			return err
		}},
		{"query", "findNotes", "params.query", func(c *ankiconnect.Client) error {
			_, err := c.FindNotes(ctx, "deck:"+latin1)
			return err
		}},
		{"raw params", "deckNames", `params["x"]`, func(c *ankiconnect.Client) error {
			_, err := ankiconnect.Invoke[[]string](ctx, c, "deckNames", map[string]any{"x": []any{latin1}[0]})
			return err
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fake := ankiconnecttest.New(t)
			err := tc.call(fake.Client())
			if !errors.Is(err, ankiconnect.ErrInvalidUTF8) {
				t.Fatalf("err = %v, want ErrInvalidUTF8", err)
			}
			var e *ankiconnect.Error
			if !errors.As(err, &e) || e.Action != tc.action {
				t.Errorf("err = %v, want an *Error for %s", err, tc.action)
			}
			if !strings.HasSuffix(err.Error(), ": "+tc.where) {
				t.Errorf("err = %q, want it to end with %q", err, tc.where)
			}
			if calls := fake.Calls(); len(calls) != 0 {
				t.Errorf("sent anyway: %+v", calls)
			}
		})
	}
	t.Run("api key", func(t *testing.T) {
		fake := ankiconnecttest.New(t)
		c := ankiconnect.NewClient(ankiconnect.WithURL(fake.URL()), ankiconnect.WithAPIKey("k\xff"))
		_, err := c.DeckNames(ctx)
		if !errors.Is(err, ankiconnect.ErrInvalidUTF8) || !strings.HasSuffix(err.Error(), ": key") {
			t.Errorf("err = %v, want ErrInvalidUTF8 at key", err)
		}
	})
}

// TestReplacementCharacterSent: a real U+FFFD is text like any other and
// goes through, and so does text that spells its JSON escape (which makes
// the check walk the parameters, and find them valid).
func TestReplacementCharacterSent(t *testing.T) {
	ctx := context.Background()
	c := ankiconnecttest.New(t).Client()
	id, err := c.AddNote(ctx, ankiconnect.Note{DeckName: "Default", ModelName: "Basic", Fields: map[string]string{"Front": "a\uFFFDb", "Back": `\ufffd`}})
	if err != nil {
		t.Fatal(err)
	}
	infos, err := c.NotesInfo(ctx, []ankiconnect.NoteID{id})
	if err != nil {
		t.Fatal(err)
	}
	got := []string{infos[0].Fields["Front"].Value, infos[0].Fields["Back"].Value}
	if d := cmp.Diff([]string{"a\uFFFDb", `\ufffd`}, got); d != "" {
		t.Errorf("fields (-want +got):\n%s", d)
	}
}

// TestInvalidUTF8InMulti: only the action with the bad text is refused; the
// rest of the batch is sent and gets its results.
func TestInvalidUTF8InMulti(t *testing.T) {
	ctx := context.Background()
	fake := ankiconnecttest.New(t)
	m := fake.Client().NewMulti()
	good := m.AddNote(ankiconnect.Note{DeckName: "Default", ModelName: "Basic", Fields: map[string]string{"Front": "good"}})
	bad := m.AddNote(ankiconnect.Note{DeckName: "Default", ModelName: "Basic", Fields: map[string]string{"Front": "caf\xe9"}})
	decks := m.DeckNames()
	err := m.Do(ctx)
	var me *ankiconnect.MultiError
	if !errors.As(err, &me) || me.Total != 3 || len(me.Failed) != 1 {
		t.Fatalf("err = %v, want a *MultiError with 1 of 3 failed", err)
	}
	if berr := bad.Err(); !errors.Is(berr, ankiconnect.ErrInvalidUTF8) || !strings.Contains(berr.Error(), `addNote: `) {
		t.Errorf("bad = %v", berr)
	}
	if _, err := good.Result(); err != nil {
		t.Errorf("good = %v", err)
	}
	if names, err := decks.Result(); err != nil || !cmp.Equal(names, []string{"Default"}) {
		t.Errorf("deckNames = %v, %v", names, err)
	}
	if d := cmp.Diff([]string{"good"}, noteFronts(fake)); d != "" {
		t.Errorf("notes (-want +got):\n%s", d)
	}
}

func noteFronts(f *ankiconnecttest.Fake) []string {
	var out []string
	for _, n := range f.Notes() {
		out = append(out, n.Fields["Front"])
	}
	return out
}
