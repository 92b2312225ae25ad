package wire

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

const schemaTrailerRoot = "\n\nFailed validating 'type' in schema:\n" +
	"    {'type': 'object',\n" +
	"     'properties': {'action': {'type': 'string', 'minLength': 1},\n" +
	"                    'version': {'type': 'integer'},\n" +
	"                    'params': {'type': 'object'}},\n" +
	"     'required': ['action']}\n\nOn instance:\n    "

// errBody is the add-on's error reply for an ASCII message.
func errBody(msg string) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(msg)
	return `{"result": null, "error": ` + strings.TrimSpace(b.String()) + `}`
}

// firstLine is the error text's first line (jsonschema appends details).
func firstLine(t testing.TB, body string) string {
	t.Helper()
	var env struct {
		Result any     `json:"result"`
		Error  *string `json:"error"`
	}
	if err := json.Unmarshal([]byte(body), &env); err != nil || env.Error == nil || env.Result != nil {
		t.Fatalf("not an error envelope: %s", body)
	}
	line, _, _ := strings.Cut(*env.Error, "\n")
	return line
}

// TestBodyValidation checks decoding and schema errors (wire spec 1.4):
// the spec's table, plus Python's other json.loads messages.
func TestBodyValidation(t *testing.T) {
	tests := []struct {
		name, body, want string
	}{
		{"truncated utf-8", "\xe7\x8c", "'utf-8' codec can't decode bytes in position 0-1: unexpected end of data"},
		{"invalid start byte", "\xff", "'utf-8' codec can't decode byte 0xff in position 0: invalid start byte"},
		{"invalid continuation", `{"action":"é` + "\xe9" + `"}`, "'utf-8' codec can't decode byte 0xe9 in position 13: invalid continuation byte"},
		{"surrogate in utf-8", "\xed\xa0\x80", "'utf-8' codec can't decode byte 0xed in position 0: invalid continuation byte"},
		{"four-byte cut", "[\xf0\x9f\x98", "'utf-8' codec can't decode bytes in position 1-3: unexpected end of data"},
		{"bom", "\xef\xbb\xbf{}", "Unexpected UTF-8 BOM (decode using utf-8-sig): line 1 column 1 (char 0)"},
		{"not json", "not json", "Expecting value: line 1 column 1 (char 0)"},
		{"white space only", "  ", "Expecting value: line 1 column 3 (char 2)"},
		{"unquoted key", "{1: 2}", "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"},
		{"extra data", `{"action":"version"},`, "Extra data: line 1 column 21 (char 20)"},
		{"missing colon", `{"a" 1}`, "Expecting ':' delimiter: line 1 column 6 (char 5)"},
		{"missing comma", `{"a": 1 "b": 2}`, "Expecting ',' delimiter: line 1 column 9 (char 8)"},
		{"code point positions", `{"é": 1 x}`, "Expecting ',' delimiter: line 1 column 9 (char 8)"},
		{"open array", `[1, 2`, "Expecting ',' delimiter: line 1 column 6 (char 5)"},
		{"open object", `{`, "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"},
		{"unterminated string", `"abc`, "Unterminated string starting at: line 1 column 1 (char 0)"},
		{"bad escape", `"\x"`, "Invalid \\escape: line 1 column 2 (char 1)"},
		{"bad unicode escape", `{"action": "x\u12"}`, "Invalid \\uXXXX escape: line 1 column 15 (char 14)"},
		{"control character", "{\"action\": \"a\tb\"}", "Invalid control character at: line 1 column 14 (char 13)"},
		{"trailing comma object", "{\n  \"action\": \"version\",\n}", "Illegal trailing comma before end of object: line 2 column 22 (char 23)"},
		{"trailing comma array", `[1,]`, "Illegal trailing comma before end of array: line 1 column 3 (char 2)"},
		{"leading zero", `01`, "Extra data: line 1 column 2 (char 1)"},
		{"dangling exponent", `1e`, "Extra data: line 1 column 2 (char 1)"},
		{"float instance", "1.2", "1.2 is not of type 'object'"},
		{"list instance", "[]", "[] is not of type 'object'"},
		{"string instance", `"x"`, "'x' is not of type 'object'"},
		{"empty object", "{}", "'action' is a required property"},
		{"required beats property errors", `{"version": "6"}`, "'action' is a required property"},
		{"action not a string", `{"action": 1}`, "1 is not of type 'string'"},
		{"action repr", `{"action": {"a": [1, 2.5e20, null, true, "it's", 1E2]}}`, `{'a': [1, 2.5e+20, None, True, "it's", 100.0]} is not of type 'string'`},
		{"empty action", `{"action": ""}`, "'' should be non-empty"},
		{"type error beats minLength", `{"action": "", "version": "6"}`, "'6' is not of type 'integer'"},
		{"params list", `{"action":"x","params":[]}`, "[] is not of type 'object'"},
		{"params null", `{"action":"x","params":null}`, "None is not of type 'object'"},
		{"version string", `{"action":"x","version":"6"}`, "'6' is not of type 'integer'"},
		{"version bool", `{"action":"x","version":true}`, "True is not of type 'integer'"},
		{"version fraction", `{"action":"x","version":6.5}`, "6.5 is not of type 'integer'"},
		{"duplicate key, last wins", `{"action": "version", "action": 2}`, "2 is not of type 'string'"},
	}
	bothWays(t, Config{}, func(t *testing.T, _ *Server, send sender) {
		for _, tc := range tests {
			if got := firstLine(t, post(t, send, tc.body)); got != tc.want {
				t.Errorf("%s: body %q\n got %q\nwant %q", tc.name, tc.body, got, tc.want)
			}
		}
	})
}

