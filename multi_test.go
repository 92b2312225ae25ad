package ankiconnect

import (
	"context"
	"errors"
	"fmt"
	"io"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jarcoal/httpmock"
)

func TestMultiRequestAndMixedReplies(t *testing.T) {
	// One inner reply per shape: v6 envelope, bare (v4), error envelope.
	c, rec := mockClient(t, []string{`{"result": [
		{"result": ["Default"], "error": null},
		1519323742721,
		{"result": null, "error": "cannot create note because it is a duplicate"}
	], "error": null}`}, WithAPIKey("k"))
	m := c.NewMulti()
	names := m.DeckNames()
	deck := m.CreateDeck("French")
	note := m.AddNote(Note{DeckName: "French", ModelName: "Basic", Fields: map[string]string{"Front": "x"}})
	if _, err := names.Result(); !errors.Is(err, ErrMultiNotDone) || err.Error() != "ankiconnect: deckNames: multi has not been sent" {
		t.Errorf("before Do: err = %v", err)
	}
	err := m.Do(context.Background())
	wantJSON(t, rec.request(t, 0), `{"action": "multi", "version": 6, "key": "k", "params": {"actions": [
		{"action": "deckNames", "version": 6, "key": "k"},
		{"action": "createDeck", "version": 6, "key": "k", "params": {"deck": "French"}},
		{"action": "addNote", "version": 6, "key": "k", "params": {"note": {"deckName": "French", "modelName": "Basic", "fields": {"Front": "x"}}}}
	]}}`)
	var me *MultiError
	if !errors.As(err, &me) || len(me.Failed) != 1 || me.Total != 3 || me.Failed[0].Action != "addNote" {
		t.Fatalf("Do err = %#v", err)
	}
	if !errors.Is(err, ErrDuplicateNote) {
		t.Errorf("errors.Is(Do err, ErrDuplicateNote) = false")
	}
	gotNames, err := names.Result()
	if err != nil || !cmp.Equal(gotNames, []string{"Default"}) {
		t.Errorf("deckNames = %v, %v", gotNames, err)
	}
	if id, err := deck.Result(); err != nil || id != 1519323742721 {
		t.Errorf("createDeck = %v, %v", id, err)
	}
	if _, err := note.Result(); !errors.Is(err, ErrDuplicateNote) {
		t.Errorf("addNote err = %v", err)
	}
	if err := m.Do(context.Background()); !errors.Is(err, ErrMultiUsed) {
		t.Errorf("second Do: %v", err)
	}
}

func TestMultiNoKey(t *testing.T) {
	c, rec := mockClient(t, []string{`{"result": [6], "error": null}`})
	m := c.NewMulti()
	v := m.Version()
	if err := m.Do(context.Background()); err != nil {
		t.Fatal(err)
	}
	wantJSON(t, rec.request(t, 0), `{"action": "multi", "version": 6, "params": {"actions": [{"action": "version", "version": 6}]}}`)
	if n, err := v.Result(); n != 6 || err != nil {
		t.Errorf("version = %d, %v", n, err)
	}
}

func TestMultiTransportFailure(t *testing.T) {
	c, rec := mockClientWith(t, []httpmock.Responder{dropped, jsonReply(`{"result": [1], "error": null}`)})
	m := c.NewMulti()
	p := m.AddNote(Note{})
	err := m.Do(context.Background())
	var e *Error
	if !errors.As(err, &e) || e.Action != "multi" {
		t.Fatalf("err = %v", err)
	}
	if rec.calls() != 1 {
		t.Errorf("a multi with a write was sent %d times", rec.calls())
	}
	if _, perr := p.Result(); perr == nil || !errors.As(perr, &e) || e.Action != "addNote" {
		t.Errorf("pending err = %v", perr)
	}
}

func TestMultiReadOnlyIsRetried(t *testing.T) {
	c, rec := mockClientWith(t, []httpmock.Responder{dropped, jsonReply(`{"result": [["Default"], 6], "error": null}`)})
	m := c.NewMulti()
	m.DeckNames()
	m.Version()
	if err := m.Do(context.Background()); err != nil {
		t.Fatal(err)
	}
	if rec.calls() != 2 {
		t.Errorf("read-only multi sent %d times, want 2", rec.calls())
	}
}

func TestMultiReplyCountMismatch(t *testing.T) {
	c, _ := mockClient(t, []string{`{"result": [6], "error": null}`})
	m := c.NewMulti()
	m.Version()
	m.Version()
	var de *DecodeError
	if err := m.Do(context.Background()); !errors.As(err, &de) {
		t.Fatalf("err = %v", err)
	}
}

func TestMultiEmptySendsNothing(t *testing.T) {
	c, rec := mockClient(t, []string{`{"result": [], "error": null}`})
	if err := c.NewMulti().Do(context.Background()); err != nil || rec.calls() != 0 {
		t.Fatalf("err %v, calls %d", err, rec.calls())
	}
}

