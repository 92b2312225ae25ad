package collection

import (
	"encoding/json"
	"errors"
	"maps"
	"slices"
)

// DeckConfig is a deck option group in Anki's legacy JSON form (what
// getDeckConfig returns and saveDeckConfig takes): the schema-11 keys plus
// the newer scheduler keys Anki keeps in that form. Keys not modelled here
// are kept in Extra and written back unchanged.
type DeckConfig struct {
	ID       int64       `json:"id"`
	Mod      int64       `json:"mod"`
	Name     string      `json:"name"`
	Usn      int         `json:"usn"`
	MaxTaken int         `json:"maxTaken"`
	Autoplay bool        `json:"autoplay"`
	Timer    int         `json:"timer"`
	Replayq  bool        `json:"replayq"`
	New      NewConfig   `json:"new"`
	Rev      RevConfig   `json:"rev"`
	Lapse    LapseConfig `json:"lapse"`
	Dyn      bool        `json:"dyn"`

	NewMix                  int       `json:"newMix"`
	NewPerDayMinimum        int       `json:"newPerDayMinimum"`
	InterdayLearningMix     int       `json:"interdayLearningMix"`
	ReviewOrder             int       `json:"reviewOrder"`
	NewSortOrder            int       `json:"newSortOrder"`
	NewGatherPriority       int       `json:"newGatherPriority"`
	BuryInterdayLearning    bool      `json:"buryInterdayLearning"`
	FSRSWeights             []float64 `json:"fsrsWeights"`
	FSRSParams5             []float64 `json:"fsrsParams5"`
	FSRSParams6             []float64 `json:"fsrsParams6"`
	DesiredRetention        float64   `json:"desiredRetention"`
	IgnoreRevlogsBeforeDate string    `json:"ignoreRevlogsBeforeDate"`
	EasyDaysPercentages     []float64 `json:"easyDaysPercentages"`
	StopTimerOnAnswer       bool      `json:"stopTimerOnAnswer"`
	SecondsToShowQuestion   float64   `json:"secondsToShowQuestion"`
	SecondsToShowAnswer     float64   `json:"secondsToShowAnswer"`
	QuestionAction          int       `json:"questionAction"`
	AnswerAction            int       `json:"answerAction"`
	WaitForAudio            bool      `json:"waitForAudio"`
	SM2Retention            float64   `json:"sm2Retention"`
	WeightSearch            string    `json:"weightSearch"`

	// Extra holds JSON keys this package does not model, kept on round trips.
	Extra map[string]json.RawMessage `json:"-"`
}

// NewConfig is the "new" section: learning steps in minutes, graduating and
// easy intervals in days (ints[2] is unused), starting ease in permille.
type NewConfig struct {
	Bury          bool      `json:"bury"`
	Delays        []float64 `json:"delays"`
	InitialFactor int       `json:"initialFactor"`
	Ints          []int     `json:"ints"`
	Order         int       `json:"order"`
	PerDay        int       `json:"perDay"`
	// Extra holds JSON keys this package does not model.
	Extra map[string]json.RawMessage `json:"-"`
}

// RevConfig is the "rev" section (reviews).
type RevConfig struct {
	Bury       bool    `json:"bury"`
	Ease4      float64 `json:"ease4"`
	IvlFct     float64 `json:"ivlFct"`
	MaxIvl     int     `json:"maxIvl"`
	PerDay     int     `json:"perDay"`
	HardFactor float64 `json:"hardFactor"`
	// Extra holds JSON keys this package does not model.
	Extra map[string]json.RawMessage `json:"-"`
}

// LapseConfig is the "lapse" section: relearning steps in minutes, leech
// threshold and action (0 suspend, 1 tag only), minimum interval and the
// new-interval multiplier.
type LapseConfig struct {
	Delays      []float64 `json:"delays"`
	LeechAction int       `json:"leechAction"`
	LeechFails  int       `json:"leechFails"`
	MinInt      int       `json:"minInt"`
	Mult        float64   `json:"mult"`
	// Extra holds JSON keys this package does not model.
	Extra map[string]json.RawMessage `json:"-"`
}

