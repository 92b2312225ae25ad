package ankiconnecttest

import (
	"time"

	"github.com/ankiconnect-go/ankiconnect/internal/fault"
)

// Fault injection: make the fake fail the way Anki and its network can, to
// test retry and error paths. Faults apply to the fake's URL and to
// Handler alike (except GoDown, which only affects the URL). How faults
// match requests is documented on FailNext, where pkg.go.dev shows it.

// AnyAction, as the action of a fault, matches every request, whatever
// its action (the banner request for an empty body and CORS preflights
// too). It is the empty string.
const AnyAction = fault.AnyAction

// Always, as the count of a fault, applies it to every matching request
// until ResetFaults. It is -1.
const Always = fault.Always

// MsgCollectionUnavailable is the error the add-on sends while no
// collection is open (a profile loading, a sync, Anki's start-up): use it
// with FailNext.
const MsgCollectionUnavailable = "collection is not available"

// DropPoint tells DropNext when to cut the connection.
type DropPoint int

const (
	// DropBeforeHandled cuts the connection in the middle of the reply
	// headers without running the action: the request never reached Anki,
	// but the client cannot know that.
	DropBeforeHandled DropPoint = iota
	// DropAfterHandled runs the action (its changes are made), then cuts
	// the connection after the headers and half the body: the write
	// reached Anki but its reply was lost, so sending it again would apply
	// it twice.
	DropAfterHandled
)

// FailNext makes the next n requests for action fail with the add-on's
// error envelope, {"result": null, "error": message}, with status 200 and
// without running the action. n = 0 sets nothing.
//
// This and the other ...Next methods match the request's top-level action
// only: a fault for "addNote" does not fire for a multi holding addNote
// (set it for "multi" instead). AnyAction matches every request, and
// Always as n makes the fault last until ResetFaults. When several
// faults match one request, their delays add up and the first FailNext,
// RespondStatusNext or DropNext set decides the reply. A request answered
// by FailNext or RespondStatusNext, or dropped with DropBeforeHandled,
// never reaches the collection and is not listed by Calls.
func (f *Fake) FailNext(action string, n int, message string) {
	f.faults.FailNext(action, n, message)
}

// RespondStatusNext makes the next n requests for action get the HTTP
// status with body as text/plain, without running the action, as a proxy
// in front of Anki might answer (Anki itself only ever sends 200 and 403).
func (f *Fake) RespondStatusNext(action string, n, status int, body string) {
	f.faults.StatusNext(action, n, status, body)
}

// DropNext makes the next n requests for action lose their connection
// before or after the action ran (see DropPoint). Through Handler with
// a ResponseWriter that cannot be taken over (httptest.ResponseRecorder),
// the reply is cut short instead: its status and headers, half its body.
func (f *Fake) DropNext(action string, n int, when DropPoint) {
	drop := fault.BeforeHandler
	if when == DropAfterHandled {
		drop = fault.AfterHandler
	}
	f.faults.DropNext(action, n, drop)
}

// DelayNext holds the next n requests for action for d before serving them,
// on top of SetLatency. A client that gives up meanwhile (its context or
// timeout) leaves the action unrun.
func (f *Fake) DelayNext(action string, n int, d time.Duration) {
	f.faults.DelayNext(action, n, d)
}

// SetLatency holds every request for d before serving it (0: none), as a
// busy Anki would.
func (f *Fake) SetLatency(d time.Duration) { f.faults.SetLatency(d) }

// SetOldServer makes the fake answer as AnkiConnect builds from before
// 2023 did: every reply is "Content-Type: text/json", the banner for an
// empty body is the plain text "AnkiConnect v.6" instead of JSON, and the
// requested version is ignored: results come bare, in the version 4 shape,
// even for a request with "version": 6 (errors keep their envelope). Off
// again with false or ResetFaults.
func (f *Fake) SetOldServer(on bool) { f.faults.SetOldServer(on) }

// PendingFaults returns how many fault uses are left, not counting those
// set with Always: 0 once every fault set with a count has fired.
func (f *Fake) PendingFaults() int { return f.faults.Pending() }

// ResetFaults removes every fault, the latency and old-server mode. It does
// not bring a fake that is down back up: ComeUp does.
func (f *Fake) ResetFaults() { f.faults.Reset() }

// GoDown stops listening and cuts the open connections, as quitting Anki
// does: requests in progress fail and new connections to URL are refused
// until ComeUp. The collection is kept. It does nothing if the fake is
// already down.
func (f *Fake) GoDown() { f.net.Down() }

// ComeUp listens again on the same address, as Anki starting up. It does
// nothing if the fake is up, and fails if another program took the port
// meanwhile or the fake is closed.
func (f *Fake) ComeUp() error { return f.net.Up() }

// DownFor takes the fake down now and brings it back up after d. The
// channel receives ComeUp's result (nil on success), or an error if a
// GoDown, ComeUp or Close came first and cancelled the restart.
func (f *Fake) DownFor(d time.Duration) <-chan error { return f.net.DownFor(d) }
