package main

import (
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/ankiconnect-go/ankiconnect"
)

const addNotesUsage = `Usage: ankiconnect [flags] add-notes -deck DECK -model MODEL [-tags t1,t2] [-allow-duplicates] FILE.csv|FILE.tsv

Adds one note per data row of a CSV (comma-separated) or TSV (tab-separated)
file, chosen by the file's extension (.csv; .tsv or .tab). The header row
names the note type's fields, matched ignoring case as AnkiConnect matches
them; fields without a column stay empty. Before anything is added the whole
file is parsed, every column is checked against the note type's fields
(modelFieldNames) and the deck must exist.

Rows are added in requests of -chunk notes. Each row gets one JSON line on
stdout, in order, with the file line it starts on:
  {"line": 2, "status": "added", "noteId": 1712345678901}
  {"line": 3, "status": "duplicate", "error": "cannot create note because it is a duplicate"}
  {"line": 4, "status": "error", "error": "cannot create note because it is empty"}
A duplicate is not a failure: the note is already there, so running the same
import again adds nothing and exits 0 (unless -allow-duplicates). If a
request fails as a whole (Anki stopped), its rows get the error and no later
row is sent; run the same command again once Anki is back. A summary goes to
stderr, and a progress bar when stderr is a terminal.

Examples:
  ankiconnect add-notes -deck Vocabulary -model Basic words.csv
  ankiconnect add-notes -deck 'Go::Idioms' -model 'Basic (and reversed card)' -tags go,idioms idioms.tsv \
    | jq -c 'select(.status == "error")'
  ankiconnect -fake add-notes -deck Default -model Basic words.csv   # try the file without Anki

Flags:
`

type addNotes struct {
	deck, model, tags string
	allowDuplicates   bool
	chunk             int
}

var addNotesCommand = command{
	usage: addNotesUsage,
	flags: func(fs *flag.FlagSet) func(context.Context, *ankiconnect.Client, []string, env) error {
		a := &addNotes{}
		fs.StringVar(&a.deck, "deck", "", "the `deck` to add the notes to (required; it must exist)")
		fs.StringVar(&a.model, "model", "", "the note type (`model`) of the notes (required)")
		fs.StringVar(&a.tags, "tags", "", "comma-separated `tags` for every note")
		fs.BoolVar(&a.allowDuplicates, "allow-duplicates", false, "add notes whose first field duplicates another note's")
		fs.IntVar(&a.chunk, "chunk", ankiconnect.DefaultBatchSize, "notes per request (at least 1)")
		return a.run
	},
}

func (a *addNotes) run(ctx context.Context, c *ankiconnect.Client, args []string, e env) error {
	switch {
	case a.deck == "" || a.model == "":
		return usagef("add-notes: -deck and -model are required (see ankiconnect add-notes -h)")
	case len(args) != 1:
		return usagef("add-notes: want one FILE.csv or FILE.tsv, got %q", args)
	case a.chunk < 1:
		return usagef("add-notes: -chunk %d: want at least 1", a.chunk)
	}
	tags, err := splitTags(a.tags)
	if err != nil {
		return err
	}
	path := args[0]
	sep, err := separator(path)
	if err != nil {
		return err
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()

	// Pass 1: the whole file must parse before anything is added.
	t, err := openTable(f, sep, path)
	if err != nil {
		return err
	}
	rows := 0
	for {
		if _, _, err := t.next(); err == io.EOF {
			break
		} else if err != nil {
			return err
		}
		rows++
	}
	fields, err := a.fieldsOf(ctx, c, t.header)
	if err != nil {
		return err
	}
	if err := a.checkDeck(ctx, c); err != nil {
		return err
	}

	// Pass 2: add the rows, a chunk at a time.
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	if t, err = openTable(f, sep, path); err != nil {
		return err
	}
	var opts *ankiconnect.NoteOptions
	if a.allowDuplicates {
		opts = &ankiconnect.NoteOptions{AllowDuplicate: true}
	}
	bar := newProgress(e, rows, "adding notes")
	defer bar.stop()
	var sum summary
	notes := make([]ankiconnect.Note, 0, a.chunk)
	lines := make([]int, 0, a.chunk)
	for done := false; !done; {
		notes, lines = notes[:0], lines[:0]
		for len(notes) < a.chunk {
			line, rec, err := t.next()
			if err == io.EOF {
				done = true
				break
			}
			if err != nil {
				return err // the file changed since pass 1
			}
			n := ankiconnect.Note{DeckName: a.deck, ModelName: a.model, Fields: make(map[string]string, len(rec)), Tags: tags, Options: opts}
			for i, v := range rec {
				n.Fields[fields[i]] = v
			}
			notes, lines = append(notes, n), append(lines, line)
		}
		if len(notes) == 0 {
			break
		}
		results := ankiconnect.AddNotesEach(ctx, c, notes, ankiconnect.WithBatchSize(a.chunk))
		stop, err := sum.report(e, path, lines, results)
		bar.add(len(notes))
		if err != nil {
			return err
		}
		if stop && !done {
			bar.stop()
			fmt.Fprintf(e.stderr, "ankiconnect: add-notes: the request for lines %d-%d failed as a whole; no later row was sent (run the same command again: rows already added are reported as duplicates)\n", lines[0], lines[len(lines)-1])
			break
		}
	}
	bar.stop()
	fmt.Fprintf(e.stderr, "ankiconnect: add-notes: %s: %d rows: %d added, %d duplicates, %d failed\n", path, rows, sum.added, sum.duplicates, sum.failed)
	return sum.firstErr
}

// summary counts the rows' outcomes.
type summary struct {
	added, duplicates, failed int
	firstErr                  error
}

// rowReport is the output line of one row.
type rowReport struct {
	Line   int                `json:"line"`
	Status string             `json:"status"`
	NoteID ankiconnect.NoteID `json:"noteId,omitempty"`
	Error  string             `json:"error,omitempty"`
}

// report writes one line per row of a chunk. stop says that the chunk's
// request failed as a whole, so no later chunk should be sent.
func (s *summary) report(e env, path string, lines []int, results []ankiconnect.AddResult) (stop bool, err error) {
	for i, r := range results {
		rep := rowReport{Line: lines[i], NoteID: r.ID}
		var apiErr *ankiconnect.APIError
		switch {
		case r.Err == nil:
			rep.Status = "added"
			s.added++
		case errors.Is(r.Err, ankiconnect.ErrDuplicateNote):
			rep.Status, rep.Error = "duplicate", errorText(r.Err)
			s.duplicates++
		default:
			rep.Status, rep.Error = "error", errorText(r.Err)
			if errors.Is(r.Err, ankiconnect.ErrNotSent) {
				rep.Status = "not-sent"
			}
			s.failed++
			if s.firstErr == nil {
				s.firstErr = wrapf(r.Err, "add-notes: %s line %d", path, lines[i])
			}
			stop = stop || !errors.As(r.Err, &apiErr)
		}
		if err := writeJSONLine(e.stdout, rep); err != nil {
			return true, err
		}
	}
	return stop, nil
}

// splitTags splits -tags at commas.
func splitTags(s string) ([]string, error) {
	var tags []string
	for t := range strings.SplitSeq(s, ",") {
		t = strings.TrimSpace(t)
		if t == "" {
			continue
		}
		if strings.ContainsFunc(t, unicode.IsSpace) {
			return nil, usagef("add-notes: -tags: tag %q contains a space; Anki separates tags with spaces", t)
		}
		tags = append(tags, t)
	}
	return tags, nil
}

// separator returns the file's field separator, from its extension.
func separator(path string) (rune, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv":
		return ',', nil
	case ".tsv", ".tab":
		return '\t', nil
	}
	return 0, usagef("add-notes: %s: want a .csv or .tsv file", path)
}

