package ankiconnect

import (
	"bytes"
	"encoding/json"
	"strconv"
)

// A parser of the usual form of Model and DeckConfig objects, for
// decodeModels, Model.decodeResult and DeckConfig.decodeResult. These types
// keep the JSON they came from at several levels, which json.Unmarshal can
// only give through a second walk over the bytes; this parser finds each
// kept object's bounds while it decodes the typed fields, in one pass. Like
// the notesInfo parser (decode_notes.go) it accepts a strict subset of JSON
// and gives up on anything else (a member named like a known one but for
// case, an escaped or repeated member name, a null template or field, a
// number that does not fit its field, a string json.Unmarshal would
// change): the caller then decodes as before, through json.Unmarshal, so the
// outcome is json.Unmarshal's either way (FuzzModelsDecode and
// FuzzDeckConfigDecode compare them).
//
// Every parser below takes the value at b[v] and returns the index past it,
// or -1 to give up. A null leaves the value as it is (zero), as
// json.Unmarshal does.

// parseModels parses a list of models. b must be a copy the models may
// keep: their kept JSON points into it.
func parseModels(b []byte) ([]Model, bool) {
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '[' {
		return nil, false
	}
	models := []Model{}
	end := items(b, i, ']', func(_, at int) int {
		models = append(models, Model{})
		return parseModel(b, at, &models[len(models)-1])
	})
	return models, end > 0 && skipSpace(b, end) == len(b)
}

// parseWhole parses the single value in b with parse.
func parseWhole(b []byte, parse func(b []byte, v int) int) bool {
	end := parse(b, skipSpace(b, 0))
	return end > 0 && skipSpace(b, end) == len(b)
}

// modelMembers are Model's JSON names, in the order parseModel numbers
// them.
var modelMembers = []string{"id", "name", "type", "mod", "usn", "sortf", "did", "tmpls", "flds", "css",
	"latexPre", "latexPost", "latexsvg", "req", "originalStockKind"}

// parseModel parses the model object at b[i] into m, keeping its JSON.
func parseModel(b []byte, i int, m *Model) int {
	return parseObject(b, i, modelMembers, &m.raw, func(n, v int) int {
		switch n {
		case 0:
			return intAt(b, v, &m.ID)
		case 1:
			return stringAt(b, v, &m.Name)
		case 2:
			return intAt(b, v, &m.Type)
		case 3:
			return intAt(b, v, &m.Mod)
		case 4:
			return intAt(b, v, &m.USN)
		case 5:
			return intAt(b, v, &m.SortField)
		case 6:
			return intAt(b, v, &m.DeckID)
		case 7:
			return objectsAt(b, v, &m.Templates, parseTemplate)
		case 8:
			return objectsAt(b, v, &m.Fields, parseField)
		case 9:
			return stringAt(b, v, &m.CSS)
		case 10:
			return stringAt(b, v, &m.LatexPre)
		case 11:
			return stringAt(b, v, &m.LatexPost)
		case 12:
			return boolAt(b, v, &m.LatexSVG)
		case 13:
			return requirementsAt(b, v, &m.Req)
		default:
			return intAt(b, v, &m.OriginalStockKind)
		}
	})
}

// templateMembers are ModelTemplate's JSON names.
var templateMembers = []string{"name", "ord", "qfmt", "afmt", "bqfmt", "bafmt", "did", "bfont", "bsize", "id"}

func parseTemplate(b []byte, i int, t *ModelTemplate) int {
	return parseObject(b, i, templateMembers, &t.raw, func(n, v int) int {
		switch n {
		case 0:
			return stringAt(b, v, &t.Name)
		case 1:
			return intAt(b, v, &t.Ord)
		case 2:
			return stringAt(b, v, &t.QFmt)
		case 3:
			return stringAt(b, v, &t.AFmt)
		case 4:
			return stringAt(b, v, &t.BQFmt)
		case 5:
			return stringAt(b, v, &t.BAFmt)
		case 6:
			return intAt(b, v, &t.DeckID)
		case 7:
			return stringAt(b, v, &t.BFont)
		case 8:
			return intAt(b, v, &t.BSize)
		default:
			return intAt(b, v, &t.ID)
		}
	})
}

// fieldMembers are ModelField's JSON names.
var fieldMembers = []string{"name", "ord", "sticky", "rtl", "font", "size", "description", "plainText",
	"collapsed", "excludeFromSearch", "id", "preventDeletion"}

