package ankiconnecttest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httptrace"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ankiconnect-go/ankiconnect"
	"github.com/google/go-cmp/cmp"
)

// fakeTBRecorder is a TB that records what New does with it.
type fakeTBRecorder struct {
	cleanups []func()
	fatal    string
}

func (r *fakeTBRecorder) Helper()          {}
func (r *fakeTBRecorder) Cleanup(f func()) { r.cleanups = append(r.cleanups, f) }
func (r *fakeTBRecorder) Fatalf(format string, args ...any) {
	r.fatal = fmt.Sprintf(format, args...)
}

func TestNewTestFakeClosesOnCleanup(t *testing.T) {
	rec := &fakeTBRecorder{}
	f := New(rec)
	ctx := context.Background()
	if !strings.HasPrefix(f.URL(), "http://127.0.0.1:") || rec.fatal != "" {
		t.Fatalf("URL %q, fatal %q", f.URL(), rec.fatal)
	}
	if v, err := f.Client().Version(ctx); err != nil || v != 6 {
		t.Fatalf("Version = %d, %v", v, err)
	}
	if len(rec.cleanups) != 1 {
		t.Fatalf("%d cleanups registered", len(rec.cleanups))
	}
	rec.cleanups[0]()
	if _, err := f.Client(ankiconnect.WithRetryPolicy(ankiconnect.NoRetries)).Version(ctx); !errors.Is(err, ankiconnect.ErrNotRunning) {
		t.Errorf("after cleanup: %v, want ErrNotRunning", err)
	}
	if err := f.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

func TestFakeClientRoundTrip(t *testing.T) {
	f := New(t)
	c, ctx := f.Client(), context.Background()
	id, err := c.CreateDeck(ctx, "Languages::Japanese")
	if err != nil {
		t.Fatal(err)
	}
	names, err := c.DeckNames(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"Default", "Languages", "Languages::Japanese"}, names); diff != "" {
		t.Errorf("DeckNames (-want +got):\n%s", diff)
	}
	decks := f.Decks()
	if len(decks) != 3 || decks[2].ID != id || decks[2].Name != "Languages::Japanese" || decks[0].ID != 1 {
		t.Errorf("Decks() = %+v, created ID %d", decks, id)
	}
	want := []Call{
		{Action: "createDeck", Version: 6, Params: json.RawMessage(`{"deck":"Languages::Japanese"}`)},
		{Action: "deckNames", Version: 6, Params: json.RawMessage(`{}`)},
	}
	got := f.Calls()
	for i := range got { // compare params as JSON values
		got[i].Params = compactJSON(t, got[i].Params)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Calls (-want +got):\n%s", diff)
	}
	f.ClearCalls()
	if n := len(f.Calls()); n != 0 {
		t.Errorf("%d calls after ClearCalls", n)
	}
}

func compactJSON(t *testing.T, raw json.RawMessage) json.RawMessage {
	t.Helper()
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		t.Fatalf("%s: %v", raw, err)
	}
	return b.Bytes()
}

func TestFakeHandlerInProcess(t *testing.T) {
	f := New(t)
	req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(`{"action":"deckNames","version":6}`))
	rec := httptest.NewRecorder()
	f.Handler().ServeHTTP(rec, req)
	if got := rec.Body.String(); rec.Code != 200 || got != `{"result": ["Default"], "error": null}` {
		t.Errorf("got %d %s", rec.Code, got)
	}
}

func TestFakeAPIKey(t *testing.T) {
	f := New(t, WithAPIKey("s3cret"))
	ctx := context.Background()
	if names, err := f.Client().DeckNames(ctx); err != nil || !slices.Equal(names, []string{"Default"}) {
		t.Errorf("with the key: DeckNames = %q, %v; want [Default]", names, err)
	}
	if _, err := ankiconnect.NewClient(ankiconnect.WithURL(f.URL())).DeckNames(ctx); !errors.Is(err, ankiconnect.ErrInvalidAPIKey) {
		t.Errorf("without the key: %v, want ErrInvalidAPIKey", err)
	}
	p, err := ankiconnect.NewClient(ankiconnect.WithURL(f.URL())).RequestPermission(ctx)
	if err != nil || !p.Granted() || !p.RequireAPIKey {
		t.Errorf("RequestPermission = %+v, %v", p, err)
	}
}

