package wire

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/ankiconnect-go/ankiconnect/internal/collection"
)

// randomFields is a note type with n random field names and a note with m
// random field values (m may differ from n: fieldsJSON pads and cuts).
func randomFields(r *rand.Rand, n, m int) fieldsJSON {
	model := &collection.Model{}
	for range n {
		model.Fields = append(model.Fields, &collection.Field{Name: randomString(r)})
	}
	note := &collection.Note{}
	for range m {
		note.Fields = append(note.Fields, randomString(r))
	}
	return fieldsJSON{model, note}
}

func randomInt(r *rand.Rand) int64 {
	switch r.IntN(4) {
	case 0:
		return 0
	case 1:
		return -r.Int64N(1000)
	case 2:
		return math.MinInt64 + r.Int64N(2)
	}
	return r.Int64()
}

func randomStrings(r *rand.Rand) []string {
	if r.IntN(5) == 0 {
		return nil
	}
	out := make([]string, r.IntN(4))
	for i := range out {
		out[i] = randomString(r)
	}
	return out
}

// TestAppendersAgree holds the reply types that write their own encoding
// (pyAppender) to what encodePython makes of them, on random values, alone
// and in the []any notesInfo and cardsInfo reply.
func TestAppendersAgree(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 3000 {
		fields := randomFields(r, r.IntN(4), r.IntN(4))
		var cards []int64
		if r.IntN(5) > 0 {
			cards = make([]int64, r.IntN(3))
			for i := range cards {
				cards[i] = randomInt(r)
			}
		}
		note := &noteInfo{
			NoteID: randomInt(r), Profile: randomString(r), Tags: randomStrings(r), Fields: fields,
			ModelName: randomString(r), Mod: randomInt(r), Cards: cards,
		}
		card := &cardInfo{
			CardID: randomInt(r), Fields: fields, FieldOrder: int(randomInt(r)), Question: randomString(r),
			Answer: randomString(r), ModelName: randomString(r), Ord: r.IntN(3), DeckName: randomString(r),
			CSS: randomString(r), Factor: int(randomInt(r)), Interval: int(randomInt(r)), Note: randomInt(r),
			Type: r.IntN(4), Queue: r.IntN(6) - 3, Due: randomInt(r), Reps: r.IntN(9), Lapses: r.IntN(9),
			Left: r.IntN(2000), Mod: randomInt(r), NextReviews: randomStrings(r), Flags: r.IntN(8),
		}
		mods := []any{noteModTime{randomInt(r), randomInt(r)}, cardModTime{randomInt(r), randomInt(r)}, struct{}{}}
		for _, v := range []any{fields, note, card, []any{note, struct{}{}, card}, envelope{Result: []any{note}}, mods} {
			checkEncodersAgree(t, v)
		}
	}
}

// TestInfoRepliesFastPath checks that the notesInfo, cardsInfo, notesModTime
// and cardsModTime replies, an unknown ID's {} included, never reach
// encodePython.
func TestInfoRepliesFastPath(t *testing.T) {
	srv := NewServer(Config{LogLimit: -1})
	var nid, cid string
	_ = srv.Do(context.Background(), func(e *Env) error {
		note := e.Col.NewNote(e.Col.ModelByName("Basic"))
		note.Fields = []string{"<b>front</b> \u00e9 \U0001F600", "back"}
		note.Tags = []string{"t1", "t2"}
		nid = fmt.Sprint(e.Col.AddNote(note, e.Col.DeckByID(collection.DefaultDeckID)))
		cid = fmt.Sprint(note.Cards()[0].ID)
		return nil
	})
	send := inProcessSender(srv)
	for _, body := range []string{
		`{"action": "notesInfo", "version": 6, "params": {"notes": [` + nid + `, 1]}}`,
		`{"action": "cardsInfo", "version": 6, "params": {"cards": [` + cid + `, 1]}}`,
		`{"action": "notesModTime", "version": 6, "params": {"notes": [` + nid + `, 1]}}`,
		`{"action": "cardsModTime", "version": 6, "params": {"cards": [` + cid + `, 1]}}`,
	} {
		before := slowEncodes.Load()
		got := send(t, rawRequest{Body: body}).Body
		if !strings.Contains(got, nid) && !strings.Contains(got, cid) || !strings.HasSuffix(got, `{}], "error": null}`) {
			t.Fatalf("%s: %s", body, got)
		}
		if n := slowEncodes.Load() - before; n != 0 {
			t.Errorf("%s: %d values went to encodePython", body, n)
		}
	}
}
