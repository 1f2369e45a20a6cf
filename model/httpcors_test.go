package model

import (
	"strings"
	"testing"
)

func TestAppHTTPCORS(t *testing.T) {
	cors := &CORS{AllowOrigin: "https://a.example"}
	app := &App{Routes: []*Route{
		{Path: "/a", Methods: []string{"GET"}, CORS: cors, Pos: Pos{File: "app.go", Line: 3, Column: 1}},
		{Path: "/b", Methods: []string{"PUT"}, CORS: cors, Pos: Pos{File: "app.go", Line: 6, Column: 1}},
	}}
	c, err := app.HTTPCORS()
	if err != nil || c == nil || strings.Join(c.AllowOrigins, " ") != "https://a.example" || strings.Join(c.AllowMethods, ",") != "GET,OPTIONS,PUT" {
		t.Fatalf("HTTPCORS = %+v, %v", c, err)
	}
	app.Routes[1].CORS = nil
	if _, err := app.HTTPCORS(); err == nil || !strings.HasPrefix(err.Error(), "app.go:6:1: route /b has no CORS but route /a has") {
		t.Errorf("conflict: %v", err)
	}
	if c, err := (&App{}).HTTPCORS(); c != nil || err != nil {
		t.Errorf("no routes: %v %v", c, err)
	}
}
