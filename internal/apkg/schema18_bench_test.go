package apkg

import (
	"testing"

	"github.com/ankiconnect-go/ankiconnect/internal/collection"
)

// schemaWriters are the two collection writers, schema 11 the baseline.
var schemaWriters = []struct {
	name  string
	write func(*collection.Package) ([]byte, error)
}{{"schema=11", sqliteFile}, {"schema=18", sqliteFile18}}

// bigPackage is the export of bigCollection's 10,000-note deck.
func bigPackage(b *testing.B) *collection.Package {
	b.Helper()
	c := bigCollection(b, 10000)
	p, err := c.ExportPackage(c.DeckByName("Big").ID, true)
	if err != nil {
		b.Fatal(err)
	}
	return p
}

// BenchmarkSchema18Write writes the SQLite collection of a 10,000-note
// package as schema 18, and as schema 11 for a baseline.
func BenchmarkSchema18Write(b *testing.B) {
	p := bigPackage(b)
	for _, s := range schemaWriters {
		b.Run(s.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := s.write(p); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkSchema18Read reads that collection back from schema 18, and
// from schema 11 for a baseline.
func BenchmarkSchema18Read(b *testing.B) {
	p := bigPackage(b)
	for _, s := range schemaWriters {
		data, err := s.write(p)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(s.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				got, err := readCollection(data)
				if err != nil {
					b.Fatal(err)
				}
				if len(got.Notes) != 10000 || len(got.Cards) != 10000 {
					b.Fatalf("read %d notes and %d cards, want 10,000 of each", len(got.Notes), len(got.Cards))
				}
			}
		})
	}
}
