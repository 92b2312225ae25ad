package ankiconnect

import (
	"context"
	"encoding/json"
)

// action is the one definition of an AnkiConnect action: its name, whether it
// only reads (which makes it safe to retry), its parameter type P (marshalled
// to "params"; noParams for none) and its result type R. Client methods and
// Multi methods are both thin bindings of an action.
type action[P, R any] struct {
	name     string
	readOnly bool
	// check, if set, rejects params the client can tell are wrong before
	// anything is sent (see checked).
	check func(P) error
}

// actionInfo is what the package knows about each defined action, for tests
// and for checking coverage against the add-on's action list.
type actionInfo struct {
	name     string
	readOnly bool
	// check is the action's check (see checked) on params given as JSON,
	// for ActionInfo.Check; nil for an action without one.
	check func(json.RawMessage) error
}

// actions lists every defined action, in definition order.
var actions []actionInfo

// define declares an action; call it once per action, at package level.
func define[P, R any](name string, readOnly bool) action[P, R] {
	actions = append(actions, actionInfo{name: name, readOnly: readOnly})
	return action[P, R]{name: name, readOnly: readOnly}
}

// reshape is the same action with other parameter or result types, for an
// action whose reply shape depends on a parameter (notesInfo by IDs or by
// query). It is not a new definition, and it keeps no check.
func reshape[P2, R2, P, R any](a action[P, R]) action[P2, R2] {
	return action[P2, R2]{name: a.name, readOnly: a.readOnly}
}

// Read-only flags for define.
const (
	reads  = true
	writes = false
)

// checked returns the action with a check of its params that every binding
// runs before sending: a failed check is an *Error naming the action, and
// nothing reaches AnkiConnect (a Multi does not send the action, and its Do
// reports the refusal).
func (a action[P, R]) checked(check func(P) error) action[P, R] {
	a.check = check
	for i := range actions {
		if actions[i].name == a.name {
			actions[i].check = rawCheck(check)
		}
	}
	return a
}

// rawCheck runs check on params given as JSON. Params that do not decode
// into P pass: no typed method could have sent them, and AnkiConnect
// answers them with its own error.
func rawCheck[P any](check func(P) error) func(json.RawMessage) error {
	return func(raw json.RawMessage) error {
		var p P
		if len(raw) == 0 || json.Unmarshal(raw, &p) != nil {
			return nil
		}
		return check(p)
	}
}

// refuse returns the *Error for params the check rejected, or nil.
func (a action[P, R]) refuse(p P) error {
	if a.check == nil {
		return nil
	}
	if err := a.check(p); err != nil {
		return &Error{Action: a.name, Err: err}
	}
	return nil
}

// call runs the action through the client's request path.
func (a action[P, R]) call(ctx context.Context, c *Client, p P) (R, error) {
	var r R
	if err := a.refuse(p); err != nil {
		return r, err
	}
	err := c.do(ctx, a.name, a.readOnly, p, &r)
	return r, err
}

// exec runs an action whose result carries nothing (null on the wire).
func (a action[P, R]) exec(ctx context.Context, c *Client, p P) error {
	if err := a.refuse(p); err != nil {
		return err
	}
	return c.do(ctx, a.name, a.readOnly, p, nil)
}

// queue adds the action to m and returns its pending result.
func (a action[P, R]) queue(m *Multi, p P) *Pending[R] {
	pd := &Pending[R]{action: a.name}
	if err := a.refuse(p); err != nil {
		pd.state = pendingState{done: true, err: err}
		m.addRefused(a.name, err)
		return pd
	}
	m.add(a.name, a.readOnly, p, &pd.value, &pd.state)
	return pd
}
