package ankiconnect

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestRedirectNotFollowed: a server that redirects (AnkiConnect never does)
// gets one request and an HTTPError back; the place it points to gets
// nothing, so neither the API key nor a write goes there. net/http's
// default client re-sends a POST, body and all, on 307 and 308.
func TestRedirectNotFollowed(t *testing.T) {
	var elsewhere atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		elsewhere.Add(1)
		_, _ = w.Write([]byte(`{"result": 1, "error": null}`))
	}))
	defer other.Close()
	for _, code := range []int{301, 302, 303, 307, 308} {
		var asked atomic.Int32
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			asked.Add(1)
			http.Redirect(w, r, other.URL+"/steal", code)
		}))
		c := NewClient(WithURL(srv.URL), WithAPIKey("secret"))
		for _, call := range []struct {
			name string
			do   func() error
		}{
			{"deckNames", func() error { _, err := c.DeckNames(context.Background()); return err }},
			{"createDeck", func() error { _, err := c.CreateDeck(context.Background(), "Spanish"); return err }},
		} {
			asked.Store(0)
			err := call.do()
			var herr *HTTPError
			if !errors.As(err, &herr) {
				t.Fatalf("%d %s: err = %v (%T), want an *HTTPError", code, call.name, err, err)
			}
			if herr.StatusCode != code || herr.Location != other.URL+"/steal" {
				t.Errorf("%d %s: HTTPError = %d %q", code, call.name, herr.StatusCode, herr.Location)
			}
			for _, want := range []string{call.name, "a redirect to", "/steal", "does not follow"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("%d %s: %q does not say %q", code, call.name, err, want)
				}
			}
			if strings.Contains(err.Error(), "secret") {
				t.Errorf("%d %s: the error shows the key: %q", code, call.name, err)
			}
			if n := asked.Load(); n != 1 {
				t.Errorf("%d %s: the redirecting server was asked %d times, want 1 (a redirect is no reason to retry)", code, call.name, n)
			}
		}
		srv.Close()
	}
	if d := cmp.Diff(int32(0), elsewhere.Load()); d != "" {
		t.Errorf("requests that reached the redirect's target (-want +got):\n%s", d)
	}
}
