package wire

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"testing"
)

// BenchmarkStoreMediaFile stores 4 KiB files under 64 names in turn (each
// replacing the last file of that name), in process: with the media in
// memory (Config{}, as before real folders), in a folder not reported yet
// (MediaRoot: the fake's default until getMediaDirPath), and in a real
// folder (MediaDir).
func BenchmarkStoreMediaFile(b *testing.B) {
	data := make([]byte, 4096)
	for i := range data {
		data[i] = byte(i)
	}
	params := make([]json.RawMessage, 64)
	for i := range params {
		params[i] = json.RawMessage(fmt.Sprintf(`{"filename": "f%d.bin", "data": %q}`, i, base64.StdEncoding.EncodeToString(data)))
	}
	for _, bc := range []struct {
		name string
		cfg  func(b *testing.B) Config
	}{
		{"memory", func(*testing.B) Config { return Config{} }},
		{"folder-not-reported", func(b *testing.B) Config { return Config{MediaRoot: b.TempDir()} }},
		{"folder", func(b *testing.B) Config { return Config{MediaDir: b.TempDir()} }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			srv := NewServer(bc.cfg(b))
			ctx := context.Background()
			for i := 0; b.Loop(); i++ {
				if _, err := srv.Invoke(ctx, "storeMediaFile", params[i%len(params)]); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
