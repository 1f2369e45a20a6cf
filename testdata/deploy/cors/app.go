// Command corsapp is the CORS preflight fixture: a path whose CORS config
// lists several origins (its preflight must echo the request's Origin, so
// the deployed API routes it to the function) and a single-origin path
// (a static MOCK preflight). preflight.json holds the answers every way of
// serving it must give: deployed (cmd/chalicegen's moto test), chalicegen
// local (same test) and chalicetest (app_test.go, run by that test).
package main

//go:generate chalicegen

import "github.com/chalice-go/chalice"

var partners = chalice.CORSConfig{AllowOrigin: "https://a.example.com https://b.example.com", MaxAge: 600}

//chalice:route GET,POST /multi cors=partners
func multi() map[string]string { return map[string]string{"path": "multi"} }

//chalice:route GET /single cors
func single() map[string]string { return map[string]string{"path": "single"} }
