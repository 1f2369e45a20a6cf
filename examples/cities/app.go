// Command cities is the URL parameters and error messages tutorial: a known
// city answers its state, an unknown one a 400 BadRequestError.
package main

//go:generate go tool chalicegen

import (
	"sort"
	"strings"

	"github.com/chalice-go/chalice"
)

var citiesToState = map[string]string{
	"seattle":  "WA",
	"portland": "OR",
}

//chalice:route GET /
func index() map[string]string { return map[string]string{"hello": "world"} }

// State is the answer for a known city.
type State struct {
	State string `json:"state"`
}

//chalice:route GET /cities/{city}
func stateOfCity(city string) (State, error) {
	s, ok := citiesToState[city]
	if !ok {
		names := make([]string, 0, len(citiesToState))
		for n := range citiesToState {
			names = append(names, n)
		}
		sort.Strings(names)
		return State{}, chalice.BadRequestError("Unknown city '" + city + "', valid choices are: " + strings.Join(names, ", "))
	}
	return State{State: s}, nil
}

//chalice:route PUT /resource/{value}
func putTest(value string) map[string]string { return map[string]string{"value": value} }

// users shows typed captures: a non-numeric id is a 400 before the handler runs.
//
//chalice:route GET /users/{id}/posts/{n}
func userPost(id int64, n uint8) map[string]any { return map[string]any{"id": id, "n": n} }

//chalice:route GET /badrequest
func badrequest() error { return chalice.BadRequestError("This is a bad request") }

//chalice:route GET /crash
func crash() (map[string]string, error) {
	var m map[string]string
	m["boom"] = "x" // a nil-map write: an uncaught panic becomes a 500
	return m, nil
}

// files shows a greedy capture: it takes the rest of the path, slashes included.
//
//chalice:route GET /files/{path+}
func files(path string) map[string]string { return map[string]string{"path": path} }
