package ankiconnecttest

import (
	"context"
	"fmt"

	"github.com/ankiconnect-go/ankiconnect/internal/wire"
)

// Package files. The fake serves exportPackage and importPackage with
// Anki's legacy .apkg format: it reads packages exported from Anki (and
// .colpkg files of the same layout), and writes packages Anki imports. A
// package holds the deck and its subdecks, their notes, cards and tags,
// their note types, the media the notes use and, with includeSched, the
// scheduling, review log and deck options. Importing is all or nothing: a
// broken package fails with an error naming the file and the cause and
// leaves the collection as it was.
//
// Package paths are the add-on's: the path of a file on the machine Anki
// runs on, a relative one resolving in the directory Anki runs in. The fake
// keeps them in its package directory (PackageDir): relative paths resolve
// there, absolute paths must point inside it, and others are refused with
// Python's "[Errno 13] Permission denied: '<path>'".

// WithPackageDir sets the directory the fake reads and writes package
// files in. By default each fake makes a temporary directory of its own and
// removes it on Close; a directory given here is left as it is.
func WithPackageDir(dir string) Option {
	return func(c *fakeConfig) { c.PackageDir = dir }
}

// PackageDir returns the directory that holds the fake's package files,
// where a relative exportPackage or importPackage path resolves: the one
// given to WithPackageDir, or the fake's own temporary directory.
func (f *Fake) PackageDir() string { return f.packageDir }

// WithPackage starts the fake holding the contents of an Anki package
// file, such as a deck exported from Anki ("Export" with the .apkg format,
// "Support older Anki versions" ticked) or a .colpkg of the same layout:
// its decks, note types, notes, cards with their scheduling, review log
// and media. path is a file on this machine, not in PackageDir. Several
// WithPackage options import their files in order, merging as
// importPackage does; Start fails if one cannot be read.
func WithPackage(path string) Option {
	return func(c *fakeConfig) { c.packages = append(c.packages, path) }
}

// LoadPackage imports the Anki package file at path (a file on this
// machine) into the active collection, as importPackage does: notes that
// already exist (same GUID) are updated only by a newer copy, and a broken
// package fails with an error naming the file and the cause, leaving the
// collection as it was.
func (f *Fake) LoadPackage(path string) error {
	return f.srv.Do(context.Background(), func(e *wire.Env) error {
		_, err := wire.ImportPackageFile(e.Col, path, path)
		return err
	})
}

// loadPackages imports the WithPackage files.
func (f *Fake) loadPackages(paths []string) error {
	for _, path := range paths {
		if err := f.LoadPackage(path); err != nil {
			return fmt.Errorf("ankiconnecttest: WithPackage: %w", err)
		}
	}
	return nil
}
