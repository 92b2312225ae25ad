package collection

import "github.com/ankiconnect-go/ankiconnect/internal/render"

// frontCache is a note type's template fronts parsed once for card
// generation, with the texts and field names they were made from: a cache
// entry is used only while the note type still has exactly those, so an
// edited template or field is never judged by a stale parse.
type frontCache struct {
	cloze  bool
	qfmts  []string
	names  []string
	fronts []*render.Front
}

// fits reports whether the cache was made from m as it is now.
func (fc *frontCache) fits(m *Model) bool {
	if fc.cloze != m.IsCloze() || len(fc.qfmts) != len(m.Templates) || len(fc.names) != len(m.Fields) {
		return false
	}
	for i, t := range m.Templates {
		if t.Qfmt != fc.qfmts[i] {
			return false
		}
	}
	for i, f := range m.Fields {
		if f.Name != fc.names[i] {
			return false
		}
	}
	return true
}

// modelFronts returns m's field names and parsed template fronts (none for
// a cloze type, whose cards come from its fields), from the cache when it
// fits m. The slices are shared: callers must not modify them.
//
// Anything that changes a note type in place (models_edit.go, a loaded
// fixture) changes one of the texts fits compares, so no invalidation hook
// is needed.
func (c *Collection) modelFronts(m *Model) *frontCache {
	if fc := c.fronts[m.ID]; fc != nil && fc.fits(m) {
		return fc
	}
	fc := &frontCache{cloze: m.IsCloze(), qfmts: make([]string, len(m.Templates)), names: m.FieldNames()}
	for i, t := range m.Templates {
		fc.qfmts[i] = t.Qfmt
	}
	if !m.IsCloze() {
		fc.fronts = make([]*render.Front, len(m.Templates))
		for i, t := range m.Templates {
			fc.fronts[i] = render.ParseFront(t.Qfmt)
		}
	}
	if c.fronts == nil {
		c.fronts = map[int64]*frontCache{}
	}
	c.fronts[m.ID] = fc
	return fc
}
