package ankipb

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"

	"google.golang.org/protobuf/encoding/protowire"
)

// Row is the columns the notetypes, decks and deck_config tables share.
type Row struct {
	ID    int64
	Name  string
	Mtime int64 // mtime_secs
	Usn   int64
}

// object is the row's columns as schema 11 JSON members.
func (r Row) object() map[string]any {
	return map[string]any{"id": r.ID, "name": r.Name, "mod": r.Mtime, "usn": r.Usn}
}

// Part is a row of the fields or templates table: one field or template
// of a note type.
type Part struct {
	Ord    int64
	Name   string
	Config []byte
}

// Fold is the case-folded form by which Anki's "unicase" collation
// compares names.
func Fold(s string) string { return strings.ToLower(s) }

// UniqueName returns name, or name with suffix added until its folded
// form is not in seen, and adds it to seen: schema 18 keeps names unique
// where schema 11 did not, and Anki's upgrade renames so ("_" for note
// types and decks, "+" for fields and templates).
func UniqueName(seen map[string]bool, name, suffix string) string {
	for seen[Fold(name)] {
		name += suffix
	}
	seen[Fold(name)] = true
	return name
}

// NotetypeToJSON returns the schema 11 JSON of a note type: its notetypes
// row, config blob, and fields and templates rows in order.
func NotetypeToJSON(nt Row, config []byte, fields, templates []Part) ([]byte, error) {
	obj := nt.object()
	reqs := []any{}
	other, err := pbDecode(config, notetypeSpecs, obj, func(f Field) error {
		if f.Num != 8 || f.Type != protowire.BytesType {
			return nil
		}
		req, err := decodeRequirement(f.B)
		if err != nil {
			return fmt.Errorf("card requirement: %v", err)
		}
		reqs = append(reqs, req)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("config: %v", err)
	}
	obj["req"] = reqs
	if jsonInt(obj["did"]) == 0 {
		obj["did"] = nil
	}
	mergeOther(obj, other, notetypeReserved)
	for _, part := range []struct {
		key, what string
		rows      []Part
		specs     []pbSpec
		reserved  map[string]bool
	}{{"flds", "field", fields, fieldSpecs, fieldReserved}, {"tmpls", "template", templates, templateSpecs, templateReserved}} {
		list := []any{}
		for _, p := range part.rows {
			o := map[string]any{"name": p.Name, "ord": p.Ord}
			other, err := pbDecode(p.Config, part.specs, o, nil)
			if err != nil {
				return nil, fmt.Errorf("%s %d (%q): config: %v", part.what, p.Ord, p.Name, err)
			}
			if part.key == "tmpls" && jsonInt(o["did"]) <= 0 {
				o["did"] = nil
			}
			for _, k := range []string{"id", "tag"} { // optional fields, null in schema 11 when absent
				if _, set := o[k]; !set && (k == "id" || part.key == "flds") {
					o[k] = nil
				}
			}
			mergeOther(o, other, part.reserved)
			list = append(list, o)
		}
		obj[part.key] = list
	}
	return json.Marshal(obj)
}

// decodeRequirement returns a Notetype.Config.CardRequirement as schema
// 11 has it: [card ord, "none", "any" or "all", [field ords]].
func decodeRequirement(b []byte) ([]any, error) {
	var ord int64
	kind := "none"
	ords := []any{}
	err := Walk(b, func(f Field) error {
		switch {
		case f.Num == 1 && f.Type == protowire.VarintType:
			ord = int64(uint32(f.V))
		case f.Num == 2 && f.Type == protowire.VarintType:
			kind = map[uint64]string{1: "any", 2: "all"}[f.V]
			if kind == "" {
				kind = "none"
			}
		case f.Num == 3 && f.Type == protowire.VarintType:
			ords = append(ords, int64(uint32(f.V)))
		case f.Num == 3 && f.Type == protowire.BytesType:
			for b := f.B; len(b) > 0; {
				v, n := protowire.ConsumeVarint(b)
				if n < 0 {
					return fmt.Errorf("field ords: %v", protowire.ParseError(n))
				}
				ords = append(ords, int64(uint32(v)))
				b = b[n:]
			}
		case f.Num <= 3:
			return fmt.Errorf("field %d has wire type %d", f.Num, f.Type)
		}
		return nil
	})
	return []any{ord, kind, ords}, err
}

// NotetypeFromJSON returns the config blob of the schema 11 note type js
// and its fields' and templates' rows, their names made unique.
func NotetypeFromJSON(js []byte) (config []byte, fields, templates []Part, err error) {
	obj, err := jsonObject(js)
	if err != nil {
		return nil, nil, nil, err
	}
	config = pbEncode([]byte{}, notetypeSpecs, obj)
	// reqs, as Anki keeps them (8): card_ord, kind (0 none, 1 any, 2 all), field_ords
	reqs, _ := obj["req"].([]any)
	for _, r := range reqs {
		triple, _ := r.([]any)
		if len(triple) != 3 {
			continue
		}
		var msg []byte
		if ord := jsonInt(triple[0]); ord > 0 {
			msg = protowire.AppendTag(msg, 1, protowire.VarintType)
			msg = protowire.AppendVarint(msg, uint64(ord))
		}
		if kind := map[any]uint64{"any": 1, "all": 2}[triple[1]]; kind != 0 {
			msg = protowire.AppendTag(msg, 2, protowire.VarintType)
			msg = protowire.AppendVarint(msg, kind)
		}
		if ords, _ := triple[2].([]any); len(ords) > 0 {
			var packed []byte
			for _, o := range ords {
				packed = protowire.AppendVarint(packed, uint64(max(jsonInt(o), 0)))
			}
			msg = appendMessage(msg, 3, packed)
		}
		config = appendMessage(config, 8, msg)
	}
	if config, err = appendOther(config, obj, notetypeReserved); err != nil {
		return nil, nil, nil, err
	}
	for _, part := range []struct {
		key      string
		specs    []pbSpec
		reserved map[string]bool
		into     *[]Part
	}{{"flds", fieldSpecs, fieldReserved, &fields}, {"tmpls", templateSpecs, templateReserved, &templates}} {
		list, _ := obj[part.key].([]any)
		names := map[string]bool{}
		for i, x := range list {
			o, _ := x.(map[string]any)
			name, _ := o["name"].(string)
			b, err := appendOther(pbEncode([]byte{}, part.specs, o), o, part.reserved)
			if err != nil {
				return nil, nil, nil, err
			}
			*part.into = append(*part.into, Part{int64(i), UniqueName(names, name, "+"), b})
		}
	}
	return config, fields, templates, nil
}

// DeckToJSON returns the schema 11 JSON of a deck: its decks row (the name
// with "::" between levels) and common and kind blobs.
func DeckToJSON(d Row, common, kind []byte) ([]byte, error) {
	obj := d.object()
	today := map[string]any{}
	other, err := pbDecode(common, append(deckCommonSpecs[:len(deckCommonSpecs):len(deckCommonSpecs)],
		pbSpec{3, "day", pbUint}, pbSpec{4, "newToday", pbInt}, pbSpec{5, "revToday", pbInt},
		pbSpec{6, "lrnToday", pbInt}, pbSpec{7, "timeToday", pbInt}), today, nil)
	if err != nil {
		return nil, fmt.Errorf("common: %v", err)
	}
	for k, v := range today {
		if k != "day" {
			obj[k] = v
		}
	}
	for _, k := range []string{"newToday", "revToday", "lrnToday", "timeToday"} {
		obj[k] = []any{today["day"], today[k]}
	}
	var normal, filtered []byte
	found := false
	if err := Walk(kind, func(f Field) error {
		switch {
		case f.Num == 1 && f.Type == protowire.BytesType:
			normal, filtered, found = f.B, nil, true
		case f.Num == 2 && f.Type == protowire.BytesType:
			normal, filtered, found = nil, f.B, true
		}
		return nil
	}); err != nil {
		return nil, fmt.Errorf("kind: %v", err)
	}
	if !found {
		return nil, fmt.Errorf("kind: neither a normal nor a filtered deck")
	}
	if filtered != nil {
		obj["dyn"], obj["desc"], obj["separate"] = 1, "", true
		terms := []any{}
		if _, err := pbDecode(filtered, deckFilteredSpecs, obj, func(f Field) error {
			if f.Num != 2 || f.Type != protowire.BytesType {
				return nil
			}
			term := map[string]any{}
			if _, err := pbDecode(f.B, searchTermSpecs, term, nil); err != nil {
				return fmt.Errorf("search term: %v", err)
			}
			terms = append(terms, []any{term["search"], term["limit"], term["order"]})
			return nil
		}); err != nil {
			return nil, fmt.Errorf("kind: %v", err)
		}
		obj["terms"] = terms
		if l, _ := obj["delays"].([]any); len(l) == 0 {
			obj["delays"] = nil
		}
	} else {
		obj["dyn"] = 0
		if _, err := pbDecode(normal, deckNormalSpecs, obj, func(f Field) error {
			switch {
			case (f.Num == 8 || f.Num == 9) && f.Type == protowire.BytesType:
				limit := map[string]any{}
				if _, err := pbDecode(f.B, dayLimitSpecs, limit, nil); err != nil {
					return fmt.Errorf("day limit: %v", err)
				}
				key := "newLimitToday"
				if f.Num == 8 {
					key = "reviewLimitToday"
				}
				obj[key] = limit
			case f.Num == 10 && f.Type == protowire.Fixed32Type:
				// a fraction here, a percentage in schema 11
				obj["desiredRetention"] = roundClamp(f32(f.V)*100, math.MaxUint32)
			}
			return nil
		}); err != nil {
			return nil, fmt.Errorf("kind: %v", err)
		}
		if obj["md"] == false {
			delete(obj, "md")
		}
	}
	mergeOther(obj, other, deckReserved)
	return json.Marshal(obj)
}

// DeckFromJSON returns the common and kind blobs of the schema 11 deck js
// (a filtered deck when its "dyn" is true or 1).
func DeckFromJSON(js []byte) (common, kind []byte, err error) {
	obj, err := jsonObject(js)
	if err != nil {
		return nil, nil, err
	}
	filtered := jsonBool(obj["dyn"])
	common = pbEncode([]byte{}, deckCommonSpecs, obj)
	// Anki keeps one day for the four schema 11 "today" pairs: the latest
	// of the time, new and review days; an amount of another day is reset.
	day := func(key string) (int64, int64) {
		pair, _ := obj[key].([]any)
		if len(pair) != 2 {
			return 0, 0
		}
		return jsonInt(pair[0]), jsonInt(pair[1])
	}
	timeDay, timeAmount := day("timeToday")
	maxDay := timeDay
	for _, k := range []string{"newToday", "revToday"} {
		d, _ := day(k)
		maxDay = max(maxDay, d)
	}
	common = pbEncode(common, []pbSpec{{3, "day", pbUint}}, map[string]any{"day": maxDay})
	for _, t := range []struct {
		num protowire.Number
		key string
	}{{4, "newToday"}, {5, "revToday"}, {6, "lrnToday"}} {
		if d, amount := day(t.key); d == maxDay && amount != 0 {
			common = protowire.AppendTag(common, t.num, protowire.VarintType)
			common = protowire.AppendVarint(common, uint64(int64(int32(amount))))
		}
	}
	if timeAmount != 0 {
		common = protowire.AppendTag(common, 7, protowire.VarintType)
		common = protowire.AppendVarint(common, uint64(int64(int32(timeAmount))))
	}
	reserved := deckReserved
	if filtered {
		reserved = keySet()
		for _, set := range []map[string]bool{deckReserved, filteredReserved} {
			for k := range set {
				reserved[k] = true
			}
		}
	}
	if common, err = appendOther(common, obj, reserved); err != nil {
		return nil, nil, err
	}
	if filtered {
		msg := pbEncode([]byte{}, deckFilteredSpecs, obj)
		terms, _ := obj["terms"].([]any)
		for _, t := range terms {
			triple, _ := t.([]any)
			if len(triple) != 3 {
				continue
			}
			term := map[string]any{"search": triple[0], "limit": triple[1], "order": triple[2]}
			msg = appendMessage(msg, 2, pbEncode([]byte{}, searchTermSpecs, term))
		}
		return common, appendMessage(nil, 2, msg), nil
	}
	msg := pbEncode([]byte{}, deckNormalSpecs, obj)
	for _, l := range []struct {
		num protowire.Number
		key string
	}{{8, "reviewLimitToday"}, {9, "newLimitToday"}} {
		if o, ok := obj[l.key].(map[string]any); ok {
			msg = appendMessage(msg, l.num, pbEncode([]byte{}, dayLimitSpecs, o))
		}
	}
	if v := obj["desiredRetention"]; v != nil {
		// a percentage in schema 11, a fraction in Deck.Normal
		msg = protowire.AppendTag(msg, 10, protowire.Fixed32Type)
		msg = protowire.AppendFixed32(msg, math.Float32bits(float32(jsonInt(v))/100))
	}
	return common, appendMessage(nil, 1, msg), nil
}

// roundClamp is f rounded to an integer from 0 to hi; 0 for NaN.
func roundClamp(f float32, hi float64) int64 {
	if f != f {
		return 0
	}
	return int64(math.Round(min(max(float64(f), 0), hi)))
}

// DeckConfigToJSON returns the schema 11 JSON of an option group: its
// deck_config row and config blob.
func DeckConfigToJSON(c Row, config []byte) ([]byte, error) {
	obj := c.object()
	obj["dyn"] = false
	var good, easy, timer int64
	var initialEase float32
	order := int64(1) // insert order 0 (due) is schema 11's new.order 1
	other, err := pbDecode(config, deckConfigSpecs, obj, func(f Field) error {
		switch {
		case f.Num == dcInitialEase && f.Type == protowire.Fixed32Type:
			initialEase = f32(f.V)
		case f.Num == dcGraduateGood && f.Type == protowire.VarintType:
			good = int64(uint32(f.V))
		case f.Num == dcGraduateEasy && f.Type == protowire.VarintType:
			easy = int64(uint32(f.V))
		case f.Num == dcInsertOrder && f.Type == protowire.VarintType:
			order = 1
			if f.V == 1 {
				order = 0
			}
		case f.Num == dcShowTimer && f.Type == protowire.VarintType:
			timer = 0
			if f.V != 0 {
				timer = 1
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	obj["timer"] = timer
	setPath(obj, "new.initialFactor", roundClamp(initialEase*1000, math.MaxUint16))
	setPath(obj, "new.ints", []any{good, easy, int64(0)})
	setPath(obj, "new.order", order)
	if len(other) > 0 {
		if m, err := jsonObject(other); err == nil {
			for sec, reserved := range deckConfigSectionReserved {
				if sub, ok := m[sec].(map[string]any); ok {
					o, _ := obj[sec].(map[string]any)
					for k, v := range sub {
						if _, set := o[k]; !set && !reserved[k] {
							o[k] = v
						}
					}
				}
			}
			for k, v := range m {
				if _, set := obj[k]; !set && !deckConfigReserved[k] {
					obj[k] = v
				}
			}
		}
	}
	return json.Marshal(obj)
}

// DeckConfigFromJSON returns the config blob of the schema 11 option
// group js.
func DeckConfigFromJSON(js []byte) ([]byte, error) {
	obj, err := jsonObject(js)
	if err != nil {
		return nil, err
	}
	b := pbEncode([]byte{}, deckConfigSpecs, obj)
	ints, _ := getPath(obj, "new.ints").([]any)
	for len(ints) < 2 {
		ints = append(ints, nil)
	}
	random := int64(0) // schema 11's new.order 0 (random) is insert order 1
	if o := getPath(obj, "new.order"); o != nil && jsonInt(o) == 0 {
		random = 1
	}
	b = pbEncode(b, []pbSpec{{dcGraduateGood, "good", pbUint}, {dcGraduateEasy, "easy", pbUint}, {dcInsertOrder, "order", pbInt}},
		map[string]any{"good": ints[0], "easy": ints[1], "order": random})
	if f := float32(jsonFloat(getPath(obj, "new.initialFactor"))) / 1000; f != 0 {
		b = protowire.AppendTag(b, dcInitialEase, protowire.Fixed32Type)
		b = protowire.AppendFixed32(b, math.Float32bits(f))
	}
	if jsonInt(obj["timer"]) != 0 {
		b = protowire.AppendTag(b, dcShowTimer, protowire.VarintType)
		b = protowire.AppendVarint(b, 1)
	}
	// other: the unknown top-level keys, and those of new, rev and lapse
	// under their section's key
	rest := map[string]any{}
	for k, v := range obj {
		if !deckConfigReserved[k] {
			rest[k] = v
		}
	}
	for sec, reserved := range deckConfigSectionReserved {
		o, _ := obj[sec].(map[string]any)
		left := map[string]any{}
		for k, v := range o {
			if !reserved[k] {
				left[k] = v
			}
		}
		if len(left) > 0 {
			rest[sec] = left
		}
	}
	return appendOther(b, rest, nil)
}
