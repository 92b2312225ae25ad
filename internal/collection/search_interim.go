package collection

import "errors"

// ErrSearchUnavailable is returned by FindCards and FindNotes while
// internal/search has not landed.
var ErrSearchUnavailable = errors.New("searching is not available yet in this fake (internal/search has not landed)")

// compileQuery turns an Anki search into a card predicate.
//
// INTERIM: internal/search (the one query evaluator) had not landed when
// this was written; until it does, every query fails with
// ErrSearchUnavailable. The replacement is
// search.Compile(query, c) and (*search.Query).MatchCard.
func (c *Collection) compileQuery(query string) (func(*Card) bool, error) {
	return nil, ErrSearchUnavailable
}
