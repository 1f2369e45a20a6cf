package model

import "testing"

func TestAuthorizerHeader(t *testing.T) {
	app := &App{
		PkgPath:        "example.com/app",
		Authorizers:    []*Authorizer{{Name: "tok", Header: "X-Token"}, {Name: "plain"}},
		AuthorizerVars: []*AuthorizerVar{{Var: "pool", PkgPath: "example.com/app", Kind: AuthCognito, Header: "X-Pool"}, {Var: "bp", PkgPath: "example.com/bp", Kind: AuthCustom}},
	}
	route := func(ref *AuthorizerRef, pkg string) *Route {
		return &Route{Authorizer: ref, Func: Func{PkgPath: pkg}}
	}
	for _, c := range []struct {
		r    *Route
		want string
		ok   bool
	}{
		{route(nil, ""), "", true},
		{route(&AuthorizerRef{Kind: AuthIAM}, ""), "", true},
		{route(&AuthorizerRef{Kind: AuthBuiltin, Name: "tok"}, ""), "X-Token", true},
		{route(&AuthorizerRef{Kind: AuthBuiltin, Name: "plain"}, ""), "Authorization", true},
		{route(&AuthorizerRef{Kind: AuthBuiltin, Name: "nope"}, ""), "", false},
		{route(&AuthorizerRef{Kind: AuthCognito, Var: "pool"}, ""), "X-Pool", true},
		{route(&AuthorizerRef{Kind: AuthCustom, Var: "bp"}, "example.com/bp"), "Authorization", true},
		{route(&AuthorizerRef{Kind: AuthCustom, Var: "bp"}, "example.com/app"), "", false},
	} {
		if got, ok := app.AuthorizerHeader(c.r); got != c.want || ok != c.ok {
			t.Errorf("AuthorizerHeader(%+v) = %q, %v; want %q, %v", c.r.Authorizer, got, ok, c.want, c.ok)
		}
	}
}
