package ankiconnect

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
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
	// DefaultTimeout bounds the wait for one reply. Some actions (sync,
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
	keepAlive bool
	maxReply  int64                 // see WithMaxReplyBytes
	bodyWait  time.Duration         // bound on reading a reply body; 0: none
	reads     *retryablehttp.Client // retry policy of read-only actions
	writes    *retryablehttp.Client // retry policy of everything else
	sem       *semaphore.Weighted
}

// Option configures a Client.
type Option func(*Client)

// WithURL sets the AnkiConnect address (default DefaultURL). An address
// without a scheme, such as "127.0.0.1:8765", means http; an empty one
// means DefaultURL.
func WithURL(url string) Option {
	return func(c *Client) {
		switch {
		case url == "":
			c.url = DefaultURL
		case !strings.Contains(url, "://"):
			c.url = "http://" + url
		default:
			c.url = url
		}
	}
}

// WithAPIKey sets the API key AnkiConnect is configured with (its apiKey
// setting). The key is sent in every request, including each action of a
// Multi, and never appears in errors. An empty key sends none.
func WithAPIKey(key string) Option { return func(c *Client) { c.key = key } }

// WithHTTPClient makes the client send its requests through h, for example to
// add a proxy or tracing transport. h's Timeout and CheckRedirect are used as
// they are, and WithTimeout is ignored. A nil CheckRedirect follows
// redirects, as net/http does; NewClient's own client refuses them (see
// HTTPError). A nil h means the default client.
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

// WithTimeout bounds how long each HTTP attempt waits for AnkiConnect to
// answer (default DefaultTimeout; 0 means no bound other than the context),
// and, once the reply's headers have come, how long its body may take, so
// that a reply that never ends fails with ErrReplyTimeout.
func WithTimeout(d time.Duration) Option { return func(c *Client) { c.timeout = d } }

// WithKeepAlive reuses connections between requests, for a server that keeps
// them open (a proxy in front of Anki, or the fake with its own keep-alive
// option). The real add-on closes every connection after its reply without
// saying so, so by default the client opens a new connection per request;
// with this option against the add-on, requests would fail on the closed
// connection. It has no effect with WithHTTPClient, whose transport decides.
func WithKeepAlive() Option { return func(c *Client) { c.keepAlive = true } }

// NewClient returns a client for the AnkiConnect at DefaultURL, changed by
// opts. Its transport is net/http's default (proxy settings from the
// environment included) without what a server on the same machine does not
// need: TCP keep-alive probes, gzip and HTTP/2 attempts. It follows no
// redirects (see HTTPError).
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
	if c.maxReply < 1 {
		c.maxReply = DefaultMaxReplyBytes
	}
	if c.httpc == nil { // WithHTTPClient's own timeouts apply instead
		c.bodyWait = c.timeout
	}
	if c.inFlight < 1 {
		c.inFlight = 1
	}
	c.sem = semaphore.NewWeighted(int64(c.inFlight))
	if c.httpc == nil {
		t := http.DefaultTransport.(*http.Transport).Clone()
		// AnkiConnect closes the connection after every reply without
		// saying so; a kept-alive connection would fail the next request.
		t.DisableKeepAlives = !c.keepAlive
		// Leaner than the default for a server on the same machine
		// (BENCHMARKS.md, "Transport"): no TCP keep-alive probes to set up
		// on each new connection, no gzip to ask for (AnkiConnect never
		// compresses), no HTTP/2 attempt.
		t.DialContext = (&net.Dialer{Timeout: 30 * time.Second, KeepAlive: -1}).DialContext
		t.DisableCompression = true
		t.ForceAttemptHTTP2 = false
		// The timeout bounds the wait for the reply's headers, which
		// AnkiConnect sends only once the action has run; its bodies come
		// from the same machine at once.
		t.ResponseHeaderTimeout = c.timeout
		c.httpc = &http.Client{Transport: t, CheckRedirect: noRedirects}
	}
	c.reads = c.retryClient(retryRead)
	c.writes = c.retryClient(retryWrite)
	return c
}

// noRedirects makes a redirect the reply (an HTTPError): see HTTPError.
func noRedirects(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

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

func (c *Client) retryClient(check retryablehttp.CheckRetry) *retryablehttp.Client {
	return &retryablehttp.Client{
		HTTPClient:   c.httpc,
		RetryWaitMin: c.retry.MinBackoff,
		RetryWaitMax: c.retry.MaxBackoff,
		RetryMax:     c.retry.MaxRetries,
		CheckRetry:   check,
		Backoff:      retryablehttp.DefaultBackoff,
		ErrorHandler: retryablehttp.PassthroughErrorHandler,
	}
}

// URL returns the address the client sends to.
func (c *Client) URL() string { return c.url }

// APIVersion returns the API version the client sends (see WithAPIVersion),
// without asking the server; Version asks the server which version it speaks.
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
	maxReply int64
	bodyWait time.Duration
	abort    context.CancelCauseFunc // ends the request; set with bodyWait
	body     []byte
}

