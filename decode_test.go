package ankiconnect

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The fast paths of decode.go must give what json.Unmarshal gives through
// the types' UnmarshalJSON: the same values, the same kept JSON (so the same
// MarshalJSON), the same errors.

var keptModels = cmp.AllowUnexported(Model{}, ModelTemplate{}, ModelField{})

func TestModelFastDecode(t *testing.T) {
	results := []string{testResult(t, "findModelsByName"), testResult(t, "findModelsById"),
		`[]`, `null`, ` [ null , {"id": 1} ] `,
		// Unknown members at every level, escaped and case-changed keys.
		`[{"id": 2, "new": {"x": [1, "]"]}, "tmpls": [{"name": "Card 1", "z": "}\""}, null, {"ord": 1}],
		  "flds": [{"name": "Front", "q": null}], "req": [[0, "any", [0]], [1, "all", []]], "css": "a\\\"b"}]`,
		`[{"tmp\u006cs": [{"name": "T", "extra": 1}], "FLDS": [{"Name": "F", "more": true}]}]`,
		`[{"tmpls": null, "flds": [], "req": null}]`,
		`[{"req": [[0, "a\u006ey", [0, 2]], [1, "none", null]]}]`,
	}
	for i, res := range results {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			var want, got []Model
			wantErr := json.Unmarshal([]byte(res), &want)
			gotErr := unmarshalResult([]byte(res), &got)
			if (wantErr == nil) != (gotErr == nil) {
				t.Fatalf("errors: UnmarshalJSON %v, fast %v", wantErr, gotErr)
			}
			if diff := cmp.Diff(want, got, keptModels); diff != "" {
				t.Errorf("fast decode (-UnmarshalJSON +fast):\n%s", diff)
			}
			for j := range want {
				wb, _ := json.Marshal(want[j])
				gb, _ := json.Marshal(got[j])
				if string(wb) != string(gb) {
					t.Errorf("model %d encodes as\n%s\nwant\n%s", j, gb, wb)
				}
			}
			if len(want) > 0 && len(want[0].Templates) > 0 {
				var one, oneFast Model
				obj, _ := json.Marshal(want[0])
				_ = json.Unmarshal(obj, &one)
				if err := unmarshalResult(obj, &oneFast); err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(one, oneFast, keptModels); diff != "" {
					t.Errorf("fast decode of one model (-UnmarshalJSON +fast):\n%s", diff)
				}
			}
		})
	}
}

func TestModelFastDecodeErrors(t *testing.T) {
	for _, res := range []string{
		`[{"id": "x"}]`, `[{"tmpls": [{"ord": "1"}]}]`, `[{"req": [[0, "any"]]}]`,
		`[{"req": [[0, "any", [1.5]]]}]`, `[{"flds": {}}]`, `[{"id": 1}`, `{"id": 1}`, `[1]`,
	} {
		var want, got []Model
		wantErr := json.Unmarshal([]byte(res), &want)
		gotErr := unmarshalResult([]byte(res), &got)
		if !sameError(wantErr, gotErr) {
			t.Errorf("%s: fast decode error %v, want %v", res, gotErr, wantErr)
		}
	}
}

// oldRequirement is TemplateRequirement.UnmarshalJSON without its fast
// path.
func oldRequirement(b []byte) (TemplateRequirement, error) {
	var r TemplateRequirement
	var parts []json.RawMessage
	if err := json.Unmarshal(b, &parts); err != nil {
		return r, err
	}
	if parts == nil {
		return r, nil
	}
	if len(parts) != 3 {
		return r, fmt.Errorf("template requirement has %d elements, want 3", len(parts))
	}
	return r, errors.Join(json.Unmarshal(parts[0], &r.Template), json.Unmarshal(parts[1], &r.Kind),
		json.Unmarshal(parts[2], &r.Fields))
}

