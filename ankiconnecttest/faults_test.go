package ankiconnecttest

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/ankiconnect-go/ankiconnect"
	"github.com/google/go-cmp/cmp"
)

// TestFakeFaultsThroughHandler: faults apply in-process too, and
// ResetFaults removes them all.
func TestFakeFaultsThroughHandler(t *testing.T) {
	f := New(t)
	type reply struct {
		Status            int
		ContentType, Body string
	}
	serve := func(body string) reply {
		req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
		rec := httptest.NewRecorder()
		f.Handler().ServeHTTP(rec, req)
		return reply{rec.Code, rec.Header().Get("Content-Type"), rec.Body.String()}
	}
	const deckNames = `{"action": "deckNames", "version": 6}`
	normal := reply{200, "application/json", `{"result": ["Default"], "error": null}`}
	tests := []struct {
		name   string
		inject func()
		want   []reply // replies to deckNames, in order
	}{
		{"none", func() {}, []reply{normal}},
		{"status", func() { f.RespondStatusNext("deckNames", 1, 502, "bad gateway") },
			[]reply{{502, "text/plain; charset=utf-8", "bad gateway"}, normal}},
		{"error for any action", func() { f.FailNext(AnyAction, 2, "boom") },
			[]reply{{200, "application/json", `{"result": null, "error": "boom"}`}, {200, "application/json", `{"result": null, "error": "boom"}`}, normal}},
		{"other action", func() { f.FailNext("addNote", 1, "boom") }, []reply{normal, normal}},
		{"old server", func() { f.SetOldServer(true) },
			[]reply{{200, "text/json", `["Default"]`}, {200, "text/json", `["Default"]`}}},
		{"latency and delay", func() { f.SetLatency(time.Millisecond); f.DelayNext("deckNames", 1, time.Millisecond) }, []reply{normal}},
		{"always", func() { f.FailNext("deckNames", Always, "down") },
			[]reply{{200, "application/json", `{"result": null, "error": "down"}`}, {200, "application/json", `{"result": null, "error": "down"}`}}},
	}
	for _, tt := range tests {
		f.ResetFaults()
		tt.inject()
		var got []reply
		for range tt.want {
			got = append(got, serve(deckNames))
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
	}
	f.ResetFaults()
	if diff := cmp.Diff(normal, serve(deckNames)); diff != "" || f.PendingFaults() != 0 {
		t.Errorf("after ResetFaults, %d pending (-want +got):\n%s", f.PendingFaults(), diff)
	}
}

// TestFakeDownAndUp: GoDown and ComeUp are idempotent, the collection
// survives, and nothing comes up after Close.
func TestFakeDownAndUp(t *testing.T) {
	f := New(t)
	c := f.Client(ankiconnect.WithRetryPolicy(ankiconnect.NoRetries))
	if _, err := f.CreateDeck("Kept"); err != nil {
		t.Fatal(err)
	}
	f.GoDown()
	f.GoDown()
	if _, err := c.DeckNames(t.Context()); !errors.Is(err, ankiconnect.ErrNotRunning) {
		t.Errorf("while down: %v, want ErrNotRunning", err)
	}
	for range 2 {
		if err := f.ComeUp(); err != nil {
			t.Fatal(err)
		}
	}
	names, err := c.DeckNames(t.Context())
	if diff := cmp.Diff([]string{"Default", "Kept"}, names); diff != "" || err != nil {
		t.Errorf("after ComeUp: %v (-want +got):\n%s", err, diff)
	}
	up := f.DownFor(time.Hour)
	if err := f.ComeUp(); err != nil {
		t.Fatal(err)
	}
	if err := <-up; err == nil {
		t.Error("DownFor's restart was not cancelled by ComeUp")
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.ComeUp(); err == nil {
		t.Error("ComeUp after Close succeeded")
	}
}
