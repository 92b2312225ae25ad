package wire

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ankiconnect-go/ankiconnect/internal/apkg"
	"github.com/ankiconnect-go/ankiconnect/internal/collection"
	"github.com/ankiconnect-go/ankiconnect/internal/fault"
)

// DefaultBodyLimit is the largest request body a Server reads when
// Config.BodyLimit is zero. The add-on has no limit; media uploads in base64
// are the only big requests.
const DefaultBodyLimit = 64 << 20

// DefaultStallTimeout is how long a Server waits for a stalled client when
// Config.StallTimeout is zero: the add-on's socket timeout.
const DefaultStallTimeout = 5 * time.Second

// maxDrain is how much of a refused body (over the limit) the server reads
// and discards before it replies, so that the client, still sending, reads
// the reply rather than a connection reset.
const maxDrain = 64 << 20

// DefaultLogLimit is how many log entries a Server keeps when
// Config.LogLimit is zero.
const DefaultLogLimit = 10000

// DefaultProfile is the profile a fresh Anki creates.
const DefaultProfile = "User 1"

// apiVersion is the add-on's apiVersion setting.
const apiVersion = 6

// Config configures a Server. The zero value serves like a fresh Anki with
// the add-on's default settings.
type Config struct {
	// APIKey is the add-on's apiKey setting; "" means none (null).
	APIKey string
	// Origins is webCorsOriginList; nil means ["http://localhost"].
	Origins []string
	// Clock is the source of every timestamp and ID; nil means time.Now.
	Clock func() time.Time
	// Profiles lists the profile names; the first is active. nil means
	// ["User 1"]. Each profile has its own collection, created on first use.
	Profiles []string
	// Collection, if not nil, is the first profile's collection (for example
	// loaded from a fixture). Its clock is its own.
	Collection *collection.Collection
	// Fetcher downloads storeMediaFile URLs; nil means real HTTP.
	Fetcher collection.Fetcher
	// BodyLimit caps the request body; 0 means DefaultBodyLimit. A longer
	// body is refused with an error reply (the add-on's envelope, with
	// MsgBodyTooLarge) before any of it is kept in memory.
	BodyLimit int64
	// StallTimeout is how long a connection may stall, while its body is
	// read (no bytes arrive) or its reply written (no bytes are taken),
	// before the server gives up on it: a body cut short gets an error
	// reply (MsgBodyStalled), a reply nobody reads is abandoned and the
	// connection closed. 0 means DefaultStallTimeout, negative means wait
	// for ever. It applies where the ResponseWriter supports deadlines
	// (net/http's does; httptest.ResponseRecorder does not need them).
	StallTimeout time.Duration
	// LogLimit caps the action log (oldest entries dropped); 0 means
	// DefaultLogLimit, negative means no log.
	LogLimit int
	// Prompt answers requestPermission for an origin that is not allowed, in
	// place of Anki's modal Yes/No dialog: grant appends the origin to the
	// allowed list; a refusal with ignore puts it on the ignore list, which
	// denies it without asking again. nil refuses without ignoring.
	Prompt func(origin string) (grant, ignore bool)
	// KeepAlive keeps connections open between requests. By default the
	// server closes every connection after its reply without a
	// "Connection: close" header, as the add-on does (one request per
	// connection), so a client that reuses connections meets the same EOF it
	// would meet with Anki. Responses written to a ResponseWriter that
	// cannot be hijacked (httptest.ResponseRecorder) are not affected. With
	// KeepAlive, replies go through net/http, which adds "Content-Length: 0"
	// to the 403 reply.
	KeepAlive bool
	// PackageDir is where exportPackage writes and importPackage reads
	// package files: relative paths resolve inside it, and absolute paths
	// outside it are refused with Python's "[Errno 13] Permission denied".
	// "" means the OS temporary directory (os.TempDir).
	PackageDir string
	// ExportFormat is the layout exportPackage writes: apkg.FormatLegacy
	// (the zero value), what the add-on writes, or apkg.FormatLatest, what
	// Anki's own exporter writes. importPackage reads both.
	ExportFormat apkg.Format
	// MediaDir is the first profile's media folder (collection.media),
	// created if missing: getMediaDirPath reports it and the media live
	// there (media.go). "" means a folder under MediaRoot.
	MediaDir string
	// MediaRoot is the folder that holds the other profiles' media folders,
	// as Anki's base folder does: <MediaRoot>/<profile>/collection.media,
	// each made when getMediaDirPath first reports it (until then the
	// profile's media stay in memory). "" keeps those media in memory at a
	// placeholder path that nothing is written to.
	MediaRoot string
}

