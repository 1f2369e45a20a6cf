package apigw

import (
	"encoding/base64"
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/chalice-go/chalice/internal/jsonx"
)

// proxyResponse is a decoded Lambda proxy integration answer.
type proxyResponse struct {
	status  int
	headers []header   // "headers"
	multi   []mvHeader // "multiValueHeaders" (payload 1.0)
	cookies []string   // "cookies" (payload 2.0)
	body    []byte
	b64     bool
	// sawStatus reports a statusCode member: a 2.0 answer without one is
	// the body itself (decodeV2Response).
	sawStatus bool
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
	return decodeInto(out, pr, false)
}

// decodeInto decodes a 1.0 (v2 false) or 2.0 proxy answer.
func decodeInto(out []byte, pr *proxyResponse, v2 bool) (*proxyResponse, error) {
	d := decoder{b: out, v2: v2}
	*pr = proxyResponse{headers: pr.headers[:0], multi: pr.multi[:0], cookies: pr.cookies[:0]}
	d.ws()
	if !d.object(func(key string) bool { return d.field(pr, key) }) {
		return nil, errSyntax
	}
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

// proxyFields are the members of a proxy response API Gateway reads.
var proxyFields = [...]string{"statusCode", "headers", "multiValueHeaders", "body", "isBase64Encoded", "cookies"}

// fieldName maps a key to the field it sets, matching case-insensitively
// as encoding/json does ("" for other keys).
func fieldName(key string) string {
	for _, f := range proxyFields {
		if key == f {
			return f
		}
	}
	for _, f := range proxyFields {
		if strings.EqualFold(key, f) {
			return f
		}
	}
	return ""
}

// field reads the value of the top-level member key into pr.
func (d *decoder) field(pr *proxyResponse, key string) bool {
	switch fieldName(key) {
	case "statusCode":
		if d.literal("null") {
			return true
		}
		n, ok := d.integer()
		pr.status, pr.sawStatus = n, true
		return ok
	case "headers":
		return d.stringMap(pr)
	case "multiValueHeaders":
		if d.v2 {
			return d.skip(0) // not part of payload 2.0
		}
		return d.multiMap(pr)
	case "cookies":
		if !d.v2 {
			return d.skip(0)
		}
		if d.literal("null") {
			pr.cookies = pr.cookies[:0]
			return true
		}
		return d.array(func() bool {
			v, ok := d.str()
			pr.cookies = append(pr.cookies, v)
			return ok
		})
	case "body":
		if d.literal("null") {
			pr.body = nil
			return true
		}
		b, ok := d.stringBytes()
		pr.body = b
		return ok
	case "isBase64Encoded":
		switch {
		case d.literal("true"):
			pr.b64 = true
		case d.literal("false"):
			pr.b64 = false
		case d.literal("null"): // leaves the value as is, as encoding/json does
		default:
			return false
		}
		return true
	default:
		return d.skip(0)
	}
}

// decoder reads JSON strictly: anything encoding/json would reject fails.
type decoder struct {
	b  []byte
	i  int
	v2 bool // a payload 2.0 answer: cookies, no multiValueHeaders
}

func (d *decoder) ws() { d.i = jsonx.SkipSpace(d.b, d.i) }

func (d *decoder) consume(c byte) bool {
	if d.i < len(d.b) && d.b[d.i] == c {
		d.i++
		return true
	}
	return false
}

func (d *decoder) literal(lit string) bool {
	e, err := jsonx.SkipLiteral(d.b, d.i, lit)
	if err != nil {
		return false
	}
	d.i = e
	return true
}

// object reads {"key": value, ...}, calling member for each key with d at
// the value, which member reads.
func (d *decoder) object(member func(key string) bool) bool {
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
		if !member(k) {
			return false
		}
		d.ws()
		if d.consume(',') {
			continue
		}
		return d.consume('}')
	}
}

