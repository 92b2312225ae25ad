package wire

// Every message the fake sends, in one place. The add-on's messages are
// verbatim (wire spec section 3 and the notes of actions.tsv); a format verb
// marks where the add-on inserts a value (Python str() of it unless noted).
// Messages that are the fake's own, with no counterpart in the add-on, are
// grouped at the end. Handler engineers add messages here through the wire
// owner.

// Request handling (web.py and the handler in __init__.py).
const (
	// MsgBanner is the apiVersion value of the reply to an empty body.
	MsgBanner = "AnkiConnect v.6"
	// MsgInvalidAPIKey: the request's key differs from the configured one.
	MsgInvalidAPIKey = "valid api key must be provided"
	// MsgUnsupportedAction: no API method has the action's name.
	MsgUnsupportedAction = "unsupported action"
)

// Python's TypeError texts for method(**params) (Python >= 3.10 qualnames).
const (
	// MsgTypeErrorMissingOne takes the method name and the quoted param: 'note'.
	MsgTypeErrorMissingOne = "AnkiConnect.%s() missing 1 required positional argument: %s"
	// MsgTypeErrorMissingMany takes the method name, the count and the quoted
	// list: 'a' and 'b', or 'a', 'b', and 'c'.
	MsgTypeErrorMissingMany = "AnkiConnect.%s() missing %d required positional arguments: %s"
	// MsgTypeErrorUnexpectedKeyword takes the method name and the keyword.
	MsgTypeErrorUnexpectedKeyword = "AnkiConnect.%s() got an unexpected keyword argument '%s'"
	// MsgTypeErrorMultipleValues takes the method name and the keyword (only
	// "self" can collide).
	MsgTypeErrorMultipleValues = "AnkiConnect.%s() got multiple values for argument '%s'"
	// MsgTypeErrorNotMapping takes the method name and the Python type name
	// of params inside multi. The module is the AnkiWeb add-on's folder name.
	MsgTypeErrorNotMapping = "2055492159.AnkiConnect.%s() argument after ** must be a mapping, not %s"
	// MsgAttributeErrorGet takes the Python type name of a multi element that
	// is not an object.
	MsgAttributeErrorGet = "'%s' object has no attribute 'get'"
	// MsgTypeErrorNotIterable takes the Python type name of multi's actions.
	MsgTypeErrorNotIterable = "'%s' object is not iterable"
	// MsgTypeErrorVersionCompare takes the Python type name of a non-numeric
	// version inside multi (raised after the action ran).
	MsgTypeErrorVersionCompare = "'<=' not supported between instances of '%s' and 'int'"
	// MsgTypeErrorAttributeName takes the Python type name of a non-string in
	// apiReflect's actions list.
	MsgTypeErrorAttributeName = "attribute name must be string, not '%s'"
	// MsgIndexOutOfRange is Python's IndexError text (areDue, getIntervals,
	// setEaseFactors with a short list).
	MsgIndexOutOfRange = "list index out of range"
	// MsgKeyError takes the Python repr of the missing key: 'fields'.
	MsgKeyError = "%s"
)

// Body decoding (web.py: bytes.decode('utf-8'), json.loads, jsonschema).
const (
	// MsgUTF8Byte takes the byte, its position and the reason.
	MsgUTF8Byte = "'utf-8' codec can't decode byte 0x%02x in position %d: %s"
	// MsgUTF8Bytes takes the first and last positions and the reason.
	MsgUTF8Bytes = "'utf-8' codec can't decode bytes in position %d-%d: %s"
	// The UTF-8 decoder's reasons.
	MsgUTF8InvalidStart        = "invalid start byte"
	MsgUTF8InvalidContinuation = "invalid continuation byte"
	MsgUTF8UnexpectedEnd       = "unexpected end of data"

	// MsgJSONAt is json.JSONDecodeError's layout: message, line, column, char.
	MsgJSONAt = "%s: line %d column %d (char %d)"
	// json.loads messages (CPython 3.13 C scanner).
	MsgJSONBOM                  = "Unexpected UTF-8 BOM (decode using utf-8-sig)"
	MsgJSONExpectingValue       = "Expecting value"
	MsgJSONExpectingPropertyKey = "Expecting property name enclosed in double quotes"
	MsgJSONExpectingColon       = "Expecting ':' delimiter"
	MsgJSONExpectingComma       = "Expecting ',' delimiter"
	MsgJSONTrailingCommaObject  = "Illegal trailing comma before end of object"
	MsgJSONTrailingCommaArray   = "Illegal trailing comma before end of array"
	MsgJSONUnterminatedString   = "Unterminated string starting at"
	MsgJSONControlCharacter     = "Invalid control character at"
	MsgJSONInvalidEscape        = "Invalid \\escape"
	MsgJSONInvalidUnicodeEscape = "Invalid \\uXXXX escape"
	MsgJSONExtraData            = "Extra data"
	// MsgJSONRecursion is Python's RecursionError for very deep nesting.
	MsgJSONRecursion = "maximum recursion depth exceeded while decoding a JSON %s from a unicode string"

	// jsonschema messages; the first takes the Python repr of the instance
	// and the type name.
	MsgSchemaType     = "%s is not of type '%s'"
	MsgSchemaRequired = "'action' is a required property"
	MsgSchemaNonEmpty = "'' should be non-empty"
	// MsgSchemaDetail is jsonschema's trailer: validator, schema path, schema
	// repr, instance path, instance repr.
	MsgSchemaDetail = "\n\nFailed validating '%s' in %s:\n    %s\n\nOn %s:\n    %s"
)

