package apirules

import (
	"slices"
	"strings"

	"github.com/chalice-go/chalice"
)

// The rules of a built-in authorizer's answer. A REST API receives the
// AuthResponse as an IAM policy whose resources are AllowedARNs and
// evaluates it against the method ARN (ARNMatch); an HTTP API with simple
// responses receives only "isAuthorized", which the runtime computes with
// the same two functions (RouteAuthorized). So a route is allowed by the
// same AuthResponse on both.

// AllowedARNs returns the execute-api ARN patterns an AuthResponse's
// routes allow, built on the incoming method (REST) or route (HTTP API)
// ARN, arn:aws:execute-api:REGION:ACCOUNT:API/STAGE/METHOD/PATH: the
// methods of each route (none is every method), a capture written *, the
// path "*" for every path. Each pattern is listed once. When the ARN is
// not in that form, every route allows the ARN itself.
func AllowedARNs(arn string, routes []chalice.AuthRoute) []string {
	base, ok := StageARN(arn)
	var out []string
	for _, r := range routes {
		methods := r.Methods
		if len(methods) == 0 {
			methods = []string{"*"}
		}
		for _, m := range methods {
			p := arn
			if ok {
				p = routeARN(base, strings.ToUpper(m), r.Path)
			}
			if !slices.Contains(out, p) {
				out = append(out, p)
			}
		}
	}
	return out
}

// RouteAuthorized reports whether an AuthResponse's routes allow the
// request whose route ARN is arn: an HTTP API simple response's
// isAuthorized.
func RouteAuthorized(arn string, routes []chalice.AuthRoute) bool {
	for _, p := range AllowedARNs(arn, routes) {
		if ARNMatch(p, arn) {
			return true
		}
	}
	return false
}

// StageARN returns "arn:aws:execute-api:REGION:ACCOUNT:API/STAGE" of a
// method or route ARN.
func StageARN(arn string) (string, bool) {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" {
		return "", false
	}
	api, rest, ok := strings.Cut(parts[5], "/")
	stage, _, _ := strings.Cut(rest, "/")
	if !ok || api == "" || stage == "" {
		return "", false
	}
	return strings.Join(parts[:5], ":") + ":" + api + "/" + stage, true
}

// routeARN is the ARN pattern allowing method on a route path; captures
// become wildcards, and the path "*" allows every path.
func routeARN(base, method, path string) string {
	if method == "" {
		method = "*"
	}
	if path == "*" {
		return base + "/" + method + "/*"
	}
	segs := strings.Split(strings.TrimPrefix(path, "/"), "/")
	for i, s := range segs {
		if IsCapture(s) || (len(s) > 2 && s[0] == '<' && s[len(s)-1] == '>') {
			segs[i] = "*"
		}
	}
	return base + "/" + method + "/" + strings.Join(segs, "/")
}

// ActionCovers reports whether a policy statement's actions include
// execute-api:Invoke.
func ActionCovers(actions []string) bool {
	for _, a := range actions {
		if a == "*" || a == "execute-api:*" || a == "execute-api:Invoke" {
			return true
		}
	}
	return false
}

// ARNMatch matches an IAM resource pattern against an ARN: * is any run of
// characters, ? one.
func ARNMatch(pattern, s string) bool {
	// Iterative with single-star backtracking: linear enough for hostile
	// patterns, unlike naive recursion.
	p, i := 0, 0
	star, mark := -1, 0
	for i < len(s) {
		switch {
		case p < len(pattern) && (pattern[p] == '?' || pattern[p] == s[i]):
			p++
			i++
		case p < len(pattern) && pattern[p] == '*':
			star, mark = p, i
			p++
		case star >= 0:
			p = star + 1
			mark++
			i = mark
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}
