package apigw

import (
	"net/url"
	"strings"
)

// Router resolves a request path to a resource the way an API Gateway REST
// API does: literal segments win over captures, and a greedy {name+}
// capture takes one or more trailing segments.
type Router struct {
	root node
}

type node struct {
	literal map[string]*node
	capture *node
	capName string
	greedy  *node // {name+} child: ends the path
	greedyN string
	// resource is the route path registered at this node ("" if none).
	resource string
}

// NewRouter indexes resource paths such as "/users/{name}".
func NewRouter(paths []string) *Router {
	r := &Router{}
	for _, p := range paths {
		r.add(p)
	}
	return r
}

func splitPath(p string) []string {
	p = strings.Trim(p, "/")
	if p == "" {
		return nil
	}
	return strings.Split(p, "/")
}

func (r *Router) add(path string) {
	n := &r.root
	for _, seg := range splitPath(path) {
		switch {
		case strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "+}"):
			if n.greedy == nil {
				n.greedy = &node{}
			}
			n.greedyN = seg[1 : len(seg)-2]
			n = n.greedy
		case strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}"):
			if n.capture == nil {
				n.capture = &node{}
			}
			n.capName = seg[1 : len(seg)-1]
			n = n.capture
		default:
			if n.literal == nil {
				n.literal = map[string]*node{}
			}
			c := n.literal[seg]
			if c == nil {
				c = &node{}
				n.literal[seg] = c
			}
			n = c
		}
	}
	n.resource = path
}

// Match returns the resource path matching the request path and the
// URL-decoded captures (nil when there are none). ok is false when no
// resource matches. Percent-encoding is decoded per segment, so an encoded
// slash stays inside its capture. Trailing slashes are ignored, as REST
// APIs do.
func (r *Router) Match(path string) (resource string, params map[string]string, ok bool) {
	res, caps, ok := r.match(path, nil)
	if !ok {
		return "", nil, false
	}
	if len(caps) > 0 {
		params = make(map[string]string, len(caps))
		for _, c := range caps {
			params[c.name] = c.value
		}
	}
	return res, params, true
}

// match is Match appending the captures, in path order, to caps.
func (r *Router) match(path string, caps []capture) (string, []capture, bool) {
	return r.root.match(strings.Trim(path, "/"), caps)
}

type capture struct{ name, value string }

// match resolves path (no leading or trailing slash) below n.
func (n *node) match(path string, caps []capture) (string, []capture, bool) {
	if path == "" {
		if n.resource != "" {
			return n.resource, caps, true
		}
		return "", caps, false
	}
	raw, rest, _ := strings.Cut(path, "/")
	seg, err := url.PathUnescape(raw)
	if err != nil {
		return "", caps, false
	}
	if c := n.literal[seg]; c != nil {
		if res, out, ok := c.match(rest, caps); ok {
			return res, out, true
		}
	}
	if n.capture != nil && seg != "" {
		if res, out, ok := n.capture.match(rest, append(caps, capture{n.capName, seg})); ok {
			return res, out, true
		}
	}
	if n.greedy != nil && n.greedy.resource != "" {
		all, err := url.PathUnescape(path)
		if err == nil && all != "" {
			return n.greedy.resource, append(caps, capture{n.greedyN, all}), true
		}
	}
	return "", caps, false
}
