package ankiconnect

import "context"

// action is the one definition of an AnkiConnect action: its name, whether it
// only reads (which makes it safe to retry), its parameter type P (marshalled
// to "params"; noParams for none) and its result type R. Client methods and
// Multi methods are both thin bindings of an action.
type action[P, R any] struct {
	name     string
	readOnly bool
}

// actionInfo is what the package knows about each defined action, for tests
// and for checking coverage against the add-on's action list.
type actionInfo struct {
	name     string
	readOnly bool
}

// actions lists every defined action, in definition order.
var actions []actionInfo

// define declares an action; call it once per action, at package level.
func define[P, R any](name string, readOnly bool) action[P, R] {
	actions = append(actions, actionInfo{name: name, readOnly: readOnly})
	return action[P, R]{name: name, readOnly: readOnly}
}

// Read-only flags for define.
const (
	reads  = true
	writes = false
)

// call runs the action through the client's request path.
func (a action[P, R]) call(ctx context.Context, c *Client, p P) (R, error) {
	var r R
	err := c.do(ctx, a.name, a.readOnly, p, &r)
	return r, err
}

// exec runs an action whose result carries nothing (null on the wire).
func (a action[P, R]) exec(ctx context.Context, c *Client, p P) error {
	return c.do(ctx, a.name, a.readOnly, p, nil)
}

// queue adds the action to m and returns its pending result.
func (a action[P, R]) queue(m *Multi, p P) *Pending[R] {
	pd := &Pending[R]{action: a.name}
	m.add(a.name, a.readOnly, p, &pd.value, &pd.state)
	return pd
}
