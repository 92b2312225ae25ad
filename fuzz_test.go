package ankiconnect

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// FuzzDecodeReply checks the reply decoder against encoding/json on any
// input: it never panics; a reply it accepts is valid JSON and decodes to
// what encoding/json gives for the member the shape rules pick (the whole
// reply for a bare result, its "result" member for an envelope); a reply it
// rejects as undecodable is not valid JSON or does not fit the result type;
// and replyIsBusy holds exactly when the reply decodes to the busy error.
//
//	go test -run X -fuzz FuzzDecodeReply -fuzztime 10m -parallel 1 .
func FuzzDecodeReply(f *testing.F) {
	for _, s := range []string{
		`{"result": [1,2], "error": null}`, `[1]`, `{"result": null, "error": "x"}`,
		`{"apiVersion": "AnkiConnect v.6"}`, `AnkiConnect v.6`, ``, `{`, `{"result": {"a": 1}, "error": null, "x": 1}`, `null`,
		`{"error": null, "result": [3]}`, `{"result": [4]}`, `{"error": "collection is not available"}`,
		`{"result": null, "error": "collection is not available"}`, `{"\u0072esult": [5], "error": null}`,
		`{"Default": 1, "result": 2}`, `{"canAdd": false, "error": "dup"}`, `{"result": [1], "error": null} x`,
		`{"result": [1], "error": 5}`, `{"a": "\"error\": null}", "result": null, "error": null}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		_ = decodeReply(b, nil)

		var whole any
		valid := json.Unmarshal(b, &whole) == nil
		want, wantAPI := oracleReply(whole)

		var got any
		err := decodeReply(b, &got)
		var api *APIError
		switch {
		case err == nil:
			if !valid {
				t.Fatalf("accepted a reply that is not JSON: %q", b)
			}
			if wantAPI != nil {
				t.Fatalf("%q: decoded %v, want the API error %q", b, got, *wantAPI)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Fatalf("%q: (-encoding/json +decodeReply)\n%s", b, diff)
			}
		case errors.As(err, &api):
			if !valid || wantAPI == nil || api.Message != *wantAPI {
				t.Fatalf("%q: API error %q, want valid JSON and the error %v", b, api.Message, wantAPI)
			}
		case errors.Is(err, ErrEmptyBodySeen):
			// The banner, JSON or plain text.
		case valid:
			t.Fatalf("%q: valid JSON rejected: %v", b, err)
		}
		if busy := replyIsBusy(b); busy != (api != nil && errors.Is(err, ErrCollectionUnavailable)) {
			t.Fatalf("%q: replyIsBusy = %v, decodeReply = %v", b, busy, err)
		}

		// A typed result: what encoding/json decodes from the member the
		// shape rules pick, or, for an object with "result" but no
		// "error", from either.
		var ids []NoteID // through the client's own ID list parser
		if err := decodeReply(b, &ids); err == nil {
			var members map[string]json.RawMessage
			_ = json.Unmarshal(b, &members)
			var fromResult, fromWhole []NoteID
			okResult := members != nil && json.Unmarshal(members["result"], &fromResult) == nil
			okWhole := json.Unmarshal(b, &fromWhole) == nil
			if !(okResult && cmp.Equal(ids, fromResult)) && !(okWhole && cmp.Equal(ids, fromWhole)) {
				t.Fatalf("%q: decoded %v; encoding/json: result member %v (%v), whole %v (%v)", b, ids, fromResult, okResult, fromWhole, okWhole)
			}
		}
	})
}

// oracleReply applies the shape rules of decodeReply to the reply as
// encoding/json decoded it: the result, or the API error's message.
func oracleReply(whole any) (result any, apiErr *string) {
	m, ok := whole.(map[string]any)
	if !ok {
		return whole, nil
	}
	r, hasResult := m["result"]
	e, hasError := m["error"]
	msg, errString := e.(string)
	errNull := hasError && e == nil
	switch {
	case hasResult && errString, !hasResult && errString && len(m) == 1:
		return nil, &msg
	case hasResult && (errNull || !hasError):
		return r, nil // into any, the result member always fits
	}
	return whole, nil
}
