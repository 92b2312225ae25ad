package wire

import (
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
	abs, _ := json.Marshal(filepath.Join(dir, "sub", "abs.apkg"))
	note := func(deck, front, tags string) string {
		return `{"note": {"deckName": "` + deck + `", "modelName": "Basic", "fields": {"Front": "` + front + `", "Back": "b"}, "tags": ` + tags + `}}`
	}
	const notesQuery = `{"query": "deck:Trip"}`
	runScript(t, Config{PackageDir: dir}, nil, []step{
		{action: "createDeck", params: `{"deck": "Trip::Words"}`},
		{action: "storeMediaFile", params: `{"filename": "cat.png", "data": "bWVvdw=="}`, want: `"cat.png"`},
		{action: "addNote", params: note("Trip::Words", `gato <img src=\"cat.png\">`, `["animal", "marked"]`), save: "n1"},
		{action: "addNote", params: note("Trip", "perro", `["animal"]`), save: "n2"},
		{action: "exportPackage", params: `{"deck": "trip", "path": "trip.apkg", "includeSched": true}`, want: `true`},
		{action: "exportPackage", params: `{"deck": "Trip::Words", "path": ` + string(abs) + `}`, want: `true`},
		{action: "exportPackage", params: `{"deck": "No such deck", "path": "x.apkg"}`, want: `false`},
		{action: "deleteDecks", params: `{"decks": ["Trip"], "cardsToo": true}`, want: `null`},
		{action: "deleteMediaFile", params: `{"filename": "cat.png"}`, want: `null`},
		{action: "findNotes", params: notesQuery, want: `[]`},
		{action: "importPackage", params: `{"path": "trip.apkg"}`, want: `true`},
		{action: "deckNames", want: `["Default", "Trip", "Trip::Words"]`},
		{action: "findNotes", params: notesQuery, want: `[${n1}, ${n2}]`},
		// The note in the subdeck kept its deck, tags and fields.
		{action: "findNotes", params: `{"query": "deck:Trip::Words tag:marked tag:animal gato"}`, want: `[${n1}]`},
		{action: "retrieveMediaFile", params: `{"filename": "cat.png"}`, want: `"bWVvdw=="`},
		// Importing again changes nothing; so does the subdeck's package.
		{action: "importPackage", params: `{"path": "./trip.apkg"}`, want: `true`},
		{action: "importPackage", params: `{"path": ` + string(abs) + `}`, want: `true`},
		{action: "findNotes", params: notesQuery, want: `[${n1}, ${n2}]`},

		{action: "importPackage", params: `{"path": "missing.apkg"}`, err: `[Errno 2] No such file or directory: 'missing.apkg'`},
		{action: "importPackage", params: `{"path": ""}`, err: `[Errno 2] No such file or directory: ''`},
		{action: "importPackage", params: `{"path": "sub"}`, err: `[Errno 21] Is a directory: 'sub'`},
		{action: "importPackage", params: `{"path": "notes.txt"}`, err: `notes.txt: File is not a zip file`},
		{action: "importPackage", params: `{"path": "/etc/passwd"}`, err: `[Errno 13] Permission denied: '/etc/passwd'`},
		{action: "importPackage", params: `{"path": "sub/../../x.apkg"}`, err: `[Errno 13] Permission denied: 'sub/../../x.apkg'`},
		{action: "importPackage", params: `{"path": 7}`, err: `expected str, bytes or os.PathLike object, not int`},
		{action: "importPackage", err: `AnkiConnect.importPackage() missing 1 required positional argument: 'path'`},
		{action: "exportPackage", params: `{"deck": "Trip", "path": "no/dir/trip.apkg"}`, err: `[Errno 2] No such file or directory: 'no/dir/trip.apkg'`},
		{action: "exportPackage", params: `{"deck": "Trip", "path": "."}`, err: `[Errno 21] Is a directory: '.'`},
		{action: "exportPackage", params: `{"deck": "Trip", "path": null}`, err: `expected str, bytes or os.PathLike object, not NoneType`},
		{action: "exportPackage", params: `{"deck": "Trip", "path": "/tmp/../etc/x.apkg"}`, err: `[Errno 13] Permission denied: '/tmp/../etc/x.apkg'`},
	})
	if _, err := os.Stat(filepath.Join(dir, "x.apkg")); !os.IsNotExist(err) {
		t.Errorf("exportPackage of an unknown deck wrote a file: %v", err)
	}
}
