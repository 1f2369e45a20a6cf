package runtime

// Lambda events are read with a small JSON scanner that never builds a
// tree: internal/jsonx finds where a value ends; this file records the
// spans (val), iterates an object's members or an array's elements, and
// decodes the strings and values a request actually needs. Strings without
// escapes alias the event buffer; the runtime copies what it hands to user
// code (see Call).
//
// The scanner never writes to the event buffer: it may be the caller's
// payload (see App.Invoke).
//
// Strictness: what is read (object members, strings, values decoded with
// decodeAny) is checked strictly; the inside of a value that is only skipped
// is checked for balanced brackets and terminated strings, not for every
// grammar rule. A malformed event yields an error, never a panic.

import (
	"bytes"
	"strconv"
	"unsafe"

	"github.com/chalice-go/chalice/internal/jsonx"
)

// errSyntax is returned for any malformed JSON in an event (jsonx's error,
// so the scanner's errors and the runtime's are the same value).
var errSyntax = jsonx.ErrSyntax

// maxDepth bounds decodeAny's recursion, as jsonx.SkipContainer's nesting.
const maxDepth = jsonx.MaxDepth

// val is the span of one JSON value: b[off:end]. The zero val is "absent".
// Offsets are 32-bit (events are at most a few megabytes; parseEvent
// rejects larger ones), which keeps the per-invocation Call small.
type val struct{ off, end int32 }

// span makes the val b[off:end].
func span(off, end int) val { return val{int32(off), int32(end)} }

// maxEvent is the largest event the scanner handles.
const maxEvent = 1<<31 - 1

func (v val) present() bool { return v.end > v.off }

// objIter walks the members of one object strictly.
type objIter struct {
	b     []byte
	i     int
	first bool
	err   error
}

// iterObject starts iterating v; ok is false when v is absent, null or not
// an object.
func iterObject(b []byte, v val) (objIter, bool) {
	if !v.present() || b[v.off] != '{' {
		return objIter{}, false
	}
	return objIter{b: b, i: int(v.off) + 1, first: true}, true
}

// next returns the next member's key (a string token) and value spans.
func (it *objIter) next() (k, v val, ok bool) {
	if it.b == nil || it.err != nil {
		return val{}, val{}, false
	}
	b := it.b
	i := jsonx.SkipSpace(b, it.i)
	if i >= len(b) {
		it.err = errSyntax
		return val{}, val{}, false
	}
	if b[i] == '}' {
		it.b, it.i = nil, i // done; i is the closing brace
		return val{}, val{}, false
	}
	if !it.first {
		if b[i] != ',' {
			it.err = errSyntax
			return val{}, val{}, false
		}
		i = jsonx.SkipSpace(b, i+1)
	}
	it.first = false
	if i >= len(b) || b[i] != '"' {
		it.err = errSyntax
		return val{}, val{}, false
	}
	ke, err := jsonx.SkipString(b, i)
	if err != nil {
		it.err = err
		return val{}, val{}, false
	}
	j := jsonx.SkipSpace(b, ke)
	if j >= len(b) || b[j] != ':' {
		it.err = errSyntax
		return val{}, val{}, false
	}
	j = jsonx.SkipSpace(b, j+1)
	ve, err := jsonx.SkipValue(b, j)
	if err != nil {
		it.err = err
		return val{}, val{}, false
	}
	it.i = ve
	return span(i, ke), span(j, ve), true
}

// arrIter walks the elements of one array strictly.
type arrIter struct {
	b     []byte
	i     int
	first bool
	err   error
}

func iterArray(b []byte, v val) (arrIter, bool) {
	if !v.present() || b[v.off] != '[' {
		return arrIter{}, false
	}
	return arrIter{b: b, i: int(v.off) + 1, first: true}, true
}

func (it *arrIter) next() (v val, ok bool) {
	if it.b == nil || it.err != nil {
		return val{}, false
	}
	b := it.b
	i := jsonx.SkipSpace(b, it.i)
	if i >= len(b) {
		it.err = errSyntax
		return val{}, false
	}
	if b[i] == ']' {
		it.b, it.i = nil, i
		return val{}, false
	}
	if !it.first {
		if b[i] != ',' {
			it.err = errSyntax
			return val{}, false
		}
		i = jsonx.SkipSpace(b, i+1)
	}
	it.first = false
	e, err := jsonx.SkipValue(b, i)
	if err != nil {
		it.err = err
		return val{}, false
	}
	it.i = e
	return span(i, e), true
}

// aliasString returns a string sharing b's memory. b must not be written
// to while the string is in use: the event buffer is only read, and the
// strings that reach user code are copies (Call.keep) or alias the
// private copy (Call.detach).
func aliasString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// rawStr returns the contents of a string token without its quotes, and
// whether it needs unescaping.
func rawStr(b []byte, v val) ([]byte, bool, bool) {
	if !v.present() || b[v.off] != '"' || v.end-v.off < 2 {
		return nil, false, false
	}
	s := b[v.off+1 : v.end-1]
	return s, bytes.IndexByte(s, '\\') >= 0, true
}

