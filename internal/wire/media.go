package wire

import (
	"path/filepath"
	"strings"

	"github.com/ankiconnect-go/ankiconnect/internal/collection"
)

// The profiles' media folders (Config.MediaDir and Config.MediaRoot).

// mediaFolder is the profile's media folder, "" when its media stay in
// memory.
func (s *Server) mediaFolder(profile string) string {
	switch {
	case profile == s.profiles[0] && s.cfg.MediaDir != "":
		return s.cfg.MediaDir
	case s.cfg.MediaRoot != "":
		// A profile name is one folder name, as in Anki's base folder.
		name := strings.NewReplacer("/", "_", "\\", "_", "\x00", "_").Replace(profile)
		if name == "." || name == ".." {
			name = "_" + name
		}
		return filepath.Join(s.cfg.MediaRoot, name, "collection.media")
	}
	return ""
}

// attachMedia gives c, about to become the active profile's collection,
// the profile's media folder: at once for Config.MediaDir or when the
// collection it replaces already used the folder (whose files are then
// replaced by c's), else when getMediaDirPath first reports it. Call with
// s.mu held.
func (s *Server) attachMedia(c *collection.Collection) {
	dir := s.mediaFolder(s.active)
	if dir == "" {
		return
	}
	m := c.Media()
	old := s.collections[s.active]
	replacing := old != nil && old != c && old.Media().OnDisk()
	if replacing {
		old.Media().Restore(nil)
	}
	m.UseFolderLater(dir)
	if replacing || dir == s.cfg.MediaDir {
		m.Dir() // make it now; a failure is reported by getMediaDirPath
	}
}
