package collection

// This file is the fake's media directory (collection.media): in memory, or
// a real folder on disk.
//
// The Collection holds one Media value (Collection.Media); the zero Media is
// ready to use and keeps its files in memory. UseFolder moves them to a real
// folder, where programs can read and write them as they do Anki's;
// UseFolderLater does so only when the folder's path is first asked for
// (Dir, as getMediaDirPath does), so a fake whose folder nobody looks at
// keeps the in-memory speed. Fixtures use Snapshot and Restore, the server
// the folder methods and SetFetcher, package import and export File, Write
// and Names. The media actions (internal/wire/actions_media.go) and note
// media items (NoteMediaItem, Media.StoreNoteItem) go through it. Every
// method works the same in memory and on disk; on disk the folder is the
// truth (a file a program writes there is media, one it deletes is gone).
//
// Behaviour reproduced (AnkiConnect storeMediaFile/retrieveMediaFile/
// getMediaFilesNames/deleteMediaFile/getMediaDirPath on Anki 25.09):
//   - sources data > path > url, empty strings absent; data is decoded like
//     Python's non-validating base64.b64decode;
//   - skipHash equal to the MD5 hex of the bytes: nothing written, no name;
//   - deleteExisting trashes the file with the raw requested name first;
//   - names are reduced to their basename, then normalised like rslib
//     media/files.rs (illegal and control characters and unassigned code points
//     removed, NBSP to space, Windows device names and a trailing space or dot
//     get "_", at most 120 bytes keeping a short extension);
//   - an existing name with the same bytes keeps the name, different bytes get
//     "<stem>-<sha1 hex>.<ext>".
//
// Known differences from Anki: names are not NFC-normalised (that needs
// golang.org/x/text, which this module may not depend on), so an NFD name is
// stored as given; "unassigned code point" follows Go's Unicode tables, not
// Anki's; the directory listing is sorted by name where Anki returns the
// file system's order.

import (
	"bytes"
	"context"
	"crypto/md5"
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
	"unicode"
	"unicode/utf8"
)

// DefaultMediaDir is the absolute media directory path reported by a Media
// whose directory was never set. Nothing is ever written there.
const DefaultMediaDir = "/home/user/.local/share/Anki2/User 1/collection.media"

// maxMediaNameBytes is Anki's limit on a media file name (MAX_MEDIA_FILENAME_LENGTH).
const maxMediaNameBytes = 120

// Media error texts, as AnkiConnect, Python and Anki word them.
const (
	msgMediaNoSource      = `You must provide a "data", "path", or "url" field.`
	msgDownloadFailed     = "%s download failed with return code %d"
	msgIncorrectPadding   = "Incorrect padding"
	msgBase64NonASCII     = "string argument should contain only ASCII characters"
	msgBase64ExcessDigit  = "Invalid base64-encoded string: number of data characters (%d) cannot be 1 more than a multiple of 4"
	msgMediaReadDirectory = "Failed to read '%s/': Is a directory (os error 21)"
	msgPythonOSError      = "[Errno %d] %s: %s"
)

// defaultDownloadTimeout is AnkiConnect's default webTimeout (10 s).
const defaultDownloadTimeout = 10 * time.Second

// Fetcher downloads the body of url for storeMediaFile's url source. It
// returns a *DownloadFailedError when the server answers with a status other
// than 200.
type Fetcher func(ctx context.Context, url string) ([]byte, error)

// DownloadFailedError is the error of a URL download answered with a status
// other than 200. Its text is AnkiConnect's.
type DownloadFailedError struct {
	URL  string // the requested URL
	Code int    // the HTTP status code received
}

// Error returns "<url> download failed with return code <code>".
func (e *DownloadFailedError) Error() string {
	return fmt.Sprintf(msgDownloadFailed, e.URL, e.Code)
}

// HTTPFetcher returns a Fetcher that GETs the URL with client (a client with
// AnkiConnect's 10 s timeout when client is nil), following redirects.
func HTTPFetcher(client *http.Client) Fetcher {
	if client == nil {
		client = &http.Client{Timeout: defaultDownloadTimeout}
	}
	return func(ctx context.Context, url string) ([]byte, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return nil, err
		}
		resp, err := client.Do(req)
		if err != nil {
			return nil, err
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return nil, &DownloadFailedError{URL: url, Code: resp.StatusCode}
		}
		return io.ReadAll(resp.Body)
	}
}

