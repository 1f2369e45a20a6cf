// Command httpapi is the plan golden of an HTTP API (api_gateway_type
// "http"): every route shares one CORS config (native CORS, so no OPTIONS
// route), a greedy capture, a built-in authorizer with its own header, no cache and an execution role, IAM, a
// Cognito user pool, a custom domain and a Function URL.
package main

//go:generate chalicegen

import (
	"context"

	"github.com/chalice-go/chalice"
)

var shared = chalice.CORSConfig{AllowOrigin: "https://a.example.com", AllowHeaders: []string{"X-Api"}, MaxAge: 60, AllowCredentials: true}

//chalice:route GET /items cors=shared
func items() []string { return nil }

//chalice:route GET,PUT,DELETE /items/{id} authorizer=gate cors=shared
func item(id string) map[string]string { return map[string]string{"id": id} }

//chalice:route GET,POST /raw/{proxy+} cors=shared
func raw(proxy string) string { return proxy }

//chalice:authorizer header=X-Token ttl_seconds=0 execution_role=arn:aws:iam::123456789012:role/authorizer-invoke
func gate(ctx context.Context, req chalice.AuthRequest) (chalice.AuthResponse, error) {
	return chalice.AuthResponse{Routes: chalice.AllowPaths("/items/{id}"), PrincipalID: "u"}, nil
}

var signed = chalice.IAMAuthorizer{}

//chalice:route POST /signed authorizer=signed cors=shared
func sign() map[string]bool { return map[string]bool{"ok": true} }

var users = &chalice.CognitoUserPoolAuthorizer{
	Name:         "Users",
	Header:       "X-Id-Token",
	ProviderARNs: []string{"arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_Users"},
	Audience:     []string{"web-client", "cli-client"},
}

//chalice:route GET /whoami authorizer=users cors=shared
func whoami() map[string]bool { return map[string]bool{"ok": true} }

//chalice:lambda_function name=worker
func worker(ctx context.Context, event map[string]any) (map[string]any, error) { return event, nil }
