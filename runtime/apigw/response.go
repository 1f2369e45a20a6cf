package apigw

import (
	"encoding/base64"
	"errors"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"
)

// proxyResponse is a decoded Lambda proxy integration answer.
type proxyResponse struct {
	status  int
	headers []header   // "headers"
	multi   []mvHeader // "multiValueHeaders"
	body    []byte
	b64     bool
}

type header struct{ k, v string }

type mvHeader struct {
	k  string
	vs []string
}

var errSyntax = errors.New("apigw: malformed proxy response")

// decodeProxyResponse parses the function's answer as API Gateway does: a
// JSON object with statusCode, headers, multiValueHeaders, body and
// isBase64Encoded (other keys ignored, key case ignored as encoding/json
// does). Any deviation is an error, which the gateway answers with 502.
//
// Strings alias out when they need no unescaping: the caller owns out and
// never writes to it again.
func decodeProxyResponse(out []byte) (*proxyResponse, error) {
	return decodeProxyResponseInto(out, &proxyResponse{})
}

// decodeProxyResponseInto is decodeProxyResponse reusing pr's slices.
func decodeProxyResponseInto(out []byte, pr *proxyResponse) (*proxyResponse, error) {
	d := decoder{b: out}
	*pr = proxyResponse{headers: pr.headers[:0], multi: pr.multi[:0]}
	d.ws()
	if !d.consume('{') {
		return nil, errSyntax
	}
	d.ws()
	if d.consume('}') {
		return finish(&d, pr)
	}
	for {
		d.ws()
		key, ok := d.rawString()
		if !ok {
			return nil, errSyntax
		}
		d.ws()
		if !d.consume(':') {
			return nil, errSyntax
		}
		d.ws()
		switch field(key) {
		case "statusCode":
			if d.literal("null") {
				break
			}
			n, ok := d.integer()
			if !ok {
				return nil, errSyntax
			}
			pr.status = n
		case "headers":
			if !d.stringMap(pr) {
				return nil, errSyntax
			}
		case "multiValueHeaders":
			if !d.multiMap(pr) {
				return nil, errSyntax
			}
		case "body":
			if d.literal("null") {
				pr.body = nil
				break
			}
			b, ok := d.stringBytes()
			if !ok {
				return nil, errSyntax
			}
			pr.body = b
		case "isBase64Encoded":
			switch {
			case d.literal("true"):
				pr.b64 = true
			case d.literal("false"):
				pr.b64 = false
			case d.literal("null"): // leaves the value as is, as encoding/json does
			default:
				return nil, errSyntax
			}
		default:
			if !d.skip(0) {
				return nil, errSyntax
			}
		}
		d.ws()
		if d.consume(',') {
			continue
		}
		if d.consume('}') {
			return finish(&d, pr)
		}
		return nil, errSyntax
	}
}

func finish(d *decoder, pr *proxyResponse) (*proxyResponse, error) {
	d.ws()
	if d.i != len(d.b) {
		return nil, errSyntax
	}
	if pr.status == 0 {
		pr.status = 200
	}
	if pr.b64 && pr.body != nil {
		dst := make([]byte, base64.StdEncoding.DecodedLen(len(pr.body)))
		n, err := base64.StdEncoding.Decode(dst, pr.body)
		if err != nil {
			return nil, err
		}
		pr.body = dst[:n]
	}
	return pr, nil
}

// field maps a raw key to the field it sets, matching case-insensitively
// as encoding/json does.
func field(raw []byte) string {
	for _, f := range [...]string{"statusCode", "headers", "multiValueHeaders", "body", "isBase64Encoded"} {
		if string(raw) == f {
			return f
		}
	}
	k := unescapeString(raw)
	for _, f := range [...]string{"statusCode", "headers", "multiValueHeaders", "body", "isBase64Encoded"} {
		if strings.EqualFold(k, f) {
			return f
		}
	}
	return ""
}

type decoder struct {
	b []byte
	i int
}

