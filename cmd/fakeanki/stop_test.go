package main

import (
	"bufio"
	"context"
	"io"
	"net"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Tests of stalled clients: a body shorter than its Content-Length, a
// shutdown while such a client waits, and the -max-body limit.

// stalledClient connects to the fake at url, declares a 100-byte body and
// sends 22 bytes of it, then waits. It returns the connection.
func stalledClient(t *testing.T, url string) net.Conn {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	const body = `{"action": "version", ` // 22 of the 100 bytes declared
	if _, err := io.WriteString(conn, "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\n"+body); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond) // lets the server begin the body
	return conn
}

// replyBody reads the reply on conn (the fake closes the connection after
// it) and returns its body.
func replyBody(t *testing.T, conn net.Conn) string {
	t.Helper()
	_ = conn.SetReadDeadline(time.Now().Add(30 * time.Second))
	raw, err := io.ReadAll(conn)
	if err != nil {
		t.Fatalf("reading the reply: %v (got %q)", err, raw)
	}
	_, body, ok := strings.Cut(string(raw), "\r\n\r\n")
	if !ok || !strings.HasPrefix(string(raw), "HTTP/1.1 200 OK\r\n") {
		t.Fatalf("reply %q", raw)
	}
	return body
}

// TestRunStopsWithStalledClient: cancelling run's context while a client
// holds its connection half-sent stops the server at once and cleanly; the
// client gets an error reply.
func TestRunStopsWithStalledClient(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	outR, outW := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0"}, outW, io.Discard)
		outW.Close()
	}()
	out := bufio.NewReader(outR)
	line, err := out.ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	url := strings.TrimSpace(strings.TrimPrefix(line, "fakeanki: serving AnkiConnect on "))
	conn := stalledClient(t, url)
	rest := make(chan string, 1)
	go func() { b, _ := io.ReadAll(out); rest <- string(b) }()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("run did not return")
	}
	if got := <-rest; got != "fakeanki: stopped\n" {
		t.Errorf("output after the cancel: %q", got)
	}
	want := `{"result": null, "error": "reading the request body: 22 of 100 bytes received when the fake began to shut down"}`
	if got := replyBody(t, conn); got != want {
		t.Errorf("the stalled client got %s, want %s", got, want)
	}
}

// TestSIGTERMWithStalledClient: the command, sent SIGTERM while a client
// holds its connection half-sent, prints "stopped" and exits with status 0.
func TestSIGTERMWithStalledClient(t *testing.T) {
	url, cmd, out := startCommand(t, "-addr", "127.0.0.1:0")
	conn := stalledClient(t, url)
	stop(t, cmd, out, syscall.SIGTERM)
	if code := cmd.ProcessState.ExitCode(); code != 0 {
		t.Errorf("exit status %d", code)
	}
	if got := replyBody(t, conn); !strings.Contains(got, "22 of 100 bytes received") {
		t.Errorf("the stalled client got %s", got)
	}
}

// TestStallTimeoutAndMaxBody: a client that stops sending gets an error
// reply after -stall-timeout, and a body over -max-body is refused with an
// error reply while the server goes on serving.
func TestStallTimeoutAndMaxBody(t *testing.T) {
	url, cmd, out := startCommand(t, "-addr", "127.0.0.1:0", "-stall-timeout", "300ms", "-max-body", "1000")
	conn := stalledClient(t, url)
	want := `{"result": null, "error": "reading the request body: 22 of 100 bytes received, then nothing for 300ms"}`
	if got := replyBody(t, conn); got != want {
		t.Errorf("the stalled client got %s, want %s", got, want)
	}
	long := `{"action": "version", "version": 6, "pad": "` + strings.Repeat("x", 2000) + `"}`
	want = `{"result": null, "error": "request body of 2046 bytes exceeds the fake's limit of 1000 bytes"}`
	if got := postJSON(t, url, long); got != want {
		t.Errorf("a body over -max-body: got %s, want %s", got, want)
	}
	if got := postJSON(t, url, `{"action":"version","version":6}`); got != `{"result": 6, "error": null}` {
		t.Errorf("a body within -max-body: %s", got)
	}
	stop(t, cmd, out, syscall.SIGTERM)
}

// TestSIGTERMWithStalledClientAndLatency: with -latency the faults read
// bodies before the fake does; SIGTERM while a client holds its body
// half-sent still stops the command at once, with status 0, and the client
// gets an error reply.
func TestSIGTERMWithStalledClientAndLatency(t *testing.T) {
	url, cmd, out := startCommand(t, "-addr", "127.0.0.1:0", "-latency", "1s", "-stall-timeout", "1m")
	conn := stalledClient(t, url)
	start := time.Now()
	stop(t, cmd, out, syscall.SIGTERM)
	if took := time.Since(start); took > 20*time.Second {
		t.Errorf("stopping took %v, the stall timeout is 1m", took)
	}
	if code := cmd.ProcessState.ExitCode(); code != 0 {
		t.Errorf("exit status %d", code)
	}
	// The body read ended with the shutdown, not with the stall timeout.
	if got := replyBody(t, conn); !strings.Contains(got, `"error": "reading the request body: `) || !strings.Contains(got, "shut") {
		t.Errorf("the stalled client got %s", got)
	}
}
