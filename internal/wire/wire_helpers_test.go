package wire

import (
	"bufio"
	"bytes"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// Raw-JSON test helpers, shared by every test in this package: a request is
// sent as bytes and the reply read as bytes, over real loopback HTTP and
// in-process through httptest.ResponseRecorder.

// rawRequest is one HTTP request to the fake.
type rawRequest struct {
	Method  string // "" means POST
	Body    string
	Origin  string // sent as the Origin header unless ""
	Header  map[string]string
	Chunked bool // send the body without a Content-Length
}

// rawReply is the reply as the client sees it.
type rawReply struct {
	Status int
	Header http.Header
	Body   string
}

// sender sends one request to a server built for the test.
type sender func(t testing.TB, req rawRequest) rawReply

// bothWays runs f once over loopback and once in-process, each with a new
// Server built from cfg.
func bothWays(t *testing.T, cfg Config, f func(t *testing.T, srv *Server, send sender)) {
	t.Helper()
	t.Run("loopback", func(t *testing.T) {
		srv := NewServer(cfg)
		ts := httptest.NewServer(srv)
		t.Cleanup(ts.Close)
		f(t, srv, loopbackSender(ts.URL))
	})
	t.Run("in-process", func(t *testing.T) {
		srv := NewServer(cfg)
		f(t, srv, inProcessSender(srv))
	})
}

func (r rawRequest) method() string {
	if r.Method == "" {
		return http.MethodPost
	}
	return r.Method
}

func (r rawRequest) setHeaders(h http.Header) {
	if r.Origin != "" {
		h.Set("Origin", r.Origin)
	}
	for k, v := range r.Header {
		h.Set(k, v)
	}
}

// loopbackSender posts to url with a client that opens a connection per
// request, as AnkiConnect clients must.
func loopbackSender(url string) sender {
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	return func(t testing.TB, r rawRequest) rawReply {
		t.Helper()
		var body io.Reader = strings.NewReader(r.Body)
		if r.Chunked {
			body = io.MultiReader(body) // hides the length: chunked encoding
		}
		req, err := http.NewRequest(r.method(), url, body)
		if err != nil {
			t.Fatal(err)
		}
		r.setHeaders(req.Header)
		var resp *http.Response
		if r.Chunked {
			resp, err = sendWhole(req)
		} else {
			resp, err = client.Do(req)
		}
		if err != nil {
			t.Fatalf("%s %q: %v", r.method(), r.Body, err)
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return rawReply{resp.StatusCode, resp.Header, string(b)}
	}
}

// sendWhole writes req in one write on a new connection and reads the
// reply. For a chunked body, which the fake (like the add-on) does not
// read: net/http's client writes the body after the headers and can fail
// with a broken pipe when the server has replied and closed in between.
func sendWhole(req *http.Request) (*http.Response, error) {
	var buf bytes.Buffer
	if err := req.Write(&buf); err != nil {
		return nil, err
	}
	conn, err := net.Dial("tcp", req.URL.Host)
	if err != nil {
		return nil, err
	}
	if _, err := conn.Write(buf.Bytes()); err != nil {
		conn.Close()
		return nil, err
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), req)
	if err != nil {
		conn.Close()
		return nil, err
	}
	resp.Body = struct {
		io.Reader
		io.Closer
	}{resp.Body, conn}
	return resp, nil
}

// inProcessSender calls srv.ServeHTTP directly.
func inProcessSender(srv http.Handler) sender {
	return func(t testing.TB, r rawRequest) rawReply {
		t.Helper()
		req := httptest.NewRequest(r.method(), "/", strings.NewReader(r.Body))
		if r.Chunked {
			req.ContentLength, req.TransferEncoding = -1, []string{"chunked"}
		}
		r.setHeaders(req.Header)
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		h := http.Header{}
		for k, v := range rec.Result().Header {
			if v != nil { // the suppressed Date header
				h[k] = v
			}
		}
		return rawReply{rec.Code, h, rec.Body.String()}
	}
}

// post sends body as a POST with no Origin and returns the reply body,
// failing the test unless the status is 200.
func post(t testing.TB, send sender, body string) string {
	t.Helper()
	r := send(t, rawRequest{Body: body})
	if r.Status != http.StatusOK {
		t.Fatalf("POST %s: status %d", body, r.Status)
	}
	return r.Body
}
