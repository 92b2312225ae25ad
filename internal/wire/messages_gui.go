package wire

// The fake's own messages for its Anki window (gui.go); the add-on's gui*
// messages are in messages.go.
const (
	// MsgUnknownBrowserColumn takes a column key that Anki's card browser
	// does not have.
	MsgUnknownBrowserColumn = "unknown browser column %q"
)