// LogEntry is one action the server ran (inner multi actions included).
type LogEntry struct {
	Action  string          // Python str() of the request's action
	Version json.RawMessage // nil when the request had none (meaning 4)
	Params  json.RawMessage // as received; requestPermission's as injected
	Error   string          // the error message sent, "" on success
}

// Server is the fake AnkiConnect's HTTP handler. It serialises every request
// behind one mutex, as Anki runs every request on its main thread.
type Server struct {
	inflight    sync.WaitGroup // requests being served, for Wait
	bodies      bodyReads      // body reads in progress, for StopReading
	mu          sync.Mutex
	cfg         Config
	apiKey      json.RawMessage // the configured key as JSON: null or a string
	apiKeyText  string          // PyStr(apiKey), what a key must decode to
	origins     []string
	ignored     []string
	profiles    []string
	active      string
	collections map[string]*collection.Collection
	log         []LogEntry
	gui         gui    // the Anki window the gui* actions drive (gui.go)
	requestEnv  Env    // the Env of the request being served (serve)
	scratch     []byte // where replies are encoded (jsonResponse), reused
}

// NewServer returns a Server configured by cfg.
func NewServer(cfg Config) *Server {
	if cfg.Clock == nil {
		cfg.Clock = time.Now
	}
	if cfg.BodyLimit <= 0 {
		cfg.BodyLimit = DefaultBodyLimit
	}
	if cfg.LogLimit == 0 {
		cfg.LogLimit = DefaultLogLimit
	}
	if cfg.StallTimeout == 0 {
		cfg.StallTimeout = DefaultStallTimeout
	}
	s := &Server{cfg: cfg, apiKey: jsonNull, collections: map[string]*collection.Collection{}}
	if cfg.APIKey != "" {
		s.apiKey, _ = json.Marshal(cfg.APIKey)
		s.apiKeyText = PyStr(s.apiKey)
	}
	s.origins = append([]string(nil), cfg.Origins...)
	if cfg.Origins == nil {
		s.origins = []string{"http://localhost"}
	}
	s.profiles = append([]string(nil), cfg.Profiles...)
	if len(s.profiles) == 0 {
		s.profiles = []string{DefaultProfile}
	}
	s.active = s.profiles[0]
	if cfg.Collection != nil {
		s.setCollection(cfg.Collection)
	}
	return s
}

// collection returns the active profile's collection, creating it on first
// use. Call with s.mu held.
func (s *Server) collection() *collection.Collection {
	c := s.collections[s.active]
	if c == nil {
		c = collection.New(s.cfg.Clock, time.Time{})
		s.setCollection(c)
	}
	return c
}

// setCollection makes c the active profile's collection, downloading with
// the configured fetcher. Call with s.mu held.
func (s *Server) setCollection(c *collection.Collection) {
	if s.cfg.Fetcher != nil {
		c.Media().SetFetcher(s.cfg.Fetcher)
	}
	s.attachMedia(c)
	s.collections[s.active] = c
}

// Do runs fn with the server's mutex held and an Env for the active
// profile, so seeding and inspection never race with requests.
func (s *Server) Do(ctx context.Context, fn func(e *Env) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return fn(s.env(ctx))
}

// env is the Env of one action or Do. As Anki does at the first access of
// a new scheduler day, it first unburies the buried cards.
func (s *Server) env(ctx context.Context) *Env {
	e := s.makeEnv(ctx)
	return &e
}

// makeEnv is the Env that env and serveEnv return.
func (s *Server) makeEnv(ctx context.Context) Env {
	col := s.collection()
	col.UnburyIfDayRolledOver()
	return Env{Col: col, Ctx: ctx, Profile: s.active, srv: s}
}

