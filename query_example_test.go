package ankiconnect_test

import (
	"fmt"

	"github.com/ankiconnect-go/ankiconnect"
)

// A query built from user input: the text matches literally, whatever
// characters it holds. Pass q.String() to FindNotes, FindCards,
// NotesInfoByQuery or GUIBrowse.
func ExampleQuery() {
	userInput := `50% off (today)`
	q := ankiconnect.And(
		ankiconnect.InDeck("Japanese::Verbs"),
		ankiconnect.Or(ankiconnect.HasTag("jlpt::n5"), ankiconnect.HasTag("jlpt::n4")),
		ankiconnect.Not(ankiconnect.InState(ankiconnect.StateSuspended)),
		ankiconnect.FieldContains("Meaning", userInput),
	)
	fmt.Println(q)

	fmt.Println(ankiconnect.Or(
		ankiconnect.RatedInLastDays(7, ankiconnect.EaseAgain),
		ankiconnect.ContainsText(`say "or"`),
	))
	// Output:
	// deck:Japanese::Verbs (tag:jlpt::n5 or tag:jlpt::n4) -is:suspended "Meaning:*50% off (today)*"
	// rated:7:1 or "say \"or\""
}