// TestSchemaErrorDetails checks the whole text jsonschema prints.
func TestSchemaErrorDetails(t *testing.T) {
	tests := []struct{ body, want string }{
		{"1.2", "1.2 is not of type 'object'" + schemaTrailerRoot + "1.2"},
		{`{"action": 1}`, "1 is not of type 'string'\n\nFailed validating 'type' in schema['properties']['action']:\n" +
			"    {'type': 'string', 'minLength': 1}\n\nOn instance['action']:\n    1"},
		{`{"action": ""}`, "'' should be non-empty\n\nFailed validating 'minLength' in schema['properties']['action']:\n" +
			"    {'type': 'string', 'minLength': 1}\n\nOn instance['action']:\n    ''"},
		{`{}`, "'action' is a required property" + strings.Replace(schemaTrailerRoot, "'type'", "'required'", 1) + "{}"},
	}
	send := inProcessSender(NewServer(Config{}))
	for _, tc := range tests {
		if diff := cmp.Diff(errBody(tc.want), post(t, send, tc.body)); diff != "" {
			t.Errorf("body %s (-want +got):\n%s", tc.body, diff)
		}
	}
}

// TestEnvelopes checks the banner, version defaults and the reply shapes
// (wire spec 1.2, 1.4, 1.5), byte for byte.
func TestEnvelopes(t *testing.T) {
	tests := []struct {
		name string
		req  rawRequest
		want string
	}{
		{"empty POST is the banner", rawRequest{}, `{"apiVersion": "AnkiConnect v.6"}`},
		{"GET without body is the banner", rawRequest{Method: "GET"}, `{"apiVersion": "AnkiConnect v.6"}`},
		{"chunked body reads as empty", rawRequest{Body: `{"action":"version"}`, Chunked: true}, `{"apiVersion": "AnkiConnect v.6"}`},
		{"GET with a body runs it", rawRequest{Method: "GET", Body: `{"action":"version","version":6}`}, `{"result": 6, "error": null}`},
		{"PUT runs it", rawRequest{Method: "PUT", Body: `{"action":"version"}`}, `6`},
		{"version defaults to 4: bare", rawRequest{Body: `{"action":"version"}`}, `6`},
		{"version 4 bare", rawRequest{Body: `{"action":"version","version":4}`}, `6`},
		{"version 0 bare", rawRequest{Body: `{"action":"version","version":0}`}, `6`},
		{"negative version bare", rawRequest{Body: `{"action":"version","version":-3}`}, `6`},
		{"version 5 wrapped", rawRequest{Body: `{"action":"version","version":5}`}, `{"result": 6, "error": null}`},
		{"version 6.0 accepted", rawRequest{Body: `{"action":"version","version":6.0}`}, `{"result": 6, "error": null}`},
		{"version 99 wrapped", rawRequest{Body: `{"action":"version","version":99}`}, `{"result": 6, "error": null}`},
		{"null result bare", rawRequest{Body: `{"action":"sync"}`}, `null`},
		{"v4 error has the envelope", rawRequest{Body: `{"action":"bogus"}`}, errBody("unsupported action")},
		{"v6 error", rawRequest{Body: `{"action":"bogus","version":6}`}, errBody("unsupported action")},
		{"case-sensitive names", rawRequest{Body: `{"action":"Version","version":6}`}, errBody("unsupported action")},
		{"helper methods are not actions", rawRequest{Body: `{"action":"handler","version":6}`}, errBody("unsupported action")},
		{"unknown top-level keys ignored", rawRequest{Body: `{"action":"version","version":6,"extra":[1]}`}, `{"result": 6, "error": null}`},
		{"unexpected keyword", rawRequest{Body: `{"action":"version","version":6,"params":{"bogus":1}}`},
			errBody("AnkiConnect.version() got an unexpected keyword argument 'bogus'")},
		{"first unexpected keyword in request order", rawRequest{Body: `{"action":"loadProfile","params":{"zz":1,"name":"x","aa":2}}`},
			errBody("AnkiConnect.loadProfile() got an unexpected keyword argument 'zz'")},
		{"unexpected beats missing", rawRequest{Body: `{"action":"loadProfile","params":{"bogus":1}}`},
			errBody("AnkiConnect.loadProfile() got an unexpected keyword argument 'bogus'")},
		{"self collides", rawRequest{Body: `{"action":"version","params":{"self":1}}`},
			errBody("AnkiConnect.version() got multiple values for argument 'self'")},
		{"missing one", rawRequest{Body: `{"action":"loadProfile","version":6}`},
			errBody("AnkiConnect.loadProfile() missing 1 required positional argument: 'name'")},
		{"missing two (inside multi, where nothing injects them)", rawRequest{Body: `{"action":"multi","version":6,"params":{"actions":[{"action":"requestPermission","version":6}]}}`},
			`{"result": [` + errBody("AnkiConnect.requestPermission() missing 2 required positional arguments: 'origin' and 'allowed'") + `], "error": null}`},
	}
	bothWays(t, Config{}, func(t *testing.T, _ *Server, send sender) {
		for _, tc := range tests {
			r := send(t, tc.req)
			if r.Status != http.StatusOK || r.Body != tc.want {
				t.Errorf("%s: got %d %s\nwant 200 %s", tc.name, r.Status, r.Body, tc.want)
			}
		}
	})
}

