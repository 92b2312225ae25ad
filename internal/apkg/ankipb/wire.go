package ankipb

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"google.golang.org/protobuf/encoding/protowire"
)

// The wire format, and messages decoded to and encoded from JSON objects
// by tables of their fields (specs.go).

// Field is one field of a protobuf message as it appears on the wire.
type Field struct {
	Num  protowire.Number
	Type protowire.Type
	V    uint64 // the value of a varint, fixed32 or fixed64 field
	B    []byte // the value of a length-delimited field
}

// Walk calls fn for each field of the protobuf message b, in wire order,
// and skips groups. Bytes that are not a message are an error; so is any
// error fn returns, which ends the walk.
func Walk(b []byte, fn func(Field) error) error {
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return fmt.Errorf("not a protobuf message: %v", protowire.ParseError(n))
		}
		b = b[n:]
		f := Field{Num: num, Type: typ}
		switch typ {
		case protowire.VarintType:
			f.V, n = protowire.ConsumeVarint(b)
		case protowire.Fixed32Type:
			var v uint32
			v, n = protowire.ConsumeFixed32(b)
			f.V = uint64(v)
		case protowire.Fixed64Type:
			f.V, n = protowire.ConsumeFixed64(b)
		case protowire.BytesType:
			f.B, n = protowire.ConsumeBytes(b)
		default:
			n = protowire.ConsumeFieldValue(num, typ, b)
		}
		if n < 0 {
			return fmt.Errorf("not a protobuf message: field %d: %v", num, protowire.ParseError(n))
		}
		b = b[n:]
		if typ == protowire.StartGroupType {
			continue
		}
		if err := fn(f); err != nil {
			return err
		}
	}
	return nil
}

// pbKind is how a message field maps onto a JSON value.
type pbKind uint8

const (
	pbString   pbKind = iota // string
	pbBool                   // bool
	pbNotBool                // bool, the JSON value negated (autoplay and disable_autoplay)
	pbUint                   // uint32, negative JSON values stored as 0
	pbInt                    // int32, int64 or an enum
	pbFloat                  // float
	pbFloats                 // repeated float (packed, or not)
	pbOptInt                 // optional int64: the JSON key is absent when the field is
	pbOptUint                // optional uint32
	pbOptFloat               // optional float
)

// pbSpec maps field Num of a message onto the JSON key Key; a key "a.b"
// is member b of the object a.
type pbSpec struct {
	Num  protowire.Number
	Key  string
	Kind pbKind
}

// pbOther is the field in which Anki keeps, as a JSON object, the schema
// 11 keys it has no field for.
const pbOther protowire.Number = 255

// wireType is the wire type of a field of kind k.
func (k pbKind) wireType() protowire.Type {
	switch k {
	case pbString, pbFloats:
		return protowire.BytesType
	case pbFloat, pbOptFloat:
		return protowire.Fixed32Type
	}
	return protowire.VarintType
}

// f32JSON is a float as Anki writes it in JSON: the shortest text that
// reads back as the same float32, so 1.3 stays 1.3 rather than
// 1.2999999523162842; 0 for NaN and the infinities, which JSON cannot
// hold (Anki writes null, which the fake reads as 0).
func f32JSON(bits uint32) json.Number {
	f := float64(math.Float32frombits(bits))
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "0"
	}
	return json.Number(strconv.FormatFloat(f, 'g', -1, 32))
}

// f32 is the float32 whose bits a fixed32 field holds.
func f32(v uint64) float32 { return math.Float32frombits(uint32(v)) }

