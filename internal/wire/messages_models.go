package wire

// Messages the model actions (actions_models.go) need beyond messages.go:
// Python's own errors for a list index that is not an integer.
const (
	// MsgNotAnIndex takes the Python type name of a value list.insert
	// refuses as an index.
	MsgNotAnIndex = "'%s' object cannot be interpreted as an integer"
	// MsgIntTooLarge is Python's OverflowError for an index beyond 64 bits.
	MsgIntTooLarge = "Python int too large to convert to C ssize_t"
)
