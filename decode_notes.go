package ankiconnect

import (
	"bytes"
	"encoding/json"
	"strconv"
	"unicode/utf8"
)

// A parser of the usual notesInfo and cardsInfo replies, for
// NoteInfos.decodeResult and CardInfos.decodeResult: about three times as
// fast as json.Unmarshal, which spends most of its time on
// reflection. It accepts a strict subset of JSON, the form AnkiConnect
// sends, and gives up on anything else (a member it does not know with a
// name that differs from a known one only in case, a repeated member, a
// null where a list or object is expected, an escape that makes a
// surrogate, invalid UTF-8, a number that is not an integer): the caller
// then decodes with json.Unmarshal, so the outcome is json.Unmarshal's
// either way (FuzzNoteInfosDecode and FuzzCardInfosDecode compare them).

// parseInfos parses a list of note or card descriptions with parse.
func parseInfos[T any](b []byte, parse func(b []byte, i int) (*T, int)) ([]*T, bool) {
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '[' {
		return nil, false
	}
	infos := []*T{}
	end := items(b, i, ']', func(_, at int) int {
		n, end := parse(b, at)
		infos = append(infos, n)
		return end
	})
	return infos, end > 0 && skipSpace(b, end) == len(b)
}

// noteInfoMembers are NoteInfo's JSON names, in the order of the bits
// parseNoteInfo marks them with.
var noteInfoMembers = []string{"noteId", "profile", "modelName", "tags", "fields", "mod", "cards"}

// parseNoteInfo parses one note description (null gives nil) and returns
// the index past it, or -1.
func parseNoteInfo(b []byte, i int) (*NoteInfo, int) {
	if bytes.HasPrefix(b[i:], []byte("null")) {
		return nil, i + 4
	}
	if b[i] != '{' {
		return nil, -1
	}
	n := &NoteInfo{}
	var seen uint
	end := objectMembers(b, i, func(key []byte, v int) int {
		end := -1
		switch knownMember(key, noteInfoMembers, &seen) {
		case 0:
			var id int64
			id, end = parseInt(b, v)
			n.NoteID = NoteID(id)
		case 1:
			n.Profile, end = parseString(b, v)
		case 2:
			n.ModelName, end = parseString(b, v)
		case 3:
			n.Tags, end = parseStrings(b, v)
		case 4:
			n.Fields, end = parseCardFields(b, v)
		case 5:
			n.Mod, end = parseInt(b, v)
		case 6:
			n.Cards, end = parseIntsAt[CardID](b, v, 4)
		case unknownMember:
			end = skipValid(b, v)
		}
		return end
	})
	return n, end
}

// cardInfoMembers are CardInfo's JSON names, in the order of the bits
// parseCardInfo marks them with.
var cardInfoMembers = []string{"cardId", "note", "deckName", "modelName", "fields", "fieldOrder", "ord",
	"question", "answer", "css", "factor", "interval", "type", "queue", "due", "reps", "lapses", "left", "mod",
	"nextReviews", "flags"}

// parseCardInfo parses one card description (null gives nil) and returns
// the index past it, or -1.
func parseCardInfo(b []byte, i int) (*CardInfo, int) {
	if bytes.HasPrefix(b[i:], []byte("null")) {
		return nil, i + 4
	}
	if b[i] != '{' {
		return nil, -1
	}
	c := &CardInfo{}
	var seen uint
	end := objectMembers(b, i, func(key []byte, v int) int {
		member := knownMember(key, cardInfoMembers, &seen)
		var n int64
		end := -1
		switch member {
		case unknownMember:
			return skipValid(b, v)
		case -1:
			return -1
		case 2:
			c.DeckName, end = parseString(b, v)
		case 3:
			c.ModelName, end = parseString(b, v)
		case 4:
			c.Fields, end = parseCardFields(b, v)
		case 7:
			c.Question, end = parseString(b, v)
		case 8:
			c.Answer, end = parseString(b, v)
		case 9:
			c.CSS, end = parseString(b, v)
		case 19:
			c.NextReviews, end = parseStrings(b, v)
		default: // the integers
			n, end = parseInt(b, v)
			if member != 0 && member != 1 && member != 14 && member != 18 && !fitsInt(n) {
				return -1 // json.Unmarshal reports the overflow
			}
		}
		switch member {
		case 0:
			c.CardID = CardID(n)
		case 1:
			c.Note = NoteID(n)
		case 5:
			c.FieldOrder = int(n)
		case 6:
			c.Ord = int(n)
		case 10:
			c.Factor = int(n)
		case 11:
			c.Interval = int(n)
		case 12:
			c.Type = CardType(n)
		case 13:
			c.Queue = CardQueue(n)
		case 14:
			c.Due = n
		case 15:
			c.Reps = int(n)
		case 16:
			c.Lapses = int(n)
		case 17:
			c.Left = int(n)
		case 18:
			c.Mod = n
		case 20:
			c.Flags = Flag(n)
		}
		return end
	})
	return c, end
}

// cardFieldMembers are CardField's JSON names.
var cardFieldMembers = []string{"value", "order"}

