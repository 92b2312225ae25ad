package bench

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"

	"github.com/ankiconnect-go/ankiconnect"
)

// SeedNotes fills a fresh collection through c with the benchmarks'
// workload: the decks French, French::Verbs, Japanese and
// Japanese::JLPT N5, and 10,000 Basic notes in Default with HTML in their
// fields and two tags each. It returns the notes' IDs.
func SeedNotes(ctx context.Context, c *ankiconnect.Client) ([]ankiconnect.NoteID, error) {
	for _, d := range []string{"French", "French::Verbs", "Japanese", "Japanese::JLPT N5"} {
		if _, err := c.CreateDeck(ctx, d); err != nil {
			return nil, err
		}
	}
	for batch := range 10 {
		notes := make([]ankiconnect.Note, 1000)
		for i := range notes {
			n := batch*1000 + i
			notes[i] = ankiconnect.Note{DeckName: "Default", ModelName: "Basic",
				Fields: map[string]string{"Front": fmt.Sprint("front ", n, " <b>bold</b>"), "Back": fmt.Sprint("back ", n, " &amp; more")},
				Tags:   []string{"bench", "tag" + strconv.Itoa(n%100)}}
		}
		if _, err := c.AddNotes(ctx, notes); err != nil {
			return nil, err
		}
	}
	ids, err := c.FindNotes(ctx, "deck:Default")
	if err == nil && len(ids) != 10_000 {
		err = fmt.Errorf("seeded 10,000 notes, found %d", len(ids))
	}
	return ids, err
}

// RawPost is the floor the client is measured against: a net/http POST of
// a pre-built body through hc, the reply read whole. The caller decodes it
// once, with json.Unmarshal.
func RawPost(ctx context.Context, hc *http.Client, url string, body []byte) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

// Median returns the middle of xs (the upper middle for an even count),
// or 0 for none; xs is left as it is.
func Median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}
