package apirules

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// HTTPCORS is an HTTP API's native CORS configuration. Unlike a REST API,
// where each path's preflight is an OPTIONS method of its own, an HTTP API
// has one configuration: the gateway answers every preflight itself (when
// no route takes the OPTIONS request) and puts the headers on every answer
// to a request with an allowed Origin, replacing the integration's.
type HTTPCORS struct {
	AllowOrigins     []string // "*", exact origins, or "scheme://*" prefixes
	AllowMethods     []string // upper case; ["*"] when a route takes ANY
	AllowHeaders     []string
	ExposeHeaders    []string
	MaxAge           int
	AllowCredentials bool
}

// HTTPCORSRoute is one route as HTTPAPICORS sees it.
type HTTPCORSRoute struct {
	Name    string   // how errors name it: "GET /users/{name}"
	Methods []string // the route's methods
	CORS    *CORSRule
}

// CORSConflictError says why the routes' CORS settings cannot be one HTTP
// API configuration. Route indexes the routes given to HTTPAPICORS: the
// caller positions the error at that route.
type CORSConflictError struct {
	Route  int
	Reason string
}

func (e *CORSConflictError) Error() string { return e.Reason }

// HTTPAPICORS derives an HTTP API's one CORS configuration from its routes'
// CORS rules: nil when no route has CORS. Every route must then have the
// same rule, since the gateway applies it to all of them (a route without
// CORS would answer with CORS headers once deployed), and the rule may not
// combine AllowCredentials with the "*" origin, which API Gateway refuses.
// AllowMethods is the union of the routes' methods and OPTIONS.
func HTTPAPICORS(routes []HTTPCORSRoute) (*HTTPCORS, error) {
	first := slices.IndexFunc(routes, func(r HTTPCORSRoute) bool { return r.CORS != nil })
	if first < 0 {
		return nil, nil
	}
	base := routes[first].CORS
	if base.creds && slices.Contains(base.origins, "*") {
		return nil, &CORSConflictError{first, fmt.Sprintf("%s: an HTTP API cannot allow credentials (AllowCredentials) with the origin \"*\": name the allowed origins in AllowOrigin", routes[first].Name)}
	}
	var methods []string
	for i, r := range routes {
		if r.CORS == nil {
			return nil, &CORSConflictError{i, fmt.Sprintf("%s has no CORS but %s has: an HTTP API has one CORS configuration for all its routes, so give every route the same cors setting (or app-wide cors) or none", r.Name, routes[first].Name)}
		}
		if d := corsDiff(base, r.CORS); d != "" {
			return nil, &CORSConflictError{i, fmt.Sprintf("the CORS settings of %s differ from those of %s (%s): an HTTP API has one CORS configuration for all its routes", r.Name, routes[first].Name, d)}
		}
		for _, m := range r.Methods {
			if m = strings.ToUpper(m); m == "ANY" {
				m = "*"
			}
			methods = append(methods, m)
		}
	}
	if slices.Contains(methods, "*") {
		methods = []string{"*"}
	} else {
		methods = append(methods, http.MethodOptions)
		slices.Sort(methods)
		methods = slices.Compact(methods)
	}
	return &HTTPCORS{
		AllowOrigins:     slices.Clone(base.origins),
		AllowMethods:     methods,
		AllowHeaders:     slices.Clone(base.allow),
		ExposeHeaders:    slices.Clone(base.expose),
		MaxAge:           base.maxAge,
		AllowCredentials: base.creds,
	}, nil
}

