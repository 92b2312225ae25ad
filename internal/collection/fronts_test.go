package collection

import (
	"slices"
	"testing"
)

// TestFrontCacheFollowsEdits changes a note type in place between notes
// (a template's front, a field's name, the type's kind) and checks that
// each note's cards follow the note type as it is, not a stale parse; and
// that an unchanged note type reuses its parse.
func TestFrontCacheFollowsEdits(t *testing.T) {
	c := newTestCollection()
	m := c.ModelByName("Basic (and reversed card)")
	add := func(front, back string) []int {
		t.Helper()
		return cardOrds(addTestNote(t, c, m.Name, "Default", front, back))
	}
	if got := add("f", "b"); !slices.Equal(got, []int{0, 1}) {
		t.Fatalf("cards %v, want [0 1]", got)
	}
	fc := c.fronts[m.ID]
	if got := add("f", ""); !slices.Equal(got, []int{0}) || c.fronts[m.ID] != fc {
		t.Fatalf("cards %v, want [0], from the cached parse (%p, was %p)", got, c.fronts[m.ID], fc)
	}

	m.Templates[1].Qfmt = "{{Front}}" // edited in place: the reverse now shows Front
	if got := add("f", ""); !slices.Equal(got, []int{0, 1}) {
		t.Errorf("after editing the reverse's front: cards %v, want [0 1]", got)
	}
	m.Fields[0].Name = "Renamed" // {{Front}} now names no field: templates 0 and 1 are blank
	if got := add("f", "b"); !slices.Equal(got, []int{0}) {
		t.Errorf("after renaming Front: cards %v, want [0] (the fallback card)", got)
	}
	m.Fields[0].Name = "Front"

	cl := c.ModelByName("Cloze")
	n := addTestNote(t, c, cl.Name, "Default", "{{c2::x}}", "")
	if got := cardOrds(n); !slices.Equal(got, []int{1}) {
		t.Fatalf("cloze cards %v, want [1]", got)
	}
	cl.Type = ModelStandard // the same texts, no longer a cloze type: {{cloze:Text}} renders Text
	c.SetNoteFields(n, []string{"{{c2::y}}", ""})
	if got := cardOrds(n); !slices.Equal(got, []int{0, 1}) {
		t.Errorf("after making Cloze standard: cards %v, want [0 1] (template 0 renders Text)", got)
	}
}
