package wire

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
)

// parseRequest decodes and validates a non-empty body as web.py does
// (UTF-8, json.loads, then jsonschema against the request schema) and
// returns the request object's members (appended to buf[:0]), or the error
// text the add-on sends.
func parseRequest(body []byte, buf []member) ([]member, string) {
	if msg := decodeError(body); msg != "" {
		return nil, msg
	}
	members, ok := requestMembers(body, buf)
	if !ok {
		return nil, schemaError("type", nil, bytes.TrimSpace(body), "object")
	}
	action, ok := lookup(members, "action")
	if !ok {
		return nil, schemaError("required", nil, bytes.TrimSpace(body), "")
	}
	// jsonschema's best_match: among the property errors (all at depth 1),
	// type errors beat minLength, then schema order (action, version, params).
	var first string
	for _, p := range []struct{ name, typ string }{{"action", "string"}, {"version", "integer"}, {"params", "object"}} {
		v, present := action, p.name == "action"
		if !present {
			v, present = lookup(members, p.name)
		}
		switch {
		case !present:
		case !schemaTypeOK(v, p.typ):
			return nil, schemaError("type", []string{p.name}, v, p.typ)
		case p.name == "action" && string(v) == `""`:
			first = schemaError("minLength", []string{p.name}, v, "")
		}
	}
	if first != "" {
		return nil, first
	}
	return members, ""
}

// schemaTypeOK is jsonschema's type check for the schema's three types.
// An integer is a JSON integer or an integral finite float (6.0), never a
// boolean.
func schemaTypeOK(raw json.RawMessage, typ string) bool {
	switch typ {
	case "string":
		return PyTypeName(raw) == "str"
	case "object":
		return PyTypeName(raw) == "dict"
	}
	switch PyTypeName(raw) {
	case "int":
		return true
	case "float": // float.is_integer(): false for nan and ±inf
		f, _ := pyFloat(raw)
		return !math.IsInf(f, 0) && f == math.Trunc(f)
	}
	return false
}

// requestSchemaRepr is pprint.pformat(schema, width=72, sort_dicts=False)
// of web.py's request schema, indented as jsonschema prints it.
const requestSchemaRepr = "{'type': 'object',\n" +
	"     'properties': {'action': {'type': 'string', 'minLength': 1},\n" +
	"                    'version': {'type': 'integer'},\n" +
	"                    'params': {'type': 'object'}},\n" +
	"     'required': ['action']}"

// schemaError is str(ValidationError) as jsonschema 4.26 prints it: the
// message, then the failing validator, schema and instance. The first line
// is exact; the instance is printed on one line (pprint would wrap a long
// one).
func schemaError(validator string, path []string, instance json.RawMessage, typ string) string {
	var msg string
	switch validator {
	case "type":
		msg = fmt.Sprintf(MsgSchemaType, PyRepr(instance), typ)
	case "required":
		msg = MsgSchemaRequired
	default:
		msg = MsgSchemaNonEmpty
	}
	schemaPath, schema, instancePath := "schema", requestSchemaRepr, "instance"
	if len(path) == 1 {
		schemaPath = "schema['properties'][" + pyStringRepr(path[0]) + "]"
		instancePath = "instance[" + pyStringRepr(path[0]) + "]"
		schema = map[string]string{
			"action":  "{'type': 'string', 'minLength': 1}",
			"version": "{'type': 'integer'}",
			"params":  "{'type': 'object'}",
		}[path[0]]
	}
	return msg + fmt.Sprintf(MsgSchemaDetail, validator, schemaPath, schema, instancePath, PyRepr(instance))
}
