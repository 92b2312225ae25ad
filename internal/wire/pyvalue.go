package wire

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Python's view of JSON values, for messages that quote a value the way the
// add-on's Python does (repr, str, type names, truthiness).

// member is one key and value of a JSON object, in the order Python's dict
// keeps them.
type member struct {
	Key   string
	Value json.RawMessage
}

var jsonNull = json.RawMessage("null")

// isJSONNull reports whether raw is JSON null (or empty).
func isJSONNull(raw json.RawMessage) bool {
	raw = bytes.TrimSpace(raw)
	return len(raw) == 0 || string(raw) == "null"
}

// truthy is Python's truth value of a JSON value.
func truthy(raw json.RawMessage) bool {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return false
	}
	switch raw[0] {
	case 'n', 'f':
		return false
	case 't':
		return true
	case '"':
		return len(raw) > 2
	case '[', '{':
		return len(bytes.TrimSpace(raw[1:len(raw)-1])) > 0
	}
	f, _ := pyFloat(raw)
	return f != 0 // NaN is true, as in Python
}

// pyNumber is the number Python compares a JSON value as: an int's or a
// float's value, 1 or 0 for a bool; ok is false for any other value.
func pyNumber(raw json.RawMessage) (n float64, ok bool) {
	raw = bytes.TrimSpace(raw)
	switch PyTypeName(raw) {
	case "bool":
		if raw[0] == 't' {
			return 1, true
		}
		return 0, true
	case "int", "float":
		return pyFloat(raw)
	}
	return 0, false
}

// pyFloat is the float Python makes of a JSON number: NaN, Infinity and
// -Infinity as themselves, a number too large for a float as ±inf (Python's
// float("1e400")). ok is false for anything else.
func pyFloat(raw json.RawMessage) (f float64, ok bool) {
	switch c := pyConstant(raw); c {
	case "NaN":
		return math.NaN(), true
	case "Infinity":
		return math.Inf(1), true
	case "-Infinity":
		return math.Inf(-1), true
	}
	f, err := strconv.ParseFloat(string(bytes.TrimSpace(raw)), 64)
	if err != nil && !math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

// pyConstant returns "NaN", "Infinity" or "-Infinity" when raw is one of
// the non-standard constants json.loads accepts, "" otherwise.
func pyConstant(raw json.RawMessage) string {
	switch c := string(bytes.TrimSpace(raw)); c {
	case "NaN", "Infinity", "-Infinity":
		return c
	}
	return ""
}

// hasPyConstant reports whether raw holds NaN, Infinity or -Infinity
// outside its strings (raw is valid JSON for Python).
func hasPyConstant(raw []byte) bool {
	for i := 0; i < len(raw); i++ {
		switch raw[i] {
		case '"':
			if end := skipString(raw, i); end > 0 {
				i = end - 1
			}
		case 'N', 'I':
			return true
		}
	}
	return false
}

// listItems splits a JSON array into its elements (sub-slices of raw, not
// copies), accepting Python's constants that encoding/json refuses. ok is
// false when raw is not an array.
func listItems(raw json.RawMessage) (items []json.RawMessage, ok bool) {
	if !walkList(raw, func(item []byte) bool { items = append(items, item); return true }) {
		return nil, false
	}
	if items == nil {
		items = []json.RawMessage{}
	}
	return items, true
}

// walkList calls item on each element of the JSON array raw (a sub-slice
// of raw, in order) until item returns false. ok is false when raw is not
// an array or item stopped the walk.
func walkList(raw []byte, item func([]byte) bool) (ok bool) {
	i := skipSpace(raw, 0)
	if i >= len(raw) || raw[i] != '[' {
		return false
	}
	i = skipSpace(raw, i+1)
	if i < len(raw) && raw[i] == ']' {
		return skipSpace(raw, i+1) == len(raw)
	}
	for {
		end := skipJSONValue(raw, i)
		if end < 0 || !item(raw[i:end:end]) {
			return false
		}
		i = skipSpace(raw, end)
		if i >= len(raw) {
			return false
		}
		switch raw[i] {
		case ',':
			i = skipSpace(raw, i+1)
		case ']':
			return skipSpace(raw, i+1) == len(raw)
		default:
			return false
		}
	}
}

// PyTypeName is the name of the Python type json.loads makes of raw: dict,
// list, str, int, float, bool or NoneType.
func PyTypeName(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return "NoneType"
	}
	switch raw[0] {
	case 'n':
		return "NoneType"
	case 't', 'f':
		return "bool"
	case '"':
		return "str"
	case '[':
		return "list"
	case '{':
		return "dict"
	}
	if bytes.ContainsAny(raw, ".eENI") { // NaN, Infinity, -Infinity too
		return "float"
	}
	return "int"
}

