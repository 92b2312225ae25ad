package apkg

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"

	"google.golang.org/protobuf/encoding/protowire"

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

// uniqueName returns name, or name with suffix added until its
// case-folded form is not in seen, and adds it to seen: schema 18 keeps
// names unique where schema 11 did not, and Anki's upgrade renames so.
func uniqueName(seen map[string]bool, name, suffix string) string {
	for seen[unicaseKey(name)] {
		name += suffix
	}
	seen[unicaseKey(name)] = true
	return name
}

func writeNotetypes18(tx *sql.Tx, p *collection.Package) error {
	names := map[string]bool{}
	for _, m := range p.Models {
		nt, err := encodeNotetype(m)
		if err != nil {
			return fmt.Errorf("note type %q: %v", m.Name, err)
		}
		name := uniqueName(names, m.Name, "_")
		if _, err := tx.Exec("insert into notetypes values (?, ?, ?, ?, ?)", m.ID, name, m.Mod, m.Usn, nt.config); err != nil {
			return fmt.Errorf("note type %q: %v", m.Name, err)
		}
		for i, f := range nt.fields {
			if _, err := tx.Exec("insert into fields values (?, ?, ?, ?)", m.ID, i, f.name, f.config); err != nil {
				return fmt.Errorf("note type %q, field %q: %v", m.Name, f.name, err)
			}
		}
		for i, t := range nt.templates {
			if _, err := tx.Exec("insert into templates values (?, ?, ?, ?, ?, ?)", m.ID, i, t.name, m.Mod, m.Usn, t.config); err != nil {
				return fmt.Errorf("note type %q, template %q: %v", m.Name, t.name, err)
			}
		}
	}
	return nil
}

// namedBlob is a field or template row: its name and config.
type namedBlob struct {
	name   string
	config []byte
}

// encodedNotetype is a note type's rows: its config and its fields' and
// templates'.
type encodedNotetype struct {
	config            []byte
	fields, templates []namedBlob
}

// encodeNotetype turns m into Anki's Notetype.Config and the Field.Config
// and Template.Config of its fields and templates.
func encodeNotetype(m *collection.Model) (*encodedNotetype, error) {
	obj, err := toObject(m)
	if err != nil {
		return nil, err
	}
	out := &encodedNotetype{config: pbEncode([]byte{}, notetypeSpecs, obj)}
	// reqs, as Anki keeps them (8): card_ord, kind (0 none, 1 any, 2 all), field_ords
	reqs, _ := obj["req"].([]any)
	for _, r := range reqs {
		triple, _ := r.([]any)
		if len(triple) != 3 {
			continue
		}
		var msg []byte
		if ord := jsonInt(triple[0]); ord > 0 {
			msg = protowire.AppendTag(msg, 1, protowire.VarintType)
			msg = protowire.AppendVarint(msg, uint64(ord))
		}
		if kind := map[any]uint64{"any": 1, "all": 2}[triple[1]]; kind != 0 {
			msg = protowire.AppendTag(msg, 2, protowire.VarintType)
			msg = protowire.AppendVarint(msg, kind)
		}
		if ords, _ := triple[2].([]any); len(ords) > 0 {
			var packed []byte
			for _, o := range ords {
				packed = protowire.AppendVarint(packed, uint64(max(jsonInt(o), 0)))
			}
			msg = appendMessage(msg, 3, packed)
		}
		out.config = appendMessage(out.config, 8, msg)
	}
	if out.config, err = appendOther(out.config, obj, notetypeReserved); err != nil {
		return nil, err
	}
	for _, part := range []struct {
		key      string
		specs    []pbSpec
		reserved map[string]bool
		into     *[]namedBlob
	}{{"flds", fieldSpecs, fieldReserved, &out.fields}, {"tmpls", templateSpecs, templateReserved, &out.templates}} {
		list, _ := obj[part.key].([]any)
		names := map[string]bool{}
		for _, x := range list {
			o, _ := x.(map[string]any)
			name, _ := o["name"].(string)
			name = uniqueName(names, name, "+")
			b, err := appendOther(pbEncode([]byte{}, part.specs, o), o, part.reserved)
			if err != nil {
				return nil, err
			}
			*part.into = append(*part.into, namedBlob{name, b})
		}
	}
	return out, nil
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
		common, kind, err := encodeDeck(d)
		if err != nil {
			return fmt.Errorf("deck %q: %v", d.Name, err)
		}
		name := uniqueName(names, strings.ReplaceAll(d.Name, "::", deckNameSep), "_")
		if _, err := tx.Exec("insert into decks values (?, ?, ?, ?, ?, ?)", d.ID, name, d.Mod, d.Usn, common, kind); err != nil {
			return fmt.Errorf("deck %q: %v", d.Name, err)
		}
	}
	return nil
}

