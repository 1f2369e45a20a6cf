package runtime

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/chalice-go/chalice"
)

const arnBaseAPI = "arn:aws:execute-api:eu-west-1:123456789012:k3x9q2vb7d/api"

type policyOut struct {
	PrincipalID    string `json:"principalId"`
	PolicyDocument struct {
		Version   string
		Statement []struct {
			Action   string
			Effect   string
			Resource []string
		}
	} `json:"policyDocument"`
	Context map[string]any `json:"context"`
	raw     map[string]any
}

func authApp(h func(ctx context.Context, req chalice.AuthRequest) (chalice.AuthResponse, error)) *App {
	return &App{Name: "authapp", Authorizers: []Authorizer{
		{Name: "demo_auth", Header: "Authorization", TTLSeconds: 300, Handler: h},
		{Name: "session_auth", Header: "X-Session", Handler: h},
	}}
}

func runAuth(t *testing.T, a *App, name string, payload []byte) (policyOut, error) {
	t.Helper()
	out, err := a.Invoke(context.Background(), name, payload)
	var p policyOut
	if err != nil {
		return p, err
	}
	if err := json.Unmarshal(out, &p); err != nil {
		t.Fatalf("policy is not JSON: %v\n%s", err, out)
	}
	_ = json.Unmarshal(out, &p.raw)
	return p, nil
}

func TestAuthorizerPolicies(t *testing.T) {
	tests := []struct {
		name      string
		routes    []chalice.AuthRoute
		effect    string
		resources []string
	}{
		{"string route all methods", chalice.AllowPaths("/"), "Allow", []string{arnBaseAPI + "/*/"}},
		{"method route", []chalice.AuthRoute{{Path: "/foo/bar", Methods: []string{"GET"}}}, "Allow", []string{arnBaseAPI + "/GET/foo/bar"}},
		{"several methods", []chalice.AuthRoute{{Path: "/foo", Methods: []string{"get", "POST"}}}, "Allow",
			[]string{arnBaseAPI + "/GET/foo", arnBaseAPI + "/POST/foo"}},
		{"captures become wildcards", []chalice.AuthRoute{{Path: "/users/{name}/posts/{id}", Methods: []string{"GET"}}, {Path: "/files/{proxy+}", Methods: []string{"GET"}}},
			"Allow", []string{arnBaseAPI + "/GET/users/*/posts/*", arnBaseAPI + "/GET/files/*"}},
		{"everything", chalice.AllowPaths("*"), "Allow", []string{arnBaseAPI + "/*/*"}},
		{"star path one method", []chalice.AuthRoute{{Path: "*", Methods: []string{"GET"}}}, "Allow", []string{arnBaseAPI + "/GET/*"}},
		{"nil methods mean all", []chalice.AuthRoute{{Path: "/x"}}, "Allow", []string{arnBaseAPI + "/*/x"}},
		{"duplicates collapse", []chalice.AuthRoute{{Path: "/x", Methods: []string{"GET"}}, {Path: "/x", Methods: []string{"GET"}}}, "Allow",
			[]string{arnBaseAPI + "/GET/x"}},
		{"no routes deny", nil, "Deny", []string{arnBaseAPI + "/*/*"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got chalice.AuthRequest
			a := authApp(func(ctx context.Context, req chalice.AuthRequest) (chalice.AuthResponse, error) {
				got = req
				return chalice.AuthResponse{Routes: tc.routes, PrincipalID: "user"}, nil
			})
			p, err := runAuth(t, a, "demo_auth", fixture(t, "auth_token.json"))
			if err != nil {
				t.Fatal(err)
			}
			if got.AuthType != "TOKEN" || got.Token != "allow" || got.MethodARN != arnBaseAPI+"/GET/users/bob" || got.Raw["type"] != "TOKEN" {
				t.Errorf("request = %+v", got)
			}
			if p.PrincipalID != "user" || p.PolicyDocument.Version != "2012-10-17" || len(p.PolicyDocument.Statement) != 1 {
				t.Fatalf("policy = %+v", p)
			}
			st := p.PolicyDocument.Statement[0]
			if st.Action != "execute-api:Invoke" || st.Effect != tc.effect || !reflect.DeepEqual(st.Resource, tc.resources) {
				t.Errorf("statement = %+v, want %s %v", st, tc.effect, tc.resources)
			}
			if _, ok := p.raw["context"]; ok {
				t.Error("context present without values")
			}
		})
	}
}

