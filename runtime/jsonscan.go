package runtime

// A small JSON scanner for Lambda events. It never builds a tree: it finds
// the span of a value, iterates an object's members, and decodes the strings
// and values that a request actually needs. Strings without escapes alias
// the event buffer; the runtime copies what it hands to user code (see
// Call).
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
	"encoding/binary"
	"errors"
	"math/bits"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"
)

// errSyntax is returned for any malformed JSON in an event.
var errSyntax = errors.New("malformed JSON")

// maxDepth bounds nesting, like encoding/json, so hostile input cannot
// exhaust memory through the bracket stack or decodeAny's recursion.
const maxDepth = 1000

// val is the span of one JSON value: b[off:end]. The zero val is "absent".
// Offsets are 32-bit (events are at most a few megabytes; parseEvent
// rejects larger ones), which keeps the per-invocation Call small.
type val struct{ off, end int32 }

// span makes the val b[off:end].
func span(off, end int) val { return val{int32(off), int32(end)} }

// maxEvent is the largest event the scanner handles.
const maxEvent = 1<<31 - 1

func (v val) present() bool { return v.end > v.off }

// isWS reports JSON whitespace.
func isWS(c byte) bool { return c == ' ' || c == '\n' || c == '\r' || c == '\t' }

func skipWS(b []byte, i int) int {
	for i < len(b) && isWS(b[i]) {
		i++
	}
	return i
}

// skipString returns the offset just past the string starting at b[i] == '"'.
func skipString(b []byte, i int) (int, error) {
	e, _, err := scanString(b, i)
	return e, err
}

const (
	lo7 = 0x0101010101010101
	hi7 = 0x8080808080808080
)

// scanString returns the offset just past the string starting at
// b[i] == '"' and whether the string has escapes. It tests eight bytes per
// step (SWAR) for a quote or a backslash: event strings are mostly short,
// where a call to bytes.IndexByte per string costs more than this.
func scanString(b []byte, i int) (end int, esc bool, err error) {
	j := i + 1
	for {
		for ; j+8 <= len(b); j += 8 {
			x := binary.LittleEndian.Uint64(b[j:])
			q := x ^ (lo7 * '"')
			s := x ^ (lo7 * '\\')
			// A zero byte in q or s marks a match; the lowest flagged byte
			// is exact (borrows only affect bytes above it).
			if m := ((q - lo7) &^ q & hi7) | ((s - lo7) &^ s & hi7); m != 0 {
				j += bits.TrailingZeros64(m) >> 3
				goto hit
			}
		}
		for ; j < len(b); j++ {
			if c := b[j]; c == '"' || c == '\\' {
				goto hit
			}
		}
		return 0, false, errSyntax
	hit:
		if b[j] == '"' {
			return j + 1, esc, nil
		}
		esc = true
		j += 2 // a backslash escapes the next byte
		if j > len(b) {
			return 0, false, errSyntax
		}
	}
}

// skipValue returns the offset just past the value starting at b[i] (no
// leading whitespace).
func skipValue(b []byte, i int) (int, error) {
	if i >= len(b) {
		return 0, errSyntax
	}
	switch c := b[i]; c {
	case '"':
		return skipString(b, i)
	case '{', '[':
		return skipContainer(b, i)
	case 't':
		return skipLit(b, i, "true")
	case 'f':
		return skipLit(b, i, "false")
	case 'n':
		return skipLit(b, i, "null")
	default:
		if c == '-' || (c >= '0' && c <= '9') {
			return skipNumber(b, i)
		}
		return 0, errSyntax
	}
}

func skipLit(b []byte, i int, lit string) (int, error) {
	if len(b)-i >= len(lit) && string(b[i:i+len(lit)]) == lit {
		return i + len(lit), nil
	}
	return 0, errSyntax
}

