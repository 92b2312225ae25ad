package wire

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// Reading request bodies: exactly Content-Length bytes, as the add-on
// reads them, with a limit on the length and a deadline on every stall, so
// a client that declares more than it sends cannot hold a connection (and
// a shutdown) for ever.

// bodyChunk is how much of a body is read between two deadline updates.
const bodyChunk = 256 << 10

// errStopped is the read error of a body cut short by StopReading.
var errStopped = errors.New("the server is shutting down")

// bodyReads tracks the body reads in progress, so StopReading can end them.
// Its mutex is its own: it is never held with Server.mu.
type bodyReads struct {
	mu      sync.Mutex
	stopped atomic.Bool
	active  map[*bodyRead]struct{}
}

// bodyRead is one body being read.
type bodyRead struct {
	rc      *http.ResponseController
	stopped atomic.Bool
}

func (b *bodyReads) start(w http.ResponseWriter) *bodyRead {
	br := &bodyRead{rc: http.NewResponseController(w)}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.active == nil {
		b.active = map[*bodyRead]struct{}{}
	}
	b.active[br] = struct{}{}
	br.stopped.Store(b.stopped.Load())
	return br
}

func (b *bodyReads) done(br *bodyRead) {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.active, br)
}

// StopReading makes every body read in progress fail at once, and every
// later one fail before it starts: each such request gets an error reply
// (MsgBodyStopped) instead of waiting for a client that may never send the
// rest. Requests whose bodies have arrived are served as usual. Call it when
// shutting down, before http.Server.Shutdown (or register it with
// RegisterOnShutdown), so that Shutdown need not wait for stalled clients.
func (s *Server) StopReading() {
	b := &s.bodies
	b.mu.Lock()
	defer b.mu.Unlock()
	b.stopped.Store(true)
	for br := range b.active {
		br.stopped.Store(true)
		_ = br.rc.SetReadDeadline(time.Now()) // wakes a blocked Read
	}
}

// readBody reads the body the way the add-on does: exactly Content-Length
// bytes, so a chunked body (no length) reads as empty. A body over the limit
// is refused before any of it is kept; it is read and discarded (up to
// maxDrain) so the client reads the refusal. The error text is the reply's.
func (s *Server) readBody(w http.ResponseWriter, r *http.Request) ([]byte, string) {
	n := r.ContentLength
	if n <= 0 || r.Body == nil {
		return nil, ""
	}
	br := s.bodies.start(w)
	defer s.bodies.done(br)
	if n > s.cfg.BodyLimit {
		_, _ = s.readChunks(br, r.Body, nil, min(n, maxDrain))
		return nil, fmt.Sprintf(MsgBodyTooLarge, n, s.cfg.BodyLimit)
	}
	body := make([]byte, n)
	got, err := s.readChunks(br, r.Body, body, n)
	switch {
	case err == nil:
		return body, ""
	case errors.Is(err, errStopped):
		return nil, fmt.Sprintf(MsgBodyStopped, got, n)
	case isTimeout(err):
		return nil, fmt.Sprintf(MsgBodyStalled, got, n, s.cfg.StallTimeout)
	}
	return nil, fmt.Sprintf(MsgBodyRead, got, n, err)
}

// readChunks reads n bytes of body into dst (or discards them when dst is
// nil), renewing the read deadline before every chunk. It returns how many
// bytes arrived.
func (s *Server) readChunks(br *bodyRead, body io.Reader, dst []byte, n int64) (int64, error) {
	var scratch []byte
	if dst == nil {
		scratch = make([]byte, min(n, bodyChunk))
	}
	var got int64
	for got < n {
		if s.cfg.StallTimeout > 0 {
			_ = br.rc.SetReadDeadline(time.Now().Add(s.cfg.StallTimeout))
		}
		if br.stopped.Load() {
			return got, errStopped
		}
		buf := scratch
		if dst != nil {
			buf = dst[got:]
		}
		buf = buf[:min(int64(len(buf)), n-got, bodyChunk)]
		k, err := io.ReadFull(body, buf)
		got += int64(k)
		if err != nil {
			if br.stopped.Load() {
				return got, errStopped
			}
			return got, err
		}
	}
	return got, nil
}

// isTimeout reports whether err is a deadline passing.
func isTimeout(err error) bool {
	var ne net.Error
	return errors.Is(err, os.ErrDeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout())
}

// writeConn sends the buffered headers and body on a connection taken
// over from net/http.
func (s *Server) writeConn(conn net.Conn, buf *bufio.Writer, body []byte) {
	if len(body) <= bodyChunk { // one write, as the add-on's sendall does
		buf.Write(body)
		body = nil
	}
	s.writeChunks(conn.SetWriteDeadline, flushFirst{buf, conn}, body)
}

// flushFirst is a writer that sends what buf holds before its first write.
type flushFirst struct {
	buf  *bufio.Writer
	conn net.Conn
}

func (f flushFirst) Write(b []byte) (int, error) {
	if f.buf.Buffered() > 0 {
		if err := f.buf.Flush(); err != nil {
			return 0, err
		}
	}
	return f.conn.Write(b)
}

// writeChunks writes body, renewing the write deadline before every chunk,
// so a client that stops reading is abandoned after StallTimeout.
func (s *Server) writeChunks(setDeadline func(time.Time) error, w io.Writer, body []byte) {
	for first := true; first || len(body) > 0; first = false {
		if s.cfg.StallTimeout > 0 {
			_ = setDeadline(time.Now().Add(s.cfg.StallTimeout))
		}
		k := min(len(body), bodyChunk)
		if _, err := w.Write(body[:k]); err != nil {
			return
		}
		body = body[k:]
	}
}
