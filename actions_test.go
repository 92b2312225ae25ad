package ankiconnect

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jarcoal/httpmock"
)

// contractActions reads testdata/actions.txt: the 122 actions the add-on
// serves (from the reference actions table), with their categories.
func contractActions(t *testing.T) map[string]string {
	t.Helper()
	f, err := os.Open("testdata/actions.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, cat, _ := strings.Cut(sc.Text(), "\t")
		m[name] = cat
	}
	return m
}

var ctxType = reflect.TypeFor[context.Context]()

// clientMethods returns the exported *Client methods that call an action:
// those whose first parameter is a context.
func clientMethods() []reflect.Method {
	var ms []reflect.Method
	t := reflect.TypeFor[*Client]()
	for i := range t.NumMethod() {
		m := t.Method(i)
		if m.Type.NumIn() > 1 && m.Type.In(1) == ctxType {
			ms = append(ms, m)
		}
	}
	return ms
}

// callWithZeroArgs calls method m of c with ctx and zero values for every
// other parameter, and returns its error result.
func callWithZeroArgs(ctx context.Context, c *Client, m reflect.Method) error {
	args := []reflect.Value{reflect.ValueOf(c), reflect.ValueOf(ctx)}
	n := m.Type.NumIn()
	if m.Type.IsVariadic() {
		n--
	}
	for i := 2; i < n; i++ {
		args = append(args, reflect.Zero(m.Type.In(i)))
	}
	out := m.Func.Call(args)
	err, _ := out[len(out)-1].Interface().(error)
	return err
}

// sentAction returns the action of one recorded request.
func sentAction(t *testing.T, rec *recorder, i int) string {
	t.Helper()
	var req struct{ Action string }
	rec.mu.Lock()
	b := rec.bodies[i]
	rec.mu.Unlock()
	if err := json.Unmarshal(b, &req); err != nil {
		t.Fatal(err)
	}
	return req.Action
}

