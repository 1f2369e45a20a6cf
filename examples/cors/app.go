// Command cors shows the CORS variants: cors on one route, a CORSConfig with
// every field, several allowed origins, and a hand-written OPTIONS handler.
package main

//go:generate go tool chalicegen

import (
	"context"

	"github.com/chalice-go/chalice"
)

//chalice:route PUT /supports-cors cors
func supportsCORS() map[string]any { return map[string]any{} }

var customCORS = chalice.CORSConfig{
	AllowOrigin:      "https://foo.example.com",
	AllowHeaders:     []string{"X-Special-Header"},
	MaxAge:           600,
	ExposeHeaders:    []string{"X-Special-Header"},
	AllowCredentials: true,
}

//chalice:route GET /custom-cors cors=customCORS
func supportsCustomCORS() map[string]bool { return map[string]bool{"cors": true} }

var twoOrigins = chalice.CORSConfig{AllowOrigin: "http://allowed1.example.com http://allowed2.example.com"}

//chalice:route GET /multi-origin cors=twoOrigins
func multiOrigin() error { return chalice.NotFoundError("nothing here") }

var allowed = map[string]bool{"http://allowed1.example.com": true, "http://allowed2.example.com": true}

//chalice:route GET,OPTIONS /cors_multiple_origins
func corsMultipleOrigins(ctx context.Context) *chalice.Response {
	req := chalice.CurrentRequest(ctx)
	if req.Method == "OPTIONS" {
		h := map[string]string{
			"Access-Control-Allow-Method":  "GET,OPTIONS",
			"Access-Control-Allow-Origin":  "http://allowed1.example.com,http://allowed2.example.com",
			"Access-Control-Allow-Headers": "X-Some-Header",
		}
		if o := req.Headers.Get("origin"); allowed[o] {
			h["Access-Control-Allow-Origin"] = o
		}
		return &chalice.Response{Headers: h}
	}
	return &chalice.Response{Body: "Foo", Headers: map[string]string{"Content-Type": "text/plain"}}
}
