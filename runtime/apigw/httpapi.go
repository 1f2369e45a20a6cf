package apigw

// The HTTP API (API Gateway v2) emulation: Config.HTTPAPI. The rules it
// applies (route selection, CORS, the gateway's answers, the request body
// encoding) are apirules'; this file lays them out over a request and
// writes the payload 2.0 events.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/chalice-go/chalice/internal/apirules"
	"github.com/chalice-go/chalice/internal/jsonx"
)

// httpAPI is what the gateway knows of an HTTP API's routes.
type httpAPI struct {
	routes *apirules.HTTPRoutes
	byID   []httpRoute // by apirules.HTTPRoutes number
	cors   *apirules.HTTPCORS
	err    error
}

// httpRoute is one route key ("GET /users/{name}") of the API.
type httpRoute struct {
	route *Route
	key   string
	caps  []string // capture names, in path order
}

func newHTTPAPI(routes []Route) *httpAPI {
	h := &httpAPI{routes: apirules.NewHTTPRoutes()}
	var corsRoutes []apirules.HTTPCORSRoute
	for i := range routes {
		r := &routes[i]
		p := apirules.NormalizePath(r.Path)
		methods := r.Methods
		if len(methods) == 0 {
			methods = []string{http.MethodGet}
		}
		var ms []string
		for _, m := range methods {
			m = strings.ToUpper(m)
			ms = append(ms, m)
			h.routes.Add(m, p)
			h.byID = append(h.byID, httpRoute{route: r, key: apirules.HTTPRouteKey(m, p), caps: apirules.Captures(p)})
		}
		name := strings.Join(ms, ",") + " " + p
		corsRoutes = append(corsRoutes, apirules.HTTPCORSRoute{Name: name, Methods: ms, CORS: apirules.ConfigCORS(r.CORS)})
		switch {
		case h.err != nil:
		case r.APIKeyRequired:
			h.err = fmt.Errorf("%s: api_key_required: an HTTP API has no API keys", name)
		case r.AuthorizerKind == "custom":
			h.err = fmt.Errorf("%s: authorizer %s is a CustomAuthorizer (an authorizer_uri), which an HTTP API cannot use", name, r.Authorizer)
		}
	}
	cors, err := apirules.HTTPAPICORS(corsRoutes)
	if err != nil && h.err == nil {
		h.err = err
	}
	h.cors = cors
	return h
}

// errHTTPConfig answers every request of an API that Err reports.
var errHTTPConfig = apirules.ErrInternalHTTP

// serveHTTPAPI handles one request as an HTTP API does.
func (g *Gateway) serveHTTPAPI(ctx context.Context, x *exchange, req *Request, w http.ResponseWriter) Result {
	h := g.http
	origin := req.Header.Get("Origin")
	if h.err != nil {
		return g.writeHTTPError(w, x, errHTTPConfig, origin)
	}
	if len(req.Body) > MaxPayload {
		return g.writeHTTPError(w, x, apirules.ErrTooLargeHTTP, origin)
	}
	method := upperASCII(req.Method)
	id, caps := h.routes.Match(method, req.Path, x.caps[:0])
	x.caps = caps
	if id < 0 {
		// A route that takes OPTIONS gets the preflight; else the gateway
		// answers it from the CORS configuration.
		if h.cors != nil && apirules.IsPreflight(method, origin, req.Header.Get("Access-Control-Request-Method")) {
			return g.httpPreflight(w, x, origin)
		}
		return g.writeHTTPError(w, x, apirules.ErrNotFoundHTTP, origin)
	}
	rt := &h.byID[id]
	x.capNames = rt.caps

	var authz []byte
	switch rt.route.AuthorizerKind {
	case "iam":
		auth := req.Header.Get("Authorization")
		if !strings.HasPrefix(auth, apirules.SigV4Prefix) {
			return g.writeHTTPError(w, x, apirules.ErrForbiddenHTTP, origin)
		}
		authz = append(authz, `{"iam":{"accessKey":`...)
		authz = jsonx.AppendString(authz, sigV4AccessKey(auth))
		authz = append(authz, `,"accountId":null,"callerId":null,"cognitoIdentity":null,"principalOrgId":null,"userArn":null,"userId":null}}`...)
	case "cognito":
		// A JWT authorizer; as on the REST emulation, the token must be
		// there but is not verified.
		token := req.Header.Get(headerOr(rt.route.AuthorizerHeader))
		if token == "" {
			return g.writeHTTPError(w, x, apirules.ErrUnauthorizedHTTP, origin)
		}
		if c := jwtClaims(token); c != nil {
			authz = append(append([]byte(`{"jwt":{"claims":`), c...), `,"scopes":null}}`...)
		}
	case "builtin":
		var e *gwError
		authz, e = g.authorizeV2(ctx, x, req, rt, method)
		if e != nil {
			return g.writeHTTPError(w, x, *e, origin)
		}
	}

	payload := g.appendEventV2(x.buf[:0], x, req, rt, method, authz, nil)
	x.buf = payload
	out, err := g.cfg.Invoke(ctx, "api_handler", payload)
	if err != nil {
		return g.writeHTTPError(w, x, apirules.ErrInternalHTTP, origin)
	}
	pr, err := decodeV2Response(out, &x.resp)
	if err != nil || pr.status < 100 || pr.status > 599 {
		return g.writeHTTPError(w, x, apirules.ErrInternalHTTP, origin)
	}
	hd := w.Header()
	vals := make([]string, len(pr.headers)) // one backing array for all
	for i, kv := range pr.headers {
		if h.cors != nil && apirules.IsCORSHeader(kv.k) {
			continue // the gateway's CORS headers replace the function's
		}
		vals[i] = kv.v
		hd[http.CanonicalHeaderKey(kv.k)] = vals[i : i+1 : i+1]
	}
	if len(pr.cookies) > 0 {
		hd["Set-Cookie"] = append(hd["Set-Cookie"], pr.cookies...)
	}
	delete(hd, "Transfer-Encoding")
	delete(hd, "Connection")
	if h.cors != nil {
		for _, kv := range h.cors.ResponseHeaders(origin) {
			hd[kv.Name] = []string{kv.Value}
		}
	}
	return x.writeAnswer(w, hd, pr, true)
}

