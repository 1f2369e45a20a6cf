package runtime

import (
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/chalice-go/chalice"
	"github.com/chalice-go/chalice/model"
)

// index is the App's lookup structure, built once on first use. It is
// read-only afterwards, so concurrent invocations share it freely.
type index struct {
	byPath map[string]*pathEntry // route path ("/users/{name}") → entry
	root   *node                 // segment trie for matching request paths
	funcs  map[string]*Function
	auths  map[string]*Authorizer
	binary []string // lower-cased binary media types
	// jsonBinary is isBinary("application/json"), the default response
	// type (true only if an app lists it as binary).
	jsonBinary bool
	names      []string // every logical function name, for error messages
}

// pathEntry is one route path with all its methods.
type pathEntry struct {
	path    string
	caps    []string // capture names in path order
	methods []methodRoute
	cors    *corsInfo // the first CORS config among the path's routes
	allow   string    // Access-Control-Allow-Methods for preflight
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
	cors   *corsInfo
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

// node is a trie node; one level per path segment.
type node struct {
	lits   map[string]*node
	param  *node      // a {capture} segment
	greedy *pathEntry // a trailing {capture+} segment
	entry  *pathEntry // a path ending here
}

// normalizePath turns a route path into API Gateway's resource form:
// leading slash, no trailing slash, <x> written {x}.
func normalizePath(p string) string {
	if p == "" || p[0] != '/' {
		p = "/" + p
	}
	if len(p) > 1 {
		p = strings.TrimRight(p, "/")
		if p == "" {
			p = "/"
		}
	}
	if strings.IndexByte(p, '<') >= 0 {
		segs := strings.Split(p, "/")
		for i, s := range segs {
			if len(s) > 2 && s[0] == '<' && s[len(s)-1] == '>' {
				segs[i] = "{" + s[1:len(s)-1] + "}"
			}
		}
		p = strings.Join(segs, "/")
	}
	return p
}

func isCapture(seg string) bool { return len(seg) > 2 && seg[0] == '{' && seg[len(seg)-1] == '}' }

func buildIndex(a *App) *index {
	ix := &index{
		byPath: make(map[string]*pathEntry, len(a.Routes)),
		root:   &node{},
		funcs:  make(map[string]*Function, len(a.Functions)),
		auths:  make(map[string]*Authorizer, len(a.Authorizers)),
	}
	for _, t := range a.BinaryMediaTypes() {
		ix.binary = append(ix.binary, strings.ToLower(strings.TrimSpace(t)))
	}
	ix.jsonBinary = ix.isBinary("application/json")
	ix.names = append(ix.names, "api_handler")
	for i := range a.Routes {
		r := &a.Routes[i]
		p := normalizePath(r.Path)
		e := ix.byPath[p]
		if e == nil {
			e = &pathEntry{path: p, caps: model.PathCaptures(p)}
			ix.byPath[p] = e
			ix.insert(p, e)
		}
		ri := &routeInfo{r: r, entry: e, cors: newCORS(r.CORS)}
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
	for _, e := range ix.byPath {
		var ms []string
		seen := map[string]bool{}
		for _, m := range e.methods {
			if !seen[m.method] && m.method != "OPTIONS" {
				seen[m.method] = true
				ms = append(ms, m.method)
			}
		}
		e.allow = strings.Join(append(ms, "OPTIONS"), ",")
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

// insert adds the route path p to the trie.
func (ix *index) insert(p string, e *pathEntry) {
	n := ix.root
	if p == "/" {
		n.entry = e
		return
	}
	segs := strings.Split(p[1:], "/")
	for i, s := range segs {
		if isCapture(s) {
			if strings.HasSuffix(s, "+}") && i == len(segs)-1 {
				if n.greedy == nil {
					n.greedy = e
				}
				return
			}
			if n.param == nil {
				n.param = &node{}
			}
			n = n.param
			continue
		}
		if n.lits == nil {
			n.lits = map[string]*node{}
		}
		c := n.lits[s]
		if c == nil {
			c = &node{}
			n.lits[s] = c
		}
		n = c
	}
	if n.entry == nil {
		n.entry = e
	}
}

// match finds the entry for a request path and appends the capture values
// to caps. decode says the path is percent-encoded (rawPath, URLs) rather
// than already decoded (a REST event's path). Literal segments beat
// captures, which beat a greedy capture, as in API Gateway.
func (ix *index) match(path string, decode bool, caps []string) (*pathEntry, []string) {
	if path == "" || path == "/" {
		return ix.root.entry, caps
	}
	if path[0] != '/' {
		return nil, caps
	}
	return matchNode(ix.root, path, 0, decode, caps)
}

// matchNode matches path[pos:], where path[pos] is the '/' starting the
// next segment (or pos == len(path) when the path is consumed).
func matchNode(n *node, path string, pos int, decode bool, caps []string) (*pathEntry, []string) {
	if pos == len(path) {
		return n.entry, caps
	}
	start := pos + 1
	end := strings.IndexByte(path[start:], '/')
	if end < 0 {
		end = len(path)
	} else {
		end += start
	}
	seg := path[start:end]
	if n.lits != nil {
		c := n.lits[seg]
		if c == nil && decode && strings.IndexByte(seg, '%') >= 0 {
			c = n.lits[unescapeSeg(seg)]
		}
		if c != nil {
			if e, out := matchNode(c, path, end, decode, caps); e != nil {
				return e, out
			}
		}
	}
	if n.param != nil && seg != "" {
		v := seg
		if decode {
			v = unescapeSeg(seg)
		}
		if e, out := matchNode(n.param, path, end, decode, append(caps, v)); e != nil {
			return e, out
		}
	}
	if n.greedy != nil && start < len(path) {
		v := path[start:]
		if decode {
			v = unescapeSeg(v)
		}
		return n.greedy, append(caps, v)
	}
	return nil, caps
}

func unescapeSeg(s string) string {
	if strings.IndexByte(s, '%') < 0 {
		return s
	}
	if u, err := url.PathUnescape(s); err == nil {
		return u
	}
	return s
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
	for _, kv := range e.cors.headers(origin) {
		h[kv.k] = kv.v
	}
	return h, true
}

// corsInfo is a CORSConfig turned into ready header values.
type corsInfo struct {
	origins []string // several: echo the request's Origin when listed
	fixed   []kv     // every header but Access-Control-Allow-Origin
}

type kv struct{ k, v string }

var builtinCORSHeaders = []string{"Authorization", "Content-Type", "X-Amz-Date", "X-Amz-Security-Token", "X-Api-Key"}

func newCORS(c *chalice.CORSConfig) *corsInfo {
	if c == nil {
		return nil
	}
	ci := &corsInfo{}
	ci.origins = strings.FieldsFunc(c.AllowOrigin, func(r rune) bool { return r == ' ' || r == ',' || r == '\t' })
	if len(ci.origins) == 0 {
		ci.origins = []string{"*"}
	}
	hs := map[string]bool{}
	var allow []string
	for _, h := range append(append([]string{}, builtinCORSHeaders...), c.AllowHeaders...) {
		h = strings.TrimSpace(h)
		if h != "" && !hs[h] {
			hs[h] = true
			allow = append(allow, h)
		}
	}
	sort.Strings(allow)
	ci.fixed = append(ci.fixed, kv{"Access-Control-Allow-Headers", strings.Join(allow, ",")})
	if c.MaxAge > 0 {
		ci.fixed = append(ci.fixed, kv{"Access-Control-Max-Age", strconv.Itoa(c.MaxAge)})
	}
	if len(c.ExposeHeaders) > 0 {
		ci.fixed = append(ci.fixed, kv{"Access-Control-Expose-Headers", strings.Join(c.ExposeHeaders, ",")})
	}
	if c.AllowCredentials {
		ci.fixed = append(ci.fixed, kv{"Access-Control-Allow-Credentials", "true"})
	}
	if len(ci.origins) > 1 {
		ci.fixed = append(ci.fixed, kv{"Vary", "Origin"})
	}
	return ci
}

// origin picks Access-Control-Allow-Origin for a request Origin.
func (ci *corsInfo) origin(reqOrigin string) string {
	if len(ci.origins) > 1 && reqOrigin != "" {
		for _, o := range ci.origins {
			if o == reqOrigin {
				return o
			}
		}
	}
	return ci.origins[0]
}

// headers returns every CORS header for a request Origin.
func (ci *corsInfo) headers(reqOrigin string) []kv {
	out := make([]kv, 0, len(ci.fixed)+1)
	out = append(out, kv{"Access-Control-Allow-Origin", ci.origin(reqOrigin)})
	return append(out, ci.fixed...)
}
