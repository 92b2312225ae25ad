package wire

import (
	"encoding/json"
)

// Allocation-free versions of the request handling's small steps: reading
// an action name or a key (a plain string), and splitting an object into
// members whose keys are mostly known names. Each agrees with the general
// function it stands for (fastpath_test.go).

// requestKeys are the request object's members the handler reads; their
// keys are taken from here rather than copied out of the body.
var requestKeys = []string{"action", "version", "params", "key"}

// plainString is unescapedBody of raw with JSON whitespace around it: the
// text of a JSON string without escapes (valid UTF-8), whose decoded value
// is those very bytes. ok is false for anything else (other strings
// included), which the callers decode in full.
func plainString(raw []byte) (text []byte, ok bool) {
	i, j := 0, len(raw)
	for i < j && isWS(raw[i]) {
		i++
	}
	for j > i && isWS(raw[j-1]) {
		j--
	}
	return unescapedBody(raw[i:j])
}

// smallInt returns the value of raw when raw (with JSON whitespace around
// it) is a JSON integer of at most 18 digits, which no int64 overflows;
// ok is false for anything else.
func smallInt(raw []byte) (n int64, ok bool) {
	i, j := 0, len(raw)
	for i < j && isWS(raw[i]) {
		i++
	}
	for j > i && isWS(raw[j-1]) {
		j--
	}
	neg := i < j && raw[i] == '-'
	if neg {
		i++
	}
	if j == i || j-i > 18 {
		return 0, false
	}
	for _, c := range raw[i:j] {
		if !isDigit(c) {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	if neg {
		n = -n
	}
	return n, true
}

// lookupAction is the registered action whose name is the JSON string raw,
// or nil (raw not a string, or no such action).
func lookupAction(raw json.RawMessage) *entry {
	if text, ok := plainString(raw); ok {
		return registry[string(text)] // no copy: the map index converts in place
	}
	var name string
	if json.Unmarshal(raw, &name) != nil {
		return nil
	}
	return registry[name]
}

// actionStr is PyStr(action) for the log: a registered action's name is
// the registry's string, other plain strings are copied once.
func actionStr(action json.RawMessage) string {
	if text, ok := plainString(action); ok {
		if act := registry[string(text)]; act != nil {
			return act.Name
		}
		return string(text)
	}
	return PyStr(action)
}

// knownMembers is objectMembers(raw), with two savings: a key found among
// known (compared without a copy) is that string rather than a new one, and
// the members are appended to buf[:0] (a caller's array) or, when buf is
// nil, grow from a capacity of four rather than one.
func knownMembers(raw json.RawMessage, known func(key []byte) (string, bool), buf []member) (members []member, ok bool) {
	i := skipSpace(raw, 0)
	if i >= len(raw) || raw[i] != '{' {
		return nil, false
	}
	i = skipSpace(raw, i+1)
	if i < len(raw) && raw[i] == '}' {
		return nil, skipSpace(raw, i+1) == len(raw)
	}
	var pos map[string]int // only for objects with many members
	for {
		if i >= len(raw) || raw[i] != '"' {
			return nil, false
		}
		end := skipString(raw, i)
		if end < 0 {
			return nil, false
		}
		key, ok := "", false
		if known != nil {
			if text, plain := unescapedBody(raw[i:end]); plain {
				key, ok = known(text)
			}
		}
		if !ok {
			if key, ok = memberKey(raw[i:end]); !ok {
				return nil, false
			}
		}
		i = skipSpace(raw, end)
		if i >= len(raw) || raw[i] != ':' {
			return nil, false
		}
		i = skipSpace(raw, i+1)
		vend := skipJSONValue(raw, i)
		if vend < 0 {
			return nil, false
		}
		v := json.RawMessage(raw[i:vend:vend])
		if at, seen := memberIndex(members, pos, key); seen {
			members[at].Value = v
		} else {
			if members == nil {
				members = buf[:0]
				if buf == nil {
					members = make([]member, 0, 4)
				}
			}
			if pos == nil && len(members) >= 8 {
				pos = make(map[string]int, 16)
				for j, m := range members {
					pos[m.Key] = j
				}
			}
			if pos != nil {
				pos[key] = len(members)
			}
			members = append(members, member{key, v})
		}
		i = skipSpace(raw, vend)
		if i >= len(raw) {
			return nil, false
		}
		switch raw[i] {
		case ',':
			i = skipSpace(raw, i+1)
		case '}':
			return members, skipSpace(raw, i+1) == len(raw)
		default:
			return nil, false
		}
	}
}

// knownRequestKey finds key among requestKeys.
func knownRequestKey(key []byte) (string, bool) {
	for _, k := range requestKeys {
		if string(key) == k {
			return k, true
		}
	}
	return "", false
}

// requestMembers is objectMembers(raw) for a request object, appended to
// buf[:0] (see knownMembers).
func requestMembers(raw json.RawMessage, buf []member) ([]member, bool) {
	return knownMembers(raw, knownRequestKey, buf)
}

// paramMembers is objectMembers(raw) for act's params: their names are
// the action's.
func (act *entry) paramMembers(raw json.RawMessage) ([]member, bool) {
	return knownMembers(raw, act.paramName, nil)
}

// paramName finds key among act's param names.
func (act *entry) paramName(key []byte) (string, bool) {
	if i, ok := act.index[string(key)]; ok {
		return act.Params[i].Name, true
	}
	return "", false
}
