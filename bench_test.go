package ankiconnect

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
)

const deckNamesReply = `{"result": ["Default", "French", "French::Verbs", "Japanese", "Japanese::JLPT N5"], "error": null}`

// BenchmarkCall compares one deckNames call through the Client with the
// least a program must do by hand: a net/http POST of a pre-built body and
// one json.Unmarshal into the same result type, against the same server and
// with the same connection policy (no keep-alive, as AnkiConnect closes every
// connection). Report the ratio client/raw.
func BenchmarkCall(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, deckNamesReply)
	}))
	defer srv.Close()
	ctx := context.Background()

	b.Run("raw", func(b *testing.B) {
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.DisableKeepAlives = true
		hc := &http.Client{Transport: t}
		body := []byte(`{"action":"deckNames","version":6}`)
		b.ReportAllocs()
		for b.Loop() {
			req, err := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL, bytes.NewReader(body))
			if err != nil {
				b.Fatal(err)
			}
			req.Header.Set("Content-Type", "application/json")
			resp, err := hc.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			data, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil {
				b.Fatal(err)
			}
			var env struct {
				Result []string
				Error  *string
			}
			if err := json.Unmarshal(data, &env); err != nil || len(env.Result) != 5 {
				b.Fatal(err, env)
			}
		}
	})
	b.Run("client", func(b *testing.B) {
		c := NewClient(WithURL(srv.URL))
		b.ReportAllocs()
		for b.Loop() {
			names, err := c.DeckNames(ctx)
			if err != nil || len(names) != 5 {
				b.Fatal(err, names)
			}
		}
	})
}

// BenchmarkDecodeLarge compares decoding a findNotes reply of 100,000 note
// IDs with a direct json.Unmarshal of the bare array into []int64: the
// envelope must not cost a second decode of the payload.
func BenchmarkDecodeLarge(b *testing.B) {
	var arr bytes.Buffer
	arr.WriteByte('[')
	for i := range 100_000 {
		if i > 0 {
			arr.WriteString(", ")
		}
		arr.WriteString(strconv.FormatInt(1_700_000_000_000+int64(i), 10))
	}
	arr.WriteByte(']')
	bare := arr.Bytes()
	envelope := []byte(`{"result": ` + arr.String() + `, "error": null}`)

	b.Run("direct", func(b *testing.B) {
		b.SetBytes(int64(len(bare)))
		b.ReportAllocs()
		for b.Loop() {
			var ids []int64
			if err := json.Unmarshal(bare, &ids); err != nil || len(ids) != 100_000 {
				b.Fatal(err)
			}
		}
	})
	b.Run("envelope", func(b *testing.B) {
		b.SetBytes(int64(len(bare)))
		b.ReportAllocs()
		for b.Loop() {
			var ids []NoteID
			if err := decodeReply(envelope, &ids); err != nil || len(ids) != 100_000 {
				b.Fatal(err)
			}
		}
	})
}
