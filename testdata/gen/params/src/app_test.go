package main

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/chalice-go/chalice/chalicetest"
)

// These tests run against the generated chalice_gen.go: each request goes
// through the API Gateway emulation into a generated wrapper.

func jsonOf(t *testing.T, r *chalicetest.Response) string {
	t.Helper()
	var v any
	r.DecodeJSON(t, &v)
	b, _ := json.Marshal(v)
	return string(b)
}

func TestWrappers(t *testing.T) {
	c := chalicetest.New(chaliceApp())
	tests := []struct {
		method, path string
		body         any
		status       int
		want         string // JSON of the response body; "" skips the check
	}{
		{"GET", "/", nil, 200, `{"hello":"world"}`},
		{"GET", "/users/42", nil, 200, `{"name":"user 42"}`},
		{"GET", "/users/4x2", nil, 400, ""},
		{"PUT", "/users/7/profile", map[string]string{"name": "x"}, 200, `null`},
		{"PUT", "/users/7/profile", map[string]string{}, 400, ""},
		{"PUT", "/users/7/profile", "{not json", 400, ""},
		{"GET", "/n/-8/16/32/64/1/8/16/32/64/1.5/2.5/true/false", nil, 200,
			`{"b":true,"f32":1.5,"f64":2.5,"i16":16,"i32":32,"i64":64,"i8":-8,"on":false,"u":1,"u16":16,"u32":32,"u64":64,"u8":8}`},
		{"GET", "/n/300/16/32/64/1/8/16/32/64/1.5/2.5/true/false", nil, 400, ""}, // int8 overflow
		{"GET", "/n/1/16/32/64/-1/8/16/32/64/1.5/2.5/true/false", nil, 400, ""},  // negative uint
		{"GET", "/n/1/16/32/64/1/8/16/32/64/1.5/2.5/yes/false", nil, 400, ""},    // not a bool
		{"GET", "/paint/red/2024-02-29", nil, 201, ""},
		{"GET", "/paint/red/2023-02-29", nil, 400, ""}, // UnmarshalText fails
		{"DELETE", "/items/x", nil, 200, `null`},
		{"POST", "/items", []map[string]int{{"id": 1}, {"id": 2}}, 200, `[{"id":1},{"id":2}]`},
		{"PUT", "/when/2024-01-02", map[string]string{"name": "a"}, 200, `"2024-01-02"`},
		{"PUT", "/when/2024-01-02", map[string]string{"name": "none"}, 200, `null`},
		{"POST", "/clash/a/1/true/2/3", map[string]any{"k": "v"}, 200, `["a",1,true,2,3,{"k":"v"}]`},
		{"POST", "/clash/a/1/true/2/70000", map[string]any{}, 400, ""}, // uint16 overflow
		{"POST", "/clash/a/1/true/2/3", map[string]any{"fail": true}, 500, ""},
		{"GET", "/c/0.25", nil, 200, `0.25`},
	}
	for _, tt := range tests {
		r := c.Do(t, tt.method, tt.path, tt.body)
		if r.StatusCode != tt.status {
			t.Errorf("%s %s: status %d, want %d; body %s", tt.method, tt.path, r.StatusCode, tt.status, r.Body)
			continue
		}
		if tt.want != "" {
			if got := jsonOf(t, r); got != tt.want {
				t.Errorf("%s %s: body %s, want %s", tt.method, tt.path, got, tt.want)
			}
		}
	}
	r := c.Get(t, "/paint/red/2024-02-29")
	if string(r.Body) != "red 2024-02-29 GET" || r.Headers.Get("Content-Type") != "text/plain" {
		t.Errorf("paint: %q %v", r.Body, r.Headers)
	}
	if r := c.Get(t, "/users/4x2"); r.StatusCode == http.StatusBadRequest {
		var e struct{ Code string }
		r.DecodeJSON(t, &e)
		if e.Code != "BadRequestError" {
			t.Errorf("bad capture: Code %q, want BadRequestError", e.Code)
		}
	}
}
