package ankiconnect

import (
	"context"
	"encoding/json"
)

var (
	actVersion           = define[noParams, int]("version", reads)
	actRequestPermission = define[noParams, Permission]("requestPermission", reads)
	actAPIReflect        = define[reflectParams, Reflection]("apiReflect", reads)
)

// Version returns the AnkiConnect API version the server speaks (6 for every
// current release). APIVersion is the version this client sends.
//
// AnkiConnect action: version.
func (c *Client) Version(ctx context.Context) (int, error) {
	return actVersion.call(ctx, c, noParams{})
}

// Version queues the version action; see Client.Version.
func (m *Multi) Version() *Pending[int] { return actVersion.queue(m, noParams{}) }

// Permission is the reply of RequestPermission.
type Permission struct {
	// Permission is "granted" or "denied".
	Permission string `json:"permission"`
	// RequireAPIKey reports whether the server is configured with an API
	// key. Only set when permission is granted.
	RequireAPIKey bool `json:"requireApikey"`
	// Version is the API version, only set when permission is granted.
	Version int `json:"version"`
}

// Granted reports whether the permission was granted.
func (p Permission) Granted() bool { return p.Permission == "granted" }

// UnmarshalJSON accepts the key as the add-on spells it ("requireApikey") and
// as its documentation does ("requireApiKey").
func (p *Permission) UnmarshalJSON(b []byte) error {
	type plain Permission
	var v struct {
		plain
		DocSpelling *bool `json:"requireApiKey"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*p = Permission(v.plain)
	if v.DocSpelling != nil {
		p.RequireAPIKey = *v.DocSpelling
	}
	return nil
}

// RequestPermission asks AnkiConnect whether this client's origin may use it.
// It never needs the API key, so it is how a client finds out whether one is
// required. For a browser origin that is not yet trusted, Anki shows a
// Yes/No dialog and the call blocks until the user answers.
//
// AnkiConnect action: requestPermission.
func (c *Client) RequestPermission(ctx context.Context) (Permission, error) {
	return actRequestPermission.call(ctx, c, noParams{})
}

// RequestPermission queues the requestPermission action; see
// Client.RequestPermission. It is here for completeness only: the add-on
// fills in the request's origin for a top-level requestPermission but not
// inside a multi, so there the action always fails with "missing 2
// required positional arguments: 'origin' and 'allowed'". Use
// Client.RequestPermission.
func (m *Multi) RequestPermission() *Pending[Permission] {
	return actRequestPermission.queue(m, noParams{})
}

type reflectParams struct {
	Scopes  []string `json:"scopes"`
	Actions []string `json:"actions"`
}

// Reflection is the reply of APIReflect.
type Reflection struct {
	// Scopes are the scopes the server answered for ("actions").
	Scopes []string `json:"scopes"`
	// Actions are the supported action names.
	Actions []string `json:"actions,omitempty"`
}

// APIReflect asks the server which of the given actions it supports; with no
// names it lists every action it serves. Use it to check that a server is new
// enough for the actions a program needs.
//
// AnkiConnect action: apiReflect.
func (c *Client) APIReflect(ctx context.Context, actions ...string) (Reflection, error) {
	return actAPIReflect.call(ctx, c, newReflectParams(actions))
}

// APIReflect queues the apiReflect action; see Client.APIReflect.
func (m *Multi) APIReflect(actions ...string) *Pending[Reflection] {
	return actAPIReflect.queue(m, newReflectParams(actions))
}

func newReflectParams(actions []string) reflectParams {
	return reflectParams{Scopes: []string{"actions"}, Actions: actions}
}

type loadProfileParams struct {
	Name string `json:"name"`
}

type exportPackageParams struct {
	Deck         string `json:"deck"`
	Path         string `json:"path"`
	IncludeSched bool   `json:"includeSched"`
}

type importPackageParams struct {
	Path string `json:"path"`
}

var (
	actSync             = define[noParams, Nothing]("sync", writes)
	actGetProfiles      = define[noParams, []string]("getProfiles", reads)
	actGetActiveProfile = define[noParams, string]("getActiveProfile", reads)
	actLoadProfile      = define[loadProfileParams, bool]("loadProfile", writes)
	// exportPackage writes a file but changes nothing in Anki: repeating
	// it writes the same file again, so it is safe to retry.
	actExportPackage    = define[exportPackageParams, bool]("exportPackage", reads)
	actImportPackage    = define[importPackageParams, bool]("importPackage", writes)
	actReloadCollection = define[noParams, Nothing]("reloadCollection", writes)
)

// Sync synchronizes the collection with AnkiWeb and returns when the sync
// is done. It fails with AnkiConnect's message when no AnkiWeb account is
// set up ("sync: auth not configured"), and with a "Sync status ..." message
// when AnkiWeb asks for a full sync, which this action does not perform.
//
// AnkiConnect action: sync.
func (c *Client) Sync(ctx context.Context) error { return actSync.exec(ctx, c, noParams{}) }

// Sync queues the sync action; see Client.Sync.
func (m *Multi) Sync() *Pending[Nothing] { return actSync.queue(m, noParams{}) }

// GetProfiles returns the names of Anki's user profiles.
//
// AnkiConnect action: getProfiles.
func (c *Client) GetProfiles(ctx context.Context) ([]string, error) {
	return actGetProfiles.call(ctx, c, noParams{})
}

// GetProfiles queues the getProfiles action; see Client.GetProfiles.
func (m *Multi) GetProfiles() *Pending[[]string] { return actGetProfiles.queue(m, noParams{}) }

// GetActiveProfile returns the name of the profile Anki has open. Add-on
// versions older than July 2024 fail with ErrUnsupportedAction.
//
// AnkiConnect action: getActiveProfile.
func (c *Client) GetActiveProfile(ctx context.Context) (string, error) {
	return actGetActiveProfile.call(ctx, c, noParams{})
}

// GetActiveProfile queues the getActiveProfile action; see
// Client.GetActiveProfile.
func (m *Multi) GetActiveProfile() *Pending[string] {
	return actGetActiveProfile.queue(m, noParams{})
}

// LoadProfile switches Anki to the named profile, closing the open one. It
// reports false when no profile has that name.
//
// AnkiConnect action: loadProfile.
func (c *Client) LoadProfile(ctx context.Context, name string) (bool, error) {
	return actLoadProfile.call(ctx, c, loadProfileParams{Name: name})
}

// LoadProfile queues the loadProfile action; see Client.LoadProfile.
func (m *Multi) LoadProfile(name string) *Pending[bool] {
	return actLoadProfile.queue(m, loadProfileParams{Name: name})
}

// ExportPackage exports the named deck, with its subdecks and media, to an
// .apkg file at path on the machine running Anki; includeSched also exports
// the review history and deck options. It reports false when the deck does
// not exist. The fake writes the same legacy .apkg the add-on's exporter
// writes, in its package directory (see ankiconnecttest.WithPackageDir).
//
// AnkiConnect action: exportPackage.
func (c *Client) ExportPackage(ctx context.Context, deck, path string, includeSched bool) (bool, error) {
	return actExportPackage.call(ctx, c, exportPackageParams{Deck: deck, Path: path, IncludeSched: includeSched})
}

// ExportPackage queues the exportPackage action; see Client.ExportPackage.
func (m *Multi) ExportPackage(deck, path string, includeSched bool) *Pending[bool] {
	return actExportPackage.queue(m, exportPackageParams{Deck: deck, Path: path, IncludeSched: includeSched})
}

// ImportPackage imports the .apkg file at path on the machine running Anki
// (the add-on passes the path to Anki as it is; its documentation's
// "relative to collection.media" is wrong). It reports true once imported;
// an unreadable file fails with Anki's message. The fake imports only the
// JSON packages it exported itself, not .apkg files (see
// ankiconnecttest.WithPackageDir).
//
// AnkiConnect action: importPackage.
func (c *Client) ImportPackage(ctx context.Context, path string) (bool, error) {
	return actImportPackage.call(ctx, c, importPackageParams{Path: path})
}

// ImportPackage queues the importPackage action; see Client.ImportPackage.
func (m *Multi) ImportPackage(path string) *Pending[bool] {
	return actImportPackage.queue(m, importPackageParams{Path: path})
}

// ReloadCollection makes Anki reload the collection from its database, to
// see changes made to it from outside.
//
// AnkiConnect action: reloadCollection.
func (c *Client) ReloadCollection(ctx context.Context) error {
	return actReloadCollection.exec(ctx, c, noParams{})
}

// ReloadCollection queues the reloadCollection action; see
// Client.ReloadCollection.
func (m *Multi) ReloadCollection() *Pending[Nothing] { return actReloadCollection.queue(m, noParams{}) }
