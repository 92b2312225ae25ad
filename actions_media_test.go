package ankiconnect

import (
	"context"
	"testing"
)

func init() {
	// StoreMediaFile, StoreMediaFileFromPath and StoreMediaFileFromURL are
	// all storeMediaFile, one per source.
	sharedActions["storeMediaFile"] = true
}

func TestMediaActionSamples(t *testing.T) {
	// The samples leave deleteExisting to its default, true.
	replace := StoreMediaOptions{DeleteExisting: true}
	stored := []any{"_hello.txt", true}
	runTwins(t, []twinCase{
		{"storeMediaFile", "StoreMediaFile", []any{"_hello.txt", []byte("Hello, world!"), replace}, stored},
		{"storeMediaFile-path", "StoreMediaFileFromPath", []any{"_hello.txt", "/path/to/file", replace}, stored},
		{"storeMediaFile-url", "StoreMediaFileFromURL", []any{"_hello.txt", "https://url.to.file", replace}, stored},
		{"retrieveMediaFile", "RetrieveMediaFile", []any{"_hello.txt"}, []any{[]byte("Hello, world!"), true}},
		{"getMediaFilesNames", "GetMediaFilesNames", []any{"_hell*.txt"}, []string{"_hello.txt"}},
		{"getMediaDirPath", "GetMediaDirPath", nil, "/home/user/.local/share/Anki2/Main/collection.media"},
		{"deleteMediaFile", "DeleteMediaFile", []any{"_hello.txt"}, nil},
	})
}

// TestMediaActionReplies decodes the replies the documentation leaves out:
// null when skipHash matched, false for a missing file.
func TestMediaActionReplies(t *testing.T) {
	// 00594f... is the MD5 of the byte 0xff, 85e532... its SHA-1.
	store := func(opts StoreMediaOptions) func(ctx context.Context, c *Client) (any, error) {
		return func(ctx context.Context, c *Client) (any, error) {
			name, ok, err := c.StoreMediaFile(ctx, "a.mp3", []byte{0xff}, opts)
			return []any{name, ok}, err
		}
	}
	retrieve := func(ctx context.Context, c *Client) (any, error) {
		data, ok, err := c.RetrieveMediaFile(ctx, "a.mp3")
		return []any{data, ok}, err
	}
	runReplies(t, []replyCase{
		{"storeMediaFile: null when the content matched skipHash", `null`,
			store(StoreMediaOptions{SkipHash: "00594fd4f42ba43fc1ca0427a0576295"}), []any{"", false}},
		{"storeMediaFile: renamed on a clash with a kept file", `"a-85e53271e14006f0265921d02d4d736cdc580b0b.mp3"`,
			store(StoreMediaOptions{}), []any{"a-85e53271e14006f0265921d02d4d736cdc580b0b.mp3", true}},
		{"retrieveMediaFile: false for a missing file", `false`, retrieve, []any{[]byte(nil), false}},
		{"retrieveMediaFile: an empty file", `""`, retrieve, []any{[]byte{}, true}},
		{"getMediaFilesNames: nothing matches", `[]`, func(ctx context.Context, c *Client) (any, error) {
			return c.GetMediaFilesNames(ctx, "*.none")
		}, []string{}},
	})
}

func TestMediaActionMalformedReplies(t *testing.T) {
	retrieve := func(ctx context.Context, c *Client) error {
		_, _, err := c.RetrieveMediaFile(ctx, "a.mp3")
		return err
	}
	runMalformed(t, []malformedCase{
		{"retrieveMediaFile: not base64", `"not base64!"`, retrieve},
		{"retrieveMediaFile: true", `true`, retrieve},
		{"storeMediaFile: a number", `1`, func(ctx context.Context, c *Client) error {
			_, _, err := c.StoreMediaFile(ctx, "a", []byte("x"), StoreMediaOptions{})
			return err
		}},
	})
}

// TestStoreMediaOptions checks the params each source and option sends:
// deleteExisting only as false (absent means true), skipHash only when set.
func TestStoreMediaOptions(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		call func(c *Client) error
		want string
	}{
		{"data, keep existing", func(c *Client) error {
			_, _, err := c.StoreMediaFile(ctx, "a.bin", []byte{0, 1, 2, 0xfe, 0xff}, StoreMediaOptions{})
			return err
		}, `{"filename": "a.bin", "data": "AAEC/v8=", "deleteExisting": false}`},
		{"path, replace, skip hash", func(c *Client) error {
			_, _, err := c.StoreMediaFileFromPath(ctx, "a.png", "/tmp/a.png",
				StoreMediaOptions{DeleteExisting: true, SkipHash: "8d6e4646dfae812bf39651b59d7429ce"})
			return err
		}, `{"filename": "a.png", "path": "/tmp/a.png", "skipHash": "8d6e4646dfae812bf39651b59d7429ce"}`},
		{"url, keep existing, skip hash", func(c *Client) error {
			_, _, err := c.StoreMediaFileFromURL(ctx, "a.mp3", "https://example.com/a.mp3",
				StoreMediaOptions{SkipHash: "7e2c2f954ef6051373ba916f000168dc"})
			return err
		}, `{"filename": "a.mp3", "url": "https://example.com/a.mp3",
			"skipHash": "7e2c2f954ef6051373ba916f000168dc", "deleteExisting": false}`},
		{"empty pattern: the server's default, every file", func(c *Client) error {
			_, err := c.GetMediaFilesNames(ctx, "")
			return err
		}, `{}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, rec := mockClient(t, []string{`{"result": null, "error": null}`})
			if err := tc.call(c); err != nil {
				t.Fatal(err)
			}
			wantJSON(t, rec.request(t, 0).(map[string]any)["params"], tc.want)
		})
	}
}