// objectMembers decodes a JSON object into its members as Python's dict
// keeps them: a repeated key keeps its first position and its last value.
// ok is false when raw is not an object.
//
// raw is always part of a body that decodeError has already validated, so
// this is a scanner that finds where each member starts and ends, not a
// second JSON validator; on anything unexpected it returns ok false rather
// than guess. Values are sub-slices of raw (not copies).
func objectMembers(raw json.RawMessage) (members []member, ok bool) {
	return knownMembers(raw, nil, nil)
}

// memberIndex finds key among the members decoded so far: a linear search
// for the few members of a typical object, the index once there are many.
func memberIndex(members []member, pos map[string]int, key string) (int, bool) {
	if pos != nil {
		at, ok := pos[key]
		return at, ok
	}
	for j, m := range members {
		if m.Key == key {
			return j, true
		}
	}
	return 0, false
}

// memberKey decodes a quoted JSON string; plain ASCII-or-UTF-8 text
// without escapes is taken as it is.
func memberKey(quoted []byte) (string, bool) {
	if body, ok := unescapedBody(quoted); ok {
		return string(body), true
	}
	var key string
	if json.Unmarshal(quoted, &key) != nil {
		return "", false
	}
	return key, true
}

// skipSpace returns the index of the first non-whitespace byte at or
// after i.
func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// endsScalar reports whether c ends a number, true, false or null.
func endsScalar(c byte) bool {
	switch c {
	case ',', '}', ']', ' ', '\t', '\n', '\r':
		return true
	}
	return false
}

// skipString returns the index just past the string starting at b[i]
// (a '"'), or -1 if it does not end.
func skipString(b []byte, i int) int {
	for i++; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return -1
}