// corsDiff names the first setting in which b differs from a, "" when
// they are the same configuration (origin and exposed header order do not
// matter).
func corsDiff(a, b *CORSRule) string {
	set := func(s []string) []string { s = slices.Clone(s); slices.Sort(s); return slices.Compact(s) }
	switch {
	case !slices.Equal(set(a.origins), set(b.origins)):
		return fmt.Sprintf("AllowOrigin %q, not %q", strings.Join(b.origins, " "), strings.Join(a.origins, " "))
	case !slices.Equal(a.allow, b.allow):
		return fmt.Sprintf("AllowHeaders %q, not %q", strings.Join(b.allow, ","), strings.Join(a.allow, ","))
	case !slices.Equal(set(a.expose), set(b.expose)):
		return fmt.Sprintf("ExposeHeaders %q, not %q", strings.Join(b.expose, ","), strings.Join(a.expose, ","))
	case a.maxAge != b.maxAge:
		return fmt.Sprintf("MaxAge %d, not %d", b.maxAge, a.maxAge)
	case a.creds != b.creds:
		return fmt.Sprintf("AllowCredentials %t, not %t", b.creds, a.creds)
	}
	return ""
}

// HTTPPreflightStatus is the status of the gateway's preflight answer
// (no body).
const HTTPPreflightStatus = http.StatusNoContent

// IsPreflight reports whether a request is a CORS preflight, which an HTTP
// API with CORS answers itself unless a route takes it: OPTIONS with both
// Origin and Access-Control-Request-Method.
func IsPreflight(method, origin, requestMethod string) bool {
	return method == http.MethodOptions && origin != "" && requestMethod != ""
}

// AllowedOrigin is Access-Control-Allow-Origin for a request's Origin: "*"
// when every origin is allowed, the origin itself when it is listed (or
// matches a "scheme://*" entry), "" when it is not allowed or absent (the
// answer then has no CORS headers).
func (c *HTTPCORS) AllowedOrigin(origin string) string {
	if c == nil || origin == "" {
		return ""
	}
	for _, o := range c.AllowOrigins {
		switch {
		case o == "*":
			return "*"
		case o == origin:
			return origin
		case strings.HasSuffix(o, "*") && strings.HasPrefix(origin, o[:len(o)-1]):
			return origin
		}
	}
	return ""
}

// PreflightHeaders are the headers of the gateway's answer to a preflight
// from origin (status HTTPPreflightStatus): none when the origin is not
// allowed.
func (c *HTTPCORS) PreflightHeaders(origin string) []Header {
	o := c.AllowedOrigin(origin)
	if o == "" {
		return nil
	}
	h := []Header{{"Access-Control-Allow-Origin", o}, {"Access-Control-Allow-Methods", strings.Join(c.AllowMethods, ",")}}
	if len(c.AllowHeaders) > 0 {
		h = append(h, Header{"Access-Control-Allow-Headers", strings.Join(c.AllowHeaders, ",")})
	}
	if c.MaxAge > 0 {
		h = append(h, Header{"Access-Control-Max-Age", strconv.Itoa(c.MaxAge)})
	}
	if c.AllowCredentials {
		h = append(h, Header{"Access-Control-Allow-Credentials", "true"})
	}
	return h
}

// ResponseHeaders are the CORS headers the gateway puts on any other
// answer (the function's or its own) to a request from origin: none when
// the origin is not allowed. The integration's own CORS headers are
// dropped first (IsCORSHeader).
func (c *HTTPCORS) ResponseHeaders(origin string) []Header {
	o := c.AllowedOrigin(origin)
	if o == "" {
		return nil
	}
	h := []Header{{"Access-Control-Allow-Origin", o}}
	if c.AllowCredentials {
		h = append(h, Header{"Access-Control-Allow-Credentials", "true"})
	}
	if len(c.ExposeHeaders) > 0 {
		h = append(h, Header{"Access-Control-Expose-Headers", strings.Join(c.ExposeHeaders, ",")})
	}
	return h
}

// IsCORSHeader reports whether a response header is a CORS header, which
// an HTTP API with a CORS configuration takes out of the integration's
// answer.
func IsCORSHeader(name string) bool {
	return len(name) > 15 && strings.EqualFold(name[:15], "access-control-")
}
