package ankiconnect

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jarcoal/httpmock"
)

const mockURL = "http://anki.test:8765"

// recorder is an httpmock transport that answers every request with the
// next of its replies (the last one repeats) and records the request bodies.
type recorder struct {
	mu      sync.Mutex
	bodies  [][]byte
	headers []http.Header
	replies []httpmock.Responder
}

// mockClient returns a client that talks to a recorder answering with
// replies, which are JSON bodies sent with status 200.
func mockClient(t testing.TB, replies []string, opts ...Option) (*Client, *recorder) {
	t.Helper()
	rs := make([]httpmock.Responder, len(replies))
	for i, r := range replies {
		rs[i] = httpmock.NewStringResponder(200, r).HeaderSet(http.Header{"Content-Type": {"application/json"}})
	}
	return mockClientWith(t, rs, opts...)
}

// mockClientWith is mockClient with arbitrary responders.
func mockClientWith(t testing.TB, replies []httpmock.Responder, opts ...Option) (*Client, *recorder) {
	t.Helper()
	rec := &recorder{replies: replies}
	mt := httpmock.NewMockTransport()
	mt.RegisterResponder("POST", mockURL, func(req *http.Request) (*http.Response, error) {
		b, err := io.ReadAll(req.Body)
		if err != nil {
			return nil, err
		}
		rec.mu.Lock()
		n := len(rec.bodies)
		rec.bodies = append(rec.bodies, b)
		rec.headers = append(rec.headers, req.Header.Clone())
		replies := rec.replies
		rec.mu.Unlock()
		if req.ContentLength != int64(len(b)) {
			t.Errorf("request ContentLength = %d, body has %d bytes", req.ContentLength, len(b))
		}
		if !req.Close { // the add-on closes each connection after its reply
			t.Errorf("request would reuse its connection (Close = false)")
		}
		if n >= len(replies) {
			n = len(replies) - 1
		}
		return replies[n](req)
	})
	base := []Option{
		WithURL(mockURL),
		WithHTTPClient(&http.Client{Transport: mt}),
		WithRetryPolicy(RetryPolicy{MaxRetries: 3}), // no waiting in tests
	}
	return NewClient(append(base, opts...)...), rec
}

// calls returns how many requests the recorder received.
func (r *recorder) calls() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.bodies)
}

// request returns the i-th request body, decoded for structural comparison.
func (r *recorder) request(t testing.TB, i int) any {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	if i >= len(r.bodies) {
		t.Fatalf("only %d requests recorded, want #%d", len(r.bodies), i)
	}
	return decodeJSON(t, r.bodies[i])
}

// decodeJSON decodes b into generic JSON values, numbers kept exact.
func decodeJSON(t testing.TB, b []byte) any {
	t.Helper()
	var v any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("invalid JSON %q: %v", b, err)
	}
	return v
}

// wantJSON fails the test unless got is structurally equal to the JSON text
// want.
func wantJSON(t testing.TB, got any, want string) {
	t.Helper()
	if diff := cmp.Diff(decodeJSON(t, []byte(want)), got); diff != "" {
		t.Errorf("request mismatch (-want +got):\n%s", diff)
	}
}
