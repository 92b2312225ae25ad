package collection

import (
	"context"
	"crypto/md5"
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func sha1Hex(s string) string {
	sum := sha1.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}

func md5Hex(s string) string {
	sum := md5.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func TestNormalizeMediaName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"foo.jpg", "foo.jpg"},
		// Anki's own test case.
		{"con.jpg[]><:\"/?*^\\|\x00\r\n", "con_.jpg"},
		{"CON", "CON_"},
		{"lpt1.txt", "lpt1_.txt"},
		{"com0.txt", "com0.txt"},
		{"console.txt", "console.txt"},
		{"test.", "test._"},
		{"test ", "test _"},
		{"a\u00a0b.mp3", "a b.mp3"},
		{"a\x7fb\u0378c.ogg", "abc.ogg"}, // DEL and an unassigned code point
		{"日本語.png", "日本語.png"},
		{strings.Repeat("x", 119), strings.Repeat("x", 119)},
		{strings.Repeat("x", 120), strings.Repeat("x", 120)},
		{strings.Repeat("x", 121), strings.Repeat("x", 118)},
		{strings.Repeat("x", 240) + ".jpg", strings.Repeat("x", 120-len(".jpg")-1) + ".jpg"},
		// The stem never splits a UTF-8 sequence: 115 bytes allowed, 114 used.
		{strings.Repeat("é", 100) + ".png", strings.Repeat("é", 57) + ".png"},
		// The extension is capped at 10 bytes.
		{strings.Repeat("x", 130) + "." + strings.Repeat("e", 20), strings.Repeat("x", 120-10-2) + "." + strings.Repeat("e", 10)},
		// A truncation that ends in a dot or space gets "_".
		{strings.Repeat("x", 117) + " " + strings.Repeat("y", 10), strings.Repeat("x", 117) + " _"},
	}
	for _, tt := range tests {
		if got := normalizeMediaName(tt.in); got != tt.want {
			t.Errorf("normalizeMediaName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestHashSuffixedName(t *testing.T) {
	tests := []struct{ name, data, want string }{
		// Anki's own test case.
		{"test.jpg", "hello", "test-aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d.jpg"},
		{"test", "hello", "test-aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d."},
		{strings.Repeat("s", 118) + ".mp3", "hello", strings.Repeat("s", 120-41-len("mp3")-2) + "-aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d.mp3"},
	}
	for _, tt := range tests {
		if got := hashSuffixedName(tt.name, sha1Hex(tt.data)); got != tt.want {
			t.Errorf("hashSuffixedName(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestPyBase64Decode(t *testing.T) {
	tests := []struct {
		in      string
		want    string
		wantErr string
	}{
		{in: "SGVsbG8sIHdvcmxkIQ==", want: "Hello, world!"},
		{in: "", want: ""},
		{in: "SGVs\nbG8=", want: "Hello"},
		{in: "S!G@V#s$b%G&8*=", want: "Hello"}, // characters outside the alphabet are skipped
		{in: "QQ==garbage", want: "A"},         // a complete padding ends the input
		{in: "QQ=x=", want: "A\f"},             // an interrupted padding does not
		{in: "====", want: ""},
		{in: "SGVsbG8", wantErr: "Incorrect padding"},
		{in: "SGVsbG", wantErr: "Incorrect padding"},
		{in: "QQ=", wantErr: "Incorrect padding"},
		{in: "SGVsb", wantErr: "Invalid base64-encoded string: number of data characters (5) cannot be 1 more than a multiple of 4"},
		{in: "Q===", wantErr: "Invalid base64-encoded string: number of data characters (1) cannot be 1 more than a multiple of 4"},
		{in: "SGVsbG8é", wantErr: "string argument should contain only ASCII characters"},
	}
	for _, tt := range tests {
		got, err := pyBase64Decode(tt.in)
		if diff := cmp.Diff(tt.wantErr, errText(err)); diff != "" {
			t.Errorf("pyBase64Decode(%q) error (-want +got):\n%s", tt.in, diff)
			continue
		}
		if err == nil && string(got) != tt.want {
			t.Errorf("pyBase64Decode(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFnmatch(t *testing.T) {
	tests := []struct {
		pattern, name string
		want          bool
	}{
		{"*", "a.txt", true},
		{"_hell*.txt", "_hello.txt", true},
		{"_hell*.txt", "_hello.txt.bak", false},
		{"*.TXT", "a.txt", false}, // case-sensitive
		{"?.txt", "a.txt", true},
		{"?.txt", "ab.txt", false},
		{"*a*b*", "xaybz", true},
		{"*a*b", "xaybz", false},
		{"[abc].mp3", "b.mp3", true},
		{"[abc].mp3", "d.mp3", false},
		{"[!abc].mp3", "d.mp3", true},
		{"[!abc].mp3", "a.mp3", false},
		{"[a-c]x", "bx", true},
		{"[a-c]x", "dx", false},
		{"[z-a]x", "zx", false}, // an inverted range matches nothing
		{"[a-]x", "-x", true},
		{"[-a]x", "-x", true},
		{"[a-b-c]", "-", true},
		{"[]]", "]", true},
		{"[!]]", "a", true},
		{"[!]]", "]", false},
		{"[^a]", "^", true}, // "^" is not negation
		{"[", "[", true},    // an unclosed bracket is literal
		{"a[", "a[", true},
		{"日*", "日本.png", true},
		{"?本.png", "日本.png", true},
	}
	for _, tt := range tests {
		if got := fnmatch(tt.pattern, tt.name); got != tt.want {
			t.Errorf("fnmatch(%q, %q) = %v, want %v", tt.pattern, tt.name, got, tt.want)
		}
	}
}

func TestPyRepr(t *testing.T) {
	tests := []struct{ in, want string }{
		{"/x/y", `'/x/y'`},
		{"it's", `"it's"`},
		{`it's "q"`, `'it\'s "q"'`},
		{"a\\b\n\x01", `'a\\b\n\x01'`},
		{"é\u200b", `'é\u200b'`},
	}
	for _, tt := range tests {
		if got := pyRepr(tt.in); got != tt.want {
			t.Errorf("pyRepr(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

// storeResult is one Store outcome in a comparable form.
type storeResult struct {
	Name string
	OK   bool
	Err  string
}

func store(m *Media, r StoreRequest) storeResult {
	name, ok, err := m.Store(context.Background(), r)
	return storeResult{name, ok, errText(err)}
}

func TestMediaStoreSources(t *testing.T) {
	dir := t.TempDir()
	onDisk := filepath.Join(dir, "hello.txt")
	if err := os.WriteFile(onDisk, []byte("from disk"), 0o600); err != nil {
		t.Fatal(err)
	}
	fetched := map[string]string{"https://example.invalid/a": "from url"}
	fetch := func(_ context.Context, url string) ([]byte, error) {
		if body, ok := fetched[url]; ok {
			return []byte(body), nil
		}
		return nil, &DownloadFailedError{URL: url, Code: 404}
	}
	missing := filepath.Join(dir, "missing")
	tests := []struct {
		name     string
		req      StoreRequest
		want     storeResult
		wantData string
	}{
		{"data wins", StoreRequest{Filename: "a.txt", Data: b64("from data"), Path: onDisk, URL: "https://example.invalid/a"}, storeResult{"a.txt", true, ""}, "from data"},
		{"path before url", StoreRequest{Filename: "a.txt", Path: onDisk, URL: "https://example.invalid/a"}, storeResult{"a.txt", true, ""}, "from disk"},
		{"url", StoreRequest{Filename: "a.txt", URL: "https://example.invalid/a"}, storeResult{"a.txt", true, ""}, "from url"},
		{"no source", StoreRequest{Filename: "a.txt"}, storeResult{"", false, `You must provide a "data", "path", or "url" field.`}, ""},
		{"missing path", StoreRequest{Filename: "a.txt", Path: missing}, storeResult{"", false, "[Errno 2] No such file or directory: '" + missing + "'"}, ""},
		{"directory path", StoreRequest{Filename: "a.txt", Path: dir}, storeResult{"", false, "[Errno 21] Is a directory: '" + dir + "'"}, ""},
		{"download failure", StoreRequest{Filename: "a.txt", URL: "https://example.invalid/b"}, storeResult{"", false, "https://example.invalid/b download failed with return code 404"}, ""},
		{"bad base64", StoreRequest{Filename: "a.txt", Data: "QQ="}, storeResult{"", false, "Incorrect padding"}, ""},
		{"basename and normalisation", StoreRequest{Filename: "sub/dir/c:o?n.txt", Data: b64("x")}, storeResult{"con_.txt", true, ""}, "x"},
		{"nothing left of the name", StoreRequest{Filename: "sub/", Data: b64("x")}, storeResult{"", false, "Failed to read '/media/': Is a directory (os error 21)"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var m Media
			m.SetDir("/media/")
			m.SetFetcher(fetch)
			got := store(&m, tt.req)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Fatalf("Store (-want +got):\n%s", diff)
			}
			want := map[string][]byte{}
			if tt.want.OK {
				want[tt.want.Name] = []byte(tt.wantData)
			}
			if diff := cmp.Diff(want, m.Snapshot()); diff != "" {
				t.Errorf("files after Store (-want +got):\n%s", diff)
			}
		})
	}
}

func TestMediaStoreClashesAndSkipHash(t *testing.T) {
	hello, hello1 := b64("hello"), b64("hello1")
	strPtr := func(s string) *string { return &s }
	yes, no := true, false
	hashed := "test-" + sha1Hex("hello1") + ".mp3"
	type step struct {
		req  StoreRequest
		item *NoteMediaItem // stored with StoreNoteItem instead of req when set
		want storeResult
	}
	tests := []struct {
		name      string
		steps     []step
		wantFiles map[string]string
		wantTrash map[string]string
	}{
		{
			name: "same content keeps the name",
			steps: []step{
				{req: StoreRequest{Filename: "test.mp3", Data: hello}, want: storeResult{"test.mp3", true, ""}},
				{req: StoreRequest{Filename: "test.mp3", Data: hello}, want: storeResult{"test.mp3", true, ""}},
			},
			wantFiles: map[string]string{"test.mp3": "hello"},
		},
		{
			name: "different content without deleteExisting gets the sha1 name (Anki's test case)",
			steps: []step{
				{req: StoreRequest{Filename: "test.mp3", Data: hello}, want: storeResult{"test.mp3", true, ""}},
				{req: StoreRequest{Filename: "test.mp3", Data: hello1}, want: storeResult{"test-88fdd585121a4ccb3d1540527aee53a77c77abb8.mp3", true, ""}},
			},
			wantFiles: map[string]string{"test.mp3": "hello", hashed: "hello1"},
		},
		{
			name: "deleteExisting trashes the old file and reuses the name",
			steps: []step{
				{req: StoreRequest{Filename: "test.mp3", Data: hello}, want: storeResult{"test.mp3", true, ""}},
				{req: StoreRequest{Filename: "test.mp3", Data: hello1, DeleteExisting: true}, want: storeResult{"test.mp3", true, ""}},
			},
			wantFiles: map[string]string{"test.mp3": "hello1"},
			wantTrash: map[string]string{"test.mp3": "hello"},
		},
		{
			name: "deleteExisting uses the raw name, so a normalised clash still gets the sha1 name",
			steps: []step{
				{req: StoreRequest{Filename: "te:st.mp3", Data: hello}, want: storeResult{"test.mp3", true, ""}},
				{req: StoreRequest{Filename: "te:st.mp3", Data: hello1, DeleteExisting: true}, want: storeResult{hashed, true, ""}},
			},
			wantFiles: map[string]string{"test.mp3": "hello", hashed: "hello1"},
		},
		{
			name: "matching skipHash writes nothing",
			steps: []step{
				{req: StoreRequest{Filename: "test.mp3", Data: hello, SkipHash: strPtr(md5Hex("hello")), DeleteExisting: true}, want: storeResult{"", false, ""}},
			},
			wantFiles: map[string]string{},
		},
		{
			name: "matching skipHash does not delete the existing file",
			steps: []step{
				{req: StoreRequest{Filename: "test.mp3", Data: hello1}, want: storeResult{"test.mp3", true, ""}},
				{req: StoreRequest{Filename: "test.mp3", Data: hello, SkipHash: strPtr(md5Hex("hello")), DeleteExisting: true}, want: storeResult{"", false, ""}},
			},
			wantFiles: map[string]string{"test.mp3": "hello1"},
		},
		{
			name: "other skipHash stores",
			steps: []step{
				{req: StoreRequest{Filename: "test.mp3", Data: hello, SkipHash: strPtr(md5Hex("other"))}, want: storeResult{"test.mp3", true, ""}},
			},
			wantFiles: map[string]string{"test.mp3": "hello"},
		},
		{
			name: "a note item without deleteExisting keeps the existing file",
			steps: []step{
				{req: StoreRequest{Filename: "test.mp3", Data: hello}, want: storeResult{"test.mp3", true, ""}},
				{item: &NoteMediaItem{Filename: "test.mp3", Data: hello1}, want: storeResult{hashed, true, ""}},
			},
			wantFiles: map[string]string{"test.mp3": "hello", hashed: "hello1"},
		},
		{
			name: "a note item with deleteExisting false keeps, true replaces",
			steps: []step{
				{req: StoreRequest{Filename: "test.mp3", Data: hello}, want: storeResult{"test.mp3", true, ""}},
				{item: &NoteMediaItem{Filename: "test.mp3", Data: hello1, DeleteExisting: &no}, want: storeResult{hashed, true, ""}},
				{item: &NoteMediaItem{Filename: "test.mp3", Data: hello1, DeleteExisting: &yes}, want: storeResult{"test.mp3", true, ""}},
			},
			wantFiles: map[string]string{"test.mp3": "hello1", hashed: "hello1"},
			wantTrash: map[string]string{"test.mp3": "hello"},
		},
		{
			name: "a note item with a matching skipHash stores nothing",
			steps: []step{
				{item: &NoteMediaItem{Filename: "test.mp3", Data: hello, SkipHash: strPtr(md5Hex("hello"))}, want: storeResult{"", false, ""}},
			},
			wantFiles: map[string]string{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var m Media
			for i, s := range tt.steps {
				got := store(&m, s.req)
				if s.item != nil {
					name, ok, err := m.StoreNoteItem(context.Background(), *s.item)
					got = storeResult{name, ok, errText(err)}
				}
				if diff := cmp.Diff(s.want, got); diff != "" {
					t.Fatalf("step %d (-want +got):\n%s", i, diff)
				}
			}
			gotFiles := map[string]string{}
			for name, data := range m.Snapshot() {
				gotFiles[name] = string(data)
			}
			if diff := cmp.Diff(tt.wantFiles, gotFiles); diff != "" {
				t.Errorf("files (-want +got):\n%s", diff)
			}
			for name, want := range tt.wantTrash {
				if got, ok := m.Trashed(name); !ok || string(got) != want {
					t.Errorf("Trashed(%q) = %q, %v, want %q", name, got, ok, want)
				}
			}
		})
	}
}

func TestMediaRetrieveDeleteNames(t *testing.T) {
	var m Media
	m.Restore(map[string][]byte{"_hello.txt": []byte("Hello"), "b.mp3": {1}, ".hidden": {2}, "a.png": {3}})

	retrieve := []struct {
		filename string
		want     string
		wantOK   bool
		wantErr  string
	}{
		{filename: "_hello.txt", want: "Hello", wantOK: true},
		{filename: "/some/where/_hello.txt", want: "Hello", wantOK: true},
		{filename: "_hel:lo.txt", want: "Hello", wantOK: true},
		{filename: "_HELLO.txt"},
		{filename: "missing.txt"},
		{filename: "", wantErr: "[Errno 21] Is a directory: '" + DefaultMediaDir + "/'"},
		{filename: "x/..", wantErr: "[Errno 21] Is a directory: '" + DefaultMediaDir + "/..'"},
	}
	for _, tt := range retrieve {
		data, ok, err := m.Retrieve(tt.filename)
		if string(data) != tt.want || ok != tt.wantOK || errText(err) != tt.wantErr {
			t.Errorf("Retrieve(%q) = %q, %v, %q; want %q, %v, %q", tt.filename, data, ok, errText(err), tt.want, tt.wantOK, tt.wantErr)
		}
	}

	names := []struct {
		pattern string
		want    []string
	}{
		{"*", []string{"_hello.txt", "a.png", "b.mp3"}},
		{"_hell*.txt", []string{"_hello.txt"}},
		{".*", []string{".hidden"}},
		{".hidden", []string{".hidden"}},
		{"b.mp3", []string{"b.mp3"}},
		{"c.mp3", []string{}},
		{"*.PNG", []string{}},
		{"sub/*", []string{}},
		{"", []string{""}},
	}
	for _, tt := range names {
		if diff := cmp.Diff(tt.want, m.Names(tt.pattern)); diff != "" {
			t.Errorf("Names(%q) (-want +got):\n%s", tt.pattern, diff)
		}
	}

	m.Delete("_hello.txt")
	m.Delete("never-there.txt")
	if _, ok, _ := m.Retrieve("_hello.txt"); ok {
		t.Error("Retrieve after Delete found the file")
	}
	if diff := cmp.Diff([]string{"a.png", "b.mp3"}, m.Names("*")); diff != "" {
		t.Errorf("Names after Delete (-want +got):\n%s", diff)
	}
	if got, ok := m.Trashed("_hello.txt"); !ok || string(got) != "Hello" {
		t.Errorf("Trashed = %q, %v", got, ok)
	}
	if got, ok := m.File("a.png"); !ok || string(got) != "\x03" {
		t.Errorf("File(a.png) = %q, %v", got, ok)
	}
}

func TestMediaDir(t *testing.T) {
	var m Media
	if got := m.Dir(); got != DefaultMediaDir {
		t.Errorf("zero Dir = %q", got)
	}
	m.SetDir("/anki/test_user/collection.media/")
	if got := m.Dir(); got != "/anki/test_user/collection.media" {
		t.Errorf("Dir = %q", got)
	}
	m.SetDir("")
	if got := m.Dir(); got != DefaultMediaDir {
		t.Errorf("reset Dir = %q", got)
	}
}

func TestHTTPFetcher(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/ok":
			_, _ = w.Write([]byte("body"))
		case "/moved":
			http.Redirect(w, r, "/ok", http.StatusFound)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	fetch := HTTPFetcher(srv.Client())
	for _, path := range []string{"/ok", "/moved"} {
		got, err := fetch(context.Background(), srv.URL+path)
		if err != nil || string(got) != "body" {
			t.Errorf("fetch %s = %q, %v", path, got, err)
		}
	}
	_, err := fetch(context.Background(), srv.URL+"/gone")
	var dl *DownloadFailedError
	if !errors.As(err, &dl) || dl.Code != 404 {
		t.Fatalf("fetch /gone error = %v", err)
	}
	if want := srv.URL + "/gone download failed with return code 404"; err.Error() != want {
		t.Errorf("error text = %q, want %q", err.Error(), want)
	}
	// The zero Media downloads with the default fetcher.
	var m Media
	if got := store(&m, StoreRequest{Filename: "f.txt", URL: srv.URL + "/ok"}); got != (storeResult{"f.txt", true, ""}) {
		t.Errorf("Store via default fetcher = %+v", got)
	}
}
