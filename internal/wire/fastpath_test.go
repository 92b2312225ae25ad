package wire

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"strings"
	"testing"
	"unsafe"

	"github.com/google/go-cmp/cmp"
)

var fastPathInputs = []string{
	`{}`, ` { } `, `{"action":"deckNames","version":6}`, `{"action":"x","action":"y","key":null}`,
	`{"params":{"a":1},"version":6,"key":"k","action":"findNotes","extra":[1,{"action":2}]}`,
	`{"act\u0069on":"deckNames","action":"a"}`, `{"actionX":1,"actio":2,"":3,"key ":4}`,
	`{"a":1,"b":2,"c":3,"d":4,"e":5,"f":6,"g":7,"h":8,"i":9,"action":10,"version":{"a":[1,{"b":"}"}]},"i":"\"x"}`,
	`{"query":"deck:x","query":"y","notes":[1],"kéy":true,"\u00e9":1}`,
	`[]`, `"x"`, `null`, `1`, ``, ` `, `{"a":1`, `{"a" 1}`, `{"a":}`, `{a:1}`, `{"a":1,}`, `{"a":1}x`, `{"a":"1}`,
}

// checkKnownMembersAgree fails t unless requestMembers and paramMembers
// (with the params of findNotes and addNote) split in the way objectMembers
// does.
func checkKnownMembersAgree(t *testing.T, in string) {
	t.Helper()
	want, wantOK := objectMembers(json.RawMessage(in))
	check := func(name string, got []member, gotOK bool) {
		t.Helper()
		if gotOK != wantOK {
			t.Fatalf("%s(%q) ok = %v, objectMembers says %v", name, in, gotOK, wantOK)
		}
		if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b json.RawMessage) bool { return string(a) == string(b) })); diff != "" {
			t.Fatalf("%s(%q) (-objectMembers +fast):\n%s", name, in, diff)
		}
	}
	got, ok := requestMembers(json.RawMessage(in), nil)
	check("requestMembers", got, ok)
	buf := [4]member{{"stale", json.RawMessage("1")}, {"action", json.RawMessage("2")}}
	got, ok = requestMembers(json.RawMessage(in), buf[:])
	check("requestMembers with a buffer", got, ok)
	for _, name := range []string{"findNotes", "addNote", "deckNames"} {
		got, ok = registry[name].paramMembers(json.RawMessage(in))
		check(name+".paramMembers", got, ok)
	}
}

func TestKnownMembers(t *testing.T) {
	for _, in := range fastPathInputs {
		checkKnownMembersAgree(t, in)
	}
}

// FuzzKnownMembers checks the key-interning scanner against objectMembers.
func FuzzKnownMembers(f *testing.F) {
	for _, in := range fastPathInputs {
		f.Add(in)
	}
	f.Fuzz(func(t *testing.T, in string) {
		checkKnownMembersAgree(t, in)
		checkStringHelpersAgree(t, in)
	})
}

// checkStringHelpersAgree fails t unless isString, lookupAction and
// actionStr agree with their slow definitions on raw.
func checkStringHelpersAgree(t *testing.T, raw string) {
	t.Helper()
	var decoded string
	isStr := PyTypeName(json.RawMessage(raw)) == "str" && json.Unmarshal([]byte(raw), &decoded) == nil
	for _, s := range []string{decoded, "requestPermission", "deckNames", "", "x"} {
		if got, want := isString(json.RawMessage(raw), s), isStr && decoded == s; got != want {
			t.Fatalf("isString(%q, %q) = %v, want %v", raw, s, got, want)
		}
	}
	var name string
	var want *entry
	if json.Unmarshal([]byte(raw), &name) == nil {
		want = registry[name]
	}
	if got := lookupAction(json.RawMessage(raw)); got != want {
		t.Fatalf("lookupAction(%q) = %v, want %v", raw, got, want)
	}
	if got, want := actionStr(json.RawMessage(raw)), PyStr(json.RawMessage(raw)); got != want {
		t.Fatalf("actionStr(%q) = %q, PyStr says %q", raw, got, want)
	}
}

func TestStringHelpers(t *testing.T) {
	for _, raw := range []string{
		`"deckNames"`, ` "deckNames" `, "\t\"deckNames\"\n", `"deck\u004eames"`, `"deckNames\u0000"`, `"noSuchAction"`,
		`"requestPermission"`, `"requestPermissio\u006e"`, `""`, `"`, `"x`, `x"`, `"a"b"`, `"\"`, `"é"`, `"\u00e9"`,
		"\"a\x01\"", "\"a\x7f\"", "\"\xff\"", `null`, `1`, `true`, `["deckNames"]`, `{"a":"deckNames"}`, ``, ` `,
		"\v\"deckNames\"", "\u00a0\"deckNames\"",
	} {
		checkStringHelpersAgree(t, raw)
	}
	for _, in := range fastPathInputs {
		checkStringHelpersAgree(t, in)
	}
}

