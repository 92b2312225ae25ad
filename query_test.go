package ankiconnect_test

import (
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/ankiconnect-go/ankiconnect"
	"github.com/ankiconnect-go/ankiconnect/internal/search"
)

func TestQueryString(t *testing.T) {
	a := ankiconnect.InDeck("French")
	b := ankiconnect.HasTag("verb")
	tests := []struct {
		q    ankiconnect.Query
		want string
	}{
		{ankiconnect.Query{}, ""},
		{ankiconnect.InDeck("Japanese::Verbs"), "deck:Japanese::Verbs"},
		{ankiconnect.InDeck("My Deck"), `"deck:My Deck"`},
		{ankiconnect.InDeck("a_b*"), `deck:a\_b\*`},
		{ankiconnect.InDeck("current"), `"deck:current "`},
		{ankiconnect.InDeck(""), "-deck:*"},
		{ankiconnect.InDeckOnly("French"), `deck:French -deck:French::*`},
		{ankiconnect.HasTag("vocab::food"), "tag:vocab::food"},
		{ankiconnect.HasTag("none"), `"tag:re:^none(::|$)"`},
		{ankiconnect.HasTag("re:x"), `tag:re\:x`},
		{ankiconnect.HasTag("a b"), "-deck:*"},
		{ankiconnect.Untagged(), "tag:none"},
		{ankiconnect.OfNoteType("Basic (and reversed card)"), `"note:Basic (and reversed card)"`},
		{ankiconnect.FieldEquals("Front", `say "hi"`), `"Front:say \"hi\""`},
		{ankiconnect.FieldEquals("Front", ""), "Front:"},
		{ankiconnect.FieldEquals("a:b-c", "x"), `a\:b\-c:x`},
		{ankiconnect.FieldEquals("Deck", "x"), "Dec_:x"},
		{ankiconnect.FieldEquals("", "x"), "-deck:*"},
		{ankiconnect.FieldContains("Back", "50%_off"), `Back:*50%\_off*`},
		{ankiconnect.ContainsText("dog"), "dog"},
		{ankiconnect.ContainsText("-free"), `"-free"`},
		{ankiconnect.ContainsText("or"), `"or"`},
		{ankiconnect.ContainsText("3:30 (pm)"), `"3\:30 (pm)"`},
		{ankiconnect.ContainsText(`C:\dir`), `C\:\\dir`},
		{ankiconnect.ContainsText("tab\there"), "tab_here"},
		{ankiconnect.ContainsText(""), ""},
		{ankiconnect.InState(ankiconnect.StateDue), "is:due"},
		{ankiconnect.InState(ankiconnect.StateBuriedManually), "is:buried-manually"},
		{ankiconnect.HasFlag(ankiconnect.FlagRed), "flag:1"},
		{ankiconnect.AddedInLastDays(7), "added:7"},
		{ankiconnect.EditedInLastDays(1), "edited:1"},
		{ankiconnect.RatedInLastDays(7), "rated:7"},
		{ankiconnect.RatedInLastDays(30, ankiconnect.EaseEasy), "rated:30:4"},
		{ankiconnect.RatedInLastDays(2, ankiconnect.EaseAgain, ankiconnect.EaseHard), "rated:2:1 or rated:2:2"},
		{ankiconnect.ByNoteIDs(1, 2, 3), "nid:1,2,3"},
		{ankiconnect.ByCardIDs(), "-deck:*"},
		{ankiconnect.ByCardIDs(1700000000000), "cid:1700000000000"},
		{ankiconnect.RawQuery(" prop:ivl>=10 "), "prop:ivl>=10"},
		{ankiconnect.And(), ""},
		{ankiconnect.And(a), "deck:French"},
		{ankiconnect.And(a, ankiconnect.Query{}, b), "deck:French tag:verb"},
		{ankiconnect.And(a, ankiconnect.Or(b, ankiconnect.HasTag("noun"))), "deck:French (tag:verb or tag:noun)"},
		{ankiconnect.And(ankiconnect.RawQuery("a or b"), b), "(a or b) tag:verb"},
		{ankiconnect.Or(), "-deck:*"},
		{ankiconnect.Or(a, ankiconnect.Query{}), ""},
		{ankiconnect.Or(ankiconnect.And(a, b), ankiconnect.InState(ankiconnect.StateNew)), "deck:French tag:verb or is:new"},
		{ankiconnect.Not(a), "-deck:French"},
		{ankiconnect.Not(ankiconnect.And(a, b)), "-(deck:French tag:verb)"},
		{ankiconnect.Not(ankiconnect.Not(a)), "-(-deck:French)"},
		{ankiconnect.Not(ankiconnect.Query{}), "-deck:*"},
		{ankiconnect.Group(ankiconnect.And(a, b)), "(deck:French tag:verb)"},
		{ankiconnect.Group(ankiconnect.Query{}), ""},
	}
	for _, tc := range tests {
		if got := tc.q.String(); got != tc.want {
			t.Errorf("String() = %q, want %q", got, tc.want)
		}
		if _, err := search.Parse(tc.q.String()); err != nil {
			t.Errorf("%q does not parse: %v", tc.q.String(), err)
		}
	}
}