// errRetryableReply marks a read-only reply worth another attempt; it never
// leaves the request path.
var errRetryableReply = errors.New("retryable reply")

// handle reads the whole reply; it runs once per attempt.
func (cl *call) handle(resp *http.Response) error {
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<10))
		herr := &HTTPError{StatusCode: resp.StatusCode, Body: b, Location: resp.Header.Get("Location")}
		if cl.readOnly && resp.StatusCode >= 500 {
			return errors.Join(errRetryableReply, herr)
		}
		return herr
	}
	if cl.abort != nil {
		t := time.AfterFunc(cl.bodyWait, func() { cl.abort(ErrReplyTimeout) })
		defer t.Stop()
	}
	b, err := readBody(resp.Body, resp.ContentLength, cl.maxReply)
	if err != nil {
		return err
	}
	cl.body = b
	if cl.readOnly && replyIsBusy(b) {
		return errRetryableReply
	}
	return nil
}

// retryWrite and retryRead are the only places that decide whether a
// request is sent again. A write is retried only when it never reached the
// server.
func retryWrite(ctx context.Context, _ *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	return errors.Is(err, syscall.ECONNREFUSED), nil
}

// retryRead retries a read-only request after any transport error, a 5xx
// reply or a busy collection (errRetryableReply), but not after a 4xx reply
// or a reply over the size limit, which would only come again.
func retryRead(ctx context.Context, _ *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	if err == nil || errors.Is(err, ErrReplyTooLarge) {
		return false, nil
	}
	return errors.Is(err, errRetryableReply) || !isHTTPError(err), nil
}

func isHTTPError(err error) bool {
	var herr *HTTPError
	return errors.As(err, &herr)
}

// do is the one request path: it encodes the request, sends it with the retry
// policy, and decodes the reply into out (a pointer, or nil to discard the
// result). Every error it returns is an *Error naming action.
func (c *Client) do(ctx context.Context, action string, readOnly bool, params, out any) error {
	req := c.newRequest(action, params)
	body, err := json.Marshal(req)
	if err == nil {
		err = checkUTF8(body, req)
	}
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
	cl := &call{readOnly: readOnly, maxReply: c.maxReply, bodyWait: c.bodyWait}
	reqCtx := ctx
	if cl.bodyWait > 0 {
		reqCtx, cl.abort = context.WithCancelCause(ctx)
		defer cl.abort(nil)
	}
	req, err := retryablehttp.NewRequestWithContext(reqCtx, http.MethodPost, c.url, body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	req.Close = !c.keepAlive
	req.SetResponseHandler(cl.handle)
	rc := c.writes
	if readOnly {
		rc = c.reads
	}
	_, err = rc.Do(req)
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
	case errors.Is(context.Cause(reqCtx), ErrReplyTimeout):
		return nil, fmt.Errorf("%w (after %v)", ErrReplyTimeout, c.bodyWait)
	case errors.Is(err, syscall.ECONNREFUSED):
		// One line, unlike errors.Join: the cause names the address.
		return nil, fmt.Errorf("%w (%w)", ErrNotRunning, err)
	default:
		return nil, err
	}
	return cl.body, nil
}

// Invoke calls any AnkiConnect action by name and decodes its result into R.
// It is the escape hatch for actions newer than this package: params is
// marshalled to the request's "params" (nil for none). Invoke treats the
// action as a write, so it is retried only when the connection was refused;
// use InvokeReadOnly for an action that changes nothing.
func Invoke[R any](ctx context.Context, c *Client, action string, params any) (R, error) {
	return invoke[R](ctx, c, action, false, params)
}

// InvokeReadOnly is Invoke for an action that only reads, such as a new
// query action: like the package's own read-only actions, it is also
// retried after transport errors, 5xx replies and "collection is not
// available". Calling it for an action that changes the collection risks
// applying the change twice.
func InvokeReadOnly[R any](ctx context.Context, c *Client, action string, params any) (R, error) {
	return invoke[R](ctx, c, action, true, params)
}

func invoke[R any](ctx context.Context, c *Client, action string, readOnly bool, params any) (R, error) {
	var r R
	if params == nil {
		params = noParams{}
	}
	err := c.do(ctx, action, readOnly, params, &r)
	return r, err
}
