package ankiconnect_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/ankiconnect-go/ankiconnect"
	"github.com/ankiconnect-go/ankiconnect/ankiconnecttest"
	"github.com/ankiconnect-go/ankiconnect/bench"
)

// The decode benchmarks compare the client's decode of a real reply (the
// fake's bytes) with the floor: one json.Unmarshal of the same bytes into
// plain structs with the same fields and no methods. Report the ratio
// client/floor of each pair; BENCHMARKS.md has today's.

// Plain copies of the result types that have an UnmarshalJSON or keep the
// JSON they came from: the same fields and field types, no methods. The
// result types without an UnmarshalJSON (NoteInfo, CardInfo) are their own
// floor.
type (
	plainModelField struct {
		Name              string `json:"name"`
		Ord               int    `json:"ord"`
		Sticky            bool   `json:"sticky"`
		RTL               bool   `json:"rtl"`
		Font              string `json:"font"`
		Size              int    `json:"size"`
		Description       string `json:"description"`
		PlainText         bool   `json:"plainText"`
		Collapsed         bool   `json:"collapsed"`
		ExcludeFromSearch bool   `json:"excludeFromSearch"`
		ID                int64  `json:"id"`
		PreventDeletion   bool   `json:"preventDeletion"`
	}
	plainModelTemplate struct {
		Name   string `json:"name"`
		Ord    int    `json:"ord"`
		QFmt   string `json:"qfmt"`
		AFmt   string `json:"afmt"`
		BQFmt  string `json:"bqfmt"`
		BAFmt  string `json:"bafmt"`
		DeckID int64  `json:"did"`
		BFont  string `json:"bfont"`
		BSize  int    `json:"bsize"`
		ID     int64  `json:"id"`
	}
	plainModel struct {
		ID        ankiconnect.ModelID   `json:"id"`
		Name      string                `json:"name"`
		Type      ankiconnect.ModelType `json:"type"`
		Mod       int64                 `json:"mod"`
		USN       int                   `json:"usn"`
		SortField int                   `json:"sortf"`
		DeckID    ankiconnect.DeckID    `json:"did"`
		Templates []plainModelTemplate  `json:"tmpls"`
		Fields    []plainModelField     `json:"flds"`
		CSS       string                `json:"css"`
		LatexPre  string                `json:"latexPre"`
		LatexPost string                `json:"latexPost"`
		LatexSVG  bool                  `json:"latexsvg"`
		// A requirement is a [template, kind, fields] list: the plain
		// equivalent is a list of its three raw elements.
		Req               [][]json.RawMessage `json:"req"`
		OriginalStockKind int                 `json:"originalStockKind"`
	}
)

// plainDeckConfig is DeckConfig without its kept JSON; dyn is a boolean
// or a number on the wire, so its plain form is a raw value.
type plainDeckConfig struct {
	ID       ankiconnect.DeckConfigID `json:"id"`
	Name     string                   `json:"name"`
	Mod      int64                    `json:"mod"`
	USN      int                      `json:"usn"`
	Dyn      json.RawMessage          `json:"dyn"`
	New      plainDeckConfigNew       `json:"new"`
	Rev      plainDeckConfigReview    `json:"rev"`
	Lapse    plainDeckConfigLapse     `json:"lapse"`
	MaxTaken int                      `json:"maxTaken"`
	Autoplay bool                     `json:"autoplay"`
	ReplayQ  bool                     `json:"replayq"`
	Timer    int                      `json:"timer"`
}

type plainDeckConfigNew struct {
	Delays        []float64 `json:"delays"`
	Ints          []int     `json:"ints"`
	InitialFactor int       `json:"initialFactor"`
	Order         int       `json:"order"`
	PerDay        int       `json:"perDay"`
	Bury          bool      `json:"bury"`
}

type plainDeckConfigReview struct {
	PerDay     int     `json:"perDay"`
	Ease4      float64 `json:"ease4"`
	IvlFct     float64 `json:"ivlFct"`
	HardFactor float64 `json:"hardFactor"`
	MaxIvl     int     `json:"maxIvl"`
	Bury       bool    `json:"bury"`
}

type plainDeckConfigLapse struct {
	Delays      []float64 `json:"delays"`
	Mult        float64   `json:"mult"`
	MinInt      int       `json:"minInt"`
	LeechFails  int       `json:"leechFails"`
	LeechAction int       `json:"leechAction"`
}

// envelopeOf is the plain reply envelope around R.
type envelopeOf[R any] struct {
	Result R       `json:"result"`
	Error  *string `json:"error"`
}

// decodeReplies are the fake's replies the decode benchmarks decode, made
// once per test binary.
var decodeReplies = map[string][]byte{}

func replyBytes(b *testing.B, name string) []byte {
	b.Helper()
	if len(decodeReplies) == 0 {
		makeDecodeReplies(b)
	}
	return decodeReplies[name]
}

// newConnClient opens a new connection for every request.
var newConnClient = &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}

