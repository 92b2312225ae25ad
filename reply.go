package ankiconnect

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"reflect"
)

// DefaultMaxReplyBytes is the largest reply a Client made by NewClient
// reads: 256 MiB. Replies are bounded so that a server announcing (or
// streaming) a body of any size cannot make the program run out of memory,
// which no recover could catch. The bound is generous on purpose: the
// largest replies AnkiConnect sends are notesInfo or cardsInfo of a whole
// collection (about 1-2 KB of JSON per note, so 100,000 notes fit) and
// retrieveMediaFile, whose base64 text is 4/3 of the file (a 190 MB
// file fits). Change it with WithMaxReplyBytes.
const DefaultMaxReplyBytes = 256 << 20

// WithMaxReplyBytes bounds the size of one reply body (default
// DefaultMaxReplyBytes). A longer reply, or one whose Content-Length says it
// would be longer, fails with ErrReplyTooLarge naming the action, after
// reading at most n+1 bytes of it. n < 1 means the default.
func WithMaxReplyBytes(n int64) Option { return func(c *Client) { c.maxReply = n } }

// readBody reads a reply body of the announced length (-1 if unknown),
// refusing more than max bytes.
func readBody(body io.Reader, length, max int64) ([]byte, error) {
	if length > max {
		return nil, replyTooLarge(length, max)
	}
	if length >= 0 && length <= preallocMax {
		// The usual case: the exact length is known and small enough
		// to trust. The transport never reads past it.
		b := make([]byte, length)
		_, err := io.ReadFull(body, b)
		return b, err
	}
	// Unknown length, or too large to allocate on the server's word: grow
	// as the bytes arrive, never past max+1.
	size := int64(bytes.MinRead)
	if length > size {
		size = preallocMax
	}
	b := make([]byte, 0, size)
	r := io.LimitReader(body, min(max, math.MaxInt64-1)+1)
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)] // let append pick the growth
		}
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if int64(len(b)) > max {
			return nil, replyTooLarge(-1, max)
		}
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
	}
}

// preallocMax is the largest Content-Length readBody allocates at once.
const preallocMax = 16 << 20

func replyTooLarge(length, max int64) error {
	if length >= 0 {
		return fmt.Errorf("%w: the server announced %d bytes, the limit is %d (WithMaxReplyBytes)", ErrReplyTooLarge, length, max)
	}
	return fmt.Errorf("%w: more than %d bytes (WithMaxReplyBytes)", ErrReplyTooLarge, max)
}

// replyIsBusy reports whether a reply is AnkiConnect's error envelope
// saying that the collection is not available. Only the reply's top-level
// "error" member decides: a result that merely contains the text (a deck
// named so) is not busy.
func replyIsBusy(body []byte) bool {
	if errorIsNullAtEnd(body) {
		return false // the add-on's success envelope, decided without a scan
	}
	i := skipSpace(body, 0)
	if i == len(body) || body[i] != '{' {
		return false
	}
	env, ok := splitEnvelope(body, i)
	if !ok || env.shape() != shapeEnvelope || env.errKind() != errString {
		return false
	}
	// Exactly when decodeReply returns the busy APIError.
	return errors.Is(decodeEnvelope(body, env, nil), ErrCollectionUnavailable)
}

// errorIsNullAtEnd reports whether body ends with a top-level
// `"error": null` member, as the add-on's success envelope does. In
// well-formed JSON such a suffix can only be the outer object's last member,
// so the reply is not an error; replies that are not well-formed fail to
// decode anyway.
func errorIsNullAtEnd(b []byte) bool {
	j := len(b)
	back := func() {
		for j > 0 && isSpace(b[j-1]) {
			j--
		}
	}
	cut := func(s string) bool {
		back()
		if j < len(s) || string(b[j-len(s):j]) != s {
			return false
		}
		j -= len(s)
		return true
	}
	if !cut("}") || !cut("null") || !cut(":") || !cut(`"error"`) {
		return false
	}
	back()
	return j > 0 && (b[j-1] == ',' || b[j-1] == '{')
}

