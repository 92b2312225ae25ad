package ankiconnect

import (
	"bytes"
	"encoding/json"
	"strconv"
	"testing"
)

// BenchmarkDecodeLarge compares decoding a findNotes reply of 100,000 note
// IDs with a direct json.Unmarshal of the bare array into []int64: the
// envelope must not cost a second decode of the payload.
func BenchmarkDecodeLarge(b *testing.B) {
	var arr bytes.Buffer
	arr.WriteByte('[')
	for i := range 100_000 {
		if i > 0 {
			arr.WriteString(", ")
		}
		arr.WriteString(strconv.FormatInt(1_700_000_000_000+int64(i), 10))
	}
	arr.WriteByte(']')
	bare := arr.Bytes()
	envelope := []byte(`{"result": ` + arr.String() + `, "error": null}`)

	b.Run("direct", func(b *testing.B) {
		b.SetBytes(int64(len(bare)))
		b.ReportAllocs()
		for b.Loop() {
			var ids []int64
			if err := json.Unmarshal(bare, &ids); err != nil || len(ids) != 100_000 {
				b.Fatal(err)
			}
		}
	})
	b.Run("envelope", func(b *testing.B) {
		b.SetBytes(int64(len(bare)))
		b.ReportAllocs()
		for b.Loop() {
			var ids []NoteID
			if err := decodeReply(envelope, &ids); err != nil || len(ids) != 100_000 {
				b.Fatal(err)
			}
		}
	})
}