// makeDecodeReplies seeds a fake with 10,000 Basic notes and records its
// replies to deckNames, findNotes (10,000 IDs), notesInfo and cardsInfo of
// 1,000 notes and findModelsByName of every note type.
func makeDecodeReplies(b *testing.B) {
	f := ankiconnecttest.New(b)
	ctx := context.Background()
	c := f.Client()
	ids, err := bench.SeedNotes(ctx, c)
	if err != nil {
		b.Fatal(err)
	}
	cards, err := c.FindCards(ctx, "deck:Default")
	if err != nil {
		b.Fatal(err)
	}
	models, err := c.ModelNames(ctx)
	if err != nil {
		b.Fatal(err)
	}
	post := func(name, action string, params any) {
		body, err := json.Marshal(map[string]any{"action": action, "version": 6, "params": params})
		if err != nil {
			b.Fatal(err)
		}
		// A new connection per request: the fake closes each one, as the
		// add-on does, so http.DefaultClient's reuse would be reset.
		reply, err := bench.RawPost(ctx, newConnClient, f.URL(), body)
		if err != nil || !bytes.HasSuffix(reply, []byte(`"error": null}`)) {
			b.Fatalf("%s: %v %.200s", action, err, reply)
		}
		decodeReplies[name] = reply
		if d := os.Getenv("DUMP_REPLIES"); d != "" {
			_ = os.WriteFile(d+"/"+name+".json", reply, 0o644)
		}
	}
	post("deckNames", "deckNames", map[string]any{})
	post("findNotes", "findNotes", map[string]any{"query": "deck:Default"})
	post("notesInfo", "notesInfo", map[string]any{"notes": ids[:1000]})
	post("cardsInfo", "cardsInfo", map[string]any{"cards": cards[:1000]})
	post("findModelsByName", "findModelsByName", map[string]any{"modelNames": models})
	post("getDeckConfig", "getDeckConfig", map[string]any{"deck": "Default"})
}

// benchDecode decodes one reply with the floor and the client in turn,
// in the same loop, so that a busy machine slows both alike; it reports
// both times and their ratio (client/floor, the figure BENCHMARKS.md
// gives).
func benchDecode[Floor, R any](b *testing.B, name string, check func(R) bool) {
	body := replyBytes(b, name)
	var p pair
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		p.floor(func() {
			var env envelopeOf[Floor]
			if err := json.Unmarshal(body, &env); err != nil || env.Error != nil {
				b.Fatal(err)
			}
		})
		p.client(func() {
			var r R
			if err := ankiconnect.DecodeReply(body, &r); err != nil || !check(r) {
				b.Fatal(err)
			}
		})
	}
	p.report(b)
}

// pair times a floor and a client run by run.
type pair struct{ floorNS, clientNS []float64 }

func (p *pair) floor(f func())  { p.floorNS = append(p.floorNS, timed(f)) }
func (p *pair) client(f func()) { p.clientNS = append(p.clientNS, timed(f)) }

func timed(f func()) float64 {
	start := time.Now()
	f()
	return float64(time.Since(start).Nanoseconds())
}

// report reports the median times of both and the ratio of the medians;
// ns/op covers the two together.
func (p *pair) report(b *testing.B) {
	f, c := bench.Median(p.floorNS), bench.Median(p.clientNS)
	b.ReportMetric(f, "floor-ns")
	b.ReportMetric(c, "client-ns")
	b.ReportMetric(c/f, "client/floor")
}

// BenchmarkDecode decodes real replies the way the client does and
// compares each with its floor.
func BenchmarkDecode(b *testing.B) {
	b.Run("deckNames", func(b *testing.B) {
		benchDecode[[]string](b, "deckNames", func(r []string) bool { return len(r) == 5 })
	})
	b.Run("findNotes10k", func(b *testing.B) {
		benchDecode[[]int64](b, "findNotes", func(r []ankiconnect.NoteID) bool { return len(r) == 10_000 })
	})
	b.Run("notesInfo1k", func(b *testing.B) {
		benchDecode[[]*ankiconnect.NoteInfo](b, "notesInfo", func(r ankiconnect.NoteInfos) bool { return len(r) == 1000 && r[999] != nil })
	})
	b.Run("cardsInfo1k", func(b *testing.B) {
		benchDecode[[]*ankiconnect.CardInfo](b, "cardsInfo", func(r ankiconnect.CardInfos) bool { return len(r) == 1000 && r[999] != nil })
	})
	b.Run("getDeckConfig", func(b *testing.B) {
		benchDecode[plainDeckConfig](b, "getDeckConfig", func(r ankiconnect.Maybe[ankiconnect.DeckConfig]) bool { return r.OK && r.Value.ID == 1 })
	})
	b.Run("findModelsByName", func(b *testing.B) {
		benchDecode[[]plainModel](b, "findModelsByName", func(r []ankiconnect.Model) bool { return len(r) > 5 })
	})
}