// Media is a media directory. The zero value is an empty in-memory
// directory reported at DefaultMediaDir that downloads with
// HTTPFetcher(nil). It is not safe for concurrent use; the server
// serialises all access (a program writing the folder at the same time as
// an action runs sees what a program racing Anki would see).
type Media struct {
	dir    string
	lazy   bool  // dir is to be made a real folder at the first Dir call
	onDisk bool  // the files live in dir, not in files
	err    error // why the lazy folder could not be made
	fetch  Fetcher
	files  map[string][]byte // while !onDisk
	trash  map[string][]byte
}

// SetDir sets the absolute path getMediaDirPath reports for an in-memory
// directory ("" restores DefaultMediaDir); nothing is written there.
// Trailing slashes are dropped.
func (m *Media) SetDir(dir string) {
	m.dir = strings.TrimRight(dir, "/")
}

// UseFolder makes dir (created if missing, made absolute) the directory's
// real folder: the files held in memory are written there, replacing
// files of the same name, and files already there become part of the
// media. From then on every method reads and writes the folder.
func (m *Media) UseFolder(dir string) error {
	abs, err := filepath.Abs(dir)
	if err == nil {
		err = os.MkdirAll(abs, 0o755)
	}
	if err != nil {
		return err
	}
	m.dir, m.lazy, m.err = abs, false, nil
	for _, name := range slices.Sorted(maps.Keys(m.files)) {
		if err := os.WriteFile(filepath.Join(abs, name), m.files[name], 0o644); err != nil {
			return err
		}
	}
	m.files, m.onDisk = nil, true
	return nil
}

// UseFolderLater makes dir the directory's real folder at the first call
// of Dir (UseFolder then); until then the files stay in memory and nothing
// touches dir.
func (m *Media) UseFolderLater(dir string) {
	m.dir, m.lazy = strings.TrimRight(dir, "/"), true
}

// OnDisk reports whether the files live in a real folder.
func (m *Media) OnDisk() bool { return m.onDisk }

// Dir returns the media directory's absolute path. A folder set with
// UseFolderLater is made now; if that fails, Err says why and the
// directory stays in memory.
func (m *Media) Dir() string {
	if m.lazy {
		if err := m.UseFolder(m.dir); err != nil {
			m.lazy, m.err = false, err
		}
	}
	if m.dir == "" {
		return DefaultMediaDir
	}
	return m.dir
}

// Err reports why the folder given to UseFolderLater could not be made.
func (m *Media) Err() error { return m.err }

// diskPath is the path of the file named exactly name in the folder, or
// false for a name that is no plain file name there.
func (m *Media) diskPath(name string) (string, bool) {
	if name == "" || name == "." || name == ".." || strings.ContainsAny(name, "/\x00") {
		return "", false
	}
	return filepath.Join(m.dir, name), true
}

// load returns the bytes of the file named exactly name. On disk, an error
// other than a missing file is Python's OSError.
func (m *Media) load(name string) ([]byte, bool, error) {
	if !m.onDisk {
		data, ok := m.files[name]
		return data, ok, nil
	}
	p, ok := m.diskPath(name)
	if !ok {
		return nil, false, nil
	}
	data, err := os.ReadFile(p)
	switch {
	case err == nil:
		return data, true, nil
	case errors.Is(err, fs.ErrNotExist):
		return nil, false, nil
	}
	return nil, false, PythonFileError(err, p)
}

// has reports whether a regular file named exactly name is stored, without
// reading it.
func (m *Media) has(name string) bool {
	if !m.onDisk {
		_, ok := m.files[name]
		return ok
	}
	p, ok := m.diskPath(name)
	if !ok {
		return false
	}
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular()
}

// save stores data under name, which the caller has normalised.
func (m *Media) save(name string, data []byte, owned bool) error {
	if !m.onDisk {
		if m.files == nil {
			m.files = make(map[string][]byte)
		}
		if !owned {
			data = bytes.Clone(data)
		}
		m.files[name] = data
		return nil
	}
	return PythonFileError(os.WriteFile(filepath.Join(m.dir, name), data, 0o644), filepath.Join(m.dir, name))
}

