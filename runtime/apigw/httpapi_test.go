package apigw

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chalice-go/chalice"
	"github.com/chalice-go/chalice/internal/golden"
)

// httpFake is an HTTP API's function and Lambda authorizer: it records
// the events and answers with answer (api_handler) or auth (the rest).
type httpFake struct {
	events map[string][]map[string]any
	raw    [][]byte // api_handler's events as sent
	answer string
	err    error
	auth   func(ev map[string]any) (string, error)
}

func (f *httpFake) invoke(_ context.Context, fn string, payload []byte) ([]byte, error) {
	var ev map[string]any
	if err := json.Unmarshal(payload, &ev); err != nil {
		return nil, err
	}
	if f.events == nil {
		f.events = map[string][]map[string]any{}
	}
	f.events[fn] = append(f.events[fn], ev)
	if fn != "api_handler" {
		out, err := f.auth(ev)
		return []byte(out), err
	}
	f.raw = append(f.raw, append([]byte(nil), payload...))
	if f.err != nil {
		return nil, f.err
	}
	if f.answer == "" {
		return []byte(`{"statusCode":200,"headers":{"Content-Type":"application/json"},"body":"{\"ok\":true}"}`), nil
	}
	return []byte(f.answer), nil
}

func (f *httpFake) last(fn string) map[string]any {
	evs := f.events[fn]
	if len(evs) == 0 {
		return nil
	}
	return evs[len(evs)-1]
}

func httpServe(g *Gateway, method, path string, body []byte, hdr ...string) *Response {
	h := http.Header{}
	for i := 0; i+1 < len(hdr); i += 2 {
		h.Add(hdr[i], hdr[i+1])
	}
	p, q, _ := strings.Cut(path, "?")
	return g.Serve(context.Background(), &Request{Method: method, Path: p, RawQuery: q, Header: h, Body: body, Host: "localhost:8000", SourceIP: "192.0.2.7"})
}

func TestHTTPAPIEvent(t *testing.T) {
	f := &httpFake{}
	now := time.Date(2026, 12, 7, 6, 30, 0, 0, time.UTC)
	g := New(Config{
		Routes:    []Route{{Path: "/users/{name}", Methods: []string{"POST"}}},
		Stage:     "dev", // ignored: an HTTP API serves $default
		StageVars: map[string]string{"v": "1"},
		Invoke:    f.invoke,
		Now:       func() time.Time { return now },
		HTTPAPI:   true,
	})
	r := httpServe(g, "POST", "/users/b%20o%2Fb?a=1&b=x&a=2&e", []byte(`{"x":1}`),
		"Content-Type", "application/json", "User-Agent", "test/1", "X-Multi", "1", "X-Multi", "2",
		"Cookie", "c1=v1; c2=v2", "Cookie", "c3=v3")
	if r.StatusCode != 200 || string(r.Body) != `{"ok":true}` {
		t.Fatalf("answer: %d %s", r.StatusCode, r.Body)
	}
	id := r.Header.Get("Apigw-Requestid")
	if id == "" || r.Header.Get("X-Amzn-Requestid") != "" {
		t.Errorf("request ID headers: %v", r.Header)
	}
	ev := strings.ReplaceAll(string(f.raw[0]), id, "REQUEST-ID")
	var pretty map[string]any
	if err := json.Unmarshal([]byte(ev), &pretty); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(pretty); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "testdata/httpapi_event.json", out.Bytes())

	// A binary body is base64-encoded; an empty one is left out.
	httpServe(g, "POST", "/users/x", []byte{0xff, 0x00}, "Content-Type", "application/octet-stream")
	if ev := f.last("api_handler"); ev["isBase64Encoded"] != true || ev["body"] != base64.StdEncoding.EncodeToString([]byte{0xff, 0x00}) {
		t.Errorf("binary body: %v %v", ev["isBase64Encoded"], ev["body"])
	}
	httpServe(g, "POST", "/users/x", nil)
	if ev := f.last("api_handler"); ev["isBase64Encoded"] != false || ev["body"] != nil || ev["cookies"] != nil || ev["queryStringParameters"] != nil {
		t.Errorf("no body: %v", ev)
	}
}

