package ankiconnecttest_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ankiconnect-go/ankiconnect"
	"github.com/ankiconnect-go/ankiconnect/ankiconnecttest"
	"github.com/google/go-cmp/cmp"
)

// TestMediaFolderBothWays: with WithMediaDir the media live in a real
// folder: what the client stores appears there, what a program writes or
// deletes there is what the client sees, and deletes through the client
// remove the file.
func TestMediaFolderBothWays(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "collection.media")
	fake := ankiconnecttest.New(t, ankiconnecttest.WithMediaDir(dir))
	c := fake.Client()
	ctx := t.Context()

	if got, err := c.GetMediaDirPath(ctx); err != nil || got != dir {
		t.Fatalf("GetMediaDirPath = %q, %v; want %q", got, err, dir)
	}
	if _, _, err := c.StoreMediaFile(ctx, "stored.txt", []byte("from the client"), ankiconnect.StoreMediaOptions{}); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "stored.txt")); err != nil || string(b) != "from the client" {
		t.Errorf("stored.txt on disk: %q, %v", b, err)
	}
	if err := os.WriteFile(filepath.Join(dir, "copied.png"), []byte("from a program"), 0o600); err != nil {
		t.Fatal(err)
	}
	if data, found, err := c.RetrieveMediaFile(ctx, "copied.png"); err != nil || !found || string(data) != "from a program" {
		t.Errorf("RetrieveMediaFile(copied.png) = %q, %v, %v", data, found, err)
	}
	names, err := c.GetMediaFilesNames(ctx, "*")
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{"copied.png", "stored.txt"}, names); d != "" {
		t.Errorf("names (-want +got):\n%s", d)
	}
	// The name check sees the program's file: other bytes get a new name.
	name, _, err := c.StoreMediaFile(ctx, "copied.png", []byte("other bytes"), ankiconnect.StoreMediaOptions{})
	if err != nil || name == "copied.png" || !strings.HasPrefix(name, "copied-") {
		t.Errorf("storing over the program's file: %q, %v", name, err)
	}
	if err := os.Remove(filepath.Join(dir, "copied.png")); err != nil {
		t.Fatal(err)
	}
	if _, found, err := c.RetrieveMediaFile(ctx, "copied.png"); err != nil || found {
		t.Errorf("RetrieveMediaFile after the program deleted it: found=%v, %v", found, err)
	}
	if err := c.DeleteMediaFile(ctx, "stored.txt"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "stored.txt")); !os.IsNotExist(err) {
		t.Errorf("stored.txt still on disk after DeleteMediaFile: %v", err)
	}
	if d := cmp.Diff(map[string][]byte{name: []byte("other bytes")}, fake.MediaFiles()); d != "" {
		t.Errorf("MediaFiles (-want +got):\n%s", d)
	}
	if err := fake.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
		t.Errorf("Close touched the WithMediaDir folder: %v", err)
	}
}

// TestMediaFolderDefault: without WithMediaDir the folder is a temporary
// one, made when first reported, named like Anki's and removed by Close;
// media stored before then are in it.
func TestMediaFolderDefault(t *testing.T) {
	fake := ankiconnecttest.New(t)
	c := fake.Client()
	ctx := t.Context()
	if _, _, err := c.StoreMediaFile(ctx, "early.txt", []byte("before the folder"), ankiconnect.StoreMediaOptions{}); err != nil {
		t.Fatal(err)
	}
	dir, err := c.GetMediaDirPath(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !filepath.IsAbs(dir) || !strings.HasSuffix(dir, string(filepath.Separator)+filepath.Join("User 1", "collection.media")) {
		t.Errorf("GetMediaDirPath = %q", dir)
	}
	if fake.MediaDir() != dir {
		t.Errorf("MediaDir = %q, GetMediaDirPath = %q", fake.MediaDir(), dir)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "early.txt")); err != nil || string(b) != "before the folder" {
		t.Errorf("early.txt on disk: %q, %v", b, err)
	}
	if err := fake.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("media folder after Close: %v", err)
	}
}

// TestMediaFolderProfiles: each profile has its own folder, and
// getMediaDirPath follows loadProfile; GetProfiles of a fresh fake is
// ["User 1"].
func TestMediaFolderProfiles(t *testing.T) {
	ctx := t.Context()
	fresh := ankiconnecttest.New(t).Client()
	if got, err := fresh.GetProfiles(ctx); err != nil || !cmp.Equal(got, []string{"User 1"}) {
		t.Errorf("GetProfiles of a fresh fake = %q, %v", got, err)
	}

	first := filepath.Join(t.TempDir(), "mine")
	fake := ankiconnecttest.New(t, ankiconnecttest.WithProfile("A", "B"), ankiconnecttest.WithMediaDir(first))
	c := fake.Client()
	if got, _ := c.GetMediaDirPath(ctx); got != first {
		t.Errorf("profile A's folder = %q, want %q", got, first)
	}
	if _, _, err := c.StoreMediaFile(ctx, "a.txt", []byte("A"), ankiconnect.StoreMediaOptions{}); err != nil {
		t.Fatal(err)
	}
	if ok, err := c.LoadProfile(ctx, "B"); err != nil || !ok {
		t.Fatalf("LoadProfile(B) = %v, %v", ok, err)
	}
	b, err := c.GetMediaDirPath(ctx)
	if err != nil || b == first || !strings.HasSuffix(b, filepath.Join("B", "collection.media")) {
		t.Errorf("profile B's folder = %q, %v", b, err)
	}
	if names, _ := c.GetMediaFilesNames(ctx, "*"); len(names) != 0 {
		t.Errorf("profile B sees %q", names)
	}
}
