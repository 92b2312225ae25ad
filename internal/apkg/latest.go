package apkg

import (
	"archive/zip"
	"bytes"
	"crypto/sha1"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"time"

	"github.com/ankiconnect-go/ankiconnect/internal/collection"
	"github.com/klauspost/compress/zstd"
	"google.golang.org/protobuf/encoding/protowire"
)

// Anki's current package layout (package version 3, "latest", Anki 2.1.50
// and later; rslib/src/import_export/package): every member is stored, not
// deflated, and compressed with zstd instead:
//
//   - "meta": a PackageMetadata protobuf, field 1 the version (3);
//   - "collection.anki21b": the SQLite collection of schema 18, zstd;
//   - "collection.anki2": the dummy collection of schema 11 that tells older
//     versions to update (not compressed);
//   - "0", "1", ...: each media file, zstd;
//   - "media": a MediaEntries protobuf, zstd: for each file in member order,
//     its name (field 1), size (2) and SHA-1 (3) before compression.
//
// Deck packages (.apkg) and collection packages (.colpkg) share it.

// Format is a package layout the writer can produce.
type Format int

const (
	// FormatLegacy is what the add-on's exportPackage writes, through
	// Anki's AnkiPackageExporter: schema 11, deflated, a JSON media map
	// (see the package comment). Every Anki since 2.1 imports it.
	FormatLegacy Format = iota
	// FormatLatest is what Anki itself exports without "Support older Anki
	// versions": package version 3, schema 18, zstd (see above). Anki
	// 2.1.50 and later import it.
	FormatLatest
)

// String returns the format's name, as ParseFormat reads it.
func (f Format) String() string {
	if f == FormatLatest {
		return "latest"
	}
	return "legacy"
}

// ParseFormat reads a format's name: "legacy" or "latest".
func ParseFormat(s string) (Format, error) {
	switch s {
	case "legacy":
		return FormatLegacy, nil
	case "latest":
		return FormatLatest, nil
	}
	return 0, fmt.Errorf("unknown package format %q (want legacy or latest)", s)
}

// maxInflated bounds one decompressed zstd member, against zstd bombs: a
// collection or media file larger than this is refused before it is
// decompressed whole. A variable so tests can lower it.
var maxInflated uint64 = 1 << 30

// inflater decompresses zstd members within maxInflated.
type inflater struct{ dec *zstd.Decoder }

func newInflater() (*inflater, error) {
	dec, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxMemory(maxInflated))
	if err != nil {
		return nil, err
	}
	return &inflater{dec}, nil
}

func (in *inflater) close() { in.dec.Close() }

// member reads zip member f and decompresses it.
func (in *inflater) member(f *zip.File) ([]byte, error) {
	raw, err := readMember(f)
	if err != nil {
		return nil, err
	}
	out, err := in.dec.DecodeAll(raw, nil)
	switch {
	case errors.Is(err, zstd.ErrDecoderSizeExceeded), errors.Is(err, zstd.ErrWindowSizeExceeded):
		return nil, fmt.Errorf("it decompresses to more than %d bytes, the most the fake reads", maxInflated)
	case err != nil:
		return nil, fmt.Errorf("not zstd-compressed data: %v", err)
	}
	return out, nil
}

// readLatest reads the collection and media of a version 3 package.
func readLatest(name string, members map[string]*zip.File) (*collection.Package, error) {
	fail := func(format string, args ...any) error {
		return &Error{File: name, Cause: fmt.Sprintf(format, args...)}
	}
	in, err := newInflater()
	if err != nil {
		return nil, err
	}
	defer in.close()
	colMember := members[memberLatest]
	if colMember == nil {
		return nil, fail("no collection in the package (meta says version 3, but there is no %s)", memberLatest)
	}
	colData, err := in.member(colMember)
	if err != nil {
		return nil, fail("%s: %v", memberLatest, err)
	}
	p, err := readCollection(colData)
	if err != nil {
		return nil, fail("%s: %v", memberLatest, err)
	}
	if p.Media, err = readLatestMedia(in, members); err != nil {
		return nil, fail("%v", err)
	}
	return p, nil
}

// mediaEntry is one MediaEntries.MediaEntry.
type mediaEntry struct {
	name string
	size uint64
	sha1 []byte
}

// readLatestMedia reads the protobuf media map and the files it lists,
// checking each against its size and SHA-1.
func readLatestMedia(in *inflater, members map[string]*zip.File) (map[string][]byte, error) {
	out := map[string][]byte{}
	f := members[memberMedia]
	if f == nil {
		return out, nil
	}
	raw, err := in.member(f)
	if err != nil {
		return nil, fmt.Errorf("the media map: %v", err)
	}
	entries, err := decodeMediaEntries(raw)
	if err != nil {
		return nil, fmt.Errorf("the media map: %v", err)
	}
	for i, e := range entries {
		if err := checkMediaName(e.name); err != nil {
			return nil, err
		}
		if _, dup := out[e.name]; dup {
			return nil, fmt.Errorf("the media map names %q twice", e.name)
		}
		num := strconv.Itoa(i)
		mf := members[num]
		if mf == nil {
			return nil, fmt.Errorf("the media map names %q as member %q, which the package does not hold", e.name, num)
		}
		data, err := in.member(mf)
		if err != nil {
			return nil, fmt.Errorf("media file %q (member %q): %v", e.name, num, err)
		}
		if uint64(len(data)) != e.size {
			return nil, fmt.Errorf("media file %q (member %q) holds %d bytes, the media map says %d", e.name, num, len(data), e.size)
		}
		if sum := sha1.Sum(data); !bytes.Equal(sum[:], e.sha1) {
			return nil, fmt.Errorf("media file %q (member %q) has SHA-1 %x, the media map says %x", e.name, num, sum, e.sha1)
		}
		out[e.name] = data
	}
	return out, nil
}

