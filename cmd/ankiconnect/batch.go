package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/ankiconnect-go/ankiconnect"
)

const batchUsage = `Usage: ankiconnect [flags] batch [-chunk N] [-stop-on-error] [FILE]

Reads JSON lines {"action": ..., "params": ...} from FILE (or stdin, or
"-") and sends them as multi requests of N actions each. Writes one JSON
line per input line, in order: {"result": ..., "error": null} or
{"result": null, "error": "message"}; blank lines are skipped.

A failed action does not stop the others unless -stop-on-error: then no
request is sent after one in which an action failed (use -chunk 1 to stop
right at the failed line). A malformed line stops the batch: the lines
before it are sent and reported, the malformed line's output names its line
number, and no line after it is read or sent. A request that fails as a
whole (Anki stopped, a timeout) gives its lines that error and stops too.
The exit status is that of the first line that failed.

Examples:
  printf '%s\n' '{"action": "deckNames"}' '{"action": "createDeck", "params": {"deck": "Go"}}' | ankiconnect batch
  jq -c '{action: "addNote", params: {note: {deckName: "Go", modelName: "Basic", fields: {Front: .word, Back: .meaning}}}}' words.json \
    | ankiconnect batch -chunk 50 | jq -c 'select(.error != null)'
  ankiconnect -fake batch -stop-on-error script.jsonl

Flags:
`

var batchCommand = command{
	usage: batchUsage,
	flags: func(fs *flag.FlagSet) func(context.Context, *ankiconnect.Client, []string, env) error {
		b := &batch{}
		fs.IntVar(&b.chunk, "chunk", ankiconnect.DefaultBatchSize, "actions per multi request (at least 1)")
		fs.BoolVar(&b.stopOnError, "stop-on-error", false, "send no request after one in which an action failed")
		return func(ctx context.Context, c *ankiconnect.Client, args []string, e env) error {
			if b.chunk < 1 {
				return usagef("batch: -chunk %d: want at least 1", b.chunk)
			}
			in, closeIn, err := openInput(args, e)
			if err != nil {
				return err
			}
			defer closeIn()
			b.c, b.out, b.stderr = c, e.stdout, e.stderr
			return b.run(ctx, in)
		}
	},
}

// openInput opens the batch's input: the one FILE argument, or stdin.
func openInput(args []string, e env) (io.Reader, func(), error) {
	switch {
	case len(args) > 1:
		return nil, nil, usagef("batch: want at most one FILE, got %q", args)
	case len(args) == 0 || args[0] == "-":
		return e.stdin, func() {}, nil
	}
	f, err := os.Open(args[0])
	if err != nil {
		return nil, nil, err
	}
	return f, func() { _ = f.Close() }, nil
}

type batch struct {
	c           *ankiconnect.Client
	out, stderr io.Writer
	chunk       int
	stopOnError bool

	items    []batchItem
	firstErr error // the first line's failure, for the exit status
}

// batchItem is one input line waiting in the chunk.
type batchItem struct {
	line    int
	action  string
	params  json.RawMessage
	refused error // the action's check refused the params: not sent
	pending *ankiconnect.Pending[json.RawMessage]
}

// batchLine is an input line.
type batchLine struct {
	Action string          `json:"action"`
	Params json.RawMessage `json:"params"`
}

// batchResult is an output line.
type batchResult struct {
	Result json.RawMessage `json:"result"`
	Error  *string         `json:"error"`
}

