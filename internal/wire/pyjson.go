package wire

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Reproduces the errors of the add-on's body decoding, body.decode('utf-8')
// then json.loads, as CPython 3.13 words them. After the UTF-8 check, one
// scan here, byte by byte, both accepts what json.loads accepts (all JSON,
// and Python's extensions NaN, Infinity and -Infinity, which json.loads
// takes as floats; see pyConstant) and finds the position and message
// Python reports for the rest. It accepts everything json.Valid accepts
// (FuzzDecodeError holds it to the json.Valid-first version) in less than
// half json.Valid's time. Deviation: nesting deeper than encoding/json's
// 10000 levels gets Python's RecursionError text.

// maxJSONDepth matches encoding/json's nesting limit, so both agree on what
// is too deep.
const maxJSONDepth = 10000

// decodeError returns the message Python raises for body, or "" when body
// decodes. body is not empty.
func decodeError(body []byte) string {
	if !utf8.Valid(body) {
		return utf8Error(body)
	}
	if bytes.HasPrefix(body, []byte("\ufeff")) {
		return jsonError(MsgJSONBOM, body, 0)
	}
	// The scanner works on the bytes (no copy of the body): positions are
	// byte offsets until jsonError counts them in code points.
	s := body
	sc := pyScanner{s: s}
	idx, err := sc.value(skipWS(s, 0))
	if err == nil {
		if end := skipWS(s, idx); end != len(s) {
			err = &scanError{MsgJSONExtraData, end}
		}
	}
	if err == nil { // valid for Python: NaN, Infinity or -Infinity
		return ""
	}
	if err.pos < 0 {
		return err.msg
	}
	return jsonError(err.msg, s, err.pos)
}

// utf8Error words the first invalid sequence the way Python's UTF-8 decoder
// does: the maximal valid prefix of the broken sequence is reported.
func utf8Error(b []byte) string {
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			i++
			continue
		}
		need, lo, hi := 0, byte(0x80), byte(0xBF)
		switch {
		case c >= 0xC2 && c <= 0xDF:
			need = 1
		case c == 0xE0:
			need, lo = 2, 0xA0
		case c == 0xED:
			need, hi = 2, 0x9F
		case c >= 0xE1 && c <= 0xEF:
			need = 2
		case c == 0xF0:
			need, lo = 3, 0x90
		case c == 0xF4:
			need, hi = 3, 0x8F
		case c >= 0xF1 && c <= 0xF3:
			need = 3
		default:
			return fmt.Sprintf(MsgUTF8Byte, c, i, MsgUTF8InvalidStart)
		}
		for k := 1; k <= need; k++ {
			if i+k >= len(b) {
				return utf8Range(b, i, i+k-1, MsgUTF8UnexpectedEnd)
			}
			if cb := b[i+k]; cb < lo || cb > hi {
				return utf8Range(b, i, i+k-1, MsgUTF8InvalidContinuation)
			}
			lo, hi = 0x80, 0xBF
		}
		i += need + 1
	}
	return ""
}

func utf8Range(b []byte, start, end int, reason string) string {
	if start == end {
		return fmt.Sprintf(MsgUTF8Byte, b[start], start, reason)
	}
	return fmt.Sprintf(MsgUTF8Bytes, start, end, reason)
}

// jsonError is str(JSONDecodeError): the message with line, column and
// character position, counted in code points as Python counts them; pos
// is a byte offset into the valid UTF-8 s.
func jsonError(msg string, s []byte, pos int) string {
	pos = min(pos, len(s))
	line := 1 + bytes.Count(s[:pos], []byte{'\n'})
	lineStart := bytes.LastIndexByte(s[:pos], '\n') + 1
	col := codePoints(s[lineStart:pos]) + 1
	return fmt.Sprintf(MsgJSONAt, msg, line, col, codePoints(s[:pos]))
}

// codePoints counts the code points of valid UTF-8: the bytes that do not
// continue a sequence. (utf8.RuneCount copies a long slice it is given.)
func codePoints(b []byte) int {
	n := 0
	for _, c := range b {
		if c&0xC0 != 0x80 {
			n++
		}
	}
	return n
}

type scanError struct {
	msg string
	pos int // byte offset; -1 for errors without a position
}

// pyScanner mirrors CPython's C JSON scanner (Modules/_json.c) closely
// enough to fail where it fails, with the same message and position. It
// reads bytes where CPython reads code points: every test it makes is on
// an ASCII character, and each "enough characters left?" test that could
// differ for multi-byte characters fails at the same position either way
// (a multi-byte character is never a hex digit or a delimiter).
type pyScanner struct {
	s     []byte
	depth int
}

func isWS(r byte) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\r' }

func skipWS(s []byte, i int) int {
	for i < len(s) && isWS(s[i]) {
		i++
	}
	return i
}

func isDigit(r byte) bool { return r >= '0' && r <= '9' }

// value scans one JSON value at idx and returns the index after it.
func (p *pyScanner) value(idx int) (int, *scanError) {
	s := p.s
	if idx >= len(s) {
		return 0, &scanError{MsgJSONExpectingValue, idx}
	}
	switch s[idx] {
	case '"':
		return p.str(idx + 1)
	case '{':
		return p.container(idx+1, '}')
	case '[':
		return p.container(idx+1, ']')
	case 'n', 't', 'f', 'N', 'I', '-':
		for _, lit := range []string{"null", "true", "false", "NaN", "Infinity", "-Infinity"} {
			if bytes.HasPrefix(s[idx:], []byte(lit)) {
				return idx + len(lit), nil
			}
		}
	}
	return p.number(idx)
}