// setHTTPIDHeaders sets the HTTP API's request ID header and (n >= 0)
// Content-Length.
func (x *exchange) setHTTPIDHeaders(h http.Header, n int) {
	var buf [len(x.xID) + 20]byte
	b := append(buf[:0], x.xID[:]...)
	if n >= 0 {
		b = strconv.AppendInt(b, int64(n), 10)
	}
	s := string(b) // one allocation for both values
	vals := make([]string, 2)
	vals[0] = s[:len(x.xID)]
	h[apirules.HTTPRequestIDHeader] = vals[0:1:1]
	if n >= 0 {
		vals[1] = s[len(x.xID):]
		h["Content-Length"] = vals[1:2:2]
	}
}

// writeHTTPError writes one of the HTTP API's own answers, with the CORS
// headers a request from origin gets.
func (g *Gateway) writeHTTPError(w http.ResponseWriter, x *exchange, e gwError, origin string) Result {
	h := w.Header()
	for _, kv := range e.Headers() {
		h[http.CanonicalHeaderKey(kv.Name)] = []string{kv.Value}
	}
	if g.http != nil && g.http.cors != nil {
		for _, kv := range g.http.cors.ResponseHeaders(origin) {
			h[kv.Name] = []string{kv.Value}
		}
	}
	x.setHTTPIDHeaders(h, len(e.Body))
	w.WriteHeader(e.Status)
	_, _ = io.WriteString(w, e.Body)
	return Result{Status: e.Status, Size: len(e.Body)}
}

// httpPreflight is the gateway's answer to a CORS preflight no route takes.
func (g *Gateway) httpPreflight(w http.ResponseWriter, x *exchange, origin string) Result {
	h := w.Header()
	for _, kv := range g.http.cors.PreflightHeaders(origin) {
		h[kv.Name] = []string{kv.Value}
	}
	x.setHTTPIDHeaders(h, -1)
	w.WriteHeader(apirules.HTTPPreflightStatus)
	return Result{Status: apirules.HTTPPreflightStatus}
}

