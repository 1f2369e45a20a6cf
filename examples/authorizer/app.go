// Command authorizer is the built-in authorizer demo, plus routes guarded by
// an API key, IAM, a Cognito user pool and an existing custom authorizer.
package main

//go:generate go tool chalicegen

import (
	"context"

	"github.com/chalice-go/chalice"
)

// demoAuth treats the token as the decision, as the API Gateway docs' demo
// does; a real one would verify a JWT.
//
//chalice:authorizer
func demoAuth(ctx context.Context, req chalice.AuthRequest) (chalice.AuthResponse, error) {
	switch req.Token {
	case "allow":
		return chalice.AuthResponse{Routes: chalice.AllowPaths("/"), PrincipalID: "user", Context: map[string]any{"team": "blue"}}, nil
	case "admin":
		return chalice.AuthResponse{
			Routes:      []chalice.AuthRoute{{Path: "/", Methods: []string{"GET"}}, {Path: "/admin/{item}", Methods: []string{"DELETE"}}},
			PrincipalID: "root",
		}, nil
	}
	return chalice.AuthResponse{Routes: nil, PrincipalID: "user"}, nil
}

//chalice:route GET / authorizer=demoAuth
func index(ctx context.Context) map[string]any {
	return map[string]any{"context": chalice.CurrentRequest(ctx).Context}
}

//chalice:route DELETE /admin/{item} authorizer=demoAuth
func deleteItem(item string) map[string]string { return map[string]string{"deleted": item} }

//chalice:route GET /authenticated api_key_required
func authenticated() map[string]bool { return map[string]bool{"secure": true} }

var iamAuth = chalice.IAMAuthorizer{}

//chalice:route GET /iam-role authorizer=iamAuth
func iamRole() map[string]bool { return map[string]bool{"secure": true} }

var pool = chalice.CognitoUserPoolAuthorizer{
	Name:         "MyPool",
	Header:       "Authorization",
	ProviderARNs: []string{"arn:aws:cognito-idp:us-west-2:123456789012:userpool/us-west-2_abc"},
}

//chalice:route GET /user-pools authorizer=pool
func userPools() map[string]bool { return map[string]bool{"secure": true} }

var custom = chalice.CustomAuthorizer{
	Name:          "MyCustomAuth",
	Header:        "Authorization",
	AuthorizerURI: "arn:aws:apigateway:us-west-2:lambda:path/2015-03-31/functions/arn:aws:lambda:us-west-2:123456789012:function:Auth/invocations",
	TTLSeconds:    60,
}

//chalice:route GET /custom-auth authorizer=custom
func customAuth() map[string]bool { return map[string]bool{"secure": true} }