// TestReplyHeaders checks the headers of a reply and of the OPTIONS
// preflight (wire spec 1.2).
func TestReplyHeaders(t *testing.T) {
	bothWays(t, Config{}, func(t *testing.T, _ *Server, send sender) {
		body := `{"action":"version","version":6}`
		r := send(t, rawRequest{Body: body})
		want := http.Header{
			"Content-Type":                 {"application/json"},
			"Access-Control-Allow-Origin":  {"http://localhost"},
			"Access-Control-Allow-Headers": {"*"},
			"Content-Length":               {"28"},
		}
		if diff := cmp.Diff(want, r.Header); diff != "" {
			t.Errorf("reply headers (-want +got):\n%s", diff)
		}
		r = send(t, rawRequest{Method: "OPTIONS", Origin: "https://evil.example", Body: body,
			Header: map[string]string{"Access-Control-Request-Private-Network": "true"}})
		want["Content-Length"] = []string{"0"}
		want["Access-Control-Allow-Private-Network"] = []string{"true"}
		if diff := cmp.Diff(want, r.Header); diff != "" || r.Status != http.StatusOK || r.Body != "" {
			t.Errorf("OPTIONS: status %d body %q, headers (-want +got):\n%s", r.Status, r.Body, diff)
		}
		r = send(t, rawRequest{Method: "options"})
		if r.Status != http.StatusOK || r.Body != "" || r.Header.Get("Access-Control-Allow-Private-Network") != "" {
			t.Errorf("lower-case options: %d %q %v", r.Status, r.Body, r.Header)
		}
	})
}

