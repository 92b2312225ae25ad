package apkg

import (
	"archive/zip"
	"database/sql"
	"encoding/json"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ankiconnect-go/ankiconnect/internal/collection"
	"github.com/ankiconnect-go/ankiconnect/internal/render"
)

// schema11 is the legacy collection's tables, as Anki creates them.
const schema11 = `
create table col (id integer primary key, crt integer not null, mod integer not null, scm integer not null,
  ver integer not null, dty integer not null, usn integer not null, ls integer not null, conf text not null,
  models text not null, decks text not null, dconf text not null, tags text not null);
create table notes (id integer primary key, guid text not null, mid integer not null, mod integer not null,
  usn integer not null, tags text not null, flds text not null, sfld integer not null, csum integer not null,
  flags integer not null, data text not null);
create table cards (id integer primary key, nid integer not null, did integer not null, ord integer not null,
  mod integer not null, usn integer not null, type integer not null, queue integer not null, due integer not null,
  ivl integer not null, factor integer not null, reps integer not null, lapses integer not null,
  left integer not null, odue integer not null, odid integer not null, flags integer not null, data text not null);
create table revlog (id integer primary key, cid integer not null, usn integer not null, ease integer not null,
  ivl integer not null, lastIvl integer not null, factor integer not null, time integer not null,
  type integer not null);
create table graves (usn integer not null, oid integer not null, type integer not null);
create index ix_notes_usn on notes (usn);
create index ix_cards_usn on cards (usn);
create index ix_revlog_usn on revlog (usn);
create index ix_cards_nid on cards (nid);
create index ix_cards_sched on cards (did, queue, due);
create index ix_revlog_cid on revlog (cid);
create index ix_notes_csum on notes (csum);
`

// Write writes p to w as a legacy .apkg: collection.anki2 (schema 11), the
// "media" map and the media files as members "0", "1"... in name order.
// now stamps the collection's modification time; the creation day is set
// so that the package's day number (p.Today) reads back unchanged.
func Write(w io.Writer, p *collection.Package, now time.Time) error {
	f, err := os.CreateTemp("", "fakeanki-*.anki2")
	if err != nil {
		return err
	}
	name := f.Name()
	f.Close()
	defer os.Remove(name)
	db, err := sql.Open("sqlite", "file:"+name+"?_pragma=journal_mode(OFF)&_pragma=synchronous(OFF)")
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if err := writeCollection(db, p, now); err != nil {
		return err
	}
	if err := db.Close(); err != nil {
		return err
	}
	colData, err := os.ReadFile(name)
	if err != nil {
		return err
	}
	zw := zip.NewWriter(w)
	if err := addMember(zw, memberAnki2, colData); err != nil {
		return err
	}
	names := slices.Sorted(func(yield func(string) bool) {
		for n := range p.Media {
			if !yield(n) {
				return
			}
		}
	})
	mediaMap := make(map[string]string, len(names))
	for i, n := range names {
		member := strconv.Itoa(i)
		mediaMap[member] = n
		if err := addMember(zw, member, p.Media[n]); err != nil {
			return err
		}
	}
	mapJSON, err := json.Marshal(mediaMap)
	if err != nil {
		return err
	}
	if err := addMember(zw, memberMedia, mapJSON); err != nil {
		return err
	}
	return zw.Close()
}

func addMember(zw *zip.Writer, name string, data []byte) error {
	mw, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate})
	if err != nil {
		return err
	}
	_, err = mw.Write(data)
	return err
}

// byID returns objects as a JSON object keyed by their decimal IDs.
func byID[T any](objs []T, id func(T) int64) (string, error) {
	m := make(map[string]T, len(objs))
	for _, o := range objs {
		m[strconv.FormatInt(id(o), 10)] = o
	}
	b, err := json.Marshal(m)
	return string(b), err
}

func writeCollection(db *sql.DB, p *collection.Package, now time.Time) error {
	if _, err := db.Exec(schema11); err != nil {
		return err
	}
	models, err := byID(p.Models, func(m *collection.Model) int64 { return m.ID })
	if err != nil {
		return err
	}
	decks := p.Decks
	if !slices.ContainsFunc(decks, func(d *collection.Deck) bool { return d.ID == collection.DefaultDeckID }) {
		// Anki expects the Default deck in every collection.
		decks = append(slices.Clone(decks), &collection.Deck{ID: collection.DefaultDeckID, Name: "Default", ConfigID: collection.DefaultConfigID})
	}
	deckJSON, err := byID(decks, func(d *collection.Deck) int64 { return d.ID })
	if err != nil {
		return err
	}
	dconf, err := byID(p.DeckConfigs, func(d *collection.DeckConfig) int64 { return d.ID })
	if err != nil {
		return err
	}
	mod := now.UnixMilli()
	crt := now.Unix() - int64(p.Today)*86400
	conf := `{"nextPos": 1, "estTimes": true, "activeDecks": [1], "sortType": "noteFld", "timeLim": 0, "sortBackwards": false, "addToCur": true, "curDeck": 1, "newSpread": 0, "dueCounts": true, "collapseTime": 1200}`
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec("insert into col values (1, ?, ?, ?, 11, 0, 0, 0, ?, ?, ?, ?, '{}')", crt, mod, mod, conf, models, deckJSON, dconf); err != nil {
		return err
	}
	sortField := map[int64]int{}
	for _, m := range p.Models {
		sortField[m.ID] = m.SortField
	}
	ins, err := tx.Prepare("insert into notes values (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, '')")
	if err != nil {
		return err
	}
	for _, n := range p.Notes {
		tags := ""
		if len(n.Tags) > 0 {
			tags = " " + strings.Join(n.Tags, " ") + " "
		}
		sfld, first := "", ""
		if i := sortField[n.ModelID]; i < len(n.Fields) {
			sfld = render.StripHTMLKeepMedia(n.Fields[i])
		}
		if len(n.Fields) > 0 {
			first = n.Fields[0]
		}
		if _, err := ins.Exec(n.ID, n.GUID, n.ModelID, n.Mod, n.Usn, tags, strings.Join(n.Fields, "\x1f"), sfld, collection.FieldChecksum(first)); err != nil {
			return err
		}
	}
	ins, err = tx.Prepare("insert into cards values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
	if err != nil {
		return err
	}
	for _, c := range p.Cards {
		if _, err := ins.Exec(c.ID, c.NoteID, c.DeckID, c.Ord, c.Mod, c.Usn, c.Type, c.Queue, c.Due, c.Ivl, c.Factor,
			c.Reps, c.Lapses, c.Left, c.ODue, c.OriginalDeckID, c.Flags, c.Data); err != nil {
			return err
		}
	}
	ins, err = tx.Prepare("insert into revlog values (?, ?, ?, ?, ?, ?, ?, ?, ?)")
	if err != nil {
		return err
	}
	for _, r := range p.Revlog {
		if _, err := ins.Exec(r.ID, r.CardID, r.Usn, r.Ease, r.Ivl, r.LastIvl, r.Factor, r.Time, r.Type); err != nil {
			return err
		}
	}
	return tx.Commit()
}
