package apkg

import (
	"archive/zip"
	"bytes"
	"cmp"
	"database/sql"
	"encoding/json"
	"errors"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/ankiconnect-go/ankiconnect/internal/collection"
)

// Read parses the package file named file (the name is used in errors
// only) with contents data. Every error names the file and the cause: a
// file that is not a zip (or a truncated one) fails with
// collection.MsgNotAPackage, a zip without a collection, a collection
// SQLite cannot read, a collection of another schema, and a media map
// naming a member the zip lacks each with their own cause.
//
// The package holds the notes of the collection, the cards of those notes
// (a card in a filtered deck is returned to its home deck), the note types
// the notes use, the decks the cards use with their parents, the option
// groups those decks use, the review log of the cards and the media files.
func Read(file string, data []byte) (*collection.Package, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fileError(file, "%s", collection.MsgNotAPackage)
	}
	members := map[string]*zip.File{}
	for _, f := range zr.File {
		members[f.Name] = f
	}
	var colName string
	for _, name := range []string{memberAnki21, memberAnki2} {
		if members[name] != nil {
			colName = name
			break
		}
	}
	if colName == "" {
		return nil, fileError(file, "no collection in the package (neither %s nor %s)", memberAnki21, memberAnki2)
	}
	colData, err := readMember(members[colName])
	if err != nil {
		return nil, fileError(file, "%s: %v", colName, err)
	}
	p := &collection.Package{Media: map[string][]byte{}}
	if err := withDatabase(colData, func(db *sql.DB) error { return readCollection(db, p) }); err != nil {
		return nil, fileError(file, "%s: %v", colName, err)
	}
	if err := readMedia(members, p.Media); err != nil {
		return nil, fileError(file, "%v", err)
	}
	return p, nil
}

// readMember returns the bytes of one zip member.
func readMember(f *zip.File) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

// readMedia reads the media map and the files it names.
func readMedia(members map[string]*zip.File, out map[string][]byte) error {
	f := members[memberMedia]
	if f == nil {
		return nil // packages without media may leave the map out
	}
	raw, err := readMember(f)
	if err != nil {
		return errors.New("media map: " + err.Error())
	}
	var names map[string]string
	if err := json.Unmarshal(raw, &names); err != nil {
		return errors.New("media map: not a JSON object of names: " + err.Error())
	}
	for _, member := range slices.Sorted(maps.Keys(names)) {
		name := names[member]
		mf := members[member]
		if mf == nil {
			return errors.New("media map names member " + strconv.Quote(member) + " (" + name + "), which the package lacks")
		}
		data, err := readMember(mf)
		if err != nil {
			return errors.New("media file " + strconv.Quote(name) + ": " + err.Error())
		}
		out[name] = data
	}
	return nil
}

// readCollection fills p from a schema-11 collection.
func readCollection(db *sql.DB, p *collection.Package) error {
	var (
		ver                      int
		crt, mod                 int64
		models, decks, dconf, cf string
	)
	row := db.QueryRow("select ver, crt, mod, models, decks, dconf, conf from col")
	if err := row.Scan(&ver, &crt, &mod, &models, &decks, &dconf, &cf); err != nil {
		return err
	}
	if ver != schemaVersion {
		return errors.New("schema version " + strconv.Itoa(ver) + ", the fake reads only schema 11 (a legacy package)")
	}
	p.Today = int((mod/1000 - crt) / 86400)
	var modelMap map[string]*collection.Model
	if err := decodeObjects("col.models", models, &modelMap); err != nil {
		return err
	}
	var deckMap map[string]*collection.Deck
	if err := decodeObjects("col.decks", decks, &deckMap); err != nil {
		return err
	}
	var confMap map[string]*collection.DeckConfig
	if err := decodeObjects("col.dconf", dconf, &confMap); err != nil {
		return err
	}
	if err := readNotes(db, p); err != nil {
		return err
	}
	if err := readCards(db, p); err != nil {
		return err
	}
	if err := readRevlog(db, p); err != nil {
		return err
	}
	usedModels := map[int64]bool{}
	for _, n := range p.Notes {
		usedModels[n.ModelID] = true
	}
	for _, m := range modelMap {
		if usedModels[m.ID] {
			p.Models = append(p.Models, m)
		}
	}
	slices.SortFunc(p.Models, func(a, b *collection.Model) int { return cmp.Compare(a.ID, b.ID) })
	p.Decks = usedDecks(deckMap, p.Cards)
	usedConfs := map[int64]bool{collection.DefaultConfigID: true}
	for _, d := range p.Decks {
		usedConfs[d.ConfigID] = true
	}
	for _, conf := range confMap {
		if usedConfs[conf.ID] {
			p.DeckConfigs = append(p.DeckConfigs, conf)
		}
	}
	slices.SortFunc(p.DeckConfigs, func(a, b *collection.DeckConfig) int { return cmp.Compare(a.ID, b.ID) })
	p.Scheduling = len(p.Revlog) > 0 || slices.ContainsFunc(p.Cards, func(c *collection.Card) bool { return c.Type != collection.CardTypeNew })
	return nil
}

