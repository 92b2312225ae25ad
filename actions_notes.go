package ankiconnect

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// NoteInfo describes a note, as NotesInfo returns it.
type NoteInfo struct {
	NoteID NoteID `json:"noteId"`
	// Profile is the name of the Anki profile that is open (AnkiConnect
	// reports the current one, not where the note was made).
	Profile   string `json:"profile"`
	ModelName string `json:"modelName"`
	// Tags are the note's tags as Anki stores them: deduplicated and
	// sorted case-insensitively.
	Tags []string `json:"tags"`
	// Fields maps every field name of the note type to its value and
	// position.
	Fields map[string]CardField `json:"fields"`
	// Mod is the last modification time, in epoch seconds.
	Mod int64 `json:"mod"`
	// Cards are the note's cards, ordered by template.
	Cards []CardID `json:"cards"`
}

// NoteInfos is the result of NotesInfo: one entry per requested note ID,
// in order, nil for an ID that matches no note (AnkiConnect sends {}).
type NoteInfos []*NoteInfo

// UnmarshalJSON decodes the list, turning {} and null entries into nil.
func (s *NoteInfos) UnmarshalJSON(b []byte) error {
	return decodeKnown(b, (*[]*NoteInfo)(s), knownNote)
}

func knownNote(n *NoteInfo) bool { return n.NoteID != 0 }

// NoteModTime is a note's last modification time, in epoch seconds.
type NoteModTime struct {
	NoteID NoteID `json:"noteId"`
	Mod    int64  `json:"mod"`
}

// NoteModTimes is the result of NotesModTime: one entry per requested note
// ID, in order, nil for an ID that matches no note (AnkiConnect sends {}).
type NoteModTimes []*NoteModTime

// UnmarshalJSON decodes the list, turning {} and null entries into nil.
func (s *NoteModTimes) UnmarshalJSON(b []byte) error {
	return decodeKnown(b, (*[]*NoteModTime)(s), func(n *NoteModTime) bool { return n.NoteID != 0 })
}

// CanAddResult says whether a note could be added, and if not, why.
type CanAddResult struct {
	CanAdd bool `json:"canAdd"`
	// Error is AnkiConnect's reason when CanAdd is false, such as "cannot
	// create note because it is a duplicate".
	Error string `json:"error,omitempty"`
}

// Err returns nil when the note can be added, else the reason as an
// *APIError, classified like any reply error (errors.Is(err,
// ErrDuplicateNote) works).
func (r CanAddResult) Err() error {
	if r.CanAdd {
		return nil
	}
	return NewAPIError(r.Error)
}

// NoteUpdate changes an existing note, for UpdateNote and UpdateNoteFields.
type NoteUpdate struct {
	ID NoteID `json:"id"`
	// Fields maps field names (exact case; names the note lacks are
	// ignored) to new HTML values; fields not named keep their values. nil
	// sends no fields: UpdateNote then changes only the tags, and
	// UpdateNoteFields fails.
	Fields map[string]string `json:"fields,omitempty"`
	// Tags, for UpdateNote, replaces the note's tags: nil leaves them as
	// they are, an empty non-nil slice removes them all. UpdateNoteFields
	// ignores it.
	Tags []string `json:"tags,omitempty"`
	// Audio, Video and Picture are stored and referenced from the fields
	// they name, as in Note. AnkiConnect reads them only when Fields is
	// non-nil.
	Audio   []Media `json:"audio,omitempty"`
	Video   []Media `json:"video,omitempty"`
	Picture []Media `json:"picture,omitempty"`
}

// MarshalJSON sends fields and tags whenever they are non-nil, even empty:
// an empty tag list is how UpdateNote removes every tag.
func (u NoteUpdate) MarshalJSON() ([]byte, error) {
	type plain NoteUpdate
	v := struct {
		plain
		Fields *map[string]string `json:"fields,omitempty"`
		Tags   *[]string          `json:"tags,omitempty"`
	}{plain: plain(u)}
	if u.Fields != nil {
		v.Fields = &u.Fields
	}
	if u.Tags != nil {
		v.Tags = &u.Tags
	}
	return json.Marshal(v)
}

