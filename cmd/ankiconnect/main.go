// Command ankiconnect calls AnkiConnect from the shell: any action, batches
// of actions as JSON lines, and CSV or TSV imports of notes.
//
//	go install github.com/ankiconnect-go/ankiconnect/cmd/ankiconnect@latest
//
//	ankiconnect [flags] ACTION [-params JSON | name=value | name:=JSON ...]
//	ankiconnect [flags] batch [-chunk N] [-stop-on-error] [FILE]
//	ankiconnect [flags] add-notes -deck DECK -model MODEL [-tags t1,t2] [-allow-duplicates] FILE.csv|FILE.tsv
//	ankiconnect actions
//
// ACTION calls one action and prints its result as one line of JSON on
// stdout. Its parameters are a JSON object (-params '{"query": "deck:x"}'),
// or name=value pairs, each value a string, and name:=JSON pairs, each value
// JSON (notes:='[1712345678901]'). Actions this package knows are treated as
// their typed methods treat them: read-only ones are retried as reads, and
// answerCards with an ease outside 1-4 is refused before anything is sent
// (AnkiConnect would apply the answers before the bad one). Unknown actions
// are sent as writes, retried only when the connection was refused.
//
// batch reads JSON lines, {"action": ..., "params": ...}, from FILE or
// stdin and sends them as multi requests of -chunk actions each. It writes
// one JSON line per input line, in order: {"result": ..., "error": null}
// or {"result": null, "error": "message"}. Blank lines are skipped and get
// no output line. A failed action does not stop the others unless
// -stop-on-error is given; then no request is sent after one in which an
// action failed (the actions after it in the same request had already run,
// and their results are written). A malformed line (not JSON, unknown
// members, no action, params not an object) stops the batch: the lines
// before it are sent and reported, the malformed line gets an output line
// whose error names its line number, and no line after it is read or sent.
// A request that fails as a whole (Anki stopped, a timeout) gives each of
// its lines that error and stops the batch too.
//
// add-notes adds one note per data row of a CSV (comma) or TSV (tab) file.
// The header row names the note type's fields (matched as AnkiConnect
// matches them, ignoring case). Before anything is added the whole file is
// parsed, the header is checked against modelFieldNames and the deck must
// exist. The rows are added through AddNotesEach in requests of -chunk
// notes; each row gets one JSON line on stdout: {"line": N, "status":
// "added", "noteId": ID}, "duplicate", or "error" with AnkiConnect's
// message. A duplicate is not a failure, so running the same import twice
// adds nothing the second time and exits 0. On a terminal a progress bar
// is drawn on stderr.
//
// actions lists the actions this package knows, one per line, with "read"
// for those that only read and "write" for the others.
//
// Flags, before or after the command: -url and -key (default the
// environment variables ANKICONNECT_URL and ANKICONNECT_API_KEY, then
// http://127.0.0.1:8765 and no key), -timeout for each reply, -retries, and
// -fake, which runs the command against an in-memory fake AnkiConnect with
// a fresh collection (package ankiconnecttest) to try a script without
// Anki.
//
// Exit status:
//
//	0  success
//	1  another failure: a timeout, a broken connection, a reply that is not AnkiConnect's, a file that cannot be read
//	2  bad usage: unknown flags, malformed parameters or batch lines, a CSV header that does not match the note type
//	3  Anki is not running: the connection was refused (ankiconnect.ErrNotRunning)
//	4  refused: AnkiConnect answered with an error, printed verbatim (an *ankiconnect.APIError), or an HTTP error
//	   status, or the parameters were refused before sending (an ease outside 1-4, a deck that does not exist)
//
// batch and add-notes exit with the status of the first line or row that
// failed. Errors go to stderr: the error, then a line with its
// classification and the exit status.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/ankiconnect-go/ankiconnect"
	"github.com/ankiconnect-go/ankiconnect/ankiconnecttest"
)

