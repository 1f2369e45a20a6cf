package main

import (
	"testing"

	"github.com/chalice-go/chalice/chalicetest"
	"github.com/google/go-cmp/cmp"
)

func TestCustomResponse(t *testing.T) {
	c := chalicetest.New(chaliceApp())
	r := c.Get(t, "/")
	if r.StatusCode != 200 || string(r.Body) != "hello world!" || r.Headers.Get("Content-Type") != "text/plain" {
		t.Errorf("/: %d %q %v", r.StatusCode, r.Body, r.Headers)
	}
	r = c.Get(t, "/badrequest")
	if r.StatusCode != 400 || string(r.Body) != "Plain text error message" {
		t.Errorf("/badrequest: %d %q", r.StatusCode, r.Body)
	}
	r = c.Get(t, "/cookies")
	if r.StatusCode != 201 || string(r.Body) != `{"created":true}` || r.Headers.Get("Content-Type") != "application/json" {
		t.Errorf("/cookies: %d %q %v", r.StatusCode, r.Body, r.Headers)
	}
	if diff := cmp.Diff([]string{"a=1", "b=2"}, r.Headers.Values("Set-Cookie")); diff != "" {
		t.Errorf("Set-Cookie: %s", diff)
	}
}
