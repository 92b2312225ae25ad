package wire

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"

	"github.com/ankiconnect-go/ankiconnect/internal/collection"
)

// Action is one AnkiConnect action served by the fake.
type Action struct {
	// Name is the action's name on the wire (the add-on's Python method name).
	Name string
	// Params lists the keyword parameters in the Python method's signature order.
	Params []Param
	// Run executes the action. It is always called with the server's single
	// mutex held, with params already checked against Params. It returns a
	// Go value that marshals to the add-on's JSON result, or an error whose
	// Error() is the add-on's message verbatim.
	Run func(e *Env, a Args) (any, error)
}

// Param is one keyword parameter. Required params have no default; others
// use Default (a Go value marshalled to JSON, nil meaning Python None) when
// absent.
type Param struct {
	Name     string
	Required bool
	Default  any
}

// Env is what a handler may touch. Run is always called with the server's
// single mutex held. A handler must not keep its Env after it returns: the
// server reuses one Env for the requests it serves.
type Env struct {
	// Col is the active profile's collection.
	Col *collection.Collection
	// Ctx is the HTTP request's context (for downloads the action makes).
	Ctx context.Context
	// Profile is the active profile's name.
	Profile string

	srv *Server // the serving server: multi, profiles, permissions
}

// Args holds one call's params, already checked against the action's Params
// (unknown names and missing required ones were rejected with Python's
// TypeError texts before Run is called).
type Args struct {
	act    *entry
	params []member // as given, every key one of act's params
}

// Raw returns the param, or its default when absent, as JSON. A name that is
// not one of the action's params yields JSON null.
func (a Args) Raw(name string) json.RawMessage {
	for i := len(a.params) - 1; i >= 0; i-- { // the last of a repeated key, as a dict keeps it
		if a.params[i].Key == name {
			return a.params[i].Value
		}
	}
	if d, ok := a.act.defaults[name]; ok {
		return d
	}
	return jsonNull
}

// IsNull reports whether the param is JSON null, or absent with a None
// default.
func (a Args) IsNull(name string) bool {
	return isJSONNull(a.Raw(name))
}

// Truthy reports Python's truth value of the param (or its default): false
// for null, false, 0, 0.0, "", [] and {}, true otherwise.
func (a Args) Truthy(name string) bool {
	return truthy(a.Raw(name))
}

// Decode unmarshals the param, or its default when absent, into dst. A value
// of the wrong JSON type gives an error naming the param and both types.
//
// Python's NaN, Infinity and -Infinity, which encoding/json refuses, decode
// into json.RawMessage and []json.RawMessage as they are; for other
// targets they are the floats they are in Python: where a float would not
// do (an integer, a string) the error is the one a float gets, and where
// it would, Decode fails with MsgParamConstant (the fake has no Go value
// for them there).
func (a Args) Decode(name string, dst any) error {
	raw := a.Raw(name)
	err := json.Unmarshal(raw, dst)
	if err == nil {
		return nil
	}
	if _, syntax := err.(*json.SyntaxError); syntax && hasPyConstant(raw) {
		err = decodeConstants(raw, dst)
		if err == nil {
			return nil
		}
	}
	if te, ok := err.(*json.UnmarshalTypeError); ok {
		at := ""
		if te.Field != "" {
			at = " at " + te.Field
		}
		return fmt.Errorf(MsgParamType, name, at, describeGoType(te.Type), te.Value)
	}
	return fmt.Errorf(MsgParamInvalid, name, err)
}

// errConstant is decodeConstants' failure where a float would do.
var errConstant = errors.New(MsgParamConstant)

// decodeConstants decodes raw, which holds NaN, Infinity or -Infinity, into
// dst (see Args.Decode). It returns a *json.UnmarshalTypeError when a float
// is the wrong type there, errConstant when a float would do.
func decodeConstants(raw json.RawMessage, dst any) error {
	switch d := dst.(type) {
	case *json.RawMessage:
		*d = raw
		return nil
	case *[]json.RawMessage:
		if items, ok := listItems(raw); ok {
			*d = items
			return nil
		}
		return &json.UnmarshalTypeError{Value: "number", Type: reflect.TypeOf(*d)}
	}
	// Each constant as a float that no integer target takes: the decoder
	// then reports the type error a float gets; if it decodes, a float was
	// fine there and the fake cannot hold the value.
	probe := reflect.New(reflect.TypeOf(dst).Elem())
	replaced, first := replaceConstants(raw)
	err := json.Unmarshal(replaced, probe.Interface())
	if te, ok := err.(*json.UnmarshalTypeError); ok {
		te.Value = "number " + first
		return te
	}
	return errConstant
}