type (
	deckConfigJSON  DeckConfig
	newConfigJSON   NewConfig
	revConfigJSON   RevConfig
	lapseConfigJSON LapseConfig
)

// MarshalJSON writes the option group with its Extra keys.
func (d *DeckConfig) MarshalJSON() ([]byte, error) {
	return marshalWithExtra((*deckConfigJSON)(d), d.Extra)
}

// UnmarshalJSON reads an option group on top of d's current values (so
// absent keys keep them), keeping unknown keys in Extra.
func (d *DeckConfig) UnmarshalJSON(b []byte) (err error) {
	d.Extra, err = unmarshalWithExtra(b, (*deckConfigJSON)(d))
	return err
}

// MarshalJSON writes the section with its Extra keys.
func (n *NewConfig) MarshalJSON() ([]byte, error) {
	return marshalWithExtra((*newConfigJSON)(n), n.Extra)
}

// UnmarshalJSON reads the section, keeping unknown keys in Extra.
func (n *NewConfig) UnmarshalJSON(b []byte) (err error) {
	n.Extra, err = unmarshalWithExtra(b, (*newConfigJSON)(n))
	return err
}

// MarshalJSON writes the section with its Extra keys.
func (r *RevConfig) MarshalJSON() ([]byte, error) {
	return marshalWithExtra((*revConfigJSON)(r), r.Extra)
}

// UnmarshalJSON reads the section, keeping unknown keys in Extra.
func (r *RevConfig) UnmarshalJSON(b []byte) (err error) {
	r.Extra, err = unmarshalWithExtra(b, (*revConfigJSON)(r))
	return err
}

// MarshalJSON writes the section with its Extra keys.
func (l *LapseConfig) MarshalJSON() ([]byte, error) {
	return marshalWithExtra((*lapseConfigJSON)(l), l.Extra)
}

// UnmarshalJSON reads the section, keeping unknown keys in Extra.
func (l *LapseConfig) UnmarshalJSON(b []byte) (err error) {
	l.Extra, err = unmarshalWithExtra(b, (*lapseConfigJSON)(l))
	return err
}

// defaultDeckConfig returns Anki's default option group (current Anki's
// defaults in legacy form) with the given ID and name.
func defaultDeckConfig(id int64, name string, mod int64) *DeckConfig {
	return &DeckConfig{
		ID: id, Mod: mod, Name: name, Usn: -1,
		MaxTaken: 60, Autoplay: true, Timer: 0, Replayq: true,
		New: NewConfig{
			Bury: false, Delays: []float64{1, 10}, InitialFactor: 2500,
			Ints: []int{1, 4, 0}, Order: 1, PerDay: 20,
		},
		Rev: RevConfig{
			Bury: false, Ease4: 1.3, IvlFct: 1, MaxIvl: 36500, PerDay: 200, HardFactor: 1.2,
		},
		Lapse: LapseConfig{
			Delays: []float64{10}, LeechAction: 1, LeechFails: 8, MinInt: 1, Mult: 0,
		},
		FSRSWeights:         []float64{},
		FSRSParams5:         []float64{},
		FSRSParams6:         []float64{},
		DesiredRetention:    0.9,
		EasyDaysPercentages: []float64{1, 1, 1, 1, 1, 1, 1},
		WaitForAudio:        true,
		SM2Retention:        0.9,
	}
}

// clone returns a deep copy of d.
func (d *DeckConfig) clone() *DeckConfig {
	out := *d
	out.New.Delays = slices.Clone(d.New.Delays)
	out.New.Ints = slices.Clone(d.New.Ints)
	out.Lapse.Delays = slices.Clone(d.Lapse.Delays)
	out.FSRSWeights = slices.Clone(d.FSRSWeights)
	out.FSRSParams5 = slices.Clone(d.FSRSParams5)
	out.FSRSParams6 = slices.Clone(d.FSRSParams6)
	out.EasyDaysPercentages = slices.Clone(d.EasyDaysPercentages)
	out.Extra = maps.Clone(d.Extra)
	out.New.Extra = maps.Clone(d.New.Extra)
	out.Rev.Extra = maps.Clone(d.Rev.Extra)
	out.Lapse.Extra = maps.Clone(d.Lapse.Extra)
	return &out
}

