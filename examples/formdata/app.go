// Command formdata accepts only form-encoded bodies (content_types=).
package main

//go:generate go tool chalicegen

import (
	"net/url"

	"github.com/chalice-go/chalice"
)

//chalice:route POST / content_types=application/x-www-form-urlencoded
func index(req *chalice.Request) (map[string]any, error) {
	parsed, err := url.ParseQuery(string(req.RawBody))
	if err != nil {
		return nil, chalice.BadRequestError("malformed form body")
	}
	states := parsed["states"]
	if states == nil {
		states = []string{}
	}
	return map[string]any{"states": states}, nil
}
