package apkg

import (
	"archive/zip"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/ankiconnect-go/ankiconnect/internal/collection"
)

// DummyNote is the text of the one note in the "collection.anki2" member
// of a written package, for Anki versions too old to read
// "collection.anki21" (as Anki's exporter writes it).
const DummyNote = "This file requires a newer version of Anki."

// schema11 is Anki's legacy collection schema (rslib/src/storage/schema11.sql).
const schema11 = `
create table col (id integer primary key, crt integer not null, mod integer not null, scm integer not null,
  ver integer not null, dty integer not null, usn integer not null, ls integer not null, conf text not null,
  models text not null, decks text not null, dconf text not null, tags text not null);
create table notes (id integer primary key, guid text not null, mid integer not null, mod integer not null,
  usn integer not null, tags text not null, flds text not null, sfld integer not null, csum integer not null,
  flags integer not null, data text not null);
create table cards (id integer primary key, nid integer not null, did integer not null, ord integer not null,
  mod integer not null, usn integer not null, type integer not null, queue integer not null, due integer not null,
  ivl integer not null, factor integer not null, reps integer not null, lapses integer not null, left integer not null,
  odue integer not null, odid integer not null, flags integer not null, data text not null);
create table revlog (id integer primary key, cid integer not null, usn integer not null, ease integer not null,
  ivl integer not null, lastIvl integer not null, factor integer not null, time integer not null, type integer not null);
create table graves (usn integer not null, oid integer not null, type integer not null);
create index ix_notes_usn on notes (usn);
create index ix_cards_usn on cards (usn);
create index ix_revlog_usn on revlog (usn);
create index ix_cards_nid on cards (nid);
create index ix_cards_sched on cards (did, queue, due);
create index ix_revlog_cid on revlog (cid);
create index ix_notes_csum on notes (csum);
`

// WriteFile writes p as a package at path, whole or not at all: it writes
// a temporary file next to path and renames it.
func WriteFile(path string, p *collection.Package, f Format) error {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return &os.PathError{Op: "open", Path: path, Err: syscall.EISDIR}
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".fakeanki-export-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := Write(tmp, p, f); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// Write writes p as a package in format f: FormatLegacy the way Anki's
// AnkiPackageExporter does (see the package comment), FormatLatest as
// Anki's own exporter does (latest.go).
func Write(w io.Writer, p *collection.Package, f Format) error {
	if f == FormatLatest {
		return writeLatest(w, p)
	}
	dummy, err := sqliteFile(dummyPackage(p))
	if err != nil {
		return err
	}
	col, err := sqliteFile(p)
	if err != nil {
		return err
	}
	zw := zip.NewWriter(w)
	for _, m := range []struct {
		name string
		data []byte
	}{{memberLegacy1, dummy}, {memberLegacy2, col}} {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: m.name, Method: zip.Deflate, Modified: time.Unix(p.Created, 0)})
		if err != nil {
			return err
		}
		if _, err := f.Write(m.data); err != nil {
			return err
		}
	}
	mediaMap := map[string]string{}
	for i, name := range slices.Sorted(maps.Keys(p.Media)) {
		num := strconv.Itoa(i)
		method := zip.Store
		if strings.HasSuffix(strings.ToLower(name), ".svg") {
			method = zip.Deflate
		}
		f, err := zw.CreateHeader(&zip.FileHeader{Name: num, Method: method})
		if err != nil {
			return err
		}
		if _, err := f.Write(p.Media[name]); err != nil {
			return err
		}
		mediaMap[num] = name
	}
	mf, err := zw.Create(memberMedia)
	if err != nil {
		return err
	}
	if err := json.NewEncoder(mf).Encode(mediaMap); err != nil {
		return err
	}
	return zw.Close()
}

// dummyPackage is the collection older Anki versions see: p's first note
// type and Default deck holding one note that says to update.
func dummyPackage(p *collection.Package) *collection.Package {
	d := &collection.Package{Created: p.Created, DeckConfigs: p.DeckConfigs, Decks: []*collection.Deck{defaultDeck(p)}}
	if len(p.Models) == 0 {
		return d
	}
	m := p.Models[0]
	fields := make([]string, len(m.Fields))
	fields[0] = DummyNote
	n := &collection.Note{ID: 1, GUID: "dummy", ModelID: m.ID, Mod: p.Created, Fields: fields, Tags: []string{}}
	d.Models = []*collection.Model{m}
	d.Notes = []*collection.Note{n}
	d.Cards = []*collection.Card{{ID: 1, NoteID: 1, DeckID: collection.DefaultDeckID, Due: 1, Mod: p.Created}}
	return d
}

// sqliteFile returns p as the bytes of a schema 11 SQLite collection.
func sqliteFile(p *collection.Package) ([]byte, error) { return sqliteBytes(p, writeCollection) }