// TestPlainStringTaken checks that the common action names and keys are
// read without decoding.
func TestPlainStringTaken(t *testing.T) {
	for raw, want := range map[string]string{`"deckNames"`: "deckNames", ` "my key" `: "my key", `""`: "", `"~!#"`: "~!#"} {
		if text, ok := plainString([]byte(raw)); !ok || string(text) != want {
			t.Errorf("plainString(%s) = %q, %v; want %q", raw, text, ok, want)
		}
	}
	members, _ := requestMembers(json.RawMessage(`{"action":"deckNames","version":6,"params":{},"key":null}`), nil)
	for i, m := range members {
		if m.Key != requestKeys[i] || !sameString(m.Key, requestKeys[i]) {
			t.Errorf("member %d: key %q is not requestKeys' string", i, m.Key)
		}
	}
	act := registry["findNotes"]
	members, _ = act.paramMembers(json.RawMessage(`{"query":"deck:x"}`))
	if len(members) != 1 || !sameString(members[0].Key, act.Params[0].Name) {
		t.Errorf("findNotes params: %v, not the param's name string", members)
	}
}

// sameString reports whether a and b share their bytes (one string, not a
// copy).
func sameString(a, b string) bool {
	return len(a) == len(b) && unsafe.StringData(a) == unsafe.StringData(b)
}

// TestReplyHeadersCanonical checks that every header the server writes into
// the header map has its canonical name, as Header.Set would give it.
func TestReplyHeadersCanonical(t *testing.T) {
	srv := NewServer(Config{LogLimit: -1})
	for _, r := range []*http.Request{
		httptest.NewRequest(http.MethodPost, "/", strings.NewReader(`{"action":"deckNames","version":6}`)),
		httptest.NewRequest(http.MethodPost, "/", strings.NewReader(`{"action":`)),
		httptest.NewRequest(http.MethodOptions, "/", nil),
		httptest.NewRequest(http.MethodPost, "/", nil),
	} {
		r = r.WithContext(context.Background())
		r.Header.Set("Access-Control-Request-Private-Network", "true")
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, r)
		if len(rec.Header()) < 3 {
			t.Fatalf("%s: headers %v", r.Method, rec.Header())
		}
		for k := range rec.Header() {
			if c := textproto.CanonicalMIMEHeaderKey(k); c != k {
				t.Errorf("%s: header %q is not canonical (%q)", r.Method, k, c)
			}
		}
	}
	forbidden := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(`{"action":"deckNames"}`))
	forbidden.Header.Set("Origin", "http://example.com")
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, forbidden)
	if rec.Code != http.StatusForbidden {
		t.Fatalf("forbidden origin: %d", rec.Code)
	}
	for k := range rec.Header() {
		if c := textproto.CanonicalMIMEHeaderKey(k); c != k {
			t.Errorf("403: header %q is not canonical (%q)", k, c)
		}
	}
}

// TestHandlerFastPaths serves deckNames, and a findNotes with params and a
// key, the way BenchmarkHandlerDeckNames does, and checks that the fast
// paths are all taken: no reply value goes to encodePython, the served Env
// is cleared afterwards, and the allocations stay at what the fast paths
// leave (the reply, its header values, the body and its read, the
// collection's own). A fast path that silently stops being taken shows up
// here as more allocations.
func TestHandlerFastPaths(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts differ under the race detector")
	}
	for _, tc := range []struct {
		name, body, want string
		key              string
		maxAllocs        float64
	}{
		{"deckNames", `{"action":"deckNames","version":6}`, `{"result": ["Default"], "error": null}`, "", 9},
		{"findNotes", `{"action":"findNotes","version":6,"key":"k","params":{"query":"deck:nothing"}}`, `{"result": [], "error": null}`, "k", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := NewServer(Config{LogLimit: -1, APIKey: tc.key})
			req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, "http://127.0.0.1:8765/", nil)
			if err != nil {
				t.Fatal(err)
			}
			req.ContentLength = int64(len(tc.body))
			rd := strings.NewReader(tc.body)
			w := &discardWriter{header: http.Header{}}
			serve := func() {
				rd.Reset(tc.body)
				req.Body = readCloser{rd}
				w.reset()
				srv.ServeHTTP(w, req)
			}
			before := slowEncodes.Load()
			allocs := testing.AllocsPerRun(100, serve)
			if w.status != http.StatusOK || w.body.String() != tc.want {
				t.Fatalf("reply %d %s, want %s", w.status, w.body.String(), tc.want)
			}
			if n := slowEncodes.Load() - before; n != 0 {
				t.Errorf("%d reply values went to encodePython", n)
			}
			if srv.requestEnv != (Env{}) {
				t.Errorf("the served Env is kept: %+v", srv.requestEnv)
			}
			t.Logf("%.0f allocations", allocs)
			if tc.maxAllocs > 0 && allocs > tc.maxAllocs {
				t.Errorf("%.0f allocations per request, want at most %.0f", allocs, tc.maxAllocs)
			}
		})
	}
}