// usedDecks returns the decks cards are in and their parents, by name;
// filtered decks are left out (readCards returned their cards home).
func usedDecks(all map[string]*collection.Deck, cards []*collection.Card) []*collection.Deck {
	byName := map[string]*collection.Deck{}
	byID := map[int64]*collection.Deck{}
	for _, d := range all {
		byName[strings.ToLower(d.Name)] = d
		byID[d.ID] = d
	}
	keep := map[int64]*collection.Deck{}
	for _, c := range cards {
		d := byID[c.DeckID]
		if d == nil || d.Filtered {
			continue
		}
		keep[d.ID] = d
		parts := strings.Split(d.Name, "::")
		for i := 1; i < len(parts); i++ {
			if parent := byName[strings.ToLower(strings.Join(parts[:i], "::"))]; parent != nil && !parent.Filtered {
				keep[parent.ID] = parent
			}
		}
	}
	out := make([]*collection.Deck, 0, len(keep))
	for _, d := range keep {
		out = append(out, d)
	}
	slices.SortFunc(out, func(a, b *collection.Deck) int { return strings.Compare(a.Name, b.Name) })
	return out
}

func readNotes(db *sql.DB, p *collection.Package) error {
	rows, err := db.Query("select id, guid, mid, mod, usn, tags, flds from notes order by id")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		n := &collection.Note{}
		var tags, flds string
		if err := rows.Scan(&n.ID, &n.GUID, &n.ModelID, &n.Mod, &n.Usn, &tags, &flds); err != nil {
			return errors.New("notes: " + err.Error())
		}
		n.Fields = strings.Split(flds, "\x1f")
		n.Tags = strings.Fields(tags)
		p.Notes = append(p.Notes, n)
	}
	return rows.Err()
}

func readCards(db *sql.DB, p *collection.Package) error {
	rows, err := db.Query("select id, nid, did, ord, mod, usn, type, queue, due, ivl, factor, reps, lapses, left, odue, odid, flags, data from cards order by id")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		c := &collection.Card{}
		if err := rows.Scan(&c.ID, &c.NoteID, &c.DeckID, &c.Ord, &c.Mod, &c.Usn, &c.Type, &c.Queue, &c.Due, &c.Ivl,
			&c.Factor, &c.Reps, &c.Lapses, &c.Left, &c.ODue, &c.OriginalDeckID, &c.Flags, &c.Data); err != nil {
			return errors.New("cards: " + err.Error())
		}
		if c.OriginalDeckID != 0 { // back home from a filtered deck
			c.DeckID, c.OriginalDeckID = c.OriginalDeckID, 0
			if c.ODue != 0 {
				c.Due, c.ODue = c.ODue, 0
			}
		}
		p.Cards = append(p.Cards, c)
	}
	return rows.Err()
}

func readRevlog(db *sql.DB, p *collection.Package) error {
	rows, err := db.Query("select id, cid, usn, ease, ivl, lastIvl, factor, time, type from revlog order by id")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		r := &collection.ReviewLog{}
		if err := rows.Scan(&r.ID, &r.CardID, &r.Usn, &r.Ease, &r.Ivl, &r.LastIvl, &r.Factor, &r.Time, &r.Type); err != nil {
			return errors.New("revlog: " + err.Error())
		}
		p.Revlog = append(p.Revlog, r)
	}
	return rows.Err()
}

// decodeObjects decodes one of col's JSON columns, a map from ID to object,
// into out. Old collections write some numbers as strings (a note type's
// "id") and some flags as 0 or 1 (a deck's "dyn"); those are turned into
// the types the collection reads first.
func decodeObjects(column, text string, out any) error {
	var raw map[string]any
	if err := json.Unmarshal([]byte(text), &raw); err != nil {
		return errors.New(column + ": " + err.Error())
	}
	fixed, err := json.Marshal(normalizeJSON(raw))
	if err != nil {
		return errors.New(column + ": " + err.Error())
	}
	if err := json.Unmarshal(fixed, out); err != nil {
		return errors.New(column + ": " + err.Error())
	}
	return nil
}

// numericKeys are keys whose string values old collections mean as numbers.
var numericKeys = map[string]bool{"id": true, "did": true, "conf": true, "mod": true, "usn": true, "sortf": true, "type": true}

// boolKeys are keys whose 0 or 1 old collections mean as false or true.
var boolKeys = map[string]bool{
	"dyn": true, "sticky": true, "rtl": true, "latexsvg": true, "autoplay": true, "replayq": true, "bury": true,
	"collapsed": true, "browserCollapsed": true, "plainText": true, "separate": true, "resched": true,
}

// normalizeJSON applies numericKeys and boolKeys to a decoded JSON value.
func normalizeJSON(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			switch x := x.(type) {
			case string:
				if numericKeys[k] {
					if _, err := strconv.ParseInt(x, 10, 64); err == nil {
						v[k] = json.Number(x)
					}
				}
			case float64:
				if boolKeys[k] && (x == 0 || x == 1) {
					v[k] = x == 1
				}
			default:
				v[k] = normalizeJSON(x)
			}
		}
	case []any:
		for i, x := range v {
			v[i] = normalizeJSON(x)
		}
	}
	return v
}