// Exit statuses; see the package documentation.
const (
	exitOK         = 0
	exitFailed     = 1
	exitUsage      = 2
	exitNotRunning = 3
	exitRefused    = 4
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, terminal: isTerminal})
	stop()
	os.Exit(code)
}

// env is the command's view of the process, replaced in tests.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	// terminal reports whether w is a terminal (for the progress bar).
	terminal func(w io.Writer) bool
}

// exitError is an error with the exit status it calls for.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// usagef returns a bad-usage error.
func usagef(format string, args ...any) error {
	return &exitError{code: exitUsage, err: fmt.Errorf(format, args...)}
}

// refusedf returns an error for a request the tool refuses to send.
func refusedf(format string, args ...any) error {
	return &exitError{code: exitRefused, err: fmt.Errorf(format, args...)}
}

// exitCode classifies err into an exit status.
func exitCode(err error) int {
	var ee *exitError
	var apiErr *ankiconnect.APIError
	var httpErr *ankiconnect.HTTPError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ee):
		return ee.code
	case errors.Is(err, ankiconnect.ErrNotRunning):
		return exitNotRunning
	case errors.As(err, &apiErr), errors.As(err, &httpErr),
		errors.Is(err, ankiconnect.ErrInvalidEase), errors.Is(err, ankiconnect.ErrInvalidTag):
		return exitRefused
	default:
		return exitFailed
	}
}

// sentinels are the client's classifications, named as in Go.
var sentinels = []struct {
	err  error
	name string
}{
	{ankiconnect.ErrUnsupportedAction, "ErrUnsupportedAction"},
	{ankiconnect.ErrInvalidAPIKey, "ErrInvalidAPIKey"},
	{ankiconnect.ErrDuplicateNote, "ErrDuplicateNote"},
	{ankiconnect.ErrEmptyNote, "ErrEmptyNote"},
	{ankiconnect.ErrDeckNotFound, "ErrDeckNotFound"},
	{ankiconnect.ErrModelNotFound, "ErrModelNotFound"},
	{ankiconnect.ErrNoteNotFound, "ErrNoteNotFound"},
	{ankiconnect.ErrCardNotFound, "ErrCardNotFound"},
	{ankiconnect.ErrCollectionUnavailable, "ErrCollectionUnavailable"},
	{ankiconnect.ErrInvalidSearch, "ErrInvalidSearch"},
	{ankiconnect.ErrReviewNotActive, "ErrReviewNotActive"},
	{ankiconnect.ErrInvalidEase, "ErrInvalidEase"},
	{ankiconnect.ErrInvalidTag, "ErrInvalidTag"},
	{ankiconnect.ErrForbiddenOrigin, "ErrForbiddenOrigin"},
	{ankiconnect.ErrNotRunning, "ErrNotRunning"},
	{ankiconnect.ErrEmptyBodySeen, "ErrEmptyBodySeen"},
	{ankiconnect.ErrNotSent, "ErrNotSent"},
	{context.DeadlineExceeded, "context.DeadlineExceeded"},
	{context.Canceled, "context.Canceled"},
}

// classify describes err for the second line of an error report.
func classify(err error) string {
	var names []string
	for _, s := range sentinels {
		if errors.Is(err, s.err) {
			names = append(names, s.name)
		}
	}
	code := exitCode(err)
	var kind string
	switch code {
	case exitUsage:
		kind = "bad usage"
	case exitNotRunning:
		kind = "Anki is not running"
	case exitRefused:
		kind = "refused"
	default:
		kind = "failed"
	}
	if names != nil {
		kind += " (" + strings.Join(names, ", ") + ")"
	}
	return fmt.Sprintf("%s; exit status %d", kind, code)
}

// report writes err to stderr, with its classification, and returns its
// exit status.
func report(stderr io.Writer, err error) int {
	fmt.Fprintf(stderr, "ankiconnect: %v\n", strings.TrimPrefix(err.Error(), "ankiconnect: "))
	fmt.Fprintf(stderr, "ankiconnect: %s\n", classify(err))
	return exitCode(err)
}

