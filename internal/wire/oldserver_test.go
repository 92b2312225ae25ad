package wire

import (
	"net/http/httptest"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ankiconnect-go/ankiconnect/internal/fault"
)

// TestOldServerMode: behind fault injection's old-server mode the server
// ignores "version" and replies in the version 4 shape, inner multi actions
// included; errors keep their envelope. The same server answers normally
// once the mode is off.
func TestOldServerMode(t *testing.T) {
	faults := fault.New()
	srv := NewServer(Config{})
	h := faults.Wrap(srv)
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	for _, way := range []struct {
		name string
		send sender
	}{{"loopback", loopbackSender(ts.URL)}, {"in-process", inProcessSender(h)}} {
		t.Run(way.name, func(t *testing.T) {
			tests := []struct{ name, body, old, current string }{
				{"version 6", `{"action": "deckNames", "version": 6}`, `["Default"]`, `{"result": ["Default"], "error": null}`},
				{"no version", `{"action": "deckNames"}`, `["Default"]`, `["Default"]`},
				{"inner version not comparable", `{"action": "multi", "params": {"actions": [{"action": "version", "version": "6"}]}}`,
					`[6]`, `[{"result": null, "error": "'<=' not supported between instances of 'str' and 'int'"}]`},
				{"multi", `{"action": "multi", "version": 6, "params": {"actions": [{"action": "version", "version": 6}, {"action": "nope"}]}}`,
					`[6, {"result": null, "error": "unsupported action"}]`,
					`{"result": [{"result": 6, "error": null}, {"result": null, "error": "unsupported action"}], "error": null}`},
				{"error", `{"action": "nope", "version": 6}`, `{"result": null, "error": "unsupported action"}`, `{"result": null, "error": "unsupported action"}`},
			}
			for _, tt := range tests {
				faults.SetOldServer(true)
				r := way.send(t, rawRequest{Body: tt.body})
				got := rawReply{Status: r.Status, Body: r.Body}
				want := rawReply{Status: 200, Body: tt.old}
				if diff := cmp.Diff(want, got); diff != "" || r.Header.Get("Content-Type") != "text/json" {
					t.Errorf("%s, old server: Content-Type %q (-want +got):\n%s", tt.name, r.Header.Get("Content-Type"), diff)
				}
				faults.SetOldServer(false)
				if got := post(t, way.send, tt.body); got != tt.current {
					t.Errorf("%s, current server: got %s, want %s", tt.name, got, tt.current)
				}
			}
		})
	}
}
