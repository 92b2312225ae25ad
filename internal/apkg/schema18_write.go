package apkg

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/ankiconnect-go/ankiconnect/internal/apkg/ankipb"
	"github.com/ankiconnect-go/ankiconnect/internal/collection"
)

// schema18Upgrade turns the tables of schema11 into Anki's schema 18, as
// Anki's storage does when it creates a collection
// (rslib/src/storage/upgrades: schema 14, 15, 17 and 18 in turn).
const schema18Upgrade = `
create table deck_config (id integer primary key not null, name text not null collate unicase,
  mtime_secs integer not null, usn integer not null, config blob not null);
create table config (key text not null primary key, usn integer not null, mtime_secs integer not null,
  val blob not null) without rowid;
create table tags (tag text not null primary key collate unicase, usn integer not null, collapsed boolean not null,
  config blob null) without rowid;
create table fields (ntid integer not null, ord integer not null, name text not null collate unicase,
  config blob not null, primary key (ntid, ord)) without rowid;
create unique index idx_fields_name_ntid on fields (name, ntid);
create table templates (ntid integer not null, ord integer not null, name text not null collate unicase,
  mtime_secs integer not null, usn integer not null, config blob not null, primary key (ntid, ord)) without rowid;
create unique index idx_templates_name_ntid on templates (name, ntid);
create index idx_templates_usn on templates (usn);
create table notetypes (id integer not null primary key, name text not null collate unicase,
  mtime_secs integer not null, usn integer not null, config blob not null);
create unique index idx_notetypes_name on notetypes (name);
create index idx_notetypes_usn on notetypes (usn);
create table decks (id integer primary key not null, name text not null collate unicase,
  mtime_secs integer not null, usn integer not null, common blob not null, kind blob not null);
create unique index idx_decks_name on decks (name);
create index idx_notes_mid on notes (mid);
create index idx_cards_odid on cards (odid) where odid != 0;
drop table graves;
create table graves (oid integer not null, type integer not null, usn integer not null,
  primary key (oid, type)) without rowid;
create index idx_graves_pending on graves (usn);
`

// deckNameSep separates the levels of a deck name in schema 18, where
// schema 11 and the fake have "::".
const deckNameSep = "\x1f"

// sqliteFile18 returns p as the bytes of a schema 18 SQLite collection,
// the collection of Anki's current package format (collection.anki21b,
// before compression) and of any collection Anki 2.1.50 or later opened.
func sqliteFile18(p *collection.Package) ([]byte, error) { return sqliteBytes(p, writeCollection18) }