// NoteModelChange moves an existing note to another note type, for
// UpdateNoteModel.
type NoteModelChange struct {
	ID NoteID `json:"id"`
	// ModelName is the new note type (matched case-insensitively).
	ModelName string `json:"modelName"`
	// Fields are the values of the new note type's fields, matched by name
	// case-insensitively; every field not named becomes empty. It must not
	// be empty.
	Fields map[string]string `json:"fields"`
	// Tags become the note's tags; nil or empty removes them all.
	Tags []string `json:"tags,omitempty"`
}

// ErrInvalidTag: a tag given to AddTags or RemoveTags contains a space (or
// an ideographic space, U+3000). AnkiConnect takes those tags as one
// space-separated string, so it would read two tags; the call fails before
// anything is sent.
var ErrInvalidTag = errors.New("invalid tag")

type noteParams struct {
	Note Note `json:"note"`
}

type notesParams struct {
	Notes []Note `json:"notes"`
}

type queryParams struct {
	Query string `json:"query"`
}

type noteIDsParams struct {
	Notes []NoteID `json:"notes"`
}

type noteUpdateParams struct {
	Note NoteUpdate `json:"note"`
}

type noteModelParams struct {
	Note NoteModelChange `json:"note"`
}

type noteTagsParams struct {
	Note NoteID   `json:"note"`
	Tags []string `json:"tags"`
}

// tagsParams carries tags the way addTags and removeTags take them: one
// space-separated string (see spacedTags).
type tagsParams struct {
	Notes []NoteID   `json:"notes"`
	Tags  spacedTags `json:"tags"`
}

// spacedTags encodes as one string of space-separated tags.
type spacedTags []string

// MarshalJSON joins the tags with spaces.
func (t spacedTags) MarshalJSON() ([]byte, error) { return json.Marshal(strings.Join(t, " ")) }

// checkTags rejects a tag that AnkiConnect would read as two.
func checkTags(p tagsParams) error {
	for _, t := range p.Tags {
		if strings.ContainsAny(t, " \u3000") {
			return fmt.Errorf("%w %q: AnkiConnect separates tags with spaces, so a tag cannot contain one", ErrInvalidTag, t)
		}
	}
	return nil
}

type replaceTagsAllParams struct {
	TagToReplace   string `json:"tag_to_replace"`
	ReplaceWithTag string `json:"replace_with_tag"`
}

type replaceTagsParams struct {
	Notes []NoteID `json:"notes"`
	replaceTagsAllParams
}

var (
	actAddNote                    = define[noteParams, NoteID]("addNote", writes)
	actAddNotes                   = define[notesParams, []NoteID]("addNotes", writes)
	actCanAddNote                 = define[noteParams, bool]("canAddNote", writes) // stores the note's media
	actCanAddNoteWithErrorDetail  = define[noteParams, CanAddResult]("canAddNoteWithErrorDetail", writes)
	actCanAddNotes                = define[notesParams, []bool]("canAddNotes", writes)
	actCanAddNotesWithErrorDetail = define[notesParams, []CanAddResult]("canAddNotesWithErrorDetail", writes)
	actUpdateNoteFields           = define[noteUpdateParams, Nothing]("updateNoteFields", writes)
	actUpdateNote                 = define[noteUpdateParams, Nothing]("updateNote", writes)
	actUpdateNoteModel            = define[noteModelParams, Nothing]("updateNoteModel", writes)
	actUpdateNoteTags             = define[noteTagsParams, Nothing]("updateNoteTags", writes)
	actGetNoteTags                = define[noteIDParams, []string]("getNoteTags", reads)
	actAddTags                    = define[tagsParams, Nothing]("addTags", writes).checked(checkTags)
	actRemoveTags                 = define[tagsParams, Nothing]("removeTags", writes).checked(checkTags)
	actGetTags                    = define[noParams, []string]("getTags", reads)
	actClearUnusedTags            = define[noParams, Nothing]("clearUnusedTags", writes)
	actReplaceTags                = define[replaceTagsParams, Nothing]("replaceTags", writes)
	actReplaceTagsInAllNotes      = define[replaceTagsAllParams, Nothing]("replaceTagsInAllNotes", writes)
	actFindNotes                  = define[queryParams, []NoteID]("findNotes", reads)
	actNotesInfo                  = define[noteIDsParams, NoteInfos]("notesInfo", reads)
	// actNotesInfoByQuery is notesInfo with a query instead of IDs.
	actNotesInfoByQuery = reshape[queryParams, NoteInfos](actNotesInfo)
	actNotesModTime     = define[noteIDsParams, NoteModTimes]("notesModTime", reads)
	actDeleteNotes      = define[noteIDsParams, Nothing]("deleteNotes", writes)
	actRemoveEmptyNotes = define[noParams, Nothing]("removeEmptyNotes", writes)
)

