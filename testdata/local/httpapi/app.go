// Command httpapi is the app the black-box tests of `chalicegen local`
// drive as an HTTP API (api_gateway_type "http" in .chalice/config.json;
// the stage "rest" serves it as a REST API).
//
//chalice:app cors=site
package main

//go:generate chalicegen

import (
	"context"
	"sync/atomic"

	"github.com/chalice-go/chalice"
)

// site is the app-wide CORS configuration: an HTTP API has one.
var site = chalice.CORSConfig{
	AllowOrigin:   "https://app.example",
	AllowHeaders:  []string{"X-Request-Id"},
	ExposeHeaders: []string{"X-Total"},
	MaxAge:        600,
}

// echo returns what the handler saw of the request.
//
//chalice:route GET,POST /echo/{name} content_types=application/json,text/plain
func echo(req *chalice.Request, name string) map[string]any {
	return map[string]any{
		"method":  req.Method,
		"path":    req.Path,
		"headers": req.Headers,
		"query":   req.QueryParams,
		"uri":     req.URIParams,
		"name":    name,
		"body":    string(req.RawBody),
		"context": req.Context,
	}
}

//chalice:route GET /files/{path+}
func files(path string) map[string]string { return map[string]string{"path": path} }

//chalice:route GET /headers
func headers() *chalice.Response {
	return &chalice.Response{StatusCode: 201, Body: "made",
		Headers: map[string]string{"Content-Type": "text/plain", "X-Total": "3", "Access-Control-Allow-Origin": "https://other.example"}}
}

//chalice:route GET /fail
func fail() (map[string]string, error) { return nil, chalice.NotFoundError("no such thing") }

var authCalls atomic.Int64

// gate lets "allow" read and delete items, "reader" only read them.
//
//chalice:authorizer ttl_seconds=300 header=X-Token
func gate(ctx context.Context, req chalice.AuthRequest) (chalice.AuthResponse, error) {
	authCalls.Add(1)
	switch req.Token {
	case "allow":
		return chalice.AuthResponse{Routes: []chalice.AuthRoute{{Path: "/private/{item}", Methods: []string{"GET", "DELETE"}}},
			PrincipalID: "ada", Context: map[string]any{"team": "blue"}}, nil
	case "reader":
		return chalice.AuthResponse{Routes: []chalice.AuthRoute{{Path: "/private/{item}", Methods: []string{"GET"}}}, PrincipalID: "bob"}, nil
	case "boom":
		return chalice.AuthResponse{}, chalice.ChaliceViewError("boom")
	}
	return chalice.AuthResponse{PrincipalID: "nobody"}, nil
}

//chalice:route GET,DELETE /private/{item} authorizer=gate
func private(ctx context.Context, item string) map[string]any {
	return map[string]any{"item": item, "authorizer": chalice.CurrentRequest(ctx).AuthorizerContext()}
}

//chalice:route GET /authcalls
func authcalls() map[string]int64 { return map[string]int64{"calls": authCalls.Load()} }

var iamAuth = chalice.IAMAuthorizer{}

//chalice:route GET /iam authorizer=iamAuth
func iam(ctx context.Context) map[string]any {
	return map[string]any{"iam": chalice.CurrentRequest(ctx).IAMIdentity()}
}

var pool = chalice.CognitoUserPoolAuthorizer{
	Name:         "Pool",
	ProviderARNs: []string{"arn:aws:cognito-idp:us-west-2:123456789012:userpool/us-west-2_abc"},
	Audience:     []string{"client-1"},
}

//chalice:route GET /me authorizer=pool
func me(ctx context.Context) map[string]any {
	return map[string]any{"claims": chalice.CurrentRequest(ctx).Claims()}
}
