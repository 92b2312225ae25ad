package wire

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"
)

// The decode fast paths (fastdecode.go) against encoding/json, their slow
// paths: whenever a fast path takes an input, it must give what the slow
// path gives; and it must take the common shapes, or it silently stopped
// being a fast path.

var fastDecodeSeeds = []string{
	`"front 1"`, `""`, `"kéy"`, `"a\"b"`, `"a\\b"`, `"\u00e9"`, `"tab	in"`, ` "x"`, `"x" `, `"x`,
	`"\ud800"`, "\"\xff\"", `null`, `1`, `true`, `{}`, `{"a":"b"}`,
	`[]`, ` [ ] `, `["bench", "more"]`, `["a","b"]`, `[ "a" , "b" ]`, `["a", 1]`, `["a", null]`,
	`["a\"b"]`, `["é", "x"]`, `[["a"]]`, `["a",]`, `["a"`, `["a"] x`, `[null]`, `[1, NaN]`, `["a", Infinity]`,
	`[{"deckName": "Default"}, {"x": [1, 2]}]`, `[1,2,3]`, `[ 1 , "a" , {} , [] ]`,
}

// pyValid reports whether in is JSON Python's json.loads accepts (the only
// input the fast paths are given).
func pyValid(in string) bool { return decodeError([]byte(in)) == "" }

func checkPlainString(t *testing.T, in string) {
	t.Helper()
	got, ok := unescaped([]byte(in))
	if !ok {
		return
	}
	var want string
	if err := json.Unmarshal([]byte(in), &want); err != nil || got != want {
		t.Errorf("unescaped(%q) = %q, json.Unmarshal gives %q, %v", in, got, want, err)
	}
	if s, err := decodeString(json.RawMessage(in)); err != nil || s != want {
		t.Errorf("decodeString(%q) = %q, %v; want %q", in, s, err, want)
	}
	if s := PyStr(json.RawMessage(in)); s != want {
		t.Errorf("PyStr(%q) = %q, want %q", in, s, want)
	}
}

// slowNoteTags is noteTags without its fast path, as it was written before.
func slowNoteTags(raw json.RawMessage) (tags []string, ok bool) {
	var s string
	if decodeStrict(raw, &s) == nil {
		for _, r := range s {
			tags = append(tags, string(r))
		}
		return tags, true
	}
	return tags, decodeStrict(raw, &tags) == nil
}

func checkStringList(t *testing.T, in string) {
	t.Helper()
	got, ok := unescapedList([]byte(in))
	if ok {
		var want []string
		if err := json.Unmarshal([]byte(in), &want); err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("unescapedList(%q) = %#v, json.Unmarshal gives %#v, %v", in, got, want, err)
		}
	}
	gotTags, gotOK := noteTags(json.RawMessage(in))
	wantTags, wantOK := slowNoteTags(json.RawMessage(in))
	if gotOK != wantOK || !reflect.DeepEqual(gotTags, wantTags) {
		t.Errorf("noteTags(%q) = %#v, %v; the slow path gives %#v, %v", in, gotTags, gotOK, wantTags, wantOK)
	}
}

// checkDecodeList compares decodeList with Args.Decode into
// []json.RawMessage, results and error messages.
func checkDecodeList(t *testing.T, in string) {
	t.Helper()
	a := Args{act: &entry{}, params: []member{{"notes", json.RawMessage(in)}}}
	got, gotErr := decodeList(a, "notes")
	var want []json.RawMessage
	wantErr := a.Decode("notes", &want)
	if (gotErr == nil) != (wantErr == nil) || gotErr != nil && gotErr.Error() != wantErr.Error() {
		t.Fatalf("decodeList(%q) error %v, Args.Decode gives %v", in, gotErr, wantErr)
	}
	if len(got) != len(want) || (got == nil) != (want == nil) {
		t.Fatalf("decodeList(%q) = %q, Args.Decode gives %q", in, got, want)
	}
	for i := range got {
		if string(got[i]) != string(want[i]) {
			t.Errorf("decodeList(%q)[%d] = %s, Args.Decode gives %s", in, i, got[i], want[i])
		}
	}
}

