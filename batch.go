package ankiconnect

import (
	"context"
	"errors"
	"fmt"
)

// DefaultBatchSize is the number of notes AddNotesEach sends per request
// unless WithBatchSize says otherwise. A hundred plain notes take Anki well
// under a second; notes whose media Anki downloads take longer, so lower it
// for those rather than raise the client's timeout.
const DefaultBatchSize = 100

// ErrNotSent marks the notes AddNotesEach did not send because the context
// ended or an earlier request failed as a whole. They were not added, so
// they can be sent again.
var ErrNotSent = errors.New("not sent")

// AddResult is the outcome of adding one note with AddNotesEach: its new
// ID, or its own error.
type AddResult struct {
	ID  NoteID
	Err error
}

// BatchOption configures AddNotesEach.
type BatchOption func(*batchConfig)

type batchConfig struct {
	size     int
	progress func(done, total int)
}

// WithBatchSize sets how many notes AddNotesEach sends per request; n < 1
// means DefaultBatchSize.
func WithBatchSize(n int) BatchOption { return func(b *batchConfig) { b.size = n } }

// WithProgress makes AddNotesEach call f after each request, on the
// caller's goroutine, with the number of notes whose outcome is known so
// far and the number of notes in all.
func WithProgress(f func(done, total int)) BatchOption {
	return func(b *batchConfig) { b.progress = f }
}

// AddNotesEach adds notes and returns, for each note in order, its ID or
// its own error: unlike AddNotes, which adds all or nothing and names no
// note, one bad note does not stop the others, and each failure says which
// note and why (an *Error for addNote, classified with ErrDuplicateNote,
// ErrEmptyNote and the other sentinels).
//
// The notes go in requests of WithBatchSize notes (DefaultBatchSize by
// default), each a Multi of addNote actions, sent one after another:
// AnkiConnect runs one action at a time on Anki's main thread, so
// concurrent requests would only queue there, while sequential ones keep
// memory bounded and make stopping exact. Notes within a batch are checked
// against the notes added before them, so a duplicate inside the input is
// reported as one.
//
// When a request fails as a whole (a transport error, an HTTP error, a
// canceled context), each of its notes gets that error, and whether Anki
// added them is unknown unless the error is ErrNotRunning; the request is
// never sent twice. AddNotesEach then stops: the notes after it get an
// error wrapping ErrNotSent and that cause. The same happens to all notes
// not yet sent when ctx ends.
func AddNotesEach(ctx context.Context, c *Client, notes []Note, opts ...BatchOption) []AddResult {
	cfg := batchConfig{size: DefaultBatchSize}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.size < 1 {
		cfg.size = DefaultBatchSize
	}
	results := make([]AddResult, len(notes))
	for start := 0; start < len(notes); start += cfg.size {
		if err := ctx.Err(); err != nil {
			markNotSent(results[start:], err)
			break
		}
		end := min(start+cfg.size, len(notes))
		err := addBatch(ctx, c, notes[start:end], results[start:end])
		if cfg.progress != nil {
			cfg.progress(end, len(notes))
		}
		if err != nil {
			markNotSent(results[end:], err)
			break
		}
	}
	return results
}

// addBatch adds notes in one Multi and fills in out. It returns the
// Multi's error only when the request failed as a whole.
func addBatch(ctx context.Context, c *Client, notes []Note, out []AddResult) error {
	m := c.NewMulti()
	pending := make([]*Pending[NoteID], len(notes))
	for i, n := range notes {
		pending[i] = m.AddNote(n)
	}
	err := m.Do(ctx)
	for i, p := range pending {
		out[i].ID, out[i].Err = p.Result()
	}
	if !RequestFailed(err) {
		return nil // each note has its own outcome
	}
	return err
}

// markNotSent gives every result the ErrNotSent error for cause.
func markNotSent(results []AddResult, cause error) {
	var e *Error
	if errors.As(cause, &e) {
		cause = e.Err // the failed Multi's own cause
	}
	err := &Error{Action: actAddNote.name, Err: fmt.Errorf("%w: %w", ErrNotSent, cause)}
	for i := range results {
		results[i].Err = err
	}
}
