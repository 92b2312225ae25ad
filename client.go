package ankiconnect

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"reflect"
	"syscall"
	"time"

	"github.com/hashicorp/go-retryablehttp"
	"golang.org/x/sync/semaphore"
)

// Defaults of a Client made by NewClient.
const (
	// DefaultURL is where AnkiConnect listens unless configured otherwise. It
	// is 127.0.0.1 rather than localhost: localhost resolves to ::1 on many
	// machines, while AnkiConnect binds 127.0.0.1 only.
	DefaultURL = "http://127.0.0.1:8765"
	// DefaultAPIVersion is the API version the client asks for.
	DefaultAPIVersion = 6
	// DefaultTimeout bounds one HTTP attempt. Some actions (sync,
	// importPackage, requestPermission's dialog) can take long; raise it with
	// WithTimeout, or bound calls with a context instead.
	DefaultTimeout = 60 * time.Second
	// DefaultMaxInFlight caps concurrent requests per client. AnkiConnect
	// serves one request at a time and its listen backlog is 5, so more
	// requests in flight only fail in Anki instead of queueing here.
	DefaultMaxInFlight = 4
	// DefaultUserAgent is sent unless WithUserAgent sets another.
	DefaultUserAgent = "ankiconnect-go"
)

// RetryPolicy says how often and how patiently a request is retried. Which
// requests may be retried at all is not configurable: a request is retried
// only when it provably never reached the server (connection refused, for
// example while Anki starts), or when its action is read-only (then also on
// other transport errors, 5xx replies and "collection is not available").
// A write that may have reached Anki is never sent twice.
type RetryPolicy struct {
	// MaxRetries is the number of retries after the first attempt; 0
	// disables retries.
	MaxRetries int
	// MinBackoff and MaxBackoff bound the exponential backoff between
	// attempts.
	MinBackoff, MaxBackoff time.Duration
}

// DefaultRetryPolicy is the policy of a Client made by NewClient: up to 3
// retries, backing off exponentially from 100 ms to 2 s (about 3.5 s in all
// before giving up), always bounded by the call's context.
var DefaultRetryPolicy = RetryPolicy{MaxRetries: 3, MinBackoff: 100 * time.Millisecond, MaxBackoff: 2 * time.Second}

// NoRetries is a RetryPolicy that sends every request exactly once.
var NoRetries = RetryPolicy{}

// Client calls AnkiConnect. Make one with NewClient; it is safe for
// concurrent use by many goroutines.
type Client struct {
	url       string
	key       string
	version   int
	userAgent string
	retry     RetryPolicy
	httpc     *http.Client
	timeout   time.Duration
	inFlight  int
	rc        *retryablehttp.Client
	sem       *semaphore.Weighted
}

// Option configures a Client.
type Option func(*Client)

// WithURL sets the AnkiConnect address (default DefaultURL).
func WithURL(url string) Option { return func(c *Client) { c.url = url } }

// WithAPIKey sets the API key AnkiConnect is configured with (its apiKey
// setting). The key is sent in every request, including each action of a
// Multi, and never appears in errors. An empty key sends none.
func WithAPIKey(key string) Option { return func(c *Client) { c.key = key } }

// WithHTTPClient makes the client send its requests through h, for example to
// add a proxy or tracing transport. h's Timeout is used as it is, and
// WithTimeout is ignored.
func WithHTTPClient(h *http.Client) Option { return func(c *Client) { c.httpc = h } }

// WithAPIVersion sets the API version sent with every request (default 6).
// With 4 or less, AnkiConnect replies with bare results, which the client
// decodes too.
func WithAPIVersion(v int) Option { return func(c *Client) { c.version = v } }

// WithRetryPolicy replaces DefaultRetryPolicy.
func WithRetryPolicy(p RetryPolicy) Option { return func(c *Client) { c.retry = p } }

// WithMaxInFlight caps the requests this client has in flight at once
// (default DefaultMaxInFlight); more calls wait in the client, honouring their
// context. n < 1 means 1.
func WithMaxInFlight(n int) Option { return func(c *Client) { c.inFlight = n } }

// WithUserAgent sets the User-Agent header (default DefaultUserAgent).
func WithUserAgent(ua string) Option { return func(c *Client) { c.userAgent = ua } }

// WithTimeout bounds each HTTP attempt (default DefaultTimeout; 0 means no
// bound other than the context).
func WithTimeout(d time.Duration) Option { return func(c *Client) { c.timeout = d } }

