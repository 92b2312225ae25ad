package wire

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// TestPackageActions: a deck exported to a package file, deleted, and
// imported back keeps its notes, cards, tags, media and subdecks; paths
// resolve inside Config.PackageDir, and file errors are Python's.
func TestPackageActions(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("front\tback\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	abs, _ := json.Marshal(filepath.Join(dir, "sub", "abs.json"))
	note := func(deck, front, tags string) string {
		return `{"note": {"deckName": "` + deck + `", "modelName": "Basic", "fields": {"Front": "` + front + `", "Back": "b"}, "tags": ` + tags + `}}`
	}
	const notesQuery = `{"query": "deck:Trip"}`
	runScript(t, Config{PackageDir: dir}, nil, []step{
		{action: "createDeck", params: `{"deck": "Trip::Words"}`},
		{action: "storeMediaFile", params: `{"filename": "cat.png", "data": "bWVvdw=="}`, want: `"cat.png"`},
		{action: "addNote", params: note("Trip::Words", `gato <img src=\"cat.png\">`, `["animal", "marked"]`), save: "n1"},
		{action: "addNote", params: note("Trip", "perro", `["animal"]`), save: "n2"},
		{action: "exportPackage", params: `{"deck": "trip", "path": "trip.json", "includeSched": true}`, want: `true`},
		{action: "exportPackage", params: `{"deck": "Trip::Words", "path": ` + string(abs) + `}`, want: `true`},
		{action: "exportPackage", params: `{"deck": "No such deck", "path": "x.json"}`, want: `false`},
		{action: "deleteDecks", params: `{"decks": ["Trip"], "cardsToo": true}`, want: `null`},
		{action: "deleteMediaFile", params: `{"filename": "cat.png"}`, want: `null`},
		{action: "findNotes", params: notesQuery, want: `[]`},
		{action: "importPackage", params: `{"path": "trip.json"}`, want: `true`},
		{action: "deckNames", want: `["Default", "Trip", "Trip::Words"]`},
		{action: "findNotes", params: notesQuery, want: `[${n1}, ${n2}]`},
		// The note in the subdeck kept its deck, tags and fields.
		{action: "findNotes", params: `{"query": "deck:Trip::Words tag:marked tag:animal gato"}`, want: `[${n1}]`},
		{action: "retrieveMediaFile", params: `{"filename": "cat.png"}`, want: `"bWVvdw=="`},
		// Importing again changes nothing; so does the subdeck's package.
		{action: "importPackage", params: `{"path": "./trip.json"}`, want: `true`},
		{action: "importPackage", params: `{"path": ` + string(abs) + `}`, want: `true`},
		{action: "findNotes", params: notesQuery, want: `[${n1}, ${n2}]`},

		{action: "importPackage", params: `{"path": "missing.json"}`, err: `[Errno 2] No such file or directory: 'missing.json'`},
		{action: "importPackage", params: `{"path": ""}`, err: `[Errno 2] No such file or directory: ''`},
		{action: "importPackage", params: `{"path": "sub"}`, err: `[Errno 21] Is a directory: 'sub'`},
		{action: "importPackage", params: `{"path": "notes.txt"}`, err: `File is not a zip file`},
		{action: "importPackage", params: `{"path": "/etc/passwd"}`, err: `[Errno 13] Permission denied: '/etc/passwd'`},
		{action: "importPackage", params: `{"path": "sub/../../x.json"}`, err: `[Errno 13] Permission denied: 'sub/../../x.json'`},
		{action: "importPackage", params: `{"path": 7}`, err: `expected str, bytes or os.PathLike object, not int`},
		{action: "importPackage", err: `AnkiConnect.importPackage() missing 1 required positional argument: 'path'`},
		{action: "exportPackage", params: `{"deck": "Trip", "path": "no/dir/trip.json"}`, err: `[Errno 2] No such file or directory: 'no/dir/trip.json'`},
		{action: "exportPackage", params: `{"deck": "Trip", "path": "."}`, err: `[Errno 21] Is a directory: '.'`},
		{action: "exportPackage", params: `{"deck": "Trip", "path": null}`, err: `expected str, bytes or os.PathLike object, not NoneType`},
		{action: "exportPackage", params: `{"deck": "Trip", "path": "/tmp/../etc/x.json"}`, err: `[Errno 13] Permission denied: '/tmp/../etc/x.json'`},
	})
	if _, err := os.Stat(filepath.Join(dir, "x.json")); !os.IsNotExist(err) {
		t.Errorf("exportPackage of an unknown deck wrote a file: %v", err)
	}
}

// TestImportRealPackage: importPackage reads packages Anki made, keeps the
// newer copy of a note, and fails on a bad package naming the file,
// without changes.
func TestImportRealPackage(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"update1.apkg", "update2.apkg", "media.apkg"} {
		data, err := os.ReadFile(filepath.Join("..", "apkg", "testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "empty.apkg"), emptyZip(t), 0o644); err != nil {
		t.Fatal(err)
	}
	runScript(t, Config{PackageDir: dir}, nil, []step{
		{action: "importPackage", params: `{"path": "update2.apkg"}`, want: `true`},
		{action: "importPackage", params: `{"path": "update1.apkg"}`, want: `true`},
		{action: "findNotes", params: `{"query": "goodbye"}`, save: "n"},
		{action: "findNotes", params: `{"query": "hello"}`, want: `[]`},
		{action: "importPackage", params: `{"path": "media.apkg"}`, want: `true`},
		{action: "retrieveMediaFile", params: `{"filename": "foo.wav"}`, want: `"YWJjCg=="`},
		{action: "importPackage", params: `{"path": "empty.apkg"}`, err: `empty.apkg: no collection in the package (neither collection.anki21 nor collection.anki2)`},
		{action: "exportPackage", params: `{"deck": "Default", "path": "out.apkg"}`, want: `true`},
		{action: "deleteNotes", params: `{"notes": ${n}}`, want: `null`},
		{action: "importPackage", params: `{"path": "out.apkg"}`, want: `true`},
		{action: "findNotes", params: `{"query": "goodbye"}`, want: `${n}`},
	})
}

func emptyZip(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	if _, err := zw.Create("media"); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
