// Package apigw emulates the API Gateway REST API, or an HTTP API
// (Config.HTTPAPI), in front of a Chalice app: it resolves resources,
// enforces API keys and authorizers, answers CORS preflights, turns an
// HTTP request into the proxy event AWS sends and the function's answer
// back into HTTP. The test client (chalicetest) and the local dev server
// share it, so both behave like the deployed API. The rules themselves
// (matching, CORS, the gateway's answers) are internal/apirules'.
//
// The event is written and the answer parsed by hand (no encoding/json, no
// maps): the local server's throughput is bounded by this path.
package apigw

import (
	"context"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/chalice-go/chalice"
	"github.com/chalice-go/chalice/internal/apirules"
)

// MaxPayload is API Gateway's request payload limit (10 MB); a larger body
// is answered 413 without invoking the function.
const MaxPayload = apirules.MaxPayload

// Route is what the gateway knows of one route (the deployed API's view).
type Route struct {
	Path             string
	Methods          []string
	CORS             *chalice.CORSConfig
	AuthorizerKind   string // "", "builtin", "iam", "cognito", "custom"
	Authorizer       string
	AuthorizerHeader string
	APIKeyRequired   bool
}

// Authorizer is a built-in authorizer function the gateway calls.
type Authorizer struct {
	Name       string
	Header     string
	TTLSeconds int
}

// InvokeFunc calls the Lambda function with the given logical name.
type InvokeFunc func(ctx context.Context, function string, payload []byte) ([]byte, error)

// Config describes the API to emulate.
type Config struct {
	Routes      []Route
	Authorizers []Authorizer
	BinaryTypes []string
	Stage       string            // api_gateway_stage; "api" when empty
	StageVars   map[string]string // stage variables
	Invoke      InvokeFunc
	// Now is the clock for authorizer caching; time.Now when nil.
	Now func() time.Time
	// Region and AccountID appear in ARNs; placeholders when empty.
	Region, AccountID, APIID string
	// HTTPAPI emulates an HTTP API (api_gateway_type "http") instead of a
	// REST API: payload 2.0 events from the $default stage (Stage is
	// ignored), route selection by method and path, native CORS, Lambda
	// authorizers with simple responses, Cognito as a JWT authorizer, and
	// an HTTP API's own answers. See httpapi.go.
	HTTPAPI bool
}

// Gateway serves requests for one app. It is safe for concurrent use.
type Gateway struct {
	cfg          Config
	table        *apirules.Table
	resources    []*resource // by table number
	auths        map[string]Authorizer
	media        *apirules.Media
	gwCORS       []apirules.Header // on the gateway's own answers (apirules.GatewayCORS)
	stageVarKeys []string
	cacheMu      sync.Mutex
	cache        map[string]cachedPolicy
	http         *httpAPI // Config.HTTPAPI
}

// resource is one path of the API with its routes.
type resource struct {
	path   string
	caps   []string // capture names, in path order
	routes []*Route
	cors   *apirules.CORSRule // the first CORS config among the routes (the analyzer makes sure they agree)
	allow  string             // the preflight's Access-Control-Allow-Methods
}

type cachedPolicy struct {
	out     *authOutcome
	expires time.Time
}

