package ankiconnect

import (
	"bytes"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"
)

// encoding/json writes U+FFFD in place of bytes that are not UTF-8, so a
// field value read from a file in another encoding would reach Anki changed,
// with no error. The request path refuses such a request instead
// (ErrInvalidUTF8). The check costs a scan of the encoded request for the
// escape encoding/json writes for each such byte, \ufffd (a real U+FFFD
// is written as itself); only when the escape is there (a replaced byte, or
// text that spells it, which encodes as \\ufffd) are the parameters walked
// to tell which.

var replacementEscape = []byte(`\ufffd`)

// checkUTF8 returns an error naming the first string in req that is not
// valid UTF-8, given body, req encoded.
func checkUTF8(body []byte, req request) error {
	if !bytes.Contains(body, replacementEscape) {
		return nil
	}
	if path := invalidUTF8(reflect.ValueOf(req), "", 0); path != "" {
		return fmt.Errorf("%w: %s", ErrInvalidUTF8, path)
	}
	return nil
}

// invalidUTF8 walks v as encoding/json would and returns the path (from
// JSON names) of the first string or map key that is not valid UTF-8, or "".
func invalidUTF8(v reflect.Value, path string, depth int) string {
	if depth > 64 || !v.IsValid() {
		return ""
	}
	switch v.Kind() {
	case reflect.String:
		if !utf8.ValidString(v.String()) {
			return path
		}
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			return invalidUTF8(v.Elem(), path, depth+1)
		}
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Uint8 {
			return "" // []byte is sent as base64
		}
		for i := range v.Len() {
			if p := invalidUTF8(v.Index(i), path+"["+strconv.Itoa(i)+"]", depth+1); p != "" {
				return p
			}
		}
	case reflect.Map:
		iter := v.MapRange()
		for iter.Next() {
			k := iter.Key()
			if k.Kind() == reflect.String && !utf8.ValidString(k.String()) {
				return path + "[" + strconv.Quote(k.String()) + "] (the name)"
			}
			if p := invalidUTF8(iter.Value(), path+"["+strconv.Quote(fmt.Sprint(k.Interface()))+"]", depth+1); p != "" {
				return p
			}
		}
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			f := t.Field(i)
			tag := f.Tag.Get("json")
			name, _, _ := strings.Cut(tag, ",")
			switch {
			case !f.IsExported() || name == "-":
				continue
			case f.Anonymous && tag == "": // embedded: its fields are the parent's
				name = path
			case name == "":
				name = joinPath(path, f.Name)
			default:
				name = joinPath(path, name)
			}
			if p := invalidUTF8(v.Field(i), name, depth+1); p != "" {
				return p
			}
		}
	}
	return ""
}

// joinPath names member name of the value at path.
func joinPath(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}
