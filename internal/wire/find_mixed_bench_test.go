package wire

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// BenchmarkFindNotesMixed100k is findNotes over 100,000 notes with a
// change between every k finds (k = 1, 2, 5, 20; 0 for none): the change
// is addTags or removeTags on one note, alternately; the finds cycle
// through BenchmarkFindNotes100k's three queries, a run of k of each. One
// op is one find and its share of the changes, so that a workload whose
// finds get faster but whose changes make them rebuild shows it.
func BenchmarkFindNotesMixed100k(b *testing.B) {
	srv := benchServer(b, 100_000)
	send := inProcessSender(srv)
	var nid int64
	_ = srv.Do(context.Background(), func(e *Env) error {
		nid = e.Col.AllNotes()[500].ID
		return nil
	})
	var finds []string
	for _, q := range []string{`deck:\"Deck 3\"`, `tag:tag42`, `\"Front:front 4*\"`} {
		finds = append(finds, `{"action": "findNotes", "version": 6, "params": {"query": "`+q+`"}}`)
	}
	writes := []string{
		fmt.Sprintf(`{"action": "addTags", "version": 6, "params": {"notes": [%d], "tags": "mixed"}}`, nid),
		fmt.Sprintf(`{"action": "removeTags", "version": 6, "params": {"notes": [%d], "tags": "mixed"}}`, nid),
	}
	for _, every := range []int{1, 2, 5, 20, 0} {
		b.Run(fmt.Sprintf("write-every-%d", every), func(b *testing.B) {
			b.ReportAllocs()
			i, w := 0, 0
			for b.Loop() {
				if every > 0 && i%every == 0 {
					if r := post(b, send, writes[w%2]); r != `{"result": null, "error": null}` {
						b.Fatalf("write failed: %.200s", r)
					}
					w++
				}
				if r := post(b, send, finds[(i/max(every, 1))%len(finds)]); !strings.HasPrefix(r, `{"result": [`) {
					b.Fatalf("findNotes failed: %.200s", r)
				}
				i++
			}
		})
	}
}
