package fault_test

import (
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/ankiconnect-go/ankiconnect/internal/fault"
	"github.com/ankiconnect-go/ankiconnect/internal/wire"
)

// Tests of how the Injector reads bodies: within the engine's limit and
// stall timeout, so that faults change nothing about a body too long or a
// client that stops sending.

// busy returns an Injector that is not idle (it reads every body) but
// changes no reply: its only rule is for an action never sent.
func busy() *fault.Injector {
	in := fault.New()
	in.FailNext("neverSent", fault.Always, "x")
	return in
}

// allocPerByte serves body with h in process and returns the reply's body
// and the bytes allocated meanwhile per body byte. What a request allocates
// in all bounds what it holds at its peak.
func allocPerByte(h http.Handler, body string) (string, float64) {
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	h.ServeHTTP(rec, req)
	runtime.ReadMemStats(&after)
	return rec.Body.String(), float64(after.TotalAlloc-before.TotalAlloc) / float64(len(body))
}

// TestBodyLimitBehindInjector: a body over the engine's limit gets the
// engine's refusal through the Injector too, and is not read into memory.
func TestBodyLimitBehindInjector(t *testing.T) {
	const limit, size = 1 << 20, 50 << 20
	body := `{"action": "version", "version": 6, "pad": "` + strings.Repeat("x", size) + `"}`
	cfg := wire.Config{BodyLimit: limit, LogLimit: -1}
	want, plain := allocPerByte(wire.NewServer(cfg), body)
	in := busy()
	in.SetBodyLimits(limit, 0)
	got, ratio := allocPerByte(in.Wrap(wire.NewServer(cfg)), body)
	t.Logf("over the limit: %.3f bytes allocated per body byte without faults, %.3f behind the Injector", plain, ratio)
	if got != want || !strings.Contains(want, "exceeds the fake's limit") {
		t.Errorf("behind the Injector: %.200s\nwithout faults: %.200s", got, want)
	}
	if ratio > plain+0.05 {
		t.Errorf("behind the Injector: %.3f bytes allocated per body byte, without faults %.3f", ratio, plain)
	}
}

// TestBodyMemoryBehindInjector: a large body within the limit costs the
// Injector at most about one more copy of it.
func TestBodyMemoryBehindInjector(t *testing.T) {
	if testing.Short() {
		t.Skip("allocates some 200 MB")
	}
	const size = 50 << 20
	body := `{"action": "nope", "version": 6, "params": {"x": "` + strings.Repeat("a", size) + `"}}`
	cfg := wire.Config{BodyLimit: 1 << 30, LogLimit: -1}
	var plain, ratio float64
	var replies [2]string
	replies[0], plain = allocPerByte(wire.NewServer(cfg), body)
	in := busy()
	in.SetBodyLimits(1<<30, 0)
	replies[1], ratio = allocPerByte(in.Wrap(wire.NewServer(cfg)), body)
	for _, reply := range replies {
		if !strings.Contains(reply, "unsupported action") {
			t.Errorf("reply %.200s", reply)
		}
	}
	t.Logf("50 MB body: %.2f bytes allocated per body byte without faults, %.2f behind the Injector", plain, ratio)
	if ratio > plain+1.1 {
		t.Errorf("behind the Injector: %.2f bytes allocated per body byte, without faults %.2f", ratio, plain)
	}
}

// stalledReply sends 22 of the 100 body bytes it declares to url and
// returns the reply's body and how long it took.
func stalledReply(t *testing.T, url string) (string, time.Duration) {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	start := time.Now()
	_, _ = io.WriteString(conn, "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\n"+`{"action": "version", `)
	_ = conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	raw, err := io.ReadAll(conn)
	if err != nil {
		t.Fatalf("reading the reply: %v (got %q)", err, raw)
	}
	_, body, _ := strings.Cut(string(raw), "\r\n\r\n")
	return body, time.Since(start)
}

// TestStallBehindInjector: a client that stops sending its body gets the
// engine's stall reply through the Injector too, after the stall timeout.
func TestStallBehindInjector(t *testing.T) {
	const stall = 200 * time.Millisecond
	cfg := wire.Config{StallTimeout: stall}
	plain := httptest.NewServer(wire.NewServer(cfg))
	t.Cleanup(plain.Close)
	want, _ := stalledReply(t, plain.URL)
	for _, in := range []*fault.Injector{busy(), fault.New()} {
		in.SetLatency(time.Millisecond)
		in.SetBodyLimits(0, stall)
		srv := httptest.NewServer(in.Wrap(wire.NewServer(cfg)))
		t.Cleanup(srv.Close)
		got, took := stalledReply(t, srv.URL)
		if got != want || !strings.Contains(want, "22 of 100 bytes received, then nothing for 200ms") {
			t.Errorf("behind the Injector: %s\nwithout faults: %s", got, want)
		}
		if took > 10*stall {
			t.Errorf("the stall reply took %v, stall timeout %v", took, stall)
		}
	}
}

// TestBodyLimitDefaults: an Injector left at its defaults reads bodies as
// the engine does at its own: the same limit and stall timeout.
func TestBodyLimitDefaults(t *testing.T) {
	limit, stall := fault.DefaultLimits()
	if limit != wire.DefaultBodyLimit || stall != wire.DefaultStallTimeout {
		t.Errorf("the Injector's defaults %d bytes, %v; the engine's %d bytes, %v", limit, stall, wire.DefaultBodyLimit, wire.DefaultStallTimeout)
	}
}

// TestActionLastOrTwice: the action is found wherever it is in a body read
// in several chunks, and of two "action" members the last counts, as
// Python's json.loads keeps it.
func TestActionLastOrTwice(t *testing.T) {
	pad := strings.Repeat("a", 1<<20)
	tests := []struct{ name, body, want string }{
		{"last", `{"version": 6, "params": {"x": "` + pad + `"}, "action": "deckNames"}`, "deckNames"},
		{"twice", `{"action": "addNote", "params": {"x": "` + pad + `"}, "action": "deckNames"}`, "deckNames"},
	}
	for _, tc := range tests {
		in, st, srv := newServer(t)
		in.FailNext("deckNames", 1, "forced")
		in.FailNext("addNote", 1, "wrong action")
		got := post(t, srv.URL, tc.body)
		if !strings.Contains(got.Body, `"error": "forced"`) || in.Pending() != 1 || st.count("deckNames")+st.count("addNote") != 0 {
			t.Errorf("%s: reply %+v, %d rule uses left, want the %s rule to fire", tc.name, got, in.Pending(), tc.want)
		}
	}
}
