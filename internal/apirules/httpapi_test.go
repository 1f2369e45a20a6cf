package apirules

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestHTTPRoutes(t *testing.T) {
	r := NewHTTPRoutes()
	routes := [][2]string{
		{"GET", "/pets/dog"},         // 0
		{"POST", "/pets/{id}"},       // 1
		{"ANY", "/files/{proxy+}"},   // 2
		{"GET", "/files/{proxy+}"},   // 3: the exact method beats ANY
		{"ANY", "/any"},              // 4
		{"DELETE", "/pets/{id}"},     // 5: a method table made after the ANY routes
		{"GET", "/"},                 // 6
		{"GET", "/users/{name}"},     // 7
		{"GET", "/users/{name}/{x}"}, // 8
	}
	for i, rt := range routes {
		if n := r.Add(rt[0], rt[1]); n != i {
			t.Fatalf("Add(%v) = %d, want %d", rt, n, i)
		}
	}
	for _, c := range []struct {
		method, path string
		want         int
		caps         []string
	}{
		{"GET", "/pets/dog", 0, nil},
		{"POST", "/pets/dog", 1, []string{"dog"}}, // a REST API would refuse: /pets/dog has no POST
		{"PUT", "/pets/dog", -1, nil},
		{"GET", "/pets/cat", -1, nil},
		{"DELETE", "/pets/cat", 5, []string{"cat"}},
		{"GET", "/files/a/b", 3, []string{"a/b"}},
		{"PUT", "/files/a/b", 2, []string{"a/b"}},
		{"DELETE", "/files/a", 2, []string{"a"}},
		{"PATCH", "/any", 4, nil},
		{"GET", "/any", 4, nil},
		{"GET", "/", 6, nil},
		{"GET", "/users/b%2Fc", 7, []string{"b/c"}},
		{"GET", "/users/b/c", 8, []string{"b", "c"}},
		{"GET", "/users/", -1, nil}, // no trailing-slash folding on an HTTP API
		{"OPTIONS", "/pets/dog", -1, nil},
	} {
		n, caps := r.Match(c.method, c.path, nil)
		if n != c.want || (n >= 0 && !cmp.Equal(caps, c.caps)) {
			t.Errorf("Match(%s %s) = %d %q, want %d %q", c.method, c.path, n, caps, c.want, c.caps)
		}
	}
}

func TestHTTPRequestBinary(t *testing.T) {
	for ct, want := range map[string]bool{
		"application/json":                  false,
		"application/json; charset=utf-8":   false,
		"Text/Plain":                        false,
		"text/csv":                          false,
		"application/xml":                   false,
		"application/javascript":            false,
		"application/x-www-form-urlencoded": true,
		"multipart/form-data; boundary=x":   true,
		"application/octet-stream":          true,
		"image/png":                         true,
		"":                                  true,
	} {
		if got := HTTPRequestBinary(ct); got != want {
			t.Errorf("HTTPRequestBinary(%q) = %v, want %v", ct, got, want)
		}
	}
}
