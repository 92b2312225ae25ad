package ankipb

import (
	"crypto/sha1"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// TestPackageVersion: the meta member's version, past fields it does not
// know, and 0 for bytes that are not a message.
func TestPackageVersion(t *testing.T) {
	tests := []struct {
		in   string
		want uint64
	}{
		{"\x08\x03", 3}, {"\x08\x02", 2}, {"", 0}, {"\x08", 0},
		{"\x12\x02ab\x08\x01", 1},           // an unknown length-delimited field first
		{"\x12\x09ab", 0},                   // a length past the end
		{"\x08\x80\x01", 128},               // a two-byte varint
		{"\x0d\x01\x02\x03\x04\x08\x02", 2}, // a 32-bit field first
	}
	for _, tt := range tests {
		if got := PackageVersion([]byte(tt.in)); got != tt.want {
			t.Errorf("PackageVersion(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

// TestMediaEntriesRoundTrip: what AppendMediaEntries writes decodes to the
// same entries, and the wire bytes are Anki's field numbers.
func TestMediaEntriesRoundTrip(t *testing.T) {
	in := []MediaEntry{
		{Name: "dog.mp3", Size: 9, SHA1: sha1.Sum([]byte("mp3 bytes"))},
		{Name: "ぱ.png", Size: 0, SHA1: sha1.Sum(nil)},
	}
	b := AppendMediaEntries(nil, in)
	if !strings.HasPrefix(string(b), "\x0a\x21\x0a\x07dog.mp3\x10\x09\x1a\x14") {
		t.Errorf("wire bytes start %q", b[:min(len(b), 16)])
	}
	got, err := DecodeMediaEntries(b)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(in, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if got := PackageVersion(AppendPackageMetadata(nil, 3)); got != 3 {
		t.Errorf("PackageVersion(AppendPackageMetadata(3)) = %d", got)
	}
}

// FuzzMediaEntries: no input makes DecodeMediaEntries panic, and entries it
// accepts encode to bytes that decode to the same entries.
func FuzzMediaEntries(f *testing.F) {
	f.Add(AppendMediaEntries(nil, []MediaEntry{{Name: "a.png", Size: 3, SHA1: sha1.Sum([]byte("abc"))}}))
	f.Add([]byte("\x0a\x02\x0a\x00"))
	f.Add([]byte("\x0a\x7f"))
	f.Fuzz(func(t *testing.T, b []byte) {
		entries, err := DecodeMediaEntries(b)
		if err != nil {
			return
		}
		again, err := DecodeMediaEntries(AppendMediaEntries(nil, entries))
		if err != nil {
			t.Fatalf("re-encoded entries do not decode: %v", err)
		}
		if diff := cmp.Diff(entries, again, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("(-first +again):\n%s", diff)
		}
	})
}
