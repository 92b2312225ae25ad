package collection

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// fixedClock returns a clock that starts at t0 and advances by step on every
// call.
func fixedClock(t0 time.Time, step time.Duration) func() time.Time {
	t := t0
	return func() time.Time {
		now := t
		t = t.Add(step)
		return now
	}
}

var t0 = time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)

func newTestCollection() *Collection {
	return New(fixedClock(t0, 0), t0)
}

func TestNewIDUniqueAndIncreasing(t *testing.T) {
	now := t0
	c := New(func() time.Time { return now }, t0)
	a := c.NewID()
	b := c.NewID()
	now = now.Add(-time.Hour) // the clock goes back
	d := c.NewID()
	now = now.Add(2 * time.Hour)
	e := c.NewID()
	if !(a < b && b < d && d < e) {
		t.Fatalf("IDs not strictly increasing: %d %d %d %d", a, b, d, e)
	}
	if e != now.UnixMilli() {
		t.Fatalf("ID after the clock moved ahead = %d, want the clock %d", e, now.UnixMilli())
	}
}

func TestFreshCollection(t *testing.T) {
	c := newTestCollection()
	if diff := cmp.Diff([]string{"Default"}, c.DeckNames()); diff != "" {
		t.Errorf("deck names (-want +got):\n%s", diff)
	}
	if d := c.DeckByID(DefaultDeckID); d == nil || d.Name != "Default" || d.ConfigID != DefaultConfigID {
		t.Errorf("Default deck = %+v", d)
	}
	var names []string
	for _, m := range c.AllModels() {
		names = append(names, m.Name)
	}
	want := []string{"Basic", "Basic (and reversed card)", "Basic (optional reversed card)",
		"Basic (type in the answer)", "Cloze", "Image Occlusion"}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Errorf("model names (-want +got):\n%s", diff)
	}
	// Creation order is alphabetical too: IDs increase in that order.
	models := c.AllModels()
	for i := 1; i < len(models); i++ {
		if models[i-1].ID >= models[i].ID {
			t.Errorf("model %q ID %d not below %q ID %d", models[i-1].Name, models[i-1].ID, models[i].Name, models[i].ID)
		}
	}
}

func TestDeckNamesSortedLikeAnki(t *testing.T) {
	c := newTestCollection()
	for _, n := range []string{"b", "A B", "a::b", "AB", "a", "Zeta", "alpha"} {
		c.CreateDeck(n)
	}
	// "::" sorts before any printable character, case is ignored.
	want := []string{"a", "a::b", "A B", "AB", "alpha", "b", "Default", "Zeta"}
	if diff := cmp.Diff(want, c.DeckNames()); diff != "" {
		t.Errorf("deck names (-want +got):\n%s", diff)
	}
}