// skipJSONValue returns the index just past the value starting at b[i],
// or -1 if it does not end within b.
func skipJSONValue(b []byte, i int) int {
	if i >= len(b) {
		return -1
	}
	switch b[i] {
	case '"':
		return skipString(b, i)
	case '{', '[':
		depth := 0
		for ; i < len(b); i++ {
			switch b[i] {
			case '"':
				end := skipString(b, i)
				if end < 0 {
					return -1
				}
				i = end - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
		}
		return -1
	}
	start := i // a number, true, false or null
	for i < len(b) && !endsScalar(b[i]) {
		i++
	}
	if i == start {
		return -1
	}
	return i
}

// lookup returns the value of key among members.
func lookup(members []member, key string) (json.RawMessage, bool) {
	for _, m := range members {
		if m.Key == key {
			return m.Value, true
		}
	}
	return nil, false
}

// PyStr is Python's str() of the value json.loads makes of raw: a string
// as itself, anything else (JSON null included, as None) as its repr.
// Empty raw (no value at all) yields "".
func PyStr(raw json.RawMessage) string {
	if s, ok := unescaped(raw); ok {
		return s
	}
	var s string
	if PyTypeName(raw) == "str" && json.Unmarshal(raw, &s) == nil {
		return s
	}
	return PyRepr(raw)
}

// PyRepr is Python's repr() of the value json.loads makes of raw, for
// example {'a': [1, 2.0, 'x', None, True]}. Invalid JSON yields its text.
func PyRepr(raw json.RawMessage) string {
	var b strings.Builder
	if err := writeRepr(&b, bytes.TrimSpace(raw)); err != nil {
		return string(raw)
	}
	return b.String()
}

func writeRepr(b *strings.Builder, raw json.RawMessage) error {
	if len(raw) == 0 {
		return fmt.Errorf("empty JSON value")
	}
	switch raw[0] {
	case 'n':
		b.WriteString("None")
	case 't':
		b.WriteString("True")
	case 'f':
		b.WriteString("False")
	case '"':
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return err
		}
		b.WriteString(pyStringRepr(s))
	case '[':
		items, ok := listItems(raw)
		if !ok {
			return fmt.Errorf("bad JSON array")
		}
		b.WriteByte('[')
		for i, it := range items {
			if i > 0 {
				b.WriteString(", ")
			}
			if err := writeRepr(b, it); err != nil {
				return err
			}
		}
		b.WriteByte(']')
	case '{':
		members, ok := objectMembers(raw)
		if !ok {
			return fmt.Errorf("bad JSON object")
		}
		b.WriteByte('{')
		for i, m := range members {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(pyStringRepr(m.Key))
			b.WriteString(": ")
			if err := writeRepr(b, m.Value); err != nil {
				return err
			}
		}
		b.WriteByte('}')
	default:
		if PyTypeName(raw) == "int" {
			if string(raw) == "-0" {
				raw = raw[1:]
			}
			b.Write(raw)
			return nil
		}
		f, ok := pyFloat(raw)
		if !ok {
			return fmt.Errorf("bad JSON number")
		}
		b.WriteString(pyFloatRepr(f))
	}
	return nil
}

// pyStringRepr is Python's repr() of a str: single quotes unless the text
// has a single quote and no double quote; non-printable characters escaped.
func pyStringRepr(s string) string {
	quote := byte('\'')
	if strings.ContainsRune(s, '\'') && !strings.ContainsRune(s, '"') {
		quote = '"'
	}
	var b strings.Builder
	b.WriteByte(quote)
	for _, r := range s {
		switch {
		case r == rune(quote) || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == ' ' || (r < utf8.RuneSelf && r > ' ' && r != 0x7f) || (r >= utf8.RuneSelf && unicode.IsPrint(r)):
			b.WriteRune(r)
		case r < 0x100:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r < 0x10000:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			fmt.Fprintf(&b, `\U%08x`, r)
		}
	}
	b.WriteByte(quote)
	return b.String()
}

// pyFloatJSON is json.dumps of a float: its repr, but NaN, Infinity and
// -Infinity for the values repr writes nan, inf and -inf.
func pyFloatJSON(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	}
	return pyFloatRepr(f)
}

// pyFloatRepr is Python's repr() of a float: the shortest digits that read
// back, positional when the decimal exponent is in [-4, 16), else
// scientific with at least two exponent digits; always with a dot or an
// exponent.
func pyFloatRepr(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	case math.IsNaN(f):
		return "nan"
	}
	sci := strconv.FormatFloat(f, 'e', -1, 64) // [-]d[.ddd]e±dd
	sign := ""
	if sci[0] == '-' {
		sign, sci = "-", sci[1:]
	}
	mant, expText, _ := strings.Cut(sci, "e")
	exp, _ := strconv.Atoi(expText)
	digits := strings.Replace(mant, ".", "", 1)
	decpt := exp + 1 // digits are 0.d1d2... * 10^decpt
	if decpt <= -4 || decpt > 16 {
		out := sign + digits[:1]
		if len(digits) > 1 {
			out += "." + digits[1:]
		}
		esign := "+"
		if exp < 0 {
			esign, exp = "-", -exp
		}
		return fmt.Sprintf("%se%s%02d", out, esign, exp)
	}
	switch {
	case decpt <= 0:
		return sign + "0." + strings.Repeat("0", -decpt) + digits
	case decpt >= len(digits):
		return sign + digits + strings.Repeat("0", decpt-len(digits)) + ".0"
	default:
		return sign + digits[:decpt] + "." + digits[decpt:]
	}
}
