package ankiconnect

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Sentinel errors. Every error a Client method returns is an *Error naming the
// action; test it against these with errors.Is. API errors are classified once,
// when the reply is decoded, from AnkiConnect's own messages.
var (
	// ErrUnsupportedAction: the server does not know the action ("unsupported
	// action"), usually because the add-on is older than the action.
	ErrUnsupportedAction = errors.New("unsupported action")
	// ErrInvalidAPIKey: the server wants a different API key ("valid api key
	// must be provided"). Set it with WithAPIKey.
	ErrInvalidAPIKey = errors.New("invalid API key")
	// ErrDuplicateNote: a note with the same first field already exists
	// ("cannot create note because it is a duplicate").
	ErrDuplicateNote = errors.New("duplicate note")
	// ErrEmptyNote: the note's first field is empty ("cannot create note
	// because it is empty").
	ErrEmptyNote = errors.New("empty note")
	// ErrDeckNotFound: a named deck does not exist ("deck was not found: X",
	// or `Deck "X" not found` from guiAddNoteSetData).
	ErrDeckNotFound = errors.New("deck not found")
	// ErrModelNotFound: a note type does not exist ("model was not found: X",
	// or "Model 'X' not found" from updateNoteModel and guiAddNoteSetData).
	ErrModelNotFound = errors.New("model not found")
	// ErrNoteNotFound: a note ID does not exist ("Note was not found: X", or
	// Anki's "No such note" from guiEditNote).
	ErrNoteNotFound = errors.New("note not found")
	// ErrCardNotFound: a card ID does not exist ("Card was not found: X").
	ErrCardNotFound = errors.New("card not found")
	// ErrCollectionUnavailable: Anki has no collection open, for example while
	// a profile is loading or a sync runs ("collection is not available").
	ErrCollectionUnavailable = errors.New("collection not available")
	// ErrInvalidSearch: Anki rejected the search query ("Invalid search: ...").
	ErrInvalidSearch = errors.New("invalid search")
	// ErrReviewNotActive: Anki is not showing a card for review ("Gui review
	// is not currently active."), from GUICurrentCard.
	ErrReviewNotActive = errors.New("review not active")
	// ErrForbiddenOrigin: AnkiConnect answered 403 because the request's
	// Origin header is not in its webCorsOriginList.
	ErrForbiddenOrigin = errors.New("origin not allowed by AnkiConnect (HTTP 403): add it to webCorsOriginList or call RequestPermission")
	// ErrNotRunning: the connection was refused. Anki is not running, is still
	// starting, or AnkiConnect is not installed or listens elsewhere.
	ErrNotRunning = errors.New("connection refused: is Anki running with AnkiConnect?")
	// ErrEmptyBodySeen: the server answered with its banner, which it does when
	// it received no request body (for example a chunked body, which
	// AnkiConnect cannot read).
	ErrEmptyBodySeen = errors.New("AnkiConnect answered with its banner: it received no request body")
	// ErrReplyTooLarge: the reply is longer than the client's limit
	// (DefaultMaxReplyBytes, or WithMaxReplyBytes), or its Content-Length
	// says it would be. Nothing more of it is read.
	ErrReplyTooLarge = errors.New("reply too large")
	// ErrReplyTimeout: the reply's headers came in time but its body did
	// not arrive within the client's timeout (WithTimeout).
	ErrReplyTimeout = errors.New("timeout reading the reply body")
	// ErrInvalidUTF8: a string in the request (a field value, a name, a
	// tag...) is not valid UTF-8. JSON cannot carry it: it would reach Anki
	// with U+FFFD in place of the bytes, so the request is not sent. The
	// error names where the string is, not its text.
	ErrInvalidUTF8 = errors.New("text is not valid UTF-8 (it would reach Anki with U+FFFD in place of the bytes)")
	// ErrMultiNotDone is returned by a Multi result before the Multi was sent.
	ErrMultiNotDone = errors.New("multi has not been sent")
	// ErrMultiUsed is returned by Multi.Do when the Multi was already sent.
	ErrMultiUsed = errors.New("multi was already sent")
)

// apiMessages maps the add-on's messages to sentinels. A message is
// classified by every entry it contains, so the aggregated error of addNotes
// ("['cannot create note because it is a duplicate']") is classified too.
var apiMessages = []struct {
	text     string
	sentinel error
}{
	{"unsupported action", ErrUnsupportedAction},
	{"valid api key must be provided", ErrInvalidAPIKey},
	{"cannot create note because it is a duplicate", ErrDuplicateNote},
	{"cannot create note because it is empty", ErrEmptyNote},
	{"deck was not found", ErrDeckNotFound},
	{"model was not found", ErrModelNotFound},
	{"Note was not found", ErrNoteNotFound},
	{"Card was not found", ErrCardNotFound},
	{"collection is not available", ErrCollectionUnavailable},
	{"Invalid search", ErrInvalidSearch},
	{"Gui review is not currently active", ErrReviewNotActive},
	{"invalid ease", ErrInvalidEase},
	{"No such note", ErrNoteNotFound}, // Anki's own text, from guiEditNote
}

// apiPatterns classifies the add-on's other wordings of the same errors,
// which quote the name: Anki's "Model 'X' not found" (updateNoteModel) and
// the Add dialog's `Deck "X" not found` and `Model "X" not found`
// (guiAddNoteSetData).
var apiPatterns = []struct {
	re       *regexp.Regexp
	sentinel error
}{
	{regexp.MustCompile(`\bDeck (?:"[^"]*"|'[^']*') not found\b`), ErrDeckNotFound},
	{regexp.MustCompile(`\bModel (?:"[^"]*"|'[^']*') not found\b`), ErrModelNotFound},
}

