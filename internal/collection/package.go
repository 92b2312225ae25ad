package collection

import (
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/ankiconnect-go/ankiconnect/internal/render"
)

// Deck packages: what exportPackage writes and importPackage reads, as
// Go values. Package internal/apkg turns them into Anki's .apkg files and
// back; this file decides what goes in and how it merges. The content
// follows what Anki's exporter puts in an .apkg:
//
//   - the deck, its subdecks and their parents (their names and
//     descriptions);
//   - the cards of those decks, the notes of those cards and the note types
//     of those notes;
//   - the media files the notes' fields refer to ([sound:x], src="x"), and
//     files starting with "_" named in the note types' templates or CSS;
//   - with scheduling: the cards as they are, their review log and the
//     decks' option groups. Without: every card reset to new (in its
//     current order), flags cleared, the "marked" and "leech" tags removed
//     and every deck on the Default option group.
//
// Importing keeps what the collection already has: note types are matched
// by ID (or by name) when their fields and templates are the same, else
// added as new types; decks by name; notes by GUID (an existing note is
// updated only when the package's copy is newer, as Anki's importer
// does); cards by note and template. New cards go to the end of the
// new-card queue in their package order; due days of review cards keep
// their distance from today. A media file whose name is taken by different
// bytes is stored under "<stem>-<sha1>.<ext>" and the imported notes are
// changed to match.

// MsgNotAPackage is the error for a file that is not a package: Python's
// zipfile error, as Anki's importer fails on a file that is not an .apkg.
const MsgNotAPackage = "File is not a zip file"

// Package is the content of a deck package.
type Package struct {
	Deck        string // the exported deck's name, "" for a whole collection
	Scheduling  bool   // includeSched
	Created     int64  // the exporting collection's creation time (col.crt), epoch seconds
	Today       int    // the exporting collection's day number, or -1 to count it from Created
	Decks       []*Deck
	DeckConfigs []*DeckConfig
	Models      []*Model
	Notes       []*Note
	Cards       []*Card
	Revlog      []*ReviewLog
	Media       map[string][]byte
}

// ExportPackage returns the deck with ID deckID, its subdecks, their cards
// and everything those need as a package (see the top of this file), with
// the scheduling or without. It does not change the collection.
func (c *Collection) ExportPackage(deckID int64, withSched bool) (*Package, error) {
	root := c.decks[deckID]
	if root == nil {
		return nil, fmt.Errorf("export: no deck %d", deckID)
	}
	p := &Package{Deck: root.Name, Scheduling: withSched, Created: c.dayStart().Unix(), Today: c.Today(), Media: map[string][]byte{}}
	inTree := map[int64]bool{}
	for _, d := range c.DeckAndChildren(deckID) {
		if !d.Filtered {
			inTree[d.ID] = true
		}
	}
	notes := map[int64]*Note{}
	for _, card := range c.liveCards() {
		if !inTree[card.HomeDeckID()] {
			continue
		}
		cp := *card
		if cp.OriginalDeckID != 0 {
			cp.returnHome()
		}
		p.Cards = append(p.Cards, &cp)
		notes[card.NoteID] = card.note
	}
	models := map[int64]*Model{}
	for _, id := range sortedKeys(notes) {
		n := *notes[id]
		n.Tags = slices.Clone(n.Tags)
		p.Notes = append(p.Notes, &n)
		models[n.ModelID] = c.models[n.ModelID]
	}
	for _, id := range sortedKeys(models) {
		p.Models = append(p.Models, models[id])
	}
	p.Decks = c.packageDecks(root, inTree, withSched)
	// As in Anki's exporter, the package's Default option group is the
	// stock one; with scheduling, the other groups the decks use follow.
	p.DeckConfigs = []*DeckConfig{defaultDeckConfig(DefaultConfigID, "Default", c.nowSecs())}
	if withSched {
		p.DeckConfigs = append(p.DeckConfigs, slices.DeleteFunc(c.packageConfigs(p.Decks), func(d *DeckConfig) bool { return d.ID == DefaultConfigID })...)
		for _, card := range p.Cards {
			p.Revlog = append(p.Revlog, c.cards[card.ID].reviews...)
		}
	} else {
		unschedule(p.Notes, p.Cards)
	}
	for name := range c.referencedMedia(p.Notes, p.Models) {
		p.Media[name], _ = c.media.File(name)
	}
	return p, nil
}

