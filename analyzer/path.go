package analyzer

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// capture is one {name} of a route path.
type capture struct {
	name   string
	greedy bool
	off    int // byte offset of the segment in the path as written
}

// pathError is a problem at byte offset off of a path.
type pathError struct {
	off int
	msg string
}

// parsePath validates a route path as written and returns it normalized
// ("<name>" becomes "{name}") with its captures. The rules are the spec's:
// a leading '/', no trailing '/', segments of [a-zA-Z0-9._-] or one whole
// {capture}; a greedy {name+} only last; capture names unique (they are Go
// parameter names, so they must be identifiers).
func parsePath(p string) (string, []capture, []pathError) {
	var errs []pathError
	if p == "" {
		return "", nil, []pathError{{0, "the path is empty; the root is /"}}
	}
	if p[0] != '/' {
		return "", nil, []pathError{{0, fmt.Sprintf("path %q must start with /", p)}}
	}
	if p == "/" {
		return "/", nil, nil
	}
	if strings.HasSuffix(p, "/") {
		errs = append(errs, pathError{len(p) - 1, fmt.Sprintf("path %q ends with /: remove the trailing slash", p)})
		p = strings.TrimSuffix(p, "/")
		if p == "/" {
			return "/", nil, errs
		}
	}
	var caps []capture
	var norm strings.Builder
	seen := map[string]bool{}
	off := 1
	segs := strings.Split(p[1:], "/")
	for i, seg := range segs {
		norm.WriteByte('/')
		switch {
		case seg == "":
			errs = append(errs, pathError{off, "empty path segment (//)"})
		case seg[0] == '{' || seg[0] == '<':
			closer := map[byte]byte{'{': '}', '<': '>'}[seg[0]]
			if len(seg) < 2 || seg[len(seg)-1] != closer {
				errs = append(errs, pathError{off, fmt.Sprintf("capture %q must be a whole segment: {name}", seg)})
				break
			}
			name := seg[1 : len(seg)-1]
			greedy := strings.HasSuffix(name, "+")
			name = strings.TrimSuffix(name, "+")
			switch {
			case !isASCIIIdent(name):
				errs = append(errs, pathError{off, fmt.Sprintf("capture name %q must be a Go identifier (it names a handler parameter)", name)})
			case seen[name]:
				errs = append(errs, pathError{off, fmt.Sprintf("capture {%s} appears twice in the path", name)})
			case greedy && i != len(segs)-1:
				errs = append(errs, pathError{off, fmt.Sprintf("greedy capture {%s+} must be the last segment", name)})
			}
			seen[name] = true
			caps = append(caps, capture{name: name, greedy: greedy, off: off})
			norm.WriteString("{" + name)
			if greedy {
				norm.WriteByte('+')
			}
			norm.WriteByte('}')
		default:
			for j := 0; j < len(seg); j++ {
				if !isPathChar(seg[j]) {
					r, _ := utf8.DecodeRuneInString(seg[j:])
					what := fmt.Sprintf("invalid character %q in path: only letters, digits, '.', '_', '-' and {captures} are allowed", r)
					if strings.IndexByte("{}<>", seg[j]) >= 0 {
						what = fmt.Sprintf("segment %q mixes text and a capture; a capture must be a whole segment", seg)
					}
					errs = append(errs, pathError{off + j, what})
					break
				}
			}
			norm.WriteString(seg)
		}
		off += len(seg) + 1
	}
	return norm.String(), caps, errs
}

func isPathChar(c byte) bool {
	return c == '.' || c == '_' || c == '-' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

func isASCIIIdent(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || i > 0 && '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

// checkURLPrefix validates a blueprint url_prefix: a path without captures.
func checkURLPrefix(p string) (int, string) {
	_, caps, errs := parsePath(p)
	if len(errs) > 0 {
		return errs[0].off, errs[0].msg
	}
	if p == "/" {
		return 0, "use no url_prefix rather than /"
	}
	if len(caps) > 0 {
		return caps[0].off, "a url_prefix cannot contain captures"
	}
	return 0, ""
}

// joinPrefix mounts a blueprint route under its url_prefix; the blueprint's
// "/" becomes the prefix itself.
func joinPrefix(prefix, path string) string {
	if prefix == "" {
		return path
	}
	if path == "/" {
		return prefix
	}
	return prefix + path
}

// httpMethods are the methods a route may list.
var httpMethods = map[string]bool{
	"GET": true, "HEAD": true, "POST": true, "PUT": true, "PATCH": true, "DELETE": true, "OPTIONS": true,
}
