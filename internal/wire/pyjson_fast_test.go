package wire

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// decodeErrorValidFirst is decodeError as it was before the scanner took
// json.Valid's place: json.Valid first, the scanner only for what it
// refuses. decodeError must agree with it on every body.
func decodeErrorValidFirst(body []byte) string {
	if utf8.Valid(body) && !bytes.HasPrefix(body, []byte("\ufeff")) && json.Valid(body) {
		return ""
	}
	return decodeError(body)
}

func checkDecodeErrorAgrees(t *testing.T, body []byte) {
	t.Helper()
	if len(body) == 0 {
		return
	}
	if got, want := decodeError(body), decodeErrorValidFirst(body); got != want {
		t.Fatalf("decodeError(%q) = %q, the json.Valid-first version says %q", body, got, want)
	}
}

func TestDecodeErrorAgrees(t *testing.T) {
	bodies := []string{
		`{"action":"deckNames","version":6}`, ` [1, 2.5e-3, -0, true, false, null, "x\u00e9\ud83d\ude00\n"] `,
		`{"a":NaN}`, `[-Infinity, Infinity]`, `{"a":1,}`, `[1,]`, `{"a" 1}`, `"\x01"`, `"\q"`, `"\u12"`, `01`, `1.`,
		`1e`, `-`, `[`, `{`, `"`, `tru`, `nul`, `{"a":1}}`, "\ufeff{}", "{\"a\":\"\xff\"}", `"\ud800"`, `"\udc00\ud800x"`,
		strings.Repeat("[", 10000) + strings.Repeat("]", 10000), strings.Repeat("[", 10001) + strings.Repeat("]", 10001),
		strings.Repeat(`{"a":`, 10000) + "1" + strings.Repeat("}", 10000), strings.Repeat(`{"a":`, 10001) + "1" + strings.Repeat("}", 10001),
	}
	for _, b := range bodies {
		checkDecodeErrorAgrees(t, []byte(b))
	}
	r := rand.New(rand.NewPCG(3, 4))
	for range 5000 {
		v := randomValue(r, 4)
		b, err := json.Marshal(v)
		if err != nil {
			continue
		}
		if decodeError(b) != "" {
			t.Fatalf("decodeError refuses valid JSON %s: %s", b, decodeError(b))
		}
		var indented bytes.Buffer
		_ = json.Indent(&indented, b, " ", "\t")
		checkDecodeErrorAgrees(t, indented.Bytes())
		for range 3 { // damaged copies
			d := bytes.Clone(b)
			switch i := r.IntN(len(d)); r.IntN(3) {
			case 0:
				d = d[:i]
			case 1:
				const junk = `{}[]",:\ 0-.eE+nNI`
				d[i] = junk[r.IntN(len(junk))]
			default:
				d = append(d[:i:i], d[i+1:]...)
			}
			checkDecodeErrorAgrees(t, d)
		}
	}
}

// FuzzDecodeError checks that decodeError, which scans once, agrees with
// the json.Valid-first version, and so accepts all valid JSON.
func FuzzDecodeError(f *testing.F) {
	for _, s := range []string{`{"action":"deckNames","version":6}`, `[NaN,-Infinity]`, `"\ud83d\ude00"`, `{"a":[1,2,{"b":null}]}`, `1.5e+3`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		checkDecodeErrorAgrees(t, body)
	})
}
