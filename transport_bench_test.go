package ankiconnect_test

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/ankiconnect-go/ankiconnect"
	"github.com/ankiconnect-go/ankiconnect/ankiconnecttest"
	"github.com/ankiconnect-go/ankiconnect/bench"
)

// The call benchmarks send deckNames to the fake over loopback, in the
// add-on's mode (a new connection per request) and with a fake that keeps
// connections, and compare the client with floors made by hand from
// net/http in the same loop: each iteration makes one call of every
// variant in turn, so a busy machine slows all alike. They report each
// variant's median and its ratio to the first floor (x-floor).

// rawCall is one hand-made call: POST the body, read the reply, decode it
// with one json.Unmarshal into the envelope.
func rawCall(ctx context.Context, hc *http.Client, url string, body []byte) error {
	data, err := bench.RawPost(ctx, hc, url, body)
	if err != nil {
		return err
	}
	var env envelopeOf[[]string]
	if err := json.Unmarshal(data, &env); err != nil || len(env.Result) == 0 {
		return &ankiconnect.DecodeError{Body: data, Err: err}
	}
	return nil
}

// defaultTransport is http.DefaultTransport's settings, the floor a
// program gets by default.
func defaultTransport(keepAlive bool) *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.DisableKeepAlives = !keepAlive
	return &http.Client{Transport: t}
}

// leanTransport is the candidate settings: no proxy lookup, no HTTP/2
// attempt, no compression, no TCP keep-alive probes on the connection.
func leanTransport(keepAlive bool) *http.Client {
	return &http.Client{Transport: &http.Transport{
		DialContext:        (&net.Dialer{Timeout: 30 * time.Second, KeepAlive: -1}).DialContext,
		DisableKeepAlives:  !keepAlive,
		DisableCompression: true,
		MaxIdleConns:       4,
		IdleConnTimeout:    90 * time.Second,
	}}
}

// variant is one way of making the call.
type variant struct {
	name string
	call func() error
}

// rotate runs every variant once per iteration and reports medians.
func rotate(b *testing.B, vs []variant) {
	times := make([][]float64, len(vs))
	b.ReportAllocs()
	for b.Loop() {
		for i, v := range vs {
			start := time.Now()
			if err := v.call(); err != nil {
				b.Fatal(v.name, err)
			}
			times[i] = append(times[i], float64(time.Since(start).Nanoseconds()))
		}
	}
	floor := bench.Median(times[0])
	for i, v := range vs {
		m := bench.Median(times[i])
		b.ReportMetric(m, v.name+"-ns")
		if i > 0 {
			b.ReportMetric(m/floor, v.name+"-x-floor")
		}
	}
}

// BenchmarkCall compares deckNames through the Client with the hand-made
// floors, for both connection policies.
func BenchmarkCall(b *testing.B) {
	ctx := context.Background()
	body := []byte(`{"action":"deckNames","version":6}`)
	for _, mode := range []struct {
		name      string
		keepAlive bool
	}{{"new-connection", false}, {"keep-alive", true}} {
		b.Run(mode.name, func(b *testing.B) {
			var opts []ankiconnecttest.Option
			if mode.keepAlive {
				opts = append(opts, ankiconnecttest.WithKeepAlive())
			}
			f := ankiconnecttest.New(b, opts...)
			c := f.Client()
			floor, lean := defaultTransport(mode.keepAlive), leanTransport(mode.keepAlive)
			rotate(b, []variant{
				{"floor", func() error { return rawCall(ctx, floor, f.URL(), body) }},
				{"lean-floor", func() error { return rawCall(ctx, lean, f.URL(), body) }},
				{"client", func() error { _, err := c.DeckNames(ctx); return err }},
			})
		})
	}
}