func TestAuthorizerRequestEventAndContext(t *testing.T) {
	var got chalice.AuthRequest
	a := authApp(func(ctx context.Context, req chalice.AuthRequest) (chalice.AuthResponse, error) {
		got = req
		return chalice.AuthResponse{Routes: chalice.AllowPaths("/orders/{id}"), PrincipalID: "u-1",
			Context: map[string]any{"user": "ada", "n": 3, "admin": true, "groups": []string{"a", "b"}, "gone": nil}}, nil
	})
	p, err := runAuth(t, a, "session_auth", fixture(t, "auth_request.json"))
	if err != nil {
		t.Fatal(err)
	}
	if got.AuthType != "REQUEST" || got.Token != "tok-777" {
		t.Errorf("request = %+v", got)
	}
	if h := got.Raw["headers"].(map[string]any); h["X-Session"] != "tok-777" {
		t.Errorf("raw headers = %v", h)
	}
	want := map[string]any{"user": "ada", "n": 3.0, "admin": true, "groups": `["a","b"]`}
	if !reflect.DeepEqual(p.Context, want) {
		t.Errorf("context = %v, want %v", p.Context, want)
	}
	if r := p.PolicyDocument.Statement[0].Resource; !reflect.DeepEqual(r, []string{
		"arn:aws:execute-api:eu-west-1:123456789012:k3x9q2vb7d/api/*/orders/*"}) {
		t.Errorf("resources = %v", r)
	}
	// The default header of a REQUEST authorizer is Authorization.
	if _, err := runAuth(t, a, "demo_auth", fixture(t, "auth_request.json")); err != nil || got.Token != "Bearer header-token" {
		t.Errorf("token = %q, %v", got.Token, err)
	}
}

func TestAuthorizerErrors(t *testing.T) {
	tests := []struct {
		name    string
		err     error
		panic   bool
		wantErr string
		effect  string
	}{
		{name: "unauthorized view error", err: chalice.UnauthorizedError("bad token"), wantErr: "Unauthorized"},
		{name: "plain Unauthorized", err: errors.New("Unauthorized"), wantErr: "Unauthorized"},
		{name: "forbidden denies", err: chalice.ForbiddenError("no"), effect: "Deny"},
		{name: "other error", err: errors.New("token service down"), wantErr: "token service down"},
		{name: "panic", panic: true, wantErr: "panicked"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := authApp(func(ctx context.Context, req chalice.AuthRequest) (chalice.AuthResponse, error) {
				if tc.panic {
					panic("auth boom")
				}
				return chalice.AuthResponse{}, tc.err
			})
			quietLogs(t, a)
			p, err := runAuth(t, a, "demo_auth", fixture(t, "auth_token.json"))
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				if tc.wantErr == "Unauthorized" && err.Error() != "Unauthorized" {
					t.Errorf("err = %q: API Gateway needs exactly Unauthorized", err)
				}
				return
			}
			if err != nil || p.PolicyDocument.Statement[0].Effect != tc.effect {
				t.Errorf("policy = %+v, %v", p, err)
			}
		})
	}
}