func parseField(b []byte, i int, f *ModelField) int {
	return parseObject(b, i, fieldMembers, &f.raw, func(n, v int) int {
		switch n {
		case 0:
			return stringAt(b, v, &f.Name)
		case 1:
			return intAt(b, v, &f.Ord)
		case 2:
			return boolAt(b, v, &f.Sticky)
		case 3:
			return boolAt(b, v, &f.RTL)
		case 4:
			return stringAt(b, v, &f.Font)
		case 5:
			return intAt(b, v, &f.Size)
		case 6:
			return stringAt(b, v, &f.Description)
		case 7:
			return boolAt(b, v, &f.PlainText)
		case 8:
			return boolAt(b, v, &f.Collapsed)
		case 9:
			return boolAt(b, v, &f.ExcludeFromSearch)
		case 10:
			return intAt(b, v, &f.ID)
		default:
			return boolAt(b, v, &f.PreventDeletion)
		}
	})
}

// requirementsAt parses Model.Req, each requirement in the usual form that
// TemplateRequirement.parse takes.
func requirementsAt(b []byte, v int, out *[]TemplateRequirement) int {
	return listAt(b, v, out, func(b []byte, at int, r *TemplateRequirement) int {
		end := skipValid(b, at)
		if end < 0 || b[at] != '[' || !r.parse(b[at:end]) {
			return -1
		}
		return end
	})
}

// deckConfigMembers are DeckConfig's JSON names.
var deckConfigMembers = []string{"id", "name", "mod", "usn", "dyn", "new", "rev", "lapse", "maxTaken",
	"autoplay", "replayq", "timer"}

// parseDeckConfig parses the deck config object at b[i] into c, keeping its
// JSON and that of its new, rev and lapse objects.
func parseDeckConfig(b []byte, i int, c *DeckConfig) int {
	return parseObject(b, i, deckConfigMembers, &c.raw, func(n, v int) int {
		switch n {
		case 0:
			return intAt(b, v, &c.ID)
		case 1:
			return stringAt(b, v, &c.Name)
		case 2:
			return intAt(b, v, &c.Mod)
		case 3:
			return intAt(b, v, &c.USN)
		case 4:
			end := skipValid(b, v)
			if end > 0 {
				c.Dyn = dynTrue(b[v:end])
			}
			return end
		case 5:
			return nullOr(b, v, func() int { return parseDeckConfigNew(b, v, &c.New) })
		case 6:
			return nullOr(b, v, func() int { return parseDeckConfigReview(b, v, &c.Rev) })
		case 7:
			return nullOr(b, v, func() int { return parseDeckConfigLapse(b, v, &c.Lapse) })
		case 8:
			return intAt(b, v, &c.MaxTaken)
		case 9:
			return boolAt(b, v, &c.Autoplay)
		case 10:
			return boolAt(b, v, &c.ReplayQ)
		default:
			return intAt(b, v, &c.Timer)
		}
	})
}

var deckConfigNewMembers = []string{"delays", "ints", "initialFactor", "order", "perDay", "bury"}

func parseDeckConfigNew(b []byte, i int, c *DeckConfigNew) int {
	return parseObject(b, i, deckConfigNewMembers, &c.raw, func(n, v int) int {
		switch n {
		case 0:
			return listAt(b, v, &c.Delays, floatAt)
		case 1:
			return listAt(b, v, &c.Ints, intAt)
		case 2:
			return intAt(b, v, &c.InitialFactor)
		case 3:
			return intAt(b, v, &c.Order)
		case 4:
			return intAt(b, v, &c.PerDay)
		default:
			return boolAt(b, v, &c.Bury)
		}
	})
}

var deckConfigReviewMembers = []string{"perDay", "ease4", "ivlFct", "hardFactor", "maxIvl", "bury"}

func parseDeckConfigReview(b []byte, i int, c *DeckConfigReview) int {
	return parseObject(b, i, deckConfigReviewMembers, &c.raw, func(n, v int) int {
		switch n {
		case 0:
			return intAt(b, v, &c.PerDay)
		case 1:
			return floatAt(b, v, &c.Ease4)
		case 2:
			return floatAt(b, v, &c.IvlFct)
		case 3:
			return floatAt(b, v, &c.HardFactor)
		case 4:
			return intAt(b, v, &c.MaxIvl)
		default:
			return boolAt(b, v, &c.Bury)
		}
	})
}

var deckConfigLapseMembers = []string{"delays", "mult", "minInt", "leechFails", "leechAction"}

func parseDeckConfigLapse(b []byte, i int, c *DeckConfigLapse) int {
	return parseObject(b, i, deckConfigLapseMembers, &c.raw, func(n, v int) int {
		switch n {
		case 0:
			return listAt(b, v, &c.Delays, floatAt)
		case 1:
			return floatAt(b, v, &c.Mult)
		case 2:
			return intAt(b, v, &c.MinInt)
		case 3:
			return intAt(b, v, &c.LeechFails)
		default:
			return intAt(b, v, &c.LeechAction)
		}
	})
}