// AddNote adds a note, storing its media first, and returns its ID. It
// fails with ErrDuplicateNote or ErrEmptyNote when the first field is a
// duplicate (see NoteOptions) or empty, with ErrDeckNotFound or
// ErrModelNotFound for unknown names, and with "cannot create note for
// unknown reason" when the cloze deletions do not fit the note type.
//
// AnkiConnect action: addNote.
func (c *Client) AddNote(ctx context.Context, note Note) (NoteID, error) {
	return actAddNote.call(ctx, c, noteParams{Note: note})
}

// AddNote queues the addNote action; see Client.AddNote.
func (m *Multi) AddNote(note Note) *Pending[NoteID] {
	return actAddNote.queue(m, noteParams{Note: note})
}

// AddNotes adds the notes and returns their IDs, in order. It is all or
// nothing: if any note fails, the notes already added are deleted again
// and the error's message lists every failure, such as "['cannot create
// note because it is a duplicate']", classified with the same sentinels as
// AddNote. To learn which note failed and why, use AddNotesEach. Servers
// from before mid-2024 instead add what they can and report a failed note
// as ID 0 (null on the wire).
//
// AnkiConnect action: addNotes.
func (c *Client) AddNotes(ctx context.Context, notes []Note) ([]NoteID, error) {
	return actAddNotes.call(ctx, c, notesParams{Notes: notes})
}

// AddNotes queues the addNotes action; see Client.AddNotes.
func (m *Multi) AddNotes(notes []Note) *Pending[[]NoteID] {
	return actAddNotes.queue(m, notesParams{Notes: notes})
}

// CanAddNote reports whether AddNote would accept the note: false for a
// duplicate or empty note and for any other error, such as an unknown deck.
// Beware that it stores the note's media files.
//
// AnkiConnect action: canAddNote.
func (c *Client) CanAddNote(ctx context.Context, note Note) (bool, error) {
	return actCanAddNote.call(ctx, c, noteParams{Note: note})
}

// CanAddNote queues the canAddNote action; see Client.CanAddNote.
func (m *Multi) CanAddNote(note Note) *Pending[bool] {
	return actCanAddNote.queue(m, noteParams{Note: note})
}

// CanAddNoteWithErrorDetail is CanAddNote with the reason a note cannot be
// added. Like CanAddNote, it stores the note's media files.
//
// AnkiConnect action: canAddNoteWithErrorDetail.
func (c *Client) CanAddNoteWithErrorDetail(ctx context.Context, note Note) (CanAddResult, error) {
	return actCanAddNoteWithErrorDetail.call(ctx, c, noteParams{Note: note})
}

// CanAddNoteWithErrorDetail queues the canAddNoteWithErrorDetail action;
// see Client.CanAddNoteWithErrorDetail.
func (m *Multi) CanAddNoteWithErrorDetail(note Note) *Pending[CanAddResult] {
	return actCanAddNoteWithErrorDetail.queue(m, noteParams{Note: note})
}

// CanAddNotes is CanAddNote for many notes: one bool per note, in order.
// Each note is checked against the collection alone, not against the
// other notes. It stores the notes' media files.
//
// AnkiConnect action: canAddNotes.
func (c *Client) CanAddNotes(ctx context.Context, notes []Note) ([]bool, error) {
	return actCanAddNotes.call(ctx, c, notesParams{Notes: notes})
}

// CanAddNotes queues the canAddNotes action; see Client.CanAddNotes.
func (m *Multi) CanAddNotes(notes []Note) *Pending[[]bool] {
	return actCanAddNotes.queue(m, notesParams{Notes: notes})
}

