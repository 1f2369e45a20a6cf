// Package jsonx holds the JSON primitives the Lambda runtime (package
// runtime) and the API Gateway emulation (runtime/apigw) share: a scanner
// that finds where a value ends without building anything, string
// unescaping, and string escaping for hand-written JSON output.
//
// It is a leaf package (standard library only): runtime/apigw must not
// import package runtime, whose local-server files import apigw.
//
// Nothing here writes to the input: it may be a Lambda payload the caller
// must not modify. Malformed input yields an error, never a panic.
package jsonx

import (
	"encoding/binary"
	"errors"
	"math/bits"
)

// ErrSyntax is returned for any malformed JSON.
var ErrSyntax = errors.New("malformed JSON")

// MaxDepth bounds nesting, so hostile input cannot exhaust memory through
// SkipContainer's bracket stack or a caller's recursion.
const MaxDepth = 1000

// SWAR constants: a byte of ones and the high bit of every byte.
const (
	lo7 = 0x0101010101010101
	hi7 = 0x8080808080808080
)

// IsSpace reports JSON whitespace.
func IsSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\r' || c == '\t' }

// SkipSpace returns the offset of the first byte at or after i that is not
// whitespace (len(b) if there is none).
func SkipSpace(b []byte, i int) int {
	for i < len(b) && IsSpace(b[i]) {
		i++
	}
	return i
}

// SkipString returns the offset just past the string starting at
// b[i] == '"'.
func SkipString(b []byte, i int) (int, error) {
	e, _, err := ScanString(b, i)
	return e, err
}

// ScanString returns the offset just past the string starting at
// b[i] == '"' and whether the string has escapes. It finds the closing
// quote only: the escapes and the absence of control characters are
// checked by whoever decodes the contents (Unescape, HasControl). It tests
// eight bytes per step (SWAR) for a quote or a backslash: JSON strings are
// mostly short, where a call to bytes.IndexByte per string costs more than
// this.
func ScanString(b []byte, i int) (end int, esc bool, err error) {
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
		return 0, false, ErrSyntax
	hit:
		if b[j] == '"' {
			return j + 1, esc, nil
		}
		esc = true
		j += 2 // a backslash escapes the next byte
		if j > len(b) {
			return 0, false, ErrSyntax
		}
	}
}

// SkipValue returns the offset just past the value starting at b[i] (no
// leading whitespace). Scalars are checked strictly; the inside of an
// object or array only for balanced brackets and terminated strings (see
// SkipContainer).
func SkipValue(b []byte, i int) (int, error) {
	if i >= len(b) {
		return 0, ErrSyntax
	}
	switch c := b[i]; c {
	case '"':
		return SkipString(b, i)
	case '{', '[':
		return SkipContainer(b, i)
	case 't':
		return SkipLiteral(b, i, "true")
	case 'f':
		return SkipLiteral(b, i, "false")
	case 'n':
		return SkipLiteral(b, i, "null")
	default:
		if c == '-' || (c >= '0' && c <= '9') {
			return SkipNumber(b, i)
		}
		return 0, ErrSyntax
	}
}

// SkipLiteral returns the offset just past lit (true, false or null) at
// b[i].
func SkipLiteral(b []byte, i int, lit string) (int, error) {
	if len(b)-i >= len(lit) && string(b[i:i+len(lit)]) == lit {
		return i + len(lit), nil
	}
	return 0, ErrSyntax
}

// SkipNumber returns the offset just past the number at b[i], checking the
// JSON number grammar.
func SkipNumber(b []byte, i int) (int, error) {
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
		return 0, ErrSyntax
	}
	if j < len(b) && b[j] == '.' {
		j++
		k := j
		for j < len(b) && b[j] >= '0' && b[j] <= '9' {
			j++
		}
		if j == k {
			return 0, ErrSyntax
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
			return 0, ErrSyntax
		}
	}
	return j, nil
}

// SkipContainer skips the object or array at b[i], matching bracket kinds,
// nested at most MaxDepth deep.
func SkipContainer(b []byte, i int) (int, error) {
	var stack [64]byte // closers; deeper nesting spills to a slice
	st := stack[:0]
outer:
	for i < len(b) {
		switch c := b[i]; c {
		case '"':
			// ScanString, inlined: this loop runs for every string of the
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
			return 0, ErrSyntax
		case '{':
			st = append(st, '}')
		case '[':
			st = append(st, ']')
		case '}', ']':
			if len(st) == 0 || st[len(st)-1] != c {
				return 0, ErrSyntax
			}
			st = st[:len(st)-1]
			if len(st) == 0 {
				return i + 1, nil
			}
		}
		if len(st) > MaxDepth {
			return 0, ErrSyntax
		}
		i++
	}
	return 0, ErrSyntax
}

// HasControl reports a raw control character, which JSON forbids inside
// strings.
func HasControl(s []byte) bool {
	for _, c := range s {
		if c < 0x20 {
			return true
		}
	}
	return false
}