// packageDecks returns copies of the decks in inTree and of root's
// parents, by name; without scheduling, on the Default option group.
func (c *Collection) packageDecks(root *Deck, inTree map[int64]bool, withSched bool) []*Deck {
	var out []*Deck
	add := func(d *Deck) {
		cp := *d
		cp.Extra = maps.Clone(d.Extra)
		if !withSched {
			cp.ConfigID = DefaultConfigID
		}
		out = append(out, &cp)
	}
	for _, d := range c.parentDecks(root) {
		add(d)
	}
	for _, id := range sortedKeys(inTree) {
		add(c.decks[id])
	}
	sort.SliceStable(out, func(i, j int) bool { return deckSortKey(out[i].Name) < deckSortKey(out[j].Name) })
	return out
}

// packageConfigs returns the option groups decks use.
func (c *Collection) packageConfigs(decks []*Deck) []*DeckConfig {
	ids := map[int64]*DeckConfig{}
	for _, d := range decks {
		ids[d.ConfigID] = c.ConfigForDeck(d)
	}
	var out []*DeckConfig
	for _, id := range sortedKeys(ids) {
		out = append(out, ids[id])
	}
	return out
}

// unschedule resets copies of cards to new, keeping their order, and
// removes the system tags from copies of notes.
func unschedule(notes []*Note, cards []*Card) {
	for _, n := range notes {
		n.Tags = slices.DeleteFunc(n.Tags, func(t string) bool {
			return strings.EqualFold(t, "marked") || strings.EqualFold(t, "leech")
		})
	}
	var pos int64
	for _, card := range cards {
		if card.Type == CardTypeNew {
			pos = max(pos, card.Due)
		}
	}
	for _, card := range cards {
		if card.Type != CardTypeNew {
			pos++
			card.Due = pos
		}
		card.Type, card.Queue = CardTypeNew, QueueNew
		card.Ivl, card.Factor, card.Reps, card.Lapses, card.Left = 0, 0, 0, 0, 0
		card.ODue, card.OriginalDeckID, card.Flags, card.Data = 0, 0, 0, ""
	}
}

// mediaRefRe finds media file names in a field: sound tags and the src of
// HTML elements (quoted or not).
var mediaRefRe = regexp.MustCompile(`(?i)\[sound:([^\]]+)\]|<(?:img|audio|video|source|embed|object)\b[^>]*?\b(?:src|data)\s*=\s*(?:"([^"]+)"|'([^']+)'|([^\s>]+))`)

// referencedMedia returns the names of stored media files that notes refer
// to, and the files starting with "_" that the models' templates or CSS
// name.
func (c *Collection) referencedMedia(notes []*Note, models []*Model) map[string]bool {
	out := map[string]bool{}
	for _, n := range notes {
		for _, f := range n.Fields {
			for _, m := range mediaRefRe.FindAllStringSubmatch(f, -1) {
				for _, name := range m[1:] {
					if name != "" && c.media.has(name) {
						out[name] = true
					}
				}
			}
		}
	}
	texts := make([]string, len(models)) // each model's CSS and templates
	for i, m := range models {
		texts[i] = m.CSS
		for _, t := range m.Templates {
			texts[i] += t.Qfmt + t.Afmt
		}
	}
	for _, name := range c.media.regularFiles() {
		if strings.HasPrefix(name, "_") && slices.ContainsFunc(texts, func(text string) bool { return strings.Contains(text, name) }) {
			out[name] = true
		}
	}
	return out
}

// ImportStats counts what ImportPackage added and changed.
type ImportStats struct {
	Models, Decks, Notes, UpdatedNotes, Cards, Reviews, Media int
}

// ImportPackage merges a package into the collection (see the top of
// this file for how). An inconsistent package (cards without their note,
// notes without their note type, a note type whose templates do not parse)
// fails with an error naming the problem and leaves the collection as it
// was. The importer takes ownership of p and its contents.
func (c *Collection) ImportPackage(p *Package) (ImportStats, error) {
	if err := p.check(); err != nil {
		return ImportStats{}, err
	}
	if p.Today < 0 { // a file's package: days since its col.crt
		p.Today = int(c.clock().Sub(time.Unix(p.Created, 0)) / (24 * time.Hour))
	}
	im := importer{
		c: c, p: p, configs: map[int64]bool{}, models: map[int64]*Model{}, decks: map[int64]*Deck{},
		notes: map[int64]*Note{}, cardIDs: map[int64]int64{},
	}
	im.importConfigs()
	im.importModels()
	im.importDecks()
	im.importNotes()
	im.importCards()
	im.importReviews()
	im.importMedia()
	return im.stats, nil
}

