package ankiconnect

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
)

// Multi batches actions into one "multi" request: one round trip, and one
// turn of Anki's main thread, for many actions. Queue actions with its
// methods, which mirror the Client's and return a *Pending result each; send
// them with Do; then read each result from its Pending. Each action succeeds
// or fails on its own, as in AnkiConnect: nothing is rolled back.
//
// A Multi is single use and not safe for concurrent use. A Multi of only
// read-only actions is retried like a read-only call; one write makes the
// whole Multi a write, which is never sent twice.
type Multi struct {
	c     *Client
	items []multiItem
	sent  bool
}

type multiItem struct {
	req      request
	readOnly bool
	out      any
	state    *pendingState
}

type pendingState struct {
	done bool
	err  error
}

// Pending is the result of one action queued in a Multi; it is filled in by
// Multi.Do.
type Pending[R any] struct {
	action string
	value  R
	state  pendingState
}

// Result returns the action's result and its own error: an *Error naming the
// action, wrapping ErrMultiNotDone before Do, the action's own failure, or
// the Multi's transport error.
func (p *Pending[R]) Result() (R, error) {
	if !p.state.done {
		var zero R
		return zero, &Error{Action: p.action, Err: ErrMultiNotDone}
	}
	return p.value, p.state.err
}

// Err returns the action's error, as Result does.
func (p *Pending[R]) Err() error {
	_, err := p.Result()
	return err
}

// NewMulti starts an empty batch on c.
func (c *Client) NewMulti() *Multi { return &Multi{c: c} }

// Len returns the number of queued actions.
func (m *Multi) Len() int { return len(m.items) }

func (m *Multi) add(name string, readOnly bool, params, out any, st *pendingState) {
	m.items = append(m.items, multiItem{req: m.c.newRequest(name, params), readOnly: readOnly, out: out, state: st})
}

// MultiInvoke queues any action by name, the Multi form of Invoke.
func MultiInvoke[R any](m *Multi, action string, params any) *Pending[R] {
	if params == nil {
		params = noParams{}
	}
	pd := &Pending[R]{action: action}
	m.add(action, false, params, &pd.value, &pd.state)
	return pd
}

// actMulti is the multi action itself; Multi.Do is its binding.
var actMulti = define[multiParams, []json.RawMessage]("multi", writes)

type multiParams struct {
	Actions []request `json:"actions"`
}

// Do sends the queued actions as one request and fills in every Pending. It
// returns an *Error for "multi" itself when the request failed as a whole (no
// action's result is known then, and each Pending returns that error too);
// otherwise a *MultiError listing the actions that failed, or nil. A Multi
// with no actions sends nothing.
func (m *Multi) Do(ctx context.Context) error {
	if m.sent {
		return &Error{Action: actMulti.name, Err: ErrMultiUsed}
	}
	m.sent = true
	if len(m.items) == 0 {
		return nil
	}
	p := multiParams{Actions: make([]request, len(m.items))}
	readOnly := true
	for i, it := range m.items {
		p.Actions[i] = it.req
		readOnly = readOnly && it.readOnly
	}
	var replies []json.RawMessage
	err := m.c.do(ctx, actMulti.name, readOnly, p, &replies)
	if err == nil && len(replies) != len(m.items) {
		err = &Error{Action: actMulti.name, Err: &DecodeError{
			Err: fmt.Errorf("%d replies for %d actions", len(replies), len(m.items)),
		}}
	}
	if err != nil {
		cause := errors.Unwrap(err) // do returns an *Error for "multi"
		for _, it := range m.items {
			it.state.done, it.state.err = true, &Error{Action: it.req.Action, Err: cause}
		}
		return err
	}
	var failed []*Error
	for i, it := range m.items {
		it.state.done = true
		if derr := decodeReply(replies[i], it.out); derr != nil {
			e := &Error{Action: it.req.Action, Err: derr}
			it.state.err = e
			failed = append(failed, e)
		}
	}
	if failed != nil {
		return &MultiError{Failed: failed, Total: len(m.items)}
	}
	return nil
}
