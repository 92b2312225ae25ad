package apkg

import (
	"archive/zip"
	"crypto/sha1"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"time"

	"github.com/ankiconnect-go/ankiconnect/internal/apkg/ankipb"
	"github.com/ankiconnect-go/ankiconnect/internal/collection"
	"github.com/klauspost/compress/zstd"
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
	entries, err := ankipb.DecodeMediaEntries(raw)
	if err != nil {
		return nil, fmt.Errorf("the media map: %v", err)
	}
	for i, e := range entries {
		if err := checkMediaName(e.Name); err != nil {
			return nil, err
		}
		if _, dup := out[e.Name]; dup {
			return nil, fmt.Errorf("the media map names %q twice", e.Name)
		}
		num := strconv.Itoa(i)
		mf := members[num]
		if mf == nil {
			return nil, fmt.Errorf("the media map names %q as member %q, which the package does not hold", e.Name, num)
		}
		data, err := in.member(mf)
		if err != nil {
			return nil, fmt.Errorf("media file %q (member %q): %v", e.Name, num, err)
		}
		if uint64(len(data)) != uint64(e.Size) {
			return nil, fmt.Errorf("media file %q (member %q) holds %d bytes, the media map says %d", e.Name, num, len(data), e.Size)
		}
		if sum := sha1.Sum(data); sum != e.SHA1 {
			return nil, fmt.Errorf("media file %q (member %q) has SHA-1 %x, the media map says %x", e.Name, num, sum, e.SHA1)
		}
		out[e.Name] = data
	}
	return out, nil
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
	if err := store(memberMeta, ankipb.AppendPackageMetadata(nil, versionLatest)); err != nil {
		return err
	}
	if err := store(memberLatest, enc.EncodeAll(col, nil)); err != nil {
		return err
	}
	if err := store(memberLegacy1, dummy); err != nil {
		return err
	}
	var entries []ankipb.MediaEntry
	for i, name := range slices.Sorted(maps.Keys(p.Media)) {
		data := p.Media[name]
		if err := store(strconv.Itoa(i), enc.EncodeAll(data, nil)); err != nil {
			return err
		}
		entries = append(entries, ankipb.MediaEntry{Name: name, Size: uint32(len(data)), SHA1: sha1.Sum(data)})
	}
	if err := store(memberMedia, enc.EncodeAll(ankipb.AppendMediaEntries(nil, entries), nil)); err != nil {
		return err
	}
	return zw.Close()
}