func TestHTTPAPIAnswers(t *testing.T) {
	f := &httpFake{}
	g := New(Config{
		Routes: []Route{
			{Path: "/pets/dog", Methods: []string{"GET"}},
			{Path: "/pets/{id}", Methods: []string{"POST"}},
		},
		Invoke:  f.invoke,
		HTTPAPI: true,
	})
	notFound := func(r *Response) bool {
		return r.StatusCode == 404 && string(r.Body) == `{"message":"Not Found"}` && r.Header.Get("Content-Type") == "application/json" &&
			r.Header.Get("X-Amzn-Errortype") == "" && r.Header.Get("Apigw-Requestid") != ""
	}
	for _, c := range [][2]string{{"GET", "/nope"}, {"PUT", "/pets/dog"}, {"GET", "/pets/cat"}, {"GET", "/pets/dog/"}, {"OPTIONS", "/pets/dog"}} {
		if r := httpServe(g, c[0], c[1], nil, "Authorization", "Bearer x"); !notFound(r) {
			t.Errorf("%s %s: %d %v %s", c[0], c[1], r.StatusCode, r.Header, r.Body)
		}
	}
	if r := httpServe(g, "POST", "/pets/dog", nil); r.StatusCode != 200 || f.last("api_handler")["routeKey"] != "POST /pets/{id}" {
		t.Errorf("POST /pets/dog: %d %v", r.StatusCode, f.last("api_handler")["routeKey"])
	}
	if r := httpServe(g, "POST", "/pets/x", make([]byte, MaxPayload+1)); r.StatusCode != 413 || string(r.Body) != `{"message":"Request Entity Too Large"}` {
		t.Errorf("too large: %d %s", r.StatusCode, r.Body)
	}

	for _, c := range []struct {
		answer string
		err    error
		status int
		body   string
		hdr    map[string][]string
	}{
		{err: errors.New("crash"), status: 500, body: `{"message":"Internal Server Error"}`},
		{answer: `not json`, status: 500, body: `{"message":"Internal Server Error"}`},
		{answer: `{"statusCode":600}`, status: 500, body: `{"message":"Internal Server Error"}`},
		{answer: `{"statusCode":200,"body":"%%%","isBase64Encoded":true}`, status: 500, body: `{"message":"Internal Server Error"}`},
		// Payload 2.0: an answer without statusCode is the body itself.
		{answer: `{"hello":"world"}`, status: 200, body: `{"hello":"world"}`, hdr: map[string][]string{"Content-Type": {"application/json"}}},
		{answer: `"text"`, status: 200, body: `"text"`},
		{answer: `{"statusCode":201,"headers":{"X-A":"1"},"multiValueHeaders":{"X-B":["2"]},"cookies":["a=1","b=2; Path=/"],"body":"aGk=","isBase64Encoded":true}`,
			status: 201, body: "hi", hdr: map[string][]string{"X-A": {"1"}, "X-B": nil, "Set-Cookie": {"a=1", "b=2; Path=/"}}},
		{answer: `{"statusCode":204,"body":"dropped"}`, status: 204, body: ""},
	} {
		f.answer, f.err = c.answer, c.err
		r := httpServe(g, "GET", "/pets/dog", nil)
		if r.StatusCode != c.status || string(r.Body) != c.body {
			t.Errorf("answer %s %v: %d %s", c.answer, c.err, r.StatusCode, r.Body)
		}
		for k, want := range c.hdr {
			if got := r.Header[k]; strings.Join(got, "|") != strings.Join(want, "|") {
				t.Errorf("answer %s: %s = %q, want %q", c.answer, k, got, want)
			}
		}
	}
}

