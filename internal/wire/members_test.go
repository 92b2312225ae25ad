package wire

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// decoderMembers is objectMembers written the slow, obvious way with
// encoding/json's tokenizer: the reference the scanner is checked against.
func decoderMembers(raw []byte) ([]member, bool) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, false
	}
	var members []member
	pos := map[string]int{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, false
		}
		key, _ := tok.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, false
		}
		if i, seen := pos[key]; seen {
			members[i].Value = v
			continue
		}
		pos[key] = len(members)
		members = append(members, member{key, v})
	}
	if _, err := dec.Token(); err != nil {
		return nil, false
	}
	return members, true
}

// compactMembers makes members comparable: values compacted, nil for an
// empty list.
func compactMembers(t testing.TB, ms []member) []member {
	var out []member
	for _, m := range ms {
		var b bytes.Buffer
		if err := json.Compact(&b, m.Value); err != nil {
			t.Fatalf("member %q: invalid value %q: %v", m.Key, m.Value, err)
		}
		out = append(out, member{m.Key, b.Bytes()})
	}
	return out
}

func checkMembersAgree(t *testing.T, in string) {
	t.Helper()
	got, gotOK := objectMembers(json.RawMessage(in))
	want, wantOK := decoderMembers([]byte(in))
	wantOK = wantOK && json.Valid([]byte(in)) // the decoder stops reading at the closing brace
	if gotOK != wantOK {
		t.Fatalf("objectMembers(%q) ok = %v, the decoder says %v", in, gotOK, wantOK)
	}
	if !gotOK {
		return
	}
	if diff := cmp.Diff(compactMembers(t, want), compactMembers(t, got)); diff != "" {
		t.Errorf("objectMembers(%q) (-decoder +scanner):\n%s", in, diff)
	}
}

func TestObjectMembers(t *testing.T) {
	many := `{"a":1,"b":2,"c":3,"d":4,"e":5,"f":6,"g":7,"h":8,"i":9,"a":10,"j":{"a":[1,{"b":"}"}]},"i":"\"x"}`
	for _, in := range []string{
		`{}`, ` { } `, `{"a":1}`, `{"a": 1, "b": [1, 2, {"c": "]}"}], "d": null}`,
		`{"a":1,"a":2}`, `{"a":1,"b":2,"a":3}`, many,
		`{"k\u00e9y":"v","kéy":true}`, `{"\"":"\\"}`, `{"a":-1.5e3,"b":false}`,
		`[]`, `"x"`, `null`, `1`, ``, ` `,
		`{"a":1`, `{"a" 1}`, `{"a":}`, `{a:1}`, `{"a":1,}`, `{"a":1}x`, `{"a":"1}`, `{"a":{"b":1}`,
	} {
		checkMembersAgree(t, in)
	}
}

// FuzzObjectMembers checks the scanner against the decoder on every input
// that is valid JSON (the only input it is ever given).
func FuzzObjectMembers(f *testing.F) {
	for _, s := range []string{`{}`, `{"a":1,"a":2}`, `{"a":[{"b":"}\""}],"c":null}`, `{"x":"\u0041"}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		if !json.Valid([]byte(in)) {
			return
		}
		checkMembersAgree(t, in)
	})
}
