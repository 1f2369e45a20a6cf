package apirules

import (
	"strings"
	"testing"
	"time"

	"github.com/chalice-go/chalice"
)

func TestGlobMatch(t *testing.T) {
	arn := "arn:aws:execute-api:us-east-1:1:api/dev/GET/users/bob"
	for pat, want := range map[string]bool{
		"arn:aws:execute-api:us-east-1:1:api/dev/*/*":           true,
		"arn:aws:execute-api:us-east-1:1:api/dev/GET/users/*":   true,
		"arn:aws:execute-api:us-east-1:1:api/dev/POST/users/*":  false,
		"arn:aws:execute-api:us-east-1:1:api/dev/GET/users/bo?": true,
		"*": true,
		"arn:aws:execute-api:us-east-1:1:api/dev/GET/users": false,
	} {
		if got := ARNMatch(pat, arn); got != want {
			t.Errorf("ARNMatch(%q) = %v, want %v", pat, got, want)
		}
	}
}

func TestGlobMatchHostile(t *testing.T) {
	pat := strings.Repeat("*a", 30) + "b"
	start := time.Now()
	if ARNMatch(pat, strings.Repeat("a", 200)) {
		t.Error("matched")
	}
	if time.Since(start) > time.Second {
		t.Errorf("ARNMatch took %v", time.Since(start))
	}
	for _, c := range []struct {
		p, s string
		ok   bool
	}{{"", "", true}, {"*", "", true}, {"a*", "a", true}, {"*b", "ab", true}, {"a?c", "abc", true}, {"a?c", "ac", false}, {"**x", "yx", true}, {"a*b*c", "aXbYc", true}, {"a*b*c", "aXbY", false}} {
		if ARNMatch(c.p, c.s) != c.ok {
			t.Errorf("ARNMatch(%q, %q) != %v", c.p, c.s, c.ok)
		}
	}
}

func TestRouteAuthorized(t *testing.T) {
	const arn = "arn:aws:execute-api:us-east-1:123456789012:abc/$default/GET/users/bob"
	for _, c := range []struct {
		name   string
		routes []chalice.AuthRoute
		want   bool
	}{
		{"none", nil, false},
		{"every path", chalice.AllowPaths("*"), true},
		{"the capture route", []chalice.AuthRoute{{Path: "/users/{name}", Methods: []string{"GET"}}}, true},
		{"the capture route, <name> form", []chalice.AuthRoute{{Path: "/users/<name>", Methods: []string{"get"}}}, true},
		{"another method", []chalice.AuthRoute{{Path: "/users/{name}", Methods: []string{"POST"}}}, false},
		{"another path", chalice.AllowPaths("/users"), false},
		{"the literal path, no methods", []chalice.AuthRoute{{Path: "/users/bob"}}, true},
	} {
		if got := RouteAuthorized(arn, c.routes); got != c.want {
			t.Errorf("%s: RouteAuthorized = %v, want %v", c.name, got, c.want)
		}
	}
	if got := AllowedARNs("not-an-arn", chalice.AllowPaths("/a", "/b")); len(got) != 1 || got[0] != "not-an-arn" {
		t.Errorf("AllowedARNs of a malformed ARN = %v", got)
	}
}