func (c *Collection) putConfig(conf *DeckConfig) {
	c.configs[conf.ID] = conf
	c.seenID(conf.ID)
}

// DeckConfigByID returns the option group with the given ID, or nil.
func (c *Collection) DeckConfigByID(id int64) *DeckConfig { return c.configs[id] }

// AllDeckConfigs returns every option group, by ascending ID.
func (c *Collection) AllDeckConfigs() []*DeckConfig {
	out := make([]*DeckConfig, 0, len(c.configs))
	for _, id := range sortedKeys(c.configs) {
		out = append(out, c.configs[id])
	}
	return out
}

// ConfigForDeck returns the option group a deck uses: its own, or the
// Default group when the deck's group no longer exists. The result is the
// stored group; callers must not modify it.
func (c *Collection) ConfigForDeck(d *Deck) *DeckConfig {
	if conf := c.configs[d.ConfigID]; conf != nil {
		return conf
	}
	return c.configs[DefaultConfigID]
}

// SaveDeckConfig replaces the stored option group that has the same ID with
// the JSON object raw, read on top of Anki's defaults, and stamps its
// modification time. It reports false, changing nothing, when raw is not an
// object of the right shape or its "id" is not an existing group's ID (an ID
// given as a string does not match, as in Python).
func (c *Collection) SaveDeckConfig(raw json.RawMessage) bool {
	var head struct {
		ID json.RawMessage `json:"id"`
	}
	if json.Unmarshal(raw, &head) != nil {
		return false
	}
	var id int64
	if json.Unmarshal(head.ID, &id) != nil || c.configs[id] == nil {
		return false
	}
	conf := defaultDeckConfig(id, "", 0)
	if json.Unmarshal(raw, conf) != nil {
		return false
	}
	conf.ID, conf.Mod, conf.Usn = id, c.nowSecs(), -1
	c.configs[id] = conf
	return true
}

// CloneDeckConfig adds an option group named name with the settings of the
// group cloneFrom and returns it, or nil when cloneFrom does not exist.
func (c *Collection) CloneDeckConfig(name string, cloneFrom int64) *DeckConfig {
	src := c.configs[cloneFrom]
	if src == nil {
		return nil
	}
	conf := src.clone()
	conf.ID, conf.Name, conf.Mod, conf.Usn = c.NewID(), name, c.nowSecs(), -1
	c.putConfig(conf)
	return conf
}

// ErrDefaultConfig is RemoveDeckConfig's refusal to remove the Default
// option group (the wire layer words it as Anki's backend does).
var ErrDefaultConfig = errors.New("the Default deck option group cannot be removed")

// RemoveDeckConfig deletes an option group; decks that used it fall back to
// the Default group. It reports false for an unknown ID and returns
// ErrDefaultConfig for the Default group.
func (c *Collection) RemoveDeckConfig(id int64) (bool, error) {
	if c.configs[id] == nil {
		return false, nil
	}
	if id == DefaultConfigID {
		return false, ErrDefaultConfig
	}
	delete(c.configs, id)
	now := c.nowSecs()
	for _, d := range c.decks {
		if d.ConfigID == id {
			d.ConfigID, d.Mod, d.Usn = DefaultConfigID, now, -1
		}
	}
	return true, nil
}

// SetDeckConfig makes the given decks use option group confID (not checked
// against the existing groups, as in AnkiConnect).
func (c *Collection) SetDeckConfig(decks []*Deck, confID int64) {
	now := c.nowSecs()
	for _, d := range decks {
		d.ConfigID, d.Mod, d.Usn = confID, now, -1
	}
}
