package collection

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestCanonicalTags(t *testing.T) {
	tests := []struct {
		name       string
		registered []string
		in         []string
		want       []string
	}{
		{"split, dedupe, sort", nil, []string{"b a", "A", "c\u3000b", "  "}, []string{"a", "b", "c"}},
		{"registry spelling wins", []string{"Verb"}, []string{"verb", "VERB"}, []string{"Verb"}},
		{"first registration wins", nil, []string{"Noun noun"}, []string{"Noun"}},
		{"child takes parent spelling", []string{"Lang"}, []string{"lang::fr"}, []string{"Lang::fr"}},
		{"parent spelling from a registered child", []string{"Lang::de"}, []string{"LANG::fr"}, []string{"Lang::fr"}},
		{"nearest ancestor", []string{"a::B::c"}, []string{"A::b::x"}, []string{"a::B::x"}},
		{"sorted case-insensitively", nil, []string{"b", "A", "a::b", "C"}, []string{"A", "A::b", "b", "C"}},
		{"invalid characters removed, blank components", nil, []string{`q"uote`, "x::::y", "\x01ctl"}, []string{"ctl", "quote", "x::blank::y"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newTestCollection()
			c.RegisterTags(tt.registered...)
			if diff := cmp.Diff(tt.want, c.CanonicalTags(tt.in)); diff != "" {
				t.Errorf("CanonicalTags(%q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestTagRegistry(t *testing.T) {
	c := newTestCollection()
	m := c.ModelByName("Basic")
	a := c.NewNote(m)
	a.Fields = []string{"one", ""}
	a.Tags = []string{"keep", "gone::child"}
	c.AddNote(a, c.DeckByID(DefaultDeckID))
	b := c.NewNote(m)
	b.Fields = []string{"two", ""}
	b.Tags = []string{"Other"}
	c.AddNote(b, c.DeckByID(DefaultDeckID))

	c.RemoveTags([]int64{a.ID, 999}, "GONE")
	if diff := cmp.Diff([]string{"keep"}, a.Tags); diff != "" {
		t.Errorf("removing a parent removes its children (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"gone::child", "keep", "Other"}, c.AllTags()); diff != "" {
		t.Errorf("registry keeps removed tags (-want +got):\n%s", diff)
	}
	c.ClearUnusedTags()
	if diff := cmp.Diff([]string{"keep", "Other"}, c.AllTags()); diff != "" {
		t.Errorf("after ClearUnusedTags (-want +got):\n%s", diff)
	}

	c.AddTags([]int64{a.ID, b.ID}, "other new")
	if diff := cmp.Diff([]string{"keep", "new", "Other"}, a.Tags); diff != "" {
		t.Errorf("AddTags uses registry spelling (-want +got):\n%s", diff)
	}

	c.ReplaceTag([]int64{a.ID, b.ID, 12345}, "OTHER", "x y")
	if diff := cmp.Diff([]string{"keep", "new", "x", "y"}, a.Tags); diff != "" {
		t.Errorf("ReplaceTag note a (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"new", "x", "y"}, b.Tags); diff != "" {
		t.Errorf("ReplaceTag note b (-want +got):\n%s", diff)
	}
	c.ReplaceTagInAllNotes("x", "z")
	if !a.HasTag("Z") || a.HasTag("x") || !b.HasTag("z") {
		t.Errorf("ReplaceTagInAllNotes: a=%v b=%v", a.Tags, b.Tags)
	}
	// Literal "*": no wildcard.
	c.RemoveTags([]int64{a.ID}, "*")
	if len(a.Tags) != 4 {
		t.Errorf("RemoveTags(*) removed tags: %v", a.Tags)
	}
}

func TestSetNoteTagsTouchesOnlyOnChange(t *testing.T) {
	now := t0
	c := New(func() time.Time { return now }, t0)
	n := c.NewNote(c.ModelByName("Basic"))
	n.Fields = []string{"x", ""}
	n.Tags = []string{"a"}
	c.AddNote(n, c.DeckByID(DefaultDeckID))
	now = now.Add(time.Hour)
	c.SetNoteTags(n, []string{"A"})
	if n.Mod != t0.Unix() {
		t.Errorf("unchanged tags touched the note")
	}
	c.SetNoteTags(n, []string{"b"})
	if n.Mod != now.Unix() {
		t.Errorf("changed tags did not touch the note")
	}
}

func TestPyListRepr(t *testing.T) {
	tests := []struct {
		in   []string
		want string
	}{
		{[]string{"model was not found: non_existent_model"}, `['model was not found: non_existent_model']`},
		{[]string{"a", "b"}, `['a', 'b']`},
		{[]string{"it's"}, `["it's"]`},
		{[]string{`it's "x"`}, `['it\'s "x"']`},
		{[]string{`back\slash`}, `['back\\slash']`},
		{nil, `[]`},
	}
	for _, tt := range tests {
		if got := PyListRepr(tt.in); got != tt.want {
			t.Errorf("PyListRepr(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

// TestParentCaseDeterministic registers a child of an ancestor that the
// registry spells two ways: the spelling must not depend on the map's
// iteration order (each round builds the map anew).
func TestParentCaseDeterministic(t *testing.T) {
	for _, tc := range []struct {
		registry map[string]string
		tag      string
		want     string
	}{
		// No tag of the ancestor's own: the smallest key that extends it.
		{map[string]string{"a::y": "a::y", "a::x": "A::x", "a::z": "a::Z"}, "a::new", "A::new"},
		// The ancestor registered as a tag of its own wins.
		{map[string]string{"a::b": "A::b", "a": "a", "a::c": "A::c"}, "a::new", "a::new"},
		// An invalid byte and U+FFFD fold alike.
		{map[string]string{"\ufffd::b": "\x91::b", "\ufffd::a": "\ufffd::a"}, "\ufffd::new", "\ufffd::new"},
	} {
		for range 50 {
			c := newTestCollection()
			for k, v := range tc.registry {
				c.tags[k] = v
			}
			if got := c.parentCase(tc.tag); got != tc.want {
				t.Fatalf("parentCase(%q) with %q = %q, want %q", tc.tag, tc.registry, got, tc.want)
			}
		}
	}
}
