package apkg

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/ankiconnect-go/ankiconnect/internal/collection"
)

// bigCollection holds n Basic notes in one deck, each with its own small
// media file.
func bigCollection(b *testing.B, n int) *collection.Collection {
	b.Helper()
	c := newCol()
	deck := c.CreateDeck("Big")
	m := c.ModelByName("Basic")
	for i := range n {
		note := c.NewNote(m)
		name := fmt.Sprintf("m%05d.png", i)
		note.Fields[0], note.Fields[1] = fmt.Sprintf("front %d <img src=\"%s\">", i, name), fmt.Sprintf("back %d", i)
		c.AddNote(note, deck)
		if _, err := c.Media().Write(name, []byte(name+" bytes")); err != nil {
			b.Fatal(err)
		}
	}
	return c
}

// BenchmarkExport10k exports a 10,000-note deck with 10,000 media files,
// in each format.
func BenchmarkExport10k(b *testing.B) {
	c := bigCollection(b, 10000)
	deck := c.DeckByName("Big").ID
	for _, f := range []Format{FormatLegacy, FormatLatest} {
		b.Run(f.String(), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				p, err := c.ExportPackage(deck, true)
				if err != nil {
					b.Fatal(err)
				}
				if err := Write(&bytes.Buffer{}, p, f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkImport10k reads and imports that package, in each format, into
// an empty collection.
func BenchmarkImport10k(b *testing.B) {
	c := bigCollection(b, 10000)
	p, err := c.ExportPackage(c.DeckByName("Big").ID, true)
	if err != nil {
		b.Fatal(err)
	}
	for _, f := range []Format{FormatLegacy, FormatLatest} {
		var buf bytes.Buffer
		if err := Write(&buf, p, f); err != nil {
			b.Fatal(err)
		}
		b.Run(f.String(), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				p, err := Read("big.apkg", buf.Bytes())
				if err != nil {
					b.Fatal(err)
				}
				dst := newCol()
				stats, err := dst.ImportPackage(p)
				if err != nil || stats.Notes != 10000 || stats.Media != 10000 {
					b.Fatalf("import: %+v, %v", stats, err)
				}
			}
			b.ReportMetric(float64(buf.Len()), "package-bytes")
		})
	}
}
