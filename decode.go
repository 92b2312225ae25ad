package ankiconnect

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"unicode/utf8"
)

// The fast paths of the reply decode. json.Unmarshal checks a whole value
// before decoding it, and again for every UnmarshalJSON it calls (after
// scanning the value once more to find its end): a type whose UnmarshalJSON
// calls json.Unmarshal has its bytes scanned three times, and a nested one
// (a Model's fields) five. decodeReply calls unmarshalResult on the result
// instead, which decodes such types in one json.Unmarshal; BenchmarkDecode
// compares each with a plain json.Unmarshal of the same bytes.

// resultDecoder is a result type that decodes itself from a whole reply
// result faster than json.Unmarshal would through its UnmarshalJSON, with
// the same outcome.
type resultDecoder interface {
	// decodeResult decodes b, a JSON value not checked yet, into the
	// receiver; invalid JSON is an error, as with json.Unmarshal.
	decodeResult(b []byte) error
}

// unmarshalResult decodes the result b of a reply into out, as
// json.Unmarshal(b, out) would.
func unmarshalResult(b []byte, out any) error {
	switch v := out.(type) {
	case resultDecoder:
		return v.decodeResult(b)
	case *[]Model:
		return decodeModels(b, v)
	case *[]NoteID:
		return decodeIDs(b, v)
	case *[]CardID:
		return decodeIDs(b, v)
	}
	return json.Unmarshal(b, out)
}

// decodeIDs decodes a list of IDs (findNotes, findCards: often 10,000s of
// them), parsing the usual form, plain integers, itself: about 5 times as
// fast as json.Unmarshal. Anything else (null, a float, a string, an
// integer out of range, invalid JSON) goes to json.Unmarshal, which decodes
// it or describes the error.
func decodeIDs[T ~int64](b []byte, out *[]T) error {
	if ids, ok := parseInts[T](b); ok {
		*out = ids
		return nil
	}
	return json.Unmarshal(b, out)
}

// parseInts parses a JSON list of integers and reports whether b is one.
func parseInts[T ~int64](b []byte) ([]T, bool) {
	i := skipSpace(b, 0)
	ids, end := parseIntsAt[T](b, i, bytes.Count(b, []byte(","))+1)
	return ids, end > 0 && skipSpace(b, end) == len(b)
}

// The list types of the *Info actions decode in their UnmarshalJSON with one
// json.Unmarshal of their own; called directly, it is the only one.

func (s *NoteInfos) decodeResult(b []byte) error {
	if infos, ok := parseInfos(b, parseNoteInfo); ok {
		dropUnknown(infos, knownNote)
		*s = infos
		return nil
	}
	return s.UnmarshalJSON(b)
}
func (s *NoteModTimes) decodeResult(b []byte) error { return s.UnmarshalJSON(b) }
func (s *CardInfos) decodeResult(b []byte) error {
	if infos, ok := parseInfos(b, parseCardInfo); ok {
		dropUnknown(infos, knownCard)
		*s = infos
		return nil
	}
	return s.UnmarshalJSON(b)
}
func (s *CardModTimes) decodeResult(b []byte) error { return s.UnmarshalJSON(b) }

// decodeResult is UnmarshalJSON with the value decoded by unmarshalResult.
func (m *Maybe[T]) decodeResult(b []byte) error {
	*m = Maybe[T]{}
	switch string(bytes.TrimSpace(b)) {
	case "false", "null":
		return nil
	}
	err := unmarshalResult(b, &m.Value)
	// json.Unmarshal checks the syntax before UnmarshalJSON runs.
	var syntax *json.SyntaxError
	m.OK = !errors.As(err, &syntax)
	return err
}

// Models keep the JSON they were decoded from, at three levels (the model,
// each template and each field). The usual form goes through the parser of
// decode_models.go; anything else decodes the typed fields in one
// json.Unmarshal into modelWire, whose nested types have no UnmarshalJSON,
// and then finds the kept objects in one walk over the bytes that
// json.Unmarshal has checked. Either way the result is what
// Model.UnmarshalJSON gives (TestModelFastDecode and FuzzModelsDecode
// compare them).

// modelWire is a Model whose templates and fields decode without their
// UnmarshalJSON: its Templates and Fields hide modelPlain's.
type modelWire struct {
	modelPlain
	Templates []templateWire `json:"tmpls"`
	Fields    []fieldWire    `json:"flds"`
}

type (
	modelPlain   Model
	templateWire ModelTemplate
	fieldWire    ModelField
)

// model converts w to a Model, without the kept JSON.
func (w *modelWire) model() Model {
	m := Model(w.modelPlain)
	m.Templates = convertSlice(w.Templates, func(t templateWire) ModelTemplate { return ModelTemplate(t) })
	m.Fields = convertSlice(w.Fields, func(f fieldWire) ModelField { return ModelField(f) })
	return m
}