// list returns the directory's entry names, sorted; on disk they include
// subfolders, as Python's glob lists them.
func (m *Media) list() []string {
	if !m.onDisk {
		return slices.Sorted(maps.Keys(m.files))
	}
	entries, _ := os.ReadDir(m.dir)
	names := make([]string, len(entries))
	for i, e := range entries {
		names[i] = e.Name()
	}
	return names
}

// regularFiles returns the names of the folder's regular files (all files
// in memory).
func (m *Media) regularFiles() []string {
	if !m.onDisk {
		return m.list()
	}
	entries, _ := os.ReadDir(m.dir)
	var names []string
	for _, e := range entries {
		if e.Type().IsRegular() {
			names = append(names, e.Name())
		}
	}
	return names
}

// SetFetcher sets the downloader used for url sources (nil restores the
// default HTTP fetcher).
func (m *Media) SetFetcher(f Fetcher) {
	m.fetch = f
}

// StoreRequest is one storeMediaFile call, with Python truthiness already
// applied by the caller: an empty Data, Path or URL is absent.
type StoreRequest struct {
	Filename string
	Data     string  // base64 text
	Path     string  // a file on the local file system
	URL      string  // fetched with the Media's Fetcher
	SkipHash *string // nil when absent; compared with the MD5 hex of the bytes
	// DeleteExisting trashes the file named exactly Filename before writing.
	DeleteExisting bool
}

// Store runs storeMediaFile. It returns the stored name, or ok=false (the
// action's null) when SkipHash matched and nothing was written.
func (m *Media) Store(ctx context.Context, r StoreRequest) (name string, ok bool, err error) {
	var data []byte
	owned := true // decoded or read here; a fetcher's bytes may be shared
	switch {
	case r.Data != "":
		data, err = pyBase64Decode(r.Data)
	case r.Path != "":
		data, err = readLocalFile(r.Path)
	case r.URL != "":
		fetch := m.fetch
		if fetch == nil {
			fetch = HTTPFetcher(nil)
		}
		data, err = fetch(ctx, r.URL)
		owned = false
	default:
		//lint:ignore ST1005 the add-on's message, verbatim
		err = errors.New(msgMediaNoSource)
	}
	if err != nil {
		return "", false, err
	}
	if r.SkipHash != nil {
		sum := md5.Sum(data)
		if *r.SkipHash == hex.EncodeToString(sum[:]) {
			return "", false, nil
		}
	}
	if r.DeleteExisting {
		m.Delete(r.Filename)
	}
	name, err = m.write(r.Filename, data, owned)
	return name, err == nil, err
}

// NoteMediaItem is one entry of a note's "audio", "video" or "picture" list
// as the client sends it. Decode it with encoding/json.
type NoteMediaItem struct {
	Filename string  `json:"filename"`
	Data     string  `json:"data"`
	Path     string  `json:"path"`
	URL      string  `json:"url"`
	SkipHash *string `json:"skipHash"`
	// DeleteExisting is nil when the key is absent: AnkiConnect then passes
	// None, so unlike the direct storeMediaFile call the existing file is kept.
	DeleteExisting *bool    `json:"deleteExisting"`
	Fields         []string `json:"fields"`
}

// StoreNoteItem stores one note media item the way addNote and
// updateNoteFields do. It returns the stored name, or ok=false when SkipHash
// matched (nothing is then added to the note's fields).
func (m *Media) StoreNoteItem(ctx context.Context, it NoteMediaItem) (name string, ok bool, err error) {
	return m.Store(ctx, StoreRequest{
		Filename:       it.Filename,
		Data:           it.Data,
		Path:           it.Path,
		URL:            it.URL,
		SkipHash:       it.SkipHash,
		DeleteExisting: it.DeleteExisting != nil && *it.DeleteExisting,
	})
}

// Write stores data under the basename of desired, normalised the way Anki
// names media files, and returns the name used: the normalised name, or
// "<stem>-<sha1 hex>.<ext>" when a file with that name holds other bytes.
func (m *Media) Write(desired string, data []byte) (string, error) {
	return m.write(desired, data, false)
}

