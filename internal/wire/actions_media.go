package wire

import (
	"encoding/base64"
	"encoding/json"

	"github.com/ankiconnect-go/ankiconnect/internal/collection"
)

// Media actions (AnkiConnect's "Media Actions"), served from the
// collection's media folder: in memory, or a real folder (media.go).

func init() {
	Register(Action{Name: "storeMediaFile", Params: []Param{
		{Name: "filename", Required: true},
		{Name: "data"}, {Name: "path"}, {Name: "url"}, {Name: "skipHash"},
		{Name: "deleteExisting", Default: true},
	}, Run: storeMediaFile})
	Register(Action{Name: "retrieveMediaFile", Params: []Param{{Name: "filename", Required: true}}, Run: retrieveMediaFile})
	Register(Action{Name: "getMediaFilesNames", Params: []Param{{Name: "pattern", Default: "*"}}, Run: func(e *Env, a Args) (any, error) {
		var pattern string
		if err := a.Decode("pattern", &pattern); err != nil {
			return nil, err
		}
		return e.Col.Media().Names(pattern), nil
	}})
	// getMediaDirPath reports the active profile's media folder, making it
	// if the server keeps the profile's media in a folder not made yet.
	Register(Action{Name: "getMediaDirPath", Run: func(e *Env, a Args) (any, error) {
		dir := e.Col.Media().Dir()
		if err := e.Col.Media().Err(); err != nil {
			return nil, err
		}
		return dir, nil
	}})
	Register(Action{Name: "deleteMediaFile", Params: []Param{{Name: "filename", Required: true}}, Run: func(e *Env, a Args) (any, error) {
		var name string
		if err := a.Decode("filename", &name); err != nil {
			return nil, err
		}
		e.Col.Media().Delete(name)
		return nil, nil
	}})
}

// storeMediaFile applies Python truthiness to the sources and deleteExisting
// and returns the stored name, or null when skipHash matched.
func storeMediaFile(e *Env, a Args) (any, error) {
	req := collection.StoreRequest{DeleteExisting: a.Truthy("deleteExisting")}
	if err := a.Decode("filename", &req.Filename); err != nil {
		return nil, err
	}
	// Only the first truthy source is looked at, as in the add-on.
	sources := []struct {
		name string
		dst  *string
	}{{"data", &req.Data}, {"path", &req.Path}, {"url", &req.URL}}
	for _, src := range sources {
		if a.Truthy(src.name) {
			if err := a.Decode(src.name, src.dst); err != nil {
				return nil, err
			}
			break
		}
	}
	if !a.IsNull("skipHash") {
		var hash string
		if json.Unmarshal(a.Raw("skipHash"), &hash) != nil {
			// Python compares the non-string with the MD5 hex string: never
			// equal. A text that is not hex cannot match either.
			hash = "not a string: " + string(a.Raw("skipHash"))
		}
		req.SkipHash = &hash
	}
	name, ok, err := e.Col.Media().Store(e.Ctx, req)
	if err != nil || !ok {
		return nil, err
	}
	return name, nil
}

// retrieveMediaFile returns the file as base64, or false when it is missing.
func retrieveMediaFile(e *Env, a Args) (any, error) {
	var name string
	if err := a.Decode("filename", &name); err != nil {
		return nil, err
	}
	data, ok, err := e.Col.Media().Retrieve(name)
	if err != nil {
		return nil, err
	}
	if !ok {
		return false, nil
	}
	return base64.StdEncoding.EncodeToString(data), nil
}
