// Command introspect returns everything it knows about the request.
package main

//go:generate go tool chalicegen

import (
	"context"

	"github.com/chalice-go/chalice"
)

//chalice:route GET /introspect
func introspect(ctx context.Context) map[string]any {
	return chalice.CurrentRequest(ctx).ToMap()
}

// Greeting answers /users/{name}, greeting when ?include-greeting=true.
type Greeting struct {
	Name     string `json:"name"`
	Greeting string `json:"greeting,omitempty"`
}

//chalice:route GET /users/{name}
func users(ctx context.Context, name string) Greeting {
	g := Greeting{Name: name}
	if chalice.CurrentRequest(ctx).QueryParams.Get("include-greeting") == "true" {
		g.Greeting = "Hello, " + name
	}
	return g
}
