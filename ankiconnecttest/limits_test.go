package ankiconnecttest_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/ankiconnect-go/ankiconnect"
	"github.com/ankiconnect-go/ankiconnect/ankiconnecttest"
)

// TestWithMaxBody: a request over the limit fails with the fake's error
// reply, as an *APIError naming the action; one within it is served.
func TestWithMaxBody(t *testing.T) {
	fake := ankiconnecttest.New(t, ankiconnecttest.WithMaxBody(4096))
	client, ctx := fake.Client(), context.Background()
	_, _, err := client.StoreMediaFile(ctx, "big.bin", bytes.Repeat([]byte{7}, 8192), ankiconnect.StoreMediaOptions{})
	var apiErr *ankiconnect.APIError
	if !errors.As(err, &apiErr) || !strings.Contains(err.Error(), "storeMediaFile") ||
		!strings.Contains(apiErr.Error(), "exceeds the fake's limit of 4096 bytes") {
		t.Fatalf("StoreMediaFile over the limit: %v", err)
	}
	if _, ok := fake.MediaFiles()["big.bin"]; ok {
		t.Error("the refused file was stored")
	}
	if _, _, err := client.StoreMediaFile(ctx, "small.bin", []byte("hi"), ankiconnect.StoreMediaOptions{}); err != nil {
		t.Fatalf("StoreMediaFile within the limit: %v", err)
	}
}

// TestWithStallTimeout: a client that declares more body than it sends
// gets an error reply once the stall timeout passes, also with a fault on,
// when the fault layer reads the body first.
func TestWithStallTimeout(t *testing.T) {
	for _, latency := range []time.Duration{0, time.Millisecond} {
		fake := ankiconnecttest.New(t, ankiconnecttest.WithStallTimeout(100*time.Millisecond))
		fake.SetLatency(latency)
		conn, err := net.Dial("tcp", strings.TrimPrefix(fake.URL(), "http://"))
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		start := time.Now()
		_, _ = io.WriteString(conn, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"action\":")
		_ = conn.SetReadDeadline(time.Now().Add(30 * time.Second))
		reply, err := io.ReadAll(conn)
		want := `{"result": null, "error": "reading the request body: 10 of 100 bytes received, then nothing for 100ms"}`
		if err != nil || !strings.HasSuffix(string(reply), "\r\n\r\n"+want) {
			t.Errorf("latency %v: reply %q (%v), want it to end in %s", latency, reply, err, want)
		}
		// Generous against a loaded machine, short of the 5 s default.
		if took := time.Since(start); took > 4*time.Second {
			t.Errorf("latency %v: the stall reply took %v, the stall timeout is 100ms", latency, took)
		}
	}
}

// A fake that refuses bodies over 1 KiB: the refusal is an error reply in
// the add-on's shape, so the client reports it as AnkiConnect's error.
func ExampleWithMaxBody() {
	fake, err := ankiconnecttest.Start(ankiconnecttest.WithMaxBody(1024))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer fake.Close()
	client := fake.Client()
	_, _, err = client.StoreMediaFile(context.Background(), "big.bin", make([]byte, 2048), ankiconnect.StoreMediaOptions{})
	var apiErr *ankiconnect.APIError
	if errors.As(err, &apiErr) {
		_, reason, _ := strings.Cut(apiErr.Error(), " bytes ") // the request's length varies
		fmt.Println("AnkiConnect error:", reason)
	}
	// Output:
	// AnkiConnect error: exceeds the fake's limit of 1024 bytes
}