// skipNumber checks the JSON number grammar.
func skipNumber(b []byte, i int) (int, error) {
	j := i
	if j < len(b) && b[j] == '-' {
		j++
	}
	switch {
	case j < len(b) && b[j] == '0':
		j++
	case j < len(b) && b[j] >= '1' && b[j] <= '9':
		for j < len(b) && b[j] >= '0' && b[j] <= '9' {
			j++
		}
	default:
		return 0, errSyntax
	}
	if j < len(b) && b[j] == '.' {
		j++
		k := j
		for j < len(b) && b[j] >= '0' && b[j] <= '9' {
			j++
		}
		if j == k {
			return 0, errSyntax
		}
	}
	if j < len(b) && (b[j] == 'e' || b[j] == 'E') {
		j++
		if j < len(b) && (b[j] == '+' || b[j] == '-') {
			j++
		}
		k := j
		for j < len(b) && b[j] >= '0' && b[j] <= '9' {
			j++
		}
		if j == k {
			return 0, errSyntax
		}
	}
	return j, nil
}

// skipContainer skips an object or array, matching bracket kinds.
func skipContainer(b []byte, i int) (int, error) {
	var stack [64]byte // closers; deeper nesting spills to a slice
	st := stack[:0]
outer:
	for i < len(b) {
		switch c := b[i]; c {
		case '"':
			// skipString, inlined: this loop runs for every string of the
			// large objects (headers, request context) an event skips.
			j := i + 1
		str:
			for ; j+8 <= len(b); j += 8 {
				x := binary.LittleEndian.Uint64(b[j:])
				q := x ^ (lo7 * '"')
				s := x ^ (lo7 * '\\')
				if m := ((q - lo7) &^ q & hi7) | ((s - lo7) &^ s & hi7); m != 0 {
					j += bits.TrailingZeros64(m) >> 3
					if b[j] == '"' {
						i = j + 1
						continue outer
					}
					j += 2 // an escape: skip the escaped byte
					goto str
				}
			}
			for ; j < len(b); j++ {
				if c := b[j]; c == '"' {
					i = j + 1
					continue outer
				} else if c == '\\' {
					j++
				}
			}
			return 0, errSyntax
		case '{':
			st = append(st, '}')
		case '[':
			st = append(st, ']')
		case '}', ']':
			if len(st) == 0 || st[len(st)-1] != c {
				return 0, errSyntax
			}
			st = st[:len(st)-1]
			if len(st) == 0 {
				return i + 1, nil
			}
		}
		if len(st) > maxDepth {
			return 0, errSyntax
		}
		i++
	}
	return 0, errSyntax
}

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
	i := skipWS(b, it.i)
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
		i = skipWS(b, i+1)
	}
	it.first = false
	if i >= len(b) || b[i] != '"' {
		it.err = errSyntax
		return val{}, val{}, false
	}
	ke, err := skipString(b, i)
	if err != nil {
		it.err = err
		return val{}, val{}, false
	}
	j := skipWS(b, ke)
	if j >= len(b) || b[j] != ':' {
		it.err = errSyntax
		return val{}, val{}, false
	}
	j = skipWS(b, j+1)
	ve, err := skipValue(b, j)
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
	i := skipWS(b, it.i)
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
		i = skipWS(b, i+1)
	}
	it.first = false
	e, err := skipValue(b, i)
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
	return unescapeTo(make([]byte, 0, len(s)), s)
}

