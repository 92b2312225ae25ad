package ankiconnect_test

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/ankiconnect-go/ankiconnect"
	"github.com/ankiconnect-go/ankiconnect/ankiconnecttest"
	"github.com/google/go-cmp/cmp"
)

// Client behaviour through the fake: each action as a user calls it, against
// ankiconnecttest over real HTTP.

// TestMediaActionsAgainstFake runs the media actions against the fake
// AnkiConnect: names on a clash, skipHash, a missing file, deletion.
func TestMediaActionsAgainstFake(t *testing.T) {
	ctx := context.Background()
	c := ankiconnecttest.New(t).Client()
	store := func(data string, opts ankiconnect.StoreMediaOptions) []any {
		t.Helper()
		name, stored, err := c.StoreMediaFile(ctx, "_hello.txt", []byte(data), opts)
		if err != nil {
			t.Fatal(err)
		}
		return []any{name, stored}
	}
	retrieve := func(name string) []any {
		t.Helper()
		data, found, err := c.RetrieveMediaFile(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		return []any{string(data), found}
	}
	// 6cd3556d... is the MD5 of "Hello, world!", f7924240... the SHA-1 of
	// "Bye".
	for _, step := range []struct {
		name      string
		got, want []any
	}{
		{"store", store("Hello, world!", ankiconnect.StoreMediaOptions{}), []any{"_hello.txt", true}},
		{"same content, kept", store("Hello, world!", ankiconnect.StoreMediaOptions{}), []any{"_hello.txt", true}},
		{"other content, kept", store("Bye", ankiconnect.StoreMediaOptions{}),
			[]any{"_hello-f792424064d0ca1a7d14efe0588f10c052d28e69.txt", true}},
		{"skip hash", store("Hello, world!", ankiconnect.StoreMediaOptions{SkipHash: "6cd3556deb0da54bca060b4c39479839"}),
			[]any{"", false}},
		{"replace", store("Hi", ankiconnect.StoreMediaOptions{DeleteExisting: true}), []any{"_hello.txt", true}},
		{"retrieve", retrieve("_hello.txt"), []any{"Hi", true}},
		{"retrieve missing", retrieve("nope.txt"), []any{"", false}},
	} {
		if diff := cmp.Diff(step.want, step.got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", step.name, diff)
		}
	}
	names, err := c.GetMediaFilesNames(ctx, "_hello*")
	sort.Strings(names)
	if diff := cmp.Diff([]string{"_hello-f792424064d0ca1a7d14efe0588f10c052d28e69.txt", "_hello.txt"}, names); err != nil || diff != "" {
		t.Errorf("GetMediaFilesNames: %v (-want +got):\n%s", err, diff)
	}
	if err := c.DeleteMediaFile(ctx, "_hello.txt"); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]any{"", false}, retrieve("_hello.txt")); diff != "" {
		t.Errorf("retrieve deleted (-want +got):\n%s", diff)
	}
}