// New builds a gateway.
func New(cfg Config) *Gateway {
	if cfg.Stage == "" {
		cfg.Stage = "api"
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Region == "" {
		cfg.Region = "us-east-1"
	}
	if cfg.AccountID == "" {
		cfg.AccountID = "123456789012"
	}
	if cfg.APIID == "" {
		cfg.APIID = "localapi"
	}
	g := &Gateway{cfg: cfg, table: apirules.NewTable(), auths: map[string]Authorizer{},
		media: apirules.NewMedia(cfg.BinaryTypes), cache: map[string]cachedPolicy{}}
	for i := range cfg.Routes {
		r := &cfg.Routes[i]
		p := apirules.NormalizePath(r.Path)
		n := g.table.Add(p)
		if n == len(g.resources) {
			g.resources = append(g.resources, &resource{path: p, caps: apirules.Captures(p)})
		}
		res := g.resources[n]
		res.routes = append(res.routes, r)
		if res.cors == nil && r.CORS != nil {
			res.cors = apirules.ConfigCORS(r.CORS)
		}
	}
	var corsRules []*apirules.CORSRule
	for _, r := range cfg.Routes {
		if r.CORS != nil {
			corsRules = append(corsRules, apirules.ConfigCORS(r.CORS))
		}
	}
	g.gwCORS = apirules.GatewayCORS(corsRules)
	for _, res := range g.resources {
		var ms []string
		for _, r := range res.routes {
			ms = append(ms, r.Methods...)
		}
		res.allow = apirules.AllowMethods(ms)
	}
	for _, a := range cfg.Authorizers {
		g.auths[a.Name] = a
	}
	if cfg.HTTPAPI {
		g.cfg.Stage = "$default"
		g.http = newHTTPAPI(cfg.Routes)
	}
	for k := range cfg.StageVars {
		g.stageVarKeys = append(g.stageVarKeys, k)
	}
	slices.Sort(g.stageVarKeys)
	return g
}

// Stage is the API Gateway stage name the gateway serves.
func (g *Gateway) Stage() string { return g.cfg.Stage }

// Request is an incoming HTTP request.
type Request struct {
	Method   string
	Path     string // escaped path, without the query
	RawQuery string
	Header   http.Header // canonical names, as net/http gives them
	// Host is sent as the Host header when Header has none (net/http keeps
	// it out of Header) and as the request context's domainName.
	Host string
	// Proto is the request context's protocol; HTTP/1.1 when empty.
	Proto    string
	Body     []byte
	SourceIP string
}

// Response is what the client receives.
type Response struct {
	StatusCode int
	Header     http.Header
	Body       []byte
	// Function is the logical function that served it ("" when the gateway
	// answered by itself).
	Function string
}

// Result is what Write sent.
type Result struct {
	Status int
	Size   int // body bytes
	// Function is the logical function that produced the answer, "" when
	// the gateway answered by itself.
	Function string
}

// gwError is one of API Gateway's own answers (apirules decides them).
type gwError = apirules.GatewayError

// The authorizer's answers, addressable (authorize returns a *gwError).
var (
	errUnauthorized     = apirules.ErrUnauthorized
	errAccessDenied     = apirules.ErrAccessDenied
	errExplicitDeny     = apirules.ErrExplicitDeny
	errAuthorizerConfig = apirules.ErrAuthorizerConfig
)

// missingResource is the answer for a path or method the API lacks.
func missingResource(req *Request) gwError {
	return apirules.MissingResource(req.Header.Get("Authorization"))
}

// MissingAuthToken is API Gateway's answer for an unknown resource or method.
func MissingAuthToken() *Response {
	e := apirules.ErrMissingToken
	h := http.Header{}
	for _, kv := range e.Headers() {
		h.Set(kv.Name, kv.Value)
	}
	return &Response{StatusCode: e.Status, Header: h, Body: []byte(e.Body)}
}

// Header values shared by every response; net/http never writes to them.
var valJSON = []string{"application/json"}

// The names API Gateway gives its own headers, which http.Header's
// canonical form would change.
const (
	hdrRequestID = "x-amzn-RequestId"
	hdrErrorType = "x-amzn-ErrorType"
	hdrAPIGWID   = "x-amz-apigw-id"
)

// setIDHeaders sets x-amzn-RequestId, x-amz-apigw-id and (n >= 0)
// Content-Length, with two allocations in all.
func (x *exchange) setIDHeaders(h http.Header, n int) {
	var buf [len(x.reqID) + len(x.xID) + 20]byte
	b := append(append(buf[:0], x.reqID[:]...), x.xID[:]...)
	if n >= 0 {
		b = strconv.AppendInt(b, int64(n), 10)
	}
	s := string(b)
	vals := make([]string, 3)
	vals[0], vals[1] = s[:len(x.reqID)], s[len(x.reqID):len(x.reqID)+len(x.xID)]
	h[hdrRequestID] = vals[0:1:1]
	h[hdrAPIGWID] = vals[1:2:2]
	if n >= 0 {
		vals[2] = s[len(x.reqID)+len(x.xID):]
		h["Content-Length"] = vals[2:3:3]
	}
}

func (g *Gateway) writeError(w http.ResponseWriter, x *exchange, e gwError) Result {
	h := w.Header()
	for _, kv := range e.Headers() {
		switch kv.Name {
		case "Content-Type":
			h["Content-Type"] = valJSON
		case hdrErrorType:
			h[hdrErrorType] = []string{kv.Value}
		default:
			h[http.CanonicalHeaderKey(kv.Name)] = []string{kv.Value}
		}
	}
	for _, kv := range g.gwCORS {
		h[kv.Name] = []string{kv.Value}
	}
	x.setIDHeaders(h, len(e.Body))
	w.WriteHeader(e.Status)
	_, _ = io.WriteString(w, e.Body)
	return Result{Status: e.Status, Size: len(e.Body)}
}

// Serve handles one request and returns the answer with canonical header
// names (the test client's view).
func (g *Gateway) Serve(ctx context.Context, req *Request) *Response {
	rec := &recorder{h: http.Header{}}
	res := g.Write(ctx, req, rec)
	h := make(http.Header, len(rec.h))
	for k, vs := range rec.h {
		if k == "Content-Length" {
			continue
		}
		ck := http.CanonicalHeaderKey(k)
		h[ck] = append(h[ck], vs...)
	}
	return &Response{StatusCode: res.Status, Header: h, Body: rec.body, Function: res.Function}
}

// recorder is the http.ResponseWriter behind Serve.
type recorder struct {
	h      http.Header
	status int
	body   []byte
}

func (r *recorder) Header() http.Header { return r.h }
func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
}
func (r *recorder) Write(p []byte) (int, error) {
	r.body = append(r.body, p...)
	return len(p), nil
}