// CanAddNotesWithErrorDetail is CanAddNoteWithErrorDetail for many notes:
// one result per note, in order. It stores the notes' media files.
//
// AnkiConnect action: canAddNotesWithErrorDetail.
func (c *Client) CanAddNotesWithErrorDetail(ctx context.Context, notes []Note) ([]CanAddResult, error) {
	return actCanAddNotesWithErrorDetail.call(ctx, c, notesParams{Notes: notes})
}

// CanAddNotesWithErrorDetail queues the canAddNotesWithErrorDetail action;
// see Client.CanAddNotesWithErrorDetail.
func (m *Multi) CanAddNotesWithErrorDetail(notes []Note) *Pending[[]CanAddResult] {
	return actCanAddNotesWithErrorDetail.queue(m, notesParams{Notes: notes})
}

// UpdateNoteFields sets the fields named in update.Fields (exact case) and
// attaches its media; update.Tags is ignored. It fails with ErrNoteNotFound
// for an unknown ID. Anki may not show the change while the note is open in
// its browser.
//
// AnkiConnect action: updateNoteFields.
func (c *Client) UpdateNoteFields(ctx context.Context, update NoteUpdate) error {
	return actUpdateNoteFields.exec(ctx, c, noteUpdateParams{Note: update})
}

// UpdateNoteFields queues the updateNoteFields action; see
// Client.UpdateNoteFields.
func (m *Multi) UpdateNoteFields(update NoteUpdate) *Pending[Nothing] {
	return actUpdateNoteFields.queue(m, noteUpdateParams{Note: update})
}

// UpdateNote changes a note's fields (as UpdateNoteFields) and then its
// tags (as UpdateNoteTags), each only when non-nil in update; a failed tag
// update does not undo the fields. It fails when both are nil, and with
// ErrNoteNotFound for an unknown ID.
//
// AnkiConnect action: updateNote.
func (c *Client) UpdateNote(ctx context.Context, update NoteUpdate) error {
	return actUpdateNote.exec(ctx, c, noteUpdateParams{Note: update})
}

// UpdateNote queues the updateNote action; see Client.UpdateNote.
func (m *Multi) UpdateNote(update NoteUpdate) *Pending[Nothing] {
	return actUpdateNote.queue(m, noteUpdateParams{Note: update})
}

// UpdateNoteModel moves a note to another note type, with new field values
// and tags (see NoteModelChange). It fails with ErrNoteNotFound for an
// unknown ID and with "Model 'X' not found" (ErrModelNotFound) for an
// unknown note type.
//
// AnkiConnect action: updateNoteModel.
func (c *Client) UpdateNoteModel(ctx context.Context, change NoteModelChange) error {
	return actUpdateNoteModel.exec(ctx, c, noteModelParams{Note: change})
}

// UpdateNoteModel queues the updateNoteModel action; see
// Client.UpdateNoteModel.
func (m *Multi) UpdateNoteModel(change NoteModelChange) *Pending[Nothing] {
	return actUpdateNoteModel.queue(m, noteModelParams{Note: change})
}

// UpdateNoteTags replaces a note's tags with tags (an empty list removes
// them all). AnkiConnect adds each tag as a space-separated list, so a tag
// containing a space becomes several. It fails with ErrNoteNotFound for an
// unknown ID.
//
// AnkiConnect action: updateNoteTags.
func (c *Client) UpdateNoteTags(ctx context.Context, note NoteID, tags []string) error {
	return actUpdateNoteTags.exec(ctx, c, noteTagsParams{Note: note, Tags: tags})
}

// UpdateNoteTags queues the updateNoteTags action; see
// Client.UpdateNoteTags.
func (m *Multi) UpdateNoteTags(note NoteID, tags []string) *Pending[Nothing] {
	return actUpdateNoteTags.queue(m, noteTagsParams{Note: note, Tags: tags})
}

// GetNoteTags returns a note's tags, sorted case-insensitively. It fails
// with ErrNoteNotFound for an unknown ID.
//
// AnkiConnect action: getNoteTags.
func (c *Client) GetNoteTags(ctx context.Context, note NoteID) ([]string, error) {
	return actGetNoteTags.call(ctx, c, noteIDParams{Note: note})
}

