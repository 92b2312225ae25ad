package ankiconnecttest

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/ankiconnect-go/ankiconnect"
	"github.com/ankiconnect-go/ankiconnect/internal/wire"
	"github.com/google/go-cmp/cmp"
)

// fakeDeckNames returns the names of the fake's decks, as Fake.Decks sorts
// them.
func fakeDeckNames(f *Fake) []string {
	var names []string
	for _, d := range f.Decks() {
		names = append(names, d.Name)
	}
	return names
}

// fakeDeck returns the fake's deck with the full name, failing the test when
// there is none.
func fakeDeck(t *testing.T, f *Fake, name string) Deck {
	t.Helper()
	for _, d := range f.Decks() {
		if d.Name == name {
			return d
		}
	}
	t.Fatalf("the fake has no deck %q: %q", name, fakeDeckNames(f))
	return Deck{}
}

func TestFakeCreateDeckAndNames(t *testing.T) {
	tests := []struct {
		name   string
		create []string // created in order
		// want are the deck names afterwards; wantSame maps a created
		// name to the earlier one whose ID it must return.
		want     []string
		wantSame map[string]string
	}{
		{name: "fresh", want: []string{"Default"}},
		{name: "one", create: []string{"Verbs"}, want: []string{"Default", "Verbs"}},
		{
			name:   "parents created, sorted case-insensitively",
			create: []string{"lang::Japanese::N5", "Art"},
			want:   []string{"Art", "Default", "lang", "lang::Japanese", "lang::Japanese::N5"},
		},
		{
			name:     "existing name in another case",
			create:   []string{"Kanji", "KANJI", "kanji::Radicals"},
			want:     []string{"Default", "Kanji", "Kanji::Radicals"},
			wantSame: map[string]string{"KANJI": "Kanji"},
		},
		{
			name:     "Default exists already",
			create:   []string{"default"},
			want:     []string{"Default"},
			wantSame: map[string]string{"default": "Default"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := New(t)
			c, ctx := f.Client(), t.Context()
			ids := map[string]ankiconnect.DeckID{"Default": 1}
			for _, name := range tt.create {
				id, err := c.CreateDeck(ctx, name)
				if err != nil {
					t.Fatalf("CreateDeck(%q): %v", name, err)
				}
				if same, ok := tt.wantSame[name]; ok && id != ids[same] {
					t.Errorf("CreateDeck(%q) = %d, want %q's ID %d", name, id, same, ids[same])
				}
				ids[name] = id
			}
			names, err := c.DeckNames(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, names); diff != "" {
				t.Errorf("DeckNames (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.want, fakeDeckNames(f)); diff != "" {
				t.Errorf("Fake.Decks names (-want +got):\n%s", diff)
			}

			// deckNamesAndIds and deckNameFromId agree with the fake's decks.
			byName, err := c.DeckNamesAndIDs(ctx)
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]ankiconnect.DeckID{}
			for _, d := range f.Decks() {
				want[d.Name] = d.ID
				name, err := c.DeckNameFromID(ctx, d.ID)
				if err != nil || name != d.Name {
					t.Errorf("DeckNameFromID(%d) = %q, %v; want %q", d.ID, name, err, d.Name)
				}
			}
			if diff := cmp.Diff(want, byName); diff != "" {
				t.Errorf("DeckNamesAndIDs (-want +got):\n%s", diff)
			}
			// Each created ID is that of the deck of that name, in any case
			// ("kanji::Radicals" lives under the existing "Kanji").
			for _, name := range tt.create {
				found := false
				for full, id := range byName {
					found = found || strings.EqualFold(full, name) && id == ids[name]
				}
				if !found {
					t.Errorf("CreateDeck(%q) returned %d, no deck of that name has it: %v", name, ids[name], byName)
				}
			}
		})
	}
}

func TestFakeDeckNameFromUnknownIDIsDefault(t *testing.T) {
	c := New(t).Client()
	name, err := c.DeckNameFromID(t.Context(), 424242)
	if err != nil || name != "Default" {
		t.Errorf("DeckNameFromID(unknown) = %q, %v; want Default (the add-on's fallback)", name, err)
	}
}

// deckOf maps each card to the full name of its deck in the fake.
func deckOf(f *Fake) map[ankiconnect.CardID]string {
	out := map[ankiconnect.CardID]string{}
	for _, card := range f.Cards() {
		out[card.ID] = card.Deck
	}
	return out
}

