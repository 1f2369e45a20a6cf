package main

import (
	"context"
	"encoding/json"
	"os"
	"testing"

	"github.com/chalice-go/chalice/chalicetest"
)

// preflight is one expected answer to OPTIONS path with an Origin header;
// a header expected "" must be absent.
type preflight struct {
	Path       string
	Origin     string
	ByFunction bool // the deployed API routes it to the function
	Headers    map[string]string
}

func expectations(t *testing.T) []preflight {
	b, err := os.ReadFile("preflight.json")
	if err != nil {
		t.Fatal(err)
	}
	var ps []preflight
	if err := json.Unmarshal(b, &ps); err != nil {
		t.Fatal(err)
	}
	return ps
}

// TestPreflightChalicetest: the test client answers as preflight.json says.
func TestPreflightChalicetest(t *testing.T) {
	c := chalicetest.New(chaliceApp())
	for _, p := range expectations(t) {
		r := c.Options(t, p.Path, chalicetest.Header("Origin", p.Origin))
		if r.StatusCode != 200 {
			t.Errorf("%s from %s: status %d", p.Path, p.Origin, r.StatusCode)
		}
		for k, v := range p.Headers {
			if got := r.Headers.Get(k); got != v {
				t.Errorf("%s from %s: %s = %q, want %q", p.Path, p.Origin, k, got, v)
			}
		}
	}
}

// TestPreflightByFunction: what the deployed API's AWS_PROXY preflight
// sends the function (a REST proxy event for OPTIONS) is answered as
// preflight.json says.
func TestPreflightByFunction(t *testing.T) {
	app := chaliceApp()
	for _, p := range expectations(t) {
		if !p.ByFunction {
			continue
		}
		ev, _ := json.Marshal(map[string]any{
			"resource": p.Path, "path": p.Path, "httpMethod": "OPTIONS",
			"headers":           map[string]string{"Origin": p.Origin},
			"multiValueHeaders": map[string][]string{"Origin": {p.Origin}},
			"requestContext":    map[string]any{"stage": "api", "resourcePath": p.Path, "httpMethod": "OPTIONS"},
		})
		out, err := app.Invoke(context.Background(), "api_handler", ev)
		if err != nil {
			t.Fatal(err)
		}
		var resp struct {
			StatusCode int
			Headers    map[string]string
		}
		if err := json.Unmarshal(out, &resp); err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != 200 {
			t.Errorf("%s from %s: status %d", p.Path, p.Origin, resp.StatusCode)
		}
		for k, v := range p.Headers {
			if got := resp.Headers[k]; got != v {
				t.Errorf("%s from %s: %s = %q, want %q", p.Path, p.Origin, k, got, v)
			}
		}
	}
}
