package runtime

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"runtime/debug"
	"strings"
	"unsafe"

	"github.com/chalice-go/chalice"
	"github.com/chalice-go/chalice/internal/apirules"
	"github.com/chalice-go/chalice/internal/jsonx"
)

var errNotHTTP = errors.New("chalice: api_handler received an event that is not an API Gateway (REST or HTTP API) or Function URL proxy event")

// serveHTTP handles one API Gateway / Function URL proxy event.
func (a *App) serveHTTP(ctx context.Context, payload []byte) ([]byte, error) {
	ix := a.index()
	// The event is read in place: the payload is only read, and what the
	// handler gets is copied out of it (see Call), because the caller
	// (aws-lambda-go) reuses its buffer for the next invocation.
	buf := payload
	c := &Call{app: a, ix: ix}
	ev := &c.ev
	if err := parseEvent(buf, ev); err != nil {
		return nil, fmt.Errorf("chalice: api_handler: malformed event: %w", err)
	}

	var e *pathEntry
	fromPath := false
	c.caps = c.capBuf[:0]
	if ev.isV2() {
		c.v2 = true
		raw, _ := str(buf, ev.rawPath)
		c.path = stripStage(raw, ev.stage())
		rk := ev.str(ev.routeKey)
		if m, p, ok := strings.Cut(rk, " "); ok {
			if e = ix.byPath(p); e != nil && m != "ANY" {
				c.method = m
			}
		}
		if c.method == "" {
			c.method = ev.v2Method()
		}
		if e == nil {
			e, c.caps = ix.match(c.path, true, c.caps)
			fromPath = true
		}
	} else {
		if !ev.httpMethod.present() {
			return nil, errNotHTTP
		}
		c.method = ev.str(ev.httpMethod)
		c.path = ev.str(ev.path)
		e = ix.byPath(ev.str(ev.resource))
		if e == nil {
			e, c.caps = ix.match(c.path, false, c.caps)
			if e == nil && ev.str(ev.version) == "1.0" {
				// An HTTP API's 1.0 payload keeps a named stage in path.
				if p := stripStage(c.path, ev.stage()); p != c.path {
					c.path = p
					e, c.caps = ix.match(p, false, c.caps[:0])
				}
			}
			fromPath = true
		}
	}
	if e == nil {
		return c.gatewayNotFound(), nil
	}
	c.method = methodName(c.method)
	c.ri = e.find(c.method)
	if c.ri == nil {
		if c.method == "OPTIONS" && e.cors != nil {
			return c.preflight(e), nil
		}
		return c.gatewayNotFound(), nil
	}
	if !fromPath {
		c.readCaptures(e)
	}
	c.keepCaps()

	ctx = c.context(ctx)
	var resp response
	if ct := c.mediaType(); !apirules.Accepts(c.ri.ctypes, ct) {
		c.errorBody(&resp, 415, "UnsupportedMediaType", "Unsupported media type: "+ct)
	} else if len(a.Middleware) > 0 {
		r, err := c.runChain(ctx)
		c.build(&resp, r, err)
	} else {
		v, err := c.callRoute(ctx)
		c.build(&resp, v, err)
	}
	return resp.encode(c.v2), nil
}

// readCaptures fills the captures from pathParameters, API Gateway's
// decoded values; an event without them (hand-made ones) is matched by path.
func (c *Call) readCaptures(e *pathEntry) {
	if len(e.caps) == 0 {
		return
	}
	for range e.caps {
		c.caps = append(c.caps, "")
	}
	found := 0
	it, ok := iterObject(c.ev.b, c.ev.pathParams)
	for ok {
		k, v, more := it.next()
		if !more {
			break
		}
		key, _ := str(c.ev.b, k)
		for i, name := range e.caps {
			if name == key {
				if s, ok := str(c.ev.b, v); ok {
					c.caps[i] = s
					found++
				}
				break
			}
		}
	}
	if found < len(e.caps) {
		if m, caps := c.ix.match(c.path, c.v2, c.capBuf[:0]); m == e {
			c.caps = caps
		}
	}
}

// mediaType is the request's media type, lower-cased without parameters;
// application/json when the request has no Content-Type, as in Chalice.
func (c *Call) mediaType() string {
	ct := c.ev.str(c.ev.hdrCT) // parseEvent found it going over the headers
	if c.req != nil && c.viaMW {
		ct = c.req.Headers.Get("content-type")
	}
	if ct = apirules.MediaType(ct); ct == "" {
		return "application/json"
	}
	return ct
}

// methodName upper-cases an event's method (API Gateway's are; hand-made
// events may not be) and returns it as a constant for the usual methods, a
// copy otherwise, so it never aliases the payload.
func methodName(m string) string {
	switch m = upperASCII(m); m {
	case "GET":
		return "GET"
	case "POST":
		return "POST"
	case "PUT":
		return "PUT"
	case "DELETE":
		return "DELETE"
	case "PATCH":
		return "PATCH"
	case "HEAD":
		return "HEAD"
	case "OPTIONS":
		return "OPTIONS"
	}
	return strings.Clone(m)
}