// Write handles one request, writing the answer to w as API Gateway sends
// it: Content-Length always set, API Gateway's own headers spelled its way
// (x-amzn-RequestId), the function's headers in canonical form.
func (g *Gateway) Write(ctx context.Context, req *Request, w http.ResponseWriter) Result {
	x := getExchange()
	defer putExchange(x)
	x.newIDs()
	if g.http != nil {
		return g.serveHTTPAPI(ctx, x, req, w)
	}
	return g.serve(ctx, x, req, w)
}

// Err reports an app an HTTP API cannot serve as configured (routes whose
// CORS settings differ, API keys, a CustomAuthorizer): every request is
// then answered 500. nil for a REST API.
func (g *Gateway) Err() error {
	if g.http == nil {
		return nil
	}
	return g.http.err
}

func (g *Gateway) serve(ctx context.Context, x *exchange, req *Request, w http.ResponseWriter) Result {
	if len(req.Body) > MaxPayload {
		return g.writeError(w, x, apirules.ErrTooLarge)
	}
	res := g.match(x, req.Path)
	if res == nil {
		return g.writeError(w, x, missingResource(req))
	}
	method := upperASCII(req.Method)
	var route *Route
	for _, r := range res.routes {
		if slices.Contains(r.Methods, method) {
			route = r
		}
	}
	if route == nil {
		if method == http.MethodOptions && res.cors != nil {
			return g.preflight(w, x, res, req)
		}
		return g.writeError(w, x, missingResource(req))
	}
	resource := res.path

	var id identity
	var authz []byte
	switch route.AuthorizerKind {
	case "iam":
		auth := req.Header.Get("Authorization")
		if auth == "" {
			return g.writeError(w, x, apirules.ErrMissingToken)
		}
		if !strings.HasPrefix(auth, apirules.SigV4Prefix) {
			return g.writeError(w, x, apirules.IncompleteSignature(auth))
		}
		id.accessKey = sigV4AccessKey(auth)
	case "cognito", "custom":
		token := req.Header.Get(headerOr(route.AuthorizerHeader))
		if token == "" {
			return g.writeError(w, x, apirules.ErrUnauthorized)
		}
		if route.AuthorizerKind == "cognito" {
			if c := jwtClaims(token); c != nil {
				authz = append(append([]byte(`{"claims":`), c...), '}')
			}
		}
	case "builtin":
		var e *gwError
		authz, e = g.authorize(ctx, req, route, method)
		if e != nil {
			return g.writeError(w, x, *e)
		}
	}
	if route.APIKeyRequired {
		id.apiKey = req.Header.Get("X-Api-Key")
		if id.apiKey == "" {
			return g.writeError(w, x, apirules.ErrForbidden)
		}
	}

	payload := g.appendEvent(x, req, resource, method, id, authz)
	out, err := g.cfg.Invoke(ctx, "api_handler", payload)
	if err != nil {
		return g.writeError(w, x, apirules.ErrInternal)
	}
	pr, err := decodeProxyResponseInto(out, &x.resp)
	if err != nil || pr.status < 200 || pr.status > 599 {
		return g.writeError(w, x, apirules.ErrInternal)
	}
	h := w.Header()
	vals := make([]string, len(pr.headers)) // one backing array for all
	for i, hd := range pr.headers {
		vals[i] = hd.v
		h[http.CanonicalHeaderKey(hd.k)] = vals[i : i+1 : i+1]
	}
	if len(pr.multi) > 0 {
		mergeMulti(h, pr.multi)
	}
	// Hop-by-hop and framing headers are the gateway's business.
	delete(h, "Transfer-Encoding")
	delete(h, "Connection")
	return x.writeAnswer(w, h, pr, false)
}

