package runtime

import (
	"context"
	"fmt"
	"reflect"
	"testing"
)

func TestMatch(t *testing.T) {
	a := testApp()
	tests := []struct {
		method, path string
		route        string
		caps         map[string]string
		status       int
	}{
		{"GET", "/", "index", nil, 0},
		{"GET", "/users/bob", "users", map[string]string{"name": "bob"}, 0},
		{"get", "/users/bob?x=1", "users", map[string]string{"name": "bob"}, 0},
		{"GET", "/users/J%C3%BCrgen", "users", map[string]string{"name": "Jürgen"}, 0},
		{"GET", "/users/a%2Fb", "users", map[string]string{"name": "a/b"}, 0},
		{"DELETE", "/users/bob", "", nil, 403},
		{"GET", "/users", "", nil, 403},
		{"GET", "/users/bob/extra", "", nil, 403},
		{"GET", "/nope", "", nil, 403},
		{"GET", "", "index", nil, 0},
		{"GET", "/a/1/b/2", "two", map[string]string{"first": "1", "second": "2"}, 0},
		{"GET", "/a/fixed/b/2", "literal_wins", map[string]string{"second": "2"}, 0},
		{"GET", "/files/x/y/z", "files", map[string]string{"proxy": "x/y/z"}, 0},
		{"DELETE", "/files/x", "files", map[string]string{"proxy": "x"}, 0},
		{"GET", "/files", "", nil, 403},
		{"OPTIONS", "/supports-cors", "", nil, 200},
		{"OPTIONS", "/text", "", nil, 403},
		{"PUT", "/items/3", "put_item", map[string]string{"id": "3"}, 0},
	}
	for _, tc := range tests {
		r, caps, st := a.Match(tc.method, tc.path)
		name := ""
		if r != nil {
			name = r.Name
		}
		if name != tc.route || st != tc.status || !reflect.DeepEqual(caps, tc.caps) {
			t.Errorf("Match(%s %s) = %q %v %d, want %q %v %d", tc.method, tc.path, name, caps, st, tc.route, tc.caps, tc.status)
		}
	}
}

func TestPreflightHeaders(t *testing.T) {
	a := testApp()
	h, ok := a.PreflightHeaders("/multi-origin", "https://b.example.com")
	want := map[string]string{
		"Access-Control-Allow-Methods": "GET,OPTIONS",
		"Access-Control-Allow-Origin":  "https://b.example.com",
		"Access-Control-Allow-Headers": builtinAllowHeaders,
		"Vary":                         "Origin",
	}
	if !ok || !reflect.DeepEqual(h, want) {
		t.Errorf("PreflightHeaders = %v %v", h, ok)
	}
	if _, ok := a.PreflightHeaders("/text", ""); ok {
		t.Error("preflight for a path without CORS")
	}
}

func TestAngleBracketPath(t *testing.T) {
	// A <name> route is found by its API Gateway resource form.
	a := &App{Routes: []Route{{Path: "/u/<name>", Handler: func(ctx context.Context, c *Call) (any, error) { return c.Param(0), nil }}}}
	r := invoke(t, a, v1{method: "GET", resource: "/u/{name}", path: "/u/x", pathParams: map[string]string{"name": "x"}})
	if r.Body != `"x"` {
		t.Errorf("body = %s", r.Body)
	}
}

// manyRoutes registers n routes /r{i}/items/{id}.
func manyRoutes(n int) *App {
	a := &App{Name: "many"}
	for i := 0; i < n; i++ {
		a.Routes = append(a.Routes, Route{
			Name: fmt.Sprintf("r%d", i), Path: fmt.Sprintf("/r%d/items/{id}", i), Methods: []string{"GET"},
			Handler: func(ctx context.Context, c *Call) (any, error) {
				return idResult{ID: c.Param(0)}, nil
			},
		})
	}
	return a
}

type idResult struct {
	ID string `json:"id"`
}

func TestManyRoutes(t *testing.T) {
	a := manyRoutes(200)
	for _, i := range []int{0, 99, 199} {
		res := fmt.Sprintf("/r%d/items/{id}", i)
		path := fmt.Sprintf("/r%d/items/%d", i, i)
		for _, ev := range []v1{
			{method: "GET", resource: res, path: path, pathParams: map[string]string{"id": fmt.Sprint(i)}},
			{method: "GET", resource: "/{proxy+}", path: path},
		} {
			r := invoke(t, a, ev)
			if want := fmt.Sprintf(`{"id":"%d"}`, i); r.Body != want {
				t.Errorf("%s: body %s, want %s", path, r.Body, want)
			}
		}
		if r, _, _ := a.Match("GET", path); r == nil || r.Name != fmt.Sprintf("r%d", i) {
			t.Errorf("Match %s = %v", path, r)
		}
	}
}
