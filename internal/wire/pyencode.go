package wire

import (
	"math"
	"slices"
	"strconv"
	"sync/atomic"
	"unicode/utf8"
)

// The reply encoder's fast path: the common result types (strings, bools,
// ints, float64, nil, the slices and string-keyed maps of those, []any,
// map[string]any, orderedObject, the envelope, and the reply types that
// write themselves, pyAppender) are written directly in the bytes
// encodePython makes of them, without reflection or a second pass.
// Anything else (other structs, named types, json.RawMessage, MarshalJSON
// methods) is handed to encodePython, alone, and its bytes embedded; a value
// encodePython fails on makes the whole reply go through encodePython, so
// the error is its error. TestEncodersAgree and FuzzEncodersAgree hold the
// two byte for byte.

// slowEncodes counts the values the fast path handed to encodePython
// (whole replies or parts of them), so tests can check that the common
// replies stay on the fast path.
var slowEncodes atomic.Int64

const hexDigits = "0123456789abcdef"

// appendPython appends what encodePython makes of v; ok is false when
// encodePython fails on v or part of it.
func appendPython(b []byte, v any) (_ []byte, ok bool) {
	switch v := v.(type) {
	case nil:
		return append(b, "null"...), true
	case string:
		return appendPyString(b, v), true
	case bool:
		return strconv.AppendBool(b, v), true
	case int:
		return strconv.AppendInt(b, int64(v), 10), true
	case int64:
		return strconv.AppendInt(b, v, 10), true
	case int32:
		return strconv.AppendInt(b, int64(v), 10), true
	case uint64:
		return strconv.AppendUint(b, v, 10), true
	case float64:
		return appendFloat64(b, v)
	case envelope:
		return appendEnvelope(b, v.Result, v.Error)
	case []string:
		return appendList(b, v, strElem)
	case []int64:
		return appendList(b, v, int64Elem)
	case []int:
		return appendList(b, v, intElem)
	case []bool:
		return appendList(b, v, boolElem)
	case []any:
		return appendList(b, v, appendPython)
	case map[string]any:
		return appendMap(b, v, appendPython)
	case map[string]string:
		return appendMap(b, v, strElem)
	case map[string]int64:
		return appendMap(b, v, int64Elem)
	case map[string]int:
		return appendMap(b, v, intElem)
	case map[string]bool:
		return appendMap(b, v, boolElem)
	case struct{}: // the {} of an unknown ID in notesInfo and cardsInfo
		return append(b, "{}"...), true
	case pyAppender:
		return v.appendPy(b)
	case orderedObject:
		o := startObject(b)
		for _, kv := range v {
			o.key(kv.Key)
			if o.b, ok = appendPython(o.b, kv.Value); !ok {
				return o.b, false
			}
		}
		return o.end(), true
	}
	slowEncodes.Add(1)
	enc, err := encodePython(v)
	if err != nil {
		return b, false
	}
	return append(b, enc...), true
}

// pyAppender is a reply type that writes its own encoding on the fast
// path: what encodePython makes of it (TestAppendersAgree).
type pyAppender interface {
	appendPy(b []byte) ([]byte, bool)
}

// pyObject writes the members of a JSON object one by one, as encodePython
// separates them.
type pyObject struct {
	b []byte
	n int
}

func startObject(b []byte) pyObject { return pyObject{b: append(b, '{')} }

func (o *pyObject) key(k string) {
	if o.n > 0 {
		o.b = append(o.b, ", "...)
	}
	o.n++
	o.b = append(appendPyString(o.b, k), ": "...)
}

func (o *pyObject) str(k, v string) { o.key(k); o.b = appendPyString(o.b, v) }

func (o *pyObject) int(k string, v int64) { o.key(k); o.b = strconv.AppendInt(o.b, v, 10) }

func (o *pyObject) strs(k string, v []string) {
	o.key(k)
	o.b, _ = appendList(o.b, v, strElem)
}

