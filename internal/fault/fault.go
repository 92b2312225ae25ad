// Package fault injects failures into the fake AnkiConnect, so users can
// test their retry and error paths: forced AnkiConnect errors, HTTP
// statuses, latency, connections dropped before or after the request was
// served, an old server's replies, and (with Server) connections refused
// while "Anki is starting". It knows nothing of the collection: Injector is
// an http.Handler middleware around the fake's handler, and only peeks at a
// request's top-level "action" to match its rules. To find it, the
// Injector reads the body within the engine's limit and stall timeout (see
// SetBodyLimits and StopReading): a body too long, cut short or stalled
// reaches the engine as it arrived, and gets the engine's own reply.
//
// Rules apply to the next N calls of an action (or of every request, with
// AnyAction), in the order they were added. For one request, every matching
// delay rule adds its delay, then the first matching outcome rule (error,
// status or drop) decides the reply. Inner actions of "multi" are not
// matched: a rule for "addNote" does not fire for a multi holding addNote.
//
// Replies that a rule writes or rewrites go through net/http (a keep-alive
// connection stays open), not through the fake's exact-bytes writer.
package fault

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf16"
)

// AnyAction matches every request, whatever its action (or none: the
// banner request and OPTIONS preflights too).
const AnyAction = ""

// Always makes a rule apply to every matching call until Reset.
const Always = -1

// DropPoint tells when a dropped connection is cut.
type DropPoint int

const (
	// BeforeHandler cuts the connection after part of the reply headers,
	// without serving the request: Anki never saw it.
	BeforeHandler DropPoint = iota
	// AfterHandler serves the request (its changes are made), then cuts the
	// connection after the reply headers and half of the body: the write
	// reached Anki but the reply was lost.
	AfterHandler
)

// outcome is what a rule does.
type outcome int

const (
	delayOutcome outcome = iota
	errorOutcome
	statusOutcome
	dropOutcome
)

// rule is one pending fault.
type rule struct {
	action  string
	left    int // calls left; Always for no limit
	outcome outcome
	delay   time.Duration
	message string // errorOutcome
	status  int    // statusOutcome
	body    string // statusOutcome
	drop    DropPoint
}

// Injector is the fault-injection middleware. Its zero value is not ready:
// use New. It is safe for concurrent use; one mutex guards its state.
type Injector struct {
	mu        sync.Mutex
	rules     []*rule
	latency   time.Duration
	oldServer bool
	limits    limits // how bodies are read (body.go); its own mutex
}

// New returns an Injector with no faults: its handler passes every request
// through untouched.
func New() *Injector {
	in := &Injector{}
	in.SetBodyLimits(0, 0)
	return in
}

func (in *Injector) add(r *rule) {
	if r.left == 0 || r.left < Always {
		return
	}
	in.mu.Lock()
	defer in.mu.Unlock()
	in.rules = append(in.rules, r)
}

// FailNext makes the next n calls of action (n = Always: every call) reply
// {"result": null, "error": message} with status 200, as the add-on
// reports an error, without serving them. n = 0 adds nothing.
func (in *Injector) FailNext(action string, n int, message string) {
	in.add(&rule{action: action, left: n, outcome: errorOutcome, message: message})
}

// StatusNext makes the next n calls of action reply with the HTTP status
// and body (text/plain), without serving them.
func (in *Injector) StatusNext(action string, n int, status int, body string) {
	in.add(&rule{action: action, left: n, outcome: statusOutcome, status: status, body: body})
}

// DropNext makes the next n calls of action lose their connection mid-reply,
// before or after the request is served. Where the ResponseWriter cannot be
// taken over (an in-process httptest.ResponseRecorder), the reply is cut
// short instead: status and headers of the real reply, half its body.
func (in *Injector) DropNext(action string, n int, when DropPoint) {
	in.add(&rule{action: action, left: n, outcome: dropOutcome, drop: when})
}

// DelayNext delays the next n calls of action by d before they are served
// (on top of SetLatency's).
func (in *Injector) DelayNext(action string, n int, d time.Duration) {
	in.add(&rule{action: action, left: n, outcome: delayOutcome, delay: d})
}

