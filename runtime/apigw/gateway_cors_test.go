package apigw

import (
	"context"
	"strings"
	"testing"

	"github.com/chalice-go/chalice"
)

// TestGatewayAnswersCarryCORS: in an app with CORS routes the gateway's
// own answers (missing API key, unknown path, authorizer denial, payload
// too large) carry apirules.GatewayCORS's headers, so a page on another
// origin reads them; an app without CORS routes sends none.
func TestGatewayAnswersCarryCORS(t *testing.T) {
	f := &fakeInvoke{}
	routes := []Route{
		{Path: "/secret", Methods: []string{"GET"}, CORS: &chalice.CORSConfig{AllowOrigin: "https://app.example"}, APIKeyRequired: true},
		{Path: "/token", Methods: []string{"GET"}, CORS: &chalice.CORSConfig{AllowOrigin: "https://app.example"}, AuthorizerKind: "custom", Authorizer: "x"},
		{Path: "/plain", Methods: []string{"GET"}},
	}
	g := New(Config{Routes: routes, Invoke: f.invoke})
	for _, c := range []struct {
		method, path string
		body         string
		status       int
	}{
		{"GET", "/secret", "", 403},
		{"GET", "/token", "", 401},
		{"GET", "/nowhere", "", 403},
		{"POST", "/plain", "", 403},
		{"POST", "/secret", strings.Repeat("x", MaxPayload+1), 413},
	} {
		resp := g.Serve(context.Background(), &Request{Method: c.method, Path: c.path, Body: []byte(c.body), Header: map[string][]string{"Origin": {"https://app.example"}}})
		if resp.StatusCode != c.status {
			t.Errorf("%s %s: status %d, want %d", c.method, c.path, resp.StatusCode, c.status)
		}
		if got := resp.Header.Get("Access-Control-Allow-Origin"); got != "https://app.example" {
			t.Errorf("%s %s: Access-Control-Allow-Origin = %q", c.method, c.path, got)
		}
	}

	plain := New(Config{Routes: routes[2:], Invoke: f.invoke})
	resp := plain.Serve(context.Background(), &Request{Method: "GET", Path: "/nowhere"})
	if resp.StatusCode != 403 || resp.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("app without CORS: %d, Access-Control-Allow-Origin %q", resp.StatusCode, resp.Header.Get("Access-Control-Allow-Origin"))
	}
}