// replaceConstants returns a copy of raw with NaN, Infinity and -Infinity
// outside strings written as 0.5, and the first constant replaced.
func replaceConstants(raw []byte) (out []byte, first string) {
	out = make([]byte, 0, len(raw))
	for i := 0; i < len(raw); {
		switch c := raw[i]; {
		case c == '"':
			end := skipString(raw, i)
			if end < 0 {
				end = len(raw)
			}
			out, i = append(out, raw[i:end]...), end
		case c == 'N' || c == 'I' || (c == '-' && i+1 < len(raw) && raw[i+1] == 'I'):
			end := skipJSONValue(raw, i)
			if end < 0 {
				end = len(raw)
			}
			if first == "" {
				first = string(raw[i:end])
			}
			out, i = append(out, "0.5"...), end
		default:
			out, i = append(out, c), i+1
		}
	}
	return out, first
}

// describeGoType names a decode target the way a JSON user thinks of it.
func describeGoType(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "an integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.Map, reflect.Struct:
		return "an object"
	case reflect.Pointer:
		return describeGoType(t.Elem())
	}
	return t.String()
}

// entry is a registered action with its params indexed and its defaults
// marshalled once.
type entry struct {
	Action
	index    map[string]int             // param name -> position
	defaults map[string]json.RawMessage // optional param -> default JSON
}

var (
	registry    = map[string]*entry{}
	actionNames []string // sorted, as Python's dir() lists them
)

// Register adds an action to the fake. Call it from init() in
// internal/wire/actions_*.go. A duplicate name, a duplicate param, an empty
// name, a nil Run or an unmarshallable default panics at init.
func Register(a Action) {
	if a.Name == "" || a.Run == nil {
		panic("wire.Register: action needs a Name and a Run")
	}
	if _, dup := registry[a.Name]; dup {
		panic("wire.Register: duplicate action " + a.Name)
	}
	e := &entry{Action: a, index: map[string]int{}, defaults: map[string]json.RawMessage{}}
	for i, p := range a.Params {
		if _, dup := e.index[p.Name]; dup || p.Name == "" || p.Name == "self" {
			panic(fmt.Sprintf("wire.Register: %s: bad or duplicate param %q", a.Name, p.Name))
		}
		e.index[p.Name] = i
		if !p.Required {
			raw, err := json.Marshal(p.Default)
			if err != nil {
				panic(fmt.Sprintf("wire.Register: %s: default of %s: %v", a.Name, p.Name, err))
			}
			e.defaults[p.Name] = raw
		}
	}
	registry[a.Name] = e
	i := sort.SearchStrings(actionNames, a.Name)
	actionNames = append(actionNames, "")
	copy(actionNames[i+1:], actionNames[i:])
	actionNames[i] = a.Name
}

// ActionNames returns every registered action name, sorted as Python's dir()
// sorts them (by code point).
func ActionNames() []string {
	return append([]string(nil), actionNames...)
}

// bind checks params (in request order) against the action's signature the
// way CPython binds method(**params), and returns the Args or the TypeError
// text: the first unknown keyword wins over missing required params.
func (e *entry) bind(params []member) (Args, error) {
	for _, m := range params {
		if m.Key == "self" {
			return Args{}, fmt.Errorf(MsgTypeErrorMultipleValues, e.Name, m.Key)
		}
		if _, ok := e.index[m.Key]; !ok {
			return Args{}, fmt.Errorf(MsgTypeErrorUnexpectedKeyword, e.Name, m.Key)
		}
	}
	var missing []string
	for _, p := range e.Params {
		if p.Required && !slices.ContainsFunc(params, func(m member) bool { return m.Key == p.Name }) {
			missing = append(missing, "'"+p.Name+"'")
		}
	}
	switch n := len(missing); n {
	case 0:
		return Args{act: e, params: params}, nil
	case 1:
		return Args{}, fmt.Errorf(MsgTypeErrorMissingOne, e.Name, missing[0])
	default:
		list := strings.Join(missing[:n-1], ", ") + " and " + missing[n-1]
		if n > 2 {
			list = strings.Join(missing[:n-1], ", ") + ", and " + missing[n-1]
		}
		return Args{}, fmt.Errorf(MsgTypeErrorMissingMany, e.Name, n, list)
	}
}
