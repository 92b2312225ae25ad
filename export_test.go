package ankiconnect

// Test helpers of the internal tests that the external tests
// (package ankiconnect_test, which can import ankiconnecttest) share.
var (
	NotesWithFronts = notesWithFronts
	ResultSummary   = resultSummary
)
