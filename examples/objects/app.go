// Command objects is the request metadata tutorial: PUT stores a JSON body
// under a key, GET returns it or a 404 NotFoundError.
package main

//go:generate go tool chalicegen

import (
	"sync"

	"github.com/chalice-go/chalice"
)

var (
	mu      sync.Mutex
	objects = map[string]any{}
)

//chalice:route GET,PUT /objects/{key}
func myObject(key string, req *chalice.Request) (any, error) {
	mu.Lock()
	defer mu.Unlock()
	switch req.Method {
	case "PUT":
		body, err := req.JSONBody()
		if err != nil {
			return nil, err
		}
		objects[key] = body
		return nil, nil
	default:
		v, ok := objects[key]
		if !ok {
			return nil, chalice.NotFoundError(key)
		}
		return map[string]any{key: v}, nil
	}
}

// Profile is decoded from the JSON body before the handler runs.
type Profile struct {
	Name string   `json:"name"`
	Tags []string `json:"tags"`
}

//chalice:route POST /profiles/{id}
func createProfile(id string, p Profile) (map[string]any, error) {
	if p.Name == "" {
		return nil, chalice.UnprocessableEntityError("name is required")
	}
	return map[string]any{"id": id, "name": p.Name, "tags": p.Tags}, nil
}

// Settings are stored per user: PUT replaces them from the JSON body, GET
// returns them. On a GET the request has no body and no JSON content type,
// so s is the zero value (the spec's json_body is None) and goes unused.
type Settings struct {
	Theme string `json:"theme"`
}

var settings = map[string]Settings{}

//chalice:route GET,PUT /settings/{user}
func userSettings(user string, req *chalice.Request, s Settings) (Settings, error) {
	mu.Lock()
	defer mu.Unlock()
	if req.Method == "PUT" {
		settings[user] = s
	}
	return settings[user], nil
}
