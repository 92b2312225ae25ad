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
// current release).
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