func TestHTTPAPICORS(t *testing.T) {
	f := &httpFake{answer: `{"statusCode":200,"headers":{"Access-Control-Allow-Origin":"https://evil.example","X-A":"1"},"body":"ok"}`}
	cors := &chalice.CORSConfig{AllowOrigin: "https://a.example https://b.example", ExposeHeaders: []string{"X-A"}, MaxAge: 60}
	g := New(Config{
		Routes: []Route{
			{Path: "/items", Methods: []string{"GET", "POST"}, CORS: cors},
			{Path: "/items/{id}", Methods: []string{"DELETE"}, CORS: cors},
			{Path: "/own", Methods: []string{"OPTIONS"}, CORS: cors},
		},
		Invoke:  f.invoke,
		HTTPAPI: true,
	})
	if err := g.Err(); err != nil {
		t.Fatal(err)
	}
	pre := httpServe(g, "OPTIONS", "/items", nil, "Origin", "https://b.example", "Access-Control-Request-Method", "POST")
	want := map[string]string{
		"Access-Control-Allow-Origin":  "https://b.example",
		"Access-Control-Allow-Methods": "DELETE,GET,OPTIONS,POST",
		"Access-Control-Allow-Headers": "Authorization,Content-Type,X-Amz-Date,X-Amz-Security-Token,X-Api-Key",
		"Access-Control-Max-Age":       "60",
	}
	if pre.StatusCode != 204 || len(pre.Body) != 0 || len(f.events["api_handler"]) != 0 {
		t.Errorf("preflight: %d %s, %d events", pre.StatusCode, pre.Body, len(f.events["api_handler"]))
	}
	for k, v := range want {
		if got := pre.Header.Get(k); got != v {
			t.Errorf("preflight %s = %q, want %q", k, got, v)
		}
	}
	// Any path: the configuration is API-wide.
	if r := httpServe(g, "OPTIONS", "/anywhere", nil, "Origin", "https://a.example", "Access-Control-Request-Method", "GET"); r.StatusCode != 204 || r.Header.Get("Access-Control-Allow-Origin") != "https://a.example" {
		t.Errorf("preflight elsewhere: %d %v", r.StatusCode, r.Header)
	}
	if r := httpServe(g, "OPTIONS", "/items", nil, "Origin", "https://c.example", "Access-Control-Request-Method", "GET"); r.StatusCode != 204 || r.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("preflight from another origin: %d %v", r.StatusCode, r.Header)
	}
	// A route taking OPTIONS gets the preflight.
	if r := httpServe(g, "OPTIONS", "/own", nil, "Origin", "https://a.example", "Access-Control-Request-Method", "GET"); r.StatusCode != 200 || f.last("api_handler")["routeKey"] != "OPTIONS /own" {
		t.Errorf("OPTIONS route: %d", r.StatusCode)
	}
	r := httpServe(g, "GET", "/items", nil, "Origin", "https://a.example")
	if r.StatusCode != 200 || r.Header.Get("Access-Control-Allow-Origin") != "https://a.example" || r.Header.Get("Access-Control-Expose-Headers") != "X-A" || r.Header.Get("X-A") != "1" {
		t.Errorf("response: %d %v", r.StatusCode, r.Header)
	}
	r = httpServe(g, "GET", "/items", nil)
	if r.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("no Origin, the function's CORS header must go: %v", r.Header)
	}
	r = httpServe(g, "GET", "/nope", nil, "Origin", "https://a.example")
	if r.StatusCode != 404 || r.Header.Get("Access-Control-Allow-Origin") != "https://a.example" {
		t.Errorf("gateway answer: %d %v", r.StatusCode, r.Header)
	}

	// Settings an HTTP API cannot have: every request is answered 500.
	for _, routes := range [][]Route{
		{{Path: "/a", Methods: []string{"GET"}, CORS: cors}, {Path: "/b", Methods: []string{"GET"}}},
		{{Path: "/a", Methods: []string{"GET"}, APIKeyRequired: true}},
		{{Path: "/a", Methods: []string{"GET"}, AuthorizerKind: "custom", Authorizer: "ext"}},
	} {
		g := New(Config{Routes: routes, Invoke: f.invoke, HTTPAPI: true})
		if g.Err() == nil {
			t.Errorf("%+v: no error", routes)
		}
		if r := httpServe(g, "GET", "/a", nil); r.StatusCode != 500 {
			t.Errorf("%+v: %d", routes, r.StatusCode)
		}
	}
	if err := New(Config{Routes: []Route{{Path: "/a", Methods: []string{"GET"}, CORS: cors}, {Path: "/b", Methods: []string{"GET"}}}, HTTPAPI: true}).Err(); err == nil ||
		!strings.Contains(err.Error(), "GET /b has no CORS but GET /a has") {
		t.Errorf("CORS conflict: %v", err)
	}
}