func TestFakeGetChangeAndDeleteDecks(t *testing.T) {
	f := New(t)
	c, ctx := f.Client(), t.Context()
	a := addCards(t, c, "A", 2)
	b := addCards(t, c, "B::Sub", 1)
	const unknown ankiconnect.CardID = 777

	got, err := c.GetDecks(ctx, []ankiconnect.CardID{a[0], b[0], a[1], unknown})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]ankiconnect.CardID{"A": {a[0], a[1]}, "B::Sub": {b[0]}, "Default": {unknown}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("GetDecks (-want +got):\n%s", diff)
	}

	// changeDeck creates the deck, in any case matching an existing one.
	if err := c.ChangeDeck(ctx, []ankiconnect.CardID{a[1], unknown}, "C::D"); err != nil {
		t.Fatal(err)
	}
	if err := c.ChangeDeck(ctx, []ankiconnect.CardID{b[0]}, "a"); err != nil {
		t.Fatal(err)
	}
	wantDecks := map[ankiconnect.CardID]string{a[0]: "A", a[1]: "C::D", b[0]: "A"}
	if diff := cmp.Diff(wantDecks, deckOf(f)); diff != "" {
		t.Errorf("card decks after ChangeDeck (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"A", "B", "B::Sub", "C", "C::D", "Default"}, fakeDeckNames(f)); diff != "" {
		t.Errorf("decks after ChangeDeck (-want +got):\n%s", diff)
	}

	// deleteDecks matches names exactly, skips unknown ones, takes the
	// subdecks and their cards (and notes) along, and keeps Default.
	if err := c.DeleteDecks(ctx, []string{"c", "Nope"}); err != nil {
		t.Fatal(err)
	}
	if n := len(f.Decks()); n != 6 {
		t.Errorf("DeleteDecks(c, Nope) changed the decks: %q", fakeDeckNames(f))
	}
	if err := c.DeleteDecks(ctx, []string{"C", "B", "Default"}); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"A", "Default"}, fakeDeckNames(f)); diff != "" {
		t.Errorf("decks after DeleteDecks (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[ankiconnect.CardID]string{a[0]: "A", b[0]: "A"}, deckOf(f)); diff != "" {
		t.Errorf("cards after DeleteDecks (-want +got):\n%s", diff)
	}
	if n := len(f.Notes()); n != 2 {
		t.Errorf("after DeleteDecks the fake has %d notes, want 2 (the deleted card's note goes)", n)
	}
}

// rawDeckConfig returns the getDeckConfig reply for deck as generic JSON.
func rawDeckConfig(t *testing.T, c *ankiconnect.Client, deck string) map[string]any {
	t.Helper()
	raw, err := ankiconnect.Invoke[json.RawMessage](t.Context(), c, "getDeckConfig", map[string]string{"deck": deck})
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("getDeckConfig(%q) = %s: %v", deck, raw, err)
	}
	return m
}

