package search

import (
	"fmt"
	"testing"
)

const typicalQuery = `deck:"French::Words" tag:vocab -is:suspended (front:*dog* or "back:a cat") prop:ivl>=10 rated:7:1`

func BenchmarkParse(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(typicalQuery); err != nil {
			b.Fatal(err)
		}
	}
}

// bigCollection has n Basic notes with one card each, spread over 20 decks
// (each with a child deck) and 50 tags, two tags a note.
func bigCollection(n int) *tCol {
	c := &tCol{now: testNow, today: testToday, cutoff: testCutoff, current: 1}
	for d := range 20 {
		c.decks = append(c.decks,
			Deck{ID: int64(1000 + d), Name: fmt.Sprintf("Deck%02d", d), Preset: "Default"},
			Deck{ID: int64(2000 + d), Name: fmt.Sprintf("Deck%02d::Child", d), Preset: "Default"})
	}
	c.models = []Model{{ID: mBasic, Name: "Basic", Fields: []string{"Front", "Back"}, Templates: []string{"Card 1"}}}
	for i := range n {
		note := &tNote{
			id:     int64(i + 1),
			mid:    mBasic,
			fields: []string{fmt.Sprintf("word%d", i), fmt.Sprintf("the meaning of <b>word %d</b> &amp; more", i)},
			tags:   []string{fmt.Sprintf("tag%02d", i%50), fmt.Sprintf("topic::sub%02d", i%7)},
			mod:    testNow.Unix() - int64(i),
		}
		did := int64(1000 + i%20)
		if i%3 == 0 {
			did += 1000 // the child deck
		}
		c.cards = append(c.cards, &tCard{id: int64(1_600_000_000_000 + i), note: note, did: did, typ: 2, queue: 2, due: int64(90 + i%20), ivl: i % 40, factor: 2500})
	}
	return c
}

// benchmarkMatch runs query over every card of a 100,000-note collection;
// one op is one full pass.
func benchmarkMatch(b *testing.B, query string) {
	col := bigCollection(100_000)
	q, err := Compile(query, col)
	if err != nil {
		b.Fatal(err)
	}
	matched := 0
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		matched = 0
		for _, card := range col.cards {
			if q.MatchCard(card) {
				matched++
			}
		}
	}
	if matched == 0 {
		b.Fatalf("%q matched nothing", query)
	}
	b.ReportMetric(float64(matched), "matches")
}

func BenchmarkMatch100kDeckTagField(b *testing.B) {
	benchmarkMatch(b, "deck:Deck07 tag:tag07 front:word*7")
}

func BenchmarkMatch100kText(b *testing.B) {
	benchmarkMatch(b, `"word 4242"`)
}

func BenchmarkMatch100kNegatedTagProp(b *testing.B) {
	benchmarkMatch(b, "-tag:topic::sub03 prop:ivl>=10 is:due")
}
