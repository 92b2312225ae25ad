package ankiconnecttest

import (
	"os"

	"github.com/ankiconnect-go/ankiconnect/internal/collection"
)

// WithMediaDir makes dir (created if missing) the media folder of the
// first profile: getMediaDirPath reports its absolute path, files stored
// through storeMediaFile (or a note's media) are written there, and files
// a program writes or deletes there are what retrieveMediaFile,
// getMediaFilesNames and storeMediaFile's name checks see. Files already in
// dir are part of the media; LoadFixture replaces them with the fixture's.
// The fake never removes dir.
//
// Without this option each profile's media folder is
// <tmp>/<profile>/collection.media in a temporary folder that Close
// removes, made when getMediaDirPath (or MediaDir) first reports it; until
// then the media stay in memory, so a test that never asks for the folder
// pays nothing for it. Other profiles than the first always get such a
// folder.
func WithMediaDir(dir string) Option {
	return func(c *fakeConfig) { c.MediaDir = dir }
}

// MediaDir returns the active profile's media folder, as getMediaDirPath
// reports it, making the folder if it was not made yet.
func (f *Fake) MediaDir() string {
	var dir string
	f.read(func(c *collection.Collection) { dir = c.Media().Dir() })
	return dir
}

// makeMediaRoot makes the temporary folder that holds the profiles' media
// folders (Close removes it).
func makeMediaRoot() (string, error) {
	return os.MkdirTemp("", "fakeanki-media-")
}
