package wire

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// halfSent connects to ts, declares a 100-byte body and sends 10 bytes.
func halfSent(t *testing.T, ts *httptest.Server) net.Conn {
	t.Helper()
	conn, err := net.Dial("tcp", ts.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	if _, err := io.WriteString(conn, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"action\":"); err != nil {
		t.Fatal(err)
	}
	return conn
}

// rawReplyBody reads conn to its end and returns the reply's body.
func rawReplyBody(t *testing.T, conn net.Conn) string {
	t.Helper()
	_ = conn.SetReadDeadline(time.Now().Add(30 * time.Second))
	raw, err := io.ReadAll(conn)
	if err != nil {
		t.Fatalf("reading the reply: %v (%q)", err, raw)
	}
	_, body, _ := strings.Cut(string(raw), "\r\n\r\n")
	return body
}

// TestStalledBody: a body that stops short gets an error reply after the
// stall timeout, and the server is free for other requests meanwhile.
func TestStalledBody(t *testing.T) {
	for _, keepAlive := range []bool{false, true} {
		srv := NewServer(Config{StallTimeout: 200 * time.Millisecond, KeepAlive: keepAlive})
		ts := httptest.NewServer(srv)
		conn := halfSent(t, ts)
		if got := post(t, loopbackSender(ts.URL), `{"action":"version","version":6}`); got != `{"result": 6, "error": null}` {
			t.Errorf("keepAlive %v: a request beside the stalled one: %s", keepAlive, got)
		}
		want := errBody("reading the request body: 10 of 100 bytes received, then nothing for 200ms")
		if got := rawReplyBody(t, conn); got != want {
			t.Errorf("keepAlive %v: got %s, want %s", keepAlive, got, want)
		}
		ts.Close()
	}
}

// TestStopReading: StopReading ends a body read in progress at once with an
// error reply, lets http.Server.Shutdown return, and refuses to wait for
// bodies of later requests.
func TestStopReading(t *testing.T) {
	srv := NewServer(Config{StallTimeout: -1}) // only StopReading can end it
	ts := httptest.NewUnstartedServer(srv)
	ts.Config.RegisterOnShutdown(srv.StopReading)
	ts.Start()
	defer ts.Close()
	conn := halfSent(t, ts)
	time.Sleep(50 * time.Millisecond) // the server is now reading the body
	done := make(chan error, 1)
	go func() { done <- ts.Config.Shutdown(t.Context()) }()
	want := errBody("reading the request body: 10 of 100 bytes received when the fake began to shut down")
	if got := rawReplyBody(t, conn); got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	if err := <-done; err != nil {
		t.Errorf("Shutdown: %v", err)
	}
	srv.Wait()
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/", strings.NewReader(`{"action":"version"}`)))
	if want := errBody("reading the request body: 0 of 20 bytes received when the fake began to shut down"); rec.Body.String() != want {
		t.Errorf("after StopReading: %s, want %s", rec.Body, want)
	}
}

// TestRefusedBodyIsDrained: a client sending a body far over the limit
// reads the refusal rather than a connection reset, and nothing of the
// body is kept.
func TestRefusedBodyIsDrained(t *testing.T) {
	srv := NewServer(Config{BodyLimit: 1 << 10})
	ts := httptest.NewServer(srv)
	defer ts.Close()
	body := bytes.Repeat([]byte("x"), 8<<20)
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	for range 3 {
		resp, err := client.Post(ts.URL, "application/json", bytes.NewReader(body))
		if err != nil {
			t.Fatalf("POST: %v", err)
		}
		got, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if want := errBody("request body of 8388608 bytes exceeds the fake's limit of 1024 bytes"); string(got) != want {
			t.Errorf("got %s, want %s", got, want)
		}
	}
}

// TestStalledReader: a client that never reads a large reply is abandoned
// after the stall timeout, so its handler returns (and Wait, and a
// shutdown, can).
func TestStalledReader(t *testing.T) {
	srv := NewServer(Config{StallTimeout: 200 * time.Millisecond})
	served := make(chan string, 32)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		srv.ServeHTTP(w, r)
		served <- r.Header.Get("X-Test")
	}))
	defer ts.Close()
	// A reply of some MB: more than the socket buffers hold.
	name := strings.Repeat("d", 2<<20)
	for i := range 16 {
		post(t, loopbackSender(ts.URL), `{"action":"createDeck","params":{"deck":"`+name+string(rune('a'+i))+`"}}`)
		<-served
	}
	conn, err := net.Dial("tcp", ts.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	req := `{"action":"deckNames"}`
	if _, err := io.WriteString(conn, "POST / HTTP/1.1\r\nHost: x\r\nX-Test: stalled\r\nContent-Length: 22\r\n\r\n"+req); err != nil {
		t.Fatal(err)
	}
	select {
	case got := <-served:
		if got != "stalled" {
			t.Fatalf("served %q", got)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the reply to a client that does not read is never abandoned")
	}
}
