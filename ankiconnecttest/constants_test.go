package ankiconnecttest_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ankiconnect-go/ankiconnect/ankiconnecttest"
)

// TestCallsWithPythonConstants: inside multi a version may be NaN or
// Infinity (json.loads takes them); Calls reports such versions as 0, as
// it does other versions that are not a finite number.
func TestCallsWithPythonConstants(t *testing.T) {
	fake := ankiconnecttest.New(t)
	body := `{"action": "multi", "version": 6, "params": {"actions": [` +
		`{"action": "version", "version": NaN}, {"action": "version", "version": Infinity}, ` +
		`{"action": "version", "version": 1e400}, {"action": "version", "version": 5.0}]}}`
	resp, err := http.Post(fake.URL(), "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	reply, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	want := `{"result": [{"result": 6, "error": null}, {"result": 6, "error": null}, {"result": 6, "error": null}, {"result": 6, "error": null}], "error": null}`
	if string(reply) != want {
		t.Errorf("reply %s, want %s", reply, want)
	}
	var versions []int
	for _, c := range fake.Calls() {
		versions = append(versions, c.Version)
	}
	if diff := cmp.Diff([]int{0, 0, 0, 5, 6}, versions); diff != "" {
		t.Errorf("versions (-want +got):\n%s", diff)
	}
}
