package ankiconnecttest

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"math"
	"net/http"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/ankiconnect-go/ankiconnect"
	"github.com/ankiconnect-go/ankiconnect/internal/collection"
	"github.com/ankiconnect-go/ankiconnect/internal/fault"
	"github.com/ankiconnect-go/ankiconnect/internal/wire"
)

// Fake is an AnkiConnect served from memory, for testing code that talks to
// Anki without Anki. It behaves like the real add-on on the wire (the same
// replies, errors, CORS and API-key rules) over a fresh collection with
// Anki's Default deck and six stock note types.
//
// Start one with Start or, in tests, New. Point any client at
// URL (ours: Client), or call Handler in-process. Seed and inspect the
// collection with the methods below, which need no HTTP and never race with
// requests: the fake serves one request at a time, as Anki does.
//
// The engine behind Fake decodes the wire JSON itself and shares no code
// with Client, so a bug cannot hide on both sides.
type Fake struct {
	srv     *wire.Server
	net     *fault.Server   // listens; can refuse connections (fake_faults.go)
	faults  *fault.Injector // wraps srv (fake_faults.go)
	handler http.Handler    // srv behind faults
	url     string
	apiKey  string
	// keepAlive: the fake keeps connections (WithKeepAlive), so Client
	// reuses them.
	keepAlive bool
	time      *fakeClock // every timestamp's source; Advance moves it (fake_clock.go)
	// packageDir holds package files (fake_packages.go); removed by Close
	// when the fake made it.
	packageDir    string
	ownPackageDir bool
	mediaRoot     string // the profiles' media folders (media.go); removed by Close

	closeOnce sync.Once
	closeErr  error
}

// Option configures a Fake.
type Option func(*fakeConfig)

// fakeConfig keeps the engine's configuration out of exported signatures.
type fakeConfig struct {
	wire.Config
	packages []string // WithPackage files, loaded in order (packages.go)
}

// WithAPIKey makes the fake require key on every action except
// requestPermission, like the add-on's apiKey setting. Clients from
// Fake.Client send it.
func WithAPIKey(key string) Option {
	return func(c *fakeConfig) { c.APIKey = key }
}

// WithOrigins sets the allowed CORS origins (the add-on's
// webCorsOriginList, default "http://localhost"; "*" allows all).
func WithOrigins(origins ...string) Option {
	return func(c *fakeConfig) { c.Origins = append([]string{}, origins...) }
}

// WithClock sets the source of every timestamp and ID (Anki uses
// millisecond timestamps as IDs, kept unique). Default time.Now.
func WithClock(clock func() time.Time) Option {
	return func(c *fakeConfig) { c.Clock = clock }
}

// WithMediaFetcher sets how storeMediaFile (and note media) download a
// "url" source. Return a *DownloadError to answer with an HTTP status
// other than 200. Without it the fake downloads over HTTP as the add-on
// does, but only from loopback addresses (an httptest.Server works): any
// other host fails the action, so a test never reaches the network.
func WithMediaFetcher(fetch func(ctx context.Context, url string) ([]byte, error)) Option {
	return func(c *fakeConfig) {
		c.Fetcher = func(ctx context.Context, url string) ([]byte, error) {
			data, err := fetch(ctx, url)
			var status *DownloadError
			if errors.As(err, &status) {
				return nil, &collection.DownloadFailedError{URL: url, Code: status.StatusCode}
			}
			return data, err
		}
	}
}

// DownloadError is returned by a WithMediaFetcher function for a
// download answered with StatusCode; the fake then fails the action with
// the add-on's "<url> download failed with return code <n>".
type DownloadError struct {
	StatusCode int
}

// Error implements error.
func (e *DownloadError) Error() string {
	return "download failed with return code " + strconv.Itoa(e.StatusCode)
}

// WithProfile sets the Anki profile names; the first is the active one.
// Default "User 1". Each profile has its own collection; loadProfile
// switches between them, and the seeding and inspection methods work on the
// active one.
func WithProfile(names ...string) Option {
	return func(c *fakeConfig) { c.Profiles = append([]string{}, names...) }
}