func TestAuthorizerMalformed(t *testing.T) {
	a := authApp(func(ctx context.Context, req chalice.AuthRequest) (chalice.AuthResponse, error) {
		return chalice.AuthResponse{Routes: chalice.AllowPaths("/x"), PrincipalID: "p"}, nil
	})
	if _, err := a.Invoke(context.Background(), "demo_auth", []byte(`{"type":`)); err == nil {
		t.Error("malformed event accepted")
	}
	// An unparseable methodArn is used as is.
	p, err := runAuth(t, a, "demo_auth", []byte(`{"type":"TOKEN","authorizationToken":"t","methodArn":"weird"}`))
	if err != nil || !reflect.DeepEqual(p.PolicyDocument.Statement[0].Resource, []string{"weird"}) {
		t.Errorf("policy = %+v, %v", p, err)
	}
	// HTTP API authorizers send routeArn and get a simple response.
	out, err := a.Invoke(context.Background(), "demo_auth", []byte(`{"version":"2.0","type":"REQUEST","routeArn":"arn:aws:execute-api:us-east-1:1:api/$default/GET/x","headers":{"authorization":"t"}}`))
	if err != nil || string(out) != `{"isAuthorized":true,"context":{"principalId":"p"}}` {
		t.Errorf("simple response = %s, %v", out, err)
	}
}

func TestAuthorizerSimpleResponse(t *testing.T) {
	tests := []struct {
		name   string
		auth   string // the authorizer: its header is the identity source
		routes []chalice.AuthRoute
		err    error
		want   string // the answer, or the error
		token  string
	}{
		{name: "allowed route", auth: "session_auth", routes: []chalice.AuthRoute{{Path: "/orders/{id}", Methods: []string{"POST"}}},
			want: `{"isAuthorized":true,"context":{"n":3,"principalId":"u-1","user":"ada"}}`, token: "tok-777"},
		{name: "default header", auth: "demo_auth", routes: chalice.AllowPaths("*"),
			want: `{"isAuthorized":true,"context":{"n":3,"principalId":"u-1","user":"ada"}}`, token: "Bearer header-token"},
		{name: "other method", auth: "session_auth", routes: []chalice.AuthRoute{{Path: "/orders/{id}", Methods: []string{"GET"}}},
			want: `{"isAuthorized":false,"context":{"n":3,"principalId":"u-1","user":"ada"}}`, token: "tok-777"},
		{name: "other path", auth: "session_auth", routes: chalice.AllowPaths("/orders"),
			want: `{"isAuthorized":false,"context":{"n":3,"principalId":"u-1","user":"ada"}}`, token: "tok-777"},
		{name: "no routes", auth: "session_auth", want: `{"isAuthorized":false,"context":{"n":3,"principalId":"u-1","user":"ada"}}`, token: "tok-777"},
		{name: "unauthorized", auth: "session_auth", err: chalice.UnauthorizedError("bad"), want: `{"isAuthorized":false}`, token: "tok-777"},
		{name: "forbidden", auth: "session_auth", err: chalice.ForbiddenError("no"), want: `{"isAuthorized":false}`, token: "tok-777"},
		{name: "failure", auth: "session_auth", err: errors.New("token service down"), want: "token service down", token: "tok-777"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got chalice.AuthRequest
			a := authApp(func(ctx context.Context, req chalice.AuthRequest) (chalice.AuthResponse, error) {
				got = req
				if tc.err != nil {
					return chalice.AuthResponse{}, tc.err
				}
				return chalice.AuthResponse{Routes: tc.routes, PrincipalID: "u-1", Context: map[string]any{"user": "ada", "n": 3}}, nil
			})
			quietLogs(t, a)
			out, err := a.Invoke(context.Background(), tc.auth, fixture(t, "auth_request_v2.json"))
			if err != nil {
				if !strings.Contains(err.Error(), tc.want) {
					t.Fatalf("err = %v, want %s", err, tc.want)
				}
				return
			}
			if string(out) != tc.want {
				t.Errorf("answer = %s, want %s", out, tc.want)
			}
			if got.AuthType != "REQUEST" || got.Token != tc.token || got.MethodARN != "arn:aws:execute-api:eu-west-1:123456789012:k3x9q2vb7d/$default/POST/orders/42" {
				t.Errorf("request = %+v", got)
			}
		})
	}
}
