// Package ankipb converts the protobuf blobs of Anki's schema 18
// collections to the schema 11 JSON objects Anki makes of them, and back.
//
// Schema 18 (and 15 to 17) keeps note types, decks and option groups in
// tables of their own, their settings as protobuf messages (Anki's
// proto/anki/notetypes.proto, decks.proto and deck_config.proto) where
// schema 11 has JSON objects in the col row. The conversions follow Anki's
// (rslib/src/notetype, decks and deckconfig, schema11.rs): the keys a
// message has no field for travel in its "other" field as a JSON object,
// and what Anki's conversion changes, this package changes alike: a deck's
// four "today" pairs keep one day (the latest of the time, new and review
// days), a filtered deck keeps no description, an option group keeps two
// new-card intervals (the third is 0), and numbers of float fields are
// float32. Where Anki truncates a float to an integer (the initial ease
// as permille, a deck's desired retention as a percentage) this package
// rounds, so that every integer comes back as it went.
//
// Fields of a message that this package does not know are skipped, as
// protobuf readers do; a known field with the wrong wire type, or bytes
// that are not a message, are errors. An other field that is not a JSON
// object is ignored, as Anki ignores it.
//
// It also holds the package file's own messages (package.go): the "meta"
// member's PackageMetadata and the current layout's MediaEntries media map,
// and Walk, the one protobuf reader the fake's package code uses.
//
// The package needs only the standard library and protowire, so that its
// fuzz target runs fast; internal/apkg reads and writes the tables.
package ankipb