// Error is the error every Client method returns: it names the action and
// wraps the cause, which is an *APIError, *HTTPError, *DecodeError, a
// sentinel, a context error or a transport error.
type Error struct {
	// Action is the AnkiConnect action that failed, such as "addNote".
	Action string
	// Err is the cause.
	Err error
}

// Error implements error.
func (e *Error) Error() string { return "ankiconnect: " + e.Action + ": " + e.Err.Error() }

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// APIError is an error reported by AnkiConnect in the "error" field of its
// reply. Message is AnkiConnect's text verbatim.
type APIError struct {
	Message string
	kinds   []error
}

// NewAPIError returns the APIError for an AnkiConnect error message, with
// the message classified as the client classifies replies, so that
// errors.Is(NewAPIError("cannot create note because it is a duplicate"),
// ErrDuplicateNote) holds. It is for test doubles and transports of your own
// that need to produce the errors a Client returns.
func NewAPIError(msg string) *APIError {
	e := &APIError{Message: msg}
	for _, m := range apiMessages {
		if strings.Contains(msg, m.text) {
			e.kinds = append(e.kinds, m.sentinel)
		}
	}
	for _, p := range apiPatterns {
		if !slices.Contains(e.kinds, p.sentinel) && p.re.MatchString(msg) {
			e.kinds = append(e.kinds, p.sentinel)
		}
	}
	return e
}

// Error returns AnkiConnect's message.
func (e *APIError) Error() string { return e.Message }

// Unwrap returns the sentinels the message was classified as, so that
// errors.Is(err, ErrDuplicateNote) works.
func (e *APIError) Unwrap() []error { return e.kinds }

// HTTPError is a reply with a status other than 200. AnkiConnect itself only
// ever answers 200, or 403 for a disallowed Origin; other statuses come from
// proxies or from something else listening on the port.
//
// A redirect (3xx) is an HTTPError too: the client follows none, since
// AnkiConnect never redirects and following one would send the request,
// API key included, somewhere else (and could run a write twice).
type HTTPError struct {
	StatusCode int
	// Body is the start of the reply body, at most 1 KiB.
	Body []byte
	// Location is where a redirect pointed, as the reply gave it.
	Location string
}

// Error implements error.
func (e *HTTPError) Error() string {
	s := "HTTP " + strconv.Itoa(e.StatusCode)
	switch {
	case e.StatusCode == 403:
		return s + ": " + ErrForbiddenOrigin.Error()
	case e.StatusCode >= 300 && e.StatusCode < 400:
		return s + ": a redirect to " + strconv.Quote(e.Location) + ", which the client does not follow (AnkiConnect never redirects: is something else listening on this address?)"
	case len(e.Body) > 0:
		s += ": " + string(e.Body)
	}
	return s + " (AnkiConnect only answers 200 or 403: is something else listening on this address?)"
}

// Unwrap returns ErrForbiddenOrigin for a 403 reply.
func (e *HTTPError) Unwrap() error {
	if e.StatusCode == 403 {
		return ErrForbiddenOrigin
	}
	return nil
}

// DecodeError is a reply that could not be decoded. Body keeps the reply (at
// most 64 KiB of it) for debugging; the message shows its start.
type DecodeError struct {
	Body []byte
	Err  error
}

// Error implements error: what came back (at most 100 bytes of it, as
// text) and why it could not be decoded.
func (e *DecodeError) Error() string {
	if len(e.Body) == 0 {
		return "cannot decode reply: " + e.Err.Error()
	}
	return "cannot decode reply " + showBody(e.Body) + ": " + e.Err.Error()
}

// showBody renders the start of a reply for an error message: printable
// text as it is, anything else quoted, cut at 100 bytes.
func showBody(b []byte) string {
	const show = 100
	s, more := string(b), ""
	if len(s) > show {
		cut := show
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s, more = s[:cut], "..."
	}
	printable := utf8.ValidString(s) && !strings.ContainsFunc(s, func(r rune) bool { return !unicode.IsPrint(r) && r != ' ' })
	if !printable {
		return strconv.Quote(s) + more
	}
	return "`" + s + more + "`"
}

// Unwrap returns the JSON error.
func (e *DecodeError) Unwrap() error { return e.Err }

// MultiError is returned by Multi.Do when the request went through but some
// of the queued actions failed, in Anki or refused before sending. Each
// failed action's own error is also returned by its Pending result.
// RequestFailed is false for it.
type MultiError struct {
	// Failed holds one *Error per failed action, in queue order.
	Failed []*Error
	// Total is the number of actions queued in the Multi, those refused
	// before sending included.
	Total int
}

// Error implements error.
func (e *MultiError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "ankiconnect: multi: %d of %d actions failed", len(e.Failed), e.Total)
	for i, f := range e.Failed {
		if i == 3 {
			fmt.Fprintf(&b, "; ...")
			break
		}
		fmt.Fprintf(&b, "; %s: %v", f.Action, f.Err)
	}
	return b.String()
}

// Unwrap returns the failed actions' errors, so errors.Is and errors.As see
// through a MultiError.
func (e *MultiError) Unwrap() []error {
	errs := make([]error, len(e.Failed))
	for i, f := range e.Failed {
		errs[i] = f
	}
	return errs
}