// errorText is the text of err for JSON output: AnkiConnect's message
// verbatim when it sent one, else the error.
func errorText(err error) string {
	var apiErr *ankiconnect.APIError
	if errors.As(err, &apiErr) {
		return apiErr.Message
	}
	return err.Error()
}

// globals are the flags every command takes.
type globals struct {
	url, key string
	timeout  time.Duration
	retries  int
	fake     bool
}

// defaultGlobals are the global flags' defaults.
func defaultGlobals() globals {
	return globals{timeout: ankiconnect.DefaultTimeout, retries: ankiconnect.DefaultRetryPolicy.MaxRetries}
}

// register defines the global flags on fs, keeping the values of flags
// given before the command.
func (g *globals) register(fs *flag.FlagSet) {
	cur := *g
	defer func() { *g = cur }() // defining a flag sets it to its default
	*g = defaultGlobals()
	fs.StringVar(&g.url, "url", g.url, "AnkiConnect `address` (default $ANKICONNECT_URL, else "+ankiconnect.DefaultURL+")")
	fs.StringVar(&g.key, "key", g.key, "API `key` (default $ANKICONNECT_API_KEY)")
	fs.DurationVar(&g.timeout, "timeout", g.timeout, "how long to wait for each reply (0: no limit)")
	fs.IntVar(&g.retries, "retries", g.retries, "retries of read-only requests after transport errors and of any request refused a connection")
	fs.BoolVar(&g.fake, "fake", g.fake, "run against an in-memory fake AnkiConnect with a fresh collection, not Anki")
}

// client returns the client the flags describe and a function that
// releases it (stopping the fake, for -fake).
func (g *globals) client() (*ankiconnect.Client, func(), error) {
	opts := []ankiconnect.Option{ankiconnect.WithTimeout(g.timeout)}
	if g.retries != ankiconnect.DefaultRetryPolicy.MaxRetries {
		p := ankiconnect.DefaultRetryPolicy
		p.MaxRetries = max(g.retries, 0)
		opts = append(opts, ankiconnect.WithRetryPolicy(p))
	}
	if g.key != "" {
		opts = append(opts, ankiconnect.WithAPIKey(g.key))
	}
	if !g.fake {
		if g.url != "" {
			opts = append(opts, ankiconnect.WithURL(g.url))
		}
		return ankiconnect.NewClientFromEnv(opts...), func() {}, nil
	}
	if g.url != "" {
		return nil, nil, usagef("-fake and -url exclude each other")
	}
	key := g.key
	if key == "" {
		key = os.Getenv(ankiconnect.EnvAPIKey)
	}
	var fopts []ankiconnecttest.Option
	if key != "" {
		fopts = append(fopts, ankiconnecttest.WithAPIKey(key))
	}
	fake, err := ankiconnecttest.Start(fopts...)
	if err != nil {
		return nil, nil, fmt.Errorf("starting the fake: %w", err)
	}
	// The fake's own client settings (its URL and key), then ours.
	return fake.Client(opts...), func() { _ = fake.Close() }, nil
}

// command is one subcommand.
type command struct {
	usage string // the usage line(s) and description, for -h
	// flags defines the command's own flags on fs; the returned function
	// runs the command with the remaining arguments.
	flags func(fs *flag.FlagSet) func(ctx context.Context, c *ankiconnect.Client, args []string, e env) error
}

var commands = map[string]command{
	"batch":     batchCommand,
	"add-notes": addNotesCommand,
}

const topUsage = `Usage:
  ankiconnect [flags] ACTION [-params JSON | name=value | name:=JSON ...]
  ankiconnect [flags] batch [-chunk N] [-stop-on-error] [FILE]
  ankiconnect [flags] add-notes -deck DECK -model MODEL [-tags t1,t2] [-allow-duplicates] FILE.csv|FILE.tsv
  ankiconnect actions

Calls AnkiConnect, the Anki add-on, and prints results as JSON on stdout.
Run "ankiconnect COMMAND -h" for a command's help, "ankiconnect actions"
for the actions this tool knows.

Examples:
  ankiconnect deckNames
  ankiconnect findNotes query='deck:Default is:new'
  ankiconnect notesInfo notes:='[1712345678901]'
  ankiconnect -fake batch < script.jsonl
  ankiconnect add-notes -deck Vocabulary -model Basic words.csv

Exit status: 0 success, 1 other failure, 2 bad usage, 3 Anki is not
running, 4 refused by AnkiConnect (or before sending).

Flags (before or after the command):
`