// GetNoteTags queues the getNoteTags action; see Client.GetNoteTags.
func (m *Multi) GetNoteTags(note NoteID) *Pending[[]string] {
	return actGetNoteTags.queue(m, noteIDParams{Note: note})
}

// AddTags adds the tags to the notes; unknown note IDs are ignored. A tag
// containing a space fails with ErrInvalidTag before anything is sent.
//
// AnkiConnect action: addTags.
func (c *Client) AddTags(ctx context.Context, notes []NoteID, tags []string) error {
	return actAddTags.exec(ctx, c, tagsParams{Notes: notes, Tags: tags})
}

// AddTags queues the addTags action; see Client.AddTags. A tag containing a
// space is not queued: the Pending reports ErrInvalidTag at once.
func (m *Multi) AddTags(notes []NoteID, tags []string) *Pending[Nothing] {
	return actAddTags.queue(m, tagsParams{Notes: notes, Tags: tags})
}

// RemoveTags removes the tags, and their child tags ("a" also removes
// "a::b"), from the notes, matching case-insensitively; unknown note IDs are
// ignored. GetTags still lists removed tags until ClearUnusedTags. A tag
// containing a space fails with ErrInvalidTag before anything is sent.
//
// AnkiConnect action: removeTags.
func (c *Client) RemoveTags(ctx context.Context, notes []NoteID, tags []string) error {
	return actRemoveTags.exec(ctx, c, tagsParams{Notes: notes, Tags: tags})
}

// RemoveTags queues the removeTags action; see Client.RemoveTags. A tag
// containing a space is not queued: the Pending reports ErrInvalidTag at
// once.
func (m *Multi) RemoveTags(notes []NoteID, tags []string) *Pending[Nothing] {
	return actRemoveTags.queue(m, tagsParams{Notes: notes, Tags: tags})
}

// GetTags returns every tag in the collection's tag list, sorted
// case-insensitively. The list keeps tags no note uses any more until
// ClearUnusedTags.
//
// AnkiConnect action: getTags.
func (c *Client) GetTags(ctx context.Context) ([]string, error) {
	return actGetTags.call(ctx, c, noParams{})
}

// GetTags queues the getTags action; see Client.GetTags.
func (m *Multi) GetTags() *Pending[[]string] { return actGetTags.queue(m, noParams{}) }

// ClearUnusedTags drops the tags no note uses from the collection's tag
// list (see GetTags).
//
// AnkiConnect action: clearUnusedTags.
func (c *Client) ClearUnusedTags(ctx context.Context) error {
	return actClearUnusedTags.exec(ctx, c, noParams{})
}

// ClearUnusedTags queues the clearUnusedTags action; see
// Client.ClearUnusedTags.
func (m *Multi) ClearUnusedTags() *Pending[Nothing] { return actClearUnusedTags.queue(m, noParams{}) }

// ReplaceTags replaces the tag tagToReplace (matched case-insensitively)
// with replaceWithTag on those of the notes that have it; unknown note IDs
// are skipped. Each argument is one tag: a space in replaceWithTag makes
// two tags.
//
// AnkiConnect action: replaceTags.
func (c *Client) ReplaceTags(ctx context.Context, notes []NoteID, tagToReplace, replaceWithTag string) error {
	return actReplaceTags.exec(ctx, c, replaceTagsParams{notes, replaceTagsAllParams{tagToReplace, replaceWithTag}})
}

// ReplaceTags queues the replaceTags action; see Client.ReplaceTags.
func (m *Multi) ReplaceTags(notes []NoteID, tagToReplace, replaceWithTag string) *Pending[Nothing] {
	return actReplaceTags.queue(m, replaceTagsParams{notes, replaceTagsAllParams{tagToReplace, replaceWithTag}})
}

// ReplaceTagsInAllNotes is ReplaceTags over every note in the collection.
//
// AnkiConnect action: replaceTagsInAllNotes.
func (c *Client) ReplaceTagsInAllNotes(ctx context.Context, tagToReplace, replaceWithTag string) error {
	return actReplaceTagsInAllNotes.exec(ctx, c, replaceTagsAllParams{tagToReplace, replaceWithTag})
}

