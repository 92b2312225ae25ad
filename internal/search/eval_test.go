package search

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestSearchCases(t *testing.T) {
	col := newTestCollection()
	if len(searchCases) < 150 {
		t.Errorf("only %d search cases", len(searchCases))
	}
	for _, tc := range searchCases {
		t.Run(tc.query, func(t *testing.T) {
			q, err := Compile(col.expandIDs(tc.query), col)
			if err != nil {
				t.Fatalf("Compile: %v", err)
			}
			cards, notes := col.run(q)
			wantCards := col.expect(tc.want)
			if diff := cmp.Diff(wantCards, cards, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("cards (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(notesOf(wantCards), notes, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("notes (-want +got):\n%s", diff)
			}
		})
	}
}

var idPlaceholder = regexp.MustCompile(`\{(\d+[a-z])\}`)

// expandIDs replaces {label} with the card's ID.
func (c *tCol) expandIDs(q string) string {
	return idPlaceholder.ReplaceAllStringFunc(q, func(m string) string {
		return strconv.FormatInt(c.cardID(m[1:len(m)-1]), 10)
	})
}

// expect turns a want column into sorted card labels.
func (c *tCol) expect(want string) []string {
	fields := strings.Fields(want)
	if len(fields) == 0 || fields[0] != "all" {
		return labels(want)
	}
	drop := map[string]bool{}
	for _, f := range fields[1:] {
		drop[strings.TrimPrefix(f, "-")] = true
	}
	var out []string
	for _, card := range c.cards {
		if !drop[card.label] {
			out = append(out, card.label)
		}
	}
	return labels(strings.Join(out, " "))
}

// notesOf returns the sorted note numbers of card labels.
func notesOf(cards []string) []int64 {
	var out []int64
	for _, l := range cards {
		var n int64
		fmt.Sscanf(l, "%d", &n)
		out = append(out, n)
	}
	slices.Sort(out)
	return slices.Compact(out)
}
