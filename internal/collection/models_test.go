package collection

import (
	"encoding/json"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestStockModelJSON(t *testing.T) {
	c := newTestCollection()
	b, err := json.Marshal(c.ModelByName("Basic (optional reversed card)"))
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for k := range got {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	want := []string{"css", "did", "flds", "id", "latexPost", "latexPre", "latexsvg", "mod", "name",
		"originalStockKind", "req", "sortf", "tmpls", "type", "usn"}
	if diff := cmp.Diff(want, keys); diff != "" {
		t.Errorf("model keys (-want +got):\n%s", diff)
	}
	wantReq := []any{[]any{0.0, "any", []any{0.0}}, []any{1.0, "all", []any{1.0, 2.0}}}
	if diff := cmp.Diff(wantReq, got["req"]); diff != "" {
		t.Errorf("req (-want +got):\n%s", diff)
	}
	fld := got["flds"].([]any)[2].(map[string]any)
	wantFld := map[string]any{"name": "Add Reverse", "ord": 2.0, "sticky": false, "rtl": false, "font": "Arial",
		"size": 20.0, "description": "", "plainText": false, "collapsed": false, "excludeFromSearch": false,
		"id": fld["id"], "tag": nil, "preventDeletion": false}
	if diff := cmp.Diff(wantFld, fld); diff != "" {
		t.Errorf("field JSON (-want +got):\n%s", diff)
	}
	if got["originalStockKind"] != 3.0 || got["css"] != DefaultCSS || got["did"] != nil {
		t.Errorf("model JSON: %v %q %v", got["originalStockKind"], got["css"], got["did"])
	}
}

func TestModelJSONKeepsUnknownKeys(t *testing.T) {
	in := `{"id": 5, "name": "X", "type": 0, "flds": [{"name": "F", "ord": 0, "media": [], "font": "Arial"}],
		"tmpls": [{"name": "C", "qfmt": "{{F}}", "afmt": "", "future": {"a": 1}}], "vers": [], "req": "ignored"}`
	var m Model
	if err := json.Unmarshal([]byte(in), &m); err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(&m)
	var got map[string]any
	_ = json.Unmarshal(b, &got)
	if diff := cmp.Diff([]any{}, got["vers"]); diff != "" {
		t.Errorf("vers (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]any{[]any{0.0, "any", []any{0.0}}}, got["req"]); diff != "" {
		t.Errorf("req recomputed (-want +got):\n%s", diff)
	}
	tmpl := got["tmpls"].([]any)[0].(map[string]any)
	if diff := cmp.Diff(map[string]any{"a": 1.0}, tmpl["future"]); diff != "" {
		t.Errorf("template extra (-want +got):\n%s", diff)
	}
	if fld := got["flds"].([]any)[0].(map[string]any); fld["media"] == nil {
		t.Errorf("field extra lost: %v", fld)
	}
}
