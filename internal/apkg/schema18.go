package apkg

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"math"
	"strings"

	"google.golang.org/protobuf/encoding/protowire"
	"modernc.org/sqlite"

	"github.com/ankiconnect-go/ankiconnect/internal/collection"
)

// Schema 18 (and 15 to 17, which have the same tables for these): the
// note types, decks and option groups that schema 11 keeps as JSON in the
// col row are rows of their own tables, their settings protobuf messages
// (see pb.go). The reader turns each into the schema 11 JSON object Anki
// itself makes of it (what AnkiConnect returns) and reads that as the
// schema 11 reader does, so both fill a collection.Package alike.
//
// Where Anki's conversion loses or changes something, so does the round
// trip through schema 18: the four "today" pairs of a deck keep one day
// (the latest), a filtered deck keeps no description, new.ints keeps two
// intervals (the third is 0), and floats are float32.

// minSchemaTables is the first schema that keeps note types in tables;
// maxSchema the latest.
const (
	minSchemaTables = 15
	maxSchema       = 18
)

func init() {
	// Anki's tables compare names with a collation of its own, "unicase";
	// writing them needs it, and so does any query that sorts or
	// compares those names.
	sqlite.MustRegisterCollationUtf8("unicase", unicaseCompare)
}

// unicaseKey is the case-folded form that names are compared by.
func unicaseKey(s string) string { return strings.ToLower(s) }

// unicaseCompare orders names case-insensitively: names that differ only
// in case are equal, as in Anki's collation (so its unique indexes hold
// one of them).
func unicaseCompare(a, b string) int { return strings.Compare(unicaseKey(a), unicaseKey(b)) }