// pbDecode decodes message b onto obj by specs: every key of a plain
// field is set (to its zero value when the field is absent), an optional
// one only when present. Fields specs does not name go to rest, when it is
// not nil, else are skipped; the other field's bytes are returned.
func pbDecode(b []byte, specs []pbSpec, obj map[string]any, rest func(Field) error) (other []byte, err error) {
	for _, s := range specs {
		var zero any
		switch s.Kind {
		case pbString:
			zero = ""
		case pbBool:
			zero = false
		case pbNotBool:
			zero = true
		case pbUint, pbInt:
			zero = int64(0)
		case pbFloat:
			zero = json.Number("0")
		case pbFloats:
			zero = []any{}
		default:
			continue
		}
		setPath(obj, s.Key, zero)
	}
	err = Walk(b, func(f Field) error {
		i := slices.IndexFunc(specs, func(s pbSpec) bool { return s.Num == f.Num })
		if i < 0 {
			if f.Num == pbOther && f.Type == protowire.BytesType {
				other = f.B
				return nil
			}
			if rest != nil {
				return rest(f)
			}
			return nil
		}
		s := specs[i]
		if s.Kind == pbFloats {
			return decodeFloats(f, obj, s.Key)
		}
		if f.Type != s.Kind.wireType() {
			return fmt.Errorf("field %d (%s) has wire type %d", f.Num, s.Key, f.Type)
		}
		var v any
		switch s.Kind {
		case pbString:
			v = string(f.B)
		case pbBool:
			v = f.V != 0
		case pbNotBool:
			v = f.V == 0
		case pbUint, pbOptUint:
			v = int64(uint32(f.V))
		case pbInt, pbOptInt:
			v = int64(f.V)
		case pbFloat, pbOptFloat:
			v = f32JSON(uint32(f.V))
		}
		setPath(obj, s.Key, v)
		return nil
	})
	return other, err
}

// decodeFloats appends the values of a repeated float field, packed or
// not, to the list at key.
func decodeFloats(f Field, obj map[string]any, key string) error {
	list, _ := getPath(obj, key).([]any)
	switch f.Type {
	case protowire.Fixed32Type:
		list = append(list, f32JSON(uint32(f.V)))
	case protowire.BytesType:
		if len(f.B)%4 != 0 {
			return fmt.Errorf("field %d (%s): packed floats of %d bytes", f.Num, key, len(f.B))
		}
		for b := f.B; len(b) > 0; {
			v, n := protowire.ConsumeFixed32(b)
			list = append(list, f32JSON(v))
			b = b[n:]
		}
	default:
		return fmt.Errorf("field %d (%s) has wire type %d", f.Num, key, f.Type)
	}
	setPath(obj, key, list)
	return nil
}

// pbEncode appends the fields specs names, taken from obj, to b, as
// Anki's protobuf writer does: fields at their zero value and absent
// optional fields are left out.
func pbEncode(b []byte, specs []pbSpec, obj map[string]any) []byte {
	for _, s := range specs {
		v := getPath(obj, s.Key)
		if v == nil && s.Kind != pbNotBool {
			continue
		}
		switch s.Kind {
		case pbString:
			if str, _ := v.(string); str != "" {
				b = protowire.AppendTag(b, s.Num, protowire.BytesType)
				b = protowire.AppendString(b, str)
			}
		case pbBool, pbNotBool:
			if jsonBool(v) != (s.Kind == pbNotBool) {
				b = protowire.AppendTag(b, s.Num, protowire.VarintType)
				b = protowire.AppendVarint(b, 1)
			}
		case pbUint, pbInt, pbOptUint, pbOptInt:
			n := jsonInt(v)
			if s.Kind == pbUint || s.Kind == pbOptUint {
				n = min(max(n, 0), math.MaxUint32)
			}
			if n != 0 || s.Kind == pbOptUint || s.Kind == pbOptInt {
				b = protowire.AppendTag(b, s.Num, protowire.VarintType)
				b = protowire.AppendVarint(b, uint64(n))
			}
		case pbFloat, pbOptFloat:
			if f := float32(jsonFloat(v)); f != 0 || s.Kind == pbOptFloat {
				b = protowire.AppendTag(b, s.Num, protowire.Fixed32Type)
				b = protowire.AppendFixed32(b, math.Float32bits(f))
			}
		case pbFloats:
			list, _ := v.([]any)
			if len(list) == 0 {
				continue
			}
			packed := make([]byte, 0, 4*len(list))
			for _, x := range list {
				packed = protowire.AppendFixed32(packed, math.Float32bits(float32(jsonFloat(x))))
			}
			b = protowire.AppendTag(b, s.Num, protowire.BytesType)
			b = protowire.AppendBytes(b, packed)
		}
	}
	return b
}