func TestHTTPAPIAuthorizers(t *testing.T) {
	now := time.Date(2026, 12, 7, 6, 30, 0, 0, time.UTC)
	f := &httpFake{}
	f.auth = func(ev map[string]any) (string, error) {
		switch ev["identitySource"].([]any)[0] {
		case "ok":
			return `{"isAuthorized":true,"context":{"user":"ada","n":3}}`, nil
		case "no":
			return `{"isAuthorized":false}`, nil
		case "bad":
			return `{"allow":true}`, nil
		}
		return "", errors.New("boom")
	}
	g := New(Config{
		Routes: []Route{
			{Path: "/a", Methods: []string{"GET", "PUT"}, AuthorizerKind: "builtin", Authorizer: "auth"},
			{Path: "/b", Methods: []string{"GET"}, AuthorizerKind: "builtin", Authorizer: "auth", AuthorizerHeader: "X-Token"},
			{Path: "/once", Methods: []string{"GET"}, AuthorizerKind: "builtin", Authorizer: "nocache"},
			{Path: "/pool", Methods: []string{"GET"}, AuthorizerKind: "cognito"},
			{Path: "/iam", Methods: []string{"GET"}, AuthorizerKind: "iam"},
		},
		Authorizers: []Authorizer{{Name: "auth", TTLSeconds: 300}, {Name: "nocache"}},
		Invoke:      f.invoke,
		Now:         func() time.Time { return now },
		HTTPAPI:     true,
		APIID:       "abc123",
	})
	ctxOf := func() map[string]any {
		rc := f.last("api_handler")["requestContext"].(map[string]any)
		a, _ := rc["authorizer"].(map[string]any)
		return a
	}
	for _, c := range []struct {
		method, path string
		hdr          []string
		status       int
		body         string
	}{
		{"GET", "/a", nil, 401, `{"message":"Unauthorized"}`},
		{"GET", "/b", []string{"Authorization", "ok"}, 401, `{"message":"Unauthorized"}`},
		{"GET", "/a", []string{"Authorization", "no"}, 403, `{"message":"Forbidden"}`},
		{"GET", "/a", []string{"Authorization", "boom"}, 500, `{"message":"Internal Server Error"}`},
		{"GET", "/a", []string{"Authorization", "bad"}, 500, `{"message":"Internal Server Error"}`},
		{"GET", "/pool", nil, 401, `{"message":"Unauthorized"}`},
		{"GET", "/iam", nil, 403, `{"message":"Forbidden"}`},
		{"GET", "/iam", []string{"Authorization", "Bearer x"}, 403, `{"message":"Forbidden"}`},
	} {
		if r := httpServe(g, c.method, c.path, nil, c.hdr...); r.StatusCode != c.status || string(r.Body) != c.body {
			t.Errorf("%s %s %v: %d %s, want %d %s", c.method, c.path, c.hdr, r.StatusCode, r.Body, c.status, c.body)
		}
	}

	// The authorizer's event and the context the function sees.
	f.events = nil
	if r := httpServe(g, "GET", "/a?q=1", nil, "Authorization", "ok"); r.StatusCode != 200 {
		t.Fatalf("allowed: %d %s", r.StatusCode, r.Body)
	}
	ev := f.last("auth")
	for k, want := range map[string]any{"version": "2.0", "type": "REQUEST", "routeKey": "GET /a", "rawPath": "/a", "rawQueryString": "q=1",
		"routeArn": "arn:aws:execute-api:us-east-1:123456789012:abc123/$default/GET/a"} {
		if ev[k] != want {
			t.Errorf("authorizer event %s = %v, want %v", k, ev[k], want)
		}
	}
	if _, ok := ev["body"]; ok {
		t.Error("authorizer event has a body")
	}
	if got, _ := json.Marshal(ctxOf()); string(got) != `{"lambda":{"n":3,"user":"ada"}}` {
		t.Errorf("authorizer context = %s", got)
	}
	// Cached per identity and route key while the TTL runs.
	httpServe(g, "GET", "/a", nil, "Authorization", "ok")
	if n := len(f.events["auth"]); n != 1 {
		t.Errorf("same token and route: %d authorizer calls, want 1", n)
	}
	httpServe(g, "PUT", "/a", nil, "Authorization", "ok")
	if n := len(f.events["auth"]); n != 2 {
		t.Errorf("another route key: %d authorizer calls, want 2", n)
	}
	now = now.Add(301 * time.Second)
	httpServe(g, "GET", "/a", nil, "Authorization", "ok")
	if n := len(f.events["auth"]); n != 3 {
		t.Errorf("expired: %d authorizer calls, want 3", n)
	}
	httpServe(g, "GET", "/once", nil, "Authorization", "ok")
	httpServe(g, "GET", "/once", nil, "Authorization", "ok")
	if n := len(f.events["nocache"]); n != 2 {
		t.Errorf("TTL 0: %d authorizer calls, want 2", n)
	}

	jwt := "h." + base64.RawURLEncoding.EncodeToString([]byte(`{"sub":"s","n":1}`)) + ".sig"
	if r := httpServe(g, "GET", "/pool", nil, "Authorization", "Bearer "+jwt); r.StatusCode != 200 {
		t.Errorf("cognito: %d", r.StatusCode)
	} else if got, _ := json.Marshal(ctxOf()); string(got) != `{"jwt":{"claims":{"n":"1","sub":"s"},"scopes":null}}` {
		t.Errorf("jwt context = %s", got)
	}
	if r := httpServe(g, "GET", "/iam", nil, "Authorization", "AWS4-HMAC-SHA256 Credential=AKID1/20260101/us-east-1/execute-api/aws4_request, SignedHeaders=host, Signature=0"); r.StatusCode != 200 {
		t.Errorf("iam: %d", r.StatusCode)
	} else if ctxOf()["iam"].(map[string]any)["accessKey"] != "AKID1" {
		t.Errorf("iam context = %v", ctxOf())
	}
}

