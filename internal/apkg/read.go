// Package apkg reads and writes Anki's package files for the fake: deck
// packages (.apkg) and collection packages (.colpkg), turning them into
// collection.Package values and back.
//
// A legacy package is a zip holding an SQLite collection of schema 11
// ("collection.anki21", or "collection.anki2" as Anki 2.0 wrote it; a
// "meta" member, where present, says which), a "media" member mapping zip member names ("0", "1", ...) to
// media file names as JSON, and the media files under those numbers. This
// is what Anki's AnkiPackageExporter writes, the exporter the add-on's
// exportPackage calls, so Write writes it too: a "collection.anki2" holding
// only a note that says the file needs a newer Anki, the real collection
// in "collection.anki21", media stored and the map last.
//
// The current format (Anki 2.1.50 and later: the "meta" member saying
// version 3, a zstd-compressed "collection.anki21b" of schema 18, zstd
// media and a protobuf media map; see latest.go) is read too, and written
// with FormatLatest. Collections of schemas 15 to 18 are read from their
// tables (schema18.go). A .colpkg, legacy or current, reads as a deck
// package holding every deck.
package apkg

import (
	"archive/zip"
	"bytes"
	"cmp"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/ankiconnect-go/ankiconnect/internal/apkg/ankipb"
	"github.com/ankiconnect-go/ankiconnect/internal/collection"

	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

// Member names inside a package zip.
const (
	memberLegacy1 = "collection.anki2"   // schema 11, Anki 2.0 and the dummy of newer exports
	memberLegacy2 = "collection.anki21"  // schema 11, Anki 2.1
	memberLatest  = "collection.anki21b" // schema 18, zstd
	memberMeta    = "meta"
	memberMedia   = "media"
)

// maxMember bounds the size of one decompressed member, against zip bombs.
const maxMember = 1 << 31

// Error is a package that cannot be read: the file as the caller named it
// and the cause.
type Error struct {
	File  string
	Cause string
}

func (e *Error) Error() string { return e.File + ": " + e.Cause }

// ReadFile reads the package at path; its errors all name path.
func ReadFile(path string) (*collection.Package, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	p, err := Read(path, data)
	if err != nil && err.Error() == collection.MsgNotAPackage {
		return nil, &Error{File: path, Cause: err.Error()}
	}
	return p, err
}

// Read reads a package held in data; name is the file's name for errors,
// but for a file that is not a zip, which fails with the add-on's text,
// collection.MsgNotAPackage, alone.
// The package's Today is -1: collection.ImportPackage counts it from its
// Created (the collection's col.crt).
func Read(name string, data []byte) (*collection.Package, error) {
	fail := func(format string, args ...any) error {
		return &Error{File: name, Cause: fmt.Sprintf(format, args...)}
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		// the add-on's error, Python's zipfile.BadZipFile, names no file
		return nil, errors.New(collection.MsgNotAPackage) //lint:ignore ST1005 the add-on's text
	}
	members := map[string]*zip.File{}
	for _, f := range zr.File {
		members[f.Name] = f
	}
	// As Anki's importer: the meta member's version names the collection
	// member; without meta, collection.anki21 if present, else .anki2.
	colName := memberLegacy1
	if _, ok := members[memberLegacy2]; ok {
		colName = memberLegacy2
	}
	if f := members[memberMeta]; f != nil {
		raw, err := readMember(f)
		if err != nil {
			return nil, fail("reading %s: %v", memberMeta, err)
		}
		switch v := ankipb.PackageVersion(raw); v {
		case versionLegacy1:
			colName = memberLegacy1
		case versionLegacy2:
			colName = memberLegacy2
		case versionLatest:
			return readLatest(name, members)
		default:
			return nil, fail("the %s member gives package version %d, which the fake does not know", memberMeta, v)
		}
	}
	colMember := members[colName]
	if colMember == nil {
		return nil, fail("no collection in the package (neither %s nor %s)", memberLegacy2, memberLegacy1)
	}
	colData, err := readMember(colMember)
	if err != nil {
		return nil, fail("reading %s: %v", colMember.Name, err)
	}
	p, err := readCollection(colData)
	if err != nil {
		return nil, fail("%s: %v", colMember.Name, err)
	}
	if p.Media, err = readMedia(members); err != nil {
		return nil, fail("%v", err)
	}
	return p, nil
}

// Package versions in the meta member (Anki's PackageMetadata.Version).
const (
	versionLegacy1 = 1 // collection.anki2
	versionLegacy2 = 2 // collection.anki21
	versionLatest  = 3 // collection.anki21b, zstd
)

// readMember returns a member's bytes, checking its CRC.
func readMember(f *zip.File) ([]byte, error) {
	r, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	data, err := io.ReadAll(io.LimitReader(r, maxMember+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxMember {
		return nil, errors.New("member larger than 2 GiB")
	}
	return data, nil
}

// readMedia reads the media map and the files it names.
func readMedia(members map[string]*zip.File) (map[string][]byte, error) {
	out := map[string][]byte{}
	f := members[memberMedia]
	if f == nil {
		return out, nil
	}
	raw, err := readMember(f)
	if err != nil {
		return nil, fmt.Errorf("reading the media map: %v", err)
	}
	var m map[string]string
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("the media map is not a JSON object of names: %v", err)
	}
	for num, name := range m {
		if err := checkMediaName(name); err != nil {
			return nil, err
		}
		mf := members[num]
		if mf == nil {
			return nil, fmt.Errorf("the media map names %q as member %q, which the package does not hold", name, num)
		}
		data, err := readMember(mf)
		if err != nil {
			return nil, fmt.Errorf("reading media file %q (member %q): %v", name, num, err)
		}
		out[name] = data
	}
	return out, nil
}

// checkMediaName refuses a media map's name that is not a plain file name.
func checkMediaName(name string) error {
	if name == "" || strings.ContainsAny(name, `/\`+"\x00") || name == "." || name == ".." {
		return fmt.Errorf("the media map names an invalid file name %q", name)
	}
	return nil
}

// readCollection opens an SQLite collection of schema 11 and reads it.
func readCollection(data []byte) (*collection.Package, error) {
	dir, err := os.MkdirTemp("", "fakeanki-apkg-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "collection.anki2")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		return nil, err
	}
	defer db.Close()
	r := &colReader{db: db, p: &collection.Package{Today: -1, Scheduling: true}}
	for _, step := range []func() error{r.col, r.notes, r.cards, r.revlog} {
		if err := step(); err != nil {
			return nil, notSQLite(err)
		}
	}
	return r.p, nil
}

// notSQLite shortens SQLite's message for a file that is not a database.
func notSQLite(err error) error {
	if strings.Contains(err.Error(), "file is not a database") || strings.Contains(err.Error(), "malformed") {
		return fmt.Errorf("not an SQLite collection: %v", err)
	}
	return err
}

type colReader struct {
	db *sql.DB
	p  *collection.Package
}

// col reads the col row: creation time, note types, decks, option groups.
func (r *colReader) col() error {
	var ver int
	var models, decks, dconf string
	err := r.db.QueryRow("select crt, ver, models, decks, dconf from col").Scan(&r.p.Created, &ver, &models, &decks, &dconf)
	if err != nil {
		return fmt.Errorf("reading col: %v", err)
	}
	if ver > maxSchema {
		return fmt.Errorf("collection schema %d, newer than the schema %d of current Anki", ver, maxSchema)
	}
	if ver >= minSchemaTables { // note types, decks and option groups in tables of their own (schema18.go)
		return r.col18()
	}
	if ver > 11 {
		return fmt.Errorf("collection schema %d; the fake reads schemas 11 and 15 to 18", ver)
	}
	var ms map[string]*collection.Model
	if err := unmarshalLenient(models, &ms); err != nil {
		return fmt.Errorf("col.models: %v", err)
	}
	var ds map[string]*collection.Deck
	if err := unmarshalLenient(decks, &ds); err != nil {
		return fmt.Errorf("col.decks: %v", err)
	}
	var cs map[string]*collection.DeckConfig
	if err := unmarshalLenient(dconf, &cs); err != nil {
		return fmt.Errorf("col.dconf: %v", err)
	}
	for _, k := range sortedIDs(ms) {
		r.p.Models = append(r.p.Models, ms[k])
	}
	for _, k := range sortedIDs(ds) {
		r.p.Decks = append(r.p.Decks, ds[k])
	}
	for _, k := range sortedIDs(cs) {
		r.p.DeckConfigs = append(r.p.DeckConfigs, cs[k])
	}
	return nil
}

// numericKeys are the members that old Anki versions wrote as strings of
// digits ("id": "1348208860315") and that Anki reads either way.
var numericKeys = map[string]bool{"id": true, "did": true, "mod": true, "usn": true, "sortf": true, "type": true, "conf": true, "ord": true}

// boolKeys are the members that old Anki versions wrote as 0 or 1.
var boolKeys = map[string]bool{"dyn": true, "sticky": true, "rtl": true, "latexsvg": true, "autoplay": true, "replayq": true,
	"bury": true, "plainText": true, "collapsed": true, "excludeFromSearch": true, "preventDeletion": true,
	"buryInterdayLearning": true, "stopTimerOnAnswer": true, "waitForAudio": true}

// unmarshalLenient decodes an Anki JSON map of objects into v, reading
// numeric members given as strings of digits as numbers first.
func unmarshalLenient(text string, v any) error {
	var tree any
	d := json.NewDecoder(strings.NewReader(text))
	d.UseNumber()
	if err := d.Decode(&tree); err != nil {
		return err
	}
	b, err := json.Marshal(fixNumbers(tree))
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

// fixNumbers turns numericKeys members that are strings of digits into
// numbers and boolKeys members that are numbers into booleans, at any
// depth.
func fixNumbers(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if n, ok := x.(json.Number); ok && boolKeys[k] {
				v[k] = n != "0"
				continue
			}
			if s, ok := x.(string); ok && numericKeys[k] {
				if _, err := strconv.ParseInt(s, 10, 64); err == nil {
					v[k] = json.Number(s)
					continue
				}
			}
			v[k] = fixNumbers(x)
		}
	case []any:
		for i, x := range v {
			v[i] = fixNumbers(x)
		}
	}
	return v
}

// sortedIDs returns the keys of an Anki JSON map of objects by ID, in
// numeric order (keys that are not numbers last, by text).
func sortedIDs[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	num := func(s string) int64 { n, _ := strconv.ParseInt(s, 10, 64); return n }
	slices.SortFunc(keys, func(a, b string) int {
		return cmp.Or(cmp.Compare(num(a), num(b)), strings.Compare(a, b))
	})
	return keys
}

func (r *colReader) notes() error {
	rows, err := r.db.Query("select id, guid, mid, mod, usn, tags, flds from notes order by id")
	if err != nil {
		return fmt.Errorf("reading notes: %v", err)
	}
	defer rows.Close()
	for rows.Next() {
		n := &collection.Note{}
		var tags, flds string
		if err := rows.Scan(&n.ID, &n.GUID, &n.ModelID, &n.Mod, &n.Usn, &tags, &flds); err != nil {
			return fmt.Errorf("reading notes: %v", err)
		}
		n.Fields = strings.Split(flds, "\x1f")
		n.Tags = strings.Fields(tags)
		r.p.Notes = append(r.p.Notes, n)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("reading notes: %v", err)
	}
	return nil
}

func (r *colReader) cards() error {
	rows, err := r.db.Query("select id, nid, did, ord, mod, usn, type, queue, due, ivl, factor, reps, lapses, left, odue, odid, flags, data from cards order by id")
	if err != nil {
		return fmt.Errorf("reading cards: %v", err)
	}
	defer rows.Close()
	for rows.Next() {
		c := &collection.Card{}
		if err := rows.Scan(&c.ID, &c.NoteID, &c.DeckID, &c.Ord, &c.Mod, &c.Usn, &c.Type, &c.Queue, &c.Due, &c.Ivl, &c.Factor,
			&c.Reps, &c.Lapses, &c.Left, &c.ODue, &c.OriginalDeckID, &c.Flags, &c.Data); err != nil {
			return fmt.Errorf("reading cards: %v", err)
		}
		r.p.Cards = append(r.p.Cards, c)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("reading cards: %v", err)
	}
	return nil
}

func (r *colReader) revlog() error {
	rows, err := r.db.Query("select id, cid, usn, ease, ivl, lastIvl, factor, time, type from revlog order by id")
	if err != nil {
		return fmt.Errorf("reading revlog: %v", err)
	}
	defer rows.Close()
	for rows.Next() {
		l := &collection.ReviewLog{}
		if err := rows.Scan(&l.ID, &l.CardID, &l.Usn, &l.Ease, &l.Ivl, &l.LastIvl, &l.Factor, &l.Time, &l.Type); err != nil {
			return fmt.Errorf("reading revlog: %v", err)
		}
		r.p.Revlog = append(r.p.Revlog, l)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("reading revlog: %v", err)
	}
	return nil
}