// versionedReplySlow is versionedReply without smallInt, as it was.
func versionedReplySlow(version json.RawMessage, present bool, result any) (reply, error) {
	if !present {
		return reply{result: result}, nil
	}
	var old bool
	switch PyTypeName(version) {
	case "bool":
		old = true
	case "int", "float":
		f, _ := pyFloat(version)
		old = f <= 4
	default:
		return reply{}, fmt.Errorf(MsgTypeErrorVersionCompare, PyTypeName(version))
	}
	return reply{result: result, wrapped: !old}, nil
}

func checkVersionAgrees(t *testing.T, raw string) {
	t.Helper()
	got, gotErr := versionedReply(json.RawMessage(raw), true, 1)
	want, wantErr := versionedReplySlow(json.RawMessage(raw), true, 1)
	if got != want || fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
		t.Fatalf("versionedReply(%q) = %v, %v; want %v, %v", raw, got, gotErr, want, wantErr)
	}
}

func TestVersionFastPath(t *testing.T) {
	for _, raw := range []string{
		"6", "4", "5", "-5", "0", "-0", " 6 ", "\t4\n", "007", "4.0", "4.5", "1e0", "5E-1", "NaN", "Infinity", "-Infinity",
		"999999999999999999", "9999999999999999999", "-999999999999999999", "-9999999999999999999", "123456789012345678901234",
		"true", "false", "null", `"6"`, "[6]", "{}", "-", "", " ", "6x", "- 6", "\v6", "+6", "0x10",
	} {
		checkVersionAgrees(t, raw)
	}
	if n, ok := smallInt([]byte("6")); !ok || n != 6 {
		t.Errorf(`smallInt("6") = %d, %v`, n, ok)
	}
}

// FuzzVersion checks versionedReply's integer fast path against the
// general comparison.
func FuzzVersion(f *testing.F) {
	for _, s := range []string{"6", "-4", "4.0", "99999999999999999999", "NaN", " 5 "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) { checkVersionAgrees(t, raw) })
}

// TestArgsRepeatedKey: Args keeps a repeated param's last value, as the
// dict of **params would (objectMembers already collapses repeats).
func TestArgsRepeatedKey(t *testing.T) {
	a := Args{act: &entry{}, params: []member{{"a", json.RawMessage("1")}, {"b", json.RawMessage("2")}, {"a", json.RawMessage("3")}}}
	if got := string(a.Raw("a")); got != "3" {
		t.Errorf("Raw(a) = %s, want 3", got)
	}
	if got := string(a.Raw("c")); got != "null" {
		t.Errorf("Raw(c) = %s, want null", got)
	}
}

// TestReplyBodiesOwnTheirBytes: replies are encoded in the server's scratch
// buffer, so each body must be a copy that a later reply does not touch;
// one over maxScratch is not kept as the next buffer.
func TestReplyBodiesOwnTheirBytes(t *testing.T) {
	srv := NewServer(Config{LogLimit: -1})
	serve := func(body string) response {
		srv.mu.Lock()
		defer srv.mu.Unlock()
		return srv.serve(context.Background(), []byte(body), "", "", false)
	}
	first := serve(`{"action":"deckNames","version":6}`)
	want := string(first.body)
	second := serve(`{"action":"version"}`)
	if string(first.body) != want || string(second.body) != "6" {
		t.Fatalf("bodies %q and %q", first.body, second.body)
	}
	if cap(srv.scratch) == 0 {
		t.Error("the scratch buffer is not kept")
	}
	big := fmt.Sprintf(`{"action":"multi","params":{"actions":[%s{}]}}`, strings.Repeat(`{"action":"deckNames"},`, maxScratch/10))
	if r := serve(big); len(r.body) <= maxScratch {
		t.Fatalf("the multi reply is only %d bytes", len(r.body))
	}
	if cap(srv.scratch) > maxScratch {
		t.Errorf("a %d-byte scratch buffer is kept", cap(srv.scratch))
	}
	if r := serve(`{"action":"version"}`); string(r.body) != "6" || string(first.body) != want {
		t.Errorf("after the big reply: %q, first %q", r.body, first.body)
	}
}