// TestOneRequestPerConnection: over a raw socket, the reply is followed by
// the server closing the connection, and it has no Connection header (wire
// spec 1.1).
func TestOneRequestPerConnection(t *testing.T) {
	ts := httptest.NewServer(NewServer(Config{}))
	t.Cleanup(ts.Close)
	conn, err := net.Dial("tcp", ts.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	body := `{"action":"version","version":6}`
	if _, err := io.WriteString(conn, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: "+strconv.Itoa(len(body))+"\r\n\r\n"+body); err != nil {
		t.Fatal(err)
	}
	// The deadline only keeps a server that never closes from hanging the test.
	_ = conn.SetReadDeadline(time.Now().Add(time.Minute))
	got, err := io.ReadAll(conn)
	if err != nil {
		t.Fatalf("reading until the server closes: %v (read %q)", err, got)
	}
	want := "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nAccess-Control-Allow-Origin: http://localhost\r\n" +
		"Access-Control-Allow-Headers: *\r\nContent-Length: 28\r\n\r\n{\"result\": 6, \"error\": null}"
	if diff := cmp.Diff(want, string(got)); diff != "" {
		t.Errorf("bytes on the connection (-want +got):\n%s", diff)
	}
}

// TestCORS checks web.py's origin rules (wire spec 1.3).
func TestCORS(t *testing.T) {
	const versionReq = `{"action":"version","version":6}`
	tests := []struct {
		name    string
		origins []string
		origin  string
		body    string
		allowed bool
		acao    string
	}{
		{"no origin", nil, "", versionReq, true, "http://localhost"},
		{"listed", nil, "http://localhost", versionReq, true, "http://localhost"},
		{"127.0.0.1", nil, "http://127.0.0.1", versionReq, true, "http://127.0.0.1"},
		{"https 127.0.0.1", nil, "https://127.0.0.1", versionReq, true, "https://127.0.0.1"},
		{"127.0.0.1 with port", nil, "http://127.0.0.1:3000", versionReq, true, "http://127.0.0.1:3000"},
		{"https 127.0.0.1 with port (add-on bug)", nil, "https://127.0.0.1:3000", versionReq, false, "http://localhost"},
		{"localhost with port", nil, "http://localhost:3000", versionReq, false, "http://localhost"},
		{"chrome extension", nil, "chrome-extension://abcdef", versionReq, true, "chrome-extension://abcdef"},
		{"firefox extension", nil, "moz-extension://abcdef", versionReq, true, "moz-extension://abcdef"},
		{"safari extension", nil, "safari-web-extension://abcdef", versionReq, true, "safari-web-extension://abcdef"},
		{"other site", nil, "https://example.com", versionReq, false, "http://localhost"},
		{"disallowed with bad JSON", nil, "https://example.com", "not json", false, "http://localhost"},
		{"disallowed with empty body", nil, "https://example.com", "", false, "http://localhost"},
		{"star", []string{"*"}, "https://example.com", versionReq, true, "*"},
		{"star without origin", []string{"*"}, "", versionReq, true, "*"},
		{"custom list", []string{"https://example.com"}, "https://example.com", versionReq, true, "https://example.com"},
		{"custom list, no localhost extras", []string{"https://example.com"}, "http://127.0.0.1", versionReq, false, "http://localhost"},
		{"custom list, no origin", []string{"https://example.com"}, "", versionReq, true, "http://localhost"},
	}
	for _, tc := range tests {
		bothWays(t, Config{Origins: tc.origins}, func(t *testing.T, _ *Server, send sender) {
			r := send(t, rawRequest{Body: tc.body, Origin: tc.origin})
			if tc.allowed {
				if r.Status != http.StatusOK || r.Header.Get("Access-Control-Allow-Origin") != tc.acao {
					t.Errorf("%s: got %d ACAO %q, want 200 %q", tc.name, r.Status, r.Header.Get("Access-Control-Allow-Origin"), tc.acao)
				}
				return
			}
			want := http.Header{"Access-Control-Allow-Origin": {tc.acao}, "Access-Control-Allow-Headers": {"*"}}
			if diff := cmp.Diff(want, r.Header); r.Status != http.StatusForbidden || r.Body != "" || diff != "" {
				t.Errorf("%s: got %d %q, want 403 with no body; headers (-want +got):\n%s", tc.name, r.Status, r.Body, diff)
			}
		})
	}
}

// TestAPIKey checks the key rules (wire spec 1.5).
func TestAPIKey(t *testing.T) {
	keyErr := errBody("valid api key must be provided")
	tests := []struct {
		name, apiKey, body, want string
	}{
		{"no key configured, none sent", "", `{"action":"version"}`, `6`},
		{"no key configured, null sent", "", `{"action":"version","key":null}`, `6`},
		{"no key configured, one sent", "", `{"action":"version","key":"x"}`, keyErr},
		{"key missing", "secret", `{"action":"version"}`, keyErr},
		{"key wrong", "secret", `{"action":"version","key":"nope"}`, keyErr},
		{"key not a string", "secret", `{"action":"version","key":["secret"]}`, keyErr},
		{"key right", "secret", `{"action":"version","key":"secret"}`, `6`},
		{"checked before the action lookup", "secret", `{"action":"bogus"}`, keyErr},
		{"requestPermission needs none, however escaped", "secret", `{"action":"request\u0050ermission","version":6}`,
			`{"result": {"permission": "granted", "requireApikey": true, "version": 6}, "error": null}`},
		{"inner actions need their own key", "secret", `{"action":"multi","key":"secret","params":{"actions":[{"action":"version"},{"action":"version","key":"secret"}]}}`,
			`[` + keyErr + `, 6]`},
	}
	for _, tc := range tests {
		bothWays(t, Config{APIKey: tc.apiKey}, func(t *testing.T, _ *Server, send sender) {
			if got := post(t, send, tc.body); got != tc.want {
				t.Errorf("%s:\n got %s\nwant %s", tc.name, got, tc.want)
			}
		})
	}
}

// TestMulti checks that multi runs every element through the full handler
// (wire spec 1.5).
func TestMulti(t *testing.T) {
	tests := []struct {
		name, body, want string
	}{
		{"upstream test_multi_request", `{"action":"multi","version":6,"params":{"actions":[{"action":"version","version":6,"params":{}},{"action":"version","version":6,"params":{}},{"action":"version","version":6,"params":{}}]}}`,
			`{"result": [{"result": 6, "error": null}, {"result": 6, "error": null}, {"result": 6, "error": null}], "error": null}`},
		{"inner version defaults to 4", `{"action":"multi","version":6,"params":{"actions":[{"action":"version"},{"action":"bogus"}]}}`,
			`{"result": [6, ` + errBody("unsupported action") + `], "error": null}`},
		{"outer v4 is a bare list", `{"action":"multi","params":{"actions":[{"action":"version","version":6}]}}`,
			`[{"result": 6, "error": null}]`},
		{"missing inner action", `{"action":"multi","params":{"actions":[{}]}}`, `[` + errBody("unsupported action") + `]`},
		{"inner action not a string", `{"action":"multi","params":{"actions":[{"action":7}]}}`, `[` + errBody("unsupported action") + `]`},
		{"inner params a list", `{"action":"multi","params":{"actions":[{"action":"version","params":[]}]}}`,
			`[` + errBody("2055492159.AnkiConnect.version() argument after ** must be a mapping, not list") + `]`},
		{"inner params null", `{"action":"multi","params":{"actions":[{"action":"version","params":null}]}}`,
			`[` + errBody("2055492159.AnkiConnect.version() argument after ** must be a mapping, not NoneType") + `]`},
		{"inner empty action skips schema", `{"action":"multi","params":{"actions":[{"action":""}]}}`, `[` + errBody("unsupported action") + `]`},
		{"inner version a string fails after running", `{"action":"multi","params":{"actions":[{"action":"version","version":"6"}]}}`,
			`[` + errBody("'<=' not supported between instances of 'str' and 'int'") + `]`},
		{"inner version null", `{"action":"multi","params":{"actions":[{"action":"version","version":null}]}}`,
			`[` + errBody("'<=' not supported between instances of 'NoneType' and 'int'") + `]`},
		{"inner version true is 1", `{"action":"multi","params":{"actions":[{"action":"version","version":true}]}}`, `[6]`},
		{"string element fails the whole multi", `{"action":"multi","version":6,"params":{"actions":[{"action":"version"},"version"]}}`,
			errBody("'str' object has no attribute 'get'")},
		{"number element", `{"action":"multi","params":{"actions":[1]}}`, errBody("'int' object has no attribute 'get'")},
		{"null element", `{"action":"multi","params":{"actions":[null]}}`, errBody("'NoneType' object has no attribute 'get'")},
		{"list element", `{"action":"multi","params":{"actions":[[]]}}`, errBody("'list' object has no attribute 'get'")},
		{"actions an object iterates its keys", `{"action":"multi","params":{"actions":{"action":"version"}}}`, errBody("'str' object has no attribute 'get'")},
		{"actions an empty object", `{"action":"multi","params":{"actions":{}}}`, `[]`},
		{"actions an empty string", `{"action":"multi","params":{"actions":""}}`, `[]`},
		{"actions a number", `{"action":"multi","params":{"actions":3}}`, errBody("'int' object is not iterable")},
		{"actions null", `{"action":"multi","params":{"actions":null}}`, errBody("'NoneType' object is not iterable")},
		{"actions missing", `{"action":"multi"}`, errBody("AnkiConnect.multi() missing 1 required positional argument: 'actions'")},
		{"empty list", `{"action":"multi","version":6,"params":{"actions":[]}}`, `{"result": [], "error": null}`},
		{"nested multi", `{"action":"multi","params":{"actions":[{"action":"multi","version":6,"params":{"actions":[{"action":"version"},{"action":"version","version":6}]}}]}}`,
			`[{"result": [6, {"result": 6, "error": null}], "error": null}]`},
		{"nested failure stays inside", `{"action":"multi","params":{"actions":[{"action":"multi","params":{"actions":[5]}},{"action":"version"}]}}`,
			`[` + errBody("'int' object has no attribute 'get'") + `, 6]`},
	}
	bothWays(t, Config{}, func(t *testing.T, _ *Server, send sender) {
		for _, tc := range tests {
			if got := post(t, send, tc.body); got != tc.want {
				t.Errorf("%s:\n got %s\nwant %s", tc.name, got, tc.want)
			}
		}
	})
}

// TestMultiSideEffectsSurviveVersionError: a bad inner version fails after
// the action ran, and nothing is rolled back.
func TestMultiSideEffectsSurviveVersionError(t *testing.T) {
	bothWays(t, Config{Profiles: []string{"A", "B"}}, func(t *testing.T, _ *Server, send sender) {
		got := post(t, send, `{"action":"multi","params":{"actions":[{"action":"loadProfile","version":"6","params":{"name":"B"}}]}}`)
		if want := `[` + errBody("'<=' not supported between instances of 'str' and 'int'") + `]`; got != want {
			t.Fatalf("got %s, want %s", got, want)
		}
		if got := post(t, send, `{"action":"getActiveProfile"}`); got != `"B"` {
			t.Errorf("active profile after the failed reply: %s, want \"B\"", got)
		}
	})
}

// TestRequestPermission checks the origin handling and the prompt that
// stands in for Anki's dialog (wire spec 1.3).
func TestRequestPermission(t *testing.T) {
	const granted = `{"result": {"permission": "granted", "requireApikey": false, "version": 6}, "error": null}`
	const denied = `{"result": {"permission": "denied"}, "error": null}`
	const req = `{"action":"requestPermission","version":6,"params":{"origin":"forged","allowed":true}}`

	t.Run("allowed origin", func(t *testing.T) {
		bothWays(t, Config{}, func(t *testing.T, srv *Server, send sender) {
			r := send(t, rawRequest{Body: `{"action":"requestPermission","version":6}`, Origin: "http://localhost"})
			if r.Body != granted || r.Header.Get("Access-Control-Allow-Origin") != "http://localhost" {
				t.Errorf("got %s (ACAO %q)", r.Body, r.Header.Get("Access-Control-Allow-Origin"))
			}
			log := srv.Log()
			if got := string(log[len(log)-1].Params); got != `{"allowed":true,"origin":"http://localhost"}` {
				t.Errorf("injected params %s", got)
			}
		})
	})
	t.Run("disallowed origin, default refusal, forged params overwritten", func(t *testing.T) {
		bothWays(t, Config{}, func(t *testing.T, srv *Server, send sender) {
			r := send(t, rawRequest{Body: req, Origin: "https://site.example"})
			if r.Status != http.StatusOK || r.Body != denied || r.Header.Get("Access-Control-Allow-Origin") != "https://site.example" {
				t.Errorf("got %d %s (ACAO %q)", r.Status, r.Body, r.Header.Get("Access-Control-Allow-Origin"))
			}
			log := srv.Log()
			if got := string(log[len(log)-1].Params); got != `{"origin":"https://site.example","allowed":false}` {
				t.Errorf("injected params %s", got)
			}
		})
	})
	t.Run("granted by the prompt, then allowed", func(t *testing.T) {
		var asked []string
		cfg := Config{Prompt: func(origin string) (bool, bool) { asked = append(asked, origin); return true, false }}
		bothWays(t, cfg, func(t *testing.T, srv *Server, send sender) {
			asked = nil
			if r := send(t, rawRequest{Body: req, Origin: "https://site.example"}); r.Body != granted {
				t.Errorf("first request: %s", r.Body)
			}
			if r := send(t, rawRequest{Body: `{"action":"version"}`, Origin: "https://site.example"}); r.Status != http.StatusOK || r.Body != "6" {
				t.Errorf("after the grant: %d %s", r.Status, r.Body)
			}
			if !slices.Equal(asked, []string{"https://site.example"}) || !slices.Contains(srv.Origins(), "https://site.example") {
				t.Errorf("prompted for %v; origins %v", asked, srv.Origins())
			}
		})
	})
	t.Run("refused with ignore, then denied without asking", func(t *testing.T) {
		var asked int
		cfg := Config{Prompt: func(string) (bool, bool) { asked++; return false, true }}
		bothWays(t, cfg, func(t *testing.T, _ *Server, send sender) {
			asked = 0
			for range 2 {
				if r := send(t, rawRequest{Body: req, Origin: "https://site.example"}); r.Body != denied {
					t.Errorf("got %s", r.Body)
				}
			}
			if r := send(t, rawRequest{Body: `{"action":"version"}`, Origin: "https://site.example"}); r.Status != http.StatusForbidden {
				t.Errorf("an ignored origin still may not call actions: %d", r.Status)
			}
			if asked != 1 {
				t.Errorf("prompted %d times, want 1", asked)
			}
		})
	})
	t.Run("disallowed origin with bad JSON is 403", func(t *testing.T) {
		bothWays(t, Config{}, func(t *testing.T, _ *Server, send sender) {
			r := send(t, rawRequest{Body: `{"action":"requestPermission",}`, Origin: "https://site.example"})
			if r.Status != http.StatusForbidden || r.Header.Get("Access-Control-Allow-Origin") != "http://localhost" {
				t.Errorf("got %d, ACAO %q", r.Status, r.Header.Get("Access-Control-Allow-Origin"))
			}
		})
	})
}

// TestMiscActions checks version, apiReflect, the profiles, sync and
// reloadCollection (wire spec 4.7, actions.tsv).
func TestMiscActions(t *testing.T) {
	tests := []struct{ name, body, want string }{
		{"version", `{"action":"version","version":6}`, `{"result": 6, "error": null}`},
		{"reflect some", `{"action":"apiReflect","version":6,"params":{"scopes":["actions"],"actions":["version","bogus","multi","version"]}}`,
			`{"result": {"scopes": ["actions"], "actions": ["version", "multi", "version"]}, "error": null}`},
		{"reflect escaped scope", `{"action":"apiReflect","version":6,"params":{"scopes":[1,"\u0061ctions"],"actions":["version"]}}`,
			`{"result": {"scopes": ["actions"], "actions": ["version"]}, "error": null}`},
		{"reflect no scope", `{"action":"apiReflect","version":6,"params":{"scopes":["other"],"actions":["version"]}}`,
			`{"result": {"scopes": []}, "error": null}`},
		{"reflect empty actions", `{"action":"apiReflect","version":6,"params":{"scopes":["actions"],"actions":[]}}`,
			`{"result": {"scopes": ["actions"], "actions": []}, "error": null}`},
		{"reflect scopes null", `{"action":"apiReflect","version":6,"params":{"scopes":null}}`, errBody("scopes has invalid value")},
		{"reflect scopes absent", `{"action":"apiReflect","version":6}`, errBody("scopes has invalid value")},
		{"reflect scopes a string", `{"action":"apiReflect","version":6,"params":{"scopes":"actions"}}`, errBody("scopes has invalid value")},
		{"reflect actions a string", `{"action":"apiReflect","version":6,"params":{"scopes":["actions"],"actions":"version"}}`, errBody("actions has invalid value")},
		{"reflect actions not names", `{"action":"apiReflect","version":6,"params":{"scopes":["actions"],"actions":[1]}}`, errBody("attribute name must be string, not 'int'")},
		{"profiles sorted", `{"action":"getProfiles"}`, `["Alice", "User 1", "Zed"]`},
		{"active profile", `{"action":"getActiveProfile"}`, `"User 1"`},
		{"load unknown profile", `{"action":"loadProfile","params":{"name":"Nobody"}}`, `false`},
		{"load a non-string", `{"action":"loadProfile","params":{"name":1}}`, `false`},
		{"sync", `{"action":"sync","version":6}`, `{"result": null, "error": null}`},
		{"reloadCollection", `{"action":"reloadCollection","version":6}`, `{"result": null, "error": null}`},
	}
	bothWays(t, Config{Profiles: []string{"User 1", "Zed", "Alice"}}, func(t *testing.T, srv *Server, send sender) {
		for _, tc := range tests {
			if got := post(t, send, tc.body); got != tc.want {
				t.Errorf("%s:\n got %s\nwant %s", tc.name, got, tc.want)
			}
		}
		if got := post(t, send, `{"action":"loadProfile","params":{"name":"Zed"}}`); got != "true" {
			t.Fatalf("loadProfile Zed: %s", got)
		}
		if got := post(t, send, `{"action":"getActiveProfile"}`); got != `"Zed"` {
			t.Errorf("active after loadProfile: %s", got)
		}
		var zed, user1 any
		_ = srv.Do(context.Background(), func(e *Env) error { zed = e.Col; return nil })
		srv.profileForTest("User 1")
		_ = srv.Do(context.Background(), func(e *Env) error { user1 = e.Col; return nil })
		if zed == user1 {
			t.Error("two profiles share one collection")
		}
	})
}

// profileForTest switches the active profile without a request.
func (s *Server) profileForTest(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.active = name
}

// TestAPIReflectAll: with actions null every registered action is listed,
// sorted as dir() sorts, and each is a real AnkiConnect action.
func TestAPIReflectAll(t *testing.T) {
	send := inProcessSender(NewServer(Config{}))
	var got struct {
		Result struct{ Scopes, Actions []string }
	}
	body := post(t, send, `{"action":"apiReflect","version":6,"params":{"scopes":["actions"],"actions":null}}`)
	if err := json.Unmarshal([]byte(body), &got); err != nil {
		t.Fatal(err)
	}
	if !slices.IsSorted(got.Result.Actions) || len(got.Result.Actions) != len(registry) {
		t.Errorf("not every registered action, sorted: %v", got.Result.Actions)
	}
	known := strings.Fields(allAnkiConnectActions)
	for _, name := range got.Result.Actions {
		if !slices.Contains(known, name) {
			t.Errorf("%s is not an AnkiConnect action", name)
		}
	}
	for _, name := range strings.Fields("apiReflect getActiveProfile getProfiles loadProfile multi reloadCollection requestPermission sync version") {
		if !slices.Contains(got.Result.Actions, name) {
			t.Errorf("%s missing", name)
		}
	}
	if len(known) != 122 {
		t.Fatalf("the test's list has %d actions, want 122", len(known))
	}
}

// allAnkiConnectActions lists the add-on's 122 actions (actions.tsv).
const allAnkiConnectActions = `getEaseFactors setEaseFactors setSpecificValueOfCard suspend unsuspend suspended
areSuspended areDue getIntervals findCards cardsToNotes cardsModTime cardsInfo forgetCards relearnCards answerCards
setDueDate deckNames deckNamesAndIds getDecks createDeck changeDeck deleteDecks getDeckConfig saveDeckConfig
setDeckConfigId cloneDeckConfigId removeDeckConfigId getDeckStats deckNameFromId guiBrowse guiSelectCard
guiSelectNote guiSelectedNotes guiAddCards guiEditNote guiAddNoteSetData guiReviewActive guiCurrentCard
guiStartCardTimer guiShowQuestion guiShowAnswer guiAnswerCard guiUndo guiDeckOverview guiDeckBrowser guiDeckReview
guiImportFile guiExitAnki guiCheckDatabase guiPlayAudio storeMediaFile retrieveMediaFile getMediaFilesNames
getMediaDirPath deleteMediaFile requestPermission version apiReflect sync getProfiles getActiveProfile loadProfile
multi exportPackage importPackage reloadCollection modelNames modelNamesAndIds findModelsById findModelsByName
modelNameFromId modelFieldNames modelFieldDescriptions modelFieldFonts modelFieldsOnTemplates createModel
modelTemplates modelStyling updateModelTemplates updateModelStyling findAndReplaceInModels modelTemplateRename
modelTemplateReposition modelTemplateAdd modelTemplateRemove modelFieldRename modelFieldReposition modelFieldAdd
modelFieldRemove modelFieldSetFont modelFieldSetFontSize modelFieldSetDescription addNote addNotes canAddNote
canAddNoteWithErrorDetail canAddNotes canAddNotesWithErrorDetail updateNoteFields updateNote updateNoteModel
updateNoteTags getNoteTags addTags removeTags getTags clearUnusedTags replaceTags replaceTagsInAllNotes findNotes
notesInfo notesModTime deleteNotes removeEmptyNotes getNumCardsReviewedToday getNumCardsReviewedByDay
getCollectionStatsHTML cardReviews getReviewsOfCards getLatestReviewID insertReviews`

// TestPythonEncoding: replies are json.dumps bytes (ensure_ascii).
func TestPythonEncoding(t *testing.T) {
	bothWays(t, Config{Profiles: []string{"Ünï <&> \"q\" 😀"}}, func(t *testing.T, _ *Server, send sender) {
		want := `{"result": "\u00dcn\u00ef <&> \"q\" \ud83d\ude00", "error": null}`
		if got := post(t, send, `{"action":"getActiveProfile","version":6}`); got != want {
			t.Errorf("got %s\nwant %s", got, want)
		}
	})
}

// TestPythonEncodingOfMarshalers: values with their own MarshalJSON (which
// json.Marshal HTML-escapes inside) still reach the wire with <, > and &
// as json.dumps writes them.
func TestPythonEncodingOfMarshalers(t *testing.T) {
	tests := []struct{ name, body, want string }{
		{"ordered object (modelTemplates)", `{"action":"modelTemplates","version":6,"params":{"modelName":"Basic"}}`,
			`{"result": {"Card 1": {"Front": "{{Front}}", "Back": "{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}"}}, "error": null}`},
		{"note fields (notesInfo)", `{"action":"notesInfo","version":6,"params":{"query":"deck:Default"}}`,
			`"fields": {"Front": {"value": "<b>a</b> & \\u003c", "order": 0}, "Back": {"value": "\u00e9<br>", "order": 1}}`},
		{"model JSON (findModelsByName)", `{"action":"findModelsByName","version":6,"params":{"modelNames":["Basic"]}}`,
			`"afmt": "{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}"`},
	}
	bothWays(t, Config{}, func(t *testing.T, _ *Server, send sender) {
		add := `{"action":"addNote","version":6,"params":{"note":{"deckName":"Default","modelName":"Basic",` +
			`"fields":{"Front":"<b>a</b> & \\u003c","Back":"é<br>"}}}}`
		if got := firstResult(t, post(t, send, add)); got == "null" {
			t.Fatal("addNote failed")
		}
		for _, tc := range tests {
			if got := post(t, send, tc.body); !strings.Contains(got, tc.want) {
				t.Errorf("%s:\n got %s\nwant it to contain %s", tc.name, got, tc.want)
			}
		}
	})
}

// firstResult is the raw result member of a version 6 reply.
func firstResult(t testing.TB, body string) string {
	t.Helper()
	var env struct{ Result json.RawMessage }
	if err := json.Unmarshal([]byte(body), &env); err != nil {
		t.Fatalf("not a reply: %s", body)
	}
	return string(env.Result)
}

// TestBodyLimit: a body over the limit gets an error envelope.
func TestBodyLimit(t *testing.T) {
	bothWays(t, Config{BodyLimit: 17}, func(t *testing.T, _ *Server, send sender) {
		body := `{"action":"version","version":6}`
		if got, want := post(t, send, body), errBody("request body of 32 bytes exceeds the fake's limit of 17 bytes"); got != want {
			t.Errorf("got %s, want %s", got, want)
		}
		if got := post(t, send, `{"action":"sync"}`); got != "null" {
			t.Errorf("a body within the limit: %s", got)
		}
	})
}

// TestLog: every handled action is logged, inner multi actions included,
// with its version, params and error.
func TestLog(t *testing.T) {
	srv := NewServer(Config{})
	send := inProcessSender(srv)
	post(t, send, `{"action":"multi","version":6,"params":{"actions":[{"action":"version","params":{}},{"action":"bogus","version":5}]}}`)
	post(t, send, `not json`)
	want := []LogEntry{
		{Action: "version", Params: json.RawMessage(`{}`)},
		{Action: "bogus", Version: json.RawMessage(`5`), Params: json.RawMessage(`{}`), Error: "unsupported action"},
		{Action: "multi", Version: json.RawMessage(`6`), Params: json.RawMessage(`{"actions":[{"action":"version","params":{}},{"action":"bogus","version":5}]}`)},
	}
	got := srv.Log()
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("log (-want +got):\n%s", diff)
	}
	srv.ClearLog()
	if n := len(srv.Log()); n != 0 {
		t.Errorf("%d entries after ClearLog", n)
	}
}

