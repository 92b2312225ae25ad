package ankipb

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Schema 11 objects in the form Anki writes them, the seeds of the tests.
const (
	basicJSON = `{"id":1342697561419,"name":"Basic","type":0,"mod":1700000000,"usn":-1,"sortf":0,"did":1,
		"tmpls":[{"name":"Card 1","ord":0,"qfmt":"{{Front}}","afmt":"{{FrontSide}}<hr id=answer>{{Back}}","bqfmt":"","bafmt":"","did":null,"bfont":"","bsize":0,"id":-4}],
		"flds":[{"name":"Front","ord":0,"sticky":false,"rtl":false,"font":"Arial","size":20,"description":"","plainText":false,"collapsed":false,"excludeFromSearch":false,"id":77,"tag":null,"preventDeletion":false},
		        {"name":"Back","ord":1,"sticky":true,"rtl":false,"font":"Arial","size":20,"description":"d","plainText":false,"collapsed":false,"excludeFromSearch":false,"id":78,"tag":2,"preventDeletion":false}],
		"css":".card {}","latexPre":"pre","latexPost":"post","latexsvg":false,"req":[[0,"any",[0]],[1,"all",[0,1]],[2,"none",[]]],"originalStockKind":1,"vers":[]}`
	deckJSON = `{"id":5,"name":"A::B","mod":3,"usn":-1,"lrnToday":[9,1],"revToday":[9,2],"newToday":[9,3],"timeToday":[9,4000],
		"collapsed":true,"browserCollapsed":false,"desc":"hi","dyn":0,"conf":7,"extendNew":0,"extendRev":5,"reviewLimit":100,
		"reviewLimitToday":{"limit":5,"today":9},"desiredRetention":85,"addon":{"x":1}}`
	filteredJSON = `{"id":6,"name":"F","mod":3,"usn":0,"lrnToday":[0,0],"revToday":[0,0],"newToday":[0,0],"timeToday":[0,0],
		"collapsed":false,"browserCollapsed":false,"desc":"","dyn":1,"resched":true,"terms":[["is:due",50,6]],"separate":true,
		"delays":[1.5,10],"previewDelay":0,"previewAgainSecs":60,"previewHardSecs":600,"previewGoodSecs":0}`
	deckConfigJSON = `{"id":1,"mod":0,"name":"Default","usn":0,"maxTaken":60,"autoplay":true,"timer":0,"replayq":true,
		"new":{"bury":false,"delays":[1,10],"initialFactor":2500,"ints":[1,4,0],"order":1,"perDay":20,"separate":true},
		"rev":{"bury":false,"ease4":1.3,"ivlFct":1,"maxIvl":36500,"perDay":200,"hardFactor":1.2},
		"lapse":{"delays":[10],"leechAction":1,"leechFails":8,"minInt":1,"mult":0},"dyn":false,"newMix":0,
		"newPerDayMinimum":0,"interdayLearningMix":0,"reviewOrder":0,"newSortOrder":0,"newGatherPriority":0,
		"buryInterdayLearning":false,"fsrsWeights":[],"fsrsParams5":[],"fsrsParams6":[],"desiredRetention":0.9,
		"ignoreRevlogsBeforeDate":"","easyDaysPercentages":[1,1,1,1,1,1,1],"stopTimerOnAnswer":false,
		"secondsToShowQuestion":0,"secondsToShowAnswer":0,"questionAction":0,"answerAction":0,"waitForAudio":true,
		"sm2Retention":0.9,"weightSearch":""}`
)

// object decodes JSON for comparisons.
func object(t testing.TB, js []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(js, &v); err != nil {
		t.Fatalf("%v: %s", err, js)
	}
	return v
}

// TestRoundTrips: schema 11 objects as Anki writes them come back from
// their blobs as they went.
func TestRoundTrips(t *testing.T) {
	row := func(v any) Row {
		m := v.(map[string]any)
		return Row{ID: int64(m["id"].(float64)), Name: m["name"].(string), Mtime: int64(m["mod"].(float64)), Usn: int64(m["usn"].(float64))}
	}
	config, fields, templates, err := NotetypeFromJSON([]byte(basicJSON))
	if err != nil {
		t.Fatal(err)
	}
	got, err := NotetypeToJSON(row(object(t, []byte(basicJSON))), config, fields, templates)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(object(t, []byte(basicJSON)), object(t, got)); diff != "" {
		t.Errorf("note type (-want +got):\n%s", diff)
	}
	for _, js := range []string{deckJSON, filteredJSON} {
		common, kind, err := DeckFromJSON([]byte(js))
		if err != nil {
			t.Fatal(err)
		}
		got, err := DeckToJSON(row(object(t, []byte(js))), common, kind)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(object(t, []byte(js)), object(t, got)); diff != "" {
			t.Errorf("deck (-want +got):\n%s", diff)
		}
	}
	blob, err := DeckConfigFromJSON([]byte(deckConfigJSON))
	if err != nil {
		t.Fatal(err)
	}
	got, err = DeckConfigToJSON(row(object(t, []byte(deckConfigJSON))), blob)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(object(t, []byte(deckConfigJSON)), object(t, got)); diff != "" {
		t.Errorf("option group (-want +got):\n%s", diff)
	}
}