// decodeReply decodes an AnkiConnect reply into out (a pointer, or nil to
// only check the reply). It accepts both shapes: the envelope {"result": ...,
// "error": ...} (version 5 and later, and every error at any version) and a
// bare result (version 4 and earlier, or an old server that ignores the
// requested version). The envelope is split without decoding, so the result
// is decoded once, straight into out.
//
// An object is taken for an envelope when it has a "result" member and an
// "error" member that is null or a string, whatever other members it has;
// or only an "error" string. An object with "result" but no "error" is
// decoded as an envelope when its result fits out, and as a bare result
// otherwise. Any other value is a bare result. A bare result can be mistaken
// for an envelope only if it is an object with "result" and "error" members
// and the latter is null or a string, which no AnkiConnect result is.
func decodeReply(body []byte, out any) error {
	i := skipSpace(body, 0)
	if i == len(body) {
		return &DecodeError{Body: keep(body), Err: errors.New("empty reply")}
	}
	if bytes.HasPrefix(body[i:], []byte("AnkiConnect")) {
		return ErrEmptyBodySeen // the plain-text banner of builds before 2025
	}
	if out == nil {
		out = new(json.RawMessage) // still reject a reply that is not JSON
	}
	if body[i] == '{' {
		if env, ok := splitEnvelope(body, i); ok {
			switch env.shape() {
			case shapeEnvelope:
				return decodeEnvelope(body, env, out)
			case shapeBanner:
				return ErrEmptyBodySeen
			case shapeResultOnly:
				return decodeResultOnly(body, env, out)
			}
		}
		// Another object: a bare result, or malformed JSON that
		// json.Unmarshal describes below.
	}
	if err := unmarshalResult(body, out); err != nil {
		return decodeError(body, "as a bare result", err)
	}
	return nil
}

// envelope holds the raw members of a reply object.
type envelope struct {
	result, err []byte
	banner      bool // has an "apiVersion" member
	others      int  // members other than result, error and apiVersion
}

// Shapes of a reply object.
const (
	shapeBare       = iota // a bare result
	shapeEnvelope          // result and error, or an error alone
	shapeResultOnly        // result without error: an envelope or a bare result
	shapeBanner            // the JSON banner, {"apiVersion": ...}
)

// Kinds of an envelope's error member.
const (
	errAbsent = iota
	errNull
	errString
	errOther
)

func (env envelope) errKind() int {
	switch {
	case env.err == nil:
		return errAbsent
	case string(env.err) == "null":
		return errNull
	case env.err[0] == '"':
		return errString
	}
	return errOther
}

func (env envelope) shape() int {
	ek := env.errKind()
	switch {
	case env.result != nil && (ek == errNull || ek == errString):
		return shapeEnvelope
	case env.result == nil && ek == errString && env.others == 0 && !env.banner:
		return shapeEnvelope
	case env.result != nil && ek == errAbsent:
		return shapeResultOnly
	case env.banner && env.result == nil && ek == errAbsent && env.others == 0:
		return shapeBanner
	}
	return shapeBare
}

// splitEnvelope splits the object at body[i:] into the members decodeReply
// cares about. ok is false when the object is not well-formed as far as
// splitting can tell, or is empty.
func splitEnvelope(body []byte, i int) (env envelope, ok bool) {
	i = skipSpace(body, i+1) // '{'
	if i < len(body) && body[i] == '}' {
		return env, false // {}: a bare empty object
	}
	for {
		if i >= len(body) || body[i] != '"' {
			return env, false
		}
		keyEnd := skipValue(body, i)
		if keyEnd < 0 {
			return env, false
		}
		key, ok := memberName(body[i:keyEnd])
		if !ok {
			return env, false
		}
		i = skipSpace(body, keyEnd)
		if i >= len(body) || body[i] != ':' {
			return env, false
		}
		i = skipSpace(body, i+1)
		end := skipValue(body, i)
		if end < 0 {
			return env, false
		}
		switch key {
		case memberResult:
			env.result = body[i:end]
		case memberError:
			env.err = body[i:end]
		case memberAPIVersion:
			env.banner = true
		default:
			env.others++
		}
		i = skipSpace(body, end)
		if i >= len(body) {
			return env, false
		}
		switch body[i] {
		case ',':
			i = skipSpace(body, i+1)
		case '}':
			return env, skipSpace(body, i+1) == len(body)
		default:
			return env, false
		}
	}
}

