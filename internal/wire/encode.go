package wire

import (
	"bytes"
	"encoding/json"
	"fmt"
	"unicode/utf8"
)

// Replies are serialised as Python's json.dumps with default settings, so
// the fake's bytes match the add-on's: ", " and ": " separators,
// ensure_ascii (every non-ASCII character as a lower-case \uXXXX escape,
// astral ones as surrogate pairs), and no HTML escaping. Key order is the Go
// value's (struct field order; maps sorted by key), so handlers that must
// match the add-on's key order return structs. A float that Python would
// print as 1.0 prints as 1 unless the handler returns json.RawMessage.

// goHTMLEscape reports the character of the escape at the start of b when it
// is one of the \u003c, \u003e and \u0026 escapes that json.Marshal writes
// for <, > and & (a MarshalJSON method's output keeps them).
func goHTMLEscape(b []byte) (byte, bool) {
	if len(b) < len(`\u003c`) {
		return 0, false
	}
	switch string(b[:6]) {
	case `\u003c`:
		return '<', true
	case `\u003e`:
		return '>', true
	case `\u0026`:
		return '&', true
	}
	return 0, false
}

// envelope is the add-on's reply object, result before error.
type envelope struct {
	Result any     `json:"result"`
	Error  *string `json:"error"`
}

func errorEnvelope(msg string) envelope { return envelope{Error: &msg} }

// encodePython marshals v like json.dumps.
func encodePython(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	compact := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	out := make([]byte, 0, len(compact)+len(compact)/8)
	inString := false
	for i := 0; i < len(compact); {
		c := compact[i]
		switch {
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRune(compact[i:])
			if r > 0xFFFF {
				r -= 0x10000
				out = fmt.Appendf(out, `\u%04x\u%04x`, 0xD800+(r>>10), 0xDC00+(r&0x3FF))
			} else {
				out = fmt.Appendf(out, `\u%04x`, r)
			}
			i += size
			continue
		case inString && c == '\\':
			if r, ok := goHTMLEscape(compact[i:]); ok {
				out = append(out, r) // Python writes <, > and & as they are
				i += len(`\u003c`)
				continue
			}
			out = append(out, c, compact[i+1])
			i += 2
			continue
		case c == '"':
			inString = !inString
		case !inString && (c == ',' || c == ':'):
			out = append(out, c, ' ')
			i++
			continue
		}
		out = append(out, c)
		i++
	}
	return out, nil
}
