package ankiconnect_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestClientLinksNothingOfTheFake: a program that imports only the client
// must not link the fake's engine, nor the heavy dependencies that only the
// fake and the tools use. The root package's dependency list, as the go
// command computes it, names none of them.
func TestClientLinksNothingOfTheFake(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go command is not on PATH:", err)
	}
	out, err := exec.Command(goTool, "list", "-deps", "github.com/ankiconnect-go/ankiconnect").CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps: %v\n%s", err, out)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 10 {
		t.Fatalf("go list -deps listed only %d packages: %q", len(deps), deps)
	}
	forbidden := []string{
		"github.com/ankiconnect-go/ankiconnect/internal/",
		"github.com/ankiconnect-go/ankiconnect/ankiconnecttest",
		"github.com/ankiconnect-go/ankiconnect/cmd/",
		"modernc.org/",           // SQLite, for Anki packages in the fake
		"github.com/ncruces/",    // the other SQLite driver
		"github.com/klauspost/",  // zstd, for Anki packages in the fake
		"google.golang.org/",     // protobuf, for Anki's schema 18 in the fake
		"github.com/schollz/",    // progress bars, for cmd/ankiconnect
		"github.com/vbauerster/", // progress bars, for cmd/ankiconnect
	}
	for _, d := range deps {
		for _, f := range forbidden {
			if strings.HasPrefix(d, f) {
				t.Errorf("the client package depends on %s", d)
			}
		}
	}
}