// TestActionNamesMatchContract calls every Client method and checks that the
// actions they send are exactly the add-on's: none misspelled, none missing,
// and that the defined actions (used by Multi) are the same set.
func TestActionNamesMatchContract(t *testing.T) {
	contract := contractActions(t)
	sent := map[string]string{} // action -> method
	for _, m := range clientMethods() {
		c, rec := mockClient(t, []string{`{"result": null, "error": null}`})
		_ = callWithZeroArgs(context.Background(), c, m)
		if rec.calls() != 1 {
			t.Errorf("%s sent %d requests, want 1", m.Name, rec.calls())
			continue
		}
		a := sentAction(t, rec, 0)
		if _, ok := contract[a]; !ok {
			t.Errorf("%s sends %q, which AnkiConnect does not serve", m.Name, a)
		}
		if prev, dup := sent[a]; dup && !allowedSharedAction(a) {
			t.Errorf("%s and %s both send %q", prev, m.Name, a)
		}
		sent[a] = m.Name
	}
	defined := map[string]bool{}
	for _, a := range actions {
		if defined[a.name] {
			t.Errorf("action %q defined twice", a.name)
		}
		defined[a.name] = true
		if _, ok := contract[a.name]; !ok {
			t.Errorf("defined action %q is not served by AnkiConnect", a.name)
		}
	}
	var missing []string
	for a := range contract {
		if _, ok := sent[a]; !ok && a != "multi" {
			missing = append(missing, a)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("%d of %d actions have no Client method: %v", len(missing), len(contract), missing)
	}
}

// allowedSharedAction lists actions served by more than one method, one per
// result shape (for example notesInfo by IDs and by query).
func allowedSharedAction(name string) bool {
	return sharedActions[name]
}

// sharedActions is extended by the files that bind one action to several
// methods.
var sharedActions = map[string]bool{}

// TestSharedFailureModes runs every Client method through the failure modes
// every action shares.
func TestSharedFailureModes(t *testing.T) {
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	modes := []struct {
		name  string
		ctx   context.Context
		reply httpmock.Responder
		check func(err error) string
	}{
		{"canceled context", canceled, jsonReply(`{"result": null, "error": null}`), func(err error) string {
			if !errors.Is(err, context.Canceled) {
				return "not context.Canceled"
			}
			return ""
		}},
		{"API error", context.Background(), jsonReply(`{"result": null, "error": "collection is not available"}`), func(err error) string {
			var api *APIError
			if !errors.As(err, &api) || api.Message != "collection is not available" || !errors.Is(err, ErrCollectionUnavailable) {
				return "not the APIError"
			}
			return ""
		}},
		{"v4 bare null reply", context.Background(), jsonReply(`null`), func(err error) string {
			if err != nil {
				return "bare reply not accepted"
			}
			return ""
		}},
		{"malformed reply", context.Background(), jsonReply(`{"result": `), func(err error) string {
			var de *DecodeError
			if !errors.As(err, &de) {
				return "not a DecodeError"
			}
			return ""
		}},
		{"HTTP error", context.Background(), httpmock.NewStringResponder(502, "bad gateway"), func(err error) string {
			var he *HTTPError
			if !errors.As(err, &he) || he.StatusCode != 502 {
				return "not HTTPError 502"
			}
			return ""
		}},
	}
	for _, m := range clientMethods() {
		for _, mode := range modes {
			c, rec := mockClientWith(t, []httpmock.Responder{mode.reply}, WithRetryPolicy(NoRetries))
			err := callWithZeroArgs(mode.ctx, c, m)
			if mode.ctx.Err() == nil && rec.calls() != 1 {
				t.Errorf("%s/%s: %d requests", m.Name, mode.name, rec.calls())
				continue
			}
			if problem := mode.check(err); problem != "" {
				t.Errorf("%s/%s: %v: %s", m.Name, mode.name, err, problem)
				continue
			}
			if err == nil {
				continue
			}
			var e *Error
			if !errors.As(err, &e) || e.Action == "" || !strings.Contains(err.Error(), e.Action) {
				t.Errorf("%s/%s: error %q does not name its action", m.Name, mode.name, err)
			}
		}
	}
}

// TestEveryActionInMulti queues every Multi method once in one Multi and
// checks that the batch carries the same actions as the Client methods, each
// with its own version and key, and that each result comes back to its own
// Pending.
func TestEveryActionInMulti(t *testing.T) {
	pendingType := reflect.TypeFor[*Pending[int]]().Elem()
	mt := reflect.TypeFor[*Multi]()
	var queued []string
	var pendings []reflect.Value
	c, rec := mockClient(t, nil, WithAPIKey("k"))
	m := c.NewMulti()
	for i := range mt.NumMethod() {
		meth := mt.Method(i)
		if meth.Type.NumOut() != 1 || meth.Type.Out(0).Kind() != reflect.Pointer ||
			!strings.HasPrefix(meth.Type.Out(0).Elem().Name(), strings.TrimSuffix(pendingType.Name(), "[int]")) {
			continue
		}
		args := []reflect.Value{reflect.ValueOf(m)}
		n := meth.Type.NumIn()
		if meth.Type.IsVariadic() {
			n--
		}
		for j := 1; j < n; j++ {
			args = append(args, reflect.Zero(meth.Type.In(j)))
		}
		pendings = append(pendings, meth.Func.Call(args)[0])
		queued = append(queued, meth.Name)
	}
	// Every inner action fails with its own message, so each Pending must
	// carry the error of its own position.
	var replies []string
	for i := range queued {
		replies = append(replies, `{"result": null, "error": "item `+strings.Repeat("x", i)+`"}`)
	}
	rec.replies = []httpmock.Responder{jsonReply(`{"result": [` + strings.Join(replies, ",") + `], "error": null}`)}
	err := m.Do(context.Background())
	var me *MultiError
	if !errors.As(err, &me) || len(me.Failed) != len(queued) {
		t.Fatalf("Do: %v", err)
	}
	var req struct {
		Params struct {
			Actions []struct {
				Action  string
				Version int
				Key     string
			}
		}
	}
	if err := json.Unmarshal(rec.bodies[0], &req); err != nil {
		t.Fatal(err)
	}
	multiActions := map[string]bool{}
	for i, a := range req.Params.Actions {
		multiActions[a.Action] = true
		if a.Version != 6 || a.Key != "k" {
			t.Errorf("%s: inner version %d key %q", queued[i], a.Version, a.Key)
		}
		perr := pendings[i].MethodByName("Err").Call(nil)[0].Interface().(error)
		var api *APIError
		if !errors.As(perr, &api) || api.Message != "item "+strings.Repeat("x", i) {
			t.Errorf("%s: pending error %v is not its own", queued[i], perr)
		}
	}
	clientActions := map[string]bool{}
	for _, cm := range clientMethods() {
		c2, rec2 := mockClient(t, []string{`{"result": null, "error": null}`})
		_ = callWithZeroArgs(context.Background(), c2, cm)
		if rec2.calls() == 1 {
			clientActions[sentAction(t, rec2, 0)] = true
		}
	}
	delete(clientActions, "multi") // Multi.Do itself
	if diff := cmp.Diff(clientActions, multiActions); diff != "" {
		t.Errorf("Client and Multi actions differ (-client +multi):\n%s", diff)
	}
}

// TestActionsAreClassified checks the read-only flags against a few actions
// whose nature is certain, so a write can never become retryable by a typo.
func TestActionsAreClassified(t *testing.T) {
	byName := map[string]bool{}
	for _, a := range actions {
		byName[a.name] = a.readOnly
	}
	for name, want := range map[string]bool{"deckNames": true, "findNotes": true, "version": true,
		"addNote": false, "createDeck": false, "multi": false} {
		if got, ok := byName[name]; !ok || got != want {
			t.Errorf("%s readOnly = %v (defined %v), want %v", name, got, ok, want)
		}
	}
	_ = http.MethodPost
}
