package wire

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/ankiconnect-go/ankiconnect/internal/collection"
)

// TestCardsInfoRendersLikeAnki adds notes of every stock type through
// addNote and checks the cards cardsInfo reports and their question and
// answer HTML, as Anki's card.question() and card.answer() give them.
func TestCardsInfoRendersLikeAnki(t *testing.T) {
	const hr = "\n\n<hr id=answer>\n\n"
	style := "<style>" + collection.DefaultCSS + "</style>"
	clozeStyle := "<style>" + collection.DefaultCSS + collection.ClozeCSS + "</style>"
	active := func(ord, text, shown string) string {
		return `<span class="cloze" data-cloze="` + text + `" data-ordinal="` + ord + `">[` + shown + `]</span>`
	}
	shown := func(ord, text string) string {
		return `<span class="cloze" data-ordinal="` + ord + `">` + text + `</span>`
	}
	inactive := func(ord, text string) string {
		return `<span class="cloze-inactive" data-ordinal="` + ord + `">` + text + `</span>`
	}
	type side struct{ q, a string }
	cases := []struct {
		name   string
		model  string
		fields map[string]string
		want   []side // one per card, by ord; each without its <style> prefix
	}{
		{"Basic", "Basic", map[string]string{"Front": "What is <b>2+2</b>?", "Back": "4"},
			[]side{{"What is <b>2+2</b>?", "What is <b>2+2</b>?" + hr + "4"}}},
		{"Basic with sound", "Basic", map[string]string{"Front": "cat[sound:cat.mp3]", "Back": "Katze[sound:katze.mp3]"},
			[]side{{"cat[anki:play:q:0]", "cat[anki:play:q:0]" + hr + "Katze[anki:play:a:0]"}}},
		{"Basic (and reversed card)", "Basic (and reversed card)", map[string]string{"Front": "dog", "Back": "Hund"},
			[]side{{"dog", "dog" + hr + "Hund"}, {"Hund", "Hund" + hr + "dog"}}},
		{"Basic (optional reversed card) without reverse", "Basic (optional reversed card)",
			map[string]string{"Front": "sun", "Back": "Sonne"},
			[]side{{"sun", "sun" + hr + "Sonne"}}},
		{"Basic (optional reversed card) with reverse", "Basic (optional reversed card)",
			map[string]string{"Front": "moon", "Back": "Mond", "Add Reverse": "y"},
			[]side{{"moon", "moon" + hr + "Mond"}, {"Mond", "Mond" + hr + "moon"}}},
		{"Basic (type in the answer)", "Basic (type in the answer)", map[string]string{"Front": "Capital of France?", "Back": "Paris"},
			[]side{{"Capital of France?\n\n[[type:Back]]", "Capital of France?" + hr + "[[type:Back]]"}}},
		{"Cloze with several clozes and hints", "Cloze",
			map[string]string{"Text": "{{c1::Paris}} is in {{c2::France::country}}; {{c1::Berlin::city}} too", "Back Extra": "Europe"},
			[]side{
				{active("1", "Paris", "...") + " is in " + inactive("2", "France") + "; " + active("1", "Berlin", "city") + " too",
					shown("1", "Paris") + " is in " + inactive("2", "France") + "; " + shown("1", "Berlin") + " too<br>\nEurope"},
				{inactive("1", "Paris") + " is in " + active("2", "France", "country") + "; " + inactive("1", "Berlin") + " too",
					inactive("1", "Paris") + " is in " + shown("2", "France") + "; " + inactive("1", "Berlin") + " too<br>\nEurope"},
			}},
		{"Cloze with a gap in the numbers and no extra", "Cloze", map[string]string{"Text": "{{c3::a}} b"},
			[]side{{active("3", "a", "...") + " b", shown("3", "a") + " b<br>\n"}}},
	}
	var steps []step
	for i, tc := range cases {
		note, _ := json.Marshal(map[string]any{"deckName": "Default", "modelName": tc.model, "fields": tc.fields})
		n, cs := fmt.Sprint("n", i), fmt.Sprint("cs", i)
		css := style
		if tc.model == "Cloze" {
			css = clozeStyle
		}
		want := map[string]any{}
		for j, s := range tc.want {
			want[fmt.Sprint(j, ".question")] = css + s.q
			want[fmt.Sprint(j, ".answer")] = css + s.a
			want[fmt.Sprint(j, ".modelName")] = tc.model
		}
		steps = append(steps,
			step{action: "addNote", params: `{"note": ` + string(note) + `}`, save: n},
			step{action: "findCards", params: `{"query": "nid:${` + n + `}"}`, save: cs,
				check: func(t *testing.T, raw json.RawMessage) {
					var ids []int64
					if err := json.Unmarshal(raw, &ids); err != nil || len(ids) != len(tc.want) {
						t.Errorf("%s: cards %s, want %d (%v)", tc.name, raw, len(tc.want), err)
					}
				}},
			step{action: "cardsInfo", params: `{"cards": ${` + cs + `}}`, check: wantPaths(want)},
		)
	}
	runScript(t, Config{}, nil, steps)
}
