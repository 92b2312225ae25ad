package ankiconnect

import (
	"context"
	"encoding/base64"
)

// StoreMediaOptions tunes StoreMediaFile and its FromPath and FromURL forms.
type StoreMediaOptions struct {
	// DeleteExisting replaces a file already stored under the name. When
	// false, a different file of that name is kept and the new one is
	// stored as "<stem>-<SHA-1 of its content>.<ext>", the name returned;
	// the same content keeps the same name. AnkiConnect's own default is to
	// replace; this package's zero value keeps, so nothing is deleted
	// unless asked for.
	DeleteExisting bool
	// SkipHash is an MD5 hex digest: content with that digest is not stored
	// (useful to skip a site's "no audio" placeholder), and the call reports
	// stored=false.
	SkipHash string
}

type storeMediaParams struct {
	Filename string `json:"filename"`
	Data     string `json:"data,omitempty"`
	Path     string `json:"path,omitempty"`
	URL      string `json:"url,omitempty"`
	SkipHash string `json:"skipHash,omitempty"`
	// DeleteExisting is sent only as false; absent means true.
	DeleteExisting *bool `json:"deleteExisting,omitempty"`
}

// newStoreParams fills in the options of a storeMediaFile request whose
// source is already set.
func newStoreParams(p storeMediaParams, opts StoreMediaOptions) storeMediaParams {
	p.SkipHash = opts.SkipHash
	if !opts.DeleteExisting {
		p.DeleteExisting = new(bool)
	}
	return p
}

func storeDataParams(filename string, data []byte, opts StoreMediaOptions) storeMediaParams {
	return newStoreParams(storeMediaParams{Filename: filename, Data: base64.StdEncoding.EncodeToString(data)}, opts)
}

type filenameParams struct {
	Filename string `json:"filename"`
}

type mediaPatternParams struct {
	Pattern string `json:"pattern,omitempty"`
}

var (
	actStoreMediaFile     = define[storeMediaParams, Maybe[string]]("storeMediaFile", writes)
	actRetrieveMediaFile  = define[filenameParams, Maybe[[]byte]]("retrieveMediaFile", reads)
	actGetMediaFilesNames = define[mediaPatternParams, []string]("getMediaFilesNames", reads)
	actGetMediaDirPath    = define[noParams, string]("getMediaDirPath", reads)
	actDeleteMediaFile    = define[filenameParams, Nothing]("deleteMediaFile", writes)
)

// StoreMediaFile stores data in Anki's media folder under filename and
// returns the name it was stored under: Anki drops characters that are not
// allowed in file names, and renames on a clash when opts.DeleteExisting is
// false. stored is false, and name empty, when the content matched
// opts.SkipHash. Empty data cannot be stored (AnkiConnect then fails with
// 'You must provide a "data", "path", or "url" field.'). Names starting with
// "_" are kept even when no note uses them.
//
// AnkiConnect action: storeMediaFile.
func (c *Client) StoreMediaFile(ctx context.Context, filename string, data []byte, opts StoreMediaOptions) (name string, stored bool, err error) {
	r, err := actStoreMediaFile.call(ctx, c, storeDataParams(filename, data, opts))
	return r.Value, r.OK, err
}

// StoreMediaFile queues the storeMediaFile action with the file's content;
// see Client.StoreMediaFile. The result's OK is false when the content
// matched SkipHash.
func (m *Multi) StoreMediaFile(filename string, data []byte, opts StoreMediaOptions) *Pending[Maybe[string]] {
	return actStoreMediaFile.queue(m, storeDataParams(filename, data, opts))
}

// StoreMediaFileFromPath is StoreMediaFile with the content read by Anki
// from path, an absolute path on the machine running Anki.
//
// AnkiConnect action: storeMediaFile.
func (c *Client) StoreMediaFileFromPath(ctx context.Context, filename, path string, opts StoreMediaOptions) (name string, stored bool, err error) {
	r, err := actStoreMediaFile.call(ctx, c, newStoreParams(storeMediaParams{Filename: filename, Path: path}, opts))
	return r.Value, r.OK, err
}