func writeCollection18(db *sql.DB, p *collection.Package) error {
	if _, err := db.Exec(schema11 + schema18Upgrade); err != nil {
		return err
	}
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	// As after Anki's upgrade: the col row's JSON columns are empty.
	mod := p.Created * 1000
	if _, err := tx.Exec("insert into col values (1, ?, ?, ?, 18, 0, 0, 0, '', '', '', '', '')", p.Created, mod, mod); err != nil {
		return err
	}
	for _, w := range []func(*sql.Tx, *collection.Package) error{writeConfig18, writeNotetypes18, writeDecks18, writeDeckConfigs18, writeTags18, insertRows} {
		if err := w(tx, p); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// newCollectionConfig is the configuration Anki gives a new collection
// (rslib/src/config/schema11.rs), which its exporter starts from.
func newCollectionConfig() map[string]any {
	return map[string]any{
		"activeDecks": []int{1}, "curDeck": 1, "newSpread": 0, "collapseTime": 1200, "timeLim": 0, "estTimes": true,
		"dueCounts": true, "curModel": nil, "nextPos": 1, "sortType": "noteFld", "sortBackwards": false, "addToCur": true,
		"dayLearnFirst": false, "schedVer": 2, "sched2021": true,
	}
}

func writeConfig18(tx *sql.Tx, p *collection.Package) error {
	conf := newCollectionConfig()
	maps.Copy(conf, colConfig(p))
	for _, k := range slices.Sorted(maps.Keys(conf)) {
		val, err := json.Marshal(conf[k])
		if err != nil {
			return err
		}
		if _, err := tx.Exec("insert into config values (?, 0, ?, ?)", k, p.Created, val); err != nil {
			return err
		}
	}
	return nil
}

func writeNotetypes18(tx *sql.Tx, p *collection.Package) error {
	names := map[string]bool{}
	for _, m := range p.Models {
		if err := writeNotetype18(tx, m, ankipb.UniqueName(names, m.Name, "_")); err != nil {
			return fmt.Errorf("note type %q: %v", m.Name, err)
		}
	}
	return nil
}

// writeNotetype18 writes m, named name, and its fields and templates.
func writeNotetype18(tx *sql.Tx, m *collection.Model, name string) error {
	js, err := json.Marshal(m)
	if err != nil {
		return err
	}
	config, fields, templates, err := ankipb.NotetypeFromJSON(js)
	if err != nil {
		return err
	}
	if _, err := tx.Exec("insert into notetypes values (?, ?, ?, ?, ?)", m.ID, name, m.Mod, m.Usn, config); err != nil {
		return err
	}
	for _, f := range fields {
		if _, err := tx.Exec("insert into fields values (?, ?, ?, ?)", m.ID, f.Ord, f.Name, f.Config); err != nil {
			return fmt.Errorf("field %q: %v", f.Name, err)
		}
	}
	for _, t := range templates {
		if _, err := tx.Exec("insert into templates values (?, ?, ?, ?, ?, ?)", m.ID, t.Ord, t.Name, m.Mod, m.Usn, t.Config); err != nil {
			return fmt.Errorf("template %q: %v", t.Name, err)
		}
	}
	return nil
}

// packageDecks returns p's decks with its Default deck first, once.
func packageDecks(p *collection.Package) []*collection.Deck {
	out := []*collection.Deck{defaultDeck(p)}
	for _, d := range p.Decks {
		if d.ID != collection.DefaultDeckID {
			out = append(out, d)
		}
	}
	return out
}

func writeDecks18(tx *sql.Tx, p *collection.Package) error {
	names := map[string]bool{}
	for _, d := range packageDecks(p) {
		js, err := json.Marshal(d)
		if err != nil {
			return fmt.Errorf("deck %q: %v", d.Name, err)
		}
		common, kind, err := ankipb.DeckFromJSON(js)
		if err != nil {
			return fmt.Errorf("deck %q: %v", d.Name, err)
		}
		name := ankipb.UniqueName(names, strings.ReplaceAll(d.Name, "::", deckNameSep), "_")
		if _, err := tx.Exec("insert into decks values (?, ?, ?, ?, ?, ?)", d.ID, name, d.Mod, d.Usn, common, kind); err != nil {
			return fmt.Errorf("deck %q: %v", d.Name, err)
		}
	}
	return nil
}

func writeDeckConfigs18(tx *sql.Tx, p *collection.Package) error {
	for _, c := range p.DeckConfigs {
		js, err := json.Marshal(c)
		if err != nil {
			return fmt.Errorf("option group %q: %v", c.Name, err)
		}
		config, err := ankipb.DeckConfigFromJSON(js)
		if err != nil {
			return fmt.Errorf("option group %q: %v", c.Name, err)
		}
		if _, err := tx.Exec("insert into deck_config values (?, ?, ?, ?, ?)", c.ID, c.Name, c.Mod, c.Usn, config); err != nil {
			return fmt.Errorf("option group %q: %v", c.Name, err)
		}
	}
	return nil
}

func writeTags18(tx *sql.Tx, p *collection.Package) error {
	seen := map[string]bool{}
	var tags []string
	for _, n := range p.Notes {
		for _, t := range n.Tags {
			if k := ankipb.Fold(t); !seen[k] {
				seen[k] = true
				tags = append(tags, t)
			}
		}
	}
	slices.SortFunc(tags, unicaseCompare)
	for _, t := range tags {
		if _, err := tx.Exec("insert into tags values (?, 0, false, null)", t); err != nil {
			return fmt.Errorf("tag %q: %v", t, err)
		}
	}
	return nil
}
