package wire

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// Python's json.loads accepts NaN, Infinity and -Infinity as floats, and
// the add-on then treats them as Python does; these tests send them as raw
// JSON.

// TestDecodeErrorsMatchCPython: positions are counted in code points where
// the body has multi-byte characters, and the constants are accepted only
// as spelt. The expected texts are str(JSONDecodeError) from CPython
// 3.11.7's json.loads, run on these bodies.
func TestDecodeErrorsMatchCPython(t *testing.T) {
	for _, tc := range []struct{ body, want string }{
		{"{\"é\": 1 x}", "Expecting ',' delimiter: line 1 column 9 (char 8)"},
		{"[\"ü\\u12\"]", "Invalid \\uXXXX escape: line 1 column 5 (char 4)"},
		{"[\"é\\ud800\\uéé\"]", "Invalid \\uXXXX escape: line 1 column 11 (char 10)"},
		{"{\"a\":\"日本\n語", "Invalid control character at: line 1 column 9 (char 8)"},
		{"[\"é\", 1e]", "Expecting ',' delimiter: line 1 column 8 (char 7)"},
		{"\n\n  [\"ab\\q\"]", "Invalid \\escape: line 3 column 7 (char 8)"},
		{"[\"\\uD834\\uDD1\"]", "Invalid \\uXXXX escape: line 1 column 10 (char 9)"},
		{"{\"ключ\": [1, 2 3]}", "Expecting ',' delimiter: line 1 column 16 (char 15)"},
		{"\"😀\" x", "Extra data: line 1 column 5 (char 4)"},
		{"[1.]", "Expecting ',' delimiter: line 1 column 3 (char 2)"},
		{"[\"é\t\"]", "Invalid control character at: line 1 column 4 (char 3)"},
		{"[NaN, Infinity, -Infinity]", ""},
		{"[-Inf]", "Expecting value: line 1 column 2 (char 1)"},
		{"[NaNa]", "Expecting ',' delimiter: line 1 column 5 (char 4)"},
		{"{\"a\": Nan}", "Expecting value: line 1 column 7 (char 6)"},
		{"[-Infinit]", "Expecting value: line 1 column 2 (char 1)"},
		{"{\"version\": NaN}x", "Extra data: line 1 column 17 (char 16)"},
		{"日本", "Expecting value: line 1 column 1 (char 0)"},
		{"[\"é\\u00e", "Invalid \\uXXXX escape: line 1 column 5 (char 4)"},
	} {
		if got := decodeError([]byte(tc.body)); got != tc.want {
			t.Errorf("decodeError(%q) = %q, want %q", tc.body, got, tc.want)
		}
	}
}