// unescapeTo appends the decoded s to out. out may be s[:0]: every escape
// is longer than what it decodes to and each one is read before its
// result is written, so decoding in place is safe.
func unescapeTo(out, s []byte) ([]byte, error) {
	for i := 0; i < len(s); {
		if s[i] != '\\' {
			// Copy the run up to the next escape in one go; runs are short
			// in JSON bodies (a quote is escaped every few bytes), where
			// this beats a call to bytes.IndexByte.
			k := i + 1
			for ; k+8 <= len(s); k += 8 {
				t := binary.LittleEndian.Uint64(s[k:]) ^ (lo7 * '\\')
				if m := (t - lo7) &^ t & hi7; m != 0 {
					k += bits.TrailingZeros64(m) >> 3
					goto run
				}
			}
			for k < len(s) && s[k] != '\\' {
				k++
			}
		run:
			out = append(out, s[i:k]...)
			i = k
			continue
		}
		if i+1 >= len(s) {
			return nil, errSyntax
		}
		switch s[i+1] {
		case '"', '\\', '/':
			out = append(out, s[i+1])
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r, ok := hex4(s, i+2)
			if !ok {
				return nil, errSyntax
			}
			i += 6
			if utf16.IsSurrogate(r) {
				if r2, ok := hex4(s, i+2); ok && i+1 < len(s) && s[i] == '\\' && s[i+1] == 'u' {
					if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
						out = utf8.AppendRune(out, dec)
						i += 6
						continue
					}
				}
				r = utf8.RuneError
			}
			out = utf8.AppendRune(out, r)
			continue
		default:
			return nil, errSyntax
		}
		i += 2
	}
	return out, nil
}

func hex4(s []byte, i int) (rune, bool) {
	if i+4 > len(s) {
		return 0, false
	}
	var r rune
	for _, c := range s[i : i+4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// decodeAny decodes the value v into the shapes encoding/json produces for
// an `any`: map[string]any, []any, string, float64, bool, nil. Only used to
// materialize the request context and authorizer events.
func decodeAny(b []byte, v val) (any, error) {
	x, end, err := decodeAt(b, int(v.off), 0)
	if err != nil {
		return nil, err
	}
	if skipWS(b, end) != int(v.end) {
		return nil, errSyntax
	}
	return x, nil
}

func decodeAt(b []byte, i, depth int) (any, int, error) {
	if depth > maxDepth {
		return nil, 0, errSyntax
	}
	i = skipWS(b, i)
	if i >= len(b) {
		return nil, 0, errSyntax
	}
	switch c := b[i]; {
	case c == '{':
		m := map[string]any{}
		i = skipWS(b, i+1)
		if i < len(b) && b[i] == '}' {
			return m, i + 1, nil
		}
		for {
			if i >= len(b) || b[i] != '"' {
				return nil, 0, errSyntax
			}
			ke, err := skipString(b, i)
			if err != nil {
				return nil, 0, err
			}
			k, ok := str(b, span(i, ke))
			if !ok {
				return nil, 0, errSyntax
			}
			i = skipWS(b, ke)
			if i >= len(b) || b[i] != ':' {
				return nil, 0, errSyntax
			}
			x, e, err := decodeAt(b, i+1, depth+1)
			if err != nil {
				return nil, 0, err
			}
			m[k] = x
			i = skipWS(b, e)
			if i >= len(b) {
				return nil, 0, errSyntax
			}
			if b[i] == '}' {
				return m, i + 1, nil
			}
			if b[i] != ',' {
				return nil, 0, errSyntax
			}
			i = skipWS(b, i+1)
		}
	case c == '[':
		a := []any{}
		i = skipWS(b, i+1)
		if i < len(b) && b[i] == ']' {
			return a, i + 1, nil
		}
		for {
			x, e, err := decodeAt(b, i, depth+1)
			if err != nil {
				return nil, 0, err
			}
			a = append(a, x)
			i = skipWS(b, e)
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
		e, err := skipString(b, i)
		if err != nil {
			return nil, 0, err
		}
		s, esc, _ := rawStr(b, span(i, e))
		if hasControl(s) {
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
		e, err := skipLit(b, i, "true")
		return true, e, err
	case c == 'f':
		e, err := skipLit(b, i, "false")
		return false, e, err
	case c == 'n':
		e, err := skipLit(b, i, "null")
		return nil, e, err
	default:
		e, err := skipNumber(b, i)
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

// hasControl reports a raw control character, which JSON forbids inside
// strings.
func hasControl(s []byte) bool {
	for _, c := range s {
		if c < 0x20 {
			return true
		}
	}
	return false
}