// SetLatency delays every request by d before it is served (0: none).
func (in *Injector) SetLatency(d time.Duration) {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.latency = d
}

// SetOldServer turns old-server mode on or off. In it, replies carry
// "Content-Type: text/json" and the banner (an empty body or a GET) is the
// plain text "AnkiConnect v.6" rather than JSON, as before AnkiConnect
// replied in JSON. An old server also ignores "version" and always replies
// in the version 4 shape (the bare result); that is the wire layer's
// business: it reads OldServer or OldServerFrom(request context), which
// the Injector sets on every request it passes on in this mode.
func (in *Injector) SetOldServer(on bool) {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.oldServer = on
}

// OldServer reports whether old-server mode is on.
func (in *Injector) OldServer() bool {
	in.mu.Lock()
	defer in.mu.Unlock()
	return in.oldServer
}

type oldServerKey struct{}

// OldServerFrom reports whether the request with context ctx was passed on
// in old-server mode (see SetOldServer).
func OldServerFrom(ctx context.Context) bool {
	on, _ := ctx.Value(oldServerKey{}).(bool)
	return on
}

// Pending returns how many rule uses are left, not counting Always rules.
func (in *Injector) Pending() int {
	in.mu.Lock()
	defer in.mu.Unlock()
	n := 0
	for _, r := range in.rules {
		if r.left > 0 {
			n += r.left
		}
	}
	return n
}

// Reset removes every rule, the latency and old-server mode.
func (in *Injector) Reset() {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.rules, in.latency, in.oldServer = nil, 0, false
}

// plan is what the Injector does with one request.
type plan struct {
	delay     time.Duration
	outcome   *rule // nil: serve normally
	oldServer bool
}

// take consumes the rules matching action and returns the plan.
func (in *Injector) take(action string) plan {
	in.mu.Lock()
	defer in.mu.Unlock()
	p := plan{delay: in.latency, oldServer: in.oldServer}
	kept := in.rules[:0]
	for _, r := range in.rules {
		match := r.action == AnyAction || r.action == action
		if match && (r.outcome == delayOutcome || p.outcome == nil) {
			if r.outcome == delayOutcome {
				p.delay += r.delay
			} else {
				p.outcome = r
			}
			if r.left > 0 {
				r.left--
			}
		}
		if r.left != 0 {
			kept = append(kept, r)
		}
	}
	clear(in.rules[len(kept):])
	in.rules = kept
	return p
}

// idle reports whether the Injector has nothing to do: no rule, no
// latency, no old-server mode.
func (in *Injector) idle() bool {
	in.mu.Lock()
	defer in.mu.Unlock()
	return len(in.rules) == 0 && in.latency == 0 && !in.oldServer
}

// Wrap returns next with the Injector's faults applied.
func (in *Injector) Wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if in.idle() {
			next.ServeHTTP(w, r)
			return
		}
		action, ok := in.peekAction(w, r)
		if !ok { // the engine replies to a body cut short, as without faults
			next.ServeHTTP(w, r)
			return
		}
		p := in.take(action)
		if p.delay > 0 {
			t := time.NewTimer(p.delay)
			select {
			case <-t.C:
			case <-r.Context().Done():
				// The client gave up: nobody is left to reply to.
				t.Stop()
				return
			}
		}
		if p.oldServer {
			r = r.WithContext(context.WithValue(r.Context(), oldServerKey{}, true))
		}
		switch {
		case p.outcome == nil && !p.oldServer:
			next.ServeHTTP(w, r)
		case p.outcome == nil:
			rec := serveRecorded(next, r)
			rec.rewriteOld()
			rec.replay(w)
		case p.outcome.outcome == errorOutcome:
			h := w.Header()
			h.Set("Content-Type", "application/json")
			if p.oldServer {
				h.Set("Content-Type", "text/json")
			}
			body := `{"result": null, "error": ` + pythonString(p.outcome.message) + `}`
			h.Set("Content-Length", strconv.Itoa(len(body)))
			w.WriteHeader(http.StatusOK)
			_, _ = io.WriteString(w, body)
		case p.outcome.outcome == statusOutcome:
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.Header().Set("Content-Length", strconv.Itoa(len(p.outcome.body)))
			w.WriteHeader(p.outcome.status)
			_, _ = io.WriteString(w, p.outcome.body)
		case p.outcome.drop == BeforeHandler:
			rec := &recorder{header: http.Header{"Content-Type": {"application/json"}}, status: http.StatusOK}
			dropConn(w, rec, true)
		default:
			rec := serveRecorded(next, r)
			if p.oldServer {
				rec.rewriteOld()
			}
			dropConn(w, rec, false)
		}
	})
}