// run reads, sends and reports the whole input.
func (b *batch) run(ctx context.Context, in io.Reader) error {
	r := bufio.NewReader(in)
	for line := 1; ; line++ {
		text, rerr := r.ReadBytes('\n')
		if rerr != nil && rerr != io.EOF {
			return b.finish(fmt.Errorf("batch: reading line %d: %w", line, rerr))
		}
		if len(bytes.TrimSpace(text)) > 0 {
			it, err := parseBatchLine(line, text)
			if err != nil {
				if stop := b.flush(ctx); stop {
					return b.finish(nil)
				}
				msg := err.Error()
				if werr := writeJSONLine(b.out, batchResult{Error: &msg}); werr != nil {
					return werr
				}
				fmt.Fprintf(b.stderr, "ankiconnect: batch: stopped at line %d: no line from it on was sent\n", line)
				return b.finish(usagef("batch: %v", err))
			}
			b.items = append(b.items, it)
			if len(b.items) == b.chunk {
				if stop := b.flush(ctx); stop {
					return b.finish(nil)
				}
			}
		}
		if rerr == io.EOF {
			b.flush(ctx)
			return b.finish(nil)
		}
	}
}

// finish returns the batch's error: err, else the first line's failure.
func (b *batch) finish(err error) error {
	if b.firstErr != nil {
		if err != nil {
			fmt.Fprintf(b.stderr, "ankiconnect: %v\n", err)
		}
		return b.firstErr
	}
	return err
}

// parseBatchLine parses and checks one input line.
func parseBatchLine(line int, text []byte) (batchItem, error) {
	var l batchLine
	dec := json.NewDecoder(bytes.NewReader(text))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&l); err != nil {
		return batchItem{}, fmt.Errorf("line %d: %v", line, err)
	}
	if dec.More() {
		return batchItem{}, fmt.Errorf("line %d: more than one JSON value", line)
	}
	if l.Action == "" {
		return batchItem{}, fmt.Errorf(`line %d: no "action"`, line)
	}
	if l.Params != nil {
		if err := checkObject(l.Params); err != nil {
			return batchItem{}, fmt.Errorf("line %d: %v", line, err)
		}
		if bytes.Equal(l.Params, []byte("null")) {
			l.Params = nil
		}
	}
	it := batchItem{line: line, action: l.Action, params: l.Params}
	a, _ := ankiconnect.LookupAction(l.Action)
	it.refused = a.Check(l.Params)
	return it, nil
}

// flush sends the waiting lines as one multi and writes their results. It
// reports whether the batch must stop: the request failed as a whole, or
// an action failed with -stop-on-error, or the output cannot be written.
func (b *batch) flush(ctx context.Context) (stop bool) {
	if len(b.items) == 0 {
		return false
	}
	items := b.items
	b.items = nil
	m := b.c.NewMulti()
	for i, it := range items {
		if it.refused != nil {
			continue
		}
		var p any
		if it.params != nil {
			p = it.params
		}
		a, known := ankiconnect.LookupAction(it.action)
		if known && a.ReadOnly {
			items[i].pending = ankiconnect.MultiInvokeReadOnly[json.RawMessage](m, it.action, p)
		} else {
			items[i].pending = ankiconnect.MultiInvoke[json.RawMessage](m, it.action, p)
		}
	}
	err := m.Do(ctx)
	var perAction *ankiconnect.MultiError
	whole := err != nil && !errors.As(err, &perAction)
	failed := false
	for _, it := range items {
		res, ierr := json.RawMessage(nil), it.refused
		if ierr == nil {
			res, ierr = it.pending.Result()
		}
		out := batchResult{Result: res}
		if ierr != nil {
			failed = true
			if b.firstErr == nil {
				b.firstErr = wrapf(ierr, "batch: line %d", it.line)
			}
			msg := errorText(ierr)
			out = batchResult{Error: &msg}
		}
		if werr := writeJSONLine(b.out, out); werr != nil {
			if b.firstErr == nil {
				b.firstErr = werr
			}
			return true
		}
	}
	last := items[len(items)-1].line
	switch {
	case whole:
		fmt.Fprintf(b.stderr, "ankiconnect: batch: the request for lines %d-%d failed as a whole; stopped after line %d, no later line was sent\n", items[0].line, last, last)
		return true
	case failed && b.stopOnError:
		fmt.Fprintf(b.stderr, "ankiconnect: batch: an action failed (-stop-on-error); stopped after line %d, no later line was sent\n", last)
		return true
	}
	return false
}