// str decodes the string token v. ok is false when v is absent or not a
// string (null included) or holds a bad escape.
func str(b []byte, v val) (string, bool) {
	s, esc, ok := rawStr(b, v)
	if !ok {
		return "", false
	}
	if !esc {
		return aliasString(s), true
	}
	u, err := unescape(s)
	if err != nil {
		return "", false
	}
	return aliasString(u), true
}

// isTrue reports whether v is the literal true.
func isTrue(b []byte, v val) bool {
	return v.end-v.off == 4 && string(b[v.off:v.end]) == "true"
}

// unescapeString decodes the escapes of a JSON string body into a new
// string.
func unescapeString(s []byte) (string, error) {
	u, err := unescape(s)
	if err != nil {
		return "", err
	}
	return aliasString(u), nil
}

// unescape decodes the escapes of a JSON string body into a new slice.
// Lone surrogates become U+FFFD, as encoding/json does.
func unescape(s []byte) ([]byte, error) {
	return jsonx.Unescape(make([]byte, 0, len(s)), s)
}

// decodeAny decodes the value v into the shapes encoding/json produces for
// an `any`: map[string]any, []any, string, float64, bool, nil. Only used to
// materialize the request context and authorizer events.
func decodeAny(b []byte, v val) (any, error) {
	x, end, err := decodeAt(b, int(v.off), 0)
	if err != nil {
		return nil, err
	}
	if jsonx.SkipSpace(b, end) != int(v.end) {
		return nil, errSyntax
	}
	return x, nil
}

func decodeAt(b []byte, i, depth int) (any, int, error) {
	if depth > maxDepth {
		return nil, 0, errSyntax
	}
	i = jsonx.SkipSpace(b, i)
	if i >= len(b) {
		return nil, 0, errSyntax
	}
	switch c := b[i]; {
	case c == '{':
		m := map[string]any{}
		i = jsonx.SkipSpace(b, i+1)
		if i < len(b) && b[i] == '}' {
			return m, i + 1, nil
		}
		for {
			if i >= len(b) || b[i] != '"' {
				return nil, 0, errSyntax
			}
			ke, err := jsonx.SkipString(b, i)
			if err != nil {
				return nil, 0, err
			}
			k, ok := str(b, span(i, ke))
			if !ok {
				return nil, 0, errSyntax
			}
			i = jsonx.SkipSpace(b, ke)
			if i >= len(b) || b[i] != ':' {
				return nil, 0, errSyntax
			}
			x, e, err := decodeAt(b, i+1, depth+1)
			if err != nil {
				return nil, 0, err
			}
			m[k] = x
			i = jsonx.SkipSpace(b, e)
			if i >= len(b) {
				return nil, 0, errSyntax
			}
			if b[i] == '}' {
				return m, i + 1, nil
			}
			if b[i] != ',' {
				return nil, 0, errSyntax
			}
			i = jsonx.SkipSpace(b, i+1)
		}
	case c == '[':
		a := []any{}
		i = jsonx.SkipSpace(b, i+1)
		if i < len(b) && b[i] == ']' {
			return a, i + 1, nil
		}
		for {
			x, e, err := decodeAt(b, i, depth+1)
			if err != nil {
				return nil, 0, err
			}
			a = append(a, x)
			i = jsonx.SkipSpace(b, e)
			if i >= len(b) {
				return nil, 0, errSyntax
			}
			if b[i] == ']' {
				return a, i + 1, nil
			}
			if b[i] != ',' {
				return nil, 0, errSyntax
			}
			i++
		}
	case c == '"':
		e, err := jsonx.SkipString(b, i)
		if err != nil {
			return nil, 0, err
		}
		s, esc, _ := rawStr(b, span(i, e))
		if jsonx.HasControl(s) {
			return nil, 0, errSyntax
		}
		if !esc {
			return aliasString(s), e, nil
		}
		u, err := unescape(s)
		if err != nil {
			return nil, 0, err
		}
		return aliasString(u), e, nil
	case c == 't':
		e, err := jsonx.SkipLiteral(b, i, "true")
		return true, e, err
	case c == 'f':
		e, err := jsonx.SkipLiteral(b, i, "false")
		return false, e, err
	case c == 'n':
		e, err := jsonx.SkipLiteral(b, i, "null")
		return nil, e, err
	default:
		e, err := jsonx.SkipNumber(b, i)
		if err != nil {
			return nil, 0, err
		}
		f, err := strconv.ParseFloat(aliasString(b[i:e]), 64)
		if err != nil {
			// Out of range: encoding/json fails too; keep the value usable.
			return aliasString(b[i:e]), e, nil
		}
		return f, e, nil
	}
}