// StoreMediaFileFromPath queues the storeMediaFile action with a path; see
// Client.StoreMediaFileFromPath.
func (m *Multi) StoreMediaFileFromPath(filename, path string, opts StoreMediaOptions) *Pending[Maybe[string]] {
	return actStoreMediaFile.queue(m, newStoreParams(storeMediaParams{Filename: filename, Path: path}, opts))
}

// StoreMediaFileFromURL is StoreMediaFile with the content downloaded by
// Anki from url; a reply other than 200 fails with "<url> download failed
// with return code <n>".
//
// AnkiConnect action: storeMediaFile.
func (c *Client) StoreMediaFileFromURL(ctx context.Context, filename, url string, opts StoreMediaOptions) (name string, stored bool, err error) {
	r, err := actStoreMediaFile.call(ctx, c, newStoreParams(storeMediaParams{Filename: filename, URL: url}, opts))
	return r.Value, r.OK, err
}

// StoreMediaFileFromURL queues the storeMediaFile action with a URL; see
// Client.StoreMediaFileFromURL.
func (m *Multi) StoreMediaFileFromURL(filename, url string, opts StoreMediaOptions) *Pending[Maybe[string]] {
	return actStoreMediaFile.queue(m, newStoreParams(storeMediaParams{Filename: filename, URL: url}, opts))
}

// RetrieveMediaFile returns the content of a file in the media folder;
// found is false when there is no such file. Only the base name of filename
// is used.
//
// AnkiConnect action: retrieveMediaFile.
func (c *Client) RetrieveMediaFile(ctx context.Context, filename string) (data []byte, found bool, err error) {
	r, err := actRetrieveMediaFile.call(ctx, c, filenameParams{Filename: filename})
	return r.Value, r.OK, err
}

// RetrieveMediaFile queues the retrieveMediaFile action; see
// Client.RetrieveMediaFile. The result's OK is false when the file does not
// exist.
func (m *Multi) RetrieveMediaFile(filename string) *Pending[Maybe[[]byte]] {
	return actRetrieveMediaFile.queue(m, filenameParams{Filename: filename})
}

// GetMediaFilesNames returns the names of the media files matching a glob
// pattern ("*" any text, "?" one character, "[abc]" a set), in no
// particular order; an empty pattern matches every file.
//
// AnkiConnect action: getMediaFilesNames.
func (c *Client) GetMediaFilesNames(ctx context.Context, pattern string) ([]string, error) {
	return actGetMediaFilesNames.call(ctx, c, mediaPatternParams{Pattern: pattern})
}

// GetMediaFilesNames queues the getMediaFilesNames action; see
// Client.GetMediaFilesNames.
func (m *Multi) GetMediaFilesNames(pattern string) *Pending[[]string] {
	return actGetMediaFilesNames.queue(m, mediaPatternParams{Pattern: pattern})
}

// GetMediaDirPath returns the absolute path of the open profile's media
// folder (collection.media) on the machine running Anki.
//
// AnkiConnect action: getMediaDirPath.
func (c *Client) GetMediaDirPath(ctx context.Context) (string, error) {
	return actGetMediaDirPath.call(ctx, c, noParams{})
}

// GetMediaDirPath queues the getMediaDirPath action; see
// Client.GetMediaDirPath.
func (m *Multi) GetMediaDirPath() *Pending[string] { return actGetMediaDirPath.queue(m, noParams{}) }

// DeleteMediaFile moves a file of the media folder to Anki's media trash. A
// missing file is not an error.
//
// AnkiConnect action: deleteMediaFile.
func (c *Client) DeleteMediaFile(ctx context.Context, filename string) error {
	return actDeleteMediaFile.exec(ctx, c, filenameParams{Filename: filename})
}

// DeleteMediaFile queues the deleteMediaFile action; see
// Client.DeleteMediaFile.
func (m *Multi) DeleteMediaFile(filename string) *Pending[Nothing] {
	return actDeleteMediaFile.queue(m, filenameParams{Filename: filename})
}
