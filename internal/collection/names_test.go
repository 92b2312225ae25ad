package collection

import (
	"cmp"
	"crypto/sha1"
	"encoding/binary"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"
)

// The name, tag, checksum and GUID fast paths against the code they
// replaced (copied here as slow*), on the same inputs.

var nameSeeds = []string{
	"", "a", "Default", "A::B", "a::b::c", "::a", "a::", "a::::b", "a:::b", "a:::", ":", "::", " a", "a ", "a b",
	"a :: b", "a\tb", "a\x7fb", `a"b`, "é", "É::x", "a\u3000b", "x\u00a0", "\u00a0x", "blank", "A::blank", "a::B ::c",
	"\xff", "K\u212a", "ς", "Σσ", "ẞ", "İ", "a\x00", "a  b", "Tag::Child Tag", "x::y z",
}

// slowCanonicalTags is CanonicalTags as it was written before its fast
// paths.
func slowCanonicalTags(c *Collection, entries []string) []string {
	seen := map[string]bool{}
	out := []string{}
	for _, e := range entries {
		for _, t := range SplitTags(e) {
			key := foldName(normalizeTag(t))
			reg, ok := c.tags[key]
			if !ok {
				reg = c.parentCase(normalizeTag(t))
				c.saveTags()
				c.tags[key] = reg
			}
			if k := foldName(reg); !seen[k] {
				seen[k] = true
				out = append(out, reg)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return foldName(out[i]) < foldName(out[j]) })
	return out
}

// slowGUID is newGUID as it was written before, with a strings.Builder.
func slowGUID(c *Collection) string {
	v := c.rng.Uint64()
	var b strings.Builder
	for v > 0 || b.Len() == 0 {
		b.WriteByte(guidChars[v%uint64(len(guidChars))])
		v /= uint64(len(guidChars))
	}
	return b.String()
}

func checkNames(t *testing.T, a, b string) {
	t.Helper()
	if canonicalComponents(a, false) && NormalizeDeckName(a) != a {
		t.Errorf("%q taken as a canonical deck name, NormalizeDeckName gives %q", a, NormalizeDeckName(a))
	}
	if cleanDeckName(a) != NormalizeDeckName(a) {
		t.Errorf("cleanDeckName(%q) = %q, want %q", a, cleanDeckName(a), NormalizeDeckName(a))
	}
	if canonicalComponents(a, true) && (!slices.Equal(SplitTags(a), []string{a}) || normalizeTag(a) != a) {
		t.Errorf("%q taken as a canonical tag: SplitTags %q, normalizeTag %q", a, SplitTags(a), normalizeTag(a))
	}
	if got, want := compareFold(a, b), cmp.Compare(foldName(a), foldName(b)); got != want {
		t.Errorf("compareFold(%q, %q) = %d, want %d", a, b, got, want)
	}
	m := map[string]int{foldName(b): 1}
	if got, ok := foldedLookup(m, a); got != m[foldName(a)] || ok != (foldName(a) == foldName(b)) {
		t.Errorf("foldedLookup(%q) in {%q} = %d, %v", a, foldName(b), got, ok)
	}
	// The same registry history on two collections, one tag entry list.
	fast, slow := newTestCollection(), newTestCollection()
	for _, c := range []*Collection{fast, slow} {
		c.tags[foldName(b)] = b
	}
	entries := []string{a, b, a + " " + b, strings.ToUpper(a), "x::" + a}
	if got, want := fast.CanonicalTags(entries), slowCanonicalTags(slow, entries); !slices.Equal(got, want) {
		t.Errorf("CanonicalTags(%q) = %q, the slow path gives %q", entries, got, want)
	}
	if diff := cmpTags(fast.tags, slow.tags); diff != "" {
		t.Errorf("CanonicalTags(%q) registry: %s", entries, diff)
	}
}

func cmpTags(a, b map[string]string) string {
	for k, v := range a {
		if b[k] != v {
			return "key " + k + ": " + v + " vs " + b[k]
		}
	}
	if len(a) != len(b) {
		return "sizes differ"
	}
	return ""
}

func TestNameFastPathsAgree(t *testing.T) {
	for _, a := range nameSeeds {
		for _, b := range nameSeeds {
			checkNames(t, a, b)
		}
	}
	// Enough tags for foldSet's index, repeated in other cases.
	var entries []string
	for i := range 40 {
		entries = append(entries, fmt.Sprint("t", i%23, "::X"), fmt.Sprint("T", i%29, "::x y"))
	}
	fast, slow := newTestCollection(), newTestCollection()
	if got, want := fast.CanonicalTags(entries), slowCanonicalTags(slow, entries); !slices.Equal(got, want) {
		t.Errorf("CanonicalTags of many = %q, the slow path gives %q", got, want)
	}
}

// FuzzNames compares the name, tag and folding fast paths with the code
// they replaced.
func FuzzNames(f *testing.F) {
	for i, a := range nameSeeds {
		f.Add(a, nameSeeds[(i+1)%len(nameSeeds)])
	}
	f.Fuzz(checkNames)
}

func TestChecksumAndGUID(t *testing.T) {
	for _, n := range []int{0, 1, smallChecksum - 1, smallChecksum, smallChecksum + 1, 5000} {
		s := strings.Repeat("é", n)[:n] // cut mid-rune too: bytes are hashed
		sum := sha1.Sum([]byte(s))
		if got, want := strippedChecksum(s), binary.BigEndian.Uint32(sum[:4]); got != want {
			t.Errorf("strippedChecksum of %d bytes = %08x, want %08x", n, got, want)
		}
	}
	field := strings.Repeat("front ", 20)
	if a := testing.AllocsPerRun(100, func() { strippedChecksum(field) }); a != 0 {
		t.Errorf("strippedChecksum of a short field allocates %v times", a)
	}
	c := newTestCollection()
	for i, text := range []string{"a", "b", "b", "a", strings.Repeat("x", smallChecksum+1), "a", ""} {
		if got, want := c.memoChecksum(text), strippedChecksum(text); got != want {
			t.Errorf("memoChecksum(%.10q), call %d = %08x, want %08x", text, i, got, want)
		}
	}
	n := c.NewNote(c.ModelByName("Basic"))
	n.Fields[0] = "memo"
	_ = c.CheckNote(n, c.DeckByID(DefaultDeckID), DupOptions{})
	if c.csumMemo.text != "memo" {
		t.Errorf("CheckNote left the memo at %q", c.csumMemo.text)
	}
	fast, slow := newTestCollection(), newTestCollection()
	for range 1000 {
		if got, want := fast.newGUID(), slowGUID(slow); got != want {
			t.Fatalf("newGUID() = %q, want %q", got, want)
		}
	}
}

// TestNameFastPathsTaken checks that canonical names cost no allocation
// to look up, and that canonical tags already registered cost only the
// result.
func TestNameFastPathsTaken(t *testing.T) {
	c := newTestCollection()
	c.CreateDeck("Lang::French")
	c.RegisterTags("bench", "More")
	entries := []string{"bench", "more"}
	if a := testing.AllocsPerRun(100, func() { c.DeckByName("Default") }); a != 0 {
		t.Errorf("DeckByName(Default) allocates %v times", a)
	}
	if a := testing.AllocsPerRun(100, func() { c.DeckByName("lang::French") }); a != 0 {
		t.Errorf("DeckByName(lang::French) allocates %v times", a)
	}
	if got := c.CanonicalTags(entries); !slices.Equal(got, []string{"bench", "More"}) {
		t.Errorf("CanonicalTags = %q", got)
	}
	if a := testing.AllocsPerRun(100, func() { c.CanonicalTags(entries) }); a > 2 {
		t.Errorf("CanonicalTags of registered tags allocates %v times, want at most 2 (the result, More folded)", a)
	}
}