// WithPermissionPrompt answers requestPermission for origins that are
// not allowed, in place of Anki's Yes/No dialog: grant allows the origin
// from then on; a refusal with ignore denies it from then on without
// asking. Without this option every such request is refused.
func WithPermissionPrompt(prompt func(origin string) (grant, ignore bool)) Option {
	return func(c *fakeConfig) { c.Prompt = prompt }
}

// WithKeepAlive keeps connections open between requests. By default the
// fake closes each connection after its reply, as the add-on does, so a
// client that reuses connections fails against the fake as it would
// against Anki.
func WithKeepAlive() Option {
	return func(c *fakeConfig) { c.KeepAlive = true }
}

// Start starts a fake AnkiConnect on 127.0.0.1 with a random port.
// Close it when done.
func Start(opts ...Option) (*Fake, error) {
	var fc fakeConfig
	for _, o := range opts {
		o(&fc)
	}
	cfg := fc.Config
	if cfg.Clock == nil {
		cfg.Clock = time.Now
	}
	if cfg.Fetcher == nil {
		cfg.Fetcher = loopbackFetcher()
	}
	clk := &fakeClock{base: cfg.Clock}
	cfg.Clock = clk.Now
	ownDir := cfg.PackageDir == ""
	if ownDir {
		dir, err := os.MkdirTemp("", "fakeanki-packages-")
		if err != nil {
			return nil, err
		}
		cfg.PackageDir = dir
	}
	mediaRoot, err := makeMediaRoot()
	if err != nil {
		if ownDir {
			_ = os.RemoveAll(cfg.PackageDir)
		}
		return nil, err
	}
	cfg.MediaRoot = mediaRoot
	f := &Fake{srv: wire.NewServer(cfg), faults: fault.New(), apiKey: cfg.APIKey, keepAlive: cfg.KeepAlive, time: clk}
	f.faults.SetBodyLimits(cfg.BodyLimit, cfg.StallTimeout) // as the engine reads bodies
	f.handler = f.faults.Wrap(f.srv)
	f.packageDir, f.ownPackageDir, f.mediaRoot = cfg.PackageDir, ownDir, mediaRoot
	ns, err := fault.Start("127.0.0.1:0", f.handler)
	if err != nil {
		if ownDir {
			_ = os.RemoveAll(cfg.PackageDir)
		}
		_ = os.RemoveAll(mediaRoot)
		return nil, err
	}
	f.net, f.url = ns, ns.URL()
	for _, path := range fc.packages {
		if err := f.LoadPackage(path); err != nil {
			f.Close()
			return nil, err
		}
	}
	return f, nil
}

// TB is the part of testing.TB that New uses.
type TB interface {
	Helper()
	Cleanup(func())
	Fatalf(format string, args ...any)
}

// New starts a fake for a test and closes it when the test ends.
// It fails the test if the fake cannot start.
func New(tb TB, opts ...Option) *Fake {
	tb.Helper()
	f, err := Start(opts...)
	if err != nil {
		tb.Fatalf("ankiconnect: starting the fake: %v", err)
		return nil
	}
	tb.Cleanup(func() { _ = f.Close() })
	return f
}

// URL returns the fake's address, such as "http://127.0.0.1:40123".
func (f *Fake) URL() string { return f.url }

// Client returns a client for the fake: its URL and API key, connection
// reuse when the fake keeps connections (WithKeepAlive), then opts.
func (f *Fake) Client(opts ...ankiconnect.Option) *ankiconnect.Client {
	base := []ankiconnect.Option{ankiconnect.WithURL(f.url), ankiconnect.WithAPIKey(f.apiKey)}
	if f.keepAlive {
		base = append(base, ankiconnect.WithKeepAlive())
	}
	return ankiconnect.NewClient(append(base, opts...)...)
}

// Handler returns the fake as an http.Handler, to serve requests in-process
// (for example with httptest.NewRecorder) or from a server of your own.
// Like the add-on, it reads exactly ContentLength bytes of a body: a request
// without a length (chunked) counts as empty and gets the banner. Injected
// faults apply to it too, except GoDown's refused connections.
func (f *Fake) Handler() http.Handler { return f.handler }

// Close stops listening, closes the open connections and waits for the
// replies being written. It is safe to call more than once.
func (f *Fake) Close() error {
	f.closeOnce.Do(func() {
		f.closeErr = f.net.Close()
		f.srv.Wait()
		if f.ownPackageDir {
			_ = os.RemoveAll(f.packageDir)
		}
		_ = os.RemoveAll(f.mediaRoot)
	})
	return f.closeErr
}

