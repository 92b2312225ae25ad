package wire

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/ankiconnect-go/ankiconnect/internal/apkg"
	"github.com/ankiconnect-go/ankiconnect/internal/collection"
)

// Package actions: exportPackage and importPackage.
//
// The files are Anki's .apkg packages (internal/apkg): exportPackage
// writes what the add-on's exporter writes, importPackage reads legacy
// .apkg and .colpkg files. They live in
// Config.PackageDir, which stands for the directory Anki runs in (its
// collection.media folder): relative paths resolve inside it, and absolute
// paths must point inside it too.

func init() {
	Register(Action{Name: "exportPackage", Params: []Param{
		{Name: "deck", Required: true}, {Name: "path", Required: true}, {Name: "includeSched", Default: false},
	}, Run: exportPackage})
	Register(Action{Name: "importPackage", Params: []Param{{Name: "path", Required: true}}, Run: importPackage})
}

// exportPackage writes the named deck (found case-insensitively) with its
// subdecks to path and returns true, or returns false for an unknown deck.
// The file is written whole or not at all.
func exportPackage(e *Env, a Args) (any, error) {
	deck, err := namedDeck(e, a, "deck")
	if err != nil {
		return nil, err
	}
	if deck == nil {
		return false, nil
	}
	path, full, err := e.packagePath(a)
	if err != nil {
		return nil, err
	}
	p, err := e.Col.ExportPackage(deck.ID, a.Truthy("includeSched"))
	if err != nil {
		return nil, err
	}
	if err := apkg.WriteFile(full, p, e.srv.cfg.ExportFormat); err != nil {
		return nil, collection.PythonFileError(err, path)
	}
	return true, nil
}

// importPackage reads a package from path into the collection and returns
// true; a missing, unreadable or invalid file fails without changes.
func importPackage(e *Env, a Args) (any, error) {
	path, full, err := e.packagePath(a)
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile(full)
	if err != nil {
		return nil, collection.PythonFileError(err, path)
	}
	p, err := apkg.Read(path, data)
	if err != nil {
		return nil, err
	}
	if _, err := e.Col.ImportPackage(p); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	return true, nil
}

// packagePath decodes the "path" param and resolves it inside the package
// directory: path as given (for error texts) and the file's full path.
func (e *Env) packagePath(a Args) (path, full string, err error) {
	raw := a.Raw("path")
	if PyTypeName(raw) != "str" {
		return "", "", fmt.Errorf(MsgPathType, PyTypeName(raw))
	}
	if err := a.Decode("path", &path); err != nil {
		return "", "", err
	}
	if path == "" {
		return "", "", collection.PythonFileError(syscall.ENOENT, path)
	}
	dir := e.srv.cfg.PackageDir
	if dir == "" {
		dir = os.TempDir()
	}
	if dir, err = filepath.Abs(dir); err != nil {
		return "", "", err
	}
	full = path
	if !filepath.IsAbs(full) {
		full = filepath.Join(dir, full)
	}
	full = filepath.Clean(full)
	rel, err := filepath.Rel(dir, full)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", "", collection.PythonFileError(syscall.EACCES, path)
	}
	return path, full, nil
}
