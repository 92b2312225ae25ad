package ankiconnect_test

import (
	"go/ast"
	"go/doc"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// godocPackages are the packages whose documentation users read first.
var godocPackages = []string{".", "ankiconnecttest"}

// TestGodocStartsWithTheName: the comment of every exported function,
// method and type starts with its name (after "A", "An" or "The"), so
// that no stray comment (such as one left from a deleted helper) opens
// what go doc shows.
func TestGodocStartsWithTheName(t *testing.T) {
	for _, dir := range godocPackages {
		fset := token.NewFileSet()
		files := parseGoFiles(t, fset, dir, false)
		checked := 0
		check := func(name string, cg *ast.CommentGroup, pos token.Pos) {
			checked++
			words := strings.Fields(cg.Text())
			if len(words) > 1 && (words[0] == "A" || words[0] == "An" || words[0] == "The") {
				words = words[1:]
			}
			if len(words) == 0 || words[0] != name {
				t.Errorf("%s: the doc of %s does not start with its name: %.60q", fset.Position(pos), name, cg.Text())
			}
		}
		for _, f := range files {
			for _, d := range f.Decls {
				switch d := d.(type) {
				case *ast.FuncDecl:
					if d.Name.IsExported() {
						check(d.Name.Name, d.Doc, d.Pos())
					}
				case *ast.GenDecl:
					for _, s := range d.Specs {
						if ts, ok := s.(*ast.TypeSpec); ok && ts.Name.IsExported() {
							cg := ts.Doc
							if cg == nil {
								cg = d.Doc
							}
							check(ts.Name.Name, cg, ts.Pos())
						}
					}
				}
			}
		}
		if checked < 10 {
			t.Errorf("%s: only %d declarations checked", dir, checked)
		}
	}
}

// TestExamplesHaveOutput: every Example runs (has an Output comment), so
// the code that godoc shows is tested.
func TestExamplesHaveOutput(t *testing.T) {
	for _, dir := range godocPackages {
		files := parseGoFiles(t, token.NewFileSet(), dir, true)
		n := 0
		for _, ex := range doc.Examples(files...) {
			n++
			if ex.Output == "" && !ex.EmptyOutput {
				t.Errorf("%s: Example%s has no // Output: and never runs", dir, ex.Name)
			}
		}
		if n == 0 {
			t.Errorf("%s: no examples found", dir)
		}
	}
}

// parseGoFiles parses the Go files of dir with their comments: the test
// files, or the others.
func parseGoFiles(t *testing.T, fset *token.FileSet, dir string, tests bool) []*ast.File {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	var files []*ast.File
	for _, p := range paths {
		if strings.HasSuffix(p, "_test.go") != tests {
			continue
		}
		f, err := parser.ParseFile(fset, p, nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	return files
}
