package ankiconnect

import (
	"encoding/json"
	"slices"
)

// ActionInfo describes an action this package defines, for programs that
// call actions by name (a shell tool, a proxy) and want them treated as the
// typed methods treat them: retried as reads only when they only read, and
// refused before sending where the typed method refuses.
type ActionInfo struct {
	// Name is the action's name on the wire, such as "findNotes".
	Name string
	// ReadOnly reports that the action changes nothing in the collection,
	// so a request for it may be retried after transport errors: call it
	// with InvokeReadOnly or MultiInvokeReadOnly. Call the others with
	// Invoke or MultiInvoke, which retry only when the connection was
	// refused.
	ReadOnly bool
	check    func(json.RawMessage) error
}

// Actions returns every action the package defines, one entry per action
// name, in the order the package defines them (by Anki's categories).
func Actions() []ActionInfo {
	out := make([]ActionInfo, 0, len(actions))
	for _, a := range actions {
		if !slices.ContainsFunc(out, func(o ActionInfo) bool { return o.Name == a.name }) {
			out = append(out, ActionInfo{Name: a.name, ReadOnly: a.readOnly, check: a.check})
		}
	}
	return out
}

// LookupAction returns what the package knows about the action called
// name, matched exactly, as AnkiConnect matches it. It returns false for an
// action the package does not define: call that one with Invoke (as a
// write) unless you know it only reads.
func LookupAction(name string) (ActionInfo, bool) {
	for _, a := range actions {
		if a.name == name {
			return ActionInfo{Name: a.name, ReadOnly: a.readOnly, check: a.check}, true
		}
	}
	return ActionInfo{}, false
}

// Check runs on params, the action's "params" object as JSON, the check
// the action's typed methods run before sending, and returns its refusal as
// an *Error naming the action; nil means the params may be sent. Today one
// check changes what reaches Anki: answerCards with an ease outside 1-4
// fails with ErrInvalidEase, because AnkiConnect would apply the answers
// before the bad one and then fail. addTags and removeTags take their tags
// as one space-separated string on the wire, where a space separates two
// tags, so their ErrInvalidTag check applies only to tags sent as a list.
// Params that do not decode into the action's parameters pass, as do those
// of actions without a check: AnkiConnect answers them with its own error.
func (a ActionInfo) Check(params json.RawMessage) error {
	if a.check == nil {
		return nil
	}
	if err := a.check(params); err != nil {
		return &Error{Action: a.Name, Err: err}
	}
	return nil
}
