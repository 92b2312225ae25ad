package search

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// A small fixed collection implementing the interfaces, for the tests.

type tNote struct {
	id, mid int64
	fields  []string
	tags    []string
	mod     int64
}

func (n *tNote) NoteID() int64        { return n.id }
func (n *tNote) NoteModelID() int64   { return n.mid }
func (n *tNote) NoteFields() []string { return n.fields }
func (n *tNote) NoteTags() []string   { return n.tags }
func (n *tNote) NoteMod() int64       { return n.mod }

type tCard struct {
	label                     string // note number and template letter: "11b"
	id                        int64
	note                      *tNote
	did, odid                 int64
	ord, typ, queue           int
	due                       int64
	ivl, factor, reps, lapses int
	flags                     int
	reviews                   []Review
}

func (c *tCard) CardID() int64             { return c.id }
func (c *tCard) CardNote() Note            { return c.note }
func (c *tCard) CardDeckID() int64         { return c.did }
func (c *tCard) CardOriginalDeckID() int64 { return c.odid }
func (c *tCard) CardOrd() int              { return c.ord }
func (c *tCard) CardType() int             { return c.typ }
func (c *tCard) CardQueue() int            { return c.queue }
func (c *tCard) CardDue() int64            { return c.due }
func (c *tCard) CardInterval() int         { return c.ivl }
func (c *tCard) CardFactor() int           { return c.factor }
func (c *tCard) CardReps() int             { return c.reps }
func (c *tCard) CardLapses() int           { return c.lapses }
func (c *tCard) CardFlags() int            { return c.flags }
func (c *tCard) CardReviews() []Review     { return c.reviews }

type tCol struct {
	now     time.Time
	today   int
	cutoff  time.Time
	current int64
	decks   []Deck
	models  []Model
	notes   []*tNote
	cards   []*tCard
}

func (c *tCol) Now() time.Time                    { return c.now }
func (c *tCol) Today() int                        { return c.today }
func (c *tCol) DayCutoff() time.Time              { return c.cutoff }
func (c *tCol) CurrentDeckID() int64              { return c.current }
func (c *tCol) Decks() []Deck                     { return c.decks }
func (c *tCol) Models() []Model                   { return c.models }
func (c *tCol) SavedSearch(string) (string, bool) { return "", false }

// The test clock: 15:00 UTC on day 100 of the collection, whose days end at
// 04:00 UTC.
var (
	testNow    = time.Date(2024, 3, 10, 15, 0, 0, 0, time.UTC)
	testCutoff = time.Date(2024, 3, 11, 4, 0, 0, 0, time.UTC)
)

const testToday = 100

// Note type IDs.
const (
	mBasic    = 100
	mReversed = 101
	mCloze    = 102
	mVocab    = 103
)

// ago is an epoch time d before testNow, in ms for review and card IDs.
func agoMS(d time.Duration) int64 { return testNow.Add(-d).UnixMilli() }

const day = 24 * time.Hour

