package wire

import (
	"encoding/json"
	"testing"
)

func TestPyStrAndRepr(t *testing.T) {
	cases := []struct {
		raw, str, repr string
	}{
		{`null`, "None", "None"},
		{` null `, "None", "None"},
		{`"x"`, "x", "'x'"},
		{`"it's"`, "it's", `"it's"`},
		{`""`, "", "''"},
		{`true`, "True", "True"},
		{`false`, "False", "False"},
		{`3`, "3", "3"},
		{`-0`, "0", "0"},
		{`1.5`, "1.5", "1.5"},
		{`1e3`, "1000.0", "1000.0"},
		{`[1, null, "a"]`, "[1, None, 'a']", "[1, None, 'a']"},
		{`{"k": null, "k2": [true]}`, "{'k': None, 'k2': [True]}", "{'k': None, 'k2': [True]}"},
		{``, "", ""},
	}
	for _, tc := range cases {
		if got := PyStr(json.RawMessage(tc.raw)); got != tc.str {
			t.Errorf("PyStr(%s) = %q, want %q", tc.raw, got, tc.str)
		}
		if got := PyRepr(json.RawMessage(tc.raw)); got != tc.repr {
			t.Errorf("PyRepr(%s) = %q, want %q", tc.raw, got, tc.repr)
		}
	}
}
