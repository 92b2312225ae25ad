package wire

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
)

// Miscellaneous actions: version, requestPermission, apiReflect, profiles,
// sync, reloadCollection and multi. exportPackage and importPackage are in
// actions_packages.go.

func init() {
	Register(Action{Name: "version", Run: func(*Env, Args) (any, error) { return apiVersion, nil }})
	Register(Action{Name: "requestPermission", Params: []Param{{Name: "origin", Required: true}, {Name: "allowed", Required: true}}, Run: requestPermission})
	Register(Action{Name: "apiReflect", Params: []Param{{Name: "scopes"}, {Name: "actions"}}, Run: apiReflect})
	Register(Action{Name: "getProfiles", Run: func(e *Env, _ Args) (any, error) {
		names := slices.Clone(e.srv.profiles)
		sort.Strings(names)
		return names, nil
	}})
	Register(Action{Name: "getActiveProfile", Run: func(e *Env, _ Args) (any, error) { return e.srv.active, nil }})
	Register(Action{Name: "loadProfile", Params: []Param{{Name: "name", Required: true}}, Run: loadProfile})
	// sync is a no-op here: the log records that it was called.
	Register(Action{Name: "sync", Run: func(*Env, Args) (any, error) { return nil, nil }})
	Register(Action{Name: "reloadCollection", Run: func(*Env, Args) (any, error) { return nil, nil }})
	Register(Action{Name: "multi", Params: []Param{{Name: "actions", Required: true}}, Run: multi})
}

// permission is requestPermission's granted or denied object.
type permission struct {
	Permission    string `json:"permission"`
	RequireApikey *bool  `json:"requireApikey,omitempty"`
	Version       int    `json:"version,omitempty"`
}

// requestPermission grants an allowed origin; otherwise an ignored origin is
// denied and any other is put to the Config.Prompt (Anki's dialog).
func requestPermission(e *Env, a Args) (any, error) {
	s := e.srv
	origin := a.Raw("origin")
	granted := func() permission {
		needKey := !isJSONNull(s.apiKey)
		return permission{Permission: "granted", RequireApikey: &needKey, Version: apiVersion}
	}
	if a.Truthy("allowed") {
		return granted(), nil
	}
	name := PyStr(origin)
	if PyTypeName(origin) == "str" && slices.Contains(s.ignored, name) {
		return permission{Permission: "denied"}, nil
	}
	if s.cfg.Prompt != nil {
		grant, ignore := s.cfg.Prompt(name)
		switch {
		case grant:
			s.origins = append(s.origins, name)
			return granted(), nil
		case ignore:
			s.ignored = append(s.ignored, name)
		}
	}
	return permission{Permission: "denied"}, nil
}

// reflection is apiReflect's result; Actions is absent unless the "actions"
// scope was asked for.
type reflection struct {
	Scopes  []string  `json:"scopes"`
	Actions *[]string `json:"actions,omitempty"`
}

// apiReflect keeps the valid action names of actions (all of them, sorted,
// when null) under the "actions" scope, the only one there is.
func apiReflect(_ *Env, a Args) (any, error) {
	var scopes []json.RawMessage
	if PyTypeName(a.Raw("scopes")) != "list" || a.Decode("scopes", &scopes) != nil {
		return nil, errors.New(MsgScopesInvalid)
	}
	if !a.IsNull("actions") && PyTypeName(a.Raw("actions")) != "list" {
		return nil, errors.New(MsgActionsInvalid)
	}
	out := reflection{Scopes: []string{}}
	if !slices.ContainsFunc(scopes, func(s json.RawMessage) bool { return isString(s, "actions") }) {
		return out, nil
	}
	names := ActionNames()
	if !a.IsNull("actions") {
		var asked []json.RawMessage
		_ = a.Decode("actions", &asked)
		names = []string{}
		for _, raw := range asked {
			var name string
			if json.Unmarshal(raw, &name) != nil {
				return nil, fmt.Errorf(MsgTypeErrorAttributeName, PyTypeName(raw))
			}
			if registry[name] != nil {
				names = append(names, name)
			}
		}
	}
	out.Scopes = []string{"actions"}
	out.Actions = &names
	return out, nil
}

// loadProfile switches to a known profile (false for an unknown one).
// Switching to another profile unloads the current one first, closing its
// windows (see gui.unloadProfile); the actions after it in the same multi
// use the new profile's collection. Loading the active profile changes
// nothing.
func loadProfile(e *Env, a Args) (any, error) {
	var name string
	if PyTypeName(a.Raw("name")) != "str" || a.Decode("name", &name) != nil {
		return false, nil
	}
	if !slices.Contains(e.srv.profiles, name) {
		return false, nil
	}
	if name != e.srv.active {
		e.srv.gui.unloadProfile()
		e.srv.active = name
		e.Col, e.Profile = e.srv.collection(), name
		e.Col.UnburyIfDayRolledOver()
	}
	return true, nil
}

// multi runs each element through the full handler, as
// list(map(self.handler, actions)) does: an element that is not an object
// fails the whole call, other failures stay in their own reply.
func multi(e *Env, a Args) (any, error) {
	items, err := pyIterate(a.Raw("actions"))
	if err != nil {
		return nil, err
	}
	out := make([]any, 0, len(items))
	for _, it := range items {
		reply, err := e.srv.handle(e, it)
		if err != nil {
			return nil, err
		}
		out = append(out, reply)
	}
	return out, nil
}

// pyIterate returns what Python's iteration over the JSON value yields:
// a list's items, a dict's keys, a string's characters (as JSON strings).
func pyIterate(raw json.RawMessage) ([]json.RawMessage, error) {
	var items []json.RawMessage
	switch PyTypeName(raw) {
	case "list":
		items, _ = listItems(raw) // NaN and Infinity are valid items

	case "dict":
		members, _ := objectMembers(raw)
		for _, m := range members {
			k, _ := json.Marshal(m.Key)
			items = append(items, k)
		}
	case "str":
		var s string
		_ = json.Unmarshal(raw, &s)
		for _, r := range s {
			c, _ := json.Marshal(string(r))
			items = append(items, c)
		}
	default:
		return nil, fmt.Errorf(MsgTypeErrorNotIterable, PyTypeName(raw))
	}
	return items, nil
}
