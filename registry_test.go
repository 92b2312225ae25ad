package ankiconnect_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/ankiconnect-go/ankiconnect"
	"github.com/ankiconnect-go/ankiconnect/ankiconnecttest"
	"github.com/google/go-cmp/cmp"
)

// TestActionsRegistry: Actions lists each of the add-on's actions once, as
// testdata/actions.txt (the contract) names them, and LookupAction finds
// them with their read-only flag.
func TestActionsRegistry(t *testing.T) {
	f, err := os.Open("testdata/actions.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var want []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, _, _ := strings.Cut(sc.Text(), "\t")
		want = append(want, name)
	}
	var got []string
	for _, a := range ankiconnect.Actions() {
		got = append(got, a.Name)
	}
	slices.Sort(got)
	slices.Sort(want)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Actions() names (-contract +got):\n%s", diff)
	}
	for _, tc := range []struct {
		name     string
		readOnly bool
	}{{"deckNames", true}, {"findNotes", true}, {"notesInfo", true}, {"addNote", false}, {"answerCards", false}, {"multi", false}} {
		a, ok := ankiconnect.LookupAction(tc.name)
		if !ok || a.Name != tc.name || a.ReadOnly != tc.readOnly {
			t.Errorf("LookupAction(%q) = %+v, %v; want ReadOnly %v, true", tc.name, a, ok, tc.readOnly)
		}
	}
	if a, ok := ankiconnect.LookupAction("DeckNames"); ok {
		t.Errorf("LookupAction(DeckNames) = %+v, true; names match exactly", a)
	}
}

// TestActionInfoCheck: Check refuses what the typed methods refuse before
// sending, and lets through what they would send.
func TestActionInfoCheck(t *testing.T) {
	tests := []struct {
		action, params string
		want           error // nil: passes
	}{
		{"answerCards", `{"answers": [{"cardId": 1, "ease": 3}, {"cardId": 2, "ease": 5}]}`, ankiconnect.ErrInvalidEase},
		{"answerCards", `{"answers": [{"cardId": 1, "ease": 0}]}`, ankiconnect.ErrInvalidEase},
		{"answerCards", `{"answers": [{"cardId": 1, "ease": 1}, {"cardId": 2, "ease": 4}]}`, nil},
		{"answerCards", `{"answers": "not a list"}`, nil}, // AnkiConnect's own error
		{"answerCards", ``, nil},
		{"addTags", `{"notes": [1], "tags": "one two"}`, nil}, // two tags on the wire
		{"addTags", `{"notes": [1], "tags": ["one two"]}`, ankiconnect.ErrInvalidTag},
		{"removeTags", `{"notes": [1], "tags": ["one", "two"]}`, nil},
		{"deckNames", `{"anything": 1}`, nil},
	}
	for _, tc := range tests {
		a, ok := ankiconnect.LookupAction(tc.action)
		if !ok {
			t.Fatalf("LookupAction(%q) not found", tc.action)
		}
		err := a.Check(json.RawMessage(tc.params))
		if !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
			t.Errorf("%s.Check(%s) = %v, want %v", tc.action, tc.params, err, tc.want)
		}
		var e *ankiconnect.Error
		if err != nil && (!errors.As(err, &e) || e.Action != tc.action) {
			t.Errorf("%s.Check error %v does not name the action", tc.action, err)
		}
	}
}

// TestMultiInvokeReadOnly: a Multi of actions queued with
// MultiInvokeReadOnly is retried like a read when Anki is busy; one queued
// with MultiInvoke makes it a write, sent once.
func TestMultiInvokeReadOnly(t *testing.T) {
	ctx := context.Background()
	fake := ankiconnecttest.New(t)
	c := fake.Client(ankiconnect.WithRetryPolicy(ankiconnect.RetryPolicy{MaxRetries: 2}))

	fake.FailNext("multi", 1, ankiconnecttest.MsgCollectionUnavailable)
	m := c.NewMulti()
	names := ankiconnect.MultiInvokeReadOnly[[]string](m, "deckNames", nil)
	if err := m.Do(ctx); err != nil {
		t.Fatalf("read-only multi after one busy reply: %v", err)
	}
	if got, err := names.Result(); err != nil || !slices.Equal(got, []string{"Default"}) {
		t.Errorf("deckNames = %v, %v", got, err)
	}

	fake.FailNext("multi", 1, ankiconnecttest.MsgCollectionUnavailable)
	m = c.NewMulti()
	ankiconnect.MultiInvokeReadOnly[[]string](m, "deckNames", nil)
	deck := ankiconnect.MultiInvoke[int64](m, "createDeck", map[string]any{"deck": "Once"})
	err := m.Do(ctx)
	if !errors.Is(err, ankiconnect.ErrCollectionUnavailable) {
		t.Fatalf("multi with a write after a busy reply = %v, want ErrCollectionUnavailable (not retried)", err)
	}
	if _, err := deck.Result(); !errors.Is(err, ankiconnect.ErrCollectionUnavailable) {
		t.Errorf("createDeck = %v", err)
	}
	if fake.PendingFaults() != 0 {
		t.Errorf("%d faults left", fake.PendingFaults())
	}
}

// ExampleLookupAction calls an action named at run time as its typed
// method would: checked before sending, and retried as a read only if it
// only reads.
func ExampleLookupAction() {
	fake, err := ankiconnecttest.Start()
	if err != nil {
		panic(err)
	}
	defer fake.Close()
	ctx := context.Background()
	c := fake.Client()

	call := func(name, params string) {
		a, known := ankiconnect.LookupAction(name)
		if err := a.Check(json.RawMessage(params)); err != nil {
			fmt.Println("refused:", err)
			return
		}
		var res json.RawMessage
		if known && a.ReadOnly {
			res, err = ankiconnect.InvokeReadOnly[json.RawMessage](ctx, c, name, json.RawMessage(params))
		} else {
			res, err = ankiconnect.Invoke[json.RawMessage](ctx, c, name, json.RawMessage(params))
		}
		fmt.Println(string(res), err)
	}
	call("deckNames", `{}`)
	call("answerCards", `{"answers": [{"cardId": 1, "ease": 7}]}`)
	// Output:
	// ["Default"] <nil>
	// refused: ankiconnect: answerCards: invalid ease: answer 0 (card 1) has ease 7, want 1 (Again) to 4 (Easy)
}