func checkMemberKey(t *testing.T, in string) {
	t.Helper()
	quoted := []byte(in)
	if len(quoted) < 2 || quoted[0] != '"' || quoted[len(quoted)-1] != '"' || skipString(quoted, 0) != len(quoted) {
		return
	}
	got, ok := memberKey(quoted)
	var want string
	wantOK := json.Unmarshal(quoted, &want) == nil
	if ok != wantOK || ok && got != want {
		t.Errorf("memberKey(%q) = %q, %v; json.Unmarshal gives %q, %v", in, got, ok, want, wantOK)
	}
}

func checkFastDecode(t *testing.T, in string) {
	t.Helper()
	if !pyValid(in) {
		return
	}
	checkPlainString(t, in)
	checkStringList(t, in)
	checkDecodeList(t, in)
	checkMemberKey(t, in)
}

func TestFastDecodeAgrees(t *testing.T) {
	for _, in := range fastDecodeSeeds {
		checkFastDecode(t, in)
	}
	for _, k := range []string{"deckName", "modelName", "fields", "tags", "options", "allowDuplicate",
		"duplicateScope", "duplicateScopeOptions", "checkChildren", "checkAllModels", "audio", "video",
		"picture", "id", "Front", "Back", "Text", "Extra", "Back Extra", "front", "tagsx"} {
		checkMemberKey(t, `"`+k+`"`)
	}
}

// FuzzFastDecode compares every decode fast path with its slow path on
// input Python accepts as JSON.
func FuzzFastDecode(f *testing.F) {
	for _, s := range fastDecodeSeeds {
		f.Add(s)
	}
	f.Fuzz(checkFastDecode)
}

// TestFastDecodeTaken checks that the common shapes take the fast paths:
// each must decode, and without more allocations than its result needs.
func TestFastDecodeTaken(t *testing.T) {
	for _, in := range []string{`"front 1"`, `""`, `"kéy"`} {
		if _, ok := unescaped([]byte(in)); !ok {
			t.Errorf("unescaped(%s) not taken", in)
		}
	}
	for _, in := range []string{`["bench", "more"]`, `[]`, `[ "a" ]`} {
		if _, ok := unescapedList([]byte(in)); !ok {
			t.Errorf("unescapedList(%s) not taken", in)
		}
	}
	plain, tags := json.RawMessage(`"front 1"`), json.RawMessage(`["bench", "more"]`)
	if n := testing.AllocsPerRun(100, func() { _, _ = decodeString(plain) }); n > 1 {
		t.Errorf("decodeString of a plain string: %v allocations, want at most 1", n)
	}
	if n := testing.AllocsPerRun(100, func() { _, _ = noteTags(tags) }); n > 3 {
		t.Errorf("noteTags of two plain tags: %v allocations, want at most 3", n)
	}
	note := json.RawMessage(`{"deckName": "Default", "modelName": "Basic", "fields": {"Front": "f", "Back": "b"}, "tags": ["x"]}`)
	if n := testing.AllocsPerRun(100, func() { _, _ = asDict(note) }); n > 1 {
		t.Errorf("asDict of a note: %v allocations, want 1 (common keys shared)", n)
	}
	list := json.RawMessage(`[{"a": 1}, {"b": 2}]`)
	a := Args{act: &entry{}, params: []member{{"notes", list}}}
	items, err := decodeList(a, "notes")
	if err != nil || len(items) != 2 || &items[0][0] != &list[1] {
		t.Errorf("decodeList does not return sub-slices of the request: %q, %v", items, err)
	}
}

// TestCreateNoteAllocations bounds what building a plain Basic note costs,
// so that a fast path that silently stops being taken shows: the note and
// its fields (2), its two field values (2), its tag list and two tags (3),
// and the deck and note type names (2).
func TestCreateNoteAllocations(t *testing.T) {
	srv := NewServer(Config{})
	raw := json.RawMessage(basicNote("Default", "front 1", "back", `, "tags": ["bench", "more"]`))
	_ = srv.Do(context.Background(), func(e *Env) error {
		if _, err := createNote(e, raw); err != nil {
			t.Fatal(err)
		}
		if n := testing.AllocsPerRun(100, func() { _, _ = createNote(e, raw) }); n > 9 {
			t.Errorf("createNote of a plain Basic note: %v allocations, want at most 9", n)
		}
		return nil
	})
}
