package main

import (
	"encoding/base64"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chalice-go/chalice/gen/gentest"
)

// TestLocalHTTPAPI drives testdata/local/httpapi, whose api_gateway_type
// is "http", under the real `chalicegen local`: the app sees payload 2.0
// events and the gateway answers as an HTTP API does.
func TestLocalHTTPAPI(t *testing.T) {
	t.Parallel()
	p := startLocal(t, localApp(t, "httpapi"), "--no-autoreload")
	p.waitOutput(`Emulating an HTTP API`, false)
	const origin = "https://app.example"

	t.Run("payload 2.0", func(t *testing.T) {
		resp, body := p.do("POST", "/echo/b%20o?a=1&a=2", []byte("hi"), "Content-Type", "text/plain", "Cookie", "c=1; d=2")
		expect(t, "POST /echo", resp, body, 200, "")
		got := jsonOf(t, body)
		ctx := got["context"].(map[string]any)
		h := ctx["http"].(map[string]any)
		if got["method"] != "POST" || got["path"] != "/echo/b o" || got["body"] != "hi" || h["method"] != "POST" ||
			ctx["routeKey"] != "POST /echo/{name}" || ctx["stage"] != "$default" || got["uri"].(map[string]any)["name"] != "b o" {
			t.Errorf("echo = %s", body)
		}
		if q := got["query"].(map[string]any); q["a"] == nil {
			t.Errorf("query = %v", q)
		}
		if c := got["headers"].(map[string]any)["cookie"]; c != "c=1; d=2" {
			t.Errorf("cookie header rebuilt from the cookies array = %v", c)
		}
		if id := resp.Header.Get("Apigw-Requestid"); id == "" || id != ctx["requestId"] || resp.Header.Get("X-Amzn-Requestid") != "" {
			t.Errorf("request id header %q, context %v", id, ctx["requestId"])
		}
		resp, body = p.do("GET", "/files/a/b%2Fc.txt", nil)
		expect(t, "greedy capture", resp, body, 200, `{"path":"a/b/c.txt"}`)
	})

	t.Run("gateway answers", func(t *testing.T) {
		for _, c := range [][2]string{{"GET", "/nowhere"}, {"PUT", "/echo/x"}, {"GET", "/echo"}} {
			resp, body := p.do(c[0], c[1], nil)
			expect(t, c[0]+" "+c[1], resp, body, 404, `{"message":"Not Found"}`)
			if resp.Header.Get("X-Amzn-Errortype") != "" || resp.Header.Get("Content-Type") != "application/json" {
				t.Errorf("%s %s headers: %v", c[0], c[1], resp.Header)
			}
		}
		resp, body := p.do("GET", "/fail", nil)
		expect(t, "a view error is the function's answer", resp, body, 404, `{"Code":"NotFoundError","Message":"no such thing"}`)
	})

	t.Run("native cors", func(t *testing.T) {
		resp, body := p.do("OPTIONS", "/private/x", nil, "Origin", origin, "Access-Control-Request-Method", "DELETE")
		expect(t, "preflight", resp, body, 204, "")
		for k, v := range map[string]string{
			"Access-Control-Allow-Origin":  origin,
			"Access-Control-Allow-Methods": "DELETE,GET,OPTIONS,POST",
			"Access-Control-Allow-Headers": "Authorization,Content-Type,X-Amz-Date,X-Amz-Security-Token,X-Api-Key,X-Request-Id",
			"Access-Control-Max-Age":       "600",
		} {
			if got := resp.Header.Get(k); got != v {
				t.Errorf("preflight %s = %q, want %q", k, got, v)
			}
		}
		resp, body = p.do("GET", "/headers", nil, "Origin", origin)
		expect(t, "GET /headers", resp, body, 201, "made")
		if resp.Header.Get("Access-Control-Allow-Origin") != origin || resp.Header.Get("Access-Control-Expose-Headers") != "X-Total" || resp.Header.Get("X-Total") != "3" {
			t.Errorf("the gateway's CORS headers replace the function's: %v", resp.Header)
		}
		resp, _ = p.do("GET", "/nowhere", nil, "Origin", origin)
		if resp.StatusCode != 404 || resp.Header.Get("Access-Control-Allow-Origin") != origin {
			t.Errorf("gateway answer to a CORS request: %d %v", resp.StatusCode, resp.Header)
		}
		resp, _ = p.do("GET", "/headers", nil, "Origin", "https://other.example")
		if resp.Header.Get("Access-Control-Allow-Origin") != "" {
			t.Errorf("another origin gets no CORS headers: %v", resp.Header)
		}
	})

	t.Run("lambda authorizer", func(t *testing.T) {
		resp, body := p.do("GET", "/private/x", nil)
		expect(t, "no identity", resp, body, 401, `{"message":"Unauthorized"}`)
		resp, body = p.do("GET", "/private/x", nil, "X-Token", "nobody")
		expect(t, "no routes", resp, body, 403, `{"message":"Forbidden"}`)
		resp, body = p.do("DELETE", "/private/x", nil, "X-Token", "reader")
		expect(t, "another method", resp, body, 403, `{"message":"Forbidden"}`)
		resp, body = p.do("GET", "/private/x", nil, "X-Token", "boom")
		expect(t, "authorizer failure", resp, body, 500, `{"message":"Internal Server Error"}`)
		resp, body = p.do("DELETE", "/private/x", nil, "X-Token", "allow")
		expect(t, "allowed", resp, body, 200, `{"authorizer":{"principalId":"ada","team":"blue"},"item":"x"}`)

		// Cached per identity and route key for ttl_seconds.
		_, before := p.do("GET", "/authcalls", nil)
		p.do("DELETE", "/private/y", nil, "X-Token", "allow")
		_, same := p.do("GET", "/authcalls", nil)
		p.do("GET", "/private/y", nil, "X-Token", "allow")
		_, other := p.do("GET", "/authcalls", nil)
		n := func(b []byte) float64 { return jsonOf(t, b)["calls"].(float64) }
		if n(same) != n(before) || n(other) != n(before)+1 {
			t.Errorf("authorizer calls %v, %v, %v: want a cache hit for the same route key, a call for another", n(before), n(same), n(other))
		}
	})

	t.Run("jwt and iam", func(t *testing.T) {
		resp, body := p.do("GET", "/me", nil)
		expect(t, "no token", resp, body, 401, `{"message":"Unauthorized"}`)
		jwt := "h." + base64.RawURLEncoding.EncodeToString([]byte(`{"sub":"u-1","aud":"client-1"}`)) + ".s"
		resp, body = p.do("GET", "/me", nil, "Authorization", "Bearer "+jwt)
		expect(t, "claims", resp, body, 200, `{"claims":{"aud":"client-1","sub":"u-1"}}`)
		resp, body = p.do("GET", "/iam", nil)
		expect(t, "unsigned", resp, body, 403, `{"message":"Forbidden"}`)
		resp, body = p.do("GET", "/iam", nil, "Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/execute-api/aws4_request, SignedHeaders=host, Signature=0")
		if resp.StatusCode != 200 || jsonOf(t, body)["iam"].(map[string]any)["accessKey"] != "AKIDEXAMPLE" {
			t.Errorf("signed: %d %s", resp.StatusCode, body)
		}
	})
	p.interrupt()
}

