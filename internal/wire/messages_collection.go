package wire

import "fmt"

// addonError is an error whose text is one of the add-on's messages,
// verbatim (capitalised and punctuated as the add-on words it).
type addonError string

func (e addonError) Error() string { return string(e) }

// addonErrorf formats one of the add-on's messages as an addonError.
func addonErrorf(format string, args ...any) error {
	return addonError(fmt.Sprintf(format, args...))
}

// Messages the collection handlers (actions_decks.go, actions_notes.go,
// actions_cards.go) need beyond messages.go: Python's own error texts for
// values of the wrong type, which the add-on passes through str(e).
const (
	// MsgListIndicesNotStr is Python's TypeError for list["key"].
	MsgListIndicesNotStr = "list indices must be integers or slices, not str"
	// MsgStringIndicesNotStr is Python's TypeError for "text"["key"].
	MsgStringIndicesNotStr = "string indices must be integers, not 'str'"
	// MsgNotSubscriptable takes the Python type name of a value subscripted
	// with a key (None, a number, a bool).
	MsgNotSubscriptable = "'%s' object is not subscriptable"
	// MsgNoAttribute takes a Python type name and an attribute: createNote
	// calls note["fields"].items().
	MsgNoAttribute = "'%s' object has no attribute '%s'"
	// MsgIntLiteral takes the repr of a string int() cannot parse.
	MsgIntLiteral = "invalid literal for int() with base 10: %s"
	// MsgIntArgType takes the Python type name of a value int() refuses.
	MsgIntArgType = "int() argument must be a string, a bytes-like object or a real number, not '%s'"
	// MsgIntFromNaN is int(float('nan'))'s ValueError.
	MsgIntFromNaN = "cannot convert float NaN to integer"
	// MsgIntFromInf is int(float('inf'))'s OverflowError (a JSON number
	// too large for a float, such as 1e400, is inf too).
	MsgIntFromInf = "cannot convert float infinity to integer"
	// MsgBadArgumentType is the protobuf TypeError when a note field or tag
	// that is not a string reaches the backend.
	MsgBadArgumentType = "bad argument type for built-in operation"
	// MsgNoteIDNotInt is the fake's own text for a note ID that is not an
	// integer (the backend's protobuf conversion fails there); it takes the
	// value's repr.
	MsgNoteIDNotInt = "note ID must be an integer, not %s"
)
