package wire

// Messages of the card scheduling actions (actions_sched.go): the texts
// Anki's scheduler, its backend and Python's protobuf conversion raise,
// which the add-on passes through str(e).
const (
	// MsgInvalidEase is the Python scheduler's answerCard error for an ease
	// other than 1 to 4.
	MsgInvalidEase = "invalid ease"
	// MsgParseNumber is the backend's error for a setDueDate day count that
	// matches the syntax but does not fit 32 bits.
	MsgParseNumber = "A number was invalid or out of range."
	// MsgDueDateSyntax is the backend's error for setDueDate text that is
	// not Anki's due-date syntax: the text itself, nothing more.
	MsgDueDateSyntax = "%s"
	// MsgNotInteger is Python's TypeError for a value used as an integer
	// that is not an int or bool (a float, a string, a list, a dict or
	// None); it takes the value's Python type name. The backend's protobuf
	// card raises it for an integer column (or a card ID), list.insert for
	// a field or template index (actions_models.go).
	MsgNotInteger = "'%s' object cannot be interpreted as an integer"
	// MsgValueOutOfRange takes an integer too large (or negative) for the
	// protobuf column it is stored in.
	MsgValueOutOfRange = "Value out of range: %s"
	// MsgNoSuchCard is the backend's text when a card saved with a changed
	// "id" does not exist; it takes the ID.
	MsgNoSuchCard = "Your database appears to be in an inconsistent state. " +
		"Please use the Check Database action. No such card: '%d'"
	// MsgSetValueUnsupported is the fake's own text (Anki has none) for
	// setSpecificValueOfCard moving a card to another note or template,
	// which the fake's card index does not allow; it takes the key.
	MsgSetValueUnsupported = "the fake AnkiConnect cannot change a card's %s"
)