// serveEnv is env(ctx) for the request serve is serving, in the Server
// rather than a new allocation: requests are served one at a time, and no
// handler keeps its Env. Clear it when the request is done.
func (s *Server) serveEnv(ctx context.Context) *Env {
	s.requestEnv = s.makeEnv(ctx)
	return &s.requestEnv
}

// SetCollection replaces the active profile's collection.
func (s *Server) SetCollection(c *collection.Collection) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.setCollection(c)
}

// Invoke runs one action in-process, as a request with version 6 and the
// right key would, but without HTTP and without an entry in the log. It
// returns the result as JSON or the add-on's error. params marshals to the
// params object; nil means none.
func (s *Server) Invoke(ctx context.Context, action string, params any) (json.RawMessage, error) {
	raw := json.RawMessage("{}") // nil params: none
	if params != nil {
		var err error
		if raw, err = json.Marshal(params); err != nil {
			return nil, err
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	name, _ := json.Marshal(action)
	result, err := s.invoke(s.env(ctx), name, raw)
	if err != nil {
		return nil, err
	}
	return json.Marshal(result)
}

// Wait returns when no request is being served. http.Server.Shutdown does
// not wait for the connections the server took over to write its replies;
// call Wait after it.
func (s *Server) Wait() { s.inflight.Wait() }

// Log returns a copy of the action log, oldest first.
func (s *Server) Log() []LogEntry {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.trimmedLog())
}

// ClearLog empties the action log.
func (s *Server) ClearLog() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.log = nil
}

// Origins returns the allowed CORS origins (the configured ones plus those
// granted through requestPermission).
func (s *Server) Origins() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.origins)
}

func (s *Server) record(e LogEntry) {
	if s.cfg.LogLimit < 0 {
		return
	}
	s.log = append(s.log, e)
	if len(s.log) >= 2*s.cfg.LogLimit {
		s.log = slices.Clone(s.log[len(s.log)-s.cfg.LogLimit:])
	}
}

// trimmedLog is the log within its limit. Call with s.mu held.
func (s *Server) trimmedLog() []LogEntry {
	if n := len(s.log); s.cfg.LogLimit > 0 && n > s.cfg.LogLimit {
		return s.log[n-s.cfg.LogLimit:]
	}
	return s.log
}

// response is one HTTP reply: status 200 with a JSON body, or 403 with none.
type response struct {
	status int
	cors   string
	body   []byte
	extra  [][2]string // headers after Content-Length (OPTIONS)
}

// ServeHTTP serves one AnkiConnect request; see the package documentation
// of each rule in wire spec section 1.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.inflight.Add(1)
	defer s.inflight.Done()
	origin, hasOrigin := "", false
	if vs := r.Header["Origin"]; len(vs) > 0 { // Header.Values("Origin"), without canonicalising
		origin, hasOrigin = vs[len(vs)-1], true
	}
	var resp response
	if strings.EqualFold(r.Method, http.MethodOptions) {
		s.mu.Lock()
		_, resp.cors = s.allowOrigin(origin, hasOrigin)
		s.mu.Unlock()
		resp.status, resp.body = http.StatusOK, []byte{}
		if r.Header.Get("Access-Control-Request-Private-Network") == "true" {
			resp.extra = [][2]string{{"Access-Control-Allow-Private-Network", "true"}}
		}
	} else {
		body, bodyErr := s.readBody(w, r)
		s.mu.Lock()
		resp = s.serve(r.Context(), body, bodyErr, origin, hasOrigin)
		s.mu.Unlock()
		if len(body) >= collectAfterBody {
			defer runtime.GC()
		}
	}
	s.write(w, resp)
}

// collectAfterBody is the body size after which the server collects its
// garbage once the reply is written: the copies a large body leaves (its
// decoded params, a media file's base64 text) would otherwise still be
// held when the next large body arrives, and the process would peak at
// several times the size of one body.
const collectAfterBody = 16 << 20

