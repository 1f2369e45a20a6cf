// Package apigw emulates the API Gateway REST API in front of a Chalice app:
// it resolves resources, enforces API keys and authorizers, answers CORS
// preflights, turns an HTTP request into the proxy event AWS sends and the
// function's answer back into HTTP. The test client (chalicetest) and the
// local dev server share it, so both behave like the deployed API.
package apigw

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"mime"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/chalice-go/chalice"
)

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
}

// Gateway serves requests for one app.
type Gateway struct {
	cfg     Config
	router  *Router
	byPath  map[string][]*Route // resource path → routes
	auths   map[string]Authorizer
	binary  map[string]bool
	cacheMu sync.Mutex
	cache   map[string]cachedPolicy
}

type cachedPolicy struct {
	out     authOutcome
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
	g := &Gateway{cfg: cfg, byPath: map[string][]*Route{}, auths: map[string]Authorizer{},
		binary: map[string]bool{}, cache: map[string]cachedPolicy{}}
	var paths []string
	for i := range cfg.Routes {
		r := &cfg.Routes[i]
		if _, seen := g.byPath[r.Path]; !seen {
			paths = append(paths, r.Path)
		}
		g.byPath[r.Path] = append(g.byPath[r.Path], r)
	}
	g.router = NewRouter(paths)
	for _, a := range cfg.Authorizers {
		g.auths[a.Name] = a
	}
	for _, t := range cfg.BinaryTypes {
		g.binary[strings.ToLower(t)] = true
	}
	return g
}