// TestNoteActionsAgainstFake runs the note and tag actions against the fake
// AnkiConnect, whose engine decodes the wire JSON on its own.
func TestNoteActionsAgainstFake(t *testing.T) {
	ctx := context.Background()
	fake := ankiconnecttest.New(t)
	c := fake.Client()
	note := ankiconnect.Note{DeckName: "Default", ModelName: "Basic", Fields: map[string]string{"Front": "犬", "Back": "dog"},
		Tags: []string{"animal"}}
	id, err := c.AddNote(ctx, note)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.AddTags(ctx, []ankiconnect.NoteID{id}, []string{"JLPT::N5", "noun"}); err != nil {
		t.Fatal(err)
	}
	if err := c.RemoveTags(ctx, []ankiconnect.NoteID{id}, []string{"jlpt"}); err != nil { // also removes JLPT::N5
		t.Fatal(err)
	}
	tags, err := c.GetNoteTags(ctx, id)
	if diff := cmp.Diff([]string{"animal", "noun"}, tags); err != nil || diff != "" {
		t.Errorf("GetNoteTags: %v (-want +got):\n%s", err, diff)
	}
	if err := c.UpdateNote(ctx, ankiconnect.NoteUpdate{ID: id, Fields: map[string]string{"Back": "the dog"}, Tags: []string{}}); err != nil {
		t.Fatal(err)
	}
	infos, err := c.NotesInfo(ctx, []ankiconnect.NoteID{id, 1})
	if err != nil || len(infos) != 2 || infos[0] == nil || infos[1] != nil {
		t.Fatalf("NotesInfo = %v, %v; want one note and nil", infos, err)
	}
	got := infos[0]
	if got.NoteID != id || got.ModelName != "Basic" || len(got.Tags) != 0 || len(got.Cards) != 1 ||
		got.Fields["Front"] != (ankiconnect.CardField{"犬", 0}) || got.Fields["Back"] != (ankiconnect.CardField{"the dog", 1}) {
		t.Errorf("NotesInfo = %+v", got)
	}
	check, err := c.CanAddNotesWithErrorDetail(ctx, []ankiconnect.Note{note, {DeckName: "Nope", ModelName: "Basic",
		Fields: map[string]string{"Front": "猫"}}})
	if err != nil || len(check) != 2 || !errors.Is(check[0].Err(), ankiconnect.ErrDuplicateNote) || !errors.Is(check[1].Err(), ankiconnect.ErrDeckNotFound) {
		t.Errorf("CanAddNotesWithErrorDetail = %+v, %v", check, err)
	}
	_, err = c.AddNotes(ctx, []ankiconnect.Note{{DeckName: "Default", ModelName: "Basic", Fields: map[string]string{"Front": "猫"}}, note})
	if !errors.Is(err, ankiconnect.ErrDuplicateNote) {
		t.Errorf("AddNotes with a duplicate: %v", err)
	}
	if n := len(fake.Notes()); n != 1 {
		t.Errorf("%d notes after a failed AddNotes, want 1: all or nothing", n)
	}
	if err := c.DeleteNotes(ctx, []ankiconnect.NoteID{id}); err != nil {
		t.Fatal(err)
	}
	if times, err := c.NotesModTime(ctx, []ankiconnect.NoteID{id}); err != nil || len(times) != 1 || times[0] != nil {
		t.Errorf("NotesModTime of a deleted note = %v, %v", times, err)
	}
}

// TestAddNotesEachAgainstFake adds notes to the fake AnkiConnect: each
// failure is reported on its own note, a duplicate within the input
// included, and the other notes are added.
func TestAddNotesEachAgainstFake(t *testing.T) {
	fake := ankiconnecttest.New(t)
	notes := ankiconnect.NotesWithFronts("一", "二", "一", "三", "")
	notes[3].DeckName = "Nope"
	results := ankiconnect.AddNotesEach(context.Background(), fake.Client(), notes, ankiconnect.WithBatchSize(2))
	present := fake.Notes()
	if len(present) != 2 {
		t.Fatalf("%d notes in the collection, want 2", len(present))
	}
	want := []string{fmt.Sprint(present[0].ID), fmt.Sprint(present[1].ID),
		"error: duplicate note", "error: deck not found", "error: empty note"}
	if diff := cmp.Diff(want, ankiconnect.ResultSummary(t, results, ankiconnect.ErrDuplicateNote, ankiconnect.ErrDeckNotFound, ankiconnect.ErrEmptyNote)); diff != "" {
		t.Errorf("results (-want +got):\n%s", diff)
	}
}

func TestWithURLForms(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ankiconnect.DefaultURL},
		{"127.0.0.1:8765", "http://127.0.0.1:8765"},
		{"anki.local:8765/", "http://anki.local:8765/"},
		{"http://127.0.0.1:9000", "http://127.0.0.1:9000"},
		{"https://anki.example.com", "https://anki.example.com"},
	} {
		if got := ankiconnect.NewClient(ankiconnect.WithURL(tc.in)).URL(); got != tc.want {
			t.Errorf("WithURL(%q).URL() = %q, want %q", tc.in, got, tc.want)
		}
	}
	// A bare host:port reaches the server.
	f := ankiconnecttest.New(t)
	c := ankiconnect.NewClient(ankiconnect.WithURL(strings.TrimPrefix(f.URL(), "http://")))
	if v, err := c.Version(context.Background()); err != nil || v != 6 {
		t.Errorf("Version through a bare host:port = %d, %v", v, err)
	}
}