// upperASCII upper-cases s, returning s itself when it already is.
func upperASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; 'a' <= c && c <= 'z' {
			return strings.ToUpper(s)
		}
	}
	return s
}

// panicError is a handler panic turned into an error.
type panicError struct {
	value any
	stack []byte
}

func (p *panicError) Error() string { return fmt.Sprintf("panic: %v", p.value) }

// callRoute runs the route handler, turning a panic into an error.
func (c *Call) callRoute(ctx context.Context) (v any, err error) {
	defer func() {
		if p := recover(); p != nil {
			v, err = nil, &panicError{p, debug.Stack()}
		}
	}()
	if c.ri.r.Handler == nil {
		return nil, fmt.Errorf("chalice: route %s has no handler", c.ri.r.Path)
	}
	return c.ri.r.Handler(ctx, c)
}

// runChain runs the HTTP middleware around the route handler. Middleware
// sees handler errors (and panics, as errors) and may turn them into
// responses; what comes out is answered like a handler's result.
func (c *Call) runChain(ctx context.Context) (resp *chalice.Response, err error) {
	req := c.Request()
	c.viaMW = true
	var h chalice.HTTPHandler = func(ctx context.Context, r *chalice.Request) (*chalice.Response, error) {
		if r != nil {
			c.req = r
		}
		v, err := c.callRoute(ctx)
		if err != nil {
			return nil, err
		}
		return asResponse(v), nil
	}
	for i := len(c.app.Middleware) - 1; i >= 0; i-- {
		mw, next := c.app.Middleware[i], h
		if mw == nil {
			continue
		}
		h = func(ctx context.Context, r *chalice.Request) (*chalice.Response, error) {
			return mw(ctx, r, next)
		}
	}
	defer func() {
		if p := recover(); p != nil {
			resp, err = nil, &panicError{p, debug.Stack()}
		}
	}()
	return h(ctx, req)
}

// appendBase64String is how encoding/json writes a []byte: a base64 string.
func appendBase64String(b []byte) []byte {
	out := make([]byte, 0, base64.StdEncoding.EncodedLen(len(b))+2)
	out = append(out, '"')
	out = base64.StdEncoding.AppendEncode(out, b)
	return append(out, '"')
}

// asResponse wraps a handler result for middleware. A result that is not a
// Response is JSON, so strings and byte slices are pre-encoded
// (json.RawMessage) to keep them from being sent raw as a Response body is.
func asResponse(v any) *chalice.Response {
	switch r := v.(type) {
	case *chalice.Response:
		if r != nil {
			return r
		}
		return &chalice.Response{Body: json.RawMessage(nullJSON)}
	case chalice.Response:
		return &r
	case nil:
		return &chalice.Response{Body: json.RawMessage(nullJSON)}
	case string:
		return &chalice.Response{Body: json.RawMessage(jsonx.AppendString(nil, r))}
	case []byte:
		return &chalice.Response{Body: json.RawMessage(appendBase64String(r))}
	}
	return &chalice.Response{Body: v}
}

var nullJSON = []byte("null")

// stringBytes views s as bytes without copying; the response encoder only
// reads them.
func stringBytes(s string) []byte {
	if s == "" {
		return nil
	}
	return unsafe.Slice(unsafe.StringData(s), len(s))
}

// build turns a handler result or error into resp, applying the
// Content-Type default, CORS and the binary rules.
func (c *Call) build(resp *response, v any, err error) {
	if err != nil {
		c.fail(resp, err)
		return
	}
	// A Response's string or []byte body is sent as is (nil: empty); any
	// other result, or Response body, is encoded as JSON.
	var body any
	raw := false
	switch r := v.(type) {
	case *chalice.Response:
		if r != nil {
			resp.status, resp.headers, resp.mv, body, raw = r.StatusCode, r.Headers, r.MultiValueHeaders, r.Body, true
		}
	case chalice.Response:
		resp.status, resp.headers, resp.mv, body, raw = r.StatusCode, r.Headers, r.MultiValueHeaders, r.Body, true
	default:
		body = v
	}
	if resp.status == 0 {
		resp.status = 200
	}
	switch b := body.(type) {
	case string:
		if raw {
			resp.body = stringBytes(b)
			break
		}
		resp.body = jsonx.AppendString(make([]byte, 0, len(b)+2), b)
	case []byte:
		if raw {
			resp.body = b
			break
		}
		resp.body = appendBase64String(b)
	case nil:
		if !raw {
			resp.body = nullJSON
		}
	default:
		enc, jb, err := encodeJSON(b)
		if err != nil {
			c.fail(resp, fmt.Errorf("chalice: encoding the result as JSON: %w", err))
			return
		}
		resp.body, resp.scratch = enc, jb
	}
	ct, ok := resp.userHeader("Content-Type")
	var mt string
	binary := false
	if ok {
		mt = apirules.MediaType(ct)
		binary = c.ix.media.IsBinary(mt)
	} else {
		ct, mt = "application/json", "application/json"
		resp.addExtra("Content-Type", ct)
		binary = c.ix.media.JSONBinary() // precomputed: the usual case
	}
	c.addCORS(resp)
	if binary {
		if !c.ix.media.AcceptsBinary(c.acceptHeader(), mt) {
			putJSONBuf(resp.scratch)
			*resp = response{}
			c.errorBody(resp, 400, "BadRequest", "Request did not specify an Accept header with "+ct+
				", The response has a Content-Type of "+ct+
				". If a response has a binary Content-Type then the request must specify an Accept header that matches.")
			return
		}
		resp.b64 = true
	}
}

