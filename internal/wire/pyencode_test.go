package wire

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// encodeStringPalette holds the pieces random strings are made of: every
// kind of character the encoders treat differently.
var encodeStringPalette = []string{
	"a", "Z", "0", " ", "~", "\x7f", `"`, `\`, "/", "<", ">", "&", `\u003c`, `\u0026`,
	"\x00", "\x01", "\b", "\f", "\n", "\r", "\t", "\x1b", "\x1f",
	"é", "€", "\u2028", "\u2029", "\ufffd", "\ufeff", "😀", "\U0010ffff", "中文",
	"\xff", "\xc3", "\xe2\x82", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xc0\xaf",
	":", ",", "{", "}", "[", "]", ", ", ": ",
}

func randomString(r *rand.Rand) string {
	var b strings.Builder
	for range r.IntN(8) {
		b.WriteString(encodeStringPalette[r.IntN(len(encodeStringPalette))])
	}
	return b.String()
}

var encodeFloats = []float64{
	0, math.Copysign(0, -1), 1, -1, 0.5, 1.5, 100, 1e6, 1e20, 1e21, 1e-6, 1e-7, 123456789.125,
	-1e-7, 5e-324, math.MaxFloat64, math.SmallestNonzeroFloat64, 1.0 / 3, 12345678901234567890,
	math.NaN(), math.Inf(1), math.Inf(-1),
}

type encodeStruct struct {
	A string `json:"a"`
	B any    `json:"b,omitempty"`
}

type namedList []string

// randomValue makes a value of one of the types the reply encoder handles
// itself, or of one it hands to encodePython, nested up to depth.
func randomValue(r *rand.Rand, depth int) any {
	kinds := 30
	if depth <= 0 {
		kinds = 12 // scalars only
	}
	switch r.IntN(kinds) {
	case 0:
		return nil
	case 1, 2:
		return randomString(r)
	case 3:
		return r.IntN(2) == 0
	case 4:
		return r.IntN(2000) - 1000
	case 5:
		return int64(r.Uint64())
	case 6:
		return int32(r.Uint32())
	case 7:
		return r.Uint64()
	case 8:
		return encodeFloats[r.IntN(len(encodeFloats))]
	case 9:
		return math.Float64frombits(r.Uint64())
	case 10:
		return float32(r.NormFloat64() * 1e10)
	case 11:
		return json.Number("12.50")
	case 12:
		var msg *string
		if r.IntN(2) == 0 {
			s := randomString(r)
			msg = &s
		}
		return envelope{Result: randomValue(r, depth-1), Error: msg}
	case 13:
		if r.IntN(4) == 0 {
			return []string(nil)
		}
		out := []string{}
		for range r.IntN(4) {
			out = append(out, randomString(r))
		}
		return out
	case 14:
		if r.IntN(4) == 0 {
			return []int64(nil)
		}
		out := []int64{}
		for range r.IntN(4) {
			out = append(out, int64(r.Uint64()))
		}
		return out
	case 15:
		return []int{r.Int(), -r.IntN(10)}
	case 16:
		return []bool{true, r.IntN(2) == 0}
	case 17, 18:
		if r.IntN(5) == 0 {
			return []any(nil)
		}
		out := []any{}
		for range r.IntN(4) {
			out = append(out, randomValue(r, depth-1))
		}
		return out
	case 19, 20:
		if r.IntN(5) == 0 {
			return map[string]any(nil)
		}
		out := map[string]any{}
		for range r.IntN(4) {
			out[randomString(r)] = randomValue(r, depth-1)
		}
		return out
	case 21:
		return map[string]string{randomString(r): randomString(r), randomString(r): randomString(r)}
	case 22:
		return map[string]int64{randomString(r): int64(r.Uint64()), "b": -1}
	case 23:
		return map[string]int{randomString(r): r.Int(), "": 0}
	case 24:
		return map[string]bool{randomString(r): true, randomString(r): false}
	case 25:
		var o orderedObject
		for range r.IntN(4) {
			o = append(o, keyValue{randomString(r), randomValue(r, depth-1)})
		}
		return o
	case 26:
		raws := []string{`{"a":1, "b" : [1,2]}`, ` "x<>&\u003c" `, `"é😀"`, `[1,2,`, `null`, "\"\u2028\"", `{"\u0026":"é"}`}
		return json.RawMessage(raws[r.IntN(len(raws))])
	case 27:
		return encodeStruct{A: randomString(r), B: randomValue(r, depth-1)}
	case 28:
		return namedList{randomString(r)}
	default:
		return []byte(randomString(r))
	}
}

// checkEncodersAgree fails t unless encodeReply and encodePython make the
// same bytes, or the same error, of v.
func checkEncodersAgree(t *testing.T, v any) {
	t.Helper()
	want, wantErr := encodePython(v)
	got, gotErr := encodeReply(v)
	switch {
	case (wantErr == nil) != (gotErr == nil):
		t.Fatalf("%#v: encodePython error %v, encodeReply error %v", v, wantErr, gotErr)
	case wantErr != nil && wantErr.Error() != gotErr.Error():
		t.Fatalf("%#v: encodePython error %q, encodeReply error %q", v, wantErr, gotErr)
	case !bytes.Equal(got, want):
		t.Fatalf("%#v:\nencodePython %s\nencodeReply  %s", v, want, got)
	}
}

// encodeReply is encodePython(v) through the fast path where it can, as
// Server.jsonResponse encodes a reply (there into a reused buffer).
func encodeReply(v any) ([]byte, error) {
	if b, ok := appendPython(make([]byte, 0, 64), v); ok {
		return b, nil
	}
	slowEncodes.Add(1)
	return encodePython(v)
}

func TestEncodersAgree(t *testing.T) {
	for _, v := range []any{
		nil, "", "x", "\x00\x1f\x7f", `"\`, "<>&", `\u003c`, "é€😀\U0010ffff", "\u2028\u2029", "\xff\xc3(", "\ufffd",
		true, false, 0, -1, int64(math.MinInt64), uint64(math.MaxUint64), int32(-5),
		[]string(nil), []string{}, []string{"Default", "a::b"}, []int64(nil), []int64{1, -2}, []int{}, []bool{false},
		[]any(nil), []any{}, []any{nil, "x", 1, 1.5, []any{map[string]any{}}},
		map[string]any(nil), map[string]any{}, map[string]any{"b": 1, "a": []string{"x"}, "é": nil, "\x00": true},
		map[string]int64{"z": 1, "a": 2}, map[string]string{"apiVersion": MsgBanner}, map[string]int{}, map[string]bool{"x": true},
		orderedObject(nil), orderedObject{{"b", 1}, {"a", "<é>"}}, orderedObject{{"x", math.NaN()}},
		envelope{}, envelope{Result: []string{"Default"}}, errorEnvelope("boom <&> é"), errorEnvelope(""),
		envelope{Result: encodeStruct{A: "x"}}, envelope{Result: math.Inf(1)}, []any{json.RawMessage(`[1,`)},
		json.RawMessage(`{"a": 1,"b":"\u003c"}`), []byte("x"), namedList(nil), map[int]string{2: "b", 10: "a"},
	} {
		checkEncodersAgree(t, v)
	}
	for _, f := range encodeFloats {
		checkEncodersAgree(t, f)
		checkEncodersAgree(t, -f)
		checkEncodersAgree(t, []any{f, map[string]any{"f": f}})
	}
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{63, 64, 65, 1000} { // long enough for growFor
		ids, names, items := make([]int64, n), make([]string, n), make([]any, n)
		m := map[string]any{}
		for i := range n {
			ids[i], names[i], items[i] = int64(r.Uint64()), randomString(r), randomValue(r, 2)
			m[randomString(r)] = randomValue(r, 1)
		}
		for _, v := range []any{ids, names, items, m, envelope{Result: ids}, orderedObject{{"names", names}}} {
			checkEncodersAgree(t, v)
		}
	}
	for range 20000 {
		checkEncodersAgree(t, randomValue(r, 4))
	}
	for range 5000 {
		checkEncodersAgree(t, math.Float64frombits(r.Uint64()))
	}
}

// FuzzEncodersAgree checks the reply encoder against encodePython on values
// made of the fuzzer's string and float, and on random nested values drawn
// from its seed.
func FuzzEncodersAgree(f *testing.F) {
	f.Add("Default", 1.5, uint64(0))
	f.Add("é😀\x00\"\\<\u2028", 1e21, uint64(7))
	f.Add("\xff\xed\xa0\x80", math.SmallestNonzeroFloat64, uint64(99))
	f.Fuzz(func(t *testing.T, s string, x float64, seed uint64) {
		for _, v := range []any{
			s, x, []string{s, s}, map[string]any{s: x, "k": []any{s}}, map[string]string{s: s},
			envelope{Result: []any{s, x, nil, true}, Error: &s}, orderedObject{{s, x}, {"a", s}},
			[]any{json.RawMessage(s)}, encodeStruct{A: s},
		} {
			checkEncodersAgree(t, v)
		}
		r := rand.New(rand.NewPCG(seed, math.Float64bits(x)))
		for range 20 {
			checkEncodersAgree(t, randomValue(r, 3))
		}
	})
}

// TestEncodeFastPath checks that the common replies never reach
// encodePython.
func TestEncodeFastPath(t *testing.T) {
	msg := "boom"
	for _, v := range []any{
		envelope{Result: []string{"Default"}}, envelope{Result: []int64{1, 2}}, envelope{Result: nil, Error: &msg},
		envelope{Result: map[string]int64{"Default": 1}}, envelope{Result: []any{true, 6, 1.5, "x", nil}},
		envelope{Result: orderedObject{{"a", []bool{true}}}}, map[string]string{"apiVersion": MsgBanner},
		[]any{envelope{Result: map[string]any{"x": []any{}}}}, map[string]bool{"x": true}, map[string]int{"x": 1},
	} {
		before := slowEncodes.Load()
		if _, err := encodeReply(v); err != nil {
			t.Fatalf("%#v: %v", v, err)
		}
		if n := slowEncodes.Load() - before; n != 0 {
			t.Errorf("%#v: %d values went to encodePython", v, n)
		}
	}
}