func TestTemplateRequirementFastParse(t *testing.T) {
	for _, in := range []string{
		`[0, "any", [0]]`, `[1,"all",[]]`, ` [ 2 , "none" , [ 0 , 1 , 3 ] ] `, `null`, `[]`,
		`[0, "a\u006ey", [0]]`, `[0, "any", null]`, `[0, "any", [1.5]]`, `[0, "any"]`,
		`[0, "any", [0], 4]`, `["0", "any", [0]]`, `[0, 1, [0]]`, `[1e2, "any", [0]]`, `[-1, "any", [-0]]`,
	} {
		want, wantErr := oldRequirement([]byte(in))
		var got TemplateRequirement
		gotErr := json.Unmarshal([]byte(in), &got)
		if (wantErr == nil) != (gotErr == nil) {
			t.Errorf("%s: error %v, want %v", in, gotErr, wantErr)
			continue
		}
		if diff := cmp.Diff(want, got); wantErr == nil && diff != "" {
			t.Errorf("%s (-want +got):\n%s", in, diff)
		}
	}
}

// The list and Maybe results decode through unmarshalResult as through
// their UnmarshalJSON.
func TestResultDecoders(t *testing.T) {
	type tc struct {
		in        string
		new       func() any
		resultErr bool
	}
	for _, c := range []tc{
		{`[{"noteId": 1, "fields": {"F": {"value": "v", "order": 0}}}, {}, null]`, func() any { return new(NoteInfos) }, false},
		{`[{"cardId": 2, "note": 1}, {}]`, func() any { return new(CardInfos) }, false},
		{`[{"cardId": 2, "mod": 5}, {}]`, func() any { return new(CardModTimes) }, false},
		{`[{"noteId": 2, "mod": 5}, {}]`, func() any { return new(NoteModTimes) }, false},
		{`[{"noteId": "x"}]`, func() any { return new(NoteInfos) }, true},
		{`false`, func() any { return new(Maybe[DeckConfigID]) }, false},
		{` null `, func() any { return new(Maybe[DeckConfigID]) }, false},
		{`12`, func() any { return new(Maybe[DeckConfigID]) }, false},
		{`"x"`, func() any { return new(Maybe[DeckConfigID]) }, true},
		{`fals`, func() any { return new(Maybe[DeckConfigID]) }, true},
		{`"aGk="`, func() any { return new(Maybe[[]byte]) }, false},
		{`[{"id": 1, "tmpls": [{"name": "T", "x": 1}]}]`, func() any { return new(Maybe[[]Model]) }, false},
	} {
		want, got := c.new(), c.new()
		wantErr := json.Unmarshal([]byte(c.in), want)
		gotErr := unmarshalResult([]byte(c.in), got)
		if (wantErr != nil) != c.resultErr || (gotErr != nil) != c.resultErr {
			t.Errorf("%s: errors %v (UnmarshalJSON) and %v (fast), want error %v", c.in, wantErr, gotErr, c.resultErr)
		}
		if diff := cmp.Diff(want, got, keptModels); diff != "" {
			t.Errorf("%s (-UnmarshalJSON +fast):\n%s", c.in, diff)
		}
	}
}

// sameError reports whether two decode errors are non-nil and say the same
// but for the names of the Go types decoded into.
func sameError(want, got error) bool {
	var wt, gt *json.UnmarshalTypeError
	var ws, gs *json.SyntaxError
	switch {
	case want == nil || got == nil:
		return false
	case errors.As(want, &wt):
		return errors.As(got, &gt) && wt.Value == gt.Value && lastField(wt.Field) == lastField(gt.Field)
	case errors.As(want, &ws):
		return errors.As(got, &gs) && *ws == *gs
	}
	return want.Error() == got.Error()
}

func lastField(path string) string { return path[strings.LastIndexByte(path, '.')+1:] }