// Request is an incoming HTTP request.
type Request struct {
	Method   string
	Path     string // escaped path, without the query
	RawQuery string
	Header   http.Header
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

func gatewayError(status int, key, msg string) *Response {
	body, _ := json.Marshal(map[string]string{key: msg})
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	h.Set("x-amzn-ErrorType", errorType(status))
	return &Response{StatusCode: status, Header: h, Body: body}
}

func errorType(status int) string {
	switch status {
	case 401:
		return "UnauthorizedException"
	case 403:
		return "ForbiddenException"
	case 413:
		return "RequestEntityTooLargeException"
	case 502:
		return "InternalServerErrorException"
	}
	return "Exception"
}

// MissingAuthToken is API Gateway's answer for an unknown resource or method.
func MissingAuthToken() *Response {
	return gatewayError(http.StatusForbidden, "message", "Missing Authentication Token")
}

// Serve handles one request.
func (g *Gateway) Serve(ctx context.Context, req *Request) *Response {
	resource, params, ok := g.router.Match(req.Path)
	if !ok {
		return MissingAuthToken()
	}
	routes := g.byPath[resource]
	method := strings.ToUpper(req.Method)
	var route *Route
	for _, r := range routes {
		for _, m := range r.Methods {
			if m == method {
				route = r
			}
		}
	}
	if route == nil {
		if method == http.MethodOptions {
			if cors := pathCORS(routes); cors != nil {
				return g.preflight(routes, cors, req)
			}
		}
		return MissingAuthToken()
	}

	reqCtx := g.requestContext(req, route, resource, method)
	switch route.AuthorizerKind {
	case "iam":
		if !strings.HasPrefix(req.Header.Get("Authorization"), "AWS4-HMAC-SHA256 ") {
			return MissingAuthToken()
		}
	case "cognito", "custom":
		if req.Header.Get(headerOr(route.AuthorizerHeader)) == "" {
			return gatewayError(http.StatusUnauthorized, "message", "Unauthorized")
		}
	case "builtin":
		if resp := g.authorize(ctx, req, route, resource, method, reqCtx); resp != nil {
			return resp
		}
	}
	if route.APIKeyRequired {
		key := req.Header.Get("X-Api-Key")
		if key == "" {
			return gatewayError(http.StatusForbidden, "message", "Forbidden")
		}
		reqCtx["identity"].(map[string]any)["apiKey"] = key
	}

	payload := g.event(req, resource, method, params, reqCtx)
	out, err := g.cfg.Invoke(ctx, "api_handler", payload)
	if err != nil {
		return gatewayError(http.StatusBadGateway, "message", "Internal server error")
	}
	resp, err := decodeProxyResponse(out)
	if err != nil {
		return gatewayError(http.StatusBadGateway, "message", "Internal server error")
	}
	resp.Function = "api_handler"
	resp.Header.Set("x-amzn-RequestId", reqCtx["requestId"].(string))
	return resp
}

func headerOr(h string) string {
	if h == "" {
		return "Authorization"
	}
	return h
}

// pathCORS returns the CORS config of a path's routes (the analyzer makes
// sure they agree), or nil.
func pathCORS(routes []*Route) *chalice.CORSConfig {
	for _, r := range routes {
		if r.CORS != nil {
			return r.CORS
		}
	}
	return nil
}

// preflight answers OPTIONS for a cors-enabled path, as the mock integration
// chalice deploys does.
func (g *Gateway) preflight(routes []*Route, cors *chalice.CORSConfig, req *Request) *Response {
	var methods []string
	for _, r := range routes {
		methods = append(methods, r.Methods...)
	}
	methods = append(methods, "OPTIONS")
	sort.Strings(methods)
	h := http.Header{}
	for k, v := range CORSHeaders(cors, req.Header.Get("Origin")) {
		h.Set(k, v)
	}
	h.Set("Access-Control-Allow-Methods", strings.Join(dedupe(methods), ","))
	h.Set("Content-Type", "application/json")
	return &Response{StatusCode: http.StatusOK, Header: h, Body: []byte("{}")}
}

func dedupe(s []string) []string {
	out := s[:0]
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}

// BuiltinAllowHeaders are always allowed on CORS routes.
var BuiltinAllowHeaders = []string{"Authorization", "Content-Type", "X-Amz-Date", "X-Amz-Security-Token", "X-Api-Key"}

// CORSHeaders returns the CORS response headers for cfg and the request's
// Origin.
func CORSHeaders(cfg *chalice.CORSConfig, origin string) map[string]string {
	h := map[string]string{}
	allow := cfg.AllowOrigin
	if allow == "" {
		allow = "*"
	}
	if origins := strings.FieldsFunc(allow, func(r rune) bool { return r == ' ' || r == ',' }); len(origins) > 1 {
		allow = origins[0]
		for _, o := range origins {
			if o == origin {
				allow = origin
			}
		}
		h["Vary"] = "Origin"
	}
	h["Access-Control-Allow-Origin"] = allow
	hs := append(append([]string{}, BuiltinAllowHeaders...), cfg.AllowHeaders...)
	sort.Strings(hs)
	h["Access-Control-Allow-Headers"] = strings.Join(dedupe(hs), ",")
	if len(cfg.ExposeHeaders) > 0 {
		h["Access-Control-Expose-Headers"] = strings.Join(cfg.ExposeHeaders, ",")
	}
	if cfg.MaxAge > 0 {
		h["Access-Control-Max-Age"] = itoa(cfg.MaxAge)
	}
	if cfg.AllowCredentials {
		h["Access-Control-Allow-Credentials"] = "true"
	}
	return h
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

func newID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	s := hex.EncodeToString(b[:])
	return s[0:8] + "-" + s[8:12] + "-" + s[12:16] + "-" + s[16:20] + "-" + s[20:]
}

func (g *Gateway) requestContext(req *Request, route *Route, resource, method string) map[string]any {
	now := g.cfg.Now()
	ua := req.Header.Get("User-Agent")
	ip := req.SourceIP
	if ip == "" {
		ip = "127.0.0.1"
	}
	return map[string]any{
		"resourceId":        "local",
		"resourcePath":      resource,
		"httpMethod":        method,
		"extendedRequestId": newID(),
		"requestTime":       now.UTC().Format("02/Jan/2006:15:04:05 -0700"),
		"path":              "/" + g.cfg.Stage + req.Path,
		"accountId":         g.cfg.AccountID,
		"protocol":          "HTTP/1.1",
		"stage":             g.cfg.Stage,
		"domainPrefix":      "localhost",
		"requestTimeEpoch":  now.UnixMilli(),
		"requestId":         newID(),
		"identity": map[string]any{
			"cognitoIdentityPoolId":         nil,
			"accountId":                     nil,
			"cognitoIdentityId":             nil,
			"caller":                        nil,
			"sourceIp":                      ip,
			"principalOrgId":                nil,
			"accessKey":                     nil,
			"cognitoAuthenticationType":     nil,
			"cognitoAuthenticationProvider": nil,
			"userArn":                       nil,
			"userAgent":                     ua,
			"user":                          nil,
			"apiKey":                        nil,
		},
		"domainName": "localhost",
		"apiId":      g.cfg.APIID,
	}
}

// event builds the REST API proxy integration event.
func (g *Gateway) event(req *Request, resource, method string, params map[string]string, reqCtx map[string]any) []byte {
	ev := map[string]any{
		"resource":                        resource,
		"path":                            req.Path,
		"httpMethod":                      method,
		"headers":                         nil,
		"multiValueHeaders":               nil,
		"queryStringParameters":           nil,
		"multiValueQueryStringParameters": nil,
		"pathParameters":                  nil,
		"stageVariables":                  nil,
		"requestContext":                  reqCtx,
		"body":                            nil,
		"isBase64Encoded":                 false,
	}
	if p, err := url.PathUnescape(req.Path); err == nil {
		ev["path"] = p
	}
	if len(req.Header) > 0 {
		single := map[string]string{}
		multi := map[string][]string{}
		for k, vs := range req.Header {
			if len(vs) == 0 {
				continue
			}
			single[k] = vs[len(vs)-1]
			multi[k] = vs
		}
		ev["headers"], ev["multiValueHeaders"] = single, multi
	}
	if q := parseQuery(req.RawQuery); len(q) > 0 {
		single := map[string]string{}
		for k, vs := range q {
			single[k] = vs[len(vs)-1]
		}
		ev["queryStringParameters"], ev["multiValueQueryStringParameters"] = single, q
	}
	if len(params) > 0 {
		ev["pathParameters"] = params
	}
	if len(g.cfg.StageVars) > 0 {
		ev["stageVariables"] = g.cfg.StageVars
	}
	if len(req.Body) > 0 {
		if g.isBinary(req.Header.Get("Content-Type")) {
			ev["body"] = base64.StdEncoding.EncodeToString(req.Body)
			ev["isBase64Encoded"] = true
		} else {
			ev["body"] = string(req.Body)
		}
	}
	b, _ := json.Marshal(ev)
	return b
}

// parseQuery decodes a query string leniently, as API Gateway does: a
// malformed escape is kept literally rather than failing the request.
func parseQuery(raw string) map[string][]string {
	if raw == "" {
		return nil
	}
	out := map[string][]string{}
	for _, part := range strings.Split(raw, "&") {
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		out[unescapeQuery(k)] = append(out[unescapeQuery(k)], unescapeQuery(v))
	}
	return out
}

func unescapeQuery(s string) string {
	if u, err := url.QueryUnescape(s); err == nil {
		return u
	}
	return s
}

func (g *Gateway) isBinary(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		mt = strings.ToLower(strings.TrimSpace(strings.Split(contentType, ";")[0]))
	}
	return g.binary[mt] || g.binary["*/*"]
}

type proxyResponse struct {
	StatusCode        int                 `json:"statusCode"`
	Headers           map[string]string   `json:"headers"`
	MultiValueHeaders map[string][]string `json:"multiValueHeaders"`
	Body              *string             `json:"body"`
	IsBase64Encoded   bool                `json:"isBase64Encoded"`
}

func decodeProxyResponse(out []byte) (*Response, error) {
	var pr proxyResponse
	if err := json.Unmarshal(out, &pr); err != nil {
		return nil, err
	}
	if pr.StatusCode == 0 {
		pr.StatusCode = 200
	}
	h := http.Header{}
	for k, v := range pr.Headers {
		h.Set(k, v)
	}
	for k, vs := range pr.MultiValueHeaders {
		h.Del(k)
		for _, v := range vs {
			h.Add(k, v)
		}
	}
	var body []byte
	if pr.Body != nil {
		if pr.IsBase64Encoded {
			b, err := base64.StdEncoding.DecodeString(*pr.Body)
			if err != nil {
				return nil, err
			}
			body = b
		} else {
			body = []byte(*pr.Body)
		}
	}
	return &Response{StatusCode: pr.StatusCode, Header: h, Body: body}, nil
}
