package apkg_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/ankiconnect-go/ankiconnect/internal/apkg"
	"github.com/ankiconnect-go/ankiconnect/internal/collection"
	"github.com/google/go-cmp/cmp"
)

// exportSource is a collection with a deck tree, a reviewed card, tags and
// media, and a note elsewhere that must stay out of the export.
func exportSource(t *testing.T) *collection.Collection {
	t.Helper()
	c := newCollection()
	add := func(deck, front, back string, tags ...string) *collection.Note {
		n := c.NewNote(c.ModelByName("Basic"))
		n.Fields = []string{front, back}
		n.Tags = tags
		c.AddNote(n, c.CreateDeck(deck))
		return n
	}
	add("Trip::Words", `gato <img src="cat.png">`, "cat", "animal", "marked")
	n := add("Trip", "perro", "dog [sound:woof.mp3]", "animal")
	add("Other", "not exported", "x")
	for name, data := range map[string]string{"cat.png": "meow", "woof.mp3": "woof", "unused.txt": "x"} {
		if _, err := c.Media().Write(name, []byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	card := n.Cards()[0]
	card.Type, card.Queue, card.Due, card.Ivl, card.Factor, card.Reps = collection.CardTypeReview, collection.QueueReview, int64(c.Today()+3), 10, 2500, 3
	c.AddReview(collection.ReviewLog{ID: c.NewID(), CardID: card.ID, Ease: 3, Ivl: 10, LastIvl: 4, Factor: 2500, Time: 4000, Type: 1})
	return c
}

func exportFile(t *testing.T, c *collection.Collection, deck string, withSched bool) []byte {
	t.Helper()
	p, err := c.ExportPackage(c.DeckByName(deck).ID, withSched)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := apkg.Write(&buf, p, c.Now()); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// cardsOf lists the cards as "front: type queue due-from-today ivl".
func cardsOf(c *collection.Collection) []string {
	var out []string
	for _, card := range c.AllCards() {
		due := card.Due
		if card.Type == collection.CardTypeReview {
			due -= int64(c.Today())
		}
		out = append(out, strings.Join([]string{card.Note().Fields[0], c.DeckByID(card.DeckID).Name,
			itoa(card.Type), itoa(card.Queue), itoa(int(due)), itoa(card.Ivl)}, " "))
	}
	return out
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestWriteReadBack: an exported package read back and imported into a
// fresh collection holds the deck tree, notes, tags, media and, with
// includeSched, the scheduling and review log; without, new cards only.
func TestWriteReadBack(t *testing.T) {
	src := exportSource(t)
	for _, withSched := range []bool{true, false} {
		data := exportFile(t, src, "Trip", withSched)
		dst := newCollection()
		path := filepath.Join(t.TempDir(), "trip.apkg")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		stats, err := importFile(t, dst, path)
		if err != nil {
			t.Fatal(err)
		}
		reviews := 0
		if withSched {
			reviews = 1
		}
		if diff := cmp.Diff(collection.ImportStats{Decks: 2, Notes: 2, Cards: 2, Reviews: reviews, Media: 2}, stats); diff != "" {
			t.Errorf("sched %v: stats (-want +got):\n%s", withSched, diff)
		}
		if diff := cmp.Diff([]string{"Default", "Trip", "Trip::Words"}, dst.DeckNames()); diff != "" {
			t.Errorf("decks (-want +got):\n%s", diff)
		}
		wantCards := []string{`gato <img src="cat.png"> Trip::Words 0 0 1 0`, "perro Trip 2 2 3 10"}
		wantTags := "animal marked"
		if !withSched {
			wantCards[1] = "perro Trip 0 0 2 0"
			wantTags = "animal"
		}
		if diff := cmp.Diff(wantCards, cardsOf(dst)); diff != "" {
			t.Errorf("sched %v: cards (-want +got):\n%s", withSched, diff)
		}
		if got := strings.Join(dst.AllNotes()[0].Tags, " "); got != wantTags {
			t.Errorf("sched %v: tags %q, want %q", withSched, got, wantTags)
		}
		if data, _ := dst.Media().File("woof.mp3"); string(data) != "woof" {
			t.Errorf("woof.mp3 = %q", data)
		}
		if _, ok := dst.Media().File("unused.txt"); ok {
			t.Error("an unused media file was exported")
		}
	}
}

// TestWritePython opens an exported package with Python's zipfile and
// sqlite3, independently of this package's reader.
func TestWritePython(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not on PATH, so the package is not checked independently:", err)
	}
	path := filepath.Join(t.TempDir(), "trip.apkg")
	if err := os.WriteFile(path, exportFile(t, exportSource(t), "Trip", true), 0o644); err != nil {
		t.Fatal(err)
	}
	const script = `
import json, sqlite3, sys, tempfile, zipfile, os
z = zipfile.ZipFile(sys.argv[1])
print(sorted(z.namelist()))
media = json.loads(z.read("media"))
print(sorted((v, z.read(k).decode()) for k, v in media.items()))
tmp = tempfile.mkdtemp()
db = sqlite3.connect(z.extract("collection.anki2", tmp))
ver, models, decks, dconf = db.execute("select ver, models, decks, dconf from col").fetchone()
print(ver, sorted(d["name"] for d in json.loads(decks).values()), sorted(m["name"] for m in json.loads(models).values()), sorted(c["name"] for c in json.loads(dconf).values()))
for row in db.execute("select flds, tags from notes order by id"): print(row)
for row in db.execute("select c.type, c.queue, c.ivl, c.factor, c.reps from cards c order by c.id"): print(row)
print(db.execute("select count(*), sum(ease) from revlog").fetchone())
print(db.execute("pragma integrity_check").fetchone()[0])
`
	out, err := exec.Command(python, "-c", script, path).CombinedOutput()
	if err != nil {
		t.Fatalf("python3: %v\n%s", err, out)
	}
	want := `['0', '1', 'collection.anki2', 'media']
[('cat.png', 'meow'), ('woof.mp3', 'woof')]
11 ['Default', 'Trip', 'Trip::Words'] ['Basic'] ['Default']
('gato <img src="cat.png">\x1fcat', ' animal marked ')
('perro\x1fdog [sound:woof.mp3]', ' animal ')
(0, 0, 0, 0, 0)
(2, 2, 10, 2500, 3)
(1, 3)
ok
`
	if diff := cmp.Diff(want, string(out)); diff != "" {
		t.Errorf("what Python reads (-want +got):\n%s", diff)
	}
}
