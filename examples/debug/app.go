// Command debug runs with //chalice:app debug: an uncaught error answers
// with its details as text/plain instead of the generic 500 body.
//
//chalice:app debug
package main

//go:generate go tool chalicegen

import "fmt"

var citiesToState = map[string]string{"seattle": "WA"}

//chalice:route GET /cities/{city}
func stateOfCity(city string) (map[string]string, error) {
	s, ok := citiesToState[city]
	if !ok {
		return nil, fmt.Errorf("KeyError: %q", city)
	}
	return map[string]string{"state": s}, nil
}

//chalice:route GET /panic
func boom() map[string]string {
	var m map[string]string
	m["x"] = "y"
	return m
}
