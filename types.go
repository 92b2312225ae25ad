package ankiconnect

import (
	"bytes"
	"encoding/json"
)

// IDs. Anki's IDs are 64-bit integers (most are millisecond timestamps of
// creation); each kind has its own type so they cannot be mixed up.
type (
	// NoteID identifies a note.
	NoteID int64
	// CardID identifies a card.
	CardID int64
	// DeckID identifies a deck. The Default deck is 1.
	DeckID int64
	// ModelID identifies a note type ("model" in AnkiConnect's words).
	ModelID int64
	// DeckConfigID identifies a deck options group. The Default group is 1.
	DeckConfigID int64
)

// Note is a note to add: the deck and note type (model) by name, field values
// by field name, tags, options, and media files to store and attach.
type Note struct {
	DeckName  string `json:"deckName"`
	ModelName string `json:"modelName"`
	// Fields maps field names to HTML values. AnkiConnect matches the names
	// case-insensitively when adding and drops names the model lacks.
	Fields  map[string]string `json:"fields"`
	Tags    []string          `json:"tags,omitempty"`
	Options *NoteOptions      `json:"options,omitempty"`
	// Audio, Video and Picture are stored in the media folder and, for each
	// name in their Fields, referenced from those fields.
	Audio   []Media `json:"audio,omitempty"`
	Video   []Media `json:"video,omitempty"`
	Picture []Media `json:"picture,omitempty"`
}

// NoteOptions controls the duplicate check of a note being added.
type NoteOptions struct {
	// AllowDuplicate adds the note even when its first field duplicates
	// another note's.
	AllowDuplicate bool `json:"allowDuplicate"`
	// DuplicateScope is where duplicates are looked for; empty means the
	// whole collection.
	DuplicateScope        DuplicateScope         `json:"duplicateScope,omitempty"`
	DuplicateScopeOptions *DuplicateScopeOptions `json:"duplicateScopeOptions,omitempty"`
}

// DuplicateScope says where AnkiConnect looks for duplicates of a new note.
type DuplicateScope string

// Duplicate scopes.
const (
	// DuplicateScopeCollection checks notes of the same note type anywhere.
	DuplicateScopeCollection DuplicateScope = "collection"
	// DuplicateScopeDeck checks only notes with a card in the target deck
	// (or DuplicateScopeOptions.DeckName).
	DuplicateScopeDeck DuplicateScope = "deck"
)

// DuplicateScopeOptions refines DuplicateScopeDeck.
type DuplicateScopeOptions struct {
	// DeckName is the deck to check instead of the target deck. If it does
	// not exist, no note counts as a duplicate.
	DeckName string `json:"deckName,omitempty"`
	// CheckChildren also checks the deck's subdecks.
	CheckChildren bool `json:"checkChildren"`
	// CheckAllModels checks notes of every note type, not only the new
	// note's.
	CheckAllModels bool `json:"checkAllModels"`
}

// Media is a file to store in Anki's media folder, from exactly one of Data,
// Path (on the machine running Anki) or URL (downloaded by Anki).
type Media struct {
	Filename string `json:"filename"`
	// Data is the file's content; it is sent base64-encoded.
	Data []byte `json:"data,omitempty"`
	Path string `json:"path,omitempty"`
	URL  string `json:"url,omitempty"`
	// SkipHash is an MD5 hex digest; a file with that digest is not stored
	// (useful to skip a site's "no image" placeholder).
	SkipHash string `json:"skipHash,omitempty"`
	// DeleteExisting replaces a file of the same name. Inside a Note, nil
	// means false (keep the existing file and store under a new name).
	DeleteExisting *bool `json:"deleteExisting,omitempty"`
	// Fields are the note fields that get a reference to the file appended:
	// [sound:name] for audio and video, <img src="name"> for pictures.
	Fields []string `json:"fields,omitempty"`
}

// Nothing is the result of actions whose reply carries no value (null). In a
// Multi, their Pending[Nothing] reports only the action's error.
type Nothing struct{}

// UnmarshalJSON accepts any value: some older servers return true or a count
// where current ones return null.
func (*Nothing) UnmarshalJSON([]byte) error { return nil }

// Maybe is a result AnkiConnect answers with false (or null) when the thing
// asked for does not exist: OK reports whether Value holds a real answer.
type Maybe[T any] struct {
	Value T
	OK    bool
}

// UnmarshalJSON decodes false and null as "not found", anything else into
// Value.
func (m *Maybe[T]) UnmarshalJSON(b []byte) error {
	*m = Maybe[T]{}
	switch string(bytes.TrimSpace(b)) {
	case "false", "null":
		return nil
	}
	m.OK = true
	return json.Unmarshal(b, &m.Value)
}
