package runtime

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/chalice-go/chalice"
	"github.com/chalice-go/chalice/internal/hook"
	"github.com/chalice-go/chalice/internal/jsonx"
)

// Call is one HTTP invocation as the generated wrappers see it. It decodes
// the event lazily: a typed handler that only takes captures never pays for
// headers, the request context or the full chalice.Request.
//
// The event is read in place, in the payload App.Invoke was given, which
// the caller may reuse once Invoke returns. So whatever a Call hands out is
// the handler's to keep: captures, query parameters, headers and the method
// are copies (small ones into the Call itself), Body is a fresh slice, and
// Request decodes from a private copy of the payload. A Call lives for one
// invocation: its accessors must not be used after the handler returned
// (what they returned stays valid).
type Call struct {
	app *App
	ix  *index
	ev  event
	ri  *routeInfo

	method string
	path   string // request path without the stage (percent-encoded for 2.0 events); may alias the payload

	caps   []string // capture values in path order, owned (see keepCaps)
	capBuf [4]string

	body []byte

	// cctx is the handler's context: the caller's plus this Call, found by
	// chalice.CurrentRequest without a context.WithValue allocation.
	cctx callCtx

	reqOnce sync.Once
	req     *chalice.Request

	// keepBuf holds the copies of short strings handed to the handler
	// (captures, query parameters, headers), so they cost no allocation.
	// Regions are reserved atomically and never rewritten, so goroutines
	// the handler started (chalice.QueryParam) never share one.
	keepN   atomic.Int32
	keepBuf [keepSize]byte

	v2       bool
	bodyDone bool
	// viaMW is set while HTTP middleware runs: it may replace the request,
	// so captures, body and headers are read from c.req from then on.
	viaMW bool
}

// keepSize is the Call's room for copied strings; longer ones (and those
// past it) are allocated. With it the Call stays within 512 bytes, the
// largest allocation the Go runtime serves without a type header.
const keepSize = 64

// keep returns s as a string the handler may keep: s itself when it does
// not alias the caller's payload (a constant, decoded or private copy),
// else a copy.
func (c *Call) keep(s string) string {
	if s == "" || c.ev.owned || !c.aliasesPayload(s) {
		return s
	}
	n := int32(len(s))
	if n <= keepSize {
		if end := c.keepN.Add(n); end <= keepSize {
			dst := c.keepBuf[end-n : end : end]
			copy(dst, s)
			return aliasString(dst)
		}
	}
	return strings.Clone(s)
}

// aliasesPayload reports whether s points into the caller's payload.
func (c *Call) aliasesPayload(s string) bool {
	b := c.ev.b
	if c.ev.owned || len(b) == 0 || len(s) == 0 {
		return false
	}
	p := uintptr(unsafe.Pointer(unsafe.StringData(s)))
	base := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	return p >= base && p < base+uintptr(len(b))
}

// keepCaps makes the captures the handler's own before it runs.
func (c *Call) keepCaps() {
	for i, s := range c.caps {
		c.caps[i] = c.keep(s)
	}
}