// BenchmarkGatewayWriteHTTPAPI is BenchmarkGatewayWrite's request through
// the HTTP API emulation (a payload 2.0 event and answer). Each run also
// times the REST API emulation on the same request, by hand, and reports
// both and the ratio.
func BenchmarkGatewayWriteHTTPAPI(b *testing.B) {
	routes := []Route{{Path: "/", Methods: []string{"GET"}}, {Path: "/users/{name}", Methods: []string{"GET"}}}
	restAnswer := []byte(`{"statusCode":200,"headers":{"Content-Type":"application/json"},"body":"{\"hello\":\"world\"}","isBase64Encoded":false}`)
	httpAnswer := []byte(`{"statusCode":200,"headers":{"Content-Type":"application/json"},"body":"{\"hello\":\"world\"}","isBase64Encoded":false,"cookies":[]}`)
	rest := New(Config{Routes: routes, Invoke: func(context.Context, string, []byte) ([]byte, error) { return bytes.Clone(restAnswer), nil }})
	g := New(Config{Routes: routes, HTTPAPI: true, Invoke: func(context.Context, string, []byte) ([]byte, error) { return bytes.Clone(httpAnswer), nil }})
	h := http.Header{"User-Agent": {"wrk"}, "Accept": {"*/*"}, "Accept-Encoding": {"gzip"}}
	req := &Request{Method: "GET", Path: "/users/bob", RawQuery: "a=1", Header: h, Host: "127.0.0.1:8000", SourceIP: "127.0.0.1"}
	w := &discardWriter{h: http.Header{}}
	const n = 20000
	t0 := time.Now()
	for range n {
		clear(w.h)
		rest.Write(context.Background(), req, w)
	}
	restNs := float64(time.Since(t0).Nanoseconds()) / n
	b.ReportAllocs()
	for b.Loop() {
		clear(w.h)
		g.Write(context.Background(), req, w)
	}
	httpNs := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	b.ReportMetric(restNs, "rest-ns/op")
	b.ReportMetric(httpNs/restNs, "x-rest")
}

func TestAppendLowerKey(t *testing.T) {
	for in, want := range map[string]string{
		"Content-Type": `"content-type":`,
		"X-A\"b":       `"x-a\"b":`,
		"X-Ünï":        `"x-ünï":`,
		"":             `"":`,
	} {
		if got := string(appendLowerKey([]byte("{"), in)); got != "{"+want {
			t.Errorf("appendLowerKey(%q) = %s, want {%s", in, got, want)
		}
	}
}
