//chalice:app debug cors binary_types=application/x-custom
//chalice:blueprint example.com/bp/users url_prefix=/users
package main

import (
	"context"

	"github.com/chalice-go/chalice"
)

var cognito = chalice.CognitoUserPoolAuthorizer{Name: "pool", ProviderARNs: []string{"arn:aws:cognito-idp:us-west-2:1:userpool/x"}}

var iam = chalice.IAMAuthorizer{}

var custom = chalice.CustomAuthorizer{Name: "legacy", AuthorizerURI: "arn:aws:apigateway:...", Header: "X-Token"}

var strict = chalice.CORSConfig{AllowOrigin: "https://example.com", AllowHeaders: []string{"X-Special"}, MaxAge: 600, AllowCredentials: true}

//chalice:authorizer ttl_seconds=60
func demoAuth(ctx context.Context, req chalice.AuthRequest) (chalice.AuthResponse, error) {
	return chalice.AuthResponse{Routes: chalice.AllowPaths("*"), PrincipalID: "user"}, nil
}

//chalice:middleware http
func logRequests(ctx context.Context, req *chalice.Request, next chalice.HTTPHandler) (*chalice.Response, error) {
	return next(ctx, req)
}

//chalice:route / authorizer=demoAuth
func index(ctx context.Context) (map[string]any, error) { return nil, nil }

//chalice:route POST /pool authorizer=cognito cors=strict content_types=application/json,text/plain
func pool(req *chalice.Request) (*chalice.Response, error) { return nil, nil }

//chalice:route /iam authorizer=iam api_key_required
func iamOnly() string { return "ok" }

//chalice:route /legacy authorizer=custom
func legacy() chalice.Response { return chalice.Response{} }

//chalice:schedule rate(5 minutes)
func everyFive(ctx context.Context, ev chalice.CloudWatchEvent) error { return nil }

// main is the user's own: the generated file must not declare one.
func main() {
	_ = chaliceApp()
}
