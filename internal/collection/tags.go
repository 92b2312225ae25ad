package collection

import (
	"slices"
	"strings"
)

// Tags follow rslib's tags/register.rs: entries are split on spaces (and
// U+3000), each "::" component loses control characters and '"' and is
// trimmed ("blank" if nothing is left), the registry's spelling wins (the
// first registration), a new child takes its parent's spelling, duplicates
// are dropped case-insensitively and the list is sorted case-insensitively.
// Anki also NFC-normalises tags; this package does not (no
// golang.org/x/text), so differently normalised spellings stay distinct.

// SplitTags splits a space-separated tag string (spaces and U+3000), dropping
// empty entries.
func SplitTags(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '\u3000' })
}

// normalizeTag cleans one tag's "::" components.
func normalizeTag(tag string) string {
	parts := strings.Split(tag, "::")
	for i, p := range parts {
		p = strings.TrimSpace(strings.Map(func(r rune) rune {
			if r == '"' {
				return -1
			}
			return dropControl(r)
		}, p))
		if p == "" {
			p = "blank"
		}
		parts[i] = p
	}
	return strings.Join(parts, "::")
}

// registerTag returns the registry's spelling of tag, registering tag first
// when it is new.
func (c *Collection) registerTag(tag string) string {
	if reg, ok := foldedLookup(c.tags, tag); ok {
		return reg
	}
	key := foldName(tag)
	tag = c.parentCase(tag)
	c.saveTags()
	c.tags[key] = tag
	return tag
}

// parentCase gives tag the spelling of its nearest ancestor that is part of
// a registered tag (Anki's adjusted_case_for_parents). Registered tags
// normally spell a shared ancestor alike; where they do not (a registry
// loaded that way, or spellings that fold alike, such as an invalid byte and
// U+FFFD), the ancestor registered as a tag of its own wins, then the
// smallest key, so the answer never depends on the map's order.
func (c *Collection) parentCase(tag string) string {
	parts := strings.Split(tag, "::")
	for n := len(parts) - 1; n >= 1; n-- {
		parent := foldName(strings.Join(parts[:n], "::"))
		best, found := "", false
		for key := range c.tags {
			if key == parent {
				best, found = key, true
				break
			}
			if strings.HasPrefix(key, parent+"::") && (!found || key < best) {
				best, found = key, true
			}
		}
		if found {
			regParts := strings.Split(c.tags[best], "::")
			return strings.Join(append(regParts[:n:n], parts[n:]...), "::")
		}
	}
	return tag
}

// CanonicalTags turns raw tag entries into a note's tag list, registering
// new tags.
func (c *Collection) CanonicalTags(entries []string) []string {
	var buf [8]string
	seen := foldSet{keys: buf[:0]}
	out := make([]string, 0, len(entries))
	add := func(t string) {
		t = c.registerTag(t)
		var added bool
		if seen, added = seen.add(foldName(t)); added {
			out = append(out, t)
		}
	}
	for _, e := range entries {
		if canonicalComponents(e, true) { // one tag, already clean
			add(e)
			continue
		}
		for _, t := range SplitTags(e) {
			add(normalizeTag(t))
		}
	}
	sortFold(out)
	return out
}

// sortFold sorts names case-insensitively.
func sortFold(names []string) {
	slices.SortFunc(names, compareFold)
}

// AllTags returns the tag registry sorted case-insensitively: every tag ever
// registered, whether or not a note still uses it (getTags).
func (c *Collection) AllTags() []string {
	out := make([]string, 0, len(c.tags))
	for _, t := range c.tags {
		out = append(out, t)
	}
	sortFold(out)
	return out
}

// RegisterTags adds tags (space-separated entries) to the registry without
// touching any note.
func (c *Collection) RegisterTags(entries ...string) { c.CanonicalTags(entries) }

// ClearUnusedTags drops every registered tag that no note uses.
func (c *Collection) ClearUnusedTags() {
	used := map[string]bool{}
	for _, n := range c.liveNotes() {
		for _, t := range n.Tags {
			used[foldName(t)] = true
		}
	}
	for k := range c.tags {
		if !used[k] {
			c.saveTags()
			delete(c.tags, k)
		}
	}
}

// HasTag reports whether the note has tag, compared case-insensitively
// (Python's Note.has_tag).
func (n *Note) HasTag(tag string) bool {
	for _, t := range n.Tags {
		if strings.EqualFold(t, tag) {
			return true
		}
	}
	return false
}

// tagMatcher matches tags and their children case-insensitively, with no
// wildcards (rslib's TagMatcher for removal).
type tagMatcher []string

func newTagMatcher(spaceSeparated string) tagMatcher {
	var m tagMatcher
	for _, t := range SplitTags(spaceSeparated) {
		m = append(m, foldName(t))
	}
	return m
}

func (m tagMatcher) matches(tag string) bool {
	k := foldName(tag)
	for _, p := range m {
		if k == p || strings.HasPrefix(k, p+"::") {
			return true
		}
	}
	return false
}

// AddTags adds the space-separated tags to the given notes (unknown IDs are
// skipped), registering them; only notes whose tags change are touched.
func (c *Collection) AddTags(noteIDs []int64, tags string) {
	add := c.CanonicalTags([]string{tags})
	if len(add) == 0 {
		return
	}
	for _, id := range noteIDs {
		if n := c.notes[id]; n != nil {
			c.SetNoteTags(n, append(n.Tags[:len(n.Tags):len(n.Tags)], add...))
		}
	}
}

// RemoveTags removes the space-separated tags and their child tags from the
// given notes, case-insensitively (unknown IDs are skipped). The registry
// keeps the tags.
func (c *Collection) RemoveTags(noteIDs []int64, tags string) {
	m := newTagMatcher(tags)
	if len(m) == 0 {
		return
	}
	for _, id := range noteIDs {
		n := c.notes[id]
		if n == nil {
			continue
		}
		var keep []string
		for _, t := range n.Tags {
			if !m.matches(t) {
				keep = append(keep, t)
			}
		}
		c.SetNoteTags(n, keep)
	}
}

// ReplaceTag does what AnkiConnect's replaceTags does for each note: if the
// note has old (case-insensitively, children not included), old is removed
// and replacement added. Unknown note IDs are skipped.
func (c *Collection) ReplaceTag(noteIDs []int64, old, replacement string) {
	for _, id := range noteIDs {
		n := c.notes[id]
		if n == nil || !n.HasTag(old) {
			continue
		}
		var tags []string
		for _, t := range n.Tags {
			if !strings.EqualFold(t, old) {
				tags = append(tags, t)
			}
		}
		c.SetNoteTags(n, append(tags, replacement))
	}
}

// ReplaceTagInAllNotes runs ReplaceTag over every note.
func (c *Collection) ReplaceTagInAllNotes(old, replacement string) {
	c.ReplaceTag(c.NoteIDs(), old, replacement)
}