// NewClient returns a client for the AnkiConnect at DefaultURL, changed by
// opts.
func NewClient(opts ...Option) *Client {
	c := &Client{
		url:       DefaultURL,
		version:   DefaultAPIVersion,
		userAgent: DefaultUserAgent,
		retry:     DefaultRetryPolicy,
		timeout:   DefaultTimeout,
		inFlight:  DefaultMaxInFlight,
	}
	for _, o := range opts {
		o(c)
	}
	if c.inFlight < 1 {
		c.inFlight = 1
	}
	c.sem = semaphore.NewWeighted(int64(c.inFlight))
	if c.httpc == nil {
		t := http.DefaultTransport.(*http.Transport).Clone()
		// AnkiConnect closes the connection after every reply without
		// saying so; a kept-alive connection would fail the next request.
		t.DisableKeepAlives = true
		c.httpc = &http.Client{Transport: t, Timeout: c.timeout}
	}
	c.rc = &retryablehttp.Client{
		HTTPClient:   c.httpc,
		RetryWaitMin: c.retry.MinBackoff,
		RetryWaitMax: c.retry.MaxBackoff,
		RetryMax:     c.retry.MaxRetries,
		CheckRetry:   checkRetry,
		Backoff:      retryablehttp.DefaultBackoff,
		ErrorHandler: retryablehttp.PassthroughErrorHandler,
	}
	return c
}

// Environment variables read by NewClientFromEnv.
const (
	EnvURL    = "ANKICONNECT_URL"
	EnvAPIKey = "ANKICONNECT_API_KEY"
)

// NewClientFromEnv is NewClient with the URL and API key taken from the
// environment variables ANKICONNECT_URL and ANKICONNECT_API_KEY when they are
// set. opts are applied after them and win.
func NewClientFromEnv(opts ...Option) *Client {
	var env []Option
	if u := os.Getenv(EnvURL); u != "" {
		env = append(env, WithURL(u))
	}
	if k := os.Getenv(EnvAPIKey); k != "" {
		env = append(env, WithAPIKey(k))
	}
	return NewClient(append(env, opts...)...)
}

// URL returns the address the client sends to.
func (c *Client) URL() string { return c.url }

// APIVersion returns the API version the client sends.
func (c *Client) APIVersion() int { return c.version }

// request is one AnkiConnect request on the wire.
type request struct {
	Action  string `json:"action"`
	Version int    `json:"version"`
	Params  any    `json:"params,omitempty"`
	Key     string `json:"key,omitempty"`
}

// noParams is the parameter type of actions that take none; it is sent as an
// absent "params".
type noParams struct{}

func (c *Client) newRequest(action string, params any) request {
	if _, ok := params.(noParams); ok {
		params = nil
	}
	return request{Action: action, Version: c.version, Params: params, Key: c.key}
}

// call is the state of one request through the retry loop.
type call struct {
	readOnly bool
	body     []byte
}

type callKey struct{}

// errRetryableReply marks a read-only reply worth another attempt; it never
// leaves the request path.
var errRetryableReply = errors.New("retryable reply")

// handle reads the whole reply; it runs once per attempt.
func (cl *call) handle(resp *http.Response) error {
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<10))
		herr := &HTTPError{StatusCode: resp.StatusCode, Body: b}
		if cl.readOnly && resp.StatusCode >= 500 {
			return errors.Join(errRetryableReply, herr)
		}
		return herr
	}
	b, err := readBody(resp)
	if err != nil {
		return err
	}
	cl.body = b
	if cl.readOnly && len(b) < 256 && bytes.Contains(b, []byte("collection is not available")) {
		return errRetryableReply
	}
	return nil
}

func readBody(resp *http.Response) ([]byte, error) {
	if resp.ContentLength >= 0 {
		b := make([]byte, resp.ContentLength)
		_, err := io.ReadFull(resp.Body, b)
		return b, err
	}
	return io.ReadAll(resp.Body)
}

// checkRetry is the only place that decides whether a request is sent again.
func checkRetry(ctx context.Context, _ *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	if err == nil {
		return false, nil
	}
	if errors.Is(err, syscall.ECONNREFUSED) {
		return true, nil // never reached the server
	}
	cl, _ := ctx.Value(callKey{}).(*call)
	if cl == nil || !cl.readOnly {
		return false, nil
	}
	var herr *HTTPError
	if errors.As(err, &herr) && !errors.Is(err, errRetryableReply) {
		return false, nil // 4xx: no point in asking again
	}
	return true, nil
}

// do is the one request path: it encodes the request, sends it with the retry
// policy, and decodes the reply into out (a pointer, or nil to discard the
// result). Every error it returns is an *Error naming action.
func (c *Client) do(ctx context.Context, action string, readOnly bool, params, out any) error {
	body, err := json.Marshal(c.newRequest(action, params))
	if err != nil {
		return &Error{Action: action, Err: err}
	}
	reply, err := c.send(ctx, readOnly, body)
	if err == nil {
		err = decodeReply(reply, out)
	}
	if err != nil {
		return &Error{Action: action, Err: err}
	}
	return nil
}

