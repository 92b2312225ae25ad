package ankiconnect_test

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// readmePrelude declares what the README's snippets use without declaring
// it, as the text around each snippet describes it. myapp stands for the
// reader's own package under test.
const readmePrelude = `
var (
	c                          = ankiconnect.NewClient()
	ctx                        = context.Background()
	m                          = c.NewMulti()
	note                       ankiconnect.Note
	words                      []string
	deckFromUser, wordFromUser string
	fake                       *ankiconnecttest.Fake
	t                          *testing.T
	myapp                      app
)

type app struct{}

func (app) Import(ctx context.Context, url, key string, words []string) error { return nil }

func (app) DueToday(ctx context.Context, c *ankiconnect.Client) ([]ankiconnect.CardID, error) {
	return nil, nil
}
`

// readmeImports are the packages the snippets may use; each file imports
// them all and marks them used.
var readmeImports = map[string]string{
	"context":                               "context.Background",
	"errors":                                "errors.Is",
	"fmt":                                   "fmt.Sprint",
	"log":                                   "log.Print",
	"testing":                               "testing.Short",
	"time":                                  "time.Now",
	"github.com/ankiconnect-go/ankiconnect": "ankiconnect.NewClient",
	"github.com/ankiconnect-go/ankiconnect/ankiconnecttest": "ankiconnecttest.Start",
}

// snippet is one ```go block of README.md.
type snippet struct {
	line int // of the block's first line of code
	code string
}

// readmeSnippets returns the ```go blocks of the file.
func readmeSnippets(t *testing.T, path string) []snippet {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []snippet
	var cur *snippet
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		switch {
		case cur == nil && strings.TrimSpace(line) == "```go":
			cur = &snippet{line: n + 1}
		case cur != nil && strings.TrimSpace(line) == "```":
			out = append(out, *cur)
			cur = nil
		case cur != nil:
			cur.code += line + "\n"
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if cur != nil {
		t.Fatalf("%s:%d: unterminated code block", path, cur.line-1)
	}
	return out
}

// TestReadmeSnippetsCompile builds every Go snippet of README.md, as
// pasted, in a module of its own that uses this one: a snippet of
// declarations (starting with func or type) as a file, any other as the
// body of a function. Compile errors point at README.md's lines.
func TestReadmeSnippetsCompile(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a module: not in -short mode")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go command is not on PATH:", err)
	}
	root, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	snippets := readmeSnippets(t, filepath.Join(root, "README.md"))
	if len(snippets) < 5 {
		t.Fatalf("found only %d Go snippets in README.md", len(snippets))
	}
	dir := t.TempDir()
	write := func(name, content string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module readmesnippets\n\ngo 1.25.0\n\n"+
		"require github.com/ankiconnect-go/ankiconnect v0.0.0\n\n"+
		"replace github.com/ankiconnect-go/ankiconnect => "+root+"\n")
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	write("go.sum", string(sum))
	header := "package snippets\n\nimport (\n"
	uses := ""
	for path, use := range readmeImports {
		header += fmt.Sprintf("\t%q\n", path)
		uses += "var _ = " + use + "\n"
	}
	header += ")\n\n" + uses
	write("prelude.go", header+readmePrelude)
	for i, s := range snippets {
		first := strings.TrimSpace(s.code)
		var body string
		if strings.HasPrefix(first, "func ") || strings.HasPrefix(first, "type ") {
			body = fmt.Sprintf("//line README.md:%d\n%s", s.line, s.code)
		} else {
			body = fmt.Sprintf("func snippet%d() error {\n//line README.md:%d\n%s\treturn nil\n}\n", i, s.line, s.code)
		}
		write(fmt.Sprintf("snippet%d.go", i), header+body)
	}
	cmd := exec.Command(goTool, "build", "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod", "GOTOOLCHAIN=local", "GOPROXY=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("README.md's Go snippets do not compile (%v):\n%s", err, out)
	}
}