// sqliteBytes returns the bytes of a new SQLite file that write fills with p.
func sqliteBytes(p *collection.Package, write func(*sql.DB, *collection.Package) error) ([]byte, error) {
	dir, err := os.MkdirTemp("", "fakeanki-apkg-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "collection.anki21")
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(off)&_pragma=synchronous(off)")
	if err != nil {
		return nil, err
	}
	if err := write(db, p); err != nil {
		db.Close()
		return nil, fmt.Errorf("writing the package collection: %v", err)
	}
	if err := db.Close(); err != nil {
		return nil, err
	}
	return os.ReadFile(path)
}

func writeCollection(db *sql.DB, p *collection.Package) error {
	if _, err := db.Exec(schema11); err != nil {
		return err
	}
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	models := map[string]*collection.Model{}
	for _, m := range p.Models {
		models[strconv.FormatInt(m.ID, 10)] = m
	}
	// Like every Anki collection, the package's has a Default deck.
	decks := map[string]any{}
	for _, d := range append([]*collection.Deck{defaultDeck(p)}, p.Decks...) {
		js, err := deckSchema11(d)
		if err != nil {
			return err
		}
		decks[strconv.FormatInt(d.ID, 10)] = js
	}
	confs := map[string]*collection.DeckConfig{}
	for _, c := range p.DeckConfigs {
		confs[strconv.FormatInt(c.ID, 10)] = c
	}
	conf := colConfig(p)
	var texts [4]string
	for i, v := range []any{conf, models, decks, confs} {
		b, err := json.Marshal(v)
		if err != nil {
			return err
		}
		texts[i] = string(b)
	}
	mod := p.Created * 1000
	if _, err := tx.Exec("insert into col values (1, ?, ?, ?, 11, 0, 0, 0, ?, ?, ?, ?, '{}')",
		p.Created, mod, mod, texts[0], texts[1], texts[2], texts[3]); err != nil {
		return err
	}
	if err := insertRows(tx, p); err != nil {
		return err
	}
	return tx.Commit()
}

// colConfig is the collection configuration a package holds: the next
// new-card position and the scheduler version.
func colConfig(p *collection.Package) map[string]any {
	var nextPos int64
	for _, c := range p.Cards {
		if c.Type == collection.CardTypeNew {
			nextPos = max(nextPos, c.Due+1)
		}
	}
	return map[string]any{"nextPos": max(nextPos, 1), "schedVer": 2}
}

// insertRows writes p's notes, cards and review log, whose tables schema
// 11 and schema 18 share.
func insertRows(tx *sql.Tx, p *collection.Package) error {
	byID := map[int64]*collection.Model{}
	for _, m := range p.Models {
		byID[m.ID] = m
	}
	st, err := tx.Prepare("insert into notes values (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, '')")
	if err != nil {
		return err
	}
	for _, n := range p.Notes {
		tags := ""
		if len(n.Tags) > 0 {
			tags = " " + strings.Join(n.Tags, " ") + " "
		}
		if _, err := st.Exec(n.ID, n.GUID, n.ModelID, n.Mod, n.Usn, tags, strings.Join(n.Fields, "\x1f"),
			n.SortFieldText(byID[n.ModelID]), int64(n.Checksum())); err != nil {
			return err
		}
	}
	if st, err = tx.Prepare("insert into cards values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"); err != nil {
		return err
	}
	for _, c := range p.Cards {
		if _, err := st.Exec(c.ID, c.NoteID, c.DeckID, c.Ord, c.Mod, c.Usn, c.Type, c.Queue, c.Due, c.Ivl, c.Factor,
			c.Reps, c.Lapses, c.Left, c.ODue, c.OriginalDeckID, c.Flags, c.Data); err != nil {
			return err
		}
	}
	if st, err = tx.Prepare("insert into revlog values (?, ?, ?, ?, ?, ?, ?, ?, ?)"); err != nil {
		return err
	}
	for _, r := range p.Revlog {
		if _, err := st.Exec(r.ID, r.CardID, r.Usn, r.Ease, r.Ivl, r.LastIvl, r.Factor, r.Time, r.Type); err != nil {
			return err
		}
	}
	return nil
}

// defaultDeck returns p's Default deck, or a new one.
func defaultDeck(p *collection.Package) *collection.Deck {
	for _, d := range p.Decks {
		if d.ID == collection.DefaultDeckID {
			return d
		}
	}
	return &collection.Deck{ID: collection.DefaultDeckID, Name: "Default", ConfigID: collection.DefaultConfigID, Mod: p.Created}
}

// deckSchema11 is d's JSON with the members Anki's schema 11 deck reader
// requires (rslib/src/decks/schema11.rs) where the fake has none: the
// "today" counters, "collapsed", and "dyn" as a number.
func deckSchema11(d *collection.Deck) (map[string]any, error) {
	b, err := json.Marshal(d)
	if err != nil {
		return nil, err
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	for _, k := range []string{"lrnToday", "revToday", "newToday", "timeToday"} {
		if _, ok := m[k]; !ok {
			m[k] = [2]int{0, 0}
		}
	}
	for _, k := range []string{"collapsed", "browserCollapsed"} {
		if _, ok := m[k]; !ok {
			m[k] = false
		}
	}
	m["dyn"] = 0
	if d.Filtered {
		m["dyn"] = 1
	}
	if !d.Filtered {
		for _, k := range []string{"extendNew", "extendRev"} {
			if _, ok := m[k]; !ok {
				m[k] = 0
			}
		}
	}
	return m, nil
}
