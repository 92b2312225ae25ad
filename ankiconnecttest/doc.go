// Package ankiconnecttest provides a fake AnkiConnect for tests: an
// in-memory Anki collection served over real HTTP on loopback, as the
// add-on serves it, so code that talks to Anki runs in tests without Anki.
// It is to package ankiconnect what net/http/httptest is to net/http.
//
//	func TestImport(t *testing.T) {
//		fake := ankiconnecttest.New(t) // closed when the test ends
//		if err := myapp.Import(ctx, fake.URL(), words); err != nil {
//			t.Fatal(err)
//		}
//		if got := len(fake.Notes()); got != len(words) {
//			t.Errorf("%d notes, want %d", got, len(words))
//		}
//	}
//
// The fake answers every one of AnkiConnect's actions with the add-on's
// validation, error messages, version handling, API-key and CORS rules,
// starting from Anki's fresh collection (the Default deck and the six stock
// note types). Searches run Anki's search language; cards are generated and
// rendered from their note type's templates; answers go through Anki's
// scheduler with a clock the test controls (WithTime, Fake.Advance).
//
// Seed and inspect the collection without HTTP (Fake.AddNote, Fake.Notes,
// Fake.Cards, Fake.GUI, Fake.Calls, ...), and make the fake fail on purpose
// as a busy, slow, old or absent Anki does (Fake.FailNext, Fake.DropNext,
// Fake.DownFor, Fake.SetOldServer). Command cmd/fakeanki serves the same
// fake to programs in any language.
//
// The engine behind the fake shares no code with package ankiconnect's
// client, so a bug cannot hide on both sides.
package ankiconnecttest