func TestFakeDeckConfigRoundTripKeepsUnknownKeys(t *testing.T) {
	f := New(t)
	c, ctx := f.Client(), t.Context()

	// Give the Default group keys and values the SDK does not model, as a
	// newer Anki would, through the raw action.
	seeded := rawDeckConfig(t, c, "Default")
	seeded["desiredRetention"] = 0.85
	seeded["futureKey"] = map[string]any{"nested": []any{1.0, "two"}}
	seeded["new"].(map[string]any)["futureNewKey"] = "kept"
	if ok, err := ankiconnect.Invoke[bool](ctx, c, "saveDeckConfig", map[string]any{"config": seeded}); err != nil || !ok {
		t.Fatalf("raw saveDeckConfig = %v, %v", ok, err)
	}
	before := rawDeckConfig(t, c, "Default")

	conf, found, err := c.GetDeckConfig(ctx, "Default")
	if err != nil || !found {
		t.Fatalf("GetDeckConfig(Default) = found %v, %v", found, err)
	}
	if conf.ID != 1 || conf.Name != "Default" || conf.Dyn {
		t.Errorf("GetDeckConfig(Default) = ID %d, name %q, dyn %v; want 1, Default, false", conf.ID, conf.Name, conf.Dyn)
	}
	// Anki's defaults for a new collection.
	wantNew := ankiconnect.DeckConfigNew{Delays: []float64{1, 10}, Ints: []int{1, 4, 0}, InitialFactor: 2500, Order: 1, PerDay: 20}
	if diff := cmp.Diff(wantNew, conf.New, cmp.AllowUnexported(ankiconnect.DeckConfigNew{}), cmpIgnoreRaw); diff != "" {
		t.Errorf("GetDeckConfig(Default).New (-want +got):\n%s", diff)
	}

	conf.New.PerDay = 35
	conf.Rev.MaxIvl = 3650
	conf.Lapse.Delays = []float64{5, 30}
	if ok, err := c.SaveDeckConfig(ctx, conf); err != nil || !ok {
		t.Fatalf("SaveDeckConfig = %v, %v", ok, err)
	}

	after := rawDeckConfig(t, c, "Default")
	want := before
	want["new"].(map[string]any)["perDay"] = 35.0
	want["rev"].(map[string]any)["maxIvl"] = 3650.0
	want["lapse"].(map[string]any)["delays"] = []any{5.0, 30.0}
	ignoreStamp := cmp.FilterPath(func(p cmp.Path) bool {
		return len(p) == 2 && (p.Last().String() == `["mod"]` || p.Last().String() == `["usn"]`)
	}, cmp.Ignore())
	if diff := cmp.Diff(want, after, ignoreStamp); diff != "" {
		t.Errorf("the saved group is not the one read with the three changes (-want +got):\n%s", diff)
	}

	// And read back through the typed method.
	back, _, err := c.GetDeckConfig(ctx, "Default")
	if err != nil {
		t.Fatal(err)
	}
	if back.New.PerDay != 35 || back.Rev.MaxIvl != 3650 || !slices.Equal(back.Lapse.Delays, []float64{5, 30}) {
		t.Errorf("GetDeckConfig after save: perDay %d, maxIvl %d, lapse delays %v; want 35, 3650, [5 30]",
			back.New.PerDay, back.Rev.MaxIvl, back.Lapse.Delays)
	}
}

// cmpIgnoreRaw ignores the kept JSON of the deck config types.
var cmpIgnoreRaw = cmp.FilterPath(func(p cmp.Path) bool { return p.Last().String() == ".raw" }, cmp.Ignore())

func TestFakeDeckConfigLookupsNotFound(t *testing.T) {
	f := New(t)
	c, ctx := f.Client(), t.Context()
	if _, err := c.CreateDeck(ctx, "Lang::French"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		deck  string
		found bool
	}{
		{"Default", true},
		{"Lang::French", true},
		{"Lang", true},
		{"default", false}, // case-sensitive, unlike other lookups
		{"lang::french", false},
		{"Missing", false},
	}
	for _, tt := range tests {
		conf, found, err := c.GetDeckConfig(ctx, tt.deck)
		if err != nil || found != tt.found {
			t.Errorf("GetDeckConfig(%q) = found %v, %v; want found %v", tt.deck, found, err, tt.found)
		}
		if found && conf.ID != 1 {
			t.Errorf("GetDeckConfig(%q).ID = %d, want the Default group 1", tt.deck, conf.ID)
		}
	}
	if decks := len(f.Decks()); decks != 3 {
		t.Errorf("the lookups changed the decks: %q", fakeDeckNames(f))
	}
	// A group that does not exist is not saved.
	conf, _, err := c.GetDeckConfig(ctx, "Default")
	if err != nil {
		t.Fatal(err)
	}
	perDay := conf.New.PerDay
	conf.ID, conf.New.PerDay = 987654, perDay+1
	if ok, err := c.SaveDeckConfig(ctx, conf); err != nil || ok {
		t.Errorf("SaveDeckConfig(unknown ID) = %v, %v; want false", ok, err)
	}
	back, found, err := c.GetDeckConfig(ctx, "Default")
	if err != nil || !found || back.ID != 1 || back.New.PerDay != perDay {
		t.Errorf("after SaveDeckConfig(unknown ID): Default group ID %d, %d new a day (found %v, %v); want 1, %d",
			back.ID, back.New.PerDay, found, err, perDay)
	}
}

