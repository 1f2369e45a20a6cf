package runtime

import (
	"strings"

	"github.com/chalice-go/chalice/internal/apirules"
)

// index is the App's lookup structure, built once on first use. It is
// read-only afterwards, so concurrent invocations share it freely. The
// rules (path matching, CORS, binary types) are apirules'; this is the
// app's routes laid out for them.
type index struct {
	table   *apirules.Table // resource paths ("/users/{name}")
	entries []*pathEntry    // by table number
	funcs   map[string]*Function
	auths   map[string]*Authorizer
	media   *apirules.Media
	names   []string // every logical function name, for error messages
}

// pathEntry is one route path with all its methods.
type pathEntry struct {
	path    string
	caps    []string // capture names in path order
	methods []methodRoute
	cors    *apirules.CORSRule // the first CORS config among the path's routes
	allow   string             // Access-Control-Allow-Methods for preflight
}

type methodRoute struct {
	method string
	ri     *routeInfo
}

// routeInfo is a Route with its precomputed rules.
type routeInfo struct {
	r      *Route
	entry  *pathEntry
	ctypes []string // lower-cased accepted request media types
	cors   *apirules.CORSRule
}

// find returns the route serving method, or nil.
func (e *pathEntry) find(method string) *routeInfo {
	for i := range e.methods {
		if m := e.methods[i].method; m == method || m == "ANY" {
			return e.methods[i].ri
		}
	}
	return nil
}

// byPath returns the entry of a resource path, or nil.
func (ix *index) byPath(resource string) *pathEntry {
	if i, ok := ix.table.Lookup(resource); ok {
		return ix.entries[i]
	}
	return nil
}

// match finds the entry for a request path and appends the capture values
// to caps. escaped says the path is percent-encoded (rawPath, URLs) rather
// than already decoded (a REST event's path).
func (ix *index) match(path string, escaped bool, caps []string) (*pathEntry, []string) {
	i, caps := ix.table.Match(path, escaped, caps)
	if i < 0 {
		return nil, caps
	}
	return ix.entries[i], caps
}

func buildIndex(a *App) *index {
	ix := &index{
		table: apirules.NewTable(),
		funcs: make(map[string]*Function, len(a.Functions)),
		auths: make(map[string]*Authorizer, len(a.Authorizers)),
		media: apirules.NewMedia(a.BinaryMediaTypes()),
	}
	ix.names = append(ix.names, "api_handler")
	for i := range a.Routes {
		r := &a.Routes[i]
		p := apirules.NormalizePath(r.Path)
		e := ix.byPath(p)
		if e == nil {
			e = &pathEntry{path: p, caps: apirules.Captures(p)}
			ix.table.Add(p)
			ix.entries = append(ix.entries, e)
		}
		ri := &routeInfo{r: r, entry: e, cors: apirules.ConfigCORS(r.CORS)}
		for _, ct := range r.ContentTypes {
			ri.ctypes = append(ri.ctypes, strings.ToLower(strings.TrimSpace(ct)))
		}
		if len(ri.ctypes) == 0 {
			ri.ctypes = []string{"application/json"}
		}
		if e.cors == nil {
			e.cors = ri.cors
		}
		methods := r.Methods
		if len(methods) == 0 {
			methods = []string{"GET"}
		}
		for _, m := range methods {
			m = strings.ToUpper(m)
			if e.find(m) == nil || m == "ANY" {
				e.methods = append(e.methods, methodRoute{m, ri})
			}
		}
	}
	for _, e := range ix.entries {
		ms := make([]string, len(e.methods))
		for i, m := range e.methods {
			ms[i] = m.method
		}
		e.allow = apirules.AllowMethods(ms)
	}
	for i := range a.Authorizers {
		z := &a.Authorizers[i]
		if _, dup := ix.auths[z.Name]; !dup {
			ix.auths[z.Name] = z
			ix.names = append(ix.names, z.Name)
		}
	}
	for i := range a.Functions {
		f := &a.Functions[i]
		if _, dup := ix.funcs[f.Name]; !dup {
			ix.funcs[f.Name] = f
			ix.names = append(ix.names, f.Name)
		}
	}
	return ix
}

// Match finds the route for method and path (a request path without the
// stage, e.g. "/users/bob"; percent-encoding is decoded in captures). It
// returns the route, its captures by name (nil when the route has none), and
// 0; or nil, nil and the status API Gateway would answer: 403 for an unknown
// path or method ("Missing Authentication Token"), or 200 for an OPTIONS
// preflight on a CORS-enabled path without an OPTIONS route, which API
// Gateway answers itself (Invoke answers it too, with the CORS headers; see
// PreflightHeaders).
func (a *App) Match(method, path string) (*Route, map[string]string, int) {
	ix := a.index()
	if p, _, ok := strings.Cut(path, "?"); ok {
		path = p
	}
	var buf [4]string
	e, caps := ix.match(path, true, buf[:0])
	if e == nil {
		return nil, nil, 403
	}
	ri := e.find(strings.ToUpper(method))
	if ri == nil {
		if strings.EqualFold(method, "OPTIONS") && e.cors != nil {
			return nil, nil, 200
		}
		return nil, nil, 403
	}
	var m map[string]string
	if len(e.caps) > 0 {
		m = make(map[string]string, len(e.caps))
		for i, name := range e.caps {
			if i < len(caps) {
				m[name] = caps[i]
			}
		}
	}
	return ri.r, m, 0
}

// PreflightHeaders returns the headers of the answer to a CORS preflight
// (OPTIONS) request for path, as API Gateway's mock integration sends them;
// ok is false when path has no CORS-enabled route. origin is the request's
// Origin header, used when the CORS config lists several origins.
func (a *App) PreflightHeaders(path, origin string) (map[string]string, bool) {
	ix := a.index()
	var buf [4]string
	e, _ := ix.match(path, true, buf[:0])
	if e == nil || e.cors == nil {
		return nil, false
	}
	h := map[string]string{"Access-Control-Allow-Methods": e.allow}
	for _, kv := range e.cors.Headers(origin) {
		h[kv.Name] = kv.Value
	}
	return h, true
}