// authorizeV2 runs a built-in authorizer as an HTTP API's Lambda
// authorizer: a payload 2.0 REQUEST event, a simple response. It returns
// the request context's authorizer object, {"lambda":{...}}, or the
// gateway's answer: 401 without the identity source header, 403 when not
// authorized, 500 when the authorizer fails. With a TTL the answer is
// cached per identity and route key (a simple response is for one route).
func (g *Gateway) authorizeV2(ctx context.Context, x *exchange, req *Request, rt *httpRoute, method string) ([]byte, *gwError) {
	a, ok := g.auths[rt.route.Authorizer]
	if !ok {
		return nil, &errInternalHTTP
	}
	header := a.Header
	if rt.route.AuthorizerHeader != "" {
		header = rt.route.AuthorizerHeader
	}
	token := req.Header.Get(headerOr(header))
	if token == "" {
		return nil, &errUnauthorizedHTTP
	}
	ttl := time.Duration(a.TTLSeconds) * time.Second
	key := a.Name + "\x00" + token + "\x00" + rt.key
	now := g.cfg.Now()
	g.cacheMu.Lock()
	c, hit := g.cache[key]
	g.cacheMu.Unlock()
	if !hit || !now.Before(c.expires) {
		ev := g.appendEventV2(nil, x, req, rt, method, nil, &authorizerV2{arn: g.MethodARN(method, req.Path), identity: token})
		out, err := g.cfg.Invoke(ctx, a.Name, ev)
		if err != nil {
			return nil, &errInternalHTTP
		}
		var sr struct {
			IsAuthorized *bool          `json:"isAuthorized"`
			Context      map[string]any `json:"context"`
		}
		if json.Unmarshal(out, &sr) != nil || sr.IsAuthorized == nil {
			return nil, &errInternalHTTP
		}
		o := &authOutcome{authorized: *sr.IsAuthorized, fields: []byte("null")}
		if sr.Context != nil {
			o.fields, _ = json.Marshal(sr.Context)
		}
		c = cachedPolicy{out: o, expires: now.Add(ttl)}
		if ttl > 0 {
			g.storePolicy(key, c, now)
		}
	}
	if !c.out.authorized {
		return nil, &errForbiddenHTTP
	}
	return append(append([]byte(`{"lambda":`), c.out.fields...), '}'), nil
}

// The HTTP API authorizer answers, addressable.
var (
	errUnauthorizedHTTP = apirules.ErrUnauthorizedHTTP
	errForbiddenHTTP    = apirules.ErrForbiddenHTTP
	errInternalHTTP     = apirules.ErrInternalHTTP
)

// authorizerV2 makes appendEventV2 write a Lambda authorizer's REQUEST
// event (no body) instead of the integration's.
type authorizerV2 struct {
	arn, identity string
}

// appendEventV2 appends the payload 2.0 event for req to b: what an HTTP
// API sends its Lambda integration, or (az set) its Lambda authorizer.
// Headers are lower-cased, repeated ones joined with commas, the Cookie
// header moved to "cookies"; repeated query parameters are joined with
// commas too; members without a value are left out.
func (g *Gateway) appendEventV2(b []byte, x *exchange, req *Request, rt *httpRoute, method string, authz []byte, az *authorizerV2) []byte {
	b = append(b, `{"version":"2.0",`...)
	if az != nil {
		b = append(b, `"type":"REQUEST","routeArn":`...)
		b = jsonx.AppendString(b, az.arn)
		b = append(b, `,"identitySource":[`...)
		b = jsonx.AppendString(b, az.identity)
		b = append(b, `],`...)
	}
	b = append(b, `"routeKey":`...)
	b = jsonx.AppendString(b, rt.key)
	b = append(b, `,"rawPath":`...)
	b = jsonx.AppendString(b, req.Path)
	b = append(b, `,"rawQueryString":`...)
	b = jsonx.AppendString(b, req.RawQuery)

	// Cookies: every Cookie header, split into its pairs.
	first := true
	for _, v := range req.Header["Cookie"] {
		for _, c := range strings.Split(v, ";") {
			if c = strings.TrimSpace(c); c == "" {
				continue
			}
			if first {
				b = append(b, `,"cookies":[`...)
				first = false
			} else {
				b = append(b, ',')
			}
			b = jsonx.AppendString(b, c)
		}
	}
	if !first {
		b = append(b, ']')
	}

	keys := x.keys[:0]
	for k, vs := range req.Header {
		if len(vs) > 0 && k != "Cookie" {
			keys = append(keys, k)
		}
	}
	addHost := req.Host != "" && len(req.Header["Host"]) == 0
	if addHost {
		keys = append(keys, "Host")
	}
	slices.Sort(keys)
	x.keys = keys
	b = append(b, `,"headers":{`...)
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendLowerKey(b, k)
		if vs := req.Header[k]; len(vs) > 0 {
			b = jsonx.AppendString(b, strings.Join(vs, ","))
		} else {
			b = jsonx.AppendString(b, req.Host)
		}
	}
	b = append(b, '}')

	x.query = x.query[:0]
	x.parseQuery(req.RawQuery)
	if q := x.query; len(q) > 0 {
		b = append(b, `,"queryStringParameters":{`...)
		for i := range q {
			if i == 0 || q[i-1].k != q[i].k {
				if i > 0 {
					b = append(b, `",`...)
				}
				b = jsonx.AppendString(b, q[i].k)
				b = append(b, `:"`...)
			} else {
				b = append(b, ',')
			}
			b = jsonx.AppendEscaped(b, q[i].v)
		}
		b = append(b, `"}`...)
	}

	b = append(b, `,"requestContext":`...)
	b = g.appendRequestContextV2(b, x, req, rt, method, authz)

	if len(x.caps) > 0 {
		b = append(b, `,"pathParameters":`...)
		b = x.appendPathParams(b)
	}
	if len(g.stageVarKeys) > 0 {
		b = append(b, `,"stageVariables":`...)
		b = appendStringMap(b, g.stageVarKeys, g.cfg.StageVars)
	}
	if az != nil {
		return append(b, '}')
	}
	switch {
	case len(req.Body) == 0:
		b = append(b, `,"isBase64Encoded":false}`...)
	default:
		b = appendBody(b, req.Body, apirules.HTTPRequestBinary(req.Header.Get("Content-Type")))
	}
	return b
}