// run runs the command line args and returns the exit status.
func run(ctx context.Context, args []string, e env) int {
	g := new(globals)
	*g = defaultGlobals()
	top := flag.NewFlagSet("ankiconnect", flag.ContinueOnError)
	g.register(top)
	switch err := parse(top, args); {
	case errors.Is(err, flag.ErrHelp):
		printHelp(e.stdout, topUsage, top)
		return exitOK
	case err != nil:
		return report(e.stderr, usagef("%v (see ankiconnect -h)", err))
	}
	if top.NArg() == 0 {
		return report(e.stderr, usagef("no command or action given (see ankiconnect -h)"))
	}
	name, rest := top.Arg(0), top.Args()[1:]
	if name == "help" {
		printHelp(e.stdout, topUsage, top)
		return exitOK
	}
	if name == "actions" {
		return listActions(e, rest)
	}
	cmd, ok := commands[name]
	if !ok {
		cmd = actionCommand(name)
	}
	fs := flag.NewFlagSet("ankiconnect "+name, flag.ContinueOnError)
	runCmd := cmd.flags(fs)
	g.register(fs)
	switch err := parse(fs, rest); {
	case errors.Is(err, flag.ErrHelp):
		printHelp(e.stdout, cmd.usage, fs)
		return exitOK
	case err != nil:
		return report(e.stderr, usagef("%s: %v (see ankiconnect %s -h)", name, err, name))
	}
	c, release, err := g.client()
	if err != nil {
		return report(e.stderr, err)
	}
	defer release()
	if err := runCmd(ctx, c, fs.Args(), e); err != nil {
		return report(e.stderr, err)
	}
	return exitOK
}

// parse parses args with fs, printing nothing: run reports errors and help.
func parse(fs *flag.FlagSet, args []string) error {
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs.Parse(args)
}

// printHelp writes a command's usage text and its flags.
func printHelp(w io.Writer, usage string, fs *flag.FlagSet) {
	fmt.Fprint(w, usage)
	fs.SetOutput(w)
	fs.PrintDefaults()
}

// listActions prints the actions the package knows, sorted by name.
func listActions(e env, args []string) int {
	if len(args) > 0 {
		if args[0] == "-h" || args[0] == "-help" || args[0] == "--help" {
			fmt.Fprint(e.stdout, "Usage: ankiconnect actions\n\nLists the actions this tool knows, one per line: the name, a tab, and\n\"read\" for an action that only reads (retried after transport errors)\nor \"write\" (sent at most once unless the connection was refused).\n")
			return exitOK
		}
		return report(e.stderr, usagef("actions takes no arguments"))
	}
	list := ankiconnect.Actions()
	slices.SortFunc(list, func(a, b ankiconnect.ActionInfo) int { return strings.Compare(a.Name, b.Name) })
	for _, a := range list {
		kind := "write"
		if a.ReadOnly {
			kind = "read"
		}
		fmt.Fprintf(e.stdout, "%s\t%s\n", a.Name, kind)
	}
	return exitOK
}

// wrapped is err with a prefix saying where it happened, and without the
// client's own "ankiconnect: " prefix in the middle of the message.
type wrapped struct {
	prefix string
	err    error
}

func (w *wrapped) Error() string {
	return w.prefix + ": " + strings.TrimPrefix(w.err.Error(), "ankiconnect: ")
}
func (w *wrapped) Unwrap() error { return w.err }

// wrapf returns err prefixed with the formatted text.
func wrapf(err error, format string, args ...any) error {
	return &wrapped{prefix: fmt.Sprintf(format, args...), err: err}
}
