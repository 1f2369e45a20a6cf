package jsonx

import (
	"math/bits"
	"unicode/utf8"
)

// AppendString appends s as a JSON string: the bytes encoding/json writes
// with SetEscapeHTML(false) (see AppendEscaped).
func AppendString[S string | []byte](b []byte, s S) []byte {
	b = append(b, '"')
	b = AppendEscaped(b, s)
	return append(b, '"')
}

// safe marks the ASCII bytes that need no escaping inside a JSON string.
var safe = func() (t [utf8.RuneSelf]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

const hexDigits = "0123456789abcdef"

// AppendEscaped appends the JSON-escaped contents of s (no quotes), as
// encoding/json escapes them: control characters as \n, \r, \t, \b, \f or
// \u00XX, invalid UTF-8 as \ufffd (one per bad byte), U+2028 and U+2029
// escaped so the output is also valid JavaScript. HTML characters are left
// alone.
func AppendEscaped[S string | []byte](b []byte, s S) []byte {
	start := 0
	for i := 0; i < len(s); {
		// Skip eight plain bytes at a time (no control byte, quote,
		// backslash or non-ASCII byte among them), and go straight to the
		// first one that is not: the lowest flagged byte is exact.
		for i+8 <= len(s) {
			x := load64(s, i)
			q := x ^ (lo7 * '"')
			bs := x ^ (lo7 * '\\')
			if m := ((x - lo7*0x20) | (q-lo7)&^q | (bs-lo7)&^bs | x) & hi7; m != 0 {
				i += bits.TrailingZeros64(m) >> 3
				break
			}
			i += 8
		}
		if i >= len(s) {
			break
		}
		c := s[i]
		if c < utf8.RuneSelf {
			if safe[c] {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := decodeRune(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i++
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	return append(b, s[start:]...)
}

// load64 reads s[i:i+8] little-endian; the compiler merges the byte loads.
func load64[S string | []byte](s S, i int) uint64 {
	_ = s[i+7]
	return uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
		uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
}

func decodeRune[S string | []byte](s S) (rune, int) {
	switch v := any(s).(type) {
	case string:
		return utf8.DecodeRuneInString(v)
	case []byte:
		return utf8.DecodeRune(v)
	}
	return utf8.RuneError, 1
}
