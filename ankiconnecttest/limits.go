package ankiconnecttest

import "time"

// WithMaxBody makes the fake refuse request bodies longer than n bytes, as
// an error reply in the add-on's shape ({"result": null, "error": "request
// body of ... bytes exceeds the fake's limit of n bytes"}) that the client
// returns as an *ankiconnect.APIError. The body is not kept in memory. The
// default is 64 MiB; n <= 0 keeps it. (The add-on itself has no limit.)
func WithMaxBody(n int64) Option {
	return func(c *fakeConfig) { c.BodyLimit = n }
}

// WithStallTimeout sets how long the fake waits for a client that stops
// sending its request body, or stops reading its reply, before it gives up
// on it (a body cut short gets an error reply). The default is 5 s, the
// add-on's socket timeout; d < 0 waits for ever.
func WithStallTimeout(d time.Duration) Option {
	return func(c *fakeConfig) { c.StallTimeout = d }
}