// col18 reads the note types, decks and option groups of a schema 15-18
// collection.
func (r *colReader) col18() error {
	for _, step := range []func() error{r.notetypes18, r.decks18, r.deckConfigs18} {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

// fromObject reads the schema 11 JSON object obj into v as the schema 11
// reader reads col's JSON.
func fromObject(obj map[string]any, v any) error {
	b, err := json.Marshal(obj)
	if err != nil {
		return err
	}
	return unmarshalLenient(string(b), v)
}

// eachRow runs query and calls fn on each row; its errors name table.
func (r *colReader) eachRow(table, query string, fn func(*sql.Rows) error) error {
	rows, err := r.db.Query(query)
	if err != nil {
		return fmt.Errorf("reading %s: %v", table, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("reading %s: %v", table, err)
	}
	return nil
}

// row is the columns the notetypes, decks and deck_config tables share.
type row struct {
	id, mtime, usn int64
	name           string
}

func (r *colReader) notetypes18() error {
	parts := map[int64]map[string][]any{} // note type ID -> "flds" and "tmpls"
	for _, part := range []struct {
		key, table, query string
		specs             []pbSpec
		reserved          map[string]bool
	}{
		{"flds", "fields", "select ntid, ord, name, config from fields order by ntid, ord", fieldSpecs, fieldReserved},
		{"tmpls", "templates", "select ntid, ord, name, config from templates order by ntid, ord", templateSpecs, templateReserved},
	} {
		err := r.eachRow(part.table, part.query, func(rows *sql.Rows) error {
			var ntid, ord int64
			var name string
			var config []byte
			if err := rows.Scan(&ntid, &ord, &name, &config); err != nil {
				return fmt.Errorf("reading %s: %v", part.table, err)
			}
			obj := map[string]any{"name": name, "ord": ord}
			other, err := pbDecode(config, part.specs, obj, nil)
			if err != nil {
				return fmt.Errorf("%s row (note type %d, ord %d, %q): config: %v", part.table, ntid, ord, name, err)
			}
			if part.key == "tmpls" && jsonInt(obj["did"]) <= 0 {
				obj["did"] = nil
			}
			mergeOther(obj, other, part.reserved)
			if parts[ntid] == nil {
				parts[ntid] = map[string][]any{"flds": {}, "tmpls": {}}
			}
			parts[ntid][part.key] = append(parts[ntid][part.key], obj)
			return nil
		})
		if err != nil {
			return err
		}
	}
	return r.eachRow("notetypes", "select id, name, mtime_secs, usn, config from notetypes order by id", func(rows *sql.Rows) error {
		var nt row
		var config []byte
		if err := rows.Scan(&nt.id, &nt.name, &nt.mtime, &nt.usn, &config); err != nil {
			return fmt.Errorf("reading notetypes: %v", err)
		}
		m, err := decodeNotetype(nt, config, parts[nt.id])
		if err != nil {
			return fmt.Errorf("notetypes row %d (%q): %v", nt.id, nt.name, err)
		}
		r.p.Models = append(r.p.Models, m)
		return nil
	})
}

// decodeNotetype makes a note type of its row and its fields' and
// templates' JSON objects.
func decodeNotetype(nt row, config []byte, parts map[string][]any) (*collection.Model, error) {
	obj := nt.object()
	obj["flds"], obj["tmpls"] = []any{}, []any{}
	other, err := pbDecode(config, notetypeSpecs, obj, nil)
	if err != nil {
		return nil, fmt.Errorf("config: %v", err)
	}
	if jsonInt(obj["did"]) == 0 {
		obj["did"] = nil
	}
	mergeOther(obj, other, notetypeReserved)
	for k, list := range parts {
		obj[k] = list
	}
	m := &collection.Model{}
	if err := fromObject(obj, m); err != nil {
		return nil, err
	}
	return m, nil
}

// object is the row's columns as schema 11 JSON members.
func (r row) object() map[string]any {
	return map[string]any{"id": r.id, "name": r.name, "mod": r.mtime, "usn": r.usn}
}

func (r *colReader) decks18() error {
	return r.eachRow("decks", "select id, name, mtime_secs, usn, common, kind from decks order by id", func(rows *sql.Rows) error {
		var d row
		var common, kind []byte
		if err := rows.Scan(&d.id, &d.name, &d.mtime, &d.usn, &common, &kind); err != nil {
			return fmt.Errorf("reading decks: %v", err)
		}
		d.name = strings.ReplaceAll(d.name, deckNameSep, "::")
		deck, err := decodeDeck(d, common, kind)
		if err != nil {
			return fmt.Errorf("decks row %d (%q): %v", d.id, d.name, err)
		}
		r.p.Decks = append(r.p.Decks, deck)
		return nil
	})
}

// decodeDeck makes a deck of its row, in the schema 11 form Anki gives
// it (rslib/src/decks/schema11.rs).
func decodeDeck(d row, common, kind []byte) (*collection.Deck, error) {
	obj := d.object()
	today := map[string]any{}
	other, err := pbDecode(common, append(deckCommonSpecs[:len(deckCommonSpecs):len(deckCommonSpecs)],
		pbSpec{3, "day", pbUint}, pbSpec{4, "newToday", pbInt}, pbSpec{5, "revToday", pbInt},
		pbSpec{6, "lrnToday", pbInt}, pbSpec{7, "timeToday", pbInt}), today, nil)
	if err != nil {
		return nil, fmt.Errorf("common: %v", err)
	}
	for k, v := range today {
		if k != "day" {
			obj[k] = v
		}
	}
	for _, k := range []string{"newToday", "revToday", "lrnToday", "timeToday"} {
		obj[k] = []any{today["day"], today[k]}
	}
	var normal, filtered []byte
	found := false
	if err := pbWalk(kind, func(f pbField) error {
		switch {
		case f.Num == 1 && f.Type == protowire.BytesType:
			normal, filtered, found = f.B, nil, true
		case f.Num == 2 && f.Type == protowire.BytesType:
			normal, filtered, found = nil, f.B, true
		}
		return nil
	}); err != nil {
		return nil, fmt.Errorf("kind: %v", err)
	}
	if !found {
		return nil, fmt.Errorf("kind: neither a normal nor a filtered deck")
	}
	if filtered != nil {
		obj["dyn"], obj["desc"], obj["separate"] = 1, "", true
		terms := []any{}
		if _, err := pbDecode(filtered, deckFilteredSpecs, obj, func(f pbField) error {
			if f.Num != 2 || f.Type != 2 {
				return nil
			}
			term := map[string]any{}
			if _, err := pbDecode(f.B, searchTermSpecs, term, nil); err != nil {
				return fmt.Errorf("search term: %v", err)
			}
			terms = append(terms, []any{term["search"], term["limit"], term["order"]})
			return nil
		}); err != nil {
			return nil, fmt.Errorf("kind: %v", err)
		}
		obj["terms"] = terms
		if l, _ := obj["delays"].([]any); len(l) == 0 {
			obj["delays"] = nil
		}
	} else {
		obj["dyn"] = 0
		if _, err := pbDecode(normal, deckNormalSpecs, obj, func(f pbField) error {
			switch {
			case (f.Num == 8 || f.Num == 9) && f.Type == protowire.BytesType:
				limit := map[string]any{}
				if _, err := pbDecode(f.B, dayLimitSpecs, limit, nil); err != nil {
					return fmt.Errorf("day limit: %v", err)
				}
				key := "newLimitToday"
				if f.Num == 8 {
					key = "reviewLimitToday"
				}
				obj[key] = limit
			case f.Num == 10 && f.Type == protowire.Fixed32Type:
				// a fraction here, a percentage in schema 11; rounded where Anki
				// truncates, so that a percentage comes back as it went
				obj["desiredRetention"] = roundClamp(f32(f.V)*100, math.MaxUint32)
			}
			return nil
		}); err != nil {
			return nil, fmt.Errorf("kind: %v", err)
		}
		if obj["md"] == false {
			delete(obj, "md")
		}
	}
	mergeOther(obj, other, deckReserved)
	deck := &collection.Deck{}
	if err := fromObject(obj, deck); err != nil {
		return nil, err
	}
	return deck, nil
}

func (r *colReader) deckConfigs18() error {
	return r.eachRow("deck_config", "select id, name, mtime_secs, usn, config from deck_config order by id", func(rows *sql.Rows) error {
		var dc row
		var config []byte
		if err := rows.Scan(&dc.id, &dc.name, &dc.mtime, &dc.usn, &config); err != nil {
			return fmt.Errorf("reading deck_config: %v", err)
		}
		c, err := decodeDeckConfig(dc, config)
		if err != nil {
			return fmt.Errorf("deck_config row %d (%q): config: %v", dc.id, dc.name, err)
		}
		r.p.DeckConfigs = append(r.p.DeckConfigs, c)
		return nil
	})
}

// roundClamp is f rounded to an integer from 0 to hi; 0 for NaN.
func roundClamp(f float32, hi float64) int64 {
	if f != f {
		return 0
	}
	return int64(math.Round(min(max(float64(f), 0), hi)))
}

// decodeDeckConfig makes an option group of its row, in the schema 11
// form Anki gives it (rslib/src/deckconfig/schema11.rs).
func decodeDeckConfig(dc row, config []byte) (*collection.DeckConfig, error) {
	obj := dc.object()
	obj["dyn"] = false
	var good, easy, timer int64
	var initialEase float32
	order := int64(1) // insert order 0 (due) is schema 11's new.order 1
	other, err := pbDecode(config, deckConfigSpecs, obj, func(f pbField) error {
		switch {
		case f.Num == dcInitialEase && f.Type == protowire.Fixed32Type:
			initialEase = f32(f.V)
		case f.Num == dcGraduateGood && f.Type == protowire.VarintType:
			good = int64(uint32(f.V))
		case f.Num == dcGraduateEasy && f.Type == protowire.VarintType:
			easy = int64(uint32(f.V))
		case f.Num == dcInsertOrder && f.Type == protowire.VarintType:
			order = 1
			if f.V == 1 {
				order = 0
			}
		case f.Num == dcShowTimer && f.Type == protowire.VarintType:
			timer = 0
			if f.V != 0 {
				timer = 1
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	obj["timer"] = timer
	// a factor here, permille in schema 11; rounded where Anki truncates,
	// so that every permille value comes back as it went (8136 as 8.136
	// would truncate to 8135)
	setPath(obj, "new.initialFactor", roundClamp(initialEase*1000, math.MaxUint16))
	setPath(obj, "new.ints", []any{good, easy, int64(0)})
	setPath(obj, "new.order", order)
	if len(other) > 0 {
		if m, err := jsonObject(other); err == nil {
			for sec, reserved := range deckConfigSectionReserved {
				if sub, ok := m[sec].(map[string]any); ok {
					o, _ := obj[sec].(map[string]any)
					for k, v := range sub {
						if _, set := o[k]; !set && !reserved[k] {
							o[k] = v
						}
					}
				}
			}
			for k, v := range m {
				if _, set := obj[k]; !set && !deckConfigReserved[k] {
					obj[k] = v
				}
			}
		}
	}
	c := &collection.DeckConfig{}
	if err := fromObject(obj, c); err != nil {
		return nil, err
	}
	return c, nil
}
