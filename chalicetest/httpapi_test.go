package chalicetest_test

import (
	"context"
	"testing"

	"github.com/chalice-go/chalice"
	"github.com/chalice-go/chalice/chalicetest"
	"github.com/chalice-go/chalice/runtime"
)

// WithHTTPAPI: the app's dispatcher gets payload 2.0 events, the gateway
// answers as an HTTP API, and a built-in authorizer's context reaches the
// handler through chalice.Request.AuthorizerContext.
func TestWithHTTPAPI(t *testing.T) {
	app := &runtime.App{
		Name: "h",
		Routes: []runtime.Route{{Name: "item", Path: "/items/{id}", Methods: []string{"GET"}, AuthorizerKind: "builtin", Authorizer: "auth",
			Handler: func(ctx context.Context, c *runtime.Call) (any, error) {
				r := chalice.CurrentRequest(ctx)
				return map[string]any{"id": r.URIParams["id"], "auth": r.AuthorizerContext(), "stage": r.Context["stage"]}, nil
			}}},
		Authorizers: []runtime.Authorizer{{Name: "auth", Handler: func(ctx context.Context, req chalice.AuthRequest) (chalice.AuthResponse, error) {
			if req.Token != "ok" {
				return chalice.AuthResponse{}, nil
			}
			return chalice.AuthResponse{Routes: chalice.AllowPaths("/items/{id}"), PrincipalID: "ada", Context: map[string]any{"team": "blue"}}, nil
		}}},
	}
	c := chalicetest.New(app, chalicetest.WithHTTPAPI())
	if r := c.Get(t, "/items/7", chalicetest.Header("Authorization", "ok")); r.StatusCode != 200 ||
		string(r.Body) != `{"auth":{"principalId":"ada","team":"blue"},"id":"7","stage":"$default"}` {
		t.Errorf("allowed: %d %s", r.StatusCode, r.Body)
	}
	if r := c.Get(t, "/items/7", chalicetest.Header("Authorization", "no")); r.StatusCode != 403 || string(r.Body) != `{"message":"Forbidden"}` {
		t.Errorf("denied: %d %s", r.StatusCode, r.Body)
	}
	if r := c.Delete(t, "/items/7"); r.StatusCode != 404 || string(r.Body) != `{"message":"Not Found"}` {
		t.Errorf("wrong method: %d %s", r.StatusCode, r.Body)
	}
	// The same app behind the default REST emulation.
	if r := chalicetest.New(app).Delete(t, "/items/7"); r.StatusCode != 403 || string(r.Body) != `{"message":"Missing Authentication Token"}` {
		t.Errorf("REST: %d %s", r.StatusCode, r.Body)
	}
}