// Members of a reply object that decodeReply tells apart.
const (
	memberOther = iota
	memberResult
	memberError
	memberAPIVersion
)

// memberName classifies a member's quoted name, reading escapes as JSON does
// ("\u0072esult" is "result"); ok is false for a malformed name.
func memberName(quoted []byte) (name int, ok bool) {
	raw := quoted[1 : len(quoted)-1]
	if bytes.IndexByte(raw, '\\') >= 0 {
		var s string
		if json.Unmarshal(quoted, &s) != nil {
			return memberOther, false
		}
		raw = []byte(s)
	}
	switch string(raw) { // no allocation
	case "result":
		return memberResult, true
	case "error":
		return memberError, true
	case "apiVersion":
		return memberAPIVersion, true
	}
	return memberOther, true
}

// decodeEnvelope decodes the members of a {"result", "error"} reply; out
// may be nil when the error member is a string.
func decodeEnvelope(body []byte, env envelope, out any) error {
	isErr := env.errKind() == errString
	if env.others > 0 || env.banner || isErr && env.result != nil && string(env.result) != "null" {
		// Members that splitting skipped and nothing below decodes.
		if err := checkMembers(body); err != nil {
			return decodeError(body, "as an envelope", err)
		}
	}
	if isErr {
		var msg string
		if err := json.Unmarshal(env.err, &msg); err != nil {
			return decodeError(body, "its error member", err)
		}
		return NewAPIError(msg)
	}
	if err := unmarshalResult(env.result, out); err != nil {
		return decodeError(body, "its result member", err)
	}
	return nil
}

// checkMembers rejects a reply that is not valid JSON, for members that
// splitting found only the end of.
func checkMembers(body []byte) error {
	if !json.Valid(body) {
		var v any
		return json.Unmarshal(body, &v) // describes what is wrong
	}
	return nil
}

// decodeResultOnly decodes an object with a "result" member but no
// "error": as an envelope missing its error when the result fits out,
// otherwise as a bare result (such as deckNamesAndIds of an old server,
// with a deck named "result").
func decodeResultOnly(body []byte, env envelope, out any) error {
	if err := checkMembers(body); err != nil {
		return decodeError(body, "as an envelope", err)
	}
	pv := reflect.ValueOf(out)
	if pv.Kind() == reflect.Pointer && !pv.IsNil() {
		v := reflect.New(pv.Type().Elem())
		if unmarshalResult(env.result, v.Interface()) == nil {
			pv.Elem().Set(v.Elem())
			return nil
		}
	}
	if err := unmarshalResult(body, out); err != nil {
		return decodeError(body, "as a bare result, and its result member does not fit either", err)
	}
	return nil
}

func decodeError(body []byte, as string, err error) *DecodeError {
	return &DecodeError{Body: keep(body), Err: fmt.Errorf("%s: %w", as, err)}
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

func skipSpace(b []byte, i int) int {
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	return i
}

// skipValue returns the index just past the JSON value starting at b[i], or
// -1 if it is cut short. It only finds the value's end; json.Unmarshal
// checks the value itself.
func skipValue(b []byte, i int) int {
	if i >= len(b) {
		return -1
	}
	switch b[i] {
	case '"':
		return stringEnd(b, i)
	case '{', '[':
		depth := 0
		for ; i < len(b); i++ {
			switch b[i] {
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			case '"':
				end := skipValue(b, i)
				if end < 0 {
					return -1
				}
				i = end - 1
			}
		}
		return -1
	default:
		start := i
		for i < len(b) && !endsLiteral(b[i]) {
			i++
		}
		if i == start {
			return -1
		}
		return i
	}
}

// keep returns at most 64 KiB of a reply for a DecodeError.
func keep(body []byte) []byte {
	const max = 64 << 10
	if len(body) > max {
		body = body[:max]
	}
	return bytes.Clone(body)
}
