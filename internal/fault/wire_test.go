package fault_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ankiconnect-go/ankiconnect/internal/fault"
	"github.com/ankiconnect-go/ankiconnect/internal/wire"
)

// TestWithWireServer runs the faults around the fake's real handler, which
// normally takes over each connection to write the add-on's exact bytes.
func TestWithWireServer(t *testing.T) {
	in := fault.New()
	srv := httptest.NewServer(in.Wrap(wire.NewServer(wire.Config{})))
	t.Cleanup(srv.Close)
	createDeck := `{"action": "createDeck", "version": 6, "params": {"deck": "Lost reply"}}`
	names := `{"action": "deckNames", "version": 6}`

	// The write reaches Anki, the reply is lost: a client must not resend.
	in.DropNext("createDeck", 1, fault.AfterHandler)
	if got := post(t, srv.URL, createDeck); !got.Err {
		t.Fatalf("dropped createDeck got a reply: %+v", got)
	}
	want := reply{Status: 200, ContentType: jsonType, Body: `{"result": ["Default", "Lost reply"], "error": null}`}
	if diff := cmp.Diff(want, post(t, srv.URL, names)); diff != "" {
		t.Errorf("deckNames after the lost reply (-want +got):\n%s", diff)
	}

	in.FailNext("deckNames", 1, "collection is not available")
	want = reply{Status: 200, ContentType: jsonType, Body: `{"result": null, "error": "collection is not available"}`}
	if diff := cmp.Diff(want, post(t, srv.URL, names)); diff != "" {
		t.Errorf("forced error (-want +got):\n%s", diff)
	}

	in.SetOldServer(true)
	want = reply{Status: 200, ContentType: "text/json", Body: "AnkiConnect v.6"}
	if diff := cmp.Diff(want, do(t, t.Context(), http.MethodGet, srv.URL, "")); diff != "" {
		t.Errorf("old server banner (-want +got):\n%s", diff)
	}
}