func (o *pyObject) ints(k string, v []int64) {
	o.key(k)
	o.b, _ = appendList(o.b, v, int64Elem)
}

func (o *pyObject) end() []byte { return append(o.b, '}') }

// The element writers of appendList and appendMap for the scalar types.
func strElem(b []byte, s string) ([]byte, bool)  { return appendPyString(b, s), true }
func int64Elem(b []byte, n int64) ([]byte, bool) { return strconv.AppendInt(b, n, 10), true }
func intElem(b []byte, n int) ([]byte, bool)     { return strconv.AppendInt(b, int64(n), 10), true }
func boolElem(b []byte, t bool) ([]byte, bool)   { return strconv.AppendBool(b, t), true }

// appendEnvelope writes envelope{result, msg}.
func appendEnvelope(b []byte, result any, msg *string) (_ []byte, ok bool) {
	o := startObject(b)
	o.key("result")
	if o.b, ok = appendPython(o.b, result); !ok {
		return o.b, false
	}
	o.key("error")
	if msg == nil {
		o.b = append(o.b, "null"...)
	} else {
		o.b = appendPyString(o.b, *msg)
	}
	return o.end(), true
}

// appendList writes a slice as encoding/json does: nil as null.
func appendList[T any](b []byte, list []T, elem func([]byte, T) ([]byte, bool)) (_ []byte, ok bool) {
	if list == nil {
		return append(b, "null"...), true
	}
	b = growFor(b, list)
	b = append(b, '[')
	for i, x := range list {
		if i > 0 {
			b = append(b, ", "...)
		}
		if b, ok = elem(b, x); !ok {
			return b, false
		}
	}
	return append(b, ']'), true
}

// appendMap writes a map as encoding/json does: nil as null, keys sorted
// by their bytes.
func appendMap[T any](b []byte, m map[string]T, elem func([]byte, T) ([]byte, bool)) (_ []byte, ok bool) {
	if m == nil {
		return append(b, "null"...), true
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	o := startObject(growFor(b, keys))
	for _, k := range keys {
		o.key(k)
		if o.b, ok = elem(o.b, m[k]); !ok {
			return o.b, false
		}
	}
	return o.end(), true
}

// growFor makes room in b for a list's encoding, estimated from its
// elements, at once: appending element by element would grow a long
// list's buffer by a quarter at a time, allocating several times its size.
func growFor[T any](b []byte, list []T) []byte {
	if len(list) < 64 {
		return b
	}
	n := 8 * len(list)
	switch list := any(list).(type) {
	case []int64:
		n = 16 * len(list) // 13-digit IDs and ", "
	case []string:
		n = 4 * len(list)
		for _, s := range list {
			n += len(s)
		}
	}
	return slices.Grow(b, n)
}

// appendFloat64 writes f as encoding/json does (shortest repr, exponent
// form outside [1e-6, 1e21), "e-07" shortened to "e-7"); NaN and ±Inf are
// not encodable.
func appendFloat64(b []byte, f float64) ([]byte, bool) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return b, false
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b, true
}

// appendPyString writes s as json.dumps does with ensure_ascii, seen
// through encoding/json as encodePython sees it: invalid UTF-8 bytes become
// U+FFFD, every other non-ASCII character a lower-case \uXXXX escape (astral
// ones a surrogate pair), control characters \b \f \n \r \t or \u00XX.
func appendPyString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		b = append(b, s[start:i]...)
		if c < utf8.RuneSelf {
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r > 0xFFFF {
			r -= 0x10000
			b = appendUEscape(b, 0xD800+(r>>10))
			b = appendUEscape(b, 0xDC00+(r&0x3FF))
		} else {
			b = appendUEscape(b, r) // an invalid byte is RuneError: \ufffd
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

func appendUEscape(b []byte, r rune) []byte {
	return append(b, '\\', 'u', hexDigits[r>>12&0xF], hexDigits[r>>8&0xF], hexDigits[r>>4&0xF], hexDigits[r&0xF])
}
