package ankiconnect

import "context"

type noteParams struct {
	Note Note `json:"note"`
}

type queryParams struct {
	Query string `json:"query"`
}

var (
	actAddNote   = define[noteParams, NoteID]("addNote", writes)
	actFindNotes = define[queryParams, []NoteID]("findNotes", reads)
)

// AddNote adds a note and returns its ID. It fails with ErrDuplicateNote or
// ErrEmptyNote when the first field is a duplicate (see NoteOptions) or
// empty, and with ErrDeckNotFound or ErrModelNotFound for unknown names.
//
// AnkiConnect action: addNote.
func (c *Client) AddNote(ctx context.Context, note Note) (NoteID, error) {
	return actAddNote.call(ctx, c, noteParams{Note: note})
}

// AddNote queues the addNote action; see Client.AddNote.
func (m *Multi) AddNote(note Note) *Pending[NoteID] {
	return actAddNote.queue(m, noteParams{Note: note})
}

// FindNotes returns the IDs of the notes matching an Anki search query, such
// as `deck:French tag:verb` (see Query for building one safely). An invalid
// query fails with ErrInvalidSearch.
//
// AnkiConnect action: findNotes.
func (c *Client) FindNotes(ctx context.Context, query string) ([]NoteID, error) {
	return actFindNotes.call(ctx, c, queryParams{Query: query})
}

// FindNotes queues the findNotes action; see Client.FindNotes.
func (m *Multi) FindNotes(query string) *Pending[[]NoteID] {
	return actFindNotes.queue(m, queryParams{Query: query})
}
