package fault

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"sync"
	"time"
)

// Reading request bodies to find their action, within the same limit and
// stall timeout as the fake's engine: a body over the limit is not read
// (the engine refuses it), and a body that stops arriving, or a shutdown
// (StopReading), hands what arrived and the read error to the engine, which
// replies as it does without faults.

// The fake's defaults (wire.DefaultBodyLimit and wire.DefaultStallTimeout;
// a test checks they agree).
const (
	defaultBodyLimit    = 64 << 20
	defaultStallTimeout = 5 * time.Second
)

// readChunk is how much of a body is read between two deadline updates.
const readChunk = 256 << 10

// errStopped is the read error of a body cut short by StopReading.
var errStopped = errors.New("the server is shutting down")

// limits is how the Injector reads bodies, and the reads in progress.
type limits struct {
	mu      sync.Mutex
	max     int64
	stall   time.Duration // < 0: no deadline
	stopped bool
	active  map[*http.ResponseController]struct{}
}

// SetBodyLimits sets how the Injector reads a body to find its action; pass
// the engine's settings, so that faults change nothing about a body too
// long or a client that stops sending. A body over maxBody bytes (0 means
// the fake's default, 64 MiB) is not read: only AnyAction rules match it,
// and the engine refuses it. A client that sends nothing for stall (0
// means 5 s, negative waits for ever) has its request passed on with what
// arrived, to get the engine's reply.
func (in *Injector) SetBodyLimits(maxBody int64, stall time.Duration) {
	if maxBody <= 0 {
		maxBody = defaultBodyLimit
	}
	if stall == 0 {
		stall = defaultStallTimeout
	}
	in.limits.mu.Lock()
	defer in.limits.mu.Unlock()
	in.limits.max, in.limits.stall = maxBody, stall
}

// StopReading makes every body read in progress end at once, and every
// later one before it starts; such requests go on to the engine with what
// arrived. Call it when shutting down, with the engine's own StopReading.
func (in *Injector) StopReading() {
	l := &in.limits
	l.mu.Lock()
	defer l.mu.Unlock()
	l.stopped = true
	for rc := range l.active {
		_ = rc.SetReadDeadline(time.Now()) // wakes a blocked Read
	}
}

// begin registers a body read on w; it reports false after StopReading.
func (l *limits) begin(rc *http.ResponseController) (max int64, stall time.Duration, ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.active == nil {
		l.active = map[*http.ResponseController]struct{}{}
	}
	l.active[rc] = struct{}{}
	return l.max, l.stall, !l.stopped
}

// end unregisters a body read and reports whether StopReading came.
func (l *limits) end(rc *http.ResponseController) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.active, rc)
	return l.stopped
}

// peekAction reads the body, puts it back for the next handler and returns
// the top-level "action" if it is a JSON string ("" otherwise), as
// Python's json.loads reads it (the last of duplicate members). A body
// without a Content-Length is not read: the fake, like the add-on, treats
// it as empty. ok is false when the body could not be read whole (a stall,
// a shutdown, a client gone): r's body is then what arrived followed by
// the read error, for the engine to reply to.
func (in *Injector) peekAction(w http.ResponseWriter, r *http.Request) (action string, ok bool) {
	n := r.ContentLength
	if r.Body == nil || n <= 0 {
		return "", true
	}
	rc := http.NewResponseController(w)
	max, stall, ok := in.limits.begin(rc)
	if n > max {
		in.limits.end(rc)
		return "", true // the engine refuses it without keeping it
	}
	body := make([]byte, n)
	var got int64
	var err error
	for ok && got < n {
		if stall > 0 {
			_ = rc.SetReadDeadline(time.Now().Add(stall))
		}
		var k int
		k, err = io.ReadFull(r.Body, body[got:min(n, got+readChunk)])
		got += int64(k)
		ok = err == nil
	}
	if in.limits.end(rc) && got < n {
		err, ok = errStopped, false
	}
	// A body read whole lets net/http watch the connection, for a client
	// that hangs up during a delay; a deadline left set would cut that
	// watch short.
	_ = rc.SetReadDeadline(time.Time{})
	if !ok {
		r.Body = io.NopCloser(io.MultiReader(bytes.NewReader(body[:got]), errReader{err}))
		return "", false
	}
	_ = r.Body.Close()
	r.Body = io.NopCloser(&releasingReader{body})
	var req struct {
		Action json.RawMessage `json:"action"`
	}
	if json.Unmarshal(body, &req) == nil && json.Unmarshal(req.Action, &action) == nil {
		return action, true
	}
	return "", true
}

// errReader fails every Read with err.
type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// releasingReader reads b and lets go of it at the end, so the body is not
// held for the rest of the request once the engine has its copy.
type releasingReader struct{ b []byte }

func (r *releasingReader) Read(p []byte) (int, error) {
	if len(r.b) == 0 {
		r.b = nil
		return 0, io.EOF
	}
	k := copy(p, r.b)
	r.b = r.b[k:]
	if len(r.b) == 0 {
		r.b = nil
	}
	return k, nil
}
