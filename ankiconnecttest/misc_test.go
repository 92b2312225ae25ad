package ankiconnecttest

import (
	"errors"
	"net/http"
	"slices"
	"testing"

	"github.com/ankiconnect-go/ankiconnect"
	"github.com/google/go-cmp/cmp"
)

// originTransport sends every request with an Origin header, as a browser
// page would.
type originTransport struct{ origin string }

// RoundTrip implements http.RoundTripper.
func (o originTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	req = req.Clone(req.Context())
	req.Header.Set("Origin", o.origin)
	return http.DefaultTransport.RoundTrip(req)
}

func TestFakeVersionAndPermission(t *testing.T) {
	prompt := func(origin string) (grant, ignore bool) { return origin == "https://friend.example", false }
	tests := []struct {
		name   string
		opts   []Option
		origin string // "" sends none, as a program does
		want   ankiconnect.Permission
		// versionErr is the error of Version from the same client.
		versionErr error
	}{
		{name: "no origin", want: ankiconnect.Permission{Permission: "granted", Version: 6}},
		{
			name: "API key required", opts: []Option{WithAPIKey("k")},
			want: ankiconnect.Permission{Permission: "granted", RequireAPIKey: true, Version: 6},
		},
		{
			name: "allowed origin", opts: []Option{WithOrigins("https://app.example")}, origin: "https://app.example",
			want: ankiconnect.Permission{Permission: "granted", Version: 6},
		},
		{
			name: "origin granted by the prompt", opts: []Option{WithPermissionPrompt(prompt)}, origin: "https://friend.example",
			want: ankiconnect.Permission{Permission: "granted", Version: 6},
		},
		{
			name: "origin refused", opts: []Option{WithPermissionPrompt(prompt)}, origin: "https://stranger.example",
			want: ankiconnect.Permission{Permission: "denied"}, versionErr: ankiconnect.ErrForbiddenOrigin,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := New(t, tt.opts...)
			var opts []ankiconnect.Option
			if tt.origin != "" {
				opts = append(opts, ankiconnect.WithHTTPClient(&http.Client{Transport: originTransport{tt.origin}}))
			}
			c, ctx := f.Client(opts...), t.Context()
			p, err := c.RequestPermission(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, p); diff != "" {
				t.Errorf("RequestPermission (-want +got):\n%s", diff)
			}
			if p.Granted() != (tt.want.Permission == "granted") {
				t.Errorf("Granted() = %v for %q", p.Granted(), p.Permission)
			}
			v, err := c.Version(ctx)
			if !errors.Is(err, tt.versionErr) || err == nil && v != 6 {
				t.Errorf("Version = %d, %v; want 6 or %v", v, err, tt.versionErr)
			}
		})
	}
}

func TestFakeAPIReflect(t *testing.T) {
	c, ctx := New(t).Client(), t.Context()
	all, err := c.APIReflect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// The fake serves AnkiConnect's 122 actions, sorted.
	if len(all.Actions) != 122 || !slices.IsSorted(all.Actions) || !slices.Equal(all.Scopes, []string{"actions"}) {
		t.Errorf("APIReflect() = scopes %q, %d actions (sorted %v); want [actions], 122 sorted",
			all.Scopes, len(all.Actions), slices.IsSorted(all.Actions))
	}
	for _, name := range []string{"deckNames", "modelFieldSetDescription", "multi", "getActiveProfile"} {
		if !slices.Contains(all.Actions, name) {
			t.Errorf("APIReflect() lacks %s", name)
		}
	}
	tests := []struct {
		asked []string
		want  []string
	}{
		{[]string{"deckNames", "noSuchAction", "multi"}, []string{"deckNames", "multi"}},
		{[]string{"DeckNames"}, []string{}}, // names are case-sensitive
		{[]string{"noSuchAction"}, []string{}},
	}
	for _, tt := range tests {
		got, err := c.APIReflect(ctx, tt.asked...)
		if err != nil {
			t.Errorf("APIReflect(%q): %v", tt.asked, err)
			continue
		}
		if diff := cmp.Diff(ankiconnect.Reflection{Scopes: []string{"actions"}, Actions: tt.want}, got); diff != "" {
			t.Errorf("APIReflect(%q) (-want +got):\n%s", tt.asked, diff)
		}
	}
}