func TestDecodeIDs(t *testing.T) {
	for _, in := range []string{
		`[]`, ` [ ] `, `[1,2,3]`, ` [ -1 , 0 , 9223372036854775807 ] `, `[-9223372036854775808]`,
		`[123456789012345678]`, `[1234567890123456789]`, `[-0]`, "[1,\n\t2]", `null`,
		`[9223372036854775808]`, `[-9223372036854775809]`, `[01]`, `[1.0]`, `[1e3]`, `[null]`, `["1"]`,
		`[1,]`, `[1 2]`, `[-]`, `[1]x`, `[1`, `[`, ``, `[1, {}]`, `[true]`,
	} {
		var want, got []NoteID
		wantErr := json.Unmarshal([]byte(in), &want)
		gotErr := unmarshalResult([]byte(in), &got)
		if (wantErr == nil) != (gotErr == nil) || wantErr != nil && !sameError(wantErr, gotErr) {
			t.Errorf("%q: error %v, want %v", in, gotErr, wantErr)
		}
		if wantErr == nil && (!cmp.Equal(want, got) || (want == nil) != (got == nil)) {
			t.Errorf("%q: got %#v, want %#v", in, got, want)
		}
	}
}

// FuzzNoteInfosDecode checks the notesInfo parser against json.Unmarshal
// through NoteInfos.UnmarshalJSON: the same notes, an error for the same
// inputs.
func FuzzNoteInfosDecode(f *testing.F) {
	f.Add(testResult(f, "notesInfo"))
	for _, s := range []string{
		`[]`, `null`, `[null, {}]`, `[{"noteId": 1, "tags": [], "fields": {}, "cards": []}]`,
		`[{"noteId": 1, "fields": {"Fr\u00f6nt": {"value": "a\"b\\c\/\n\u00e9\u4e2d", "order": 1}}}]`,
		`[{"noteId": 1, "fields": {"F": {"value": "\ud83d\ude00", "order": 0}}}]`,
		`[{"noteId": 1, "extra": {"x": [1, 2.5, null]}, "profile": "User 1"}]`,
		`[{"NoteID": 1}]`, `[{"noteId": 1, "noteId": 2}]`, `[{"note\u0049d": 1}]`,
		`[{"noteId": 1.5}]`, `[{"noteId": 1e3}]`, `[{"noteId": "1"}]`, `[{"noteId": 99999999999999999999}]`,
		`[{"tags": null}]`, `[{"fields": null}]`, `[{"fields": {"F": null}}]`, `[{"cards": [1, -2, 03]}]`,
		"[{\"profile\": \"a\tb\"}]", "[{\"profile\": \"\xff\"}]", `[{"profile": "\x"}]`, `[{"profile": "\u12"}]`,
		`[{"fields": {"F": {"value": "v", "order": 1, "value": "w"}}}]`, `[{"fields": {"F": {"Value": "v"}}}]`,
		`[{"noteId": 1} {"noteId": 2}]`, `[{"noteId": 1},]`, `[{"noteId": 1}] x`, `[{"noteId": 1}`, `[{"noteId" 1}]`,
		`[{"mod": -0, "cards": [9223372036854775807, -9223372036854775808]}]`, `[{"unknown": tru}]`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) { sameDecode[NoteInfos](t, in) })
}

// FuzzCardInfosDecode is FuzzNoteInfosDecode for cardsInfo.
func FuzzCardInfosDecode(f *testing.F) {
	f.Add(testResult(f, "cardsInfo"))
	for _, s := range []string{
		`[]`, `[null, {}]`, `[{"cardId": 1, "nextReviews": ["<1m", "4d"], "flags": 3, "type": 2, "queue": -1}]`,
		`[{"cardId": 1, "question": "<style>a\\\"b</style>\u00e9", "fields": {"F": {"value": "v", "order": 0}}}]`,
		`[{"cardId": 1, "cardID": 2}]`, `[{"cardId": 1, "due": 1.5}]`, `[{"cardId": 1, "interval": -3}]`,
		`[{"cardId": 1, "reps": 99999999999999999999}]`, `[{"cardId": 1, "nextReviews": null}]`,
		`[{"cardId": 1, "extra": [1, {"a": null}]}]`, `[{"cardId": 1, "css": "\ud800"}]`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) { sameDecode[CardInfos](t, in) })
}