// TestLogLimit keeps the newest entries.
func TestLogLimit(t *testing.T) {
	srv := NewServer(Config{LogLimit: 3})
	send := inProcessSender(srv)
	for i := range 10 {
		post(t, send, `{"action":"version","version":`+string(rune('0'+i))+`}`)
	}
	var versions []string
	for _, e := range srv.Log() {
		versions = append(versions, string(e.Version))
	}
	if diff := cmp.Diff([]string{"7", "8", "9"}, versions); diff != "" {
		t.Errorf("kept versions (-want +got):\n%s", diff)
	}
}

// TestBind checks Python's TypeError texts for every arity.
func TestBind(t *testing.T) {
	e := &entry{Action: Action{Name: "three", Params: []Param{{Name: "a", Required: true}, {Name: "b", Required: true}, {Name: "c", Required: true}, {Name: "d"}}},
		index: map[string]int{"a": 0, "b": 1, "c": 2, "d": 3}}
	tests := []struct {
		given []member
		want  string
	}{
		{nil, "AnkiConnect.three() missing 3 required positional arguments: 'a', 'b', and 'c'"},
		{[]member{{"b", jsonNull}}, "AnkiConnect.three() missing 2 required positional arguments: 'a' and 'c'"},
		{[]member{{"a", jsonNull}, {"c", jsonNull}}, "AnkiConnect.three() missing 1 required positional argument: 'b'"},
		{[]member{{"a", jsonNull}, {"x", jsonNull}}, "AnkiConnect.three() got an unexpected keyword argument 'x'"},
		{[]member{{"a", jsonNull}, {"b", jsonNull}, {"c", jsonNull}}, ""},
	}
	for _, tc := range tests {
		_, err := e.bind(tc.given)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tc.want {
			t.Errorf("bind(%v) = %q, want %q", tc.given, got, tc.want)
		}
	}
}