// TestPythonConstants: each request, with NaN, Infinity or -Infinity where
// the add-on's Python would see a float, gets the add-on's reply. The
// schema texts are jsonschema 4.26's, run on these instances.
func TestPythonConstants(t *testing.T) {
	srv := NewServer(Config{Clock: testClock()})
	var cid int64
	_ = srv.Do(context.Background(), func(e *Env) error {
		cid = seedCards(e, "Deck", 1, nil)[0].ID
		return nil
	})
	send := inProcessSender(srv)
	schema := func(repr, prop, typ, schema string) string {
		return errBody(repr + " is not of type '" + typ + "'\n\nFailed validating 'type' in schema['properties']['" + prop +
			"']:\n    " + schema + "\n\nOn instance['" + prop + "']:\n    " + repr)
	}
	intSchema := "{'type': 'integer'}"
	tests := []struct{ name, body, want string }{
		{"a NaN version fails the schema (nan.is_integer() is false)",
			`{"action": "version", "version": NaN}`, schema("nan", "version", "integer", intSchema)},
		{"so does Infinity", `{"action": "version", "version": Infinity}`, schema("inf", "version", "integer", intSchema)},
		{"and -Infinity", `{"action": "version", "version": -Infinity}`, schema("-inf", "version", "integer", intSchema)},
		{"and 1e400, which is inf", `{"action": "version", "version": 1e400}`, schema("inf", "version", "integer", intSchema)},
		{"a NaN action", `{"action": NaN}`, schema("nan", "action", "string", "{'type': 'string', 'minLength': 1}")},
		{"Infinity params", `{"action": "version", "params": Infinity}`, schema("inf", "params", "object", "{'type': 'object'}")},
		{"inside multi the version is only compared with 4: nan <= 4 and inf <= 4 are false, -inf <= 4 is true",
			`{"action": "multi", "version": 6, "params": {"actions": [{"action": "version", "version": NaN}, {"action": "version", "version": -Infinity}, {"action": "version", "version": Infinity}]}}`,
			`{"result": [{"result": 6, "error": null}, 6, {"result": 6, "error": null}], "error": null}`},
		{"an error inside multi keeps its envelope", `{"action": "multi", "version": 6, "params": {"actions": [{"action": "nope", "version": NaN}]}}`,
			`{"result": [{"result": null, "error": "unsupported action"}], "error": null}`},
		{"decks.get(nan) calls int(nan)", `{"action": "deckNameFromId", "version": 6, "params": {"deckId": NaN}}`,
			errBody("cannot convert float NaN to integer")},
		{"decks.get(inf) calls int(inf)", `{"action": "deckNameFromId", "version": 6, "params": {"deckId": Infinity}}`,
			errBody("cannot convert float infinity to integer")},
		{"int(-inf) too", `{"action": "removeDeckConfigId", "version": 6, "params": {"configId": -Infinity}}`,
			errBody("cannot convert float infinity to integer")},
		{"int(1.5) is 1, the Default deck", `{"action": "deckNameFromId", "version": 6, "params": {"deckId": 1.5}}`,
			`{"result": "Default", "error": null}`},
		{"an Infinity ease matches none of 1-4", fmt.Sprintf(`{"action": "answerCards", "version": 6, "params": {"answers": [{"cardId": %d, "ease": Infinity}]}}`, cid),
			errBody("invalid ease")},
		{"nor does a NaN ease", fmt.Sprintf(`{"action": "answerCards", "version": 6, "params": {"answers": [{"cardId": %d, "ease": NaN}]}}`, cid),
			errBody("invalid ease")},
		{"a NaN card ID is a float to protobuf", `{"action": "answerCards", "version": 6, "params": {"answers": [{"cardId": NaN, "ease": 3}]}}`,
			errBody("'float' object cannot be interpreted as an integer")},
		{"a NaN is printed as Python prints it", `{"action": "modelFieldSetFontSize", "version": 6, "params": {"modelName": "Basic", "fieldName": "Front", "fontSize": NaN}}`,
			errBody("fontSize should be an integer: nan")},
		{"unknown keywords are found as before", `{"action": "version", "version": 6, "params": {"x": [NaN, -Infinity]}}`,
			errBody("AnkiConnect.version() got an unexpected keyword argument 'x'")},
	}
	for _, tc := range tests {
		if got := post(t, send, tc.body); got != tc.want {
			t.Errorf("%s:\n%s\n got %s\nwant %s", tc.name, tc.body, got, tc.want)
		}
	}
}

// TestPythonConstantsAsInts: where the fake decodes an integer, NaN and
// Infinity fail as a float (1.5) does, naming the parameter.
func TestPythonConstantsAsInts(t *testing.T) {
	send := inProcessSender(NewServer(Config{Clock: testClock()}))
	for _, v := range []string{"NaN", "Infinity", "-Infinity"} {
		float := post(t, send, `{"action": "getDecks", "version": 6, "params": {"cards": [1, 1.5]}}`)
		got := post(t, send, `{"action": "getDecks", "version": 6, "params": {"cards": [1, `+v+`]}}`)
		if got != strings.Replace(float, "1.5", v, 1) || !strings.Contains(got, "'cards'") {
			t.Errorf("%s: got %s, want %s", v, got, float)
		}
	}
}

func TestPyReprOfConstants(t *testing.T) {
	for raw, want := range map[string]string{
		`[NaN, Infinity, -Infinity, 1e400, -1e400]`: "[nan, inf, -inf, inf, -inf]",
		`{"a": NaN, "b": "NaN"}`:                    "{'a': nan, 'b': 'NaN'}",
	} {
		if got := PyRepr([]byte(raw)); got != want {
			t.Errorf("PyRepr(%s) = %s, want %s", raw, got, want)
		}
	}
	for raw, want := range map[string]string{"NaN": "float", "-Infinity": "float", "Infinity": "float", "-1": "int"} {
		if got := PyTypeName([]byte(raw)); got != want {
			t.Errorf("PyTypeName(%s) = %s, want %s", raw, got, want)
		}
	}
	if !truthy([]byte("NaN")) || truthy([]byte("-0.0")) {
		t.Error("bool(nan) is True, bool(-0.0) False")
	}
}
