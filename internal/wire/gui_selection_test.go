package wire

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// TestBrowserRestoreSelection: after its rows change, the browser selects
// what Anki's table selects: the surviving selection, else the previous
// current row, else the first row; never more than one row once the
// survivors reach the selection limit; nothing when no rows are shown.
func TestBrowserRestoreSelection(t *testing.T) {
	many := make([]int64, browserSelectionLimit+1)
	for i := range many {
		many[i] = int64(100 + i)
	}
	cases := []struct {
		name         string
		selected     []int64
		current      int64
		rows         []int64
		wantSelected []int64
		wantCurrent  int64
	}{
		{"nothing selected: the first row", nil, 0, []int64{3, 1, 2}, []int64{3}, 3},
		{"a survivor stays", []int64{2}, 2, []int64{1, 2}, []int64{2}, 2},
		{"survivors in display order", []int64{1, 2, 3}, 3, []int64{9, 3, 1}, []int64{3, 1}, 3},
		{"current in row 0 counts as none", []int64{1, 2}, 2, []int64{2, 9, 1}, []int64{2, 1}, 1},
		{"none survives: the first row", []int64{5}, 5, []int64{7, 8}, []int64{7}, 7},
		{"no rows: nothing", []int64{5}, 5, nil, nil, 0},
		{"at the limit: the current row only", many, many[7], many, []int64{many[7]}, many[7]},
		{"at the limit, current gone: the first survivor", many[1:], 1, append([]int64{1}, many[1:]...), []int64{many[1]}, many[1]},
		{"below the limit all stay", many[:browserSelectionLimit-1], many[3], many, many[:browserSelectionLimit-1], many[3]},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := &browserState{cards: tc.rows, selected: tc.selected, current: tc.current}
			b.restoreSelection()
			if d := cmp.Diff(tc.wantSelected, b.selected, cmpopts.EquateEmpty()); d != "" {
				t.Errorf("selected (-want +got):\n%s", d)
			}
			if b.current != tc.wantCurrent {
				t.Errorf("current = %d, want %d", b.current, tc.wantCurrent)
			}
		})
	}
}