// testResult returns the result of testdata/results/<name>.json.
func testResult(tb testing.TB, name string) string {
	tb.Helper()
	b, err := os.ReadFile("testdata/results/" + name + ".json")
	if err != nil {
		tb.Fatal(err)
	}
	var env struct{ Result json.RawMessage }
	if err := json.Unmarshal(b, &env); err != nil {
		tb.Fatal(err)
	}
	return string(env.Result)
}

func TestDeckConfigFastDecode(t *testing.T) {
	kept := cmp.AllowUnexported(DeckConfig{}, DeckConfigNew{}, DeckConfigReview{}, DeckConfigLapse{})
	for _, in := range []string{
		testResult(t, "getDeckConfig"), `null`, ` {} `, `{"dyn": 1, "terms": [["deck:x", 100, 0]], "resched": true}`,
		`{"dyn": 0}`, `{"dyn": true}`, `{"new": null, "rev": {"perDay": 5, "fuzz": 0.05}, "lapse": {"x": "}"}}`,
		`{"ne\u0077": {"perDay": 3, "z": 1}, "REV": {"perDay": 4, "y": 2}}`,
		`{"new": {"delays": "x"}}`, `{"id": "1"}`, `{"new": {}`, `[]`,
	} {
		var want, got DeckConfig
		wantErr := json.Unmarshal([]byte(in), &want)
		gotErr := unmarshalResult([]byte(in), &got)
		if (wantErr == nil) != (gotErr == nil) || wantErr != nil && !sameError(wantErr, gotErr) {
			t.Errorf("%s: error %v, want %v", in, gotErr, wantErr)
			continue
		}
		if wantErr != nil {
			continue
		}
		if diff := cmp.Diff(want, got, kept); diff != "" {
			t.Errorf("%s (-UnmarshalJSON +fast):\n%s", in, diff)
		}
		wb, _ := json.Marshal(want)
		gb, _ := json.Marshal(got)
		if string(wb) != string(gb) {
			t.Errorf("%s: encodes as\n%s\nwant\n%s", in, gb, wb)
		}
	}
}

// The hand parser of decode_models.go takes the fake's and the add-on's
// usual replies itself (a fallback would be correct but slow).
func TestModelParserTakesUsualReplies(t *testing.T) {
	for name, res := range map[string]string{"findModelsByName": testResult(t, "findModelsByName"),
		"findModelsById": testResult(t, "findModelsById"), "modernModel": "[" + modernModel + "]"} {
		if _, ok := parseModels([]byte(res)); !ok {
			t.Errorf("%s: the parser left the reply to json.Unmarshal", name)
		}
	}
	for name, res := range map[string]string{"getDeckConfig": testResult(t, "getDeckConfig"),
		"modernDeckConfig": modernDeckConfig, "filteredDeck": filteredDeck} {
		var c DeckConfig
		if !parseWhole([]byte(res), func(b []byte, v int) int { return parseDeckConfig(b, v, &c) }) {
			t.Errorf("%s: the parser left the reply to json.Unmarshal", name)
		}
	}
}