// serve decides one non-OPTIONS request. Call with s.mu held.
func (s *Server) serve(ctx context.Context, body []byte, bodyErr, origin string, hasOrigin bool) response {
	allowed, cors := s.allowOrigin(origin, hasOrigin)
	forbidden := response{status: http.StatusForbidden, cors: cors}
	var members []member
	var buf [4]member // the members of a typical request, on the stack
	errText := bodyErr
	if errText == "" && len(body) > 0 {
		members, errText = parseRequest(body, buf[:])
	}
	if errText != "" || len(body) == 0 {
		switch {
		case !allowed:
			return forbidden
		case errText == "":
			return s.jsonResponse(cors, map[string]string{"apiVersion": MsgBanner})
		}
		return s.jsonResponse(cors, errorEnvelope(errText))
	}
	action, _ := lookup(members, "action")
	isPermission := isString(action, "requestPermission")
	if !allowed && !isPermission {
		return forbidden
	}
	if isPermission {
		members = injectPermission(members, allowed, origin)
		if !allowed {
			cors = origin
		}
	}
	r := s.handleMembers(s.serveEnv(ctx), members)
	s.requestEnv = Env{} // keeps neither the request's context nor a collection
	return s.replyResponse(cors, r)
}

// injectPermission overwrites requestPermission's allowed and origin params
// as web.py does (adding params if absent).
func injectPermission(members []member, allowed bool, origin string) []member {
	params, _ := lookup(members, "params")
	pm, _ := objectMembers(params)
	allowedJSON, _ := json.Marshal(allowed)
	originJSON, _ := json.Marshal(origin)
	pm = setMember(pm, "allowed", allowedJSON)
	pm = setMember(pm, "origin", originJSON)
	return setMember(members, "params", marshalMembers(pm))
}

// setMember sets key like a Python dict assignment: in place if present,
// appended otherwise. members is not modified.
func setMember(members []member, key string, v json.RawMessage) []member {
	out := slices.Clone(members)
	for i := range out {
		if out[i].Key == key {
			out[i].Value = v
			return out
		}
	}
	return append(out, member{key, v})
}

func marshalMembers(members []member) json.RawMessage {
	var b []byte
	b = append(b, '{')
	for i, m := range members {
		if i > 0 {
			b = append(b, ',')
		}
		k, _ := json.Marshal(m.Key)
		b = append(append(append(b, k...), ':'), m.Value...)
	}
	return append(b, '}')
}

// jsonResponse encodes v, through appendPython where it can; a value that
// cannot be encoded becomes an error envelope (the add-on would send
// nothing at all).
// Call with s.mu held: the fast path encodes into s.scratch.
func (s *Server) jsonResponse(cors string, v any) response {
	if b, ok := appendPython(s.scratch[:0], v); ok {
		return s.scratchResponse(cors, b)
	}
	slowEncodes.Add(1)
	body, err := encodePython(v)
	if err != nil {
		return s.jsonResponse(cors, errorEnvelope(err.Error()))
	}
	return response{status: http.StatusOK, cors: cors, body: body}
}

// replyResponse is jsonResponse(cors, r.value()) without boxing r's
// envelope.
func (s *Server) replyResponse(cors string, r reply) response {
	if !r.wrapped {
		return s.jsonResponse(cors, r.result)
	}
	if b, ok := appendEnvelope(s.scratch[:0], r.result, r.err); ok {
		return s.scratchResponse(cors, b)
	}
	return s.jsonResponse(cors, r.value())
}

// maxScratch is the largest encoding buffer a Server keeps between replies.
const maxScratch = 1 << 20

// scratchResponse is the response whose body is b, encoded in s.scratch:
// the body is a copy at its size, and the buffer, grown as it may have,
// is kept for the next reply unless it is over maxScratch.
func (s *Server) scratchResponse(cors string, b []byte) response {
	body := append(make([]byte, 0, len(b)), b...)
	s.scratch = nil
	if cap(b) <= maxScratch {
		s.scratch = b[:0]
	}
	return response{status: http.StatusOK, cors: cors, body: body}
}

