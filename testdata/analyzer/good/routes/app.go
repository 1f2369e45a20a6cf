// Routes exercises every parameter and result form of a route handler.
//
//chalice:app debug cors=appCORS binary_types=application/x-foo,image/png
package main

import (
	"context"
	"encoding/json"
	"net/netip"
	"time"

	"github.com/chalice-go/chalice"
)

const origin = "https://example.com"

var appCORS = chalice.CORSConfig{
	AllowOrigin:      origin,
	AllowHeaders:     []string{"X-Special", "X-" + "Other"},
	ExposeHeaders:    nil,
	MaxAge:           600,
	AllowCredentials: true,
}

var openCORS = &chalice.CORSConfig{AllowOrigin: "*"}

var iam = chalice.IAMAuthorizer{}

var pool = chalice.CognitoUserPoolAuthorizer{
	Name:         "MyPool",
	ProviderARNs: []string{"arn:aws:cognito-idp:us-west-2:123:userpool/us-west-2_abc"},
	Audience:     []string{"client-a", "client-b"},
}

var legacy = &chalice.CustomAuthorizer{
	Name:          "Legacy",
	AuthorizerURI: "arn:aws:apigateway:us-west-2:lambda:path/2015-03-31/functions/arn:aws:lambda:us-west-2:123:function:auth/invocations",
	Header:        "X-Token",
}

// UserID is a named string: parsed like a string.
type UserID string

// Level is a named int with its own text form.
type Level int

func (l *Level) UnmarshalText(b []byte) error { *l = Level(len(b)); return nil }

// Profile is a JSON body.
type Profile struct {
	Name    string            `json:"name"`
	Tags    map[string]string `json:"tags,omitempty"`
	Created time.Time         `json:"created"`
	secret  chan int
}

//chalice:authorizer name=demo_auth ttl_seconds=30 header=X-Auth execution_role=arn:aws:iam::123:role/auth
func demoAuth(ctx context.Context, req chalice.AuthRequest) (chalice.AuthResponse, error) {
	return chalice.AuthResponse{Routes: chalice.AllowPaths("/"), PrincipalID: "user"}, nil
}

//chalice:route /
func index() map[string]string { return map[string]string{"hello": "world"} }

//chalice:route GET,PUT /users/{id}/level/<level> authorizer=iam api_key_required
func userLevel(ctx context.Context, id UserID, level Level, r *chalice.Request) (*chalice.Response, error) {
	return &chalice.Response{Body: string(id)}, nil
}

//chalice:route POST /users/{id} content_types=application/json,text/plain authorizer=pool name=create_user
func createUser(ctx context.Context, id int64, p *Profile) (Profile, error) { return *p, nil }

//chalice:route DELETE /accounts/{id} cors=openCORS authorizer=legacy
func deleteUser(id uint8) error { return nil }

//chalice:route PATCH /flags/{on}/{ratio}/{addr} authorizer=demoAuth
func flags(on bool, ratio float32, addr netip.Addr, body []map[string]any) chalice.Response {
	return chalice.Response{}
}

//chalice:route POST /bin content_types=application/octet-stream,application/x-foo cors
func bin(r *chalice.Request) ([]byte, error) { return r.RawBody, nil }

//chalice:route /files/{proxy+}
func files(proxy string) (json.RawMessage, error) { return nil, nil }

//chalice:route /multi/a
//chalice:route /multi/b
func multi() {}

//chalice:route /raw
func raw(m map[string]json.RawMessage) any { return m }