// write is Write; owned says that data is the caller's own fresh copy,
// which an in-memory store may keep as it is instead of copying it (a
// 50 MB storeMediaFile then costs one copy less).
func (m *Media) write(desired string, data []byte, owned bool) (string, error) {
	name := normalizeMediaName(pyBasename(desired))
	if name == "" {
		//lint:ignore ST1005 the add-on's message, verbatim
		return "", fmt.Errorf(msgMediaReadDirectory, m.Dir())
	}
	existing, found, err := m.load(name)
	if err != nil {
		return "", err
	}
	if found && bytes.Equal(existing, data) {
		return name, nil
	}
	if found {
		sum := sha1.Sum(data)
		name = hashSuffixedName(name, hex.EncodeToString(sum[:]))
	}
	if err := m.save(name, data, owned); err != nil {
		return "", err
	}
	return name, nil
}

// Retrieve runs retrieveMediaFile's lookup: the basename of filename with
// the characters of Anki's legacy illegal set removed. ok is false when no
// such file exists.
func (m *Media) Retrieve(filename string) (data []byte, ok bool, err error) {
	name := legacyIllegal.ReplaceAllString(pyBasename(filename), "")
	if name == "" || name == "." || name == ".." {
		// Python finds a directory there and fails to open it as a file.
		return nil, false, pyOSError(syscall.EISDIR, m.Dir()+"/"+name)
	}
	data, ok, err = m.load(name)
	if err != nil || !ok {
		return nil, false, err
	}
	return bytes.Clone(data), true, nil
}

// File returns the bytes stored under exactly name (false for a missing
// file, or one the folder cannot give).
func (m *Media) File(name string) ([]byte, bool) {
	data, ok, err := m.load(name)
	if err != nil || !ok {
		return nil, false
	}
	return bytes.Clone(data), true
}

// Delete moves the file named exactly filename to the media trash, which
// is kept in memory; a missing file is ignored (deleteMediaFile).
func (m *Media) Delete(filename string) {
	data, ok, err := m.load(filename)
	if err != nil || !ok {
		return
	}
	if m.onDisk {
		p, _ := m.diskPath(filename)
		if os.Remove(p) != nil {
			return
		}
	}
	if m.trash == nil {
		m.trash = make(map[string][]byte)
	}
	m.trash[filename] = data
	delete(m.files, filename)
}

// Trashed returns the bytes of a file moved to the trash under name.
func (m *Media) Trashed(name string) ([]byte, bool) {
	data, ok := m.trash[name]
	return bytes.Clone(data), ok
}

