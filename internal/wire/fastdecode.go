package wire

import (
	"encoding/json"
	"unicode/utf8"
)

// Fast paths for decoding the values of a note object (addNotes and its
// siblings decode thousands of them per request). Each takes only the
// common, unambiguous shape of a value and reports ok false for anything
// else, so that the caller falls back to encoding/json and its results and
// errors stay exactly what they were. The input is always part of a body
// that decodeError has validated; fastdecode_test.go compares every fast
// path with its slow path.

// unescaped decodes raw when it is a JSON string with no escapes and no
// surrounding space, valid UTF-8 (what json.Unmarshal into a string would
// give, without its reflection).
func unescaped(raw []byte) (string, bool) {
	body, ok := unescapedBody(raw)
	if !ok {
		return "", false
	}
	return string(body), true
}

// unescapedBody is unescaped's check: the text between the quotes, ok
// when raw is a plain string.
func unescapedBody(raw []byte) ([]byte, bool) {
	n := len(raw)
	if n < 2 || raw[0] != '"' || raw[n-1] != '"' {
		return nil, false
	}
	body := raw[1 : n-1]
	ascii := true
	for _, c := range body {
		switch {
		case c == '"' || c == '\\' || c < 0x20:
			return nil, false
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	if !ascii && !utf8.Valid(body) {
		return nil, false // json.Unmarshal would substitute U+FFFD
	}
	return body, true
}

// unescapedList decodes raw when it is a JSON array whose items are all
// plain strings (see unescaped); an empty array gives an empty, non-nil
// slice, as json.Unmarshal does.
func unescapedList(raw []byte) ([]string, bool) {
	count := 0 // first pass: the shape, and the items to make room for
	if !walkList(raw, func(item []byte) bool {
		_, ok := unescapedBody(item)
		count++
		return ok
	}) {
		return nil, false
	}
	out := make([]string, 0, count)
	walkList(raw, func(item []byte) bool {
		body, _ := unescapedBody(item)
		out = append(out, string(body))
		return true
	})
	return out, true
}

// decodeString is decodeStrict into a string, with the plain-string fast
// path.
func decodeString(raw json.RawMessage) (string, error) {
	if s, ok := unescaped(raw); ok {
		return s, nil
	}
	return decodeStringSlow(raw)
}

// decodeStringSlow is decodeString's slow path, a function of its own so
// that only it moves its string to the heap.
//
//go:noinline
func decodeStringSlow(raw json.RawMessage) (string, error) {
	var s string
	err := decodeStrict(raw, &s)
	return s, err
}

// commonKey returns a shared copy of the object keys AnkiConnect's clients
// send again and again (a note's keys, Basic's fields), so that decoding a
// note object allocates no string for them; ok is false for other keys.
func commonKey(body []byte) (string, bool) {
	switch string(body) { // compiled without converting body
	case "deckName":
		return "deckName", true
	case "modelName":
		return "modelName", true
	case "fields":
		return "fields", true
	case "tags":
		return "tags", true
	case "options":
		return "options", true
	case "allowDuplicate":
		return "allowDuplicate", true
	case "duplicateScope":
		return "duplicateScope", true
	case "duplicateScopeOptions":
		return "duplicateScopeOptions", true
	case "checkChildren":
		return "checkChildren", true
	case "checkAllModels":
		return "checkAllModels", true
	case "audio":
		return "audio", true
	case "video":
		return "video", true
	case "picture":
		return "picture", true
	case "id":
		return "id", true
	case "Front":
		return "Front", true
	case "Back":
		return "Back", true
	case "Text":
		return "Text", true
	case "Extra":
		return "Extra", true
	case "Back Extra":
		return "Back Extra", true
	}
	return "", false
}
