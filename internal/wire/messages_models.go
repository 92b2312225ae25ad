package wire

// Messages the model actions (actions_models.go) need beyond messages.go:
// Python's own errors for a list index that is not an integer (a value
// that is not an int at all is MsgNotInteger, in messages_sched.go).
const (
	// MsgIntTooLarge is Python's OverflowError for an index beyond 64 bits.
	MsgIntTooLarge = "Python int too large to convert to C ssize_t"
)