// appendMessage appends a message field.
func appendMessage(b []byte, num protowire.Number, msg []byte) []byte {
	b = protowire.AppendTag(b, num, protowire.BytesType)
	return protowire.AppendBytes(b, msg)
}

// appendOther appends, as the other field, the members of obj whose keys
// are not in reserved, as a JSON object; nothing when there are none.
func appendOther(b []byte, obj map[string]any, reserved map[string]bool) ([]byte, error) {
	rest := map[string]any{}
	for k, v := range obj {
		if !reserved[k] {
			rest[k] = v
		}
	}
	if len(rest) == 0 {
		return b, nil
	}
	js, err := json.Marshal(rest)
	if err != nil {
		return nil, err
	}
	return appendMessage(b, pbOther, js), nil
}

// mergeOther adds the members of the JSON object other to obj, but those
// whose keys are reserved or already set. Like Anki, it ignores an other
// field that is not a JSON object.
func mergeOther(obj map[string]any, other []byte, reserved map[string]bool) {
	if len(other) == 0 {
		return
	}
	var m map[string]any
	d := json.NewDecoder(strings.NewReader(string(other)))
	d.UseNumber()
	if d.Decode(&m) != nil {
		return
	}
	for k, v := range m {
		if _, set := obj[k]; !set && !reserved[k] {
			obj[k] = v
		}
	}
}

// keySet returns the set of keys.
func keySet(keys ...string) map[string]bool {
	m := make(map[string]bool, len(keys))
	for _, k := range keys {
		m[k] = true
	}
	return m
}

// getPath returns the member at key ("a.b" for member b of object a), or
// nil.
func getPath(obj map[string]any, key string) any {
	for {
		head, tail, nested := strings.Cut(key, ".")
		if !nested {
			return obj[head]
		}
		sub, ok := obj[head].(map[string]any)
		if !ok {
			return nil
		}
		obj, key = sub, tail
	}
}

// setPath sets the member at key, making the objects on its way.
func setPath(obj map[string]any, key string, v any) {
	for {
		head, tail, nested := strings.Cut(key, ".")
		if !nested {
			obj[head] = v
			return
		}
		sub, ok := obj[head].(map[string]any)
		if !ok {
			sub = map[string]any{}
			obj[head] = sub
		}
		obj, key = sub, tail
	}
}

// jsonObject decodes a JSON object keeping numbers as json.Number.
func jsonObject(b []byte) (map[string]any, error) {
	var m map[string]any
	d := json.NewDecoder(strings.NewReader(string(b)))
	d.UseNumber()
	if err := d.Decode(&m); err != nil {
		return nil, err
	}
	return m, nil
}

// jsonInt reads a JSON value as an integer the way Anki's lenient readers
// do: numbers (truncated), strings of digits and booleans; 0 otherwise.
func jsonInt(v any) int64 {
	switch v := v.(type) {
	case json.Number:
		if n, err := v.Int64(); err == nil {
			return n
		}
		f, _ := v.Float64()
		return int64(f)
	case string:
		n, _ := strconv.ParseInt(v, 10, 64)
		return n
	case bool:
		if v {
			return 1
		}
	case int64:
		return v
	}
	return 0
}

// jsonFloat reads a JSON value as a number; 0 when it is not one.
func jsonFloat(v any) float64 {
	switch v := v.(type) {
	case json.Number:
		f, _ := v.Float64()
		return f
	case int64:
		return float64(v)
	case float64:
		return v
	}
	return 0
}

// jsonBool reads a JSON value as a boolean: true, or a non-zero number.
func jsonBool(v any) bool {
	switch v := v.(type) {
	case bool:
		return v
	case json.Number, int64:
		return jsonFloat(v) != 0
	}
	return false
}