// parseCardFields parses a note's fields: an object of {"value", "order"}
// objects.
func parseCardFields(b []byte, i int) (map[string]CardField, int) {
	if i >= len(b) || b[i] != '{' {
		return nil, -1
	}
	fields := map[string]CardField{}
	end := items(b, i, '}', func(_, at int) int {
		name, keyEnd := parseString(b, at)
		if keyEnd < 0 {
			return -1
		}
		colon := skipSpace(b, keyEnd)
		if colon >= len(b) || b[colon] != ':' {
			return -1
		}
		v := skipSpace(b, colon+1)
		if v >= len(b) || b[v] != '{' {
			return -1
		}
		var f CardField
		var seen uint
		end := objectMembers(b, v, func(key []byte, v int) int {
			end := -1
			switch knownMember(key, cardFieldMembers, &seen) {
			case 0:
				f.Value, end = parseString(b, v)
			case 1:
				var order int64
				order, end = parseInt(b, v)
				if !fitsInt(order) {
					return -1
				}
				f.Order = int(order)
			case unknownMember:
				end = skipValid(b, v)
			}
			return end
		})
		fields[name] = f
		return end
	})
	return fields, end
}

// unknownMember is what knownMember returns for a member to skip.
const unknownMember = -2

// knownMember returns the index in names of the member key (quoted, as in
// the JSON), marking it in seen; unknownMember for another name; -1 for a
// name this parser leaves to json.Unmarshal (escaped, repeated, or equal to
// a known one but for case).
func knownMember(key []byte, names []string, seen *uint) int {
	k := key[1 : len(key)-1]
	if bytes.IndexByte(k, '\\') >= 0 {
		return -1
	}
	for i, name := range names {
		if string(k) == name {
			if *seen&(1<<i) != 0 {
				return -1
			}
			*seen |= 1 << i
			return i
		}
		if bytes.EqualFold(k, []byte(name)) {
			return -1
		}
	}
	if !json.Valid(key) {
		return -1
	}
	return unknownMember
}

// skipValid returns the index past the value at b[i] if it is valid JSON,
// else -1.
func skipValid(b []byte, i int) int {
	end := skipValue(b, i)
	if end < 0 || !json.Valid(b[i:end]) {
		return -1
	}
	return end
}

// parseStrings parses a list of strings.
func parseStrings(b []byte, i int) ([]string, int) {
	if i >= len(b) || b[i] != '[' {
		return nil, -1
	}
	list := []string{}
	end := items(b, i, ']', func(_, at int) int {
		s, end := parseString(b, at)
		list = append(list, s)
		return end
	})
	return list, end
}

// parseIntsAt parses a list of integers at b[i], making room for size.
func parseIntsAt[T ~int64](b []byte, i, size int) ([]T, int) {
	if i >= len(b) || b[i] != '[' {
		return nil, -1
	}
	list := make([]T, 0, size)
	end := items(b, i, ']', func(_, at int) int {
		n, end := parseInt(b, at)
		list = append(list, T(n))
		return end
	})
	return list, end
}

// parseInt parses the JSON integer at b[i] and returns it with the index
// past it, or -1 for anything else (a fraction, an exponent, out of range).
func parseInt(b []byte, i int) (int64, int) {
	j := i
	if j < len(b) && b[j] == '-' {
		j++
	}
	start := j
	var n uint64
	for ; j < len(b) && b[j] >= '0' && b[j] <= '9'; j++ {
		n = n*10 + uint64(b[j]-'0')
	}
	digits := j - start
	if digits == 0 || digits > 1 && b[start] == '0' || j < len(b) && !endsLiteral(b[j]) {
		return 0, -1
	}
	if digits > 18 { // may not fit: let strconv decide
		v, err := strconv.ParseInt(string(b[i:j]), 10, 64)
		if err != nil {
			return 0, -1
		}
		return v, j
	}
	if b[i] == '-' {
		return -int64(n), j
	}
	return int64(n), j
}

// parseString parses the JSON string at b[i] and returns it with the index
// past it, or -1 for what json.Unmarshal would reject or change (control
// characters, invalid UTF-8, escaped surrogates).
func parseString(b []byte, i int) (string, int) {
	if i >= len(b) || b[i] != '"' {
		return "", -1
	}
	end := stringEnd(b, i)
	if end < 0 {
		return "", -1
	}
	raw := b[i+1 : end-1]
	ascii, escaped := true, false
	for _, c := range raw {
		switch {
		case c < 0x20:
			return "", -1
		case c == '\\':
			escaped = true
		case c >= 0x80:
			ascii = false
		}
	}
	if !ascii && !utf8.Valid(raw) {
		return "", -1
	}
	if !escaped {
		return string(raw), end
	}
	if s, ok := unescape(raw); ok {
		return s, end
	}
	return "", -1
}

// unescape decodes the escapes of a JSON string's content; ok is false for
// an invalid escape or one that makes a surrogate.
func unescape(raw []byte) (string, bool) {
	out := make([]byte, 0, len(raw))
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c != '\\' {
			out = append(out, c)
			continue
		}
		if i++; i >= len(raw) {
			return "", false
		}
		switch raw[i] {
		case '"', '\\', '/':
			out = append(out, raw[i])
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			if i+5 > len(raw) {
				return "", false
			}
			r, err := strconv.ParseUint(string(raw[i+1:i+5]), 16, 32)
			if err != nil || r >= 0xD800 && r <= 0xDFFF {
				return "", false
			}
			out = utf8.AppendRune(out, rune(r))
			i += 4
		default:
			return "", false
		}
	}
	return string(out), true
}

// fitsInt reports whether n fits an int (it always does on 64-bit
// platforms).
func fitsInt(n int64) bool { return int64(int(n)) == n }
