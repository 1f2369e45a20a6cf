package apigw

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/chalice-go/chalice"
	"github.com/google/go-cmp/cmp"
)

// fakeInvoke records events and answers like a tiny app.
type fakeInvoke struct {
	events   map[string][]map[string]any
	authOut  func(token, arn string) (string, error)
	authHits int
}

func (f *fakeInvoke) invoke(_ context.Context, fn string, payload []byte) ([]byte, error) {
	var ev map[string]any
	if err := json.Unmarshal(payload, &ev); err != nil {
		return nil, err
	}
	if f.events == nil {
		f.events = map[string][]map[string]any{}
	}
	f.events[fn] = append(f.events[fn], ev)
	if fn != "api_handler" {
		f.authHits++
		out, err := f.authOut(ev["authorizationToken"].(string), ev["methodArn"].(string))
		return []byte(out), err
	}
	return []byte(`{"statusCode":200,"headers":{"Content-Type":"application/json"},"multiValueHeaders":{"Set-Cookie":["a=1","b=2"]},"body":"{\"ok\":true}","isBase64Encoded":false}`), nil
}

func TestServeBuildsProxyEvent(t *testing.T) {
	f := &fakeInvoke{}
	g := New(Config{
		Routes:      []Route{{Path: "/users/{name}", Methods: []string{"GET"}}},
		BinaryTypes: []string{"application/octet-stream"},
		Stage:       "dev",
		StageVars:   map[string]string{"v": "1"},
		Invoke:      f.invoke,
	})
	h := http.Header{}
	h.Add("X-Multi", "1")
	h.Add("X-Multi", "2")
	resp := g.Serve(context.Background(), &Request{Method: "GET", Path: "/users/bob", RawQuery: "a=1&a=2&b=%20x", Header: h, SourceIP: "10.0.0.9"})
	if resp.StatusCode != 200 || string(resp.Body) != `{"ok":true}` {
		t.Fatalf("got %d %s", resp.StatusCode, resp.Body)
	}
	if got := resp.Header.Values("Set-Cookie"); !cmp.Equal(got, []string{"a=1", "b=2"}) {
		t.Errorf("Set-Cookie = %v", got)
	}
	ev := f.events["api_handler"][0]
	if ev["resource"] != "/users/{name}" || ev["path"] != "/users/bob" || ev["httpMethod"] != "GET" {
		t.Errorf("event head = %v %v %v", ev["resource"], ev["path"], ev["httpMethod"])
	}
	if diff := cmp.Diff(map[string]any{"name": "bob"}, ev["pathParameters"]); diff != "" {
		t.Error(diff)
	}
	if diff := cmp.Diff(map[string]any{"a": []any{"1", "2"}, "b": []any{" x"}}, ev["multiValueQueryStringParameters"]); diff != "" {
		t.Error(diff)
	}
	if diff := cmp.Diff(map[string]any{"a": "2", "b": " x"}, ev["queryStringParameters"]); diff != "" {
		t.Error(diff)
	}
	if diff := cmp.Diff([]any{"1", "2"}, ev["multiValueHeaders"].(map[string]any)["X-Multi"]); diff != "" {
		t.Error(diff)
	}
	rc := ev["requestContext"].(map[string]any)
	if rc["stage"] != "dev" || rc["resourcePath"] != "/users/{name}" || rc["path"] != "/dev/users/bob" {
		t.Errorf("requestContext = %v", rc)
	}
	if rc["identity"].(map[string]any)["sourceIp"] != "10.0.0.9" {
		t.Errorf("identity = %v", rc["identity"])
	}
	if diff := cmp.Diff(map[string]any{"v": "1"}, ev["stageVariables"]); diff != "" {
		t.Error(diff)
	}
}

