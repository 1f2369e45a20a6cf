// Command api is the app the black-box tests of `chalicegen local` drive:
// one route per API Gateway behaviour they check.
//
//chalice:app binary_types=application/x-test-bin
package main

//go:generate chalicegen

import (
	"context"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"github.com/aws/aws-lambda-go/lambdacontext"

	"github.com/chalice-go/chalice"
)

//chalice:route GET /
func index() map[string]string { return map[string]string{"hello": "world"} }

// echo returns what the handler saw of the request.
//
//chalice:route GET,POST,PUT,DELETE,PATCH /echo content_types=application/json,text/plain
func echo(req *chalice.Request) map[string]any {
	return map[string]any{
		"method":            req.Method,
		"path":              req.Path,
		"headers":           req.Headers,
		"multiValueHeaders": req.MultiValueHeaders,
		"query":             req.QueryParams,
		"uri":               req.URIParams,
		"body":              string(req.RawBody),
		"bodyLen":           len(req.RawBody),
		"context":           req.Context,
		"stageVars":         req.StageVars,
	}
}

// Doc is the typed JSON body of /json.
type Doc struct {
	Name  string   `json:"name"`
	Items []string `json:"items"`
}

//chalice:route POST /json
func jsonEcho(d Doc) Doc { return d }

//chalice:route GET /users/{name}
func user(name string) map[string]string { return map[string]string{"name": name} }

//chalice:route GET /files/{path+}
func files(path string) map[string]string { return map[string]string{"path": path} }

// lambdaContext reports the emulated Lambda context of the invocation.
//
//chalice:route GET /lambda-context
func lambdaContext(ctx context.Context) map[string]any {
	lc := chalice.LambdaContext(ctx)
	if lc == nil {
		return nil
	}
	deadline, _ := ctx.Deadline()
	return map[string]any{
		"function":    lambdacontext.FunctionName,
		"memory":      lambdacontext.MemoryLimitInMB,
		"requestId":   lc.AwsRequestID,
		"remainingMs": time.Until(deadline).Milliseconds(),
	}
}

//chalice:route GET /env
func env() map[string]string {
	return map[string]string{"GREETING": os.Getenv("GREETING"), "SHARED": os.Getenv("SHARED"), "GEN": os.Getenv("GEN")}
}

// GEN is changed by the autoreload test.
const GEN = "one"

//chalice:route GET /gen
func gen() map[string]string { return map[string]string{"gen": GEN} }

// bin echoes a binary body (base64 both ways through the event).
//
//chalice:route POST /bin content_types=application/x-test-bin
func bin(req *chalice.Request) *chalice.Response {
	return &chalice.Response{Body: req.RawBody, Headers: map[string]string{"Content-Type": "application/x-test-bin"}}
}

//chalice:route GET /cookies
func cookies() *chalice.Response {
	return &chalice.Response{
		Body:              "ok",
		Headers:           map[string]string{"Content-Type": "text/plain", "X-Custom": "single"},
		MultiValueHeaders: map[string][]string{"Set-Cookie": {"a=1", "b=2"}},
	}
}

//chalice:route GET,HEAD /head
func head() *chalice.Response {
	return &chalice.Response{Body: "twelve bytes", Headers: map[string]string{"Content-Type": "text/plain"}}
}

//chalice:route GET /status/{code}
func status(code int) *chalice.Response { return &chalice.Response{StatusCode: code, Body: ""} }

//chalice:route GET /bad
func bad() error { return chalice.BadRequestError("nope") }

//chalice:route GET /panic
func panics() string { panic("boom") }

//chalice:route PUT,GET /cors cors
func cors() map[string]bool { return map[string]bool{"cors": true} }

var authCalls atomic.Int64

// auth decides by token: "allow" may GET /private, "admin" may also
// DELETE /admin/{item}, "boom" fails, "unauth" is Unauthorized.
//
//chalice:authorizer ttl_seconds=1
func auth(ctx context.Context, req chalice.AuthRequest) (chalice.AuthResponse, error) {
	authCalls.Add(1)
	switch req.Token {
	case "allow":
		return chalice.AuthResponse{Routes: []chalice.AuthRoute{{Path: "/private", Methods: []string{"GET"}}}, PrincipalID: "ada", Context: map[string]any{"team": "blue", "level": 3}}, nil
	case "admin":
		return chalice.AuthResponse{Routes: []chalice.AuthRoute{{Path: "/private", Methods: []string{"GET"}}, {Path: "/admin/{item}", Methods: []string{"DELETE"}}}, PrincipalID: "root"}, nil
	case "boom":
		return chalice.AuthResponse{}, chalice.ChaliceViewError("boom")
	case "unauth":
		return chalice.AuthResponse{}, chalice.UnauthorizedError("no")
	}
	if strings.HasPrefix(req.Token, "count") {
		return chalice.AuthResponse{Routes: chalice.AllowPaths("/private"), PrincipalID: req.Token}, nil
	}
	return chalice.AuthResponse{PrincipalID: "nobody"}, nil
}

//chalice:route GET /private authorizer=auth
func private(ctx context.Context) map[string]any {
	return map[string]any{"authorizer": chalice.CurrentRequest(ctx).Context["authorizer"]}
}

//chalice:route DELETE /admin/{item} authorizer=auth
func adminDelete(item string) map[string]string { return map[string]string{"deleted": item} }

//chalice:route GET /authcalls
func authcalls() map[string]int64 { return map[string]int64{"calls": authCalls.Load()} }

//chalice:route GET /key api_key_required
func key(ctx context.Context) map[string]any {
	return map[string]any{"identity": chalice.CurrentRequest(ctx).Context["identity"]}
}

var iamAuth = chalice.IAMAuthorizer{}

//chalice:route GET /iam authorizer=iamAuth
func iam(ctx context.Context) map[string]any {
	return map[string]any{"identity": chalice.CurrentRequest(ctx).Context["identity"]}
}

var pool = chalice.CognitoUserPoolAuthorizer{
	Name:         "Pool",
	ProviderARNs: []string{"arn:aws:cognito-idp:us-west-2:123456789012:userpool/us-west-2_abc"},
}

//chalice:route GET /pool authorizer=pool
func userPool(ctx context.Context) map[string]any {
	return map[string]any{"authorizer": chalice.CurrentRequest(ctx).Context["authorizer"]}
}

var custom = chalice.CustomAuthorizer{
	Name:          "Custom",
	Header:        "X-Token",
	AuthorizerURI: "arn:aws:apigateway:us-west-2:lambda:path/2015-03-31/functions/arn:aws:lambda:us-west-2:123456789012:function:Auth/invocations",
}

//chalice:route GET /custom authorizer=custom
func customAuth() map[string]bool { return map[string]bool{"secure": true} }
