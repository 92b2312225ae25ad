// Package jsonv2 measures a decoder the client does not use, on the fake's
// real replies: encoding/json/v2 as github.com/go-json-experiment/json,
// with the options that make it decode as encoding/json does (names
// matched case-insensitively, repeated names and invalid UTF-8 allowed). It
// is a module of its own so that the client's go.mod does not require it.
// Run: cd bench/jsonv2 && go test -bench . -cpu 1
package jsonv2

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/ankiconnect-go/ankiconnect"
	"github.com/ankiconnect-go/ankiconnect/ankiconnecttest"
	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

var v1Compatible = jsonv2.JoinOptions(jsonv2.MatchCaseInsensitiveNames(true),
	jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))

type envelope[R any] struct {
	Result R       `json:"result"`
	Error  *string `json:"error"`
}

// replies returns the fake's replies to deckNames, findNotes of 10,000
// notes and notesInfo of 1,000.
func replies(b *testing.B) map[string][]byte {
	f := ankiconnecttest.New(b)
	c := f.Client()
	ctx := context.Background()
	for batch := range 10 {
		notes := make([]ankiconnect.Note, 1000)
		for i := range notes {
			n := batch*1000 + i
			notes[i] = ankiconnect.Note{DeckName: "Default", ModelName: "Basic", Tags: []string{"bench"},
				Fields: map[string]string{"Front": fmt.Sprint("front ", n), "Back": fmt.Sprint("back ", n, " &amp; more")}}
		}
		if _, err := c.AddNotes(ctx, notes); err != nil {
			b.Fatal(err)
		}
	}
	ids, err := c.FindNotes(ctx, "deck:Default")
	if err != nil {
		b.Fatal(err)
	}
	out := map[string][]byte{}
	for name, params := range map[string]any{
		"deckNames": map[string]any{}, "findNotes": map[string]any{"query": "deck:Default"},
		"notesInfo": map[string]any{"notes": ids[:1000]},
	} {
		body, _ := json.Marshal(map[string]any{"action": name, "version": 6, "params": params})
		resp, err := http.Post(f.URL(), "application/json", bytes.NewReader(body))
		if err != nil {
			b.Fatal(err)
		}
		out[name], err = io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			b.Fatal(err)
		}
	}
	return out
}

// compare decodes body with encoding/json and with v2 in turn and reports
// both medians and v2's ratio.
func compare[R any](b *testing.B, body []byte) {
	var t1, t2 []float64
	for b.Loop() {
		start := time.Now()
		var e1 envelope[R]
		if err := json.Unmarshal(body, &e1); err != nil {
			b.Fatal(err)
		}
		t1 = append(t1, float64(time.Since(start)))
		start = time.Now()
		var e2 envelope[R]
		if err := jsonv2.Unmarshal(body, &e2, v1Compatible); err != nil {
			b.Fatal(err)
		}
		t2 = append(t2, float64(time.Since(start)))
	}
	m1, m2 := median(t1), median(t2)
	b.ReportMetric(m1, "v1-ns")
	b.ReportMetric(m2, "v2-ns")
	b.ReportMetric(m2/m1, "v2/v1")
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}

func BenchmarkV2(b *testing.B) {
	r := replies(b)
	b.Run("deckNames", func(b *testing.B) { compare[[]string](b, r["deckNames"]) })
	b.Run("findNotes10k", func(b *testing.B) { compare[[]ankiconnect.NoteID](b, r["findNotes"]) })
	b.Run("notesInfo1k", func(b *testing.B) { compare[[]*ankiconnect.NoteInfo](b, r["notesInfo"]) })
}
