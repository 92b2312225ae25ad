package wire

// Messages of the statistics and review-log actions (actions_stats.go).
//
// insertReviews builds one SQL INSERT from the rows' Python str() and runs
// it through Anki's database proxy, so its failures are SQLite's, wrapped
// by Anki's backend as the Debug text of its DbError (reconstructed from
// rusqlite's and rslib's error types; the SQLite texts are SQLite's own).
const (
	// MsgRevlogIDTaken: a row's ID is already in the review log, or is
	// repeated among the rows (the ID is the table's primary key). Nothing
	// is inserted.
	MsgRevlogIDTaken = `DbError { info: "SqliteFailure(Error { code: ConstraintViolation, extended_code: 1555 }, Some(\"UNIQUE constraint failed: revlog.id\"))", kind: Other }`
	// MsgRevlogValuesCount takes the number of values in every row when it
	// is not 9.
	MsgRevlogValuesCount = `DbError { info: "SqliteFailure(Error { code: Unknown, extended_code: 1 }, Some(\"%d values for 9 columns\"))", kind: Other }`
	// MsgRevlogValuesDiffer: the rows do not all have the same length.
	MsgRevlogValuesDiffer = `DbError { info: "SqliteFailure(Error { code: Unknown, extended_code: 1 }, Some(\"all VALUES must have the same number of terms\"))", kind: Other }`
	// MsgNoLen is Python's TypeError for len() of a value without a length
	// (insertReviews with reviews null or a number); it takes the type name.
	MsgNoLen = "object of type '%s' has no len()"
)

// The fake's own messages for insertReviews rows it cannot store: the
// add-on would paste them into its SQL text, with results that depend on
// SQLite's parsing (a string becomes a column name, a fraction a REAL).
const (
	// MsgReviewRowNotList takes the row's index and its Python type name.
	MsgReviewRowNotList = "insertReviews: review %d is a %s, not a list of 9 integers"
	// MsgReviewValueNotInt takes the row's index, the value's index and its
	// Python repr.
	MsgReviewValueNotInt = "insertReviews: review %d, value %d is %s: the fake stores only integers"
	// MsgReviewRowEmpty takes the row's index (an empty row is an SQL
	// syntax error in the add-on).
	MsgReviewRowEmpty = "insertReviews: review %d is empty"
)
