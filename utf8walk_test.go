package ankiconnect

import (
	"reflect"
	"testing"
)

// TestInvalidUTF8Paths: the walk names a bad string by its JSON path
// through every kind of value encoding/json would walk, and passes over
// what JSON does not send as text ([]byte is base64, "-" and unexported
// fields are not sent).
func TestInvalidUTF8Paths(t *testing.T) {
	type Inner struct {
		Word string `json:"word"`
	}
	type withEmbedded struct {
		Inner
		Other string
	}
	bad := "caf\xe9"
	for _, tc := range []struct {
		name string
		v    any
		want string
	}{
		{"top-level string", bad, "x"},
		{"embedded struct", withEmbedded{Inner: Inner{Word: bad}}, "x.word"},
		{"field without tag", withEmbedded{Other: bad}, "x.Other"},
		{"pointer and interface", map[string]any{"p": &Inner{Word: bad}}, `x["p"].word`},
		{"int map key", map[int][]string{7: {"ok", bad}}, `x["7"][1]`},
		{"array", [2]string{"ok", bad}, "x[1]"},
		{"bad map key", map[string]int{bad: 1}, `x["caf\xe9"] (the name)`},
		{"bytes are base64", []byte(bad), ""},
		{"json:\"-\"", struct {
			S string `json:"-"`
		}{bad}, ""},
		{"unexported", struct{ s string }{bad}, ""},
		{"nil pointer", (*Inner)(nil), ""},
		{"valid", Inner{Word: "café"}, ""},
	} {
		if got := invalidUTF8(reflect.ValueOf(tc.v), "x", 0); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}
