package apirules

import (
	"slices"
	"strconv"
	"strings"

	"github.com/chalice-go/chalice"
)

// BuiltinAllowHeaders are the request headers every CORS route allows, on
// top of the config's AllowHeaders.
var BuiltinAllowHeaders = []string{"Authorization", "Content-Type", "X-Amz-Date", "X-Amz-Security-Token", "X-Api-Key"}

// CORS is a route's CORS configuration (chalice.CORSConfig at run time,
// model.CORS at build time).
type CORS struct {
	// AllowOrigin is "*" when empty. Several origins may be listed,
	// separated by spaces or commas: the request's Origin is then echoed
	// when it is one of them, with Vary: Origin.
	AllowOrigin      string
	AllowHeaders     []string
	ExposeHeaders    []string
	MaxAge           int
	AllowCredentials bool
}

// Header is one response header.
type Header struct{ Name, Value string }

// ConfigCORS compiles an app's run-time CORS config; nil stays nil.
func ConfigCORS(c *chalice.CORSConfig) *CORSRule {
	if c == nil {
		return nil
	}
	return NewCORS(CORS{AllowOrigin: c.AllowOrigin, AllowHeaders: c.AllowHeaders,
		ExposeHeaders: c.ExposeHeaders, MaxAge: c.MaxAge, AllowCredentials: c.AllowCredentials})
}

// CORSRule is a CORS configuration turned into ready header values.
type CORSRule struct {
	origins []string
	fixed   []Header
	allow   []string // allowed request headers: the built-in ones and the config's, sorted
	expose  []string
	maxAge  int
	creds   bool
}

// NewCORS compiles c.
func NewCORS(c CORS) *CORSRule {
	r := &CORSRule{origins: Origins(c.AllowOrigin), expose: c.ExposeHeaders, maxAge: c.MaxAge, creds: c.AllowCredentials}
	for _, h := range append(slices.Clone(BuiltinAllowHeaders), c.AllowHeaders...) {
		if h = strings.TrimSpace(h); h != "" {
			r.allow = append(r.allow, h)
		}
	}
	slices.Sort(r.allow)
	r.allow = slices.Compact(r.allow)
	r.fixed = append(r.fixed, Header{"Access-Control-Allow-Headers", strings.Join(r.allow, ",")})
	if c.MaxAge > 0 {
		r.fixed = append(r.fixed, Header{"Access-Control-Max-Age", strconv.Itoa(c.MaxAge)})
	}
	if len(c.ExposeHeaders) > 0 {
		r.fixed = append(r.fixed, Header{"Access-Control-Expose-Headers", strings.Join(c.ExposeHeaders, ",")})
	}
	if c.AllowCredentials {
		r.fixed = append(r.fixed, Header{"Access-Control-Allow-Credentials", "true"})
	}
	if r.MultiOrigin() {
		r.fixed = append(r.fixed, Header{"Vary", "Origin"})
	}
	return r
}

// Origins splits an AllowOrigin value; "" is ["*"].
func Origins(allow string) []string {
	o := strings.FieldsFunc(allow, func(r rune) bool { return r == ' ' || r == ',' || r == '\t' })
	if len(o) == 0 {
		return []string{"*"}
	}
	return o
}

// MultiOrigin reports whether the answer depends on the request's Origin.
// A static preflight (an API Gateway MOCK integration) cannot do that, so
// such a path's preflight is answered by the function (PreflightByFunction).
func (r *CORSRule) MultiOrigin() bool { return len(r.origins) > 1 }

// Origin picks Access-Control-Allow-Origin for a request's Origin: the
// matching listed origin, else the first.
func (r *CORSRule) Origin(reqOrigin string) string {
	if len(r.origins) > 1 && reqOrigin != "" {
		for _, o := range r.origins {
			if o == reqOrigin {
				return o
			}
		}
	}
	return r.origins[0]
}

// Fixed are the headers that do not depend on the request: every CORS
// header but Access-Control-Allow-Origin.
func (r *CORSRule) Fixed() []Header { return r.fixed }

// Headers returns every CORS response header for a request's Origin,
// Access-Control-Allow-Origin first.
func (r *CORSRule) Headers(reqOrigin string) []Header {
	out := make([]Header, 0, len(r.fixed)+1)
	out = append(out, Header{"Access-Control-Allow-Origin", r.Origin(reqOrigin)})
	return append(out, r.fixed...)
}

// AllowMethods is a preflight's Access-Control-Allow-Methods: the path's
// methods in route order, each once, then OPTIONS.
func AllowMethods(methods []string) string {
	var ms []string
	for _, m := range methods {
		if m != "OPTIONS" && !slices.Contains(ms, m) {
			ms = append(ms, m)
		}
	}
	return strings.Join(append(ms, "OPTIONS"), ",")
}

// Preflight returns the headers of the answer to a CORS preflight (OPTIONS
// without an OPTIONS route) on a path with the given methods, status 200
// and no body.
func (r *CORSRule) Preflight(methods, reqOrigin string) []Header {
	out := make([]Header, 0, len(r.fixed)+3)
	out = append(out, Header{"Content-Type", "application/json"}, Header{"Access-Control-Allow-Methods", methods})
	return append(out, r.Headers(reqOrigin)...)
}

// StaticPreflight returns a preflight's headers when they do not depend on
// the request (a deploy answers them with a MOCK integration), or false
// when the function must answer it (PreflightByFunction).
func (r *CORSRule) StaticPreflight(methods string) (map[string]string, bool) {
	if r.PreflightByFunction() {
		return nil, false
	}
	h := map[string]string{}
	for _, kv := range r.Preflight(methods, "") {
		if kv.Name != "Content-Type" {
			h[kv.Name] = kv.Value
		}
	}
	return h, true
}

// PreflightByFunction reports whether the deployed API must route the
// path's preflight to the function (AWS_PROXY), which answers it with the
// same rule, instead of a static MOCK integration: true when the answer
// depends on the request's Origin.
func (r *CORSRule) PreflightByFunction() bool { return r.MultiOrigin() }