func convertSlice[From, To any](s []From, conv func(From) To) []To {
	if s == nil {
		return nil
	}
	out := make([]To, len(s))
	for i, v := range s {
		out[i] = conv(v)
	}
	return out
}

func (m *Model) decodeResult(b []byte) error {
	b = bytes.TrimSpace(b)
	kept := bytes.Clone(b)
	var parsed Model
	if parseWhole(kept, func(b []byte, v int) int { return parseModel(b, v, &parsed) }) {
		*m = parsed
		return nil
	}
	var w modelWire
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	if string(b) == "null" {
		return nil // as UnmarshalJSON: m unchanged
	}
	*m = w.model()
	m.keepRaw(bytes.Clone(b), 0)
	return nil
}

// decodeModels decodes a JSON list of models into *out.
func decodeModels(b []byte, out *[]Model) error {
	if models, ok := parseModels(bytes.Clone(b)); ok {
		*out = models
		return nil
	}
	var ws []modelWire
	if err := json.Unmarshal(b, &ws); err != nil {
		return err
	}
	if ws == nil {
		*out = nil
		return nil
	}
	models := make([]Model, len(ws))
	for i := range ws {
		models[i] = ws[i].model()
	}
	// One copy of the whole list holds every model's kept JSON.
	b = bytes.Clone(b)
	elements(b, skipSpace(b, 0), func(n, v int) int {
		if n < len(models) {
			return models[n].keepRaw(b, v)
		}
		return skipValue(b, v)
	})
	*out = models
	return nil
}

// keepRaw sets the kept JSON of m, its templates and its fields from the
// object at b[i:] that m was decoded from (null keeps nothing, as
// UnmarshalJSON), in one walk, and returns the index past that value.
func (m *Model) keepRaw(b []byte, i int) int {
	if i >= len(b) || b[i] != '{' {
		return skipValue(b, i)
	}
	end := objectMembers(b, i, func(key []byte, v int) int {
		switch {
		case keyIs(key, "tmpls"):
			return keepEach(b, v, func(n int, raw []byte) {
				if n < len(m.Templates) {
					m.Templates[n].raw = raw
				}
			})
		case keyIs(key, "flds"):
			return keepEach(b, v, func(n int, raw []byte) {
				if n < len(m.Fields) {
					m.Fields[n].raw = raw
				}
			})
		}
		return skipValue(b, v)
	})
	if end > 0 {
		m.raw = b[i:end]
	}
	return end
}

// keepEach calls keep with each object of the list at b[v] and returns the
// index past the list.
func keepEach(b []byte, v int, keep func(n int, raw []byte)) int {
	return elements(b, v, func(n, at int) int {
		end := skipValue(b, at)
		if b[at] == '{' && end > 0 {
			keep(n, b[at:end])
		}
		return end
	})
}

// keyIs reports whether the JSON string key names the struct field tagged
// name, as json.Unmarshal matches them (case-insensitively).
func keyIs(key []byte, name string) bool {
	if bytes.IndexByte(key, '\\') < 0 {
		return bytes.EqualFold(key[1:len(key)-1], []byte(name))
	}
	var s string
	return json.Unmarshal(key, &s) == nil && bytes.EqualFold([]byte(s), []byte(name))
}

// The walks below find values in bytes that json.Unmarshal has checked;
// like skipValue, they do not check them.

// elements calls f with the index and start of each element of the JSON
// list at b[i:]; f returns the index past the element. elements returns the
// index past the list, skipValue's for anything but a list, or -1 if the
// list is cut short.
func elements(b []byte, i int, f func(n, v int) int) int {
	if i >= len(b) || b[i] != '[' {
		return skipValue(b, i)
	}
	return items(b, i, ']', f)
}

// items calls item with the index and start of each item of the list or
// object at b[i], which ends with closer; item returns the index past the
// item. items returns the index past the closer, or -1.
func items(b []byte, i int, closer byte, item func(n, at int) int) int {
	if i = skipSpace(b, i+1); i < len(b) && b[i] == closer {
		return i + 1
	}
	for n := 0; ; n++ {
		end := -1
		if i < len(b) {
			end = item(n, i)
		}
		if end < 0 {
			return -1
		}
		i = skipSpace(b, end)
		switch {
		case i < len(b) && b[i] == ',':
			i = skipSpace(b, i+1)
		case i < len(b) && b[i] == closer:
			return i + 1
		default:
			return -1
		}
	}
}

// eachElement calls f with the index and bytes of each element of the JSON
// list b, and reports whether b is a list as far as it looked.
func eachElement(b []byte, f func(n int, v []byte)) bool {
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '[' {
		return false
	}
	end := elements(b, i, func(n, v int) int {
		end := skipValue(b, v)
		if end > 0 {
			f(n, b[v:end])
		}
		return end
	})
	return end > 0 && skipSpace(b, end) == len(b)
}

