// Package apkg reads and writes Anki's package files for the fake: the
// legacy .apkg (a zip of a schema-11 SQLite collection named
// collection.anki2 or collection.anki21, a "media" JSON map from member
// names to file names, and the media files as numbered members) and the
// full-collection .colpkg of the same layout. Read turns a file into a
// collection.Package and Write turns a Package into an .apkg; what goes
// into a package and how one merges is internal/collection's business.
//
// The SQLite driver is modernc.org/sqlite (pure Go). Only the fake links
// this package; the client never does.
package apkg

import (
	"database/sql"
	"fmt"
	"os"

	_ "modernc.org/sqlite" // the "sqlite" database/sql driver
)

// Member names inside a package.
const (
	memberAnki2  = "collection.anki2"
	memberAnki21 = "collection.anki21"
	memberMedia  = "media"
)

// schemaVersion is the col.ver the legacy formats carry.
const schemaVersion = 11

// withDatabase writes data to a temporary file, opens it with SQLite and
// calls fn; the file is removed afterwards. SQLite needs a file, and the
// package's collection is a member of a zip.
func withDatabase(data []byte, fn func(db *sql.DB) error) error {
	f, err := os.CreateTemp("", "fakeanki-*.anki2")
	if err != nil {
		return err
	}
	name := f.Name()
	defer os.Remove(name)
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	db, err := sql.Open("sqlite", "file:"+name+"?_pragma=journal_mode(OFF)&_pragma=synchronous(OFF)")
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if err := fn(db); err != nil {
		return err
	}
	return db.Close()
}

// fileError is an error naming the package file and the cause.
func fileError(file string, format string, args ...any) error {
	return fmt.Errorf("%s: %s", file, fmt.Sprintf(format, args...))
}