func TestFakeOriginsAndPrompt(t *testing.T) {
	var asked []string
	f := New(t, WithOrigins("https://app.example"), WithPermissionPrompt(func(origin string) (bool, bool) {
		asked = append(asked, origin)
		return origin == "https://friend.example", false
	}))
	post := func(origin, body string) (int, string) {
		req, _ := http.NewRequest(http.MethodPost, f.URL(), strings.NewReader(body))
		req.Header.Set("Origin", origin)
		req.Close = true
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	version := `{"action":"version","version":6}`
	permission := `{"action":"requestPermission","version":6}`
	tests := []struct {
		origin, body string
		status       int
		reply        string
	}{
		{"https://app.example", version, 200, `{"result": 6, "error": null}`},
		{"http://localhost", version, 403, ""},
		{"https://friend.example", version, 403, ""},
		{"https://friend.example", permission, 200, `{"result": {"permission": "granted", "requireApikey": false, "version": 6}, "error": null}`},
		{"https://friend.example", version, 200, `{"result": 6, "error": null}`},
		{"https://stranger.example", permission, 200, `{"result": {"permission": "denied"}, "error": null}`},
	}
	for _, tc := range tests {
		if status, reply := post(tc.origin, tc.body); status != tc.status || reply != tc.reply {
			t.Errorf("%s %s: got %d %s, want %d %s", tc.origin, tc.body, status, reply, tc.status, tc.reply)
		}
	}
	if !slices.Equal(asked, []string{"https://friend.example", "https://stranger.example"}) {
		t.Errorf("prompted for %v", asked)
	}
}

func TestFakeClockAndProfiles(t *testing.T) {
	at := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	f := New(t, WithClock(func() time.Time { return at }), WithProfile("Work", "Home"))
	c, ctx := f.Client(), context.Background()
	first, err := c.AddNote(ctx, ankiconnect.Note{DeckName: "Default", ModelName: "Basic", Fields: map[string]string{"Front": "a"}})
	if err != nil {
		t.Fatal(err)
	}
	second, err := f.AddNote(ankiconnect.Note{DeckName: "Default", ModelName: "Basic", Fields: map[string]string{"Front": "b"}})
	if err != nil {
		t.Fatal(err)
	}
	if int64(first) < at.UnixMilli() || second <= first {
		t.Errorf("note IDs %d, %d from a clock at %d ms", first, second, at.UnixMilli())
	}
	if n, _ := f.Note(first); n.Mod != at.Unix() {
		t.Errorf("mod %d, want %d", n.Mod, at.Unix())
	}
	profiles, err := c.GetProfiles(ctx)
	if err != nil || !slices.Equal(profiles, []string{"Home", "Work"}) {
		t.Errorf("GetProfiles = %v, %v", profiles, err)
	}
	if ok, err := c.LoadProfile(ctx, "Home"); !ok || err != nil {
		t.Fatalf("LoadProfile = %v, %v", ok, err)
	}
	if n := len(f.Notes()); n != 0 {
		t.Errorf("the Home profile has %d notes, want its own empty collection", n)
	}
}

func TestFakeMediaFetcher(t *testing.T) {
	f := New(t, WithMediaFetcher(func(_ context.Context, url string) ([]byte, error) {
		if strings.HasSuffix(url, "/missing.png") {
			return nil, &DownloadError{StatusCode: 404}
		}
		return []byte("bytes of " + url), nil
	}))
	c, ctx := f.Client(), context.Background()
	name, _, err := c.StoreMediaFileFromURL(ctx, "cat.png", "https://img.example/cat.png", ankiconnect.StoreMediaOptions{})
	if err != nil || name != "cat.png" {
		t.Fatalf("StoreMediaFileFromURL = %q, %v", name, err)
	}
	if got := string(f.MediaFiles()["cat.png"]); got != "bytes of https://img.example/cat.png" {
		t.Errorf("stored %q", got)
	}
	_, _, err = c.StoreMediaFileFromURL(ctx, "x.png", "https://img.example/missing.png", ankiconnect.StoreMediaOptions{})
	var apiErr *ankiconnect.APIError
	if !errors.As(err, &apiErr) || apiErr.Message != "https://img.example/missing.png download failed with return code 404" {
		t.Errorf("missing file: %v", err)
	}
}

func TestFakeSeedingAndInspection(t *testing.T) {
	f := New(t)
	if _, err := f.CreateDeck("Verbs"); err != nil {
		t.Fatal(err)
	}
	id, err := f.AddNote(ankiconnect.Note{DeckName: "Verbs", ModelName: "Basic (and reversed card)",
		Fields: map[string]string{"Front": "taberu", "Back": "to eat"}, Tags: []string{"jp", "Verb"}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.AddNote(ankiconnect.Note{DeckName: "Verbs", ModelName: "Basic (and reversed card)", Fields: map[string]string{"Front": "taberu"}})
	if !errors.Is(err, ankiconnect.ErrDuplicateNote) {
		t.Errorf("duplicate: %v, want ErrDuplicateNote", err)
	}
	if _, err := f.AddNote(ankiconnect.Note{DeckName: "Nope", ModelName: "Basic", Fields: map[string]string{"Front": "x"}}); !errors.Is(err, ankiconnect.ErrDeckNotFound) {
		t.Errorf("unknown deck: %v, want ErrDeckNotFound", err)
	}
	notes := f.Notes()
	if len(notes) != 1 {
		t.Fatalf("%d notes", len(notes))
	}
	n := notes[0]
	wantNote := Note{ID: id, GUID: n.GUID, Model: "Basic (and reversed card)", Fields: map[string]string{"Front": "taberu", "Back": "to eat"},
		Tags: []string{"jp", "Verb"}, Cards: n.Cards, Mod: n.Mod}
	if diff := cmp.Diff(wantNote, n); diff != "" || len(n.Cards) != 2 || n.GUID == "" {
		t.Errorf("note (-want +got):\n%s", diff)
	}
	if got, ok := f.Note(id); !ok || got.ID != id {
		t.Errorf("Note(%d) = %+v, %v", id, got, ok)
	}
	if _, ok := f.Note(id + 1); ok {
		t.Error("Note of an unknown ID")
	}
	cards := f.Cards()
	if len(cards) != 2 || cards[0].Note != id || cards[0].Deck != "Verbs" || cards[0].Ord != 0 || cards[1].Ord != 1 ||
		cards[0].Type != ankiconnect.CardTypeNew || cards[0].Queue != ankiconnect.CardQueueNew || cards[0].ID != n.Cards[0] {
		t.Errorf("cards %+v", cards)
	}
	if diff := cmp.Diff([]string{"jp", "Verb"}, f.Tags()); diff != "" {
		t.Errorf("tags (-want +got):\n%s", diff)
	}
	m, err := f.CreateModel(ankiconnect.CreateModelParams{ModelName: "Vocab", InOrderFields: []string{"Word", "Meaning"},
		CardTemplates: []ankiconnect.CardTemplate{{Front: "{{Word}}", Back: "{{Meaning}}"}}})
	if err != nil || m.Name != "Vocab" || len(m.Fields) != 2 {
		t.Fatalf("CreateModel = %+v, %v", m, err)
	}
	wantModels := []string{"Basic", "Basic (and reversed card)", "Basic (optional reversed card)", "Basic (type in the answer)", "Cloze", "Image Occlusion", "Vocab"}
	if diff := cmp.Diff(wantModels, f.ModelNames()); diff != "" {
		t.Errorf("models (-want +got):\n%s", diff)
	}
	name, err := f.StoreMedia("hello.txt", []byte("hi"))
	if err != nil || name != "hello.txt" || string(f.MediaFiles()["hello.txt"]) != "hi" {
		t.Errorf("StoreMedia = %q, %v; files %v", name, err, f.MediaFiles())
	}
	if n := len(f.Calls()); n != 0 {
		t.Errorf("seeding logged %d calls", n)
	}
}

func TestFakeFixtureRoundTrip(t *testing.T) {
	src := New(t)
	if _, err := src.AddNote(ankiconnect.Note{DeckName: "Default", ModelName: "Cloze", Fields: map[string]string{"Text": "{{c1::Go}} is {{c2::fun}}"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := src.StoreMedia("a.txt", []byte("A")); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := src.SaveFixture(&buf); err != nil {
		t.Fatal(err)
	}
	dst := New(t)
	if err := dst.LoadFixture(bytes.NewReader(buf.Bytes())); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(src.Notes(), dst.Notes()); diff != "" || len(dst.Cards()) != 2 {
		t.Errorf("notes after loading (-src +dst):\n%s; %d cards", diff, len(dst.Cards()))
	}
	if diff := cmp.Diff(src.MediaFiles(), dst.MediaFiles()); diff != "" {
		t.Errorf("media (-src +dst):\n%s", diff)
	}
	if err := dst.LoadFixture(strings.NewReader(`{"notes": 1}`)); err == nil {
		t.Error("a bad fixture loaded")
	}
	if n := len(dst.Notes()); n != 1 {
		t.Errorf("%d notes after a failed load, want the 1 kept", n)
	}
}

// TestFakeDefaultFetcherLoopbackOnly: without WithMediaFetcher the
// fake downloads from a loopback server, and refuses any other address
// before connecting.
func TestFakeDefaultFetcherLoopbackOnly(t *testing.T) {
	media := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/cat.png" {
			http.NotFound(w, r)
			return
		}
		_, _ = w.Write([]byte("png bytes"))
	}))
	defer media.Close()
	f := New(t)
	c, ctx := f.Client(), context.Background()

	name, stored, err := c.StoreMediaFileFromURL(ctx, "cat.png", media.URL+"/cat.png", ankiconnect.StoreMediaOptions{})
	if err != nil || !stored || name != "cat.png" || string(f.MediaFiles()["cat.png"]) != "png bytes" {
		t.Errorf("loopback download: %q %v %v, file %q", name, stored, err, f.MediaFiles()["cat.png"])
	}
	var api *ankiconnect.APIError
	_, _, err = c.StoreMediaFileFromURL(ctx, "dog.png", "http://192.0.2.7/dog.png", ankiconnect.StoreMediaOptions{})
	if !errors.As(err, &api) || !strings.Contains(api.Message, "downloads only from loopback addresses") {
		t.Errorf("outside download: %v", err)
	}
	if _, ok := f.MediaFiles()["dog.png"]; ok {
		t.Error("dog.png was stored")
	}
}

// TestClientKeepAlive: Fake.Client reuses connections exactly when the fake
// keeps them (WithKeepAlive); against a fake that closes them, as the
// add-on does, every request has a connection of its own.
func TestClientKeepAlive(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts []Option
		want []bool // GotConnInfo.Reused per call
	}{
		{"add-on mode", nil, []bool{false, false, false}},
		{"keep-alive", []Option{WithKeepAlive()}, []bool{false, true, true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := New(t, tc.opts...)
			c := f.Client()
			var got []bool
			ctx := httptrace.WithClientTrace(t.Context(), &httptrace.ClientTrace{
				GotConn: func(i httptrace.GotConnInfo) { got = append(got, i.Reused) },
			})
			for range tc.want {
				if _, err := c.DeckNames(ctx); err != nil {
					t.Fatal(err)
				}
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("connection reused per call (-want +got):\n%s", diff)
			}
		})
	}
}