func TestMultiInvoke(t *testing.T) {
	c, rec := mockClient(t, []string{`{"result": [{"result": true, "error": null}], "error": null}`})
	m := c.NewMulti()
	p := MultiInvoke[bool](m, "someNewAction", map[string]string{"a": "b"})
	if err := m.Do(context.Background()); err != nil {
		t.Fatal(err)
	}
	wantJSON(t, rec.request(t, 0), `{"action": "multi", "version": 6, "params": {"actions": [{"action": "someNewAction", "version": 6, "params": {"a": "b"}}]}}`)
	if ok, err := p.Result(); !ok || err != nil {
		t.Errorf("got %v, %v", ok, err)
	}
}

func TestMultiReportsRefusedActions(t *testing.T) {
	ctx := context.Background()
	c, rec := mockClient(t, []string{`{"result": [{"result": ["Default"], "error": null}, {"result": [true], "error": null}], "error": null}`})
	m := c.NewMulti()
	names := m.DeckNames()
	tags := m.AddTags([]NoteID{1}, []string{"two words"})
	answers := m.AnswerCards([]CardAnswer{{CardID: 1, Ease: EaseGood}})
	bad := m.AnswerCards([]CardAnswer{{CardID: 2, Ease: 5}})
	if m.Len() != 2 {
		t.Errorf("Len = %d, want the 2 actions that will be sent", m.Len())
	}
	err := m.Do(ctx)
	// Only the valid actions are sent...
	wantJSON(t, rec.request(t, 0), `{"action": "multi", "version": 6, "params": {"actions": [
		{"action": "deckNames", "version": 6},
		{"action": "answerCards", "version": 6, "params": {"answers": [{"cardId": 1, "ease": 3}]}}
	]}}`)
	// ...and the refused ones are reported, in queue order.
	var me *MultiError
	if !errors.As(err, &me) || me.Total != 4 || len(me.Failed) != 2 || RequestFailed(err) {
		t.Fatalf("Do = %v, want a *MultiError with 2 of 4 failed", err)
	}
	if me.Failed[0].Action != "addTags" || !errors.Is(me.Failed[0], ErrInvalidTag) ||
		me.Failed[1].Action != "answerCards" || !errors.Is(me.Failed[1], ErrInvalidEase) {
		t.Errorf("Failed = %v", me.Failed)
	}
	if !errors.Is(tags.Err(), ErrInvalidTag) || !errors.Is(bad.Err(), ErrInvalidEase) {
		t.Errorf("refused Pendings: %v, %v", tags.Err(), bad.Err())
	}
	if got, err := names.Result(); err != nil || !cmp.Equal(got, []string{"Default"}) {
		t.Errorf("deckNames = %v, %v", got, err)
	}
	if got, err := answers.Result(); err != nil || !cmp.Equal(got, []bool{true}) {
		t.Errorf("answerCards = %v, %v", got, err)
	}
}

func TestMultiOfOnlyRefusedActions(t *testing.T) {
	c, rec := mockClient(t, []string{`{"result": [], "error": null}`})
	m := c.NewMulti()
	p := m.AnswerCards([]CardAnswer{{CardID: 1, Ease: 0}})
	err := m.Do(context.Background())
	var me *MultiError
	if rec.calls() != 0 || !errors.As(err, &me) || me.Total != 1 || !errors.Is(err, ErrInvalidEase) {
		t.Fatalf("Do = %v after %d requests, want a *MultiError and nothing sent", err, rec.calls())
	}
	if !errors.Is(p.Err(), ErrInvalidEase) {
		t.Errorf("Pending = %v", p.Err())
	}
}

func TestMultiRefusedKeepsItsErrorWhenTheRequestFails(t *testing.T) {
	c, _ := mockClientWith(t, []httpmock.Responder{dropped})
	m := c.NewMulti()
	added := m.AddNote(Note{})
	tags := m.AddTags([]NoteID{1}, []string{"a b"})
	err := m.Do(context.Background())
	if !RequestFailed(err) || !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("Do = %v, want the request's failure", err)
	}
	if !errors.Is(added.Err(), io.ErrUnexpectedEOF) {
		t.Errorf("sent action: %v, want the request's failure", added.Err())
	}
	if !errors.Is(tags.Err(), ErrInvalidTag) || errors.Is(tags.Err(), io.ErrUnexpectedEOF) {
		t.Errorf("refused action: %v, want its own refusal only", tags.Err())
	}
}

func TestRequestFailed(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want bool
	}{
		{nil, false},
		{&MultiError{Failed: []*Error{{Action: "addNote", Err: ErrDuplicateNote}}, Total: 2}, false},
		{fmt.Errorf("wrapped: %w", &MultiError{Total: 1}), false},
		{&Error{Action: "multi", Err: ErrNotRunning}, true},
		{&Error{Action: "multi", Err: ErrMultiUsed}, true},
	} {
		if got := RequestFailed(tc.err); got != tc.want {
			t.Errorf("RequestFailed(%v) = %v, want %v", tc.err, got, tc.want)
		}
	}
}
