// Command httpapi is deployed as an API Gateway v2 HTTP API
// (api_gateway_type "http" in .chalice/config.json): routes with path
// captures and a greedy capture, native CORS (the one configuration every
// route shares), a built-in authorizer (a Lambda authorizer with simple
// responses), IAM, and a Cognito user pool (a JWT authorizer).
//
//chalice:app cors=site
package main

//go:generate go tool chalicegen

import (
	"context"

	"github.com/chalice-go/chalice"
)

// site is the app-wide CORS configuration: an HTTP API has one.
var site = chalice.CORSConfig{
	AllowOrigin:   "https://app.example.com",
	AllowHeaders:  []string{"X-Request-Id"},
	ExposeHeaders: []string{"X-Total"},
	MaxAge:        600,
}

//chalice:route GET /
func index() map[string]string { return map[string]string{"hello": "http api"} }

//chalice:route GET,PUT /users/{name}
func user(ctx context.Context, name string) map[string]string {
	return map[string]string{"name": name, "method": chalice.CurrentRequest(ctx).Method}
}

//chalice:route GET /files/{proxy+}
func files(proxy string) map[string]string { return map[string]string{"path": proxy} }

// gate allows the token "allow" to read and delete items, "reader" to
// read them.
//
//chalice:authorizer
func gate(ctx context.Context, req chalice.AuthRequest) (chalice.AuthResponse, error) {
	switch req.Token {
	case "allow":
		return chalice.AuthResponse{Routes: []chalice.AuthRoute{{Path: "/private/{item}", Methods: []string{"GET", "DELETE"}}}, PrincipalID: "user", Context: map[string]any{"team": "blue"}}, nil
	case "reader":
		return chalice.AuthResponse{Routes: []chalice.AuthRoute{{Path: "/private/{item}", Methods: []string{"GET"}}}, PrincipalID: "reader"}, nil
	}
	return chalice.AuthResponse{PrincipalID: "user"}, nil
}

//chalice:route GET,DELETE /private/{item} authorizer=gate
func private(item string) map[string]string { return map[string]string{"item": item} }

var iam = chalice.IAMAuthorizer{}

//chalice:route POST /signed authorizer=iam
func signed() map[string]bool { return map[string]bool{"signed": true} }

var pool = chalice.CognitoUserPoolAuthorizer{
	Name:         "UserPool",
	ProviderARNs: []string{"arn:aws:cognito-idp:us-west-2:123456789012:userpool/us-west-2_example"},
	Audience:     []string{"example-client-id"},
}

//chalice:route GET /me authorizer=pool
func me(ctx context.Context) map[string]any {
	return map[string]any{"context": chalice.CurrentRequest(ctx).Context}
}