// TestArgs checks Decode, IsNull, Raw and Truthy with defaults.
func TestArgs(t *testing.T) {
	e := &entry{Action: Action{Name: "x"}, defaults: map[string]json.RawMessage{"none": jsonNull, "one": json.RawMessage(`"1"`)}}
	a := Args{act: e, params: []member{{"cards", json.RawMessage(`[1, "2"]`)}, {"null", jsonNull}, {"empty", json.RawMessage(`[ ]`)}}}
	var cards []int64
	if err := a.Decode("cards", &cards); err == nil || err.Error() != "invalid value for parameter 'cards': expected an integer, got string" {
		t.Errorf("Decode type mismatch: %v", err)
	}
	a.params = append(a.params, member{"note", json.RawMessage(`{"fields": {"Front": 1}}`)})
	var note struct {
		Fields map[string]string `json:"fields"`
	}
	if err := a.Decode("note", &note); err == nil || err.Error() != "invalid value for parameter 'note' at fields: expected a string, got number" {
		t.Errorf("Decode nested mismatch: %v", err)
	}
	var one string
	if err := a.Decode("one", &one); err != nil || one != "1" {
		t.Errorf("default: %q %v", one, err)
	}
	if !a.IsNull("none") || !a.IsNull("null") || a.IsNull("one") || !a.IsNull("unknown") {
		t.Error("IsNull")
	}
	if string(a.Raw("cards")) != `[1, "2"]` || string(a.Raw("one")) != `"1"` {
		t.Error("Raw")
	}
	if a.Truthy("empty") || a.Truthy("null") || !a.Truthy("one") || !a.Truthy("cards") {
		t.Error("Truthy")
	}
}