// newTestCollection builds the collection the case table runs over. Notes
// are numbered 1 to 20; cards are labelled by note number and template letter
// (a for ord 0, b for ord 1), and their IDs are creation times in ms.
func newTestCollection() *tCol {
	c := &tCol{now: testNow, today: testToday, cutoff: testCutoff, current: 14}
	c.decks = []Deck{
		{ID: 1, Name: "Default", Preset: "Default"},
		{ID: 10, Name: "French", Preset: "Default"},
		{ID: 11, Name: "French::Words", Preset: "Default"},
		{ID: 12, Name: "French::Grammar", Preset: "Languages"},
		{ID: 13, Name: "Languages::French", Preset: "Languages"},
		{ID: 14, Name: "Japanese Vocab", Preset: "Default"},
		{ID: 15, Name: "Filtered Deck 1", Filtered: true},
		{ID: 16, Name: "a_b", Preset: "Default"},
		{ID: 17, Name: "axb", Preset: "Default"},
		{ID: 18, Name: "Ünïcode", Preset: "Default"},
	}
	c.models = []Model{
		{ID: mBasic, Name: "Basic", Fields: []string{"Front", "Back"}, Templates: []string{"Card 1"}},
		{ID: mReversed, Name: "Basic (and reversed card)", Fields: []string{"Front", "Back"}, Templates: []string{"Card 1", "Card 2"}},
		{ID: mCloze, Name: "Cloze", Fields: []string{"Text", "Back Extra"}, Templates: []string{"Cloze"}, Cloze: true},
		{ID: mVocab, Name: "Vocab", Fields: []string{"French", "English", "Animal Front"}, Templates: []string{"Forward", "Reverse"}, SortField: 1},
	}
	notes := []struct {
		mid    int64
		fields []string
		tags   string
		mod    time.Duration // before testNow
	}{
		1:  {mBasic, []string{"dog", "a domestic animal"}, "animal animal::mammal", time.Hour},
		2:  {mBasic, []string{"cat", "raining cats and dogs"}, "animal::mammal", 2 * day},
		3:  {mBasic, []string{"mouse", "small rodent"}, "animal", 300 * day},
		4:  {mBasic, []string{"<b>exam</b>ple", "underdog"}, "", 300 * day},
		5:  {mBasic, []string{"dug", "dig"}, "lesson-17", 300 * day},
		6:  {mBasic, []string{"dg", "dung"}, "lesson-26", 300 * day},
		7:  {mBasic, []string{"a dog", "atta dog"}, "Lesson-20", 300 * day},
		8:  {mBasic, []string{"&amp;text", "x &lt; y"}, "ampersand", 300 * day},
		9:  {mBasic, []string{"(text)", "guilt-free"}, "marked", 300 * day},
		10: {mBasic, []string{"3:30", `he said "hello"`}, "", 300 * day},
		11: {mReversed, []string{"über", "Über alles"}, "german", 300 * day},
		12: {mReversed, []string{"naïve", "Привет мир"}, "cyrillic", 300 * day},
		13: {mCloze, []string{"{{c1::Paris}} is the capital of {{c2::France}}", ""}, "geo", 300 * day},
		14: {mCloze, []string{"{{c1::Berlin::city}}", "germany"}, "geo::europe", 300 * day},
		15: {mVocab, []string{"chien", "dog", "a dog"}, "vocab", 300 * day},
		16: {mVocab, []string{"chat", "<i>c</i>at", "<b>ki</b>tten"}, "vocab french::animal", 300 * day},
		17: {mBasic, []string{`back\slash`, "star*"}, "special", 300 * day},
		18: {mBasic, []string{"under_score", "100%"}, "special", 300 * day},
		19: {mBasic, []string{"は", "ば ぱ"}, "", 300 * day},
		20: {mBasic, []string{"or", "and"}, "Special::Sub", 300 * day},
	}
	byID := map[int64]*tNote{}
	for id, n := range notes {
		if id == 0 {
			continue
		}
		note := &tNote{id: int64(id), mid: n.mid, fields: n.fields, tags: strings.Fields(n.tags), mod: testNow.Add(-n.mod).Unix()}
		c.notes = append(c.notes, note)
		byID[note.id] = note
	}
	// Learning cards are due in epoch seconds.
	now := testNow.Unix()
	rev := func(ago time.Duration, ease int) Review { return Review{ID: agoMS(ago), Ease: ease, Type: 1} }
	cards := []tCard{
		{label: "1a", did: 10, typ: 2, queue: 2, due: 100, ivl: 10, factor: 2500, reps: 5, flags: 1, reviews: []Review{rev(time.Hour, 3)}},
		{label: "2a", did: 11, typ: 2, queue: 2, due: 95, ivl: 30, factor: 2300, reps: 10, lapses: 2, flags: 2, reviews: []Review{rev(2*day, 1), rev(2*day-10*time.Minute, 3)}},
		{label: "3a", did: 12, due: 3},
		{label: "4a", did: 13, typ: 1, queue: 1, due: now + 600, factor: 2500, reps: 1, reviews: []Review{rev(5*time.Minute, 1)}},
		{label: "5a", did: 1, typ: 1, queue: 1, due: now + 7200, factor: 2500, reps: 1, reviews: []Review{rev(10*day, 3)}},
		{label: "6a", did: 1, typ: 3, queue: 1, due: now - 60, ivl: 5, factor: 1300, reps: 12, lapses: 4, reviews: []Review{rev(20*day, 3), rev(day, 1)}},
		{label: "7a", did: 14, typ: 2, queue: 2, due: 105, ivl: 40, factor: 2650, reps: 7, flags: 3},
		{label: "8a", did: 14, typ: 2, queue: 2, due: 101, ivl: 3, factor: 2500, reps: 3, flags: 4},
		{label: "9a", did: 1, typ: 2, queue: -1, due: 99, ivl: 12, factor: 2500, reps: 4, lapses: 1, flags: 5},
		{label: "10a", did: 1, queue: -2, due: 7, flags: 6},
		{label: "11a", did: 10, typ: 2, queue: -3, due: 99, ivl: 8, factor: 2500, reps: 3, flags: 7},
		{label: "11b", did: 15, odid: 11, typ: 2, queue: 2, due: 99, ivl: 2, factor: 2500, reps: 2},
		{label: "12a", did: 16, due: 1},
		{label: "12b", did: 17, due: 2},
		{label: "13a", did: 1, typ: 1, queue: 3, due: 100, factor: 2500, reps: 1},
		{label: "13b", did: 1, due: 4},
		{label: "14a", did: 18, due: 5},
		{label: "15a", did: 11, typ: 2, queue: 2, due: 110, ivl: 60, factor: 2500, reps: 8, reviews: []Review{rev(40*day, 4), rev(20*day, 4), {ID: agoMS(3 * time.Hour), Ease: 0, Type: 4}}},
		{label: "15b", did: 11, due: 6},
		{label: "16a", did: 10, typ: 2, queue: 2, due: 102, ivl: 20, factor: 2100, reps: 6},
		{label: "17a", did: 1, due: 8},
		{label: "18a", did: 1, due: 9},
		{label: "19a", did: 1, due: 10},
		{label: "20a", did: 1, due: 11},
	}
	old := time.Date(2023, 6, 1, 0, 0, 0, 0, time.UTC).UnixMilli()
	created := map[string]int64{"1a": agoMS(2 * time.Hour), "2a": agoMS(3 * day)}
	for i := range cards {
		card := cards[i]
		var nid int
		var letter byte
		fmt.Sscanf(card.label, "%d%c", &nid, &letter)
		card.note = byID[int64(nid)]
		card.ord = int(letter - 'a')
		card.id = old + int64(i)*1000
		if t, ok := created[card.label]; ok {
			card.id = t
		}
		c.cards = append(c.cards, &card)
	}
	return c
}

// run returns the labels of the matching cards and the IDs of the matching
// notes (those with a matching card, as the fake's findNotes collects them),
// sorted.
func (c *tCol) run(q *Query) (cards []string, notes []int64) {
	seen := map[int64]bool{}
	for _, card := range c.cards {
		if q.MatchCard(card) {
			cards = append(cards, card.label)
			if id := card.note.id; !seen[id] {
				seen[id] = true
				notes = append(notes, id)
			}
		}
	}
	sort.Strings(cards)
	sort.Slice(notes, func(i, j int) bool { return notes[i] < notes[j] })
	if q.NoteLevel() {
		// MatchNote must give each note the answer of its cards.
		for _, card := range c.cards {
			if q.MatchNote(card.note) != q.MatchCard(card) {
				panic(fmt.Sprintf("card %s: MatchNote and MatchCard differ", card.label))
			}
		}
	}
	return cards, notes
}

// labels splits and sorts an expected list of card labels.
func labels(s string) []string {
	out := strings.Fields(s)
	sort.Strings(out)
	return out
}

// cardID returns the ID of the card with label l.
func (c *tCol) cardID(l string) int64 {
	for _, card := range c.cards {
		if card.label == l {
			return card.id
		}
	}
	panic("no card " + l)
}
