package wire

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/ankiconnect-go/ankiconnect/internal/collection"
)

// The media actions' tests: the documented samples and the add-on's
// behaviour around sources, skipHash, deleteExisting and naming.

func TestMediaActions(t *testing.T) {
	dir := t.TempDir()
	onDisk := filepath.Join(dir, "file")
	if err := os.WriteFile(onDisk, []byte("from disk"), 0o600); err != nil {
		t.Fatal(err)
	}
	web := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/file" {
			http.NotFound(w, r)
			return
		}
		_, _ = w.Write([]byte("from url"))
	}))
	t.Cleanup(web.Close)
	setup := func(e *Env, vars map[string]string) error {
		vars["path"] = onDisk
		vars["url"] = web.URL
		vars["dir"] = e.Col.Media().Dir()
		return nil
	}
	const hello = "SGVsbG8sIHdvcmxkIQ==" // "Hello, world!"
	b64 := func(s string) string { return fmt.Sprintf("%q", encodeB64(s)) }
	runScript(t, Config{}, setup, []step{
		// The README samples: data, path and url.
		{action: "storeMediaFile", params: `{"filename": "_hello.txt", "data": "` + hello + `"}`, want: `"_hello.txt"`},
		{action: "retrieveMediaFile", params: `{"filename": "_hello.txt"}`, want: `"` + hello + `"`},
		{action: "storeMediaFile", params: `{"filename": "_disk.txt", "path": "${path}"}`, want: `"_disk.txt"`},
		{action: "retrieveMediaFile", params: `{"filename": "_disk.txt"}`, want: b64("from disk")},
		{action: "storeMediaFile", params: `{"filename": "_web.txt", "url": "${url}/file"}`, want: `"_web.txt"`},
		{action: "retrieveMediaFile", params: `{"filename": "_web.txt"}`, want: b64("from url")},
		{action: "getMediaFilesNames", params: `{"pattern": "_hell*.txt"}`, want: `["_hello.txt"]`},
		{action: "getMediaFilesNames", want: `["_disk.txt", "_hello.txt", "_web.txt"]`},
		{action: "getMediaDirPath", want: `"${dir}"`},
		{action: "getMediaDirPath", check: func(t *testing.T, r json.RawMessage) {
			if p := jsonPath(t, r, "").(string); !filepath.IsAbs(p) || filepath.Base(p) != "collection.media" {
				t.Errorf("media dir = %q", p)
			}
		}},
		{action: "deleteMediaFile", params: `{"filename": "_hello.txt"}`, want: `null`},
		{action: "retrieveMediaFile", params: `{"filename": "_hello.txt"}`, want: `false`},
		{action: "getMediaFilesNames", params: `{"pattern": "_hell*.txt"}`, want: `[]`},
		{action: "deleteMediaFile", params: `{"filename": "_hello.txt"}`, want: `null`},

		// Sources: the first truthy one wins; none is an error.
		{action: "storeMediaFile", params: `{"filename": "a.txt", "data": ` + b64("data") + `, "path": "${path}", "url": "${url}/file"}`, want: `"a.txt"`},
		{action: "retrieveMediaFile", params: `{"filename": "a.txt"}`, want: b64("data")},
		{action: "storeMediaFile", params: `{"filename": "a.txt", "data": "", "path": "${path}", "url": 5}`, want: `"a.txt"`},
		{action: "retrieveMediaFile", params: `{"filename": "a.txt"}`, want: b64("from disk")},
		{action: "storeMediaFile", params: `{"filename": "a.txt"}`, err: `You must provide a "data", "path", or "url" field.`},
		{action: "storeMediaFile", params: `{"filename": "a.txt", "data": 0, "path": null, "url": ""}`, err: `You must provide a "data", "path", or "url" field.`},
		{action: "storeMediaFile", params: `{"filename": "a.txt", "data": "QQ="}`, err: "Incorrect padding"},
		{action: "storeMediaFile", params: `{"filename": "a.txt", "path": "${path}.missing"}`, err: "[Errno 2] No such file or directory: '" + onDisk + ".missing'"},
		{action: "storeMediaFile", params: `{"filename": "a.txt", "url": "${url}/gone"}`, err: web.URL + "/gone download failed with return code 404"},
		{action: "storeMediaFile", params: `{"data": "QQ=="}`, err: "AnkiConnect.storeMediaFile() missing 1 required positional argument: 'filename'"},

		// skipHash: a match stores nothing and returns null.
		{action: "storeMediaFile", params: `{"filename": "skip.txt", "data": ` + b64("Hello") + `, "skipHash": "8b1a9953c4611296a827abf8c47804d7"}`, want: `null`},
		{action: "retrieveMediaFile", params: `{"filename": "skip.txt"}`, want: `false`},
		{action: "storeMediaFile", params: `{"filename": "skip.txt", "data": ` + b64("Hello") + `, "skipHash": 5}`, want: `"skip.txt"`},

		// deleteExisting (default true) replaces; false keeps both, the new
		// file named after its SHA-1.
		{action: "storeMediaFile", params: `{"filename": "skip.txt", "data": ` + b64("hello") + `}`, want: `"skip.txt"`},
		{action: "retrieveMediaFile", params: `{"filename": "skip.txt"}`, want: b64("hello")},
		{action: "storeMediaFile", params: `{"filename": "skip.txt", "data": ` + b64("hello") + `, "deleteExisting": false}`, want: `"skip.txt"`},
		{action: "storeMediaFile", params: `{"filename": "skip.txt", "data": ` + b64("hello1") + `, "deleteExisting": null}`,
			want: `"skip-88fdd585121a4ccb3d1540527aee53a77c77abb8.txt"`},
		{action: "getMediaFilesNames", params: `{"pattern": "skip*"}`, want: `["skip-88fdd585121a4ccb3d1540527aee53a77c77abb8.txt", "skip.txt"]`},

		// Names: basename, Anki's normalisation; retrieval strips the same
		// characters.
		{action: "storeMediaFile", params: `{"filename": "dir/co:n.mp3", "data": ` + b64("x") + `}`, want: `"con_.mp3"`},
		{action: "retrieveMediaFile", params: `{"filename": "other/con_.mp3"}`, want: b64("x")},
		{action: "retrieveMediaFile", params: `{"filename": "Con_.mp3"}`, want: `false`},
		{action: "getMediaFilesNames", params: `{"pattern": "[a-c]*.mp3"}`, want: `["con_.mp3"]`},
		{action: "getMediaFilesNames", params: `{"pattern": 5}`, err: "invalid value for parameter 'pattern': expected a string, got number"},
	})
}

func encodeB64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

func TestMediaFetcherConfig(t *testing.T) {
	var mu sync.Mutex
	fetched := []string{}
	cfg := Config{Fetcher: func(_ context.Context, url string) ([]byte, error) {
		mu.Lock()
		defer mu.Unlock()
		fetched = append(fetched, url)
		if strings.HasSuffix(url, "/teapot") {
			return nil, &collection.DownloadFailedError{URL: url, Code: http.StatusTeapot}
		}
		return []byte("fetched"), nil
	}}
	runScript(t, cfg, nil, []step{
		{action: "storeMediaFile", params: `{"filename": "f.txt", "url": "https://example.com/a"}`, want: `"f.txt"`},
		{action: "retrieveMediaFile", params: `{"filename": "f.txt"}`, want: fmt.Sprintf("%q", encodeB64("fetched"))},
		{action: "storeMediaFile", params: `{"filename": "f.txt", "url": "https://example.com/teapot"}`,
			err: "https://example.com/teapot download failed with return code 418"},
	})
	mu.Lock()
	defer mu.Unlock()
	if len(fetched) != 4 { // two runs (loopback, in-process) of two downloads
		t.Errorf("fetcher called %d times: %v", len(fetched), fetched)
	}
}
