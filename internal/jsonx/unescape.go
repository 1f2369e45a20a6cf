package jsonx

import (
	"encoding/binary"
	"unicode/utf16"
	"unicode/utf8"
)

// Unescape appends the decoded contents of a JSON string body s (between
// the quotes) to dst. A malformed escape is ErrSyntax; lone surrogates
// become U+FFFD, as encoding/json does. Other bytes are copied as they are
// (invalid UTF-8 included; see ScanString for what is not checked).
//
// dst may be s[:0]: every escape is longer than what it decodes to and
// each one is read before its result is written, so decoding in place is
// safe.
func Unescape(dst, s []byte) ([]byte, error) {
	for i := 0; i < len(s); {
		if s[i] != '\\' {
			// Copy up to the next escape: eight bytes at a time while none
			// of them is a backslash (one load, one store), then byte by
			// byte. Runs are short in JSON bodies (a quote is escaped every
			// few bytes), where appending whole runs (a memmove each)
			// costs more than this.
			for i+8 <= len(s) {
				x := binary.LittleEndian.Uint64(s[i:])
				if t := x ^ (lo7 * '\\'); (t-lo7)&^t&hi7 != 0 {
					break
				}
				dst = binary.LittleEndian.AppendUint64(dst, x)
				i += 8
			}
			for i < len(s) && s[i] != '\\' {
				dst = append(dst, s[i])
				i++
			}
			continue
		}
		if i+1 >= len(s) {
			return nil, ErrSyntax
		}
		switch s[i+1] {
		case '"', '\\', '/':
			dst = append(dst, s[i+1])
		case 'b':
			dst = append(dst, '\b')
		case 'f':
			dst = append(dst, '\f')
		case 'n':
			dst = append(dst, '\n')
		case 'r':
			dst = append(dst, '\r')
		case 't':
			dst = append(dst, '\t')
		case 'u':
			r, ok := Hex4(s, i+2)
			if !ok {
				return nil, ErrSyntax
			}
			i += 6
			if utf16.IsSurrogate(r) {
				if r2, ok := Hex4(s, i+2); ok && i+1 < len(s) && s[i] == '\\' && s[i+1] == 'u' {
					if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
						dst = utf8.AppendRune(dst, dec)
						i += 6
						continue
					}
				}
				r = utf8.RuneError
			}
			dst = utf8.AppendRune(dst, r)
			continue
		default:
			return nil, ErrSyntax
		}
		i += 2
	}
	return dst, nil
}

// Hex4 decodes the four hex digits of a \u escape at s[i:i+4].
func Hex4(s []byte, i int) (rune, bool) {
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
