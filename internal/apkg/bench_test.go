package apkg_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/ankiconnect-go/ankiconnect/internal/apkg"
	"github.com/ankiconnect-go/ankiconnect/internal/collection"
)

// benchNotes and benchMedia size the benchmark package: 10,000 notes, one
// in ten with a 4 KiB image of its own.
const (
	benchNotes = 10000
	benchMedia = 1000
)

// benchSource builds a collection with benchNotes notes in deck "Big" and
// benchMedia media files the notes use.
func benchSource(b *testing.B) *collection.Collection {
	b.Helper()
	c := newCollection()
	deck := c.CreateDeck("Big")
	basic := c.ModelByName("Basic")
	img := bytes.Repeat([]byte("x"), 4096)
	for i := range benchNotes {
		n := c.NewNote(basic)
		front := fmt.Sprintf("word %d", i)
		if i%(benchNotes/benchMedia) == 0 {
			name := fmt.Sprintf("img%d.png", i)
			if _, err := c.Media().Write(name, img); err != nil {
				b.Fatal(err)
			}
			front += fmt.Sprintf(` <img src="%s">`, name)
		}
		n.Fields = []string{front, fmt.Sprintf("meaning %d", i)}
		n.Tags = []string{"bench"}
		c.AddNote(n, deck)
	}
	return c
}

// BenchmarkExport: ExportPackage and Write of the 10,000-note deck.
func BenchmarkExport(b *testing.B) {
	c := benchSource(b)
	id := c.DeckByName("Big").ID
	b.ReportAllocs()
	var size int
	for b.Loop() {
		p, err := c.ExportPackage(id, true)
		if err != nil {
			b.Fatal(err)
		}
		var buf bytes.Buffer
		if err := apkg.Write(&buf, p, c.Now()); err != nil {
			b.Fatal(err)
		}
		size = buf.Len()
	}
	b.ReportMetric(float64(size), "package-bytes")
}

// BenchmarkImport: importPackage of that package (read the file, Read,
// ImportPackage) into a fresh collection.
func BenchmarkImport(b *testing.B) {
	c := benchSource(b)
	p, err := c.ExportPackage(c.DeckByName("Big").ID, true)
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	if err := apkg.Write(&buf, p, c.Now()); err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "big.apkg")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		dst := newCollection()
		stats, err := wireImport(dst, path)
		if err != nil {
			b.Fatal(err)
		}
		if stats.Notes != benchNotes || stats.Media != benchMedia {
			b.Fatalf("imported %+v", stats)
		}
	}
}

// BenchmarkBaselineJSON is the baseline for the two above: the same
// package encoded and decoded with encoding/json, as the fake's former
// package format did.
func BenchmarkBaselineJSON(b *testing.B) {
	c := benchSource(b)
	id := c.DeckByName("Big").ID
	b.ReportAllocs()
	for b.Loop() {
		p, err := c.ExportPackage(id, true)
		if err != nil {
			b.Fatal(err)
		}
		data, err := json.Marshal(p)
		if err != nil {
			b.Fatal(err)
		}
		var back collection.Package
		if err := json.Unmarshal(data, &back); err != nil {
			b.Fatal(err)
		}
	}
}