func TestCreateDeck(t *testing.T) {
	tests := []struct {
		name     string
		existing []string
		create   string
		wantName string
		wantAll  []string
	}{
		{"parents created", nil, "Japanese::JLPT::N5", "Japanese::JLPT::N5",
			[]string{"Default", "Japanese", "Japanese::JLPT", "Japanese::JLPT::N5"}},
		{"existing matched case-insensitively", []string{"Spanish"}, "SPANISH", "Spanish",
			[]string{"Default", "Spanish"}},
		{"child takes the parent's spelling", []string{"Lang"}, "LANG::French", "Lang::French",
			[]string{"Default", "Lang", "Lang::French"}},
		{"components trimmed, blanks named blank", nil, " A :: ::B\x01 ", "A::blank::B",
			[]string{"A", "A::blank", "A::blank::B", "Default"}},
		{"default by any case", nil, "default", "Default", []string{"Default"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newTestCollection()
			for _, n := range tt.existing {
				c.CreateDeck(n)
			}
			d := c.CreateDeck(tt.create)
			if d.Name != tt.wantName {
				t.Errorf("name = %q, want %q", d.Name, tt.wantName)
			}
			if again := c.CreateDeck(tt.create); again != d {
				t.Errorf("second create returned another deck")
			}
			if diff := cmp.Diff(tt.wantAll, c.DeckNames()); diff != "" {
				t.Errorf("deck names (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDeckLookups(t *testing.T) {
	c := newTestCollection()
	d := c.CreateDeck("Travel::Rome")
	if got := c.DeckByName("travel::ROME"); got != d {
		t.Errorf("DeckByName case-insensitive = %v", got)
	}
	if got := c.DeckByExactName("travel::ROME"); got != nil {
		t.Errorf("DeckByExactName wrong case = %v, want nil", got)
	}
	if got := c.DeckByExactName("Travel::Rome"); got != d {
		t.Errorf("DeckByExactName = %v", got)
	}
	if got := c.DeckOrDefault(12345); got.ID != DefaultDeckID {
		t.Errorf("DeckOrDefault(unknown) = %v", got)
	}
	if got := d.Leaf(); got != "Rome" {
		t.Errorf("Leaf = %q", got)
	}
	var kids []string
	for _, k := range c.DeckAndChildren(c.DeckByName("Travel").ID) {
		kids = append(kids, k.Name)
	}
	sortFold(kids)
	if diff := cmp.Diff([]string{"Travel", "Travel::Rome"}, kids); diff != "" {
		t.Errorf("DeckAndChildren (-want +got):\n%s", diff)
	}
}

func TestRemoveDeck(t *testing.T) {
	c := newTestCollection()
	child := c.CreateDeck("A::B")
	parent := c.DeckByName("A")
	other := c.CreateDeck("Other")
	c.SetCurrentDeck(child.ID)
	c.RemoveDeck(parent.ID)
	if diff := cmp.Diff([]string{"Default", "Other"}, c.DeckNames()); diff != "" {
		t.Errorf("after removing A (-want +got):\n%s", diff)
	}
	if c.CurrentDeckID() != DefaultDeckID {
		t.Errorf("current deck = %d, want Default after its removal", c.CurrentDeckID())
	}
	c.CreateDeck("Default::Sub")
	c.RemoveDeck(DefaultDeckID)
	if diff := cmp.Diff([]string{"Default", "Other"}, c.DeckNames()); diff != "" {
		t.Errorf("after removing Default (-want +got):\n%s", diff)
	}
	if c.DeckByID(other.ID) == nil || c.DeckByID(DefaultDeckID) == nil {
		t.Errorf("Default or Other vanished")
	}
}

func TestDeckConfigDefaultJSON(t *testing.T) {
	c := newTestCollection()
	b, err := json.Marshal(c.ConfigForDeck(c.DeckByID(DefaultDeckID)))
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"id": 1.0, "name": "Default", "mod": float64(t0.Unix()), "usn": -1.0,
		"maxTaken": 60.0, "autoplay": true, "timer": 0.0, "replayq": true, "dyn": false,
		"new": map[string]any{"bury": false, "delays": []any{1.0, 10.0}, "initialFactor": 2500.0,
			"ints": []any{1.0, 4.0, 0.0}, "order": 1.0, "perDay": 20.0},
		"rev": map[string]any{"bury": false, "ease4": 1.3, "ivlFct": 1.0, "maxIvl": 36500.0,
			"perDay": 200.0, "hardFactor": 1.2},
		"lapse": map[string]any{"delays": []any{10.0}, "leechAction": 1.0, "leechFails": 8.0,
			"minInt": 1.0, "mult": 0.0},
		"newMix": 0.0, "newPerDayMinimum": 0.0, "interdayLearningMix": 0.0, "reviewOrder": 0.0,
		"newSortOrder": 0.0, "newGatherPriority": 0.0, "buryInterdayLearning": false,
		"fsrsWeights": []any{}, "fsrsParams5": []any{}, "fsrsParams6": []any{},
		"desiredRetention": 0.9, "ignoreRevlogsBeforeDate": "",
		"easyDaysPercentages": []any{1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0},
		"stopTimerOnAnswer":   false, "secondsToShowQuestion": 0.0, "secondsToShowAnswer": 0.0,
		"questionAction": 0.0, "answerAction": 0.0, "waitForAudio": true, "sm2Retention": 0.9,
		"weightSearch": "",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("default config JSON (-want +got):\n%s", diff)
	}
}

func TestSaveDeckConfigKeepsUnknownKeys(t *testing.T) {
	c := New(fixedClock(t0, time.Second), t0)
	// The README's sample: older keys (separate, minSpace, fuzz) and no
	// hardFactor; an unknown top-level key too.
	in := `{"lapse":{"leechFails":8,"delays":[10],"minInt":1,"leechAction":0,"mult":0},
		"dyn":false,"autoplay":true,"mod":1502970872,"id":1,"maxTaken":60,
		"new":{"bury":true,"order":1,"initialFactor":2500,"perDay":20,"delays":[1,10],"separate":true,"ints":[1,4,7]},
		"name":"Default","rev":{"bury":true,"ivlFct":1,"ease4":1.3,"maxIvl":36500,"perDay":100,"minSpace":1,"fuzz":0.05},
		"timer":0,"replayq":true,"usn":-1,"myAddonKey":{"x":[1,2]}}`
	if !c.SaveDeckConfig(json.RawMessage(in)) {
		t.Fatal("SaveDeckConfig = false")
	}
	conf := c.DeckConfigByID(1)
	if conf.Rev.PerDay != 100 || !conf.New.Bury || conf.Lapse.LeechAction != 0 || conf.Rev.HardFactor != 1.2 {
		t.Errorf("saved values wrong: %+v", conf)
	}
	if conf.Mod == 1502970872 {
		t.Errorf("mod not stamped")
	}
	b, _ := json.Marshal(conf)
	var got map[string]json.RawMessage
	_ = json.Unmarshal(b, &got)
	var nw, rev map[string]json.RawMessage
	_ = json.Unmarshal(got["new"], &nw)
	_ = json.Unmarshal(got["rev"], &rev)
	checks := map[string]json.RawMessage{
		"myAddonKey": got["myAddonKey"], "new.separate": nw["separate"], "rev.fuzz": rev["fuzz"], "new.ints": nw["ints"],
	}
	wantRaw := map[string]string{"myAddonKey": `{"x":[1,2]}`, "new.separate": "true", "rev.fuzz": "0.05", "new.ints": "[1,4,7]"}
	for k, w := range wantRaw {
		if string(checks[k]) != w {
			t.Errorf("%s = %s, want %s", k, checks[k], w)
		}
	}
}

func TestSaveDeckConfigRejects(t *testing.T) {
	for _, in := range []string{`{"id":999,"name":"x"}`, `{"id":"1","name":"x"}`, `{"name":"x"}`, `[]`, `{"id":1,"new":{"perDay":"many"}}`} {
		c := newTestCollection()
		before, _ := json.Marshal(c.DeckConfigByID(1))
		if c.SaveDeckConfig(json.RawMessage(in)) {
			t.Errorf("SaveDeckConfig(%s) = true, want false", in)
		}
		after, _ := json.Marshal(c.DeckConfigByID(1))
		if string(before) != string(after) {
			t.Errorf("SaveDeckConfig(%s) changed the config", in)
		}
	}
}

func TestCloneAndRemoveDeckConfig(t *testing.T) {
	c := newTestCollection()
	if c.CloneDeckConfig("x", 42) != nil {
		t.Error("clone from unknown group succeeded")
	}
	c.DeckConfigByID(1).New.Delays[0] = 3
	clone := c.CloneDeckConfig("Copy of Default", 1)
	if clone == nil || clone.ID == 1 || clone.Name != "Copy of Default" || clone.New.Delays[0] != 3 {
		t.Fatalf("clone = %+v", clone)
	}
	clone.New.Delays[0] = 5
	if c.DeckConfigByID(1).New.Delays[0] != 3 {
		t.Error("clone shares its delays with the source")
	}
	d := c.CreateDeck("Uses clone")
	c.SetDeckConfig([]*Deck{d}, clone.ID)
	if c.ConfigForDeck(d) != clone {
		t.Error("deck does not use the clone")
	}
	if ok, err := c.RemoveDeckConfig(1); ok || err != ErrDefaultConfig {
		t.Errorf("RemoveDeckConfig(1) = %v, %v", ok, err)
	}
	if ok, err := c.RemoveDeckConfig(777); ok || err != nil {
		t.Errorf("RemoveDeckConfig(unknown) = %v, %v", ok, err)
	}
	if ok, err := c.RemoveDeckConfig(clone.ID); !ok || err != nil {
		t.Errorf("RemoveDeckConfig(clone) = %v, %v", ok, err)
	}
	if d.ConfigID != DefaultConfigID || c.ConfigForDeck(d).ID != DefaultConfigID {
		t.Errorf("deck config after removal = %d", d.ConfigID)
	}
	c.SetDeckConfig([]*Deck{d}, 4242) // not validated
	if c.ConfigForDeck(d).ID != DefaultConfigID {
		t.Errorf("unknown group does not read as Default")
	}
}

func TestToday(t *testing.T) {
	created := time.Date(2024, 3, 1, 2, 0, 0, 0, time.UTC) // before the 4am rollover
	now := created
	c := New(func() time.Time { return now }, created)
	tests := []struct {
		at     time.Time
		day    int
		cutoff time.Time
	}{
		{created, 0, time.Date(2024, 3, 1, 4, 0, 0, 0, time.UTC)},
		{time.Date(2024, 3, 1, 4, 0, 0, 0, time.UTC), 1, time.Date(2024, 3, 2, 4, 0, 0, 0, time.UTC)},
		{time.Date(2024, 3, 11, 3, 59, 0, 0, time.UTC), 10, time.Date(2024, 3, 11, 4, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		now = tt.at
		if got := c.Today(); got != tt.day {
			t.Errorf("Today at %v = %d, want %d", tt.at, got, tt.day)
		}
		if got := c.DayCutoff(); !got.Equal(tt.cutoff) {
			t.Errorf("DayCutoff at %v = %v, want %v", tt.at, got, tt.cutoff)
		}
	}
}

func TestParentDecks(t *testing.T) {
	c := newTestCollection()
	c.CreateDeck("Lang::German::Verbs")
	c.CreateDeck("Solo")
	c.putDeck(&Deck{ID: 900, Name: "X"})
	c.putDeck(&Deck{ID: 901, Name: "X::Y::Z"}) // its middle parent is missing
	names := func(deck string) []string {
		var out []string
		for _, d := range c.parentDecks(c.DeckByName(deck)) {
			out = append(out, d.Name)
		}
		return out
	}
	got := map[string][]string{}
	for _, deck := range []string{"Lang::German::Verbs", "lang::german", "Solo", "X::Y::Z"} {
		got[deck] = names(deck)
	}
	want := map[string][]string{
		"Lang::German::Verbs": {"Lang", "Lang::German"},
		"lang::german":        {"Lang"},
		"Solo":                nil,
		"X::Y::Z":             {"X"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("parent decks (-want +got):\n%s", diff)
	}
}