// number matches a JSON number at start, backtracking over a dangling
// fraction or exponent as CPython does.
func (p *pyScanner) number(start int) (int, *scanError) {
	s, idx, end := p.s, start, len(p.s)-1
	if s[idx] == '-' {
		idx++
		if idx > end {
			return 0, &scanError{MsgJSONExpectingValue, start}
		}
	}
	switch {
	case s[idx] >= '1' && s[idx] <= '9':
		idx++
		for idx <= end && isDigit(s[idx]) {
			idx++
		}
	case s[idx] == '0':
		idx++
	default:
		return 0, &scanError{MsgJSONExpectingValue, start}
	}
	if idx < end && s[idx] == '.' && isDigit(s[idx+1]) {
		idx += 2
		for idx <= end && isDigit(s[idx]) {
			idx++
		}
	}
	if idx < end && (s[idx] == 'e' || s[idx] == 'E') {
		eStart := idx
		idx++
		if idx < end && (s[idx] == '-' || s[idx] == '+') {
			idx++
		}
		for idx <= end && isDigit(s[idx]) {
			idx++
		}
		if !isDigit(s[idx-1]) {
			idx = eStart
		}
	}
	return idx, nil
}

// str scans a string whose opening quote is at end-1.
func (p *pyScanner) str(end int) (int, *scanError) {
	s, begin := p.s, end-1
	for {
		next := end
		var c byte
		for ; next < len(s); next++ {
			c = s[next]
			if c == '"' || c == '\\' {
				break
			}
			if c <= 0x1f {
				return 0, &scanError{MsgJSONControlCharacter, next}
			}
		}
		if next >= len(s) {
			return 0, &scanError{MsgJSONUnterminatedString, begin}
		}
		next++
		if c == '"' {
			return next, nil
		}
		if next == len(s) {
			return 0, &scanError{MsgJSONUnterminatedString, begin}
		}
		if c = s[next]; c != 'u' {
			end = next + 1
			if !strings.ContainsRune(`"\/bfnrt`, rune(c)) {
				return 0, &scanError{MsgJSONInvalidEscape, end - 2}
			}
			continue
		}
		next++
		end = next + 4
		if end >= len(s) {
			return 0, &scanError{MsgJSONInvalidUnicodeEscape, next - 1}
		}
		cp, ok := hex4(s[next:end])
		if !ok {
			return 0, &scanError{MsgJSONInvalidUnicodeEscape, end - 5}
		}
		if cp >= 0xD800 && cp <= 0xDBFF && end+6 < len(s) && s[end] == '\\' && s[end+1] == 'u' {
			end += 6
			lo, ok := hex4(s[end-4 : end])
			if !ok {
				return 0, &scanError{MsgJSONInvalidUnicodeEscape, end - 5}
			}
			if lo < 0xDC00 || lo > 0xDFFF {
				end -= 6
			}
		}
	}
}

func hex4(rs []byte) (rune, bool) {
	var v rune
	for _, b := range rs {
		r := rune(b)
		switch {
		case r >= '0' && r <= '9':
			v = v<<4 | (r - '0')
		case r >= 'a' && r <= 'f':
			v = v<<4 | (r - 'a' + 10)
		case r >= 'A' && r <= 'F':
			v = v<<4 | (r - 'A' + 10)
		default:
			return 0, false
		}
	}
	return v, true
}

// container scans an object (closer '}') or array (closer ']') whose
// opening bracket is at idx-1.
func (p *pyScanner) container(idx int, closer byte) (int, *scanError) {
	object := closer == '}'
	if p.depth++; p.depth > maxJSONDepth {
		kind := "array"
		if object {
			kind = "object"
		}
		return 0, &scanError{fmt.Sprintf(MsgJSONRecursion, kind), -1}
	}
	defer func() { p.depth-- }()
	s, last := p.s, len(p.s)-1
	idx = skipWS(s, idx)
	if idx <= last && s[idx] == closer {
		return idx + 1, nil
	}
	for {
		if object {
			if idx > last || s[idx] != '"' {
				return 0, &scanError{MsgJSONExpectingPropertyKey, idx}
			}
			next, err := p.str(idx + 1)
			if err != nil {
				return 0, err
			}
			idx = skipWS(s, next)
			if idx > last || s[idx] != ':' {
				return 0, &scanError{MsgJSONExpectingColon, idx}
			}
			idx = skipWS(s, idx+1)
		}
		next, err := p.value(idx)
		if err != nil {
			return 0, err
		}
		idx = skipWS(s, next)
		if idx <= last && s[idx] == closer {
			return idx + 1, nil
		}
		if idx > last || s[idx] != ',' {
			return 0, &scanError{MsgJSONExpectingComma, idx}
		}
		comma := idx
		idx = skipWS(s, idx+1)
		if idx <= last && s[idx] == closer {
			msg := MsgJSONTrailingCommaArray
			if object {
				msg = MsgJSONTrailingCommaObject
			}
			return 0, &scanError{msg, comma}
		}
	}
}