// detach switches the event to a private copy of the payload, for the
// full request (whose many strings then alias the copy instead of being
// copied one by one). Spans are offsets, so they stay valid.
func (c *Call) detach() {
	if c.ev.owned {
		return
	}
	old := c.ev.b
	nb := bytes.Clone(old)
	rebase := func(s string) string {
		if !c.aliasesPayload(s) {
			return s
		}
		off := uintptr(unsafe.Pointer(unsafe.StringData(s))) - uintptr(unsafe.Pointer(unsafe.SliceData(old)))
		return aliasString(nb[off : int(off)+len(s)])
	}
	c.path = rebase(c.path)
	c.method = rebase(c.method)
	c.ev.b, c.ev.owned = nb, true
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

// Body returns the request body, base64-decoded when the event flags it:
// a fresh slice (or nil when there is none; a body flagged base64 that does
// not decode is nil too). Later calls return the same slice.
func (c *Call) Body() []byte {
	if c.viaMW && c.req != nil {
		return c.req.RawBody
	}
	if !c.bodyDone {
		c.bodyDone = true
		c.body = c.decodeBody()
	}
	return c.body
}

func (c *Call) decodeBody() []byte {
	raw, esc, ok := c.ev.rawBody()
	if !ok {
		return nil
	}
	if esc {
		u, err := unescape(raw)
		if err != nil {
			return nil
		}
		raw = u // a new slice already
	} else if !c.ev.owned {
		raw = bytes.Clone(raw)
	}
	raw = raw[:len(raw):len(raw)]
	if !isTrue(c.ev.b, c.ev.isB64) {
		return raw
	}
	d := make([]byte, base64.StdEncoding.DecodedLen(len(raw)))
	n, err := base64.StdEncoding.Decode(d, raw)
	if err != nil {
		// Some clients drop the padding; accept that too.
		n, err = base64.RawStdEncoding.Decode(d, bytes.TrimRight(raw, "="))
	}
	if err != nil {
		return nil
	}
	return d[:n]
}

// Request returns the fully decoded request (decoded once, then cached).
func (c *Call) Request() *chalice.Request {
	c.reqOnce.Do(func() {
		if c.req == nil {
			c.detach()
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
// chalice.BadRequestError. The body is decoded straight from the event
// (its escapes into a pooled buffer) by a pooled encoding/json Decoder,
// accepting exactly what json.Unmarshal accepts. As encoding/json requires,
// a json.Unmarshaler in v must copy the bytes it is given to keep them.
func (c *Call) DecodeJSON(v any) error {
	if c.noJSONBody() {
		return nil
	}
	raw, esc, ok := c.ev.rawBody()
	if c.viaMW && c.req != nil || c.bodyDone || ok && isTrue(c.ev.b, c.ev.isB64) {
		b := c.Body()
		if len(bytes.TrimSpace(b)) == 0 || json.Unmarshal(b, v) != nil {
			return errParsingJSON
		}
		return nil
	}
	if !ok {
		return errParsingJSON
	}
	jd := jsonDecoders.Get().(*jsonDecoder)
	if esc {
		u, err := jsonx.Unescape(jd.scratch[:0], raw)
		if err != nil {
			jd.release()
			return errParsingJSON
		}
		jd.scratch, raw = u[:0], u
	}
	ok = jd.decode(raw, v)
	jd.release()
	if !ok {
		return errParsingJSON
	}
	return nil
}

// noJSONBody reports a request with no body and no JSON content type (a
// GET on a GET,PUT route): its body parameter keeps its zero value, as the
// spec's json_body is None there. An empty body sent as application/json
// is still a parse error.
func (c *Call) noJSONBody() bool {
	if ct, ok := c.Header("content-type"); ok && strings.HasPrefix(strings.ToLower(strings.TrimSpace(ct)), "application/json") {
		return false
	}
	if c.viaMW && c.req != nil || c.bodyDone {
		return len(c.Body()) == 0
	}
	raw, _, ok := c.ev.rawBody()
	return !ok || len(raw) == 0
}

// jsonDecoder is a reusable encoding/json Decoder reading from a
// resettable reader, with a scratch buffer for unescaping bodies: it saves
// the decoder state json.Unmarshal allocates on every call.
type jsonDecoder struct {
	r       bytes.Reader
	dec     *json.Decoder
	scratch []byte
	broken  bool // dec failed or holds unread bytes: not reusable
}

// maxPooledBody bounds what a pooled decoder decodes: its buffers grow to
// the largest body seen.
const maxPooledBody = 16 << 10

var jsonDecoders = sync.Pool{New: func() any {
	jd := &jsonDecoder{scratch: make([]byte, 0, 512)}
	jd.dec = json.NewDecoder(&jd.r)
	return jd
}}

func (jd *jsonDecoder) release() {
	if jd.broken || cap(jd.scratch) > maxPooledBody {
		return
	}
	jd.r.Reset(nil)
	jsonDecoders.Put(jd)
}

// decode decodes the JSON text b into v and reports success exactly as
// json.Unmarshal(b, v) == nil would (b all whitespace is a failure).
func (jd *jsonDecoder) decode(b []byte, v any) bool {
	b = bytes.TrimRight(b, " \t\r\n")
	if len(b) == 0 {
		return false
	}
	if len(b) > maxPooledBody {
		return json.Unmarshal(b, v) == nil
	}
	// Decode reads one value (validated in full before v is touched); with
	// the trailing whitespace trimmed, Unmarshal accepts b exactly when
	// that value ends at b's end.
	jd.r.Reset(b)
	start := jd.dec.InputOffset()
	if err := jd.dec.Decode(v); err != nil || jd.dec.InputOffset()-start != int64(len(b)) {
		jd.broken = true
		return false
	}
	return true
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
	v, ok := c.queryParam(name)
	return c.keep(v), ok
}

// Header returns request header name (matched case-insensitively) without
// decoding the whole request; ok is false when it is absent.
func (c *Call) Header(name string) (string, bool) {
	if c.req != nil {
		v, ok := c.req.Headers[lowerASCII(name)]
		return v, ok
	}
	v, ok := c.ev.findHeader(lowerASCII(name))
	return c.keep(v), ok
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
