package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/ankiconnect-go/ankiconnect"
)

const actionUsage = `Usage: ankiconnect [flags] ACTION [-params JSON | name=value | name:=JSON ...]

Calls one AnkiConnect action and prints its result as one line of JSON.
Parameters are a JSON object given with -params, or pairs: name=value sends
value as a string, name:=JSON sends a JSON value (a number, list, object,
true, false or null). Flags go before the pairs.

Known actions (see "ankiconnect actions") are sent as their typed methods
send them: read-only ones are retried as reads, and answerCards with an ease
outside 1-4 is refused before anything is sent. Others are sent as writes.

Examples:
  ankiconnect deckNames
  ankiconnect createDeck deck='Go::Vocabulary'
  ankiconnect findNotes query='deck:"Go::Vocabulary" is:new'
  ankiconnect notesInfo notes:='[1712345678901, 1712345678902]'
  ankiconnect addNote -params '{"note": {"deckName": "Default", "modelName": "Basic", "fields": {"Front": "hi", "Back": "there"}}}'
  ankiconnect findNotes query=tag:leech | jq 'length'

Flags:
`

// actionCommand calls the action called name.
func actionCommand(name string) command {
	return command{
		usage: actionUsage,
		flags: func(fs *flag.FlagSet) func(context.Context, *ankiconnect.Client, []string, env) error {
			params := fs.String("params", "", "the action's parameters, a JSON `object`")
			return func(ctx context.Context, c *ankiconnect.Client, args []string, e env) error {
				raw, err := actionParams(*params, args)
				if err != nil {
					return err
				}
				res, err := invokeAction(ctx, c, name, raw)
				if err != nil {
					return err
				}
				return writeJSONLine(e.stdout, res)
			}
		},
	}
}

// actionParams builds the params object from -params or the pairs; nil
// means none.
func actionParams(params string, pairs []string) (json.RawMessage, error) {
	if params != "" {
		if len(pairs) > 0 {
			return nil, usagef("give -params or name=value pairs, not both")
		}
		raw := json.RawMessage(params)
		if err := checkObject(raw); err != nil {
			return nil, usagef("-params: %v", err)
		}
		return raw, nil
	}
	if len(pairs) == 0 {
		return nil, nil
	}
	obj := make(map[string]json.RawMessage, len(pairs))
	for _, p := range pairs {
		name, value, ok := strings.Cut(p, "=")
		if !ok || name == "" || name == ":" {
			if strings.HasPrefix(p, "-") {
				return nil, usagef("%q: flags go before the name=value pairs", p)
			}
			return nil, usagef("%q: want name=value or name:=JSON", p)
		}
		var v json.RawMessage
		if n, isJSON := strings.CutSuffix(name, ":"); isJSON {
			name = n
			if !json.Valid([]byte(value)) {
				return nil, usagef("%s:=%s: not valid JSON (use %s=%s for a string)", name, value, name, value)
			}
			v = json.RawMessage(value)
		} else {
			v, _ = json.Marshal(value)
		}
		if _, dup := obj[name]; dup {
			return nil, usagef("parameter %q given twice", name)
		}
		obj[name] = v
	}
	raw, err := json.Marshal(obj)
	return raw, err
}

// checkObject reports whether raw is a JSON object or null, the only
// params AnkiConnect accepts.
func checkObject(raw json.RawMessage) error {
	if !json.Valid(raw) {
		var v any
		return fmt.Errorf("invalid JSON: %v", json.Unmarshal(raw, &v))
	}
	t := bytes.TrimSpace(raw)
	if t[0] != '{' && !bytes.Equal(t, []byte("null")) {
		return fmt.Errorf("params must be a JSON object, not %s", t)
	}
	return nil
}

// invokeAction calls the action as its typed method would: checked, and
// retried as a read only when it only reads. A nil params sends none.
func invokeAction(ctx context.Context, c *ankiconnect.Client, name string, params json.RawMessage) (json.RawMessage, error) {
	a, known := ankiconnect.LookupAction(name)
	if err := a.Check(params); err != nil {
		return nil, err
	}
	var p any
	if params != nil {
		p = params
	}
	if known && a.ReadOnly {
		return ankiconnect.InvokeReadOnly[json.RawMessage](ctx, c, name, p)
	}
	return ankiconnect.Invoke[json.RawMessage](ctx, c, name, p)
}

// writeJSONLine writes v as one line of compact JSON, with HTML (notes'
// fields) left as it is rather than escaped.
func writeJSONLine(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
