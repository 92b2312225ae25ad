package ankiconnecttest

import (
	"context"
	"fmt"

	"github.com/ankiconnect-go/ankiconnect/internal/apkg"
	"github.com/ankiconnect-go/ankiconnect/internal/wire"
)

// Package files. The fake serves exportPackage and importPackage with
// Anki's own .apkg files: exportPackage writes what the add-on's exporter
// writes (a legacy .apkg: collection.anki21 of schema 11, numbered media
// files and a media map), or with WithExportFormat(PackageLatest) what
// Anki's own exporter writes (collection.anki21b of schema 18, zstd media
// and a protobuf media map). importPackage reads both layouts, and .colpkg
// collections made by Anki, merging notes by GUID and keeping the newer
// copy. WithPackage and LoadPackage seed a fake with a user's own exported
// deck.
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

// PackageFormat is a layout of Anki package files (see WithExportFormat).
type PackageFormat int

const (
	// PackageLegacy is what the add-on's exportPackage writes: schema 11,
	// a JSON media map, importable by every Anki since 2.1. The default.
	PackageLegacy PackageFormat = iota
	// PackageLatest is what Anki 2.1.50 and later export without "Support
	// older Anki versions": a meta member of version 3, a zstd-compressed
	// collection.anki21b of schema 18, zstd media and a protobuf media map.
	PackageLatest
)

// WithExportFormat sets the layout exportPackage writes (PackageLegacy by
// default). importPackage, WithPackage and LoadPackage read either.
func WithExportFormat(f PackageFormat) Option {
	return func(c *fakeConfig) {
		c.ExportFormat = apkg.FormatLegacy
		if f == PackageLatest {
			c.ExportFormat = apkg.FormatLatest
		}
	}
}

// WithPackage loads an Anki package file (.apkg or .colpkg, as Anki
// exports it) into the fake's collection when it starts, as importPackage
// would; Start fails, and New fails the test, when the file cannot be
// read. Give it more than once to load several, in order.
func WithPackage(path string) Option {
	return func(c *fakeConfig) { c.packages = append(c.packages, path) }
}

// LoadPackage imports the Anki package file at path (a path on this
// machine, not in PackageDir) into the active collection, as importPackage
// does: all of it, or nothing with an error naming the file and the cause.
func (f *Fake) LoadPackage(path string) error {
	p, err := apkg.ReadFile(path)
	if err != nil {
		return err
	}
	return f.srv.Do(context.Background(), func(e *wire.Env) error {
		if _, err := e.Col.ImportPackage(p); err != nil {
			return fmt.Errorf("%s: %v", path, err)
		}
		return nil
	})
}