// send posts body and returns the reply's body.
func (c *Client) send(ctx context.Context, readOnly bool, body []byte) ([]byte, error) {
	if err := c.sem.Acquire(ctx, 1); err != nil {
		return nil, err
	}
	defer c.sem.Release(1)
	cl := &call{readOnly: readOnly}
	req, err := retryablehttp.NewRequestWithContext(context.WithValue(ctx, callKey{}, cl), http.MethodPost, c.url, body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	req.Close = true
	req.SetResponseHandler(cl.handle)
	_, err = c.rc.Do(req)
	switch {
	case err == nil:
	case errors.Is(err, errRetryableReply):
		var herr *HTTPError
		if errors.As(err, &herr) {
			return nil, herr
		}
		// "collection is not available" on the last attempt: decode it.
	case ctx.Err() != nil:
		return nil, ctx.Err()
	case errors.Is(err, syscall.ECONNREFUSED):
		return nil, errors.Join(ErrNotRunning, err)
	default:
		return nil, err
	}
	return cl.body, nil
}

// decodeReply decodes an AnkiConnect reply into out. It accepts both shapes:
// the envelope {"result": ..., "error": ...} (version 5 and later, and every
// error at any version) and a bare result (version 4 and earlier, or an old
// server that ignores the requested version). The result is decoded once,
// straight into out.
func decodeReply(body []byte, out any) error {
	i := 0
	for i < len(body) && (body[i] == ' ' || body[i] == '\t' || body[i] == '\r' || body[i] == '\n') {
		i++
	}
	switch {
	case i == len(body):
		return &DecodeError{Body: keep(body), Err: errors.New("empty reply")}
	case bytes.HasPrefix(body[i:], []byte("AnkiConnect")):
		return ErrEmptyBodySeen // the plain-text banner of builds before 2025
	case body[i] == '{':
		done, err := decodeEnvelope(body, out)
		if done {
			return err
		}
		resetOut(out)
	}
	if out == nil {
		out = new(json.RawMessage) // still reject a reply that is not JSON
	}
	if err := json.Unmarshal(body, out); err != nil {
		return &DecodeError{Body: keep(body), Err: err}
	}
	return nil
}

// decodeEnvelope decodes body as {"result", "error"} and reports done=false
// when body is an object of another shape (a bare result), which the caller
// decodes again as such.
func decodeEnvelope(body []byte, out any) (done bool, err error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	if _, err := dec.Token(); err != nil {
		return true, &DecodeError{Body: keep(body), Err: err}
	}
	var (
		msg          *string
		seenResult   bool
		seenError    bool
		resultErr    error
		bannerString string
	)
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return true, &DecodeError{Body: keep(body), Err: err}
		}
		switch tok {
		case "result":
			seenResult = true
			if out == nil {
				err = dec.Decode(new(json.RawMessage))
			} else {
				err = dec.Decode(out)
			}
			var syntax *json.SyntaxError
			if errors.As(err, &syntax) {
				return true, &DecodeError{Body: keep(body), Err: err}
			}
			resultErr = err // a type mismatch matters only when error is null
		case "error":
			seenError = true
			if err := dec.Decode(&msg); err != nil {
				return false, nil
			}
		case "apiVersion":
			if err := dec.Decode(&bannerString); err != nil {
				return false, nil
			}
		default:
			return false, nil
		}
	}
	if _, err := dec.Token(); err != nil {
		return true, &DecodeError{Body: keep(body), Err: err}
	}
	if dec.More() {
		return true, &DecodeError{Body: keep(body), Err: errors.New("data after the reply object")}
	}
	if !seenResult || !seenError {
		if !seenResult && !seenError && bannerString != "" {
			return true, ErrEmptyBodySeen
		}
		return false, nil
	}
	if msg != nil {
		return true, newAPIError(*msg)
	}
	if resultErr != nil {
		return true, &DecodeError{Body: keep(body), Err: resultErr}
	}
	return true, nil
}

func resetOut(out any) {
	if out == nil {
		return
	}
	if v := reflect.ValueOf(out); v.Kind() == reflect.Pointer && !v.IsNil() {
		v.Elem().SetZero()
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

// Invoke calls any AnkiConnect action by name and decodes its result into R.
// It is the escape hatch for actions newer than this package: params is
// marshalled to the request's "params" (nil for none). Invoke treats the
// action as a write, so it is retried only when the connection was refused.
func Invoke[R any](ctx context.Context, c *Client, action string, params any) (R, error) {
	var r R
	if params == nil {
		params = noParams{}
	}
	err := c.do(ctx, action, false, params, &r)
	return r, err
}