// table reads a CSV or TSV file's header, then its rows.
type table struct {
	r      *csv.Reader
	path   string
	header []string
}

func openTable(r io.Reader, sep rune, path string) (*table, error) {
	cr := csv.NewReader(r)
	cr.Comma = sep
	cr.LazyQuotes = sep == '\t' // quotes inside TSV fields are text
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err == io.EOF {
		return nil, usagef("add-notes: %s is empty: want a header row naming the fields", path)
	}
	if err != nil {
		return nil, usagef("add-notes: %s: %v", path, err)
	}
	header = append([]string(nil), header...)
	header[0] = strings.TrimPrefix(header[0], "\ufeff") // a spreadsheet's byte order mark
	for i, h := range header {
		header[i] = strings.TrimSpace(h)
		if header[i] == "" {
			return nil, usagef("add-notes: %s: header column %d is empty", path, i+1)
		}
	}
	return &table{r: cr, path: path, header: header}, nil
}

// next returns the next row and the file line it starts on; io.EOF at the
// end.
func (t *table) next() (line int, rec []string, err error) {
	rec, err = t.r.Read()
	if err == io.EOF {
		return 0, nil, err
	}
	if err != nil {
		return 0, nil, usagef("add-notes: %s: %v", t.path, err)
	}
	line, _ = t.r.FieldPos(0)
	return line, rec, nil
}

// fieldsOf maps the header's columns to the model's field names, as
// AnkiConnect matches them (ignoring case).
func (a *addNotes) fieldsOf(ctx context.Context, c *ankiconnect.Client, header []string) ([]string, error) {
	names, err := c.ModelFieldNames(ctx, a.model)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(header))
	var unknown []string
	for i, h := range header {
		for _, n := range names {
			if strings.EqualFold(h, n) {
				out[i] = n
			}
		}
		if out[i] == "" {
			unknown = append(unknown, fmt.Sprintf("%q", h))
			continue
		}
		for j := range i {
			if out[j] == out[i] {
				return nil, usagef("add-notes: columns %q and %q both name field %q", header[j], h, out[i])
			}
		}
	}
	if unknown != nil {
		return nil, usagef("add-notes: %s not a field of note type %q, whose fields are %q; nothing was added",
			strings.Join(unknown, ", ")+map[bool]string{true: " is", false: " are"}[len(unknown) == 1], a.model, names)
	}
	return out, nil
}

// checkDeck fails unless the deck exists, matched as Anki matches deck
// names (ignoring case).
func (a *addNotes) checkDeck(ctx context.Context, c *ankiconnect.Client) error {
	decks, err := c.DeckNames(ctx)
	if err != nil {
		return err
	}
	for _, d := range decks {
		if strings.EqualFold(d, a.deck) {
			return nil
		}
	}
	return refusedf("add-notes: %w: %q does not exist; create it first (ankiconnect createDeck deck=%q); nothing was added", ankiconnect.ErrDeckNotFound, a.deck, a.deck)
}