func TestFakeDeckConfigGroups(t *testing.T) {
	f := New(t)
	c, ctx := f.Client(), t.Context()
	for _, name := range []string{"A", "B"} {
		if _, err := c.CreateDeck(ctx, name); err != nil {
			t.Fatal(err)
		}
	}
	def := editDeckConfig(t, c, "Default", func(conf *ankiconnect.DeckConfig) { conf.New.PerDay = 7 })

	// cloneDeckConfigId: 0 clones Default, as it is now.
	fast, found, err := c.CloneDeckConfigID(ctx, "Fast", 0)
	if err != nil || !found || fast <= 1 {
		t.Fatalf("CloneDeckConfigID(Fast, 0) = %d, %v, %v; want a new ID", fast, found, err)
	}
	slow, found, err := c.CloneDeckConfigID(ctx, "Slow", fast)
	if err != nil || !found || slow == fast || slow <= 1 {
		t.Fatalf("CloneDeckConfigID(Slow, Fast) = %d, %v, %v; want another new ID", slow, found, err)
	}
	if id, found, err := c.CloneDeckConfigID(ctx, "Orphan", 31337); err != nil || found || id != 0 {
		t.Errorf("CloneDeckConfigID(from unknown) = %d, %v, %v; want not found", id, found, err)
	}

	// setDeckConfigId: all names must exist exactly, or nothing changes.
	steps := []struct {
		decks []string
		conf  ankiconnect.DeckConfigID
		ok    bool
		want  map[string]ankiconnect.DeckConfigID // the groups of A and B afterwards
	}{
		{[]string{"A", "Missing"}, fast, false, map[string]ankiconnect.DeckConfigID{"A": 1, "B": 1}},
		{[]string{"a"}, fast, false, map[string]ankiconnect.DeckConfigID{"A": 1, "B": 1}},
		{[]string{"A", "B"}, fast, true, map[string]ankiconnect.DeckConfigID{"A": fast, "B": fast}},
		{[]string{"B"}, slow, true, map[string]ankiconnect.DeckConfigID{"A": fast, "B": slow}},
	}
	for _, s := range steps {
		ok, err := c.SetDeckConfigID(ctx, s.decks, s.conf)
		if err != nil || ok != s.ok {
			t.Errorf("SetDeckConfigID(%q, %d) = %v, %v; want %v", s.decks, s.conf, ok, err, s.ok)
		}
		got := map[string]ankiconnect.DeckConfigID{"A": fakeDeck(t, f, "A").ConfigID, "B": fakeDeck(t, f, "B").ConfigID}
		if diff := cmp.Diff(s.want, got); diff != "" {
			t.Errorf("after SetDeckConfigID(%q, %d) (-want +got):\n%s", s.decks, s.conf, diff)
		}
	}

	// The clone has Default's settings under its own ID and name.
	b, found, err := c.GetDeckConfig(ctx, "B")
	if err != nil || !found {
		t.Fatalf("GetDeckConfig(B) = %v, %v", found, err)
	}
	want := def
	want.ID, want.Name = slow, "Slow"
	ignore := []cmp.Option{
		cmpIgnoreRaw, cmp.AllowUnexported(ankiconnect.DeckConfig{}, ankiconnect.DeckConfigNew{}, ankiconnect.DeckConfigReview{}, ankiconnect.DeckConfigLapse{}),
		cmp.FilterPath(func(p cmp.Path) bool { return p.String() == "Mod" || p.String() == "USN" }, cmp.Ignore()),
	}
	if diff := cmp.Diff(want, b, ignore...); diff != "" {
		t.Errorf("GetDeckConfig(B) (-want +got):\n%s", diff)
	}

	// removeDeckConfigId: the decks fall back to Default; Default stays.
	if ok, err := c.RemoveDeckConfigID(ctx, slow); err != nil || !ok {
		t.Errorf("RemoveDeckConfigID(Slow) = %v, %v; want true", ok, err)
	}
	if got := fakeDeck(t, f, "B").ConfigID; got != 1 {
		t.Errorf("B's group after removing Slow = %d, want 1", got)
	}
	if ok, err := c.RemoveDeckConfigID(ctx, slow); err != nil || ok {
		t.Errorf("RemoveDeckConfigID(Slow) again = %v, %v; want false", ok, err)
	}
	_, err = c.RemoveDeckConfigID(ctx, 1)
	var apiErr *ankiconnect.APIError
	if !errors.As(err, &apiErr) || apiErr.Message != wire.MsgDefaultConf {
		t.Errorf("RemoveDeckConfigID(1) error = %v, want %q", err, wire.MsgDefaultConf)
	}
	var e *ankiconnect.Error
	if !errors.As(err, &e) || e.Action != "removeDeckConfigId" {
		t.Errorf("RemoveDeckConfigID(1) error %v does not name the action", err)
	}
	if got := fakeDeck(t, f, "A").ConfigID; got != fast {
		t.Errorf("A's group = %d, want Fast %d (untouched)", got, fast)
	}
}