// Looking things up (getCard, getNote, model and deck lookups).
const (
	// MsgCardNotFound takes the card ID.
	MsgCardNotFound = "Card was not found: %d"
	// MsgNoteNotFound takes the note ID.
	MsgNoteNotFound = "Note was not found: %d"
	// MsgModelNotFound takes a model name or ID.
	MsgModelNotFound = "model was not found: %v"
	// MsgDeckNotFound takes a deck name (or, unreachably, an ID).
	MsgDeckNotFound = "deck was not found: %v"
	// MsgFieldNotFound takes the model name and the field name.
	MsgFieldNotFound = "field was not found in %s: %s"
	// MsgTemplateNotFound takes the model name and the template name.
	MsgTemplateNotFound = "template was not found in %s: %s"
	// MsgNoSuchNote is the backend's text where the add-on does not wrap a
	// missing note (guiEditNote); it takes the note ID.
	MsgNoSuchNote = "Your database appears to be in an inconsistent state. " +
		"Please use the Check Database action. No such note: '%d'"
)

// Notes (createNote, addNote, addNotes, updates, tags, notesInfo).
const (
	MsgNoteEmpty         = "cannot create note because it is empty"
	MsgNoteDuplicate     = "cannot create note because it is a duplicate"
	MsgNoteUnknownReason = "cannot create note for unknown reason"

	MsgOptionAllowDuplicate = `option parameter "allowDuplicate" must be boolean`
	MsgOptionCheckChildren  = `option parameter "duplicateScopeOptions.checkChildren" must be boolean`
	MsgOptionCheckAllModels = `option parameter "duplicateScopeOptions.checkAllModels" must be boolean`

	MsgUpdateNoteNothing = `Must provide a "fields" or "tags" property.`
	MsgTagsNotList       = "Must provide tags as a list of strings"
	MsgNotesInfoNoArgs   = `Must provide either "notes" or a "query"`

	// updateNoteModel's ValueErrors; the last takes the model name.
	MsgNoteIDRequired     = "Note ID is required"
	MsgModelNameRequired  = "Model name is required"
	MsgFieldsNotDict      = "Fields must be provided as a dictionary"
	MsgModelNotFoundQuote = "Model '%s' not found"
)

// Decks.
const (
	MsgDeleteDecksWithoutCards = "Since Anki 2.1.28 it's not possible to delete decks without deleting cards as well"
	// MsgDefaultConf is the backend's refusal to remove option group 1.
	MsgDefaultConf = "can't delete default conf"
)

// Models.
const (
	MsgCreateModelNoFields    = "Must provide at least one field for inOrderFields"
	MsgCreateModelNoTemplates = "Must provide at least one card for cardTemplates"
	MsgModelNameExists        = "Model name already exists"
	// The field setters take the rejected value.
	MsgFontNotString        = "font should be a string: %s"
	MsgFontSizeNotInteger   = "fontSize should be an integer: %s"
	MsgDescriptionNotString = "description should be a string: %s"
)

// Media: the media actions' error texts (no source, download failed,
// base64 and file system errors) are defined once, in internal/collection's
// media.go, whose errors carry them to the reply unchanged.

// Graphical actions.
const (
	// guiBrowse's reorderCards checks; each takes the rejected value. The
	// stray quote at the end of MsgReorderNeedsKeys is in the add-on.
	MsgReorderNotDict   = "reorderCards should be a dict: %s"
	MsgReorderNeedsKeys = `Must provide a "columnId" and a "order" property"`
	MsgInvalidCardOrder = "invalid card order: %s"
	MsgInvalidColumnID  = "invalid columnId: %s"

	MsgGuiReviewNotActive = "Gui review is not currently active."

	// guiAddNoteSetData errors; each takes a name.
	MsgAddNoteDeckNotFound  = `Deck "%s" not found`
	MsgAddNoteModelNotFound = `Model "%s" not found`
	MsgAddNoteFieldNotFound = `Field "%s" not found in current note`
	// MsgAddNoteDialogClosed is the error value inside guiAddNoteSetData's
	// successful result {"error": ..., "code": 1}.
	MsgAddNoteDialogClosed = "Add Note dialog is not open"
)

// Miscellaneous.
const (
	MsgScopesInvalid  = "scopes has invalid value"
	MsgActionsInvalid = "actions has invalid value"
)

// The fake's own messages (no counterpart in the add-on).
const (
	// MsgParamType takes the param, " at <path>" or "", the expected type
	// and the JSON type received.
	MsgParamType = "invalid value for parameter '%s'%s: expected %s, got %s"
	// MsgParamConstant: NaN, Infinity or -Infinity where the fake keeps
	// numbers it cannot represent them (a float would be accepted).
	MsgParamConstant = "NaN, Infinity and -Infinity are not supported here"
	// MsgParamInvalid takes the param and the decoder's error.
	MsgParamInvalid = "invalid value for parameter '%s': %v"
	// MsgBodyTooLarge takes the body length and the limit.
	MsgBodyTooLarge = "request body of %d bytes exceeds the fake's limit of %d bytes"
	// MsgBodyRead takes the bytes received, the length declared and the
	// read error.
	MsgBodyRead = "reading the request body: %d of %d bytes received: %v"
	// MsgBodyStalled takes the bytes received, the length declared and the
	// stall timeout.
	MsgBodyStalled = "reading the request body: %d of %d bytes received, then nothing for %v"
	// MsgBodyStopped takes the bytes received and the length declared.
	MsgBodyStopped = "reading the request body: %d of %d bytes received when the fake began to shut down"
	// MsgInternal takes the recovered panic value.
	MsgInternal = "fake AnkiConnect internal error in %s: %v"
)