// Names returns the names matching pattern the way getMediaFilesNames globs
// the media directory with Python's glob: "*", "?" and "[...]" (with "!"
// negation), case-sensitive, hidden names (leading ".") matched only by a
// pattern starting with "."; a pattern with "/" looks outside the flat media
// directory and matches nothing, and the empty pattern yields one "" (Python
// returns the directory itself). The result is sorted.
func (m *Media) Names(pattern string) []string {
	names := []string{}
	switch {
	case pattern == "":
		return []string{""}
	case strings.Contains(pattern, "/"):
		return names
	case !strings.ContainsAny(pattern, "*?["):
		if slices.Contains(m.list(), pattern) {
			names = append(names, pattern)
		}
		return names
	}
	for _, name := range m.list() {
		if strings.HasPrefix(name, ".") && !strings.HasPrefix(pattern, ".") {
			continue
		}
		if fnmatch(pattern, name) {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names
}

// Snapshot returns a copy of every stored file, keyed by name (on disk,
// the folder's regular files).
func (m *Media) Snapshot() map[string][]byte {
	names := m.regularFiles()
	out := make(map[string][]byte, len(names))
	for _, name := range names {
		if data, ok := m.File(name); ok {
			out[name] = data
		}
	}
	return out
}

// Restore replaces the directory's files with a copy of files, names taken
// as they are (on disk, names that are no plain file name are skipped, and
// the folder's other regular files removed), and empties the trash.
func (m *Media) Restore(files map[string][]byte) {
	m.trash = nil
	if !m.onDisk {
		m.files = make(map[string][]byte, len(files))
		for name, data := range files {
			m.files[name] = bytes.Clone(data)
		}
		return
	}
	for _, name := range m.regularFiles() {
		if _, keep := files[name]; !keep {
			_ = os.Remove(filepath.Join(m.dir, name))
		}
	}
	for name, data := range files {
		if p, ok := m.diskPath(name); ok {
			_ = os.WriteFile(p, data, 0o644)
		}
	}
}

// legacyIllegal is anki.media's legacy stripIllegal set, used by
// retrieveMediaFile.
var legacyIllegal = regexp.MustCompile(`[\[\]><:"/?*^\\|\x00\r\n]`)

// windowsDeviceName matches a Windows device name at the start of a name,
// alone or before a dot.
var windowsDeviceName = regexp.MustCompile(`(?i)^(CON|PRN|AUX|NUL|COM[1-9]|LPT[1-9])(\.|$)`)

// pyBasename is Python's os.path.basename on POSIX.
func pyBasename(p string) string {
	return p[strings.LastIndexByte(p, '/')+1:]
}

// disallowedMediaRune reports the characters Anki removes from media names.
func disallowedMediaRune(r rune) bool {
	switch {
	case strings.ContainsRune(`[]<>:"/?*^\|`, r), r < 0x20, r == 0x7f:
		return true
	}
	return !assignedRune(r)
}

// assignedRune reports whether r has a Unicode general category other than
// Cn (unassigned) in Go's tables.
func assignedRune(r rune) bool {
	return unicode.In(r, unicode.L, unicode.M, unicode.N, unicode.P, unicode.S,
		unicode.Z, unicode.Cc, unicode.Cf, unicode.Co, unicode.Cs)
}

// normalizeMediaName is rslib's normalize_nfc_filename.
func normalizeMediaName(name string) string {
	name = strings.Map(func(r rune) rune {
		switch {
		case r == '\u00a0':
			return ' '
		case disallowedMediaRune(r):
			return -1
		}
		return r
	}, name)
	name = windowsDeviceName.ReplaceAllString(name, "${1}_${2}")
	name = underscoreTrailingSpaceOrDot(name)
	if len(name) <= maxMediaNameBytes {
		return name
	}
	stem, ext := splitAndTruncateName(name, maxMediaNameBytes)
	if ext != "" {
		stem += "." + ext
	}
	return underscoreTrailingSpaceOrDot(stem)
}

// underscoreTrailingSpaceOrDot appends "_" to a name ending in a space or a
// dot, which Windows cannot store.
func underscoreTrailingSpaceOrDot(name string) string {
	if strings.HasSuffix(name, " ") || strings.HasSuffix(name, ".") {
		return name + "_"
	}
	return name
}

// hashSuffixedName turns foo.jpg into foo-<hash>.jpg within the name limit.
// Like Anki, a name without extension gets a trailing dot.
func hashSuffixedName(name, hash string) string {
	stem, ext := splitAndTruncateName(name, maxMediaNameBytes-len(hash)-1)
	return stem + "-" + hash + "." + ext
}

// splitAndTruncateName splits at the last dot and shortens the extension to
// 10 bytes and the stem so that stem, dot, extension and one spare byte fit
// in maxBytes, never splitting a UTF-8 sequence.
func splitAndTruncateName(name string, maxBytes int) (stem, ext string) {
	stem = name
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		stem, ext = name[:i], name[i+1:]
	}
	ext = truncateUTF8(ext, 10)
	return truncateUTF8(stem, maxBytes-len(ext)-2), ext
}

// truncateUTF8 cuts s to at most n bytes on a character boundary.
func truncateUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// base64Values maps a standard base64 character to its 6-bit value, and
// every other byte to 0xff.
var base64Values = func() [256]byte {
	var t [256]byte
	for i := range t {
		t[i] = 0xff
	}
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	for i := range len(alphabet) {
		t[alphabet[i]] = byte(i)
	}
	return t
}()

// pyBase64Decode is Python's base64.b64decode(s) (binascii.a2b_base64 in
// non-strict mode): characters outside the alphabet are skipped, a complete
// padding sequence ends the input, and a short final group is an error.
func pyBase64Decode(s string) ([]byte, error) {
	for i := range len(s) {
		if s[i] >= utf8.RuneSelf {
			return nil, errors.New(msgBase64NonASCII)
		}
	}
	out := make([]byte, 0, len(s)*3/4)
	var quad, pads int
	var left byte
	for i := range len(s) {
		c := s[i]
		if c == '=' {
			if quad >= 2 {
				pads++
				if quad+pads >= 4 {
					return out, nil
				}
			}
			continue
		}
		v := base64Values[c]
		if v == 0xff {
			continue
		}
		pads = 0
		switch quad {
		case 0:
			left = v
		case 1:
			out = append(out, left<<2|v>>4)
			left = v & 0x0f
		case 2:
			out = append(out, left<<4|v>>2)
			left = v & 0x03
		case 3:
			out = append(out, left<<6|v)
		}
		quad = (quad + 1) % 4
	}
	switch quad {
	case 0:
		return out, nil
	case 1:
		//lint:ignore ST1005 the add-on's message, verbatim
		return nil, fmt.Errorf(msgBase64ExcessDigit, len(out)/3*4+1)
	default:
		//lint:ignore ST1005 the add-on's message, verbatim
		return nil, errors.New(msgIncorrectPadding)
	}
}

// readLocalFile reads a path source, failing with Python's OSError text.
func readLocalFile(path string) ([]byte, error) {
	data, err := os.ReadFile(path)
	var errno syscall.Errno
	if errors.As(err, &errno) {
		return nil, pyOSError(errno, path)
	}
	return data, err
}

// pyOSError formats an OSError the way Python prints it:
// "[Errno 2] No such file or directory: '/x'".
func pyOSError(errno syscall.Errno, path string) error {
	text := errno.Error()
	if text != "" {
		text = strings.ToUpper(text[:1]) + text[1:]
	}
	return fmt.Errorf(msgPythonOSError, int(errno), text, pyRepr(path))
}

// pyRepr is Python's repr of a str: single quotes unless the text holds a
// single quote and no double quote, with backslash escapes for the quote,
// backslash and non-printable characters.
func pyRepr(s string) string {
	quote := '\''
	if strings.ContainsRune(s, '\'') && !strings.ContainsRune(s, '"') {
		quote = '"'
	}
	var b strings.Builder
	b.WriteRune(quote)
	for _, r := range s {
		switch {
		case r == quote || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case unicode.IsPrint(r):
			b.WriteRune(r)
		case r < 0x100:
			b.WriteString(`\x` + leftPadHex(r, 2))
		case r < 0x10000:
			b.WriteString(`\u` + leftPadHex(r, 4))
		default:
			b.WriteString(`\U` + leftPadHex(r, 8))
		}
	}
	b.WriteRune(quote)
	return b.String()
}

// leftPadHex writes r in lower-case hex with at least width digits.
func leftPadHex(r rune, width int) string {
	h := strconv.FormatInt(int64(r), 16)
	return strings.Repeat("0", max(0, width-len(h))) + h
}

// fnmatch reports whether name matches a Python fnmatch pattern (POSIX, case
// sensitive): "*" any run, "?" one character, "[...]" a class where a
// leading "!" negates, a leading "]" is literal, "a-z" is a range (an
// inverted range matches nothing) and an unclosed "[" is a literal.
func fnmatch(pattern, name string) bool {
	p, n := []rune(pattern), []rune(name)
	// Classic backtracking over the last "*".
	pi, ni, starP, starN := 0, 0, -1, 0
	for ni < len(n) {
		if pi < len(p) && p[pi] == '*' {
			starP, starN = pi, ni
			pi++
			continue
		}
		if pi < len(p) {
			if step, ok := matchOne(p, pi, n[ni]); ok {
				pi, ni = pi+step, ni+1
				continue
			}
		}
		if starP < 0 {
			return false
		}
		starN++
		pi, ni = starP+1, starN
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}

// matchOne matches the single-character pattern element at p[i] against c,
// returning the element's length.
func matchOne(p []rune, i int, c rune) (int, bool) {
	switch p[i] {
	case '?':
		return 1, true
	case '[':
		if end, ok := classEnd(p, i+1); ok {
			return end + 1 - i, classMatch(p[i+1:end], c)
		}
	}
	return 1, p[i] == c
}

// classEnd finds the "]" closing a class whose body starts at j.
func classEnd(p []rune, j int) (int, bool) {
	if j < len(p) && p[j] == '!' {
		j++
	}
	if j < len(p) && p[j] == ']' {
		j++
	}
	for j < len(p) && p[j] != ']' {
		j++
	}
	return j, j < len(p)
}

// classMatch matches c against a class body (between the brackets).
func classMatch(body []rune, c rune) bool {
	negate := len(body) > 0 && body[0] == '!'
	if negate {
		body = body[1:]
	}
	in := false
	for k := 0; k < len(body); {
		lo, hi := body[k], body[k]
		if k+2 < len(body) && body[k+1] == '-' {
			hi = body[k+2]
			k += 3
		} else {
			k++
		}
		if lo <= c && c <= hi {
			in = true
		}
	}
	return in != negate
}