// parseObject parses the object at b[i], calling member with the index in
// names of each known member and its value's start; other members are
// checked and skipped. The object's bytes go to *raw.
func parseObject(b []byte, i int, names []string, raw *json.RawMessage, member func(n, v int) int) int {
	if i >= len(b) || b[i] != '{' {
		return -1
	}
	var seen uint
	end := objectMembers(b, i, func(key []byte, v int) int {
		switch n := knownMember(key, names, &seen); {
		case v >= len(b), n == -1:
			return -1 // cut short, or left to json.Unmarshal
		case n == unknownMember:
			return skipValid(b, v)
		default:
			return member(n, v)
		}
	})
	if end > 0 {
		*raw = b[i:end]
	}
	return end
}

// objectsAt parses a list of objects (templates, fields) with parse; a
// null element is left to json.Unmarshal.
func objectsAt[T any](b []byte, v int, out *[]T, parse func(b []byte, i int, t *T) int) int {
	return listAt(b, v, out, func(b []byte, at int, t *T) int {
		if b[at] != '{' {
			return -1
		}
		return parse(b, at, t)
	})
}

// listAt parses a list whose elements parse decodes (null leaves *out nil;
// [] makes it empty, not nil, as json.Unmarshal does).
func listAt[T any](b []byte, v int, out *[]T, parse func(b []byte, at int, e *T) int) int {
	return nullOr(b, v, func() int {
		if b[v] != '[' {
			return -1
		}
		list := []T{}
		end := items(b, v, ']', func(_, at int) int {
			list = append(list, *new(T))
			return parse(b, at, &list[len(list)-1])
		})
		*out = list
		return end
	})
}

// nullOr returns the index past a null at b[v], or parse's result.
func nullOr(b []byte, v int, parse func() int) int {
	if isLiteral(b, v, "null") {
		return v + 4
	}
	return parse()
}

// isLiteral reports whether b[v:] starts with the literal lit, whole.
func isLiteral(b []byte, v int, lit string) bool {
	end := v + len(lit)
	return bytes.HasPrefix(b[v:], []byte(lit)) && (end == len(b) || endsLiteral(b[end]))
}

// intAt parses an integer that must fit T.
func intAt[T ~int | ~int64](b []byte, v int, out *T) int {
	return nullOr(b, v, func() int {
		n, end := parseInt(b, v)
		if end < 0 || int64(T(n)) != n {
			return -1
		}
		*out = T(n)
		return end
	})
}

func stringAt(b []byte, v int, out *string) int {
	return nullOr(b, v, func() int {
		s, end := parseString(b, v)
		if end > 0 {
			*out = s
		}
		return end
	})
}

func boolAt(b []byte, v int, out *bool) int {
	switch {
	case isLiteral(b, v, "true"):
		*out = true
		return v + 4
	case isLiteral(b, v, "false"):
		*out = false
		return v + 5
	case isLiteral(b, v, "null"):
		return v + 4
	}
	return -1
}

// floatAt parses a JSON number into a float64, as json.Unmarshal does
// (strconv.ParseFloat of its text); one out of range is left to it.
func floatAt(b []byte, v int, out *float64) int {
	return nullOr(b, v, func() int {
		end := numberEnd(b, v)
		if end < 0 {
			return -1
		}
		f, err := strconv.ParseFloat(string(b[v:end]), 64)
		if err != nil {
			return -1
		}
		*out = f
		return end
	})
}

// numberEnd returns the index past the JSON number at b[i], or -1 if there
// is none there.
func numberEnd(b []byte, i int) int {
	j := i
	digits := func() int {
		start := j
		for j < len(b) && b[j] >= '0' && b[j] <= '9' {
			j++
		}
		return j - start
	}
	if j < len(b) && b[j] == '-' {
		j++
	}
	first := j
	if n := digits(); n == 0 || n > 1 && b[first] == '0' {
		return -1
	}
	if j < len(b) && b[j] == '.' {
		j++
		if digits() == 0 {
			return -1
		}
	}
	if j < len(b) && (b[j] == 'e' || b[j] == 'E') {
		j++
		if j < len(b) && (b[j] == '+' || b[j] == '-') {
			j++
		}
		if digits() == 0 {
			return -1
		}
	}
	if j < len(b) && !endsLiteral(b[j]) {
		return -1
	}
	return j
}