// encodeDeck turns d into Anki's Deck.Common and Deck.KindContainer.
func encodeDeck(d *collection.Deck) (common, kind []byte, err error) {
	obj, err := toObject(d)
	if err != nil {
		return nil, nil, err
	}
	common = pbEncode([]byte{}, deckCommonSpecs, obj)
	// Anki keeps one day for the four schema 11 "today" pairs: the latest
	// of the time, new and review days; an amount of another day is reset.
	day := func(key string) (int64, int64) {
		pair, _ := obj[key].([]any)
		if len(pair) != 2 {
			return 0, 0
		}
		return jsonInt(pair[0]), jsonInt(pair[1])
	}
	timeDay, timeAmount := day("timeToday")
	maxDay := timeDay
	for _, k := range []string{"newToday", "revToday"} {
		d, _ := day(k)
		maxDay = max(maxDay, d)
	}
	common = pbEncode(common, []pbSpec{{3, "day", pbUint}}, map[string]any{"day": maxDay})
	for _, t := range []struct {
		num protowire.Number
		key string
	}{{4, "newToday"}, {5, "revToday"}, {6, "lrnToday"}} {
		if d, amount := day(t.key); d == maxDay && amount != 0 {
			common = protowire.AppendTag(common, t.num, protowire.VarintType)
			common = protowire.AppendVarint(common, uint64(int64(int32(amount))))
		}
	}
	if timeAmount != 0 {
		common = protowire.AppendTag(common, 7, protowire.VarintType)
		common = protowire.AppendVarint(common, uint64(int64(int32(timeAmount))))
	}
	reserved := deckReserved
	if d.Filtered {
		reserved = keySet()
		for _, set := range []map[string]bool{deckReserved, filteredReserved} {
			for k := range set {
				reserved[k] = true
			}
		}
	}
	if common, err = appendOther(common, obj, reserved); err != nil {
		return nil, nil, err
	}
	if d.Filtered {
		msg := pbEncode([]byte{}, deckFilteredSpecs, obj)
		terms, _ := obj["terms"].([]any)
		for _, t := range terms {
			triple, _ := t.([]any)
			if len(triple) != 3 {
				continue
			}
			term := map[string]any{"search": triple[0], "limit": triple[1], "order": triple[2]}
			msg = appendMessage(msg, 2, pbEncode([]byte{}, searchTermSpecs, term))
		}
		return common, appendMessage(nil, 2, msg), nil
	}
	msg := pbEncode([]byte{}, deckNormalSpecs, obj)
	for _, l := range []struct {
		num protowire.Number
		key string
	}{{8, "reviewLimitToday"}, {9, "newLimitToday"}} {
		if o, ok := obj[l.key].(map[string]any); ok {
			msg = appendMessage(msg, l.num, pbEncode([]byte{}, dayLimitSpecs, o))
		}
	}
	if v := obj["desiredRetention"]; v != nil {
		// a percentage in schema 11, a fraction in Deck.Normal
		msg = protowire.AppendTag(msg, 10, protowire.Fixed32Type)
		msg = protowire.AppendFixed32(msg, math.Float32bits(float32(jsonInt(v))/100))
	}
	return common, appendMessage(nil, 1, msg), nil
}

func writeDeckConfigs18(tx *sql.Tx, p *collection.Package) error {
	for _, c := range p.DeckConfigs {
		config, err := encodeDeckConfig(c)
		if err != nil {
			return fmt.Errorf("option group %q: %v", c.Name, err)
		}
		if _, err := tx.Exec("insert into deck_config values (?, ?, ?, ?, ?)", c.ID, c.Name, c.Mod, c.Usn, config); err != nil {
			return fmt.Errorf("option group %q: %v", c.Name, err)
		}
	}
	return nil
}

// encodeDeckConfig turns c into Anki's DeckConfig.Config.
func encodeDeckConfig(c *collection.DeckConfig) ([]byte, error) {
	obj, err := toObject(c)
	if err != nil {
		return nil, err
	}
	b := pbEncode([]byte{}, deckConfigSpecs, obj)
	ints, _ := getPath(obj, "new.ints").([]any)
	for len(ints) < 2 {
		ints = append(ints, nil)
	}
	random := int64(0) // schema 11's new.order 0 (random) is insert order 1
	if o := getPath(obj, "new.order"); o != nil && jsonInt(o) == 0 {
		random = 1
	}
	b = pbEncode(b, []pbSpec{{dcGraduateGood, "good", pbUint}, {dcGraduateEasy, "easy", pbUint}, {dcInsertOrder, "order", pbInt}},
		map[string]any{"good": ints[0], "easy": ints[1], "order": random})
	if f := float32(jsonFloat(getPath(obj, "new.initialFactor"))) / 1000; f != 0 {
		b = protowire.AppendTag(b, dcInitialEase, protowire.Fixed32Type)
		b = protowire.AppendFixed32(b, math.Float32bits(f))
	}
	if jsonInt(obj["timer"]) != 0 {
		b = protowire.AppendTag(b, dcShowTimer, protowire.VarintType)
		b = protowire.AppendVarint(b, 1)
	}
	// other: the unknown top-level keys, and those of new, rev and lapse
	// under their section's key
	rest := map[string]any{}
	for k, v := range obj {
		if !deckConfigReserved[k] {
			rest[k] = v
		}
	}
	for sec, reserved := range deckConfigSectionReserved {
		o, _ := obj[sec].(map[string]any)
		left := map[string]any{}
		for k, v := range o {
			if !reserved[k] {
				left[k] = v
			}
		}
		if len(left) > 0 {
			rest[sec] = left
		}
	}
	return appendOther(b, rest, nil)
}

func writeTags18(tx *sql.Tx, p *collection.Package) error {
	seen := map[string]bool{}
	var tags []string
	for _, n := range p.Notes {
		for _, t := range n.Tags {
			if k := unicaseKey(t); !seen[k] {
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