// writeAnswer sends the function's answer pr, whose headers are in h,
// with the REST or (httpAPI) the HTTP API's ID headers; 204 and 304 carry
// no body.
func (x *exchange) writeAnswer(w http.ResponseWriter, h http.Header, pr *proxyResponse, httpAPI bool) Result {
	body := pr.body
	n := len(body)
	if !bodyAllowed(pr.status) {
		n, body = -1, nil
		delete(h, "Content-Length")
	}
	if httpAPI {
		x.setHTTPIDHeaders(h, n)
	} else {
		x.setIDHeaders(h, n)
	}
	w.WriteHeader(pr.status)
	if len(body) > 0 {
		_, _ = w.Write(body)
	}
	return Result{Status: pr.status, Size: len(body), Function: "api_handler"}
}

// mergeMulti adds multiValueHeaders to h as API Gateway does: merged with
// the single-valued headers of the same name, a value present in both
// listed once. Names differing only in case are one header.
func mergeMulti(h http.Header, multi []mvHeader) {
	var seen []string
	for _, m := range multi {
		k := http.CanonicalHeaderKey(m.k)
		if slices.Contains(seen, k) {
			h[k] = append(h[k], m.vs...)
			continue
		}
		seen = append(seen, k)
		var merged []string
		if prev := h[k]; len(prev) == 1 && !slices.Contains(m.vs, prev[0]) {
			merged = append(merged, prev[0])
		}
		merged = append(merged, m.vs...)
		if len(merged) == 0 {
			continue // null or []: keeps the single value, if any
		}
		h[k] = merged
	}
}

func bodyAllowed(status int) bool {
	return status != http.StatusNoContent && status != http.StatusNotModified
}

func upperASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; 'a' <= c && c <= 'z' {
			return strings.ToUpper(s)
		}
	}
	return s
}

func headerOr(h string) string {
	if h == "" {
		return "Authorization"
	}
	return h
}

// sigV4AccessKey returns the access key id of a SigV4 Authorization
// header (not verified: it is what API Gateway would report in the
// request context's identity once the signature checks out).
func sigV4AccessKey(auth string) string {
	_, rest, ok := strings.Cut(auth, "Credential=")
	if !ok {
		return ""
	}
	key, _, _ := strings.Cut(rest, "/")
	return strings.TrimSpace(key)
}

// match resolves a request path (escaped; a REST API ignores a trailing
// slash) to its resource, leaving the capture values in x.caps.
func (g *Gateway) match(x *exchange, path string) *resource {
	n, caps := g.table.Match(apirules.TrimTrailingSlash(path), true, x.caps[:0])
	x.caps = caps
	if n < 0 {
		return nil
	}
	x.capNames = g.resources[n].caps
	return g.resources[n]
}

// preflight answers OPTIONS for a cors-enabled path without an OPTIONS
// route, as the deployed API does: 200, no body, the CORS headers and the
// path's methods.
func (g *Gateway) preflight(w http.ResponseWriter, x *exchange, res *resource, req *Request) Result {
	h := w.Header()
	for _, kv := range res.cors.Preflight(res.allow, req.Header.Get("Origin")) {
		if kv.Name == "Content-Type" {
			h[kv.Name] = valJSON
			continue
		}
		h[kv.Name] = []string{kv.Value}
	}
	x.setIDHeaders(h, 0)
	w.WriteHeader(http.StatusOK)
	return Result{Status: http.StatusOK}
}

// WriteTooLarge answers a request whose body exceeds MaxPayload (the
// local server finds out before reading it all).
func (g *Gateway) WriteTooLarge(w http.ResponseWriter) Result {
	x := getExchange()
	defer putExchange(x)
	x.newIDs()
	if g.http != nil {
		return g.writeHTTPError(w, x, apirules.ErrTooLargeHTTP, "")
	}
	return g.writeError(w, x, apirules.ErrTooLarge)
}
