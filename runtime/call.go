package runtime

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/chalice-go/chalice"
	"github.com/chalice-go/chalice/internal/hook"
)

// Call is one HTTP invocation as the generated wrappers see it. It decodes
// the event lazily: a typed handler that only takes captures never pays for
// headers, the request context or the full chalice.Request.
//
// A Call lives for one invocation. Its strings may share memory with the
// runtime's private copy of the event; they stay valid (and immutable) for
// as long as the handler keeps them.
type Call struct {
	app *App
	ix  *index
	ev  event
	ri  *routeInfo
	v2  bool

	method string
	path   string // request path without the stage (percent-encoded for 2.0 events)

	caps   []string // capture values in path order
	capBuf [4]string

	hdrScanned            bool
	ctype, accept, origin string

	bodyDone bool
	body     []byte

	// cctx is the handler's context: the caller's plus this Call, found by
	// chalice.CurrentRequest without a context.WithValue allocation.
	cctx callCtx

	reqOnce sync.Once
	req     *chalice.Request
	// viaMW is set while HTTP middleware runs: it may replace the request,
	// so captures, body and headers are read from c.req from then on.
	viaMW bool
}

// Param returns the i-th path capture of the matched route (path order),
// URL-decoded as API Gateway delivers it.
func (c *Call) Param(i int) string {
	if c.viaMW && c.req != nil && c.ri != nil && i >= 0 && i < len(c.ri.entry.caps) {
		if v, ok := c.req.URIParams[c.ri.entry.caps[i]]; ok {
			return v
		}
	}
	if i < 0 || i >= len(c.caps) {
		return ""
	}
	return c.caps[i]
}

// Body returns the request body, base64-decoded when the event flags it.
// A body flagged base64 that does not decode is returned as nil.
func (c *Call) Body() []byte {
	if c.viaMW && c.req != nil {
		return c.req.RawBody
	}
	if !c.bodyDone {
		c.bodyDone = true
		b, ok := c.ev.bodyBytes()
		if ok && isTrue(c.ev.b, c.ev.isB64) {
			d := make([]byte, base64.StdEncoding.DecodedLen(len(b)))
			n, err := base64.StdEncoding.Decode(d, b)
			if err != nil {
				// Some clients drop the padding; accept that too.
				n, err = base64.RawStdEncoding.Decode(d, bytes.TrimRight(b, "="))
			}
			if err != nil {
				b = nil
			} else {
				b = d[:n]
			}
		}
		c.body = b
	}
	return c.body
}

// Request returns the fully decoded request (decoded once, then cached).
func (c *Call) Request() *chalice.Request {
	c.reqOnce.Do(func() {
		if c.req == nil {
			c.req = c.materialize()
		}
	})
	return c.req
}

// FullRequest implements hook.Invocation for chalice.CurrentRequest.
func (c *Call) FullRequest() any { return c.Request() }

// errParsingJSON is Chalice's answer to a body that is not valid JSON.
var errParsingJSON = chalice.BadRequestError("Error Parsing JSON")

// DecodeJSON decodes the body into v; an empty or malformed body is a
// chalice.BadRequestError.
func (c *Call) DecodeJSON(v any) error {
	b := c.Body()
	if len(bytes.TrimSpace(b)) == 0 {
		return errParsingJSON
	}
	if err := json.Unmarshal(b, v); err != nil {
		return errParsingJSON
	}
	return nil
}

// QueryParam returns the last value of query parameter name without
// decoding the whole request; ok is false when it is absent.
func (c *Call) QueryParam(name string) (string, bool) {
	if c.req != nil {
		vs := c.req.QueryParams[name]
		if len(vs) == 0 {
			return "", false
		}
		return vs[len(vs)-1], true
	}
	return c.queryParam(name)
}

// Header returns request header name (matched case-insensitively) without
// decoding the whole request; ok is false when it is absent.
func (c *Call) Header(name string) (string, bool) {
	if c.req != nil {
		v, ok := c.req.Headers[lowerASCII(name)]
		return v, ok
	}
	return c.ev.findHeader(lowerASCII(name))
}

// Method is the request's HTTP method.
func (c *Call) Method() string { return c.method }

// BadParam is the error a wrapper returns when capture name's raw value does
// not parse as the parameter's type: a 400 BadRequestError.
func BadParam(name, raw string, err error) error {
	return chalice.BadRequestError(fmt.Sprintf("Invalid value for path parameter %s: %q", name, raw))
}

// compile-time check that the context accessors can reach a Call.
var _ interface {
	FullRequest() any
	QueryParam(string) (string, bool)
	Header(string) (string, bool)
} = (*Call)(nil)

// callCtx is a context.Context carrying a Call under hook.Key.
type callCtx struct {
	context.Context
	c *Call
}

func (x *callCtx) Value(key any) any {
	if key == hook.Key {
		return x.c
	}
	return x.Context.Value(key)
}

// context returns parent extended with c.
func (c *Call) context(parent context.Context) context.Context {
	c.cctx = callCtx{parent, c}
	return &c.cctx
}
