package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// progress shows how many rows are done; it draws nothing unless stderr is
// a terminal.
type progress struct {
	bar *progressbar.ProgressBar
}

// newProgress returns a progress bar for total rows on e.stderr, or one
// that draws nothing when e.stderr is not a terminal.
func newProgress(e env, total int, what string) *progress {
	if !e.terminal(e.stderr) || total == 0 {
		return &progress{}
	}
	w := e.stderr
	return &progress{bar: progressbar.NewOptions(total,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription(what),
		progressbar.OptionShowCount(),
		progressbar.OptionSetWidth(30),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionOnCompletion(func() { fmt.Fprintln(w) }),
	)}
}

// add records n more rows done.
func (p *progress) add(n int) {
	if p.bar != nil {
		_ = p.bar.Add(n)
	}
}

// stop ends the bar, leaving its last state on its own line.
func (p *progress) stop() {
	if p.bar != nil && !p.bar.IsFinished() {
		_ = p.bar.Exit() // its completion function ends the line
	}
}