func TestQueryEnumStrings(t *testing.T) {
	got := []string{ankiconnect.StateNew.String(), ankiconnect.StateBuriedSibling.String(), ankiconnect.CardState(99).String(),
		ankiconnect.FlagNone.String(), ankiconnect.FlagPurple.String(), ankiconnect.Flag(8).String()}
	want := []string{"new", "buried-sibling", "CardState(99)", "none", "purple", "Flag(8)"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// adversarial is user text that would change a query if it were not
// escaped; decoys are what it would then match instead.
var (
	adversarial = []string{
		`"`, `*`, `_`, `:`, `(`, `)`, `-x`, `\`, `a b`, `or`, `AND`, `ünï`, `ÜNÏ`, `re:x`, `nc:y`, `x\*`, `""`,
		`)(`, `-`, `a:b`, `%`, `a\`, `\"`, `*_*`, `none`, `current`, `filtered`, `a::b`, `(text)`, `-free`,
		`3:30`, `d_g`, `d*g`, `back\slash`, `deck:x`, `tag:y`, `is:new`, `w:z`, "", "tab\there", `дом`, `ДОМ`,
	}
	decoys = []string{"x", "y", "dog", "dig", "dg", "abc", "axb", "a", "b", "text", "free", "guilt-free", "330", "3x30", "and", "xx", "x*", "a::c", "deckx"}
)

// qNote, qCard and qCollection implement internal/search's interfaces.
type qNote struct {
	id     int64
	mid    int64
	fields []string
	tags   []string
}

func (n *qNote) NoteID() int64        { return n.id }
func (n *qNote) NoteModelID() int64   { return n.mid }
func (n *qNote) NoteFields() []string { return n.fields }
func (n *qNote) NoteTags() []string   { return n.tags }
func (n *qNote) NoteMod() int64       { return 0 }

type qCard struct {
	note *qNote
	deck int64
}

func (c *qCard) CardID() int64                { return c.note.id }
func (c *qCard) CardNote() search.Note        { return c.note }
func (c *qCard) CardDeckID() int64            { return c.deck }
func (c *qCard) CardOriginalDeckID() int64    { return 0 }
func (c *qCard) CardOrd() int                 { return 0 }
func (c *qCard) CardType() int                { return 0 }
func (c *qCard) CardQueue() int               { return 0 }
func (c *qCard) CardDue() int64               { return c.note.id }
func (c *qCard) CardInterval() int            { return 0 }
func (c *qCard) CardFactor() int              { return 0 }
func (c *qCard) CardReps() int                { return 0 }
func (c *qCard) CardLapses() int              { return 0 }
func (c *qCard) CardFlags() int               { return 0 }
func (c *qCard) CardReviews() []search.Review { return nil }

type qCollection struct {
	decks  []search.Deck
	models []search.Model
	cards  []*qCard
}

func (c *qCollection) Now() time.Time                    { return time.Unix(1_700_000_000, 0) }
func (c *qCollection) Today() int                        { return 10 }
func (c *qCollection) DayCutoff() time.Time              { return time.Unix(1_700_050_000, 0) }
func (c *qCollection) CurrentDeckID() int64              { return 1 }
func (c *qCollection) Decks() []search.Deck              { return c.decks }
func (c *qCollection) Models() []search.Model            { return c.models }
func (c *qCollection) SavedSearch(string) (string, bool) { return "", false }

// newQueryCollection has one note per adversarial and decoy string s: of a
// note type named s (fields Front and Back), with Front s, tags s and
// s::kid, and its card in a deck named s, where each is a valid name.
func newQueryCollection() *qCollection {
	c := &qCollection{
		decks:  []search.Deck{{ID: 1, Name: "Default"}},
		models: []search.Model{{ID: 1, Name: "Basic", Fields: []string{"Front", "Back"}}},
	}
	for i, s := range slices.Concat(adversarial, decoys) {
		id := int64(100 + i)
		n := &qNote{id: id, mid: 1, fields: []string{s, "back"}}
		if s != "" {
			c.models = append(c.models, search.Model{ID: id, Name: s, Fields: []string{"Front", "Back"}})
			n.mid = id
		}
		if s != "" && !strings.ContainsFunc(s, unicode.IsSpace) {
			n.tags = []string{s, s + "::kid"}
		}
		card := &qCard{note: n, deck: 1}
		if validDeckName(s) {
			c.decks = append(c.decks, search.Deck{ID: id, Name: s})
			card.deck = id
		}
		c.cards = append(c.cards, card)
	}
	return c
}

// validDeckName reports whether Anki would keep s as a deck name: no empty
// level, none starting or ending with a blank or a colon, no control
// characters.
func validDeckName(s string) bool {
	if s == "" || strings.ContainsFunc(s, unicode.IsControl) {
		return false
	}
	for _, level := range strings.Split(s, "::") {
		if level == "" || strings.TrimFunc(level, func(r rune) bool { return r == ':' || unicode.IsSpace(r) }) != level {
			return false
		}
	}
	return true
}

// find runs q over the collection and returns the matching notes' IDs.
func (c *qCollection) find(t *testing.T, q ankiconnect.Query) []int64 {
	t.Helper()
	compiled, err := search.Compile(q.String(), c)
	if err != nil {
		t.Fatalf("Compile(%q): %v", q.String(), err)
	}
	var ids []int64
	for _, card := range c.cards {
		if compiled.MatchCard(card) {
			ids = append(ids, card.note.id)
		}
	}
	return ids
}

// where returns the IDs of the notes (with their card and note type) for
// which keep is true: the oracle.
func (c *qCollection) where(keep func(n *qNote, deck, model string) bool) []int64 {
	names := map[int64]string{}
	for _, d := range c.decks {
		names[d.ID] = d.Name
	}
	models := map[int64]string{}
	for _, m := range c.models {
		models[m.ID] = m.Name
	}
	var ids []int64
	for _, card := range c.cards {
		if keep(card.note, names[card.deck], models[card.note.mid]) {
			ids = append(ids, card.note.id)
		}
	}
	return ids
}

// asciiFold is the case folding of Anki's text and field searches (SQL
// LIKE): only a-z and A-Z.
func asciiFold(s string) string {
	return strings.Map(func(r rune) rune {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, s)
}

// nameOrChild reports whether name is parent or one of its children, with
// Unicode case folding as Anki compares deck names and tags. No name is
// empty, so nothing is the child of an empty one.
func nameOrChild(name, parent string) bool {
	if parent == "" {
		return false
	}
	if strings.EqualFold(name, parent) {
		return true
	}
	k := len(parent) + len("::")
	return len(name) > k && strings.EqualFold(name[:k], parent+"::")
}

// A built query, parsed and run by internal/search, selects exactly what
// its constructor says, whatever the user text.
func TestQueryRoundTrip(t *testing.T) {
	c := newQueryCollection()
	other := ankiconnect.HasTag("a")
	otherIDs := c.find(t, other)
	for _, s := range append(adversarial, decoys...) {
		// A blank in user text is matched by a one-character wildcard; no
		// decoy differs from these strings only there.
		text := strings.ReplaceAll(s, "\t", " ")
		cases := []struct {
			name string
			q    ankiconnect.Query
			want []int64
		}{
			{"ContainsText", ankiconnect.ContainsText(s), c.where(func(n *qNote, _, _ string) bool {
				return slices.ContainsFunc(n.fields, func(f string) bool {
					return strings.Contains(asciiFold(strings.ReplaceAll(f, "\t", " ")), asciiFold(text))
				})
			})},
			{"FieldEquals", ankiconnect.FieldEquals("front", s), c.where(func(n *qNote, _, _ string) bool {
				return asciiFold(n.fields[0]) == asciiFold(s)
			})},
			{"FieldContains", ankiconnect.FieldContains("FRONT", s), c.where(func(n *qNote, _, _ string) bool {
				return strings.Contains(asciiFold(n.fields[0]), asciiFold(s))
			})},
			{"HasTag", ankiconnect.HasTag(s), c.where(func(n *qNote, _, _ string) bool {
				return slices.ContainsFunc(n.tags, func(tag string) bool { return nameOrChild(tag, s) })
			})},
			{"InDeck", ankiconnect.InDeck(s), c.where(func(_ *qNote, deck, _ string) bool { return nameOrChild(deck, s) })},
			{"InDeckOnly", ankiconnect.InDeckOnly(s), c.where(func(_ *qNote, deck, _ string) bool { return s != "" && strings.EqualFold(deck, s) })},
			{"OfNoteType", ankiconnect.OfNoteType(s), c.where(func(_ *qNote, _, model string) bool { return s != "" && strings.EqualFold(model, s) })},
		}
		for _, tc := range cases {
			t.Run(tc.name+"/"+s, func(t *testing.T) {
				check := func(q ankiconnect.Query, want []int64) {
					t.Helper()
					if diff := cmp.Diff(want, c.find(t, q), cmpopts.EquateEmpty()); diff != "" {
						t.Errorf("%q selects (-want +got):\n%s", q.String(), diff)
					}
				}
				check(tc.q, tc.want)
				check(ankiconnect.Not(tc.q), without(c.where(func(*qNote, string, string) bool { return true }), tc.want))
				check(ankiconnect.And(tc.q, other), intersect(tc.want, otherIDs))
				check(ankiconnect.Or(tc.q, other), union(tc.want, otherIDs))
				check(ankiconnect.Group(tc.q), tc.want)
			})
		}
	}
}

// A field named like a search keyword is reached through a wildcard.
func TestQueryKeywordField(t *testing.T) {
	c := &qCollection{
		decks:  []search.Deck{{ID: 1, Name: "Default"}},
		models: []search.Model{{ID: 1, Name: "Odd", Fields: []string{"Deck", "Is", "has-cd"}}},
	}
	for i, f := range [][]string{{"x", "x", "x"}, {"y", "y", "y"}} {
		c.cards = append(c.cards, &qCard{note: &qNote{id: int64(i + 1), mid: 1, fields: f}, deck: 1})
	}
	for _, field := range []string{"Deck", "is", "has-cd"} {
		if diff := cmp.Diff([]int64{2}, c.find(t, ankiconnect.FieldEquals(field, "y"))); diff != "" {
			t.Errorf("FieldEquals(%q, y) selects (-want +got):\n%s", field, diff)
		}
	}
}

func without(all, drop []int64) []int64 {
	return slices.DeleteFunc(slices.Clone(all), func(id int64) bool { return slices.Contains(drop, id) })
}

func intersect(a, b []int64) []int64 {
	return slices.DeleteFunc(slices.Clone(a), func(id int64) bool { return !slices.Contains(b, id) })
}

func union(a, b []int64) []int64 {
	out := slices.Concat(a, b)
	slices.Sort(out)
	return slices.Compact(out)
}