// recorder captures a reply; it cannot be hijacked, so the wrapped handler
// writes through it.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (rec *recorder) Header() http.Header { return rec.header }

func (rec *recorder) WriteHeader(status int) {
	if rec.status == 0 {
		rec.status = status
	}
}

func (rec *recorder) Write(b []byte) (int, error) {
	rec.WriteHeader(http.StatusOK)
	return rec.body.Write(b)
}

func serveRecorded(next http.Handler, r *http.Request) *recorder {
	rec := &recorder{header: http.Header{}}
	next.ServeHTTP(rec, r)
	rec.WriteHeader(http.StatusOK)
	return rec
}

// rewriteOld turns a reply into an old server's: text/json, and the banner
// (a JSON object whose only key is "apiVersion") as plain text.
func (rec *recorder) rewriteOld() {
	if rec.status != http.StatusOK {
		return
	}
	var obj map[string]json.RawMessage
	var banner string
	if json.Unmarshal(rec.body.Bytes(), &obj) == nil && len(obj) == 1 &&
		json.Unmarshal(obj["apiVersion"], &banner) == nil {
		rec.body.Reset()
		rec.body.WriteString(banner)
		rec.header.Set("Content-Length", strconv.Itoa(rec.body.Len()))
	}
	rec.header.Set("Content-Type", "text/json")
}

// replay writes the recorded reply to w.
func (rec *recorder) replay(w http.ResponseWriter) {
	h := w.Header()
	for k, v := range rec.header {
		h[k] = v
	}
	w.WriteHeader(rec.status)
	_, _ = w.Write(rec.body.Bytes())
}

// dropConn takes over the connection, writes part of rec and closes it:
// up to the middle of the headers (inHeaders), or the headers (with the
// full body's length) and half the body. When w cannot be taken over, it
// writes rec's status and headers and half its body.
func dropConn(w http.ResponseWriter, rec *recorder, inHeaders bool) {
	half := rec.body.Bytes()[:rec.body.Len()/2]
	hj, ok := w.(http.Hijacker)
	if !ok {
		h := w.Header()
		for k, v := range rec.header {
			h[k] = v
		}
		h.Del("Content-Length")
		w.WriteHeader(rec.status)
		_, _ = w.Write(half)
		return
	}
	conn, buf, err := hj.Hijack()
	if err != nil {
		return
	}
	defer conn.Close()
	head := headBytes(rec)
	if inHeaders {
		head, half = head[:len(head)*2/3], nil
	}
	_, _ = buf.Write(head)
	_, _ = buf.Write(half)
	_ = buf.Flush()
}

// headBytes is rec's status line and headers, with the full body's length.
func headBytes(rec *recorder) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "HTTP/1.1 %d %s\r\n", rec.status, http.StatusText(rec.status))
	rec.header.Set("Content-Length", strconv.Itoa(rec.body.Len()))
	_ = rec.header.Write(&b)
	b.WriteString("\r\n")
	return b.Bytes()
}

// pythonString encodes s as Python's json.dumps does by default: ASCII
// only, non-ASCII characters as lower-case \uXXXX escapes (surrogate pairs
// above U+FFFF).
func pythonString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, c := range s {
		switch c {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		default:
			switch {
			case c < 0x20 || c > 0x7e && c <= 0xffff:
				fmt.Fprintf(&b, `\u%04x`, c)
			case c > 0xffff:
				r1, r2 := utf16.EncodeRune(c)
				fmt.Fprintf(&b, `\u%04x\u%04x`, r1, r2)
			default:
				b.WriteRune(c)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}
