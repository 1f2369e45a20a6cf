package main

import (
	"strings"
	"testing"

	"github.com/chalice-go/chalice/chalicetest"
)

func TestDebugErrors(t *testing.T) {
	c := chalicetest.New(chaliceApp())
	r := c.Get(t, "/cities/vancouver")
	if r.StatusCode != 500 || !strings.HasPrefix(r.Headers.Get("Content-Type"), "text/plain") {
		t.Fatalf("%d %v %s", r.StatusCode, r.Headers, r.Body)
	}
	if !strings.Contains(string(r.Body), `KeyError: "vancouver"`) {
		t.Errorf("body lacks the error: %s", r.Body)
	}
	r = c.Get(t, "/panic")
	if r.StatusCode != 500 || !strings.Contains(string(r.Body), "assignment to entry in nil map") || !strings.Contains(string(r.Body), "app.go") {
		t.Errorf("panic: %d %s", r.StatusCode, r.Body)
	}
}