// reply is the handler's reply to one request object: the bare result, or
// (wrapped) the envelope of a result or an error.
type reply struct {
	result  any
	wrapped bool
	err     *string // the envelope's error; nil is null
}

// errorReply is the envelope of the error msg.
func errorReply(msg string) reply { return reply{wrapped: true, err: &msg} }

// value is the reply as the value json.dumps is given.
func (r reply) value() any {
	if r.wrapped {
		return envelope{Result: r.result, Error: r.err}
	}
	return r.result
}

// handle runs one request object through the add-on's handler: raw must be
// a JSON object, else the AttributeError escapes (it fails an enclosing
// multi as a whole).
func (s *Server) handle(e *Env, raw json.RawMessage) (any, error) {
	members, ok := requestMembers(raw, nil)
	if !ok {
		return nil, fmt.Errorf(MsgAttributeErrorGet, PyTypeName(raw))
	}
	return s.handleMembers(e, members).value(), nil
}

func (s *Server) handleMembers(e *Env, members []member) reply {
	action, ok := lookup(members, "action")
	if !ok {
		action = jsonEmptyString
	}
	version, hasVersion := lookup(members, "version")
	params, hasParams := lookup(members, "params")
	if !hasParams {
		params = jsonEmptyObject
	}
	key, ok := lookup(members, "key")
	if !ok {
		key = jsonNull
	}
	result, err := s.call(e, action, params, key)
	var r reply
	if err == nil {
		// An old server (fault injection's old-server mode) ignores
		// "version" and always sends the version 4 shape: the bare result.
		oldServer := e.Ctx != nil && fault.OldServerFrom(e.Ctx)
		r, err = versionedReply(version, hasVersion && !oldServer, result)
	}
	var errText string
	if err != nil {
		errText = err.Error()
		r = errorReply(errText)
	}
	if s.cfg.LogLimit >= 0 {
		entry := LogEntry{Action: actionStr(action), Params: params, Error: errText}
		if !hasParams {
			entry.Params = json.RawMessage("{}") // the log's own, not jsonEmptyObject
		}
		if hasVersion {
			entry.Version = version
		}
		s.record(entry)
	}
	return r
}

// The values of absent request members. Nothing writes to them: the log
// gets a copy of jsonEmptyObject, and an action's params are split into
// members rather than handed on.
var (
	jsonEmptyString = json.RawMessage(`""`)
	jsonEmptyObject = json.RawMessage(`{}`)
)

// call checks the key, then invokes the action.
func (s *Server) call(e *Env, action, params, key json.RawMessage) (any, error) {
	if !s.keyMatches(key) && !isString(action, "requestPermission") {
		return nil, errors.New(MsgInvalidAPIKey)
	}
	return s.invoke(e, action, params)
}

// invoke finds the action, binds params and runs it.
func (s *Server) invoke(e *Env, action, params json.RawMessage) (any, error) {
	act := lookupAction(action)
	if act == nil {
		return nil, errors.New(MsgUnsupportedAction)
	}
	members, ok := act.paramMembers(params)
	if !ok {
		return nil, fmt.Errorf(MsgTypeErrorNotMapping, act.Name, PyTypeName(params))
	}
	args, err := act.bind(members)
	if err != nil {
		return nil, err
	}
	return act.run(e, args)
}

// run calls the handler, turning a panic into an error reply: the last line
// of defence, since handlers validate before they mutate.
func (act *entry) run(e *Env, args Args) (result any, err error) {
	defer func() {
		if p := recover(); p != nil {
			result, err = nil, fmt.Errorf(MsgInternal, act.Name, p)
		}
	}()
	defer e.undoAround(act.Name)() // undo.go
	return act.Run(e, args)
}

// keyMatches is Python's key == apiKey where apiKey is None or a str.
func (s *Server) keyMatches(key json.RawMessage) bool {
	if isJSONNull(s.apiKey) {
		return isJSONNull(key)
	}
	return isString(key, s.apiKeyText)
}

// isString reports whether raw is the JSON string s (however escaped).
func isString(raw json.RawMessage, s string) bool {
	if text, ok := plainString(raw); ok {
		return string(text) == s
	}
	var got string
	return PyTypeName(raw) == "str" && json.Unmarshal(raw, &got) == nil && got == s
}