// array reads [value, ...], calling elem with d at each value, which elem
// reads.
func (d *decoder) array(elem func() bool) bool {
	if !d.consume('[') {
		return false
	}
	d.ws()
	if d.consume(']') {
		return true
	}
	for {
		d.ws()
		if !elem() {
			return false
		}
		d.ws()
		if d.consume(',') {
			continue
		}
		return d.consume(']')
	}
}

// scanString reads a string token and returns its raw contents (between
// the quotes, escapes not decoded), checking its syntax. esc reports
// escapes, valid that the contents are valid UTF-8 (escapes decode to
// whole runes, so the decoded string then is valid too).
func (d *decoder) scanString() (raw []byte, esc, valid, ok bool) {
	if !d.consume('"') {
		return nil, false, false, false
	}
	start := d.i
	ascii := true
	for d.i < len(d.b) {
		c := d.b[d.i]
		switch {
		case c == '"':
			raw = d.b[start:d.i]
			d.i++
			return raw, esc, ascii || utf8.Valid(raw), true
		case c == '\\':
			esc = true
			d.i++
			if d.i >= len(d.b) {
				return nil, false, false, false
			}
			switch d.b[d.i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				d.i++
			case 'u':
				if _, ok := jsonx.Hex4(d.b, d.i+1); !ok {
					return nil, false, false, false
				}
				d.i += 5
			default:
				return nil, false, false, false
			}
		case c < 0x20:
			return nil, false, false, false
		default:
			if c >= utf8.RuneSelf {
				ascii = false
			}
			d.i++
		}
	}
	return nil, false, false, false
}

// stringBytes reads a string value as bytes, decoded as encoding/json
// decodes it; contents that need no decoding alias the input.
func (d *decoder) stringBytes() ([]byte, bool) {
	raw, esc, valid, ok := d.scanString()
	if !ok {
		return nil, false
	}
	if !esc && valid {
		return raw, true
	}
	b := raw
	if esc {
		var err error
		if b, err = jsonx.Unescape(make([]byte, 0, len(raw)), raw); err != nil {
			return nil, false
		}
	}
	if !valid {
		// encoding/json replaces each byte of invalid UTF-8 with U+FFFD.
		fixed := make([]byte, 0, len(b)+2*utf8.UTFMax)
		for i := 0; i < len(b); {
			r, size := utf8.DecodeRune(b[i:])
			fixed = utf8.AppendRune(fixed, r)
			i += size
		}
		b = fixed
	}
	return b, true
}

// str reads a string value (see stringBytes).
func (d *decoder) str() (string, bool) {
	b, ok := d.stringBytes()
	return unsafe.String(unsafe.SliceData(b), len(b)), ok
}

// strOrNull reads a string value or null, which is left as "" (as
// encoding/json leaves a string it decodes null into).
func (d *decoder) strOrNull() (string, bool) {
	if d.literal("null") {
		return "", true
	}
	return d.str()
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
	e, err := jsonx.SkipNumber(d.b, d.i)
	if err != nil {
		return false
	}
	d.i = e
	return true
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
		_, _, _, ok := d.scanString()
		return ok
	case c == '{':
		return d.object(func(string) bool { return d.skip(depth + 1) })
	case c == '[':
		return d.array(func() bool { return d.skip(depth + 1) })
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
	return d.object(func(k string) bool {
		v, ok := d.strOrNull()
		pr.headers = append(pr.headers, header{k, v})
		return ok
	})
}

// multiMap reads {"k": ["v" | null, ...] | null, ...} into pr.multi; null
// clears it.
func (d *decoder) multiMap(pr *proxyResponse) bool {
	if d.literal("null") {
		pr.multi = nil
		return true
	}
	return d.object(func(k string) bool {
		var vs []string
		if !d.literal("null") && !d.array(func() bool {
			v, ok := d.strOrNull()
			vs = append(vs, v)
			return ok
		}) {
			return false
		}
		pr.multi = append(pr.multi, mvHeader{k, vs})
		return true
	})
}
