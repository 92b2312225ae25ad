package search

import (
	"fmt"
	"strings"
)

// Error is a malformed search. Its message is Anki's: "Invalid search: "
// followed by the reason, in the words Anki's backend uses, so a fake built on
// this package fails the way Anki does.
type Error struct {
	// Reason is the message without the "Invalid search: " prefix.
	Reason string
}

// Error implements error.
func (e *Error) Error() string { return "Invalid search: " + e.Reason }

// The reasons, as Anki's backend words them (rslib's search errors).
const (
	reasonMisplacedAnd  = "an `and` was found but it is not connecting two search terms. If you want to search for the word itself, wrap it in double quotes: `\"and\"`."
	reasonMisplacedOr   = "an `or` was found but it is not connecting two search terms. If you want to search for the word itself, wrap it in double quotes: `\"or\"`."
	reasonEmptyGroup    = "a group `(...)` was found, but there was nothing between the brackets to search for. If you want to search for literal brackets, wrap them in double quotes: `\"( )\"`."
	reasonUnopenedGroup = "a closing bracket `)` was found, but there was no opening bracket `(` preceding it. If you want to search for a literal `)`, wrap it in double quotes or prepend a backslash: `\")\"` or `\\)`."
	reasonUnclosedGroup = "an opening bracket `(` was found, but there was no closing bracket `)` following it. If you want to search for a literal `(`, wrap it in double quotes or prepend a backslash: `\"(\"` or `\\(` ."
	reasonEmptyQuote    = "a pair of double quotes `\"\"` was found, but there was nothing between them to search for. If you want to search for literal double quotes, prepend backslashes: `\\\"\\\"`."
	reasonUnclosedQuote = "an opening double quote `\"` was found, but there was no second one to close it. If you want to search for a literal `\"`, prepend a backslash: `\\\"`."
	reasonMissingKey    = "a colon `:` was found, but there was no keyword preceding it. If you want to search for a literal `:`, prepend a backslash: `\\:`."
	reasonInvalidFlag   = "`flag:` must be followed by a valid flag number: `1` (red), `2` (orange), `3` (green), `4` (blue), `5` (pink), `6` (turquoise), `7` (purple) or `0` (no flag)."
)

func fail(reason string) *Error { return &Error{Reason: reason} }

// tick replaces backticks in user text, as Anki does before quoting it in
// a message.
func tick(s string) string { return strings.ReplaceAll(s, "`", "'") }

func errUnknownEscape(seq string) *Error {
	return fail(fmt.Sprintf("the escape sequence `%s` is not defined. If you want to search for a literal backslash `\\`, prepend another one: `\\\\`.", tick(seq)))
}

func errInvalidArgument(term, arg string) *Error {
	return fail(fmt.Sprintf("`%s` was given an invalid argument '`%s`'.", term, tick(arg)))
}

func errInvalidPropOperator(prop string) *Error {
	return fail(fmt.Sprintf("`prop:%s` must be followed by one of the following comparison operators: `=`, `!=`, `<`, `>`, `<=` or `>=`.", prop))
}

// errExpected is one of Anki's "expected a ... in <context>, but found
// <provided>" reasons; what names the kind of number.
func errExpected(what, context, provided string) *Error {
	return fail(fmt.Sprintf("expected %s in \"`%s`\", but found \"`%s`\".", what, tick(context), tick(provided)))
}

const (
	expectNumber         = "a number"
	expectWhole          = "a whole number"
	expectPositiveWhole  = "a positive whole number"
	expectNegativeWhole  = "a whole number less than or equal to 0"
	expectAnswerButton   = "an answer button between 1-4"
	reasonInvalidDupe    = "invalid 'dupe:' search"
	reasonIDListTemplate = "expected only digits and commas in %s:"
)