// versionedReply is format_success_reply: the bare result when version <= 4
// (the default), else the envelope. A version Python cannot compare with 4
// raises after the action has run.
func versionedReply(version json.RawMessage, present bool, result any) (reply, error) {
	if !present {
		return reply{result: result}, nil
	}
	if n, ok := smallInt(version); ok { // the usual 6, without a float parse
		return reply{result: result, wrapped: n > 4}, nil
	}
	var old bool
	switch PyTypeName(version) {
	case "bool":
		old = true // True and False are 1 and 0
	case "int", "float":
		f, _ := pyFloat(version) // nan <= 4 is false, as in Python
		old = f <= 4
	default:
		return reply{}, fmt.Errorf(MsgTypeErrorVersionCompare, PyTypeName(version))
	}
	if old {
		return reply{result: result}, nil
	}
	return reply{result: result, wrapped: true}, nil
}

// allowOrigin is web.py's allowOrigin. Call with s.mu held.
func (s *Server) allowOrigin(origin string, hasOrigin bool) (allowed bool, cors string) {
	const localhost = "http://localhost"
	switch {
	case slices.Contains(s.origins, "*"):
		return true, "*"
	case !hasOrigin:
		return true, localhost
	case slices.Contains(s.origins, origin):
		return true, origin
	case slices.Contains(s.origins, localhost) && localOrigin(origin):
		return true, origin
	}
	return false, localhost
}

// localOrigin lists what "http://localhost" also lets in. The add-on tests
// the "http://127.0.0.1:" prefix twice where it meant to test
// "https://127.0.0.1:" once, so https with a port stays out.
func localOrigin(origin string) bool {
	if origin == "http://127.0.0.1" || origin == "https://127.0.0.1" {
		return true
	}
	for _, p := range []string{"http://127.0.0.1:", "chrome-extension://", "moz-extension://", "safari-web-extension://"} {
		if strings.HasPrefix(origin, p) {
			return true
		}
	}
	return false
}

// write sends resp. Unless KeepAlive is set, it takes over the connection
// and writes the add-on's exact bytes, then closes it; otherwise (or when
// the writer cannot be hijacked) it goes through net/http, which also sends
// the headers the add-on sends and suppresses Date.
func (s *Server) write(w http.ResponseWriter, resp response) {
	// Header names are written in their canonical form, so they go into
	// the header map as they are (TestReplyHeadersCanonical).
	var headerBuf [5][2]string
	headers := headerBuf[:0]
	statusLine := "HTTP/1.1 403 Forbidden"
	if resp.status == http.StatusOK {
		statusLine = "HTTP/1.1 200 OK"
		headers = append(headers, [2]string{"Content-Type", "application/json"})
	}
	headers = append(headers, [2]string{"Access-Control-Allow-Origin", resp.cors}, [2]string{"Access-Control-Allow-Headers", "*"})
	if resp.status == http.StatusOK {
		headers = append(headers, [2]string{"Content-Length", strconv.Itoa(len(resp.body))})
		headers = append(headers, resp.extra...)
	}
	if hj, ok := w.(http.Hijacker); ok && !s.cfg.KeepAlive {
		if conn, buf, err := hj.Hijack(); err == nil {
			defer conn.Close()
			buf.WriteString(statusLine)
			buf.WriteString("\r\n")
			for _, h := range headers {
				buf.WriteString(h[0])
				buf.WriteString(": ")
				buf.WriteString(h[1])
				buf.WriteString("\r\n")
			}
			buf.WriteString("\r\n")
			s.writeConn(conn, buf.Writer, resp.body)
			return
		}
	}
	h := w.Header()
	values := make([]string, len(headers)) // one allocation for every header's value
	for i, kv := range headers {
		values[i] = kv[1]
		h[kv[0]] = values[i : i+1 : i+1]
	}
	h["Date"] = nil
	w.WriteHeader(resp.status)
	s.writeChunks(http.NewResponseController(w).SetWriteDeadline, w, resp.body)
}