func (d *decoder) ws() {
	for d.i < len(d.b) {
		switch d.b[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

func (d *decoder) consume(c byte) bool {
	if d.i < len(d.b) && d.b[d.i] == c {
		d.i++
		return true
	}
	return false
}

func (d *decoder) literal(lit string) bool {
	if len(d.b)-d.i >= len(lit) && string(d.b[d.i:d.i+len(lit)]) == lit {
		d.i += len(lit)
		return true
	}
	return false
}

// rawString reads a string token and returns its raw contents (between the
// quotes, escapes not decoded), checking its syntax.
func (d *decoder) rawString() ([]byte, bool) {
	raw, _, ok := d.scanString()
	return raw, ok
}

// scanString reads a string token; clean reports contents that need no
// decoding (no escapes, valid UTF-8).
func (d *decoder) scanString() (raw []byte, clean, ok bool) {
	if !d.consume('"') {
		return nil, false, false
	}
	start := d.i
	clean = true
	ascii := true
	for d.i < len(d.b) {
		c := d.b[d.i]
		switch {
		case c == '"':
			raw = d.b[start:d.i]
			d.i++
			if !ascii && clean {
				clean = utf8.Valid(raw)
			}
			return raw, clean, true
		case c == '\\':
			clean = false
			d.i++
			if d.i >= len(d.b) {
				return nil, false, false
			}
			switch d.b[d.i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				d.i++
			case 'u':
				if len(d.b)-d.i < 5 {
					return nil, false, false
				}
				for _, h := range d.b[d.i+1 : d.i+5] {
					if unhex(h) < 0 {
						return nil, false, false
					}
				}
				d.i += 5
			default:
				return nil, false, false
			}
		case c < 0x20:
			return nil, false, false
		default:
			if c >= utf8.RuneSelf {
				ascii = false
			}
			d.i++
		}
	}
	return nil, false, false
}

// str reads a string value; clean strings alias the input.
func (d *decoder) str() (string, bool) {
	raw, clean, ok := d.scanString()
	if !ok {
		return "", false
	}
	if clean {
		return unsafe.String(unsafe.SliceData(raw), len(raw)), true
	}
	return unescapeString(raw), true
}

// stringBytes reads a string value as bytes; clean strings alias the input.
func (d *decoder) stringBytes() ([]byte, bool) {
	raw, clean, ok := d.scanString()
	if !ok {
		return nil, false
	}
	if clean {
		return raw, true
	}
	return unescape(make([]byte, 0, len(raw)), raw), true
}

func unescapeString(raw []byte) string {
	b := unescape(make([]byte, 0, len(raw)), raw)
	return unsafe.String(unsafe.SliceData(b), len(b))
}

func unhex(c byte) rune {
	switch {
	case '0' <= c && c <= '9':
		return rune(c - '0')
	case 'a' <= c && c <= 'f':
		return rune(c - 'a' + 10)
	case 'A' <= c && c <= 'F':
		return rune(c - 'A' + 10)
	}
	return -1
}

func hex4(s []byte) rune {
	if len(s) < 4 {
		return -1
	}
	var r rune
	for _, c := range s[:4] {
		v := unhex(c)
		if v < 0 {
			return -1
		}
		r = r<<4 | v
	}
	return r
}

// unescape decodes the raw contents of a syntactically valid JSON string
// the way encoding/json does (bad surrogates and invalid UTF-8 become
// U+FFFD).
func unescape(b, raw []byte) []byte {
	for i := 0; i < len(raw); {
		c := raw[i]
		switch {
		case c == '\\':
			i++
			switch raw[i] {
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				r := hex4(raw[i+1:])
				i += 5
				if utf16.IsSurrogate(r) {
					r2 := rune(-1)
					if i+1 < len(raw) && raw[i] == '\\' && raw[i+1] == 'u' {
						r2 = hex4(raw[i+2:])
					}
					if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
						i += 6
						r = dec
					} else {
						r = utf8.RuneError
					}
				}
				b = utf8.AppendRune(b, r)
				continue
			default: // " \ /
				b = append(b, raw[i])
			}
			i++
		case c < utf8.RuneSelf:
			b = append(b, c)
			i++
		default:
			r, size := utf8.DecodeRune(raw[i:])
			i += size
			b = utf8.AppendRune(b, r)
		}
	}
	return b
}

// integer reads a JSON number that must be an integer fitting an int, as
// encoding/json requires to decode into one.
func (d *decoder) integer() (int, bool) {
	start := d.i
	if !d.number() {
		return 0, false
	}
	n, err := strconv.Atoi(string(d.b[start:d.i]))
	return n, err == nil
}

// number reads a JSON number token.
func (d *decoder) number() bool {
	start := d.i
	d.consume('-')
	switch {
	case d.consume('0'):
	case d.i < len(d.b) && d.b[d.i] >= '1' && d.b[d.i] <= '9':
		d.digits()
	default:
		d.i = start
		return false
	}
	if d.consume('.') {
		if d.digits() == 0 {
			return false
		}
	}
	if d.consume('e') || d.consume('E') {
		if !d.consume('+') {
			d.consume('-')
		}
		if d.digits() == 0 {
			return false
		}
	}
	return true
}

func (d *decoder) digits() int {
	n := 0
	for d.i < len(d.b) && d.b[d.i] >= '0' && d.b[d.i] <= '9' {
		d.i++
		n++
	}
	return n
}

// maxDepth bounds the nesting skip follows (encoding/json's limit).
const maxDepth = 10000

// skip reads over any JSON value, checking its syntax.
func (d *decoder) skip(depth int) bool {
	if depth > maxDepth || d.i >= len(d.b) {
		return false
	}
	switch c := d.b[d.i]; {
	case c == '"':
		_, ok := d.rawString()
		return ok
	case c == '{':
		d.i++
		d.ws()
		if d.consume('}') {
			return true
		}
		for {
			d.ws()
			if _, ok := d.rawString(); !ok {
				return false
			}
			d.ws()
			if !d.consume(':') {
				return false
			}
			d.ws()
			if !d.skip(depth + 1) {
				return false
			}
			d.ws()
			if d.consume(',') {
				continue
			}
			return d.consume('}')
		}
	case c == '[':
		d.i++
		d.ws()
		if d.consume(']') {
			return true
		}
		for {
			d.ws()
			if !d.skip(depth + 1) {
				return false
			}
			d.ws()
			if d.consume(',') {
				continue
			}
			return d.consume(']')
		}
	case c == 't':
		return d.literal("true")
	case c == 'f':
		return d.literal("false")
	case c == 'n':
		return d.literal("null")
	default:
		return d.number()
	}
}

// stringMap reads {"k": "v" | null, ...} into pr.headers; null clears
// them (encoding/json semantics, repeated keys included).
func (d *decoder) stringMap(pr *proxyResponse) bool {
	if d.literal("null") {
		pr.headers = nil
		return true
	}
	if !d.consume('{') {
		return false
	}
	d.ws()
	if d.consume('}') {
		return true
	}
	for {
		d.ws()
		k, ok := d.str()
		if !ok {
			return false
		}
		d.ws()
		if !d.consume(':') {
			return false
		}
		d.ws()
		var v string
		if !d.literal("null") {
			if v, ok = d.str(); !ok {
				return false
			}
		}
		pr.headers = append(pr.headers, header{k, v})
		d.ws()
		if d.consume(',') {
			continue
		}
		return d.consume('}')
	}
}

// multiMap reads {"k": ["v", ...] | null, ...} into pr.multi; null
// clears it.
func (d *decoder) multiMap(pr *proxyResponse) bool {
	if d.literal("null") {
		pr.multi = nil
		return true
	}
	if !d.consume('{') {
		return false
	}
	d.ws()
	if d.consume('}') {
		return true
	}
	for {
		d.ws()
		k, ok := d.str()
		if !ok {
			return false
		}
		d.ws()
		if !d.consume(':') {
			return false
		}
		d.ws()
		var vs []string
		if !d.literal("null") {
			if !d.consume('[') {
				return false
			}
			d.ws()
			if !d.consume(']') {
				for {
					d.ws()
					var v string
					if !d.literal("null") {
						if v, ok = d.str(); !ok {
							return false
						}
					}
					vs = append(vs, v)
					d.ws()
					if d.consume(',') {
						continue
					}
					if !d.consume(']') {
						return false
					}
					break
				}
			}
		}
		pr.multi = append(pr.multi, mvHeader{k, vs})
		d.ws()
		if d.consume(',') {
			continue
		}
		return d.consume('}')
	}
}