// invoke runs an action in-process and decodes its result into out.
func (f *Fake) invoke(action string, params, out any) error {
	raw, err := f.srv.Invoke(context.Background(), action, params)
	if err != nil {
		return &ankiconnect.Error{Action: action, Err: ankiconnect.NewAPIError(err.Error())}
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return &ankiconnect.Error{Action: action, Err: &ankiconnect.DecodeError{Body: raw, Err: err}}
	}
	return nil
}

// CreateDeck creates a deck (and its parents, for "A::B") as createDeck
// does, returning its ID; an existing deck's ID is returned as it is.
func (f *Fake) CreateDeck(name string) (ankiconnect.DeckID, error) {
	var id ankiconnect.DeckID
	err := f.invoke("createDeck", map[string]string{"deck": name}, &id)
	return id, err
}

// AddNote adds a note as addNote does (the same checks, cards and media)
// and returns its ID.
func (f *Fake) AddNote(note ankiconnect.Note) (ankiconnect.NoteID, error) {
	var id ankiconnect.NoteID
	err := f.invoke("addNote", map[string]ankiconnect.Note{"note": note}, &id)
	return id, err
}

// CreateModel creates a note type as createModel does and returns it.
func (f *Fake) CreateModel(p ankiconnect.CreateModelParams) (ankiconnect.Model, error) {
	var m ankiconnect.Model
	err := f.invoke("createModel", p, &m)
	return m, err
}

// StoreMedia stores a media file as storeMediaFile does (replacing a file of
// the same name) and returns the name it was stored under.
func (f *Fake) StoreMedia(filename string, data []byte) (string, error) {
	var name string
	err := f.invoke("storeMediaFile", ankiconnect.Media{Filename: filename, Data: data}, &name)
	return name, err
}

// Deck is a deck of the fake's collection.
type Deck struct {
	ID       ankiconnect.DeckID
	Name     string // the full name, "::" between levels
	ConfigID ankiconnect.DeckConfigID
	Filtered bool
}

// Note is a note of the fake's collection.
type Note struct {
	ID    ankiconnect.NoteID
	GUID  string
	Model string // the note type's name
	// Fields maps each field name of the note type to its value.
	Fields map[string]string
	Tags   []string             // canonical, sorted case-insensitively
	Cards  []ankiconnect.CardID // by template (or cloze number)
	Mod    int64                // epoch seconds
}

// Card is a card of the fake's collection.
type Card struct {
	ID       ankiconnect.CardID
	Note     ankiconnect.NoteID
	Deck     string // the deck's full name
	DeckID   ankiconnect.DeckID
	Ord      int // template index, or cloze number - 1
	Type     ankiconnect.CardType
	Queue    ankiconnect.CardQueue
	Due      int64 // position (new), day number (review) or epoch seconds (learning)
	Interval int   // days
	Factor   int   // ease in permille, 0 for new cards
	Reps     int
	Lapses   int
	Flags    ankiconnect.Flag
	Mod      int64 // epoch seconds
}

// Call is one action the fake received (the actions inside a multi
// included, before the multi itself).
type Call struct {
	Action string
	// Version is the request's version: 4 when absent, 0 when not a finite
	// number (possible inside multi: NaN, Infinity, a string).
	Version int
	Params  json.RawMessage // as received
	Error   string          // the error sent back, "" on success
}

// read runs fn on the active collection without racing with requests.
func (f *Fake) read(fn func(c *collection.Collection)) {
	_ = f.srv.Do(context.Background(), func(e *wire.Env) error {
		fn(e.Col)
		return nil
	})
}

// Decks returns every deck, sorted as deckNames sorts them.
func (f *Fake) Decks() []Deck {
	var out []Deck
	f.read(func(c *collection.Collection) {
		for _, d := range c.AllDecks() {
			out = append(out, Deck{ID: ankiconnect.DeckID(d.ID), Name: d.Name, ConfigID: ankiconnect.DeckConfigID(d.ConfigID), Filtered: d.Filtered})
		}
	})
	return out
}

// ModelNames returns the note type names, sorted.
func (f *Fake) ModelNames() []string {
	var out []string
	f.read(func(c *collection.Collection) {
		for _, m := range c.AllModels() {
			out = append(out, m.Name)
		}
	})
	return out
}