// ReplaceTagsInAllNotes queues the replaceTagsInAllNotes action; see
// Client.ReplaceTagsInAllNotes.
func (m *Multi) ReplaceTagsInAllNotes(tagToReplace, replaceWithTag string) *Pending[Nothing] {
	return actReplaceTagsInAllNotes.queue(m, replaceTagsAllParams{tagToReplace, replaceWithTag})
}

// FindNotes returns the IDs of the notes matching an Anki search query, such
// as `deck:French tag:verb`, in no particular order (see Query for building
// one safely). An invalid query fails with ErrInvalidSearch.
//
// AnkiConnect action: findNotes.
func (c *Client) FindNotes(ctx context.Context, query string) ([]NoteID, error) {
	return actFindNotes.call(ctx, c, queryParams{Query: query})
}

// FindNotes queues the findNotes action; see Client.FindNotes.
func (m *Multi) FindNotes(query string) *Pending[[]NoteID] {
	return actFindNotes.queue(m, queryParams{Query: query})
}

// NotesInfo describes each note, in order; nil for an ID that matches no
// note. NotesInfoByQuery takes a search query instead.
//
// AnkiConnect action: notesInfo.
func (c *Client) NotesInfo(ctx context.Context, notes []NoteID) (NoteInfos, error) {
	return actNotesInfo.call(ctx, c, noteIDsParams{Notes: notes})
}

// NotesInfo queues the notesInfo action; see Client.NotesInfo.
func (m *Multi) NotesInfo(notes []NoteID) *Pending[NoteInfos] {
	return actNotesInfo.queue(m, noteIDsParams{Notes: notes})
}

// NotesInfoByQuery describes the notes matching an Anki search query, in
// no particular order. An invalid query fails with ErrInvalidSearch.
//
// AnkiConnect action: notesInfo.
func (c *Client) NotesInfoByQuery(ctx context.Context, query string) (NoteInfos, error) {
	return actNotesInfoByQuery.call(ctx, c, queryParams{Query: query})
}

// NotesInfoByQuery queues the notesInfo action with a query; see
// Client.NotesInfoByQuery.
func (m *Multi) NotesInfoByQuery(query string) *Pending[NoteInfos] {
	return actNotesInfoByQuery.queue(m, queryParams{Query: query})
}

// NotesModTime returns each note's modification time, in order; nil for an
// ID that matches no note. It is much faster than NotesInfo.
//
// AnkiConnect action: notesModTime.
func (c *Client) NotesModTime(ctx context.Context, notes []NoteID) (NoteModTimes, error) {
	return actNotesModTime.call(ctx, c, noteIDsParams{Notes: notes})
}

// NotesModTime queues the notesModTime action; see Client.NotesModTime.
func (m *Multi) NotesModTime(notes []NoteID) *Pending[NoteModTimes] {
	return actNotesModTime.queue(m, noteIDsParams{Notes: notes})
}

// DeleteNotes deletes the notes and all their cards; unknown IDs are
// ignored.
//
// AnkiConnect action: deleteNotes.
func (c *Client) DeleteNotes(ctx context.Context, notes []NoteID) error {
	return actDeleteNotes.exec(ctx, c, noteIDsParams{Notes: notes})
}

// DeleteNotes queues the deleteNotes action; see Client.DeleteNotes.
func (m *Multi) DeleteNotes(notes []NoteID) *Pending[Nothing] {
	return actDeleteNotes.queue(m, noteIDsParams{Notes: notes})
}

// RemoveEmptyNotes does not do what its name says: it deletes every note
// type (model) that no note uses, stock ones such as Cloze included, and
// leaves notes alone. AnkiConnect's documentation claims it removes empty
// notes; no action does that.
//
// AnkiConnect action: removeEmptyNotes.
func (c *Client) RemoveEmptyNotes(ctx context.Context) error {
	return actRemoveEmptyNotes.exec(ctx, c, noParams{})
}

// RemoveEmptyNotes queues the removeEmptyNotes action; see
// Client.RemoveEmptyNotes (it deletes unused note types, not notes).
func (m *Multi) RemoveEmptyNotes() *Pending[Nothing] { return actRemoveEmptyNotes.queue(m, noParams{}) }
