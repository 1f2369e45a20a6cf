package apirules

import (
	"net/url"
	"strings"
)

// Table resolves request paths to resource paths ("/users/{name}") the way
// an API Gateway REST API does: literal segments beat captures, which beat
// a trailing greedy {name+} capture taking one or more segments. Resources
// are numbered in the order they were added; a Table is read-only (and safe
// for concurrent use) once built.
type Table struct {
	root  node
	paths []string
	index map[string]int
}

// node is a trie node, one level per path segment. Resource numbers are
// stored plus one, so the zero value means none.
type node struct {
	lits   map[string]*node
	param  *node // a {capture} segment
	greedy int   // a trailing {capture+} segment
	entry  int   // a resource ending here
}

// NewTable returns an empty table.
func NewTable() *Table { return &Table{index: map[string]int{}} }

// Add adds a resource path (in API Gateway's form: NormalizePath) and
// returns its number; a path added before keeps its number.
func (t *Table) Add(path string) int {
	if i, ok := t.index[path]; ok {
		return i
	}
	i := len(t.paths)
	t.paths = append(t.paths, path)
	t.index[path] = i
	n := &t.root
	if path == "/" {
		n.entry = i + 1
		return i
	}
	segs := strings.Split(path[1:], "/")
	for k, s := range segs {
		if IsCapture(s) {
			if strings.HasSuffix(s, "+}") && k == len(segs)-1 {
				if n.greedy == 0 {
					n.greedy = i + 1
				}
				return i
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
	if n.entry == 0 {
		n.entry = i + 1
	}
	return i
}

// Len is the number of resources.
func (t *Table) Len() int { return len(t.paths) }

// Path returns the resource path numbered i.
func (t *Table) Path(i int) string { return t.paths[i] }

// Lookup returns the number of a resource path, as an event's resource
// field names it.
func (t *Table) Lookup(path string) (int, bool) {
	i, ok := t.index[path]
	return i, ok
}

// Match finds the resource of a request path and appends its capture
// values, in path order, to caps; it returns -1 when none matches. escaped
// says the path is percent-encoded (a raw URL path; captures are decoded
// per segment, so an encoded slash stays inside its capture, and a
// malformed escape matches nothing) rather than already decoded (a REST
// event's path). A trailing slash is a segment of its own here; the REST
// API emulation drops it first (TrimTrailingSlash).
func (t *Table) Match(path string, escaped bool, caps []string) (int, []string) {
	if path == "" || path == "/" {
		return t.root.entry - 1, caps
	}
	if path[0] != '/' {
		return -1, caps
	}
	return t.root.match(path, 0, escaped, caps)
}

// match matches path[pos:], where path[pos] is the '/' starting the next
// segment (or pos == len(path) when the path is consumed).
func (n *node) match(path string, pos int, escaped bool, caps []string) (int, []string) {
	if pos == len(path) {
		return n.entry - 1, caps
	}
	start := pos + 1
	end := strings.IndexByte(path[start:], '/')
	if end < 0 {
		end = len(path)
	} else {
		end += start
	}
	seg := path[start:end]
	if escaped && strings.IndexByte(seg, '%') >= 0 {
		u, err := url.PathUnescape(seg)
		if err != nil {
			return -1, caps
		}
		seg = u
	}
	if n.lits != nil {
		if c := n.lits[seg]; c != nil {
			if i, out := c.match(path, end, escaped, caps); i >= 0 {
				return i, out
			}
		}
	}
	if n.param != nil && seg != "" {
		if i, out := n.param.match(path, end, escaped, append(caps, seg)); i >= 0 {
			return i, out
		}
	}
	if n.greedy != 0 && start < len(path) {
		v := path[start:]
		if escaped && strings.IndexByte(v, '%') >= 0 {
			u, err := url.PathUnescape(v)
			if err != nil {
				return -1, caps
			}
			v = u
		}
		return n.greedy - 1, append(caps, v)
	}
	return -1, caps
}

// TrimTrailingSlash drops the trailing slashes of a request path: a REST
// API serves "/users/" as "/users".
func TrimTrailingSlash(path string) string {
	for len(path) > 1 && path[len(path)-1] == '/' {
		path = path[:len(path)-1]
	}
	return path
}

// IsCapture reports whether a resource path segment is a capture, {x} or
// {x+}.
func IsCapture(seg string) bool { return len(seg) > 2 && seg[0] == '{' && seg[len(seg)-1] == '}' }

// Captures returns the names a resource path captures, in order:
// "/a/{x}/b/{rest+}" gives ["x", "rest"].
func Captures(path string) []string {
	var out []string
	for _, seg := range strings.Split(path, "/") {
		if IsCapture(seg) {
			out = append(out, strings.TrimSuffix(seg[1:len(seg)-1], "+"))
		}
	}
	return out
}

// NormalizePath turns a route path into API Gateway's resource form:
// leading slash, no trailing slash, <x> written {x}.
func NormalizePath(p string) string {
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

// Unescape decodes a percent-encoded path as API Gateway reports it to the
// function; a malformed escape is kept as it is.
func Unescape(p string) string {
	if strings.IndexByte(p, '%') < 0 {
		return p
	}
	if u, err := url.PathUnescape(p); err == nil {
		return u
	}
	return p
}