// Notes returns every note by ascending ID.
func (f *Fake) Notes() []Note {
	var out []Note
	f.read(func(c *collection.Collection) {
		for _, n := range c.AllNotes() {
			out = append(out, fakeNote(c, n))
		}
	})
	return out
}

// Note returns the note with the given ID.
func (f *Fake) Note(id ankiconnect.NoteID) (Note, bool) {
	var out Note
	var ok bool
	f.read(func(c *collection.Collection) {
		if n := c.NoteByID(int64(id)); n != nil {
			out, ok = fakeNote(c, n), true
		}
	})
	return out, ok
}

func fakeNote(c *collection.Collection, n *collection.Note) Note {
	out := Note{ID: ankiconnect.NoteID(n.ID), GUID: n.GUID, Fields: map[string]string{}, Tags: append([]string{}, n.Tags...), Mod: n.Mod}
	if m := c.ModelByID(n.ModelID); m != nil {
		out.Model = m.Name
		for i, name := range m.FieldNames() {
			if i < len(n.Fields) {
				out.Fields[name] = n.Fields[i]
			}
		}
	}
	for _, card := range n.Cards() {
		out.Cards = append(out.Cards, ankiconnect.CardID(card.ID))
	}
	return out
}

// Cards returns every card by ascending ID.
func (f *Fake) Cards() []Card {
	var out []Card
	f.read(func(c *collection.Collection) {
		for _, card := range c.AllCards() {
			out = append(out, Card{
				ID: ankiconnect.CardID(card.ID), Note: ankiconnect.NoteID(card.NoteID), Deck: c.DeckOrDefault(card.DeckID).Name, DeckID: ankiconnect.DeckID(card.DeckID),
				Ord: card.Ord, Type: ankiconnect.CardType(card.Type), Queue: ankiconnect.CardQueue(card.Queue), Due: card.Due, Interval: card.Ivl,
				Factor: card.Factor, Reps: card.Reps, Lapses: card.Lapses, Flags: ankiconnect.Flag(card.Flags), Mod: card.Mod,
			})
		}
	})
	return out
}

// Tags returns the tag registry as getTags does: sorted case-insensitively,
// including tags no note uses any more until clearUnusedTags.
func (f *Fake) Tags() []string {
	var out []string
	f.read(func(c *collection.Collection) { out = append([]string{}, c.AllTags()...) })
	return out
}

// MediaFiles returns a copy of every media file, by name.
func (f *Fake) MediaFiles() map[string][]byte {
	var out map[string][]byte
	f.read(func(c *collection.Collection) { out = c.Media().Snapshot() })
	return out
}

// Calls returns the actions received so far, oldest first (at most the
// newest 10,000). Requests answered by an injected fault (FailNext,
// RespondStatusNext, DropNext with DropBeforeHandled) are not listed:
// PendingFaults tells how many are yet to fire.
func (f *Fake) Calls() []Call {
	log := f.srv.Log()
	out := make([]Call, len(log))
	for i, e := range log {
		out[i] = Call{Action: e.Action, Version: 4, Params: e.Params, Error: e.Error}
		if e.Version != nil {
			out[i].Version = 0
			v, err := strconv.ParseFloat(string(e.Version), 64)
			if err == nil && !math.IsNaN(v) && !math.IsInf(v, 0) {
				out[i].Version = int(v)
			}
		}
	}
	return out
}

// ClearCalls forgets the actions received so far.
func (f *Fake) ClearCalls() { f.srv.ClearLog() }

// SaveFixture writes the active collection (decks, deck options, note types,
// notes, cards, tags, media, review log) as JSON, for LoadFixture or
// cmd/fakeanki's -fixture flag.
func (f *Fake) SaveFixture(w io.Writer) error {
	return f.srv.Do(context.Background(), func(e *wire.Env) error { return e.Col.Save(w) })
}

// LoadFixture replaces the active collection with one SaveFixture wrote.
// On error the collection is left as it was.
func (f *Fake) LoadFixture(r io.Reader) error {
	c, err := collection.Load(r, f.time.Now)
	if err != nil {
		return err
	}
	f.srv.SetCollection(c)
	return nil
}