func TestGatewayAnswers(t *testing.T) {
	cors := &chalice.CORSConfig{AllowOrigin: "https://a.example https://b.example", AllowHeaders: []string{"X-Special"}, MaxAge: 600, AllowCredentials: true}
	f := &fakeInvoke{authOut: func(token, arn string) (string, error) {
		switch token {
		case "allow":
			return `{"principalId":"user","policyDocument":{"Version":"2012-10-17","Statement":[{"Action":"execute-api:Invoke","Effect":"Allow","Resource":["` + arn[:len(arn)-len("GET/secret")] + `GET/secret"]}]},"context":{"n":1,"s":"x"}}`, nil
		case "boom":
			return "", errors.New("boom")
		case "unauth":
			return "", errors.New("Unauthorized")
		}
		return `{"principalId":"user","policyDocument":{"Version":"2012-10-17","Statement":[]}}`, nil
	}}
	now := time.Unix(1000, 0)
	g := New(Config{
		Routes: []Route{
			{Path: "/cors", Methods: []string{"GET", "PUT"}, CORS: cors},
			{Path: "/secret", Methods: []string{"GET"}, AuthorizerKind: "builtin", Authorizer: "auth"},
			{Path: "/iam", Methods: []string{"GET"}, AuthorizerKind: "iam"},
			{Path: "/pool", Methods: []string{"GET"}, AuthorizerKind: "cognito"},
			{Path: "/key", Methods: []string{"GET"}, APIKeyRequired: true},
		},
		Authorizers: []Authorizer{{Name: "auth", TTLSeconds: 300}},
		Invoke:      f.invoke,
		Now:         func() time.Time { return now },
	})
	serve := func(method, path string, hdr ...string) *Response {
		h := http.Header{}
		for i := 0; i+1 < len(hdr); i += 2 {
			h.Set(hdr[i], hdr[i+1])
		}
		return g.Serve(context.Background(), &Request{Method: method, Path: path, Header: h})
	}
	check := func(name string, r *Response, status int, body string) {
		t.Helper()
		if r.StatusCode != status || (body != "" && string(r.Body) != body) {
			t.Errorf("%s: got %d %s, want %d %s", name, r.StatusCode, r.Body, status, body)
		}
	}
	check("unknown path", serve("GET", "/nope"), 403, `{"message":"Missing Authentication Token"}`)
	check("unknown method", serve("DELETE", "/cors"), 403, `{"message":"Missing Authentication Token"}`)
	pre := serve("OPTIONS", "/cors", "Origin", "https://b.example")
	check("preflight", pre, 200, "")
	for k, want := range map[string]string{
		"Access-Control-Allow-Methods":     "GET,PUT,OPTIONS",
		"Access-Control-Allow-Origin":      "https://b.example",
		"Access-Control-Allow-Headers":     "Authorization,Content-Type,X-Amz-Date,X-Amz-Security-Token,X-Api-Key,X-Special",
		"Access-Control-Max-Age":           "600",
		"Access-Control-Allow-Credentials": "true",
	} {
		if got := pre.Header.Get(k); got != want {
			t.Errorf("preflight %s = %q, want %q", k, got, want)
		}
	}
	check("no options without cors", serve("OPTIONS", "/key"), 403, "")
	check("iam missing", serve("GET", "/iam"), 403, `{"message":"Missing Authentication Token"}`)
	check("iam signed", serve("GET", "/iam", "Authorization", "AWS4-HMAC-SHA256 Credential=x"), 200, "")
	check("cognito missing", serve("GET", "/pool"), 401, `{"message":"Unauthorized"}`)
	check("cognito present", serve("GET", "/pool", "Authorization", "tok"), 200, "")
	check("api key missing", serve("GET", "/key"), 403, `{"message":"Forbidden"}`)
	check("api key", serve("GET", "/key", "X-Api-Key", "k"), 200, "")
	check("authorizer no token", serve("GET", "/secret"), 401, `{"message":"Unauthorized"}`)
	check("authorizer deny", serve("GET", "/secret", "Authorization", "deny"), 403, `{"Message":"User is not authorized to access this resource"}`)
	check("authorizer error", serve("GET", "/secret", "Authorization", "boom"), 500, "")
	check("authorizer unauthorized", serve("GET", "/secret", "Authorization", "unauth"), 401, `{"message":"Unauthorized"}`)
	hits := f.authHits
	check("authorizer allow", serve("GET", "/secret", "Authorization", "allow"), 200, "")
	check("authorizer cached", serve("GET", "/secret", "Authorization", "allow"), 200, "")
	if f.authHits != hits+1 {
		t.Errorf("authorizer called %d times, want 1 (ttl cache)", f.authHits-hits)
	}
	now = now.Add(301 * time.Second)
	serve("GET", "/secret", "Authorization", "allow")
	if f.authHits != hits+2 {
		t.Errorf("authorizer not called again after ttl")
	}
	evs := f.events["api_handler"]
	last := evs[len(evs)-1]["requestContext"].(map[string]any)["authorizer"]
	if diff := cmp.Diff(map[string]any{"principalId": "user", "n": "1", "s": "x", "integrationLatency": float64(0)}, last); diff != "" {
		t.Errorf("authorizer context: %s", diff)
	}
}
