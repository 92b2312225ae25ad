package apkg

import (
	"database/sql"
	"fmt"
	"strings"

	"modernc.org/sqlite"

	"github.com/ankiconnect-go/ankiconnect/internal/apkg/ankipb"
	"github.com/ankiconnect-go/ankiconnect/internal/collection"
)

// Schema 18 (and 15 to 17, which have the same tables for these): the
// note types, decks and option groups that schema 11 keeps as JSON in the
// col row are rows of their own tables, their settings protobuf messages.
// The reader turns each into the schema 11 JSON object Anki itself makes
// of it (package ankipb; what AnkiConnect returns) and reads that as the
// schema 11 reader reads col's JSON, so both fill a collection.Package
// alike, but for what Anki's own conversion changes (see ankipb).

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

// unicaseCompare orders names case-insensitively: names that differ only
// in case are equal, as in Anki's collation (so its unique indexes hold
// one of them).
func unicaseCompare(a, b string) int { return strings.Compare(ankipb.Fold(a), ankipb.Fold(b)) }

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

// scanRow scans the columns id, name, mtime_secs, usn and then blobs.
func scanRow(rows *sql.Rows, table string, blobs ...*[]byte) (ankipb.Row, error) {
	var r ankipb.Row
	dest := []any{&r.ID, &r.Name, &r.Mtime, &r.Usn}
	for _, b := range blobs {
		dest = append(dest, b)
	}
	if err := rows.Scan(dest...); err != nil {
		return r, fmt.Errorf("reading %s: %v", table, err)
	}
	return r, nil
}

func (r *colReader) notetypes18() error {
	parts := map[int64]*[2][]ankipb.Part{} // note type ID -> fields, templates
	for i, table := range []string{"fields", "templates"} {
		err := r.eachRow(table, "select ntid, ord, name, config from "+table+" order by ntid, ord", func(rows *sql.Rows) error {
			var ntid int64
			var p ankipb.Part
			if err := rows.Scan(&ntid, &p.Ord, &p.Name, &p.Config); err != nil {
				return fmt.Errorf("reading %s: %v", table, err)
			}
			if parts[ntid] == nil {
				parts[ntid] = &[2][]ankipb.Part{}
			}
			parts[ntid][i] = append(parts[ntid][i], p)
			return nil
		})
		if err != nil {
			return err
		}
	}
	return r.eachRow("notetypes", "select id, name, mtime_secs, usn, config from notetypes order by id", func(rows *sql.Rows) error {
		var config []byte
		nt, err := scanRow(rows, "notetypes", &config)
		if err != nil {
			return err
		}
		ps := parts[nt.ID]
		if ps == nil {
			ps = &[2][]ankipb.Part{}
		}
		m := &collection.Model{}
		if err := fromJSON(ankipb.NotetypeToJSON(nt, config, ps[0], ps[1]))(m); err != nil {
			return fmt.Errorf("notetypes row %d (%q): %v", nt.ID, nt.Name, err)
		}
		r.p.Models = append(r.p.Models, m)
		return nil
	})
}

// fromJSON returns a function that reads js, unless err, into v as the
// schema 11 reader reads col's JSON.
func fromJSON(js []byte, err error) func(v any) error {
	return func(v any) error {
		if err != nil {
			return err
		}
		return unmarshalLenient(string(js), v)
	}
}

func (r *colReader) decks18() error {
	return r.eachRow("decks", "select id, name, mtime_secs, usn, common, kind from decks order by id", func(rows *sql.Rows) error {
		var common, kind []byte
		d, err := scanRow(rows, "decks", &common, &kind)
		if err != nil {
			return err
		}
		d.Name = strings.ReplaceAll(d.Name, deckNameSep, "::")
		deck := &collection.Deck{}
		if err := fromJSON(ankipb.DeckToJSON(d, common, kind))(deck); err != nil {
			return fmt.Errorf("decks row %d (%q): %v", d.ID, d.Name, err)
		}
		r.p.Decks = append(r.p.Decks, deck)
		return nil
	})
}

func (r *colReader) deckConfigs18() error {
	return r.eachRow("deck_config", "select id, name, mtime_secs, usn, config from deck_config order by id", func(rows *sql.Rows) error {
		var config []byte
		dc, err := scanRow(rows, "deck_config", &config)
		if err != nil {
			return err
		}
		c := &collection.DeckConfig{}
		if err := fromJSON(ankipb.DeckConfigToJSON(dc, config))(c); err != nil {
			return fmt.Errorf("deck_config row %d (%q): config: %v", dc.ID, dc.Name, err)
		}
		r.p.DeckConfigs = append(r.p.DeckConfigs, c)
		return nil
	})
}