// appendLowerKey appends the JSON string of a header name lower-cased,
// and the colon, without allocating for the usual (token) names.
func appendLowerKey(b []byte, k string) []byte {
	start := len(b)
	b = append(b, '"')
	for i := 0; i < len(k); i++ {
		c := k[i]
		if c < 0x20 || c == '"' || c == '\\' || c >= 0x80 {
			return append(jsonx.AppendString(b[:start], strings.ToLower(k)), ':')
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	return append(b, '"', ':')
}

func (g *Gateway) appendRequestContextV2(b []byte, x *exchange, req *Request, rt *httpRoute, method string, authz []byte) []byte {
	now := g.cfg.Now()
	domain, prefix, proto, ip := req.contextFields()
	b = append(b, `{"accountId":`...)
	b = jsonx.AppendString(b, g.cfg.AccountID)
	b = append(b, `,"apiId":`...)
	b = jsonx.AppendString(b, g.cfg.APIID)
	if authz != nil {
		b = append(b, `,"authorizer":`...)
		b = append(b, authz...)
	}
	b = append(b, `,"domainName":`...)
	b = jsonx.AppendString(b, domain)
	b = append(b, `,"domainPrefix":`...)
	b = jsonx.AppendString(b, prefix)
	b = append(b, `,"http":{"method":`...)
	b = jsonx.AppendString(b, method)
	b = append(b, `,"path":`...)
	b = jsonx.AppendString(b, req.Path)
	b = append(b, `,"protocol":`...)
	b = jsonx.AppendString(b, proto)
	b = append(b, `,"sourceIp":`...)
	b = jsonx.AppendString(b, ip)
	b = append(b, `,"userAgent":`...)
	b = jsonx.AppendString(b, req.Header.Get("User-Agent"))
	b = append(b, `},"requestId":"`...)
	b = append(b, x.xID[:]...)
	b = append(b, `","routeKey":`...)
	b = jsonx.AppendString(b, rt.key)
	b = append(b, `,"stage":"$default","time":"`...)
	b = appendRequestTime(b, now)
	b = append(b, `","timeEpoch":`...)
	b = appendInt(b, now.UnixMilli())
	return append(b, '}')
}

var errNotJSON = errors.New("apigw: the function's answer is not JSON")

// decodeV2Response reads a function's answer to a payload 2.0 event as an
// HTTP API does: an object with statusCode is a proxy answer (headers,
// cookies, body, isBase64Encoded); any other JSON value is itself the
// body of a 200 application/json answer. A statusCode with a malformed
// rest is an error (500).
func decodeV2Response(out []byte, pr *proxyResponse) (*proxyResponse, error) {
	if i := jsonx.SkipSpace(out, 0); i < len(out) && out[i] == '{' {
		if r, err := decodeInto(out, pr, true); pr.sawStatus {
			return r, err
		}
	}
	if !json.Valid(out) {
		return nil, errNotJSON
	}
	*pr = proxyResponse{headers: append(pr.headers[:0], header{"Content-Type", "application/json"}), multi: pr.multi[:0], cookies: pr.cookies[:0],
		status: http.StatusOK, body: out}
	return pr, nil
}