// TestRecover: a panicking handler becomes an error reply.
func TestRecover(t *testing.T) {
	e := &entry{Action: Action{Name: "boom", Run: func(*Env, Args) (any, error) { panic("kaboom") }}}
	_, err := e.run(&Env{}, Args{act: e})
	if err == nil || err.Error() != "fake AnkiConnect internal error in boom: kaboom" {
		t.Errorf("got %v", err)
	}
}

// TestInvoke: in-process calls skip the key and the log, and report the
// add-on's errors.
func TestInvoke(t *testing.T) {
	srv := NewServer(Config{APIKey: "k", Profiles: []string{"A", "B"}})
	ctx := context.Background()
	tests := []struct {
		action string
		params any
		want   string
		err    string
	}{
		{"version", nil, "6", ""},
		{"loadProfile", map[string]string{"name": "B"}, "true", ""},
		{"getActiveProfile", struct{}{}, `"B"`, ""},
		{"bogus", nil, "", "unsupported action"},
		{"loadProfile", map[string]int{"nom": 1}, "", "AnkiConnect.loadProfile() got an unexpected keyword argument 'nom'"},
		{"loadProfile", []int{1}, "", "2055492159.AnkiConnect.loadProfile() argument after ** must be a mapping, not list"},
	}
	for _, tc := range tests {
		got, err := srv.Invoke(ctx, tc.action, tc.params)
		gotErr := ""
		if err != nil {
			gotErr = err.Error()
		}
		if string(got) != tc.want || gotErr != tc.err {
			t.Errorf("Invoke(%s, %v) = %s, %q; want %s, %q", tc.action, tc.params, got, gotErr, tc.want, tc.err)
		}
	}
	if n := len(srv.Log()); n != 0 {
		t.Errorf("%d log entries", n)
	}
}

// TestRegistryServesEveryAction checks that the fake serves exactly the
// actions of the contract (testdata/actions.txt at the module root, which
// the client's own tests check its methods against), no more and no fewer.
func TestRegistryServesEveryAction(t *testing.T) {
	b, err := os.ReadFile("../../testdata/actions.txt")
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		want = append(want, strings.Fields(line)[0])
	}
	var got []string
	for name := range registry {
		got = append(got, name)
	}
	slices.Sort(want)
	slices.Sort(got)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("served actions (-contract +registry):\n%s", diff)
	}
	if len(want) != 122 {
		t.Errorf("the contract lists %d actions, want 122", len(want))
	}
}