// objectMembers calls f with the key (quoted, as in b) and value start of each
// member of the JSON object at b[i]; f returns the index past the value.
// objectMembers returns the index past the object, or -1 if it is cut short.
func objectMembers(b []byte, i int, f func(key []byte, v int) int) int {
	return items(b, i, '}', func(_, at int) int {
		if b[at] != '"' {
			return -1
		}
		keyEnd := stringEnd(b, at)
		if keyEnd < 0 {
			return -1
		}
		colon := skipSpace(b, keyEnd)
		if colon >= len(b) || b[colon] != ':' {
			return -1
		}
		return f(b[at:keyEnd], skipSpace(b, colon+1))
	})
}

// endsLiteral reports whether c ends a number, true, false or null.
func endsLiteral(c byte) bool {
	switch c {
	case ',', '}', ']', ' ', '\t', '\r', '\n':
		return true
	}
	return false
}

// stringEnd returns the index just past the JSON string starting at b[i],
// or -1 if it is cut short.
func stringEnd(b []byte, i int) int {
	for j := i + 1; ; j++ {
		k := bytes.IndexByte(b[j:], '"')
		if k < 0 {
			return -1
		}
		j += k
		escapes := 0
		for p := j - 1; p > i && b[p] == '\\'; p-- {
			escapes++
		}
		if escapes%2 == 0 {
			return j + 1
		}
	}
}

// parse decodes the usual form of a requirement, [int, "kind", [int...]]
// with no escapes, without json.Unmarshal (which would scan the list once
// and each element again), and reports whether it did; UnmarshalJSON
// decodes anything else.
func (r *TemplateRequirement) parse(b []byte) bool {
	n, ok := 0, true
	list := eachElement(b, func(i int, v []byte) {
		switch i {
		case 0:
			r.Template, ok = atoi(v, ok)
		case 1:
			if ok = ok && len(v) >= 2 && v[0] == '"' && bytes.IndexByte(v, '\\') < 0 && utf8.Valid(v); ok {
				r.Kind = string(v[1 : len(v)-1])
			}
		case 2:
			r.Fields = []int{}
			list := eachElement(v, func(_ int, f []byte) {
				var field int
				field, ok = atoi(f, ok)
				r.Fields = append(r.Fields, field)
			})
			ok = ok && list
		}
		n++
	})
	return list && ok && n == 3
}

// atoi parses the JSON integer v when ok is still true.
func atoi(v []byte, ok bool) (int, bool) {
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(string(v))
	return n, err == nil
}

// A DeckConfig keeps its JSON too, and so do its "new", "rev" and "lapse"
// objects: it decodes like a Model, through the parser or else in one
// json.Unmarshal into deckConfigWire and one walk for the kept objects
// (TestDeckConfigFastDecode, FuzzDeckConfigDecode).

// deckConfigWire is a DeckConfig whose nested groups decode without their
// UnmarshalJSON; Dyn is kept raw, as DeckConfig.UnmarshalJSON takes true
// or a number.
type deckConfigWire struct {
	deckConfigPlain
	Dyn   json.RawMessage   `json:"dyn"`
	New   deckConfigNewWire `json:"new"`
	Rev   deckConfigRevWire `json:"rev"`
	Lapse deckConfigLapWire `json:"lapse"`
}

type (
	deckConfigPlain   DeckConfig
	deckConfigNewWire DeckConfigNew
	deckConfigRevWire DeckConfigReview
	deckConfigLapWire DeckConfigLapse
)

func (c *DeckConfig) decodeResult(b []byte) error {
	b = bytes.TrimSpace(b)
	kept := bytes.Clone(b)
	var parsed DeckConfig
	if parseWhole(kept, func(b []byte, v int) int { return parseDeckConfig(b, v, &parsed) }) {
		*c = parsed
		return nil
	}
	var w deckConfigWire
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	if string(b) == "null" {
		return nil // as UnmarshalJSON: c unchanged
	}
	*c = DeckConfig(w.deckConfigPlain)
	c.New, c.Rev, c.Lapse = DeckConfigNew(w.New), DeckConfigReview(w.Rev), DeckConfigLapse(w.Lapse)
	c.Dyn = dynTrue(w.Dyn)
	b = bytes.Clone(b)
	c.raw = b
	objectMembers(b, 0, func(key []byte, v int) int {
		end := skipValue(b, v)
		if end < 0 || b[v] != '{' {
			return end
		}
		switch {
		case keyIs(key, "new"):
			c.New.raw = b[v:end]
		case keyIs(key, "rev"):
			c.Rev.raw = b[v:end]
		case keyIs(key, "lapse"):
			c.Lapse.raw = b[v:end]
		}
		return end
	})
	return nil
}
