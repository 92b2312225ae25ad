package ankiconnect

// Test helpers of the internal tests that the external tests
// (package ankiconnect_test, which can import ankiconnecttest) share.
var (
	NotesWithFronts = notesWithFronts
	ResultSummary   = resultSummary
)

// DecodeReply is the client's decode of a reply body, for the decode
// benchmarks.
var DecodeReply = decodeReply
