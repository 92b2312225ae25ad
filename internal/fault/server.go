package fault

import (
	"errors"
	"net"
	"net/http"
	"sync"
	"time"
)

// Server serves a handler on a fixed address that can be taken down and
// brought back up, to play Anki quitting and starting: while it is down,
// connections to its address are refused. It is safe for concurrent use.
type Server struct {
	mu      sync.Mutex
	addr    string
	handler http.Handler
	srv     *http.Server // nil while down
	ln      net.Listener // srv's listener
	serving sync.WaitGroup
	closed  bool
	restart *restart // pending DownFor restart
}

// restart is a DownFor restart waiting to happen.
type restart struct {
	timer *time.Timer
	done  chan error
}

var (
	// ErrClosed is returned by Up after Close.
	ErrClosed = errors.New("fault: server closed")
	// ErrRestartCancelled is what DownFor's channel receives when Up, Down
	// or Close came first.
	ErrRestartCancelled = errors.New("fault: restart cancelled")
)

// Start listens on addr (such as "127.0.0.1:0") and serves h there.
func Start(addr string, h http.Handler) (*Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	s := &Server{addr: ln.Addr().String(), handler: h}
	s.serve(ln)
	return s, nil
}

// serve starts serving ln. Call with s.mu held or before s is shared.
func (s *Server) serve(ln net.Listener) {
	srv := &http.Server{Handler: s.handler, ReadHeaderTimeout: time.Minute}
	s.srv, s.ln = srv, ln
	s.serving.Add(1)
	go func() {
		defer s.serving.Done()
		_ = srv.Serve(ln) // returns when Down or Close closes it
	}()
}

// Addr returns the host:port the server listens on (its port stays the
// same across Down and Up).
func (s *Server) Addr() string { return s.addr }

// URL returns the server's base URL, "http://host:port".
func (s *Server) URL() string { return "http://" + s.addr }

// Down stops listening and closes every open connection, as quitting Anki
// does: requests in progress are cut and new connections are refused. It
// does nothing if the server is already down.
func (s *Server) Down() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.down()
}

func (s *Server) down() {
	s.cancelRestart()
	if s.srv != nil {
		_ = s.srv.Close()
		// srv.Close misses a listener its Serve goroutine has not taken
		// yet (Down right after Start or Up): close it here, so the
		// address refuses connections at once.
		_ = s.ln.Close()
		s.srv, s.ln = nil, nil
	}
}

// Up listens again on the same address. It does nothing if the server is
// up, and fails if the address has been taken meanwhile or after Close.
func (s *Server) Up() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.up()
}

func (s *Server) up() error {
	s.cancelRestart()
	if s.closed {
		return ErrClosed
	}
	if s.srv != nil {
		return nil
	}
	ln, err := net.Listen("tcp", s.addr)
	if err != nil {
		return err
	}
	s.serve(ln)
	return nil
}

// DownFor takes the server down now and brings it back up after d, as Anki
// starting up would. The returned channel receives Up's result (nil on
// success); an Up, Down or Close before then cancels the restart, and the
// channel receives ErrRestartCancelled.
func (s *Server) DownFor(d time.Duration) <-chan error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.down()
	r := &restart{done: make(chan error, 1)}
	r.timer = time.AfterFunc(d, func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.restart != r {
			return // cancelled, and told so
		}
		s.restart = nil
		r.done <- s.up()
	})
	s.restart = r
	return r.done
}

// cancelRestart cancels a pending DownFor restart. Call with s.mu held.
func (s *Server) cancelRestart() {
	if r := s.restart; r != nil {
		r.timer.Stop()
		s.restart = nil
		r.done <- ErrRestartCancelled
	}
}

// Close takes the server down for good and waits until it has stopped
// serving.
func (s *Server) Close() error {
	s.mu.Lock()
	s.closed = true
	s.down()
	s.mu.Unlock()
	s.serving.Wait()
	return nil
}
