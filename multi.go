package ankiconnect

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
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
	refused  *Error // refused before sending: not sent, and reported by Do
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

// Len returns the number of queued actions that Do will send: actions
// refused before sending (see Do) are not counted.
func (m *Multi) Len() int {
	n := 0
	for _, it := range m.items {
		if it.refused == nil {
			n++
		}
	}
	return n
}

func (m *Multi) add(name string, readOnly bool, params, out any, st *pendingState) {
	m.items = append(m.items, multiItem{req: m.c.newRequest(name, params), readOnly: readOnly, out: out, state: st})
}

// addRefused records an action whose parameters were refused before
// sending: it is not sent, and Do reports err (an *Error naming the action)
// in its *MultiError, in queue order.
func (m *Multi) addRefused(action string, err error) {
	e, ok := err.(*Error)
	if !ok {
		e = &Error{Action: action, Err: err}
	}
	m.items = append(m.items, multiItem{refused: e})
}

// MultiInvoke queues any action by name, the Multi form of Invoke.
func MultiInvoke[R any](m *Multi, action string, params any) *Pending[R] {
	return multiInvoke[R](m, action, false, params)
}

// MultiInvokeReadOnly is MultiInvoke for an action that only reads. A
// Multi whose actions all only read is retried like a read-only call (see
// InvokeReadOnly); MultiInvoke counts its action as a write, which makes the
// whole Multi a write, sent at most once unless the connection was refused.
func MultiInvokeReadOnly[R any](m *Multi, action string, params any) *Pending[R] {
	return multiInvoke[R](m, action, true, params)
}

func multiInvoke[R any](m *Multi, action string, readOnly bool, params any) *Pending[R] {
	if params == nil {
		params = noParams{}
	}
	pd := &Pending[R]{action: action}
	m.add(action, readOnly, params, &pd.value, &pd.state)
	return pd
}

// actMulti is the multi action itself; Multi.Do is its binding.
var actMulti = define[multiParams, []json.RawMessage]("multi", writes)

type multiParams struct {
	Actions []request `json:"actions"`
}

// Do sends the queued actions as one request and fills in every Pending.
//
// It returns an *Error for "multi" itself when the request failed as a whole
// (no sent action's result is known then, and each of their Pendings returns
// that error too); otherwise a *MultiError listing, in queue order, the
// actions that failed, or nil when none did. RequestFailed tells the two
// kinds of error apart.
//
// An action whose parameters were refused before sending (a tag with a
// space for AddTags, an ease outside 1-4 for AnswerCards, text that is not
// UTF-8 for any action: ErrInvalidUTF8) is not sent, keeps its own error in
// its Pending, and is listed in the *MultiError like an action that failed
// in Anki. A Multi of only refused actions sends nothing and
// returns that *MultiError; an empty Multi sends nothing and returns nil.
func (m *Multi) Do(ctx context.Context) error {
	if m.sent {
		return &Error{Action: actMulti.name, Err: ErrMultiUsed}
	}
	m.sent = true
	if err := m.sendUnrefused(ctx); errors.Is(err, ErrInvalidUTF8) {
		// rare: find the actions with text JSON cannot carry, refuse
		// them alone, and send the others
		for i := range m.items {
			it := &m.items[i]
			if it.refused != nil {
				continue
			}
			if path := invalidUTF8(reflect.ValueOf(it.req), "", 0); path != "" {
				it.refused = &Error{Action: it.req.Action, Err: fmt.Errorf("%w: %s", ErrInvalidUTF8, path)}
				it.state.done, it.state.err = true, it.refused
			}
		}
		if err := m.sendUnrefused(ctx); err != nil {
			return err
		}
	} else if err != nil {
		return err
	}
	var failed []*Error
	for _, it := range m.items {
		switch {
		case it.refused != nil:
			failed = append(failed, it.refused)
		case it.state.err != nil:
			var e *Error
			if !errors.As(it.state.err, &e) {
				e = &Error{Action: it.req.Action, Err: it.state.err}
			}
			failed = append(failed, e)
		}
	}
	if failed != nil {
		return &MultiError{Failed: failed, Total: len(m.items)}
	}
	return nil
}

// sendUnrefused sends the actions not refused, if any.
func (m *Multi) sendUnrefused(ctx context.Context) error {
	var send []multiItem
	for _, it := range m.items {
		if it.refused == nil {
			send = append(send, it)
		}
	}
	if len(send) == 0 {
		return nil
	}
	return m.send(ctx, send)
}

// send sends items as one multi request and fills in their Pendings; it
// returns the *Error of "multi" when the request failed as a whole.
func (m *Multi) send(ctx context.Context, items []multiItem) error {
	p := multiParams{Actions: make([]request, len(items))}
	readOnly := true
	for i, it := range items {
		p.Actions[i] = it.req
		readOnly = readOnly && it.readOnly
	}
	var replies []json.RawMessage
	err := m.c.do(ctx, actMulti.name, readOnly, p, &replies)
	if err == nil && len(replies) != len(items) {
		err = &Error{Action: actMulti.name, Err: &DecodeError{
			Err: fmt.Errorf("%d replies for %d actions", len(replies), len(items)),
		}}
	}
	if err != nil {
		cause := errors.Unwrap(err) // do returns an *Error for "multi"
		for _, it := range items {
			it.state.done, it.state.err = true, &Error{Action: it.req.Action, Err: cause}
		}
		return err
	}
	for i, it := range items {
		it.state.done, it.state.err = true, nil
		if derr := decodeReply(replies[i], it.out); derr != nil {
			it.state.err = &Error{Action: it.req.Action, Err: derr}
		}
	}
	return nil
}

// RequestFailed reports whether err, returned by Multi.Do, means that the
// request failed as a whole: Anki was not reached, the reply was lost or
// could not be decoded, and no sent action's result is known. It is false
// for nil and for a *MultiError, where the request went through and only
// some actions failed, each with its own error in its Pending:
//
//	if err := m.Do(ctx); ankiconnect.RequestFailed(err) {
//		return err
//	}
//	// every Pending now holds its own result or error
func RequestFailed(err error) bool {
	var me *MultiError
	return err != nil && !errors.As(err, &me)
}