// TestWireForms: a repeated float field reads alike packed (as Anki
// writes it) and unpacked, an other field that is not a JSON object is
// ignored, and integers Anki would truncate come back rounded.
func TestWireForms(t *testing.T) {
	r := Row{ID: 1, Name: "x"}
	packed := "\x0a\x08\x00\x00\x80\x3f\x00\x00\x20\x41"   // learn_steps [1, 10], packed
	unpacked := "\x0d\x00\x00\x80\x3f\x0d\x00\x00\x20\x41" // the same, one field each
	ease := "\x5d\x0e\x2d\x02\x41"                         // initial_ease 8.136 (float32 8.13599967...)
	other := "\xfa\x0f\x03no!"                             // other: not JSON
	for _, blob := range []string{packed + ease, unpacked + ease + other} {
		js, err := DeckConfigToJSON(r, []byte(blob))
		if err != nil {
			t.Fatal(err)
		}
		m := object(t, js).(map[string]any)
		got := []any{m["new"].(map[string]any)["delays"], m["new"].(map[string]any)["initialFactor"]}
		if diff := cmp.Diff([]any{[]any{1.0, 10.0}, 8136.0}, got); diff != "" {
			t.Errorf("%q: new.delays and new.initialFactor (-want +got):\n%s", blob, diff)
		}
	}
	js, err := NotetypeToJSON(r, []byte("\x1a\x02ab"+other), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"id": 1.0, "name": "x", "mod": 0.0, "usn": 0.0, "type": 0.0, "sortf": 0.0, "css": "ab", "did": nil,
		"latexPre": "", "latexPost": "", "latexsvg": false, "originalStockKind": 0.0, "flds": []any{}, "tmpls": []any{}, "req": []any{}}
	if diff := cmp.Diff(want, object(t, js)); diff != "" {
		t.Errorf("note type with a bad other (-want +got):\n%s", diff)
	}
}

// FuzzToJSON: no blob makes a decoder panic, and what decodes encodes to
// blobs that decode to the same JSON.
func FuzzToJSON(f *testing.F) {
	config, fields, _, err := NotetypeFromJSON([]byte(basicJSON))
	if err != nil {
		f.Fatal(err)
	}
	common, kind, err := DeckFromJSON([]byte(filteredJSON))
	if err != nil {
		f.Fatal(err)
	}
	dc, err := DeckConfigFromJSON([]byte(deckConfigJSON))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(config, fields[1].Config, dc)
	f.Add(common, kind, fields[0].Config)
	f.Fuzz(func(t *testing.T, a, b, c []byte) {
		r := Row{ID: 7, Name: "x"}
		same := func(what string, first, second []byte) {
			if diff := cmp.Diff(object(t, first), object(t, second)); diff != "" {
				t.Errorf("%s after a second round (-first +second):\n%s", what, diff)
			}
		}
		parts := []Part{{0, "f", b}}
		if js, err := NotetypeToJSON(r, a, parts, parts); err == nil {
			config, fields, templates, err := NotetypeFromJSON(js)
			if err != nil {
				t.Fatalf("encoding a decoded note type: %v", err)
			}
			again, err := NotetypeToJSON(r, config, fields, templates)
			if err != nil {
				t.Fatalf("decoding an encoded note type: %v", err)
			}
			same("note type", js, again)
		}
		if js, err := DeckToJSON(r, a, b); err == nil {
			common, kind, err := DeckFromJSON(js)
			if err != nil {
				t.Fatalf("encoding a decoded deck: %v", err)
			}
			again, err := DeckToJSON(r, common, kind)
			if err != nil {
				t.Fatalf("decoding an encoded deck: %v", err)
			}
			same("deck", js, again)
		}
		if js, err := DeckConfigToJSON(r, c); err == nil {
			blob, err := DeckConfigFromJSON(js)
			if err != nil {
				t.Fatalf("encoding a decoded option group: %v", err)
			}
			again, err := DeckConfigToJSON(r, blob)
			if err != nil {
				t.Fatalf("decoding an encoded option group: %v", err)
			}
			same("option group", js, again)
		}
	})
}