func TestFakeSyncAndReloadAreRecorded(t *testing.T) {
	f := New(t)
	c, ctx := f.Client(), t.Context()
	if _, err := c.CreateDeck(ctx, "Kept"); err != nil {
		t.Fatal(err)
	}
	f.ClearCalls()
	if err := c.Sync(ctx); err != nil {
		t.Errorf("Sync: %v", err)
	}
	if err := c.ReloadCollection(ctx); err != nil {
		t.Errorf("ReloadCollection: %v", err)
	}
	var got []string
	for _, call := range f.Calls() {
		got = append(got, call.Action+"/"+call.Error)
	}
	if diff := cmp.Diff([]string{"sync/", "reloadCollection/"}, got); diff != "" {
		t.Errorf("Fake.Calls (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"Default", "Kept"}, fakeDeckNames(f)); diff != "" {
		t.Errorf("decks after sync and reload (-want +got):\n%s", diff)
	}
}

func TestFakeProfiles(t *testing.T) {
	f := New(t, WithProfile("Main", "Kids", "Archive"))
	c, ctx := f.Client(), t.Context()
	profiles, err := c.GetProfiles(ctx)
	if diff := cmp.Diff([]string{"Archive", "Kids", "Main"}, profiles); err != nil || diff != "" {
		t.Errorf("GetProfiles: %v (-want +got):\n%s", err, diff)
	}
	if _, err := c.CreateDeck(ctx, "Main only"); err != nil {
		t.Fatal(err)
	}
	// Each profile has its own collection; an unknown name changes nothing.
	steps := []struct {
		load   string
		ok     bool
		active string
		decks  []string
	}{
		{"", true, "Main", []string{"Default", "Main only"}},
		{"Kids", true, "Kids", []string{"Default"}},
		{"kids", false, "Kids", []string{"Default"}},
		{"Nobody", false, "Kids", []string{"Default"}},
		{"Main", true, "Main", []string{"Default", "Main only"}},
	}
	for _, s := range steps {
		if s.load != "" {
			ok, err := c.LoadProfile(ctx, s.load)
			if err != nil || ok != s.ok {
				t.Errorf("LoadProfile(%q) = %v, %v; want %v", s.load, ok, err, s.ok)
			}
		}
		active, err := c.GetActiveProfile(ctx)
		if err != nil || active != s.active {
			t.Errorf("after LoadProfile(%q): GetActiveProfile = %q, %v; want %q", s.load, active, err, s.active)
		}
		names, err := c.DeckNames(ctx)
		if diff := cmp.Diff(s.decks, names); err != nil || diff != "" {
			t.Errorf("after LoadProfile(%q): DeckNames: %v (-want +got):\n%s", s.load, err, diff)
		}
		if diff := cmp.Diff(s.decks, fakeDeckNames(f)); diff != "" {
			t.Errorf("after LoadProfile(%q): Fake.Decks (-want +got):\n%s", s.load, diff)
		}
	}
}

// TestFakeMultiMixed sends deck, card, note type and misc actions in one
// multi, one of them failing on purpose, and checks every result and the
// fake's state.
func TestFakeMultiMixed(t *testing.T) {
	f := New(t)
	c, ctx := f.Client(), t.Context()
	cards := addCards(t, c, "Source", 2)
	f.ClearCalls()

	m := c.NewMulti()
	version := m.Version()
	created := m.CreateDeck("Multi::Target")
	moved := m.ChangeDeck(cards[:1], "Multi::Target")
	decks := m.GetDecks(cards)
	badFields := m.ModelFieldNames("No Such Type") // the deliberate failure
	fields := m.ModelFieldNames("Basic")
	found := m.FindCards(`"deck:Multi::Target"`)
	clone := m.CloneDeckConfigID("Multi options", 1)
	profile := m.GetActiveProfile()
	renamed := m.ModelFieldRename("Basic", "Back", "Answer")
	names := m.DeckNames()

	err := m.Do(ctx)
	var me *ankiconnect.MultiError
	if !errors.As(err, &me) || me.Total != 11 || len(me.Failed) != 1 || me.Failed[0].Action != "modelFieldNames" {
		t.Fatalf("Do error = %v, want a MultiError with modelFieldNames as the one failure of 11", err)
	}
	if !errors.Is(err, ankiconnect.ErrModelNotFound) {
		t.Errorf("Do error %v is not ErrModelNotFound", err)
	}
	if _, err := badFields.Result(); !errors.Is(err, ankiconnect.ErrModelNotFound) {
		t.Errorf("failed action's Result error = %v, want ErrModelNotFound", err)
	}

	if v, err := version.Result(); err != nil || v != 6 {
		t.Errorf("Version = %d, %v", v, err)
	}
	target, err := created.Result()
	if err != nil || target != fakeDeck(t, f, "Multi::Target").ID {
		t.Errorf("CreateDeck = %d, %v; want the fake's Multi::Target", target, err)
	}
	if err := moved.Err(); err != nil {
		t.Errorf("ChangeDeck: %v", err)
	}
	// Actions run in order: getDecks sees the moved card.
	if got, err := decks.Result(); err != nil || !cmp.Equal(got, map[string][]ankiconnect.CardID{"Multi::Target": cards[:1], "Source": cards[1:]}) {
		t.Errorf("GetDecks = %v, %v", got, err)
	}
	if got, err := fields.Result(); err != nil || !slices.Equal(got, []string{"Front", "Back"}) {
		t.Errorf("ModelFieldNames(Basic) = %q, %v; want the names before the later rename", got, err)
	}
	if got, err := found.Result(); err != nil || !slices.Equal(got, cards[:1]) {
		t.Errorf("FindCards = %v, %v; want %v", got, err, cards[:1])
	}
	if got, err := clone.Result(); err != nil || !got.OK || got.Value <= 1 {
		t.Errorf("CloneDeckConfigID = %+v, %v; want a new group", got, err)
	}
	if got, err := profile.Result(); err != nil || got != "User 1" {
		t.Errorf("GetActiveProfile = %q, %v; want the default profile", got, err)
	}
	if err := renamed.Err(); err != nil {
		t.Errorf("ModelFieldRename: %v", err)
	}
	if got, err := names.Result(); err != nil || !slices.Equal(got, []string{"Default", "Multi", "Multi::Target", "Source"}) {
		t.Errorf("DeckNames = %q, %v", got, err)
	}

	// After the multi: the rename happened, and the fake logged each
	// action, then the multi.
	if got, err := c.ModelFieldNames(ctx, "Basic"); err != nil || !slices.Equal(got, []string{"Front", "Answer"}) {
		t.Errorf("ModelFieldNames(Basic) after the multi = %q, %v", got, err)
	}
	var log []string
	for _, call := range f.Calls() {
		if call.Error != "" {
			log = append(log, call.Action+" failed")
			continue
		}
		log = append(log, call.Action)
	}
	want := []string{"version", "createDeck", "changeDeck", "getDecks", "modelFieldNames failed", "modelFieldNames",
		"findCards", "cloneDeckConfigId", "getActiveProfile", "modelFieldRename", "deckNames", "multi", "modelFieldNames"}
	if diff := cmp.Diff(want, log); diff != "" {
		t.Errorf("Fake.Calls (-want +got):\n%s", diff)
	}
}