func (c *Call) acceptHeader() string {
	if c.req != nil && c.viaMW {
		return c.req.Headers.Get("accept")
	}
	return c.ev.str(c.ev.hdrAccept)
}

func (c *Call) originHeader() string {
	if c.req != nil && c.viaMW {
		return c.req.Headers.Get("origin")
	}
	return c.ev.str(c.ev.hdrOrigin)
}

func (c *Call) addCORS(resp *response) {
	ci := c.ri.cors
	if ci == nil {
		return
	}
	resp.addExtra("Access-Control-Allow-Origin", ci.Origin(c.originHeader()))
	for _, h := range ci.Fixed() {
		resp.addExtra(h.Name, h.Value)
	}
}

// internalMessage is the body of an uncaught error without debug: what
// current Chalice answers (older releases said ChaliceViewError).
const internalMessage = "An internal server error occurred."

// fail answers an error: a ViewError with its status and code, anything
// else with a 500, logged, and in debug mode with the error (and a panic's
// stack) as text/plain, as Chalice shows its traceback.
func (c *Call) fail(resp *response, err error) {
	putJSONBuf(resp.scratch)
	*resp = response{}
	var ve *chalice.ViewError
	if errors.As(err, &ve) {
		st := ve.StatusCode
		if st == 0 {
			st = 500
		}
		c.errorBody(resp, st, ve.Code, ve.Message)
		return
	}
	detail := err.Error()
	var pe *panicError
	if errors.As(err, &pe) {
		detail = fmt.Sprintf("%s\n\n%s", err, pe.stack)
	}
	chalice.Logger(context.Background()).Error(fmt.Sprintf("Caught exception for %s: %s", c.ri.r.nameOrPath(), detail))
	if c.app.Debug {
		resp.status = 500
		if pe == nil {
			detail = fmt.Sprintf("%s\n\n(error type %T)\n", err, err)
		}
		resp.body = []byte(detail)
		resp.addExtra("Content-Type", "text/plain")
		c.addCORS(resp)
		return
	}
	c.errorBody(resp, 500, "InternalServerError", internalMessage)
}

func (r *Route) nameOrPath() string {
	if r.Name != "" {
		return r.Name
	}
	return r.Path
}

// errorBody sets resp to a Chalice error: {"Code": ..., "Message": ...}.
func (c *Call) errorBody(resp *response, status int, code, msg string) {
	resp.status = status
	b := make([]byte, 0, len(code)+len(msg)+32)
	b = append(b, `{"Code":`...)
	b = jsonx.AppendString(b, code)
	b = append(b, `,"Message":`...)
	b = jsonx.AppendString(b, msg)
	resp.body = append(b, '}')
	resp.addExtra("Content-Type", "application/json")
	if c.ri != nil {
		c.addCORS(resp)
	}
}

// gatewayNotFound is what API Gateway answers for an unknown path or
// method: 403 Missing Authentication Token on REST APIs, 404 on HTTP APIs
// and Function URLs.
func (c *Call) gatewayNotFound() []byte {
	ge := apirules.ErrMissingToken
	if c.v2 {
		ge = apirules.ErrNotFoundHTTP
	}
	r := response{status: ge.Status, body: []byte(ge.Body)}
	for _, h := range ge.Headers() {
		r.addExtra(h.Name, h.Value)
	}
	return r.encode(c.v2)
}

// preflight answers OPTIONS on a CORS path, as API Gateway's mock
// integration does (and, for a multi-origin path, as the deployed API asks
// the function to).
func (c *Call) preflight(e *pathEntry) []byte {
	r := response{status: 200}
	for _, h := range e.cors.Preflight(e.allow, c.ev.str(c.ev.hdrOrigin)) {
		r.addExtra(h.Name, h.Value)
	}
	return r.encode(c.v2)
}