// The same app on a stage whose api_gateway_type is "rest" is served as a
// REST API (the default), and an app an HTTP API cannot serve does not
// start.
func TestLocalHTTPAPIStages(t *testing.T) {
	t.Parallel()
	dir := localApp(t, "httpapi")
	p := startLocal(t, dir, "--stage", "rest", "--no-autoreload")
	resp, body := p.do("GET", "/nowhere", nil)
	expect(t, "REST answer", resp, body, 403, `{"message":"Missing Authentication Token"}`)
	p.interrupt()

	// A route with CORS settings of its own: an HTTP API has one
	// configuration.
	writeFile(t, filepath.Join(dir, "othercors.go"), "package main\n\nimport \"github.com/chalice-go/chalice\"\n\nvar other = chalice.CORSConfig{AllowOrigin: \"https://b.example\"}\n\n//chalice:route GET /plain cors=other\nfunc plain() string { return \"x\" }\n")
	cmd := exec.Command(chalicegenBinary(t), "local", "--project-dir", dir, "--port", "0", "--no-autoreload")
	cmd.Env = gentest.Env()
	var out, errb syncBuffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() == 0 || !strings.Contains(out.String()+errb.String(), "othercors.go:7:1: the CORS settings of route /plain differ from those of route /echo/{name}") {
		t.Errorf("exit %v\nstdout:\n%s\nstderr:\n%s", err, &out, &errb)
	}
}

// The HTTP API example (examples/httpapi) under chalicegen local.
func TestLocalHTTPAPIExample(t *testing.T) {
	t.Parallel()
	dir := gentest.NewModule(t, repoRoot(t), "example.com/httpapi", filepath.Join(repoRoot(t), "examples", "httpapi"))
	p := startLocal(t, dir, "--no-autoreload")
	p.waitOutput(`Emulating an HTTP API`, false)
	const origin = "https://app.example.com"
	resp, body := p.do("GET", "/", nil, "Origin", origin)
	expect(t, "GET /", resp, body, 200, `{"hello":"http api"}`)
	if resp.Header.Get("Access-Control-Allow-Origin") != origin || resp.Header.Get("Access-Control-Expose-Headers") != "X-Total" {
		t.Errorf("CORS headers: %v", resp.Header)
	}
	resp, body = p.do("PUT", "/users/ana", nil)
	expect(t, "PUT /users/ana", resp, body, 200, `{"method":"PUT","name":"ana"}`)
	resp, body = p.do("DELETE", "/users/ana", nil)
	expect(t, "DELETE /users/ana", resp, body, 404, `{"message":"Not Found"}`)
	resp, body = p.do("OPTIONS", "/users/ana", nil, "Origin", origin, "Access-Control-Request-Method", "PUT")
	expect(t, "preflight", resp, body, 204, "")
	if got := resp.Header.Get("Access-Control-Allow-Methods"); got != "DELETE,GET,OPTIONS,POST,PUT" {
		t.Errorf("preflight methods %q", got)
	}
	resp, body = p.do("GET", "/private/7", nil, "Authorization", "reader")
	expect(t, "reader GET", resp, body, 200, `{"item":"7"}`)
	resp, body = p.do("DELETE", "/private/7", nil, "Authorization", "reader")
	expect(t, "reader DELETE", resp, body, 403, `{"message":"Forbidden"}`)
	resp, body = p.do("DELETE", "/private/7", nil, "Authorization", "allow")
	expect(t, "allow DELETE", resp, body, 200, `{"item":"7"}`)
	resp, body = p.do("POST", "/signed", nil)
	expect(t, "unsigned", resp, body, 403, `{"message":"Forbidden"}`)
	p.interrupt()
}