// check validates the package before anything is imported.
func (p *Package) check() error {
	models := map[int64]*Model{}
	for _, m := range p.Models {
		if m == nil || len(m.Fields) == 0 || len(m.Templates) == 0 {
			return errors.New("package: a note type without fields or templates")
		}
		if m.Type != ModelStandard && m.Type != ModelCloze {
			return fmt.Errorf("package: note type %q has kind %d, which the fake cannot render", m.Name, m.Type)
		}
		for _, t := range m.Templates {
			if t == nil {
				return fmt.Errorf("package: note type %q has an empty template", m.Name)
			}
			for _, side := range []string{t.Qfmt, t.Afmt} {
				if _, err := render.ParseTemplate(side); err != nil {
					return fmt.Errorf("package: note type %q, template %q cannot be rendered: %v", m.Name, t.Name, err)
				}
			}
		}
		models[m.ID] = m
	}
	notes := map[int64]bool{}
	for _, n := range p.Notes {
		if n == nil || models[n.ModelID] == nil {
			return errors.New("package: a note without its note type")
		}
		notes[n.ID] = true
	}
	decks := map[int64]bool{}
	for _, d := range p.Decks {
		if d == nil || NormalizeDeckName(d.Name) == "" {
			return errors.New("package: a deck without a name")
		}
		decks[d.ID] = true
	}
	for _, card := range p.Cards {
		if card == nil || !notes[card.NoteID] || !decks[card.DeckID] {
			return errors.New("package: a card without its note or deck")
		}
	}
	for _, r := range p.Revlog {
		if r == nil {
			return errors.New("package: an empty review log entry")
		}
	}
	return nil
}

// importer holds one import's mappings from package IDs to collection
// objects.
type importer struct {
	c       *Collection
	p       *Package
	configs map[int64]bool   // package option group IDs (kept as they are)
	models  map[int64]*Model // package note type ID -> collection's
	decks   map[int64]*Deck  // package deck ID -> collection's
	notes   map[int64]*Note  // package note ID -> new or updated note
	cardIDs map[int64]int64  // package card ID -> collection's
	stats   ImportStats
}

// importConfigs adds the package's option groups whose IDs are free; a
// group whose ID is taken means the existing one.
func (im *importer) importConfigs() {
	for _, conf := range im.p.DeckConfigs {
		if conf == nil {
			continue
		}
		if im.c.configs[conf.ID] == nil {
			im.c.putConfig(conf)
		}
		im.configs[conf.ID] = true
	}
}

// sameSchema reports whether two note types have the same fields and
// templates, by name and order.
func sameSchema(a, b *Model) bool {
	return a.Type == b.Type && slices.Equal(a.FieldNames(), b.FieldNames()) && slices.Equal(a.TemplateNames(), b.TemplateNames())
}

func (im *importer) importModels() {
	c := im.c
	used := map[int64]bool{}
	for _, n := range im.p.Notes {
		used[n.ModelID] = true
	}
	for _, m := range im.p.Models {
		if !used[m.ID] {
			continue // as Anki's importer, only the note types of the notes
		}
		if have := c.models[m.ID]; have != nil && sameSchema(have, m) {
			im.models[m.ID] = have
			continue
		}
		if have := c.ModelByExactName(m.Name); have != nil && sameSchema(have, m) {
			im.models[m.ID] = have
			continue
		}
		pkgID := m.ID
		if c.models[m.ID] != nil || m.ID <= 0 {
			m.ID = 0
		}
		for c.ModelByExactName(m.Name) != nil {
			m.Name += "+"
		}
		c.addModel(m)
		im.models[pkgID] = m
		im.stats.Models++
	}
}

func (im *importer) importDecks() {
	c := im.c
	for _, d := range im.p.Decks {
		name := NormalizeDeckName(d.Name)
		have := c.deckByName[foldName(name)]
		if have == nil {
			have = c.CreateDeck(name)
			have.Description = d.Description
			if im.configs[d.ConfigID] {
				have.ConfigID = d.ConfigID
			}
			im.stats.Decks++
		}
		if have.Filtered {
			have = c.decks[DefaultDeckID]
		}
		im.decks[d.ID] = have
	}
}

