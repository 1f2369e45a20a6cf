package main

import (
	"testing"

	"github.com/chalice-go/chalice/chalicetest"
)

func TestIndex(t *testing.T) {
	c := chalicetest.New(chaliceApp())
	resp := c.Get(t, "/")
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: %s", resp.StatusCode, resp.Body)
	}
	if got := resp.Headers.Get("Content-Type"); got != "application/json" {
		t.Errorf("Content-Type = %q", got)
	}
	if string(resp.Body) != `{"hello":"world"}` {
		t.Errorf("body = %s", resp.Body)
	}
	if resp := c.Get(t, "/missing"); resp.StatusCode != 403 || string(resp.Body) != `{"message":"Missing Authentication Token"}` {
		t.Errorf("unknown path: %d %s", resp.StatusCode, resp.Body)
	}
}
