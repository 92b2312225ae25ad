package wire

import (
	"bytes"
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

// discardWriter is the least a ResponseWriter can be: a header map and a
// body buffer reused from one request to the next, and the deadline methods
// net/http's own writer has (the handler sets them through a
// ResponseController), doing nothing.
type discardWriter struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (w *discardWriter) Header() http.Header              { return w.header }
func (w *discardWriter) WriteHeader(status int)           { w.status = status }
func (w *discardWriter) Write(p []byte) (int, error)      { return w.body.Write(p) }
func (w *discardWriter) SetReadDeadline(time.Time) error  { return nil }
func (w *discardWriter) SetWriteDeadline(time.Time) error { return nil }

func (w *discardWriter) reset() {
	clear(w.header)
	w.status = 0
	w.body.Reset()
}

// BenchmarkHandlerDeckNames times Server.ServeHTTP alone on a deckNames
// request: the request is built once and its body reader rewound, the
// writer is discardWriter. "alone" runs only that (profile it with
// -cpuprofile); "paired" also times, in the same loop, the round trip of
// BenchmarkDeckNames/in-process (httptest.NewRequest and a
// ResponseRecorder), and reports the medians handler-ns and recorder-ns and
// their ratio handler/recorder: the handler's share of that figure,
// measured in one run.
func BenchmarkHandlerDeckNames(b *testing.B) {
	const body = `{"action":"deckNames","version":6}`
	const want = `{"result": ["Default"], "error": null}`
	srv := NewServer(Config{LogLimit: -1})
	req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, "http://127.0.0.1:8765/", nil)
	if err != nil {
		b.Fatal(err)
	}
	req.ContentLength = int64(len(body))
	rd := strings.NewReader(body)
	w := &discardWriter{header: http.Header{}}
	serve := func(b *testing.B) {
		rd.Reset(body)
		req.Body = readCloser{rd}
		w.reset()
		srv.ServeHTTP(w, req)
		if w.status != http.StatusOK || w.body.String() != want {
			b.Fatalf("handler: %d %s", w.status, w.body.String())
		}
	}
	b.Run("alone", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			serve(b)
		}
	})
	b.Run("paired", func(b *testing.B) {
		roundTrip := inProcessSender(srv)
		var handlerNS, recorderNS []float64
		for b.Loop() {
			start := time.Now()
			serve(b)
			handlerNS = append(handlerNS, float64(time.Since(start)))
			start = time.Now()
			r := roundTrip(b, rawRequest{Body: body})
			recorderNS = append(recorderNS, float64(time.Since(start)))
			if r.Body != want {
				b.Fatalf("round trip: %s", r.Body)
			}
		}
		h, r := medianOf(handlerNS), medianOf(recorderNS)
		b.ReportMetric(h, "handler-ns")
		b.ReportMetric(r, "recorder-ns")
		b.ReportMetric(h/r, "handler/recorder")
	})
}

// readCloser is a request body that closes as a no-op.
type readCloser struct{ *strings.Reader }

func (readCloser) Close() error { return nil }

func medianOf(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}