func (im *importer) importNotes() {
	c := im.c
	byGUID := map[string]*Note{}
	for _, n := range c.liveNotes() {
		byGUID[n.GUID] = n
	}
	for _, pn := range im.p.Notes {
		m := im.models[pn.ModelID]
		fields := slices.Clone(pn.Fields)
		fields = append(fields, make([]string, max(0, len(m.Fields)-len(fields)))...)[:len(m.Fields)]
		if have := byGUID[pn.GUID]; have != nil && pn.GUID != "" {
			if have.ModelID == m.ID && pn.Mod > have.Mod {
				c.setFields(have, fields)
				have.Tags = c.CanonicalTags(pn.Tags)
				have.Mod, have.Usn = pn.Mod, -1
				im.notes[pn.ID] = have
				im.stats.UpdatedNotes++
			}
			continue
		}
		n := &Note{ID: pn.ID, GUID: pn.GUID, ModelID: m.ID, Mod: pn.Mod, Usn: -1, Fields: fields, Tags: c.CanonicalTags(pn.Tags)}
		if n.ID <= 0 || c.notes[n.ID] != nil {
			n.ID = c.NewID()
		}
		if n.GUID == "" {
			n.GUID = c.newGUID()
		}
		if n.Mod == 0 {
			n.Mod = c.nowSecs()
		}
		c.putNote(n)
		byGUID[n.GUID] = n
		im.notes[pn.ID] = n
		im.stats.Notes++
	}
}

func (im *importer) importCards() {
	c := im.c
	shift := int64(c.Today() - im.p.Today)
	positions := map[int64]int64{} // package new-card position -> collection's
	cards := slices.Clone(im.p.Cards)
	sort.SliceStable(cards, func(i, j int) bool { return cards[i].Due < cards[j].Due })
	for _, pc := range cards {
		n := im.notes[pc.NoteID]
		if n == nil || slices.ContainsFunc(n.cards, func(o *Card) bool { return o.Ord == pc.Ord }) {
			continue
		}
		card := *pc
		card.note, card.reviews, card.deleted = n, nil, false
		card.NoteID, card.DeckID, card.OriginalDeckID, card.ODue = n.ID, im.decks[pc.DeckID].ID, 0, 0
		card.Usn = -1
		if card.ID <= 0 || c.cards[card.ID] != nil {
			card.ID = c.NewID()
		}
		switch {
		case card.Type == CardTypeNew:
			pos, ok := positions[pc.Due]
			if !ok {
				pos = c.NextPosition()
				positions[pc.Due] = pos
			}
			card.Due = pos
		case card.Queue == QueueReview || card.Queue == QueueDayLearn ||
			(card.Queue < 0 && card.Type == CardTypeReview):
			card.Due += shift
		}
		c.putCard(&card)
		im.cardIDs[pc.ID] = card.ID
		im.stats.Cards++
	}
	// Notes without any card in the package (or with all of theirs already
	// present) get theirs generated, as addNote would.
	for _, n := range im.notes {
		if len(n.cards) == 0 {
			c.generateCards(n, c.models[n.ModelID], DefaultDeckID)
		}
	}
}

func (im *importer) importReviews() {
	have := im.c.reviewIDs(0)
	for _, r := range im.p.Revlog {
		cid, ok := im.cardIDs[r.CardID]
		if !ok || have[r.ID] {
			continue
		}
		row := *r
		row.CardID, row.Usn = cid, -1
		im.c.AddReview(row) // filed by ID: the package lists rows card by card
		im.c.seenID(row.ID)
		im.stats.Reviews++
	}
}

func (im *importer) importMedia() {
	for _, name := range slices.Sorted(maps.Keys(im.p.Media)) {
		data := im.p.Media[name]
		existing, found, _ := im.c.media.load(name)
		stored, err := im.c.media.Write(name, data)
		if err != nil {
			continue // a name Anki could not store either
		}
		if !found || string(existing) != string(data) {
			im.stats.Media++
		}
		if stored == name {
			continue
		}
		for _, n := range im.notes {
			fields := make([]string, len(n.Fields))
			for i, f := range n.Fields {
				fields[i] = strings.ReplaceAll(f, name, stored)
			}
			if !slices.Equal(fields, n.Fields) {
				im.c.setFields(n, fields)
			}
		}
	}
}

// PythonFileError turns an error from opening path into Python's OSError
// text ("[Errno 2] No such file or directory: 'x.apkg'"), naming the path
// as the caller gave it; other errors are returned unchanged.
func PythonFileError(err error, path string) error {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		return pyOSError(errno, path)
	}
	return err
}

// Checksum is the note's first-field checksum, the csum column of Anki's
// notes table.
func (n *Note) Checksum() uint32 {
	if len(n.Fields) == 0 {
		return fieldChecksum("")
	}
	return fieldChecksum(n.Fields[0])
}

// SortFieldText is the note's sort field as Anki stores it in the sfld
// column: HTML stripped, media file names kept.
func (n *Note) SortFieldText(m *Model) string {
	if m == nil || m.SortField < 0 || m.SortField >= len(n.Fields) {
		return ""
	}
	return render.StripHTMLKeepMedia(n.Fields[m.SortField])
}
