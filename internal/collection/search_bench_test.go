package collection

import (
	"fmt"
	"testing"
	"time"
)

// benchCollection is the collection of internal/wire's findNotes
// benchmarks: n Basic notes spread over 10 decks, with 100 tags.
func benchCollection(n int) *Collection {
	c := New(func() time.Time { return time.Unix(1_700_000_000, 0) }, time.Time{})
	m := c.ModelByName("Basic")
	decks := make([]*Deck, 10)
	for i := range decks {
		decks[i] = c.CreateDeck(fmt.Sprint("Deck ", i))
	}
	for i := range n {
		note := c.NewNote(m)
		note.Fields = []string{fmt.Sprint("front ", i), fmt.Sprint("back <b>", i, "</b>")}
		note.Tags = []string{fmt.Sprint("tag", i%100)}
		c.AddNote(note, decks[i%10])
	}
	return c
}

// benchQueries are internal/wire's findNotes queries and a few more
// shapes: a card term with a note term, a card-only term, a child tag.
var benchQueries = []string{`deck:"Deck 3"`, `tag:tag42`, `"Front:front 4*"`, `deck:"Deck 3" tag:tag42`, `is:new -flag:1`, `tag:tag4*`}

// BenchmarkFindNotes runs FindNotes over 100,000 notes, without the wire
// server around it.
func BenchmarkFindNotes(b *testing.B) {
	c := benchCollection(100_000)
	for _, q := range benchQueries {
		b.Run(q, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := c.FindNotes(q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkFindNotesMixed runs a workload of finds with a change between
// every k of them (k = 1, 2, 5, 20; 0 for none), with the columns and
// without (scan), side by side. A change retags one note; the finds cycle
// through internal/wire's three queries. One op is one find (and its share
// of the changes).
func BenchmarkFindNotesMixed(b *testing.B) {
	c := benchCollection(100_000)
	n := c.AllNotes()[500]
	queries := benchQueries[:3]
	for _, every := range []int{1, 2, 5, 20, 0} {
		for _, mode := range []string{"scan", "columns"} {
			b.Run(fmt.Sprintf("write-every-%d/%s", every, mode), func(b *testing.B) {
				c.search.scanOnly = mode == "scan"
				defer func() { c.search.scanOnly = false }()
				b.ReportAllocs()
				i := 0
				for b.Loop() {
					if every > 0 && i%every == 0 {
						c.SetNoteTags(n, []string{fmt.Sprint("tag", i%100)})
					}
					if _, err := c.FindNotes(queries[(i/max(every, 1))%len(queries)]); err != nil {
						b.Fatal(err)
					}
					i++
				}
			})
		}
	}
}

// BenchmarkSearchColumns compares, for the deck, tag and field columns, building
// one with a find that scans and a find that reads the column: the
// figures behind deckBuildCost, tagBuildCost and fieldBuildCost.
func BenchmarkSearchColumns(b *testing.B) {
	c := benchCollection(100_000)
	for _, kind := range []struct{ name, query string }{{"deck", `deck:"Deck 3"`}, {"tag", `tag:tag42`}, {"field", `"Front:front 4*"`}} {
		b.Run(kind.name+"/build", func(b *testing.B) {
			for b.Loop() {
				switch kind.name {
				case "deck":
					c.search.deck.build(c.liveCards())
				case "tag":
					c.search.tag.build(c.liveNotes())
				default:
					c.search.fieldColumn(0).build(c.liveNotes(), 0)
				}
			}
		})
		b.Run(kind.name+"/scan", func(b *testing.B) {
			c.search.scanOnly = true
			defer func() { c.search.scanOnly = false }()
			for b.Loop() {
				c.FindNotes(kind.query)
			}
		})
		b.Run(kind.name+"/read", func(b *testing.B) {
			c.FindNotes(kind.query)
			c.FindNotes(kind.query)
			reads := c.search.reads
			for b.Loop() {
				c.FindNotes(kind.query)
			}
			if c.search.reads == reads {
				b.Fatal("the column was not read")
			}
		})
	}
}
