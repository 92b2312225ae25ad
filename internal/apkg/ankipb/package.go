package ankipb

import (
	"crypto/sha1"
	"fmt"

	"google.golang.org/protobuf/encoding/protowire"
)

// The two messages of a package file's own (proto/anki/import_export.proto):
// the "meta" member, PackageMetadata, and the media map of the current
// layout, MediaEntries.

// PackageVersion returns the version (field 1) of a PackageMetadata
// message: 1 and 2 name the legacy layouts, 3 the current one. It is 0
// (Anki's Unknown) when the field is absent or b is not a message.
func PackageVersion(b []byte) uint64 {
	var version uint64
	err := Walk(b, func(f Field) error {
		if f.Num == 1 && f.Type == protowire.VarintType {
			version = f.V
		}
		return nil
	})
	if err != nil {
		return 0
	}
	return version
}

// AppendPackageMetadata appends a PackageMetadata message of version v.
func AppendPackageMetadata(b []byte, v uint64) []byte {
	return protowire.AppendVarint(protowire.AppendTag(b, 1, protowire.VarintType), v)
}

// MediaEntry is one file of a current-layout media map: its name, and the
// size and SHA-1 of its bytes before compression. The file is the package
// member named by the entry's position in the map ("0", "1", ...).
type MediaEntry struct {
	Name string
	Size uint32
	SHA1 [sha1.Size]byte
}

// DecodeMediaEntries decodes a MediaEntries message: its entries (field
// 1), each a name (1), size (2) and SHA-1 (3) of 20 bytes, which Anki
// requires. Fields it does not know (legacy_zip_filename, 255) are skipped.
func DecodeMediaEntries(b []byte) ([]MediaEntry, error) {
	var out []MediaEntry
	err := Walk(b, func(f Field) error {
		if f.Num != 1 {
			return nil
		}
		if f.Type != protowire.BytesType {
			return fmt.Errorf("entry %d is not a message", len(out))
		}
		var e MediaEntry
		var sum []byte
		err := Walk(f.B, func(f Field) error {
			switch {
			case f.Num == 1 && f.Type == protowire.BytesType:
				e.Name = string(f.B)
			case f.Num == 2 && f.Type == protowire.VarintType:
				e.Size = uint32(f.V)
			case f.Num == 3 && f.Type == protowire.BytesType:
				sum = f.B
			case f.Num <= 3:
				return fmt.Errorf("field %d has wire type %d", f.Num, f.Type)
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("entry %d: %v", len(out), err)
		}
		if len(sum) != sha1.Size {
			return fmt.Errorf("entry %d (%q): a SHA-1 of %d bytes, not %d", len(out), e.Name, len(sum), sha1.Size)
		}
		copy(e.SHA1[:], sum)
		out = append(out, e)
		return nil
	})
	return out, err
}

// AppendMediaEntries appends the MediaEntries message of entries.
func AppendMediaEntries(b []byte, entries []MediaEntry) []byte {
	for _, e := range entries {
		var m []byte
		m = protowire.AppendString(protowire.AppendTag(m, 1, protowire.BytesType), e.Name)
		m = protowire.AppendVarint(protowire.AppendTag(m, 2, protowire.VarintType), uint64(e.Size))
		m = protowire.AppendBytes(protowire.AppendTag(m, 3, protowire.BytesType), e.SHA1[:])
		b = protowire.AppendBytes(protowire.AppendTag(b, 1, protowire.BytesType), m)
	}
	return b
}