// decodeMediaEntries decodes a MediaEntries message: repeated entries
// (field 1), each a name (1), size (2) and SHA-1 (3) of 20 bytes, as Anki
// requires. Fields it does not know (legacy_zip_filename, 255) are skipped.
func decodeMediaEntries(b []byte) ([]mediaEntry, error) {
	var out []mediaEntry
	err := walkMessage(b, func(num protowire.Number, typ protowire.Type, v []byte, _ uint64) error {
		if num != 1 {
			return nil
		}
		if typ != protowire.BytesType {
			return fmt.Errorf("entry %d is not a message", len(out))
		}
		var e mediaEntry
		err := walkMessage(v, func(num protowire.Number, typ protowire.Type, v []byte, n uint64) error {
			switch {
			case num == 1 && typ == protowire.BytesType:
				e.name = string(v)
			case num == 2 && typ == protowire.VarintType:
				e.size = uint64(uint32(n))
			case num == 3 && typ == protowire.BytesType:
				e.sha1 = v
			case num <= 3:
				return fmt.Errorf("field %d has wire type %d", num, typ)
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("entry %d: %v", len(out), err)
		}
		if len(e.sha1) != sha1.Size {
			return fmt.Errorf("entry %d (%q): a SHA-1 of %d bytes, not %d", len(out), e.name, len(e.sha1), sha1.Size)
		}
		out = append(out, e)
		return nil
	})
	return out, err
}

// walkMessage calls fn for each field of the protobuf message b: its number,
// wire type, and its bytes (length-delimited) or its value (varint, fixed).
func walkMessage(b []byte, fn func(num protowire.Number, typ protowire.Type, v []byte, n uint64) error) error {
	for len(b) > 0 {
		num, typ, k := protowire.ConsumeTag(b)
		if k < 0 {
			return fmt.Errorf("not a protobuf message: %v", protowire.ParseError(k))
		}
		b = b[k:]
		var v []byte
		var n uint64
		switch typ {
		case protowire.VarintType:
			n, k = protowire.ConsumeVarint(b)
		case protowire.BytesType:
			v, k = protowire.ConsumeBytes(b)
		case protowire.Fixed32Type:
			var x uint32
			x, k = protowire.ConsumeFixed32(b)
			n = uint64(x)
		case protowire.Fixed64Type:
			n, k = protowire.ConsumeFixed64(b)
		default:
			k = protowire.ConsumeFieldValue(num, typ, b)
		}
		if k < 0 {
			return fmt.Errorf("not a protobuf message: %v", protowire.ParseError(k))
		}
		b = b[k:]
		if err := fn(num, typ, v, n); err != nil {
			return err
		}
	}
	return nil
}

// writeLatest writes p in the version 3 layout, members in Anki's order.
func writeLatest(w io.Writer, p *collection.Package) error {
	enc, err := zstd.NewWriter(nil, zstd.WithEncoderConcurrency(1))
	if err != nil {
		return err
	}
	defer enc.Close()
	col, err := sqliteFile18(p)
	if err != nil {
		return err
	}
	dummy, err := sqliteFile(dummyPackage(p))
	if err != nil {
		return err
	}
	zw := zip.NewWriter(w)
	store := func(name string, data []byte) error {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store, Modified: time.Unix(p.Created, 0)})
		if err != nil {
			return err
		}
		_, err = f.Write(data)
		return err
	}
	meta := protowire.AppendVarint(protowire.AppendTag(nil, 1, protowire.VarintType), versionLatest)
	if err := store(memberMeta, meta); err != nil {
		return err
	}
	if err := store(memberLatest, enc.EncodeAll(col, nil)); err != nil {
		return err
	}
	if err := store(memberLegacy1, dummy); err != nil {
		return err
	}
	var entries []byte
	for i, name := range slices.Sorted(maps.Keys(p.Media)) {
		data := p.Media[name]
		if err := store(strconv.Itoa(i), enc.EncodeAll(data, nil)); err != nil {
			return err
		}
		sum := sha1.Sum(data)
		var e []byte
		e = protowire.AppendString(protowire.AppendTag(e, 1, protowire.BytesType), name)
		e = protowire.AppendVarint(protowire.AppendTag(e, 2, protowire.VarintType), uint64(uint32(len(data))))
		e = protowire.AppendBytes(protowire.AppendTag(e, 3, protowire.BytesType), sum[:])
		entries = protowire.AppendBytes(protowire.AppendTag(entries, 1, protowire.BytesType), e)
	}
	if err := store(memberMedia, enc.EncodeAll(entries, nil)); err != nil {
		return err
	}
	return zw.Close()
}
