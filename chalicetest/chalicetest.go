// Package chalicetest calls a Chalice for Go app in-process the way AWS
// would: HTTP requests go through an API Gateway emulation (routing,
// authorizers, API keys, CORS preflight) and reach the generated dispatcher
// as real proxy events; other functions are invoked by logical name. The
// emulation is of a REST API unless WithHTTPAPI asks for an HTTP API.
//
//	func TestIndex(t *testing.T) {
//		c := chalicetest.New(chaliceApp())
//		resp := c.Get(t, "/")
//		if resp.StatusCode != 200 { ... }
//	}
package chalicetest

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/chalice-go/chalice/runtime"
	"github.com/chalice-go/chalice/runtime/apigw"
)

// Client drives one app.
type Client struct {
	app *runtime.App
	gw  *apigw.Gateway
}

// Option configures a Client.
type Option func(*apigw.Config)

// WithStage sets the API Gateway stage name (default "api").
func WithStage(stage string) Option { return func(c *apigw.Config) { c.Stage = stage } }

// WithStageVars sets the stage variables sent in every event.
func WithStageVars(vars map[string]string) Option {
	return func(c *apigw.Config) { c.StageVars = vars }
}

// WithHTTPAPI emulates an HTTP API (the stage's api_gateway_type "http"):
// payload 2.0 events, native CORS, Lambda authorizers with simple
// responses, an HTTP API's own answers ({"message":"Not Found"} ...). An
// app an HTTP API cannot serve (routes with different CORS settings, API
// keys, a CustomAuthorizer) fails the test at its first request.
func WithHTTPAPI() Option { return func(c *apigw.Config) { c.HTTPAPI = true } }

// New returns a client for app (the generated chaliceApp()).
func New(app *runtime.App, opts ...Option) *Client {
	cfg := GatewayConfig(app)
	for _, o := range opts {
		o(&cfg)
	}
	return &Client{app: app, gw: apigw.New(cfg)}
}

// GatewayConfig describes app's REST API for the gateway emulation.
func GatewayConfig(app *runtime.App) apigw.Config {
	cfg := apigw.Config{BinaryTypes: app.BinaryMediaTypes(), Invoke: app.Invoke}
	for _, r := range app.Routes {
		cfg.Routes = append(cfg.Routes, apigw.Route{
			Path: r.Path, Methods: r.Methods, CORS: r.CORS,
			AuthorizerKind: r.AuthorizerKind, Authorizer: r.Authorizer,
			AuthorizerHeader: r.AuthorizerHeader, APIKeyRequired: r.APIKeyRequired,
		})
	}
	for _, a := range app.Authorizers {
		cfg.Authorizers = append(cfg.Authorizers, apigw.Authorizer{Name: a.Name, Header: a.Header, TTLSeconds: a.TTLSeconds})
	}
	return cfg
}

// Response is what the HTTP client got back.
type Response struct {
	StatusCode int
	Headers    http.Header
	Body       []byte
}

// JSON decodes the body as JSON, failing the test if it is not.
func (r *Response) JSON(t testing.TB) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(r.Body, &v); err != nil {
		t.Fatalf("response body is not JSON: %v\n%s", err, r.Body)
	}
	return v
}

// DecodeJSON decodes the body into v, failing the test on error.
func (r *Response) DecodeJSON(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("decoding response body: %v\n%s", err, r.Body)
	}
}

// RequestOption adjusts a request.
type RequestOption func(*apigw.Request)

// Header sets a request header.
func Header(name, value string) RequestOption {
	return func(r *apigw.Request) { r.Header.Add(name, value) }
}

// ContentType sets the Content-Type header.
func ContentType(ct string) RequestOption { return Header("Content-Type", ct) }

// SourceIP sets the caller's address in the request context.
func SourceIP(ip string) RequestOption { return func(r *apigw.Request) { r.SourceIP = ip } }

// Do sends a request. path may carry a query string. body is sent as is
// when it is []byte or string, else encoded as JSON with Content-Type
// application/json (unless one is given); nil sends no body.
func (c *Client) Do(t testing.TB, method, path string, body any, opts ...RequestOption) *Response {
	t.Helper()
	if err := c.gw.Err(); err != nil {
		t.Fatalf("chalicetest: %v", err)
	}
	req := &apigw.Request{Method: method, Header: http.Header{}}
	req.Path, req.RawQuery, _ = strings.Cut(path, "?")
	req.Header.Set("User-Agent", "chalicetest")
	for _, o := range opts {
		o(req)
	}
	switch b := body.(type) {
	case nil:
	case []byte:
		req.Body = b
	case string:
		req.Body = []byte(b)
	default:
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(b); err != nil {
			t.Fatalf("encoding request body: %v", err)
		}
		req.Body = bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
		if req.Header.Get("Content-Type") == "" {
			req.Header.Set("Content-Type", "application/json")
		}
	}
	resp := c.gw.Serve(context.Background(), req)
	return &Response{StatusCode: resp.StatusCode, Headers: resp.Header, Body: resp.Body}
}

// Get sends a GET request.
func (c *Client) Get(t testing.TB, path string, opts ...RequestOption) *Response {
	t.Helper()
	return c.Do(t, http.MethodGet, path, nil, opts...)
}

// Post sends a POST request.
func (c *Client) Post(t testing.TB, path string, body any, opts ...RequestOption) *Response {
	t.Helper()
	return c.Do(t, http.MethodPost, path, body, opts...)
}

// Put sends a PUT request.
func (c *Client) Put(t testing.TB, path string, body any, opts ...RequestOption) *Response {
	t.Helper()
	return c.Do(t, http.MethodPut, path, body, opts...)
}

// Patch sends a PATCH request.
func (c *Client) Patch(t testing.TB, path string, body any, opts ...RequestOption) *Response {
	t.Helper()
	return c.Do(t, http.MethodPatch, path, body, opts...)
}

// Delete sends a DELETE request.
func (c *Client) Delete(t testing.TB, path string, opts ...RequestOption) *Response {
	t.Helper()
	return c.Do(t, http.MethodDelete, path, nil, opts...)
}

// Options sends an OPTIONS request (a CORS preflight when Origin is set,
// and, behind an HTTP API, Access-Control-Request-Method too).
func (c *Client) Options(t testing.TB, path string, opts ...RequestOption) *Response {
	t.Helper()
	return c.Do(t, http.MethodOptions, path, nil, opts...)
}

// Invoke calls the logical function name with payload (raw JSON bytes, a
// string of JSON, or a value encoded as JSON) and returns the raw result.
func (c *Client) Invoke(t testing.TB, name string, payload any) ([]byte, error) {
	t.Helper()
	var raw []byte
	switch p := payload.(type) {
	case []byte:
		raw = p
	case string:
		raw = []byte(p)
	default:
		b, err := json.Marshal(p)
		if err != nil {
			t.Fatalf("encoding payload: %v", err)
		}
		raw = b
	}
	return c.app.Invoke(context.Background(), name, raw)
}

// Gateway exposes the API Gateway emulation (for the local server).
func (c *Client) Gateway() *apigw.Gateway { return c.gw }