// FuzzModelsDecode checks the models parser against json.Unmarshal through
// Model.UnmarshalJSON: the same models with the same kept JSON, so the same
// MarshalJSON, and an error for the same inputs.
func FuzzModelsDecode(f *testing.F) {
	f.Add(testResult(f, "findModelsByName"))
	for _, s := range []string{
		`[]`, `null`, `[null]`, `[{}]`, `[{"id": 1, "did": null, "tmpls": [{"did": null, "id": -5}], "flds": []}]`,
		`[{"tmpls": [null]}]`, `[{"flds": [{"sticky": true, "rtl": false, "plainText": null, "x": [1, {"y": "}"}]}]}]`,
		`[{"req": [[0, "any", [0]], [1, "all", []]]}]`, `[{"req": [[0, "\xff", [0]]]}]`, `[{"req": [[0, "any", [0], 1]]}]`,
		`[{"ID": 1}]`, `[{"id": 1, "id": 2}]`, `[{"i\u0064": 1}]`, `[{"ſortf": 1}]`, `[{"id": 1.0}]`, `[{"id": 1e2}]`,
		`[{"type": 99999999999999999999}]`, `[{"name": "\ud800"}]`, "[{\"css\": \"a\tb\"}]", `[{"css": "a\"b\\c\u00e9"}]`,
		`[{"latexsvg": tru}]`, `[{"flds": {}}]`, `[{"tmpls": [{"ord": "1"}]}]`, `[{"id": 1}`, `[{"id": 1}] x`,
		` [ { "id" : 1 , "tmpls" : [ { "name" : "T" } ] } ] `,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		want, got, ok := sameDecode[[]Model](t, in, keptModels)
		for j := range want {
			if ok && j < len(got) {
				sameEncoding(t, in, want[j], got[j])
			}
		}
	})
}

// FuzzDeckConfigDecode is FuzzModelsDecode for getDeckConfig's result.
func FuzzDeckConfigDecode(f *testing.F) {
	f.Add(testResult(f, "getDeckConfig"))
	for _, s := range []string{
		`null`, `{}`, `{"dyn": 1, "terms": [["deck:x", 100, 0]]}`, `{"dyn": 0}`, `{"dyn": null}`, `{"dyn": "x"}`,
		`{"new": null, "rev": {"perDay": 5, "ease4": 1.3, "fuzz": 0.05}, "lapse": {"delays": [10, 1.5e1], "x": "}"}}`,
		`{"new": {"delays": [1, null, -0.5E-3], "ints": [1, 4, 0]}}`, `{"new": {"ints": [1.5]}}`, `{"rev": {"ease4": 1e400}}`,
		`{"rev": {"ease4": 01}}`, `{"rev": {"ease4": -}}`, `{"rev": {"ease4": 1.}}`, `{"rev": {"ease4": .5}}`,
		`{"ne\u0077": {"perDay": 3}}`, `{"REV": {"perDay": 4}}`, `{"new": {"perDay": 1, "perDay": 2}}`,
		`{"new": {"delays": "x"}}`, `{"id": "1"}`, `{"new": {}`, `[]`, `{"autoplay": true, "replayq": false, "timer": null}`,
	} {
		f.Add(s)
	}
	kept := cmp.AllowUnexported(DeckConfig{}, DeckConfigNew{}, DeckConfigReview{}, DeckConfigLapse{})
	f.Fuzz(func(t *testing.T, in string) {
		if want, got, ok := sameDecode[DeckConfig](t, in, kept); ok {
			sameEncoding(t, in, want, got)
		}
	})
}

// sameDecode decodes in with json.Unmarshal (through the types'
// UnmarshalJSON) and with unmarshalResult, fails t where they differ, and
// returns both results, ok when both decoded.
func sameDecode[T any](t *testing.T, in string, opts ...cmp.Option) (want, got T, ok bool) {
	t.Helper()
	wantErr := json.Unmarshal([]byte(in), &want)
	gotErr := unmarshalResult([]byte(in), &got)
	if (wantErr == nil) != (gotErr == nil) {
		t.Fatalf("%q: error %v, want %v", in, gotErr, wantErr)
	}
	if wantErr != nil {
		return want, got, false
	}
	if diff := cmp.Diff(want, got, opts...); diff != "" {
		t.Errorf("%q (-UnmarshalJSON +parser):\n%s", in, diff)
	}
	return want, got, true
}

// sameEncoding fails t when MarshalJSON of the two decodes differs.
func sameEncoding(t *testing.T, in string, want, got any) {
	t.Helper()
	wb, werr := json.Marshal(want)
	gb, gerr := json.Marshal(got)
	if string(wb) != string(gb) || (werr == nil) != (gerr == nil) {
		t.Errorf("%q: encodes as %s (%v), want %s (%v)", in, gb, gerr, wb, werr)
	}
}
