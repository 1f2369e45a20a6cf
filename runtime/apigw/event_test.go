package apigw

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

// The hand-written event writer and response decoder are checked against
// straightforward encoding/json implementations of the same contract (the
// string escaping they share with the runtime is checked in internal/jsonx).

// refProxyResponse is the encoding/json decoding of a proxy response.
type refProxyResponse struct {
	StatusCode        int                 `json:"statusCode"`
	Headers           map[string]string   `json:"headers"`
	MultiValueHeaders map[string][]string `json:"multiValueHeaders"`
	Body              *string             `json:"body"`
	IsBase64Encoded   bool                `json:"isBase64Encoded"`
}

func refDecode(out []byte) (*refProxyResponse, []byte, error) {
	var pr refProxyResponse
	if err := json.Unmarshal(out, &pr); err != nil {
		return nil, nil, err
	}
	if pr.StatusCode == 0 {
		pr.StatusCode = 200
	}
	var body []byte
	if pr.Body != nil {
		body = []byte(*pr.Body)
		if pr.IsBase64Encoded {
			b, err := base64.StdEncoding.DecodeString(*pr.Body)
			if err != nil {
				return nil, nil, err
			}
			body = b
		}
	}
	return &pr, body, nil
}

// compareDecoders checks decodeProxyResponse against encoding/json: both
// fail, or both succeed with the same parts. Inputs whose keys are not
// plain ASCII are skipped (encoding/json's case folding has Unicode
// corners the gateway need not copy).
func compareDecoders(t *testing.T, in []byte) {
	t.Helper()
	ref, refBody, refErr := refDecode(in)
	got, err := decodeProxyResponse(bytes.Clone(in))
	if err == nil && !json.Valid(in) {
		t.Fatalf("accepted invalid JSON %q", in)
	}
	if bytes.Equal(bytes.TrimSpace(in), []byte("null")) {
		// encoding/json takes null for an empty object; API Gateway calls
		// it a malformed proxy response (502), as the gateway does.
		if err == nil {
			t.Fatal("accepted null")
		}
		return
	}
	if refErr != nil || err != nil {
		if (refErr == nil) != (err == nil) && asciiKeys(in) {
			t.Fatalf("decode(%q): err %v, encoding/json: %v", in, err, refErr)
		}
		return
	}
	if !asciiKeys(in) {
		return
	}
	if got.status != ref.StatusCode || !bytes.Equal(got.body, refBody) || (got.body == nil) != (ref.Body == nil) {
		t.Fatalf("decode(%q): status %d body %q, encoding/json: %d %q", in, got.status, got.body, ref.StatusCode, refBody)
	}
	hs := map[string]string{}
	for _, h := range got.headers {
		hs[h.k] = h.v
	}
	if len(hs) == 0 {
		hs = nil
	}
	if len(ref.Headers) == 0 {
		ref.Headers = nil
	}
	if diff := cmp.Diff(ref.Headers, hs); diff != "" {
		t.Fatalf("decode(%q) headers: %s", in, diff)
	}
	mv := map[string][]string{}
	for _, m := range got.multi {
		mv[m.k] = m.vs
	}
	for k, vs := range ref.MultiValueHeaders {
		if len(vs) == 0 {
			ref.MultiValueHeaders[k] = nil // [] and null mean no values
		}
	}
	if len(mv) == 0 {
		mv = nil
	}
	if len(ref.MultiValueHeaders) == 0 {
		ref.MultiValueHeaders = nil
	}
	if diff := cmp.Diff(ref.MultiValueHeaders, mv); diff != "" {
		t.Fatalf("decode(%q) multiValueHeaders: %s", in, diff)
	}
}

func asciiKeys(in []byte) bool {
	for _, c := range in {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return !bytes.Contains(in, []byte(`\u`))
}

var proxyResponseSeeds = []string{
	`{"statusCode":200,"headers":{"Content-Type":"application/json"},"body":"{\"hello\":\"world\"}","isBase64Encoded":false}`,
	`{"statusCode":201,"headers":{"a":"1"},"multiValueHeaders":{"Set-Cookie":["a=1","b=2"]},"body":"x","isBase64Encoded":false}`,
	`{"statusCode":200,"body":"AP/+","isBase64Encoded":true}`,
	`{"statusCode":200,"body":"AP/","isBase64Encoded":true}`,
	` { "StatusCode" : 404 , "BODY" : "\u00e9\ud83d\ude00\ud800x\n" , "extra" : [1, {"a": [true, false, null]}, -1.5e+3] } `,
	`{"headers":{"a":"1","b":null},"headers":{"c":"3"},"multiValueHeaders":{"x":[null,"y"],"z":null}}`,
	`{"headers":{"a":"1"},"headers":null,"body":"b","body":null,"isBase64Encoded":true,"isBase64Encoded":null}`,
	`{"statusCode":"200"}`, `{"statusCode":2e2}`, `{"statusCode":200.0}`, `{"statusCode":-0}`, `{"statusCode":99999999999999999999}`,
	`{"statusCode":200}x`, `{"statusCode":200,}`, `{"headers":{"a":1}}`, `{"multiValueHeaders":{"a":"x"}}`, `{"body":1}`,
	`{"isBase64Encoded":"true"}`, `[]`, `null`, ``, `{`, `{"a":01}`, `{"a":"\x01"}`, `{"a":"\q"}`, `{"a":tru}`,
	`{"statusCode":null,"headers":{},"multiValueHeaders":{"a":[]}}`, "{\"body\":\"\xff\xfe\"}",
}

func TestDecodeProxyResponseMatchesEncodingJSON(t *testing.T) {
	for _, s := range proxyResponseSeeds {
		compareDecoders(t, []byte(s))
	}
}

func FuzzDecodeProxyResponse(f *testing.F) {
	for _, s := range proxyResponseSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) { compareDecoders(t, in) })
}

// refEvent builds the proxy event with encoding/json over maps, the way
// the gateway used to.
func refEvent(g *Gateway, req *Request, resource, method string, params map[string]string) map[string]any {
	ev := map[string]any{
		"resource": resource, "path": req.Path, "httpMethod": method,
		"headers": nil, "multiValueHeaders": nil, "queryStringParameters": nil,
		"multiValueQueryStringParameters": nil, "pathParameters": nil, "stageVariables": nil,
		"body": nil, "isBase64Encoded": false,
	}
	if p, err := url.PathUnescape(req.Path); err == nil {
		ev["path"] = p
	}
	h := req.Header.Clone()
	if req.Host != "" && len(h["Host"]) == 0 {
		if h == nil {
			h = http.Header{}
		}
		h["Host"] = []string{req.Host}
	}
	if len(h) > 0 {
		single, multi := map[string]string{}, map[string][]string{}
		for k, vs := range h {
			if len(vs) > 0 {
				single[k], multi[k] = vs[len(vs)-1], vs
			}
		}
		ev["headers"], ev["multiValueHeaders"] = single, multi
	}
	if q := parseQuery(req.RawQuery); len(q) > 0 {
		single := map[string]string{}
		for k, vs := range q {
			single[k] = vs[len(vs)-1]
		}
		ev["queryStringParameters"], ev["multiValueQueryStringParameters"] = single, q
	}
	if len(params) > 0 {
		ev["pathParameters"] = params
	}
	if len(g.cfg.StageVars) > 0 {
		ev["stageVariables"] = g.cfg.StageVars
	}
	if len(req.Body) > 0 {
		if g.media.RequestBinary(firstValue(req.Header, "Content-Type")) {
			ev["body"], ev["isBase64Encoded"] = base64.StdEncoding.EncodeToString(req.Body), true
		} else {
			ev["body"] = string(req.Body)
		}
	}
	b, _ := json.Marshal(ev)
	var out map[string]any
	_ = json.Unmarshal(b, &out)
	return out
}

// checkEvent builds the event for req both ways and compares them (the
// request context is checked separately: it holds fresh ids and times).
func checkEvent(t *testing.T, g *Gateway, req *Request) map[string]any {
	t.Helper()
	x := getExchange()
	defer putExchange(x)
	x.newIDs()
	res := g.match(x, req.Path)
	if res == nil {
		return nil
	}
	resource := res.path
	var params map[string]string
	for i, v := range x.caps {
		if params == nil {
			params = map[string]string{}
		}
		params[x.capNames[i]] = v
	}
	b := g.appendEvent(x, req, resource, upperASCII(req.Method), identity{}, nil)
	var got map[string]any
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatalf("event is not JSON: %v\n%s", err, b)
	}
	rc, _ := got["requestContext"].(map[string]any)
	delete(got, "requestContext")
	if diff := cmp.Diff(refEvent(g, req, resource, upperASCII(req.Method), params), got); diff != "" {
		t.Fatalf("event for %+v differs from encoding/json's (-want +got):\n%s", req, diff)
	}
	return rc
}

func eventGateway() *Gateway {
	return New(Config{
		Routes:      []Route{{Path: "/", Methods: []string{"GET"}}, {Path: "/users/{name}", Methods: []string{"GET", "POST"}}, {Path: "/files/{p+}", Methods: []string{"PUT"}}},
		BinaryTypes: []string{"application/octet-stream"},
		Stage:       "dev",
		StageVars:   map[string]string{"v": "1", "w\"": "2\n"},
		Now:         func() time.Time { return time.Unix(1700000000, 123e6) },
	})
}

func TestEventMatchesEncodingJSON(t *testing.T) {
	g := eventGateway()
	h := http.Header{}
	h.Add("X-Multi", "1")
	h.Add("X-Multi", "2\x00\xff")
	h.Set("Content-Type", "application/octet-stream")
	h.Set("User-Agent", "ua\"")
	reqs := []*Request{
		{Method: "GET", Path: "/"},
		{Method: "get", Path: "/users/b%20o%2Fb", RawQuery: "a=1&a=2&b=%20x&c&=e&d=%zz&f=a+b&&", Header: h, Host: "h:1", Body: []byte{0, 1, 0xff}},
		{Method: "POST", Path: "/users/é\xff", Header: http.Header{"Content-Type": {"text/plain; charset=utf-8"}}, Body: []byte("\"quoted\"\n\xff")},
		{Method: "PUT", Path: "/files/a/b%2Fc/", Header: http.Header{"Host": {"given"}}, Host: "ignored"},
	}
	for _, req := range reqs {
		checkEvent(t, g, req)
	}
	rc := checkEvent(t, g, reqs[1])
	want := map[string]any{
		"resourceId": "local", "resourcePath": "/users/{name}", "httpMethod": "GET", "requestTime": "14/Nov/2023:22:13:20 +0000",
		"path": "/dev/users/b%20o%2Fb", "accountId": "123456789012", "protocol": "HTTP/1.1", "stage": "dev", "domainPrefix": "h",
		"requestTimeEpoch": float64(1700000000123), "domainName": "h:1", "apiId": "localapi",
		"identity": map[string]any{"cognitoIdentityPoolId": nil, "accountId": nil, "cognitoIdentityId": nil, "caller": nil,
			"sourceIp": "127.0.0.1", "principalOrgId": nil, "accessKey": nil, "cognitoAuthenticationType": nil,
			"cognitoAuthenticationProvider": nil, "userArn": nil, "userAgent": "ua\"", "user": nil, "apiKey": nil},
	}
	for _, k := range []string{"requestId", "extendedRequestId"} {
		if s, _ := rc[k].(string); s == "" {
			t.Errorf("requestContext.%s = %v", k, rc[k])
		}
		delete(rc, k)
	}
	if diff := cmp.Diff(want, rc); diff != "" {
		t.Errorf("requestContext (-want +got):\n%s", diff)
	}
}

func FuzzEvent(f *testing.F) {
	f.Add("GET", "/users/bob", "a=1&a=2", "X-A", "v", "text/plain", []byte("body"))
	f.Add("POST", "/files/a%2F/b", "=&%&+", "Content-Type", "\xff", "application/octet-stream", []byte{0, 0xff})
	g := eventGateway()
	f.Fuzz(func(t *testing.T, method, path, query, hk, hv, ct string, body []byte) {
		if !strings.HasPrefix(path, "/") {
			path = "/" + path
		}
		h := http.Header{}
		if hk != "" {
			h[http.CanonicalHeaderKey(hk)] = []string{hv, hv + "2"}
		}
		if ct != "" {
			h["Content-Type"] = []string{ct}
		}
		checkEvent(t, g, &Request{Method: method, Path: path, RawQuery: query, Header: h, Body: body, Host: hv})
	})
}

func TestIDs(t *testing.T) {
	seen := map[string]bool{}
	x := &exchange{}
	for range 1000 {
		x.newIDs()
		id := x.requestID()
		if len(id) != 36 || id[8] != '-' || id[14] != '4' || seen[id] {
			t.Fatalf("bad or repeated id %q", id)
		}
		seen[id] = true
		if _, err := base64.StdEncoding.DecodeString(string(x.xID[:])); err != nil || x.xID[15] != '=' {
			t.Fatalf("extended id %q", x.xID)
		}
	}
}

// TestWriteHeaders checks the wire view: API Gateway's header spellings,
// Content-Length, merged multi-value headers, status handling.
func TestWriteHeaders(t *testing.T) {
	answer := `{"statusCode":201,"headers":{"content-type":"text/plain","X-A":"1","Transfer-Encoding":"chunked"},"multiValueHeaders":{"X-A":["2","3"],"set-cookie":["a=1"],"Set-Cookie":["b=2"],"X-B":null},"body":"hello","isBase64Encoded":false}`
	g := New(Config{Routes: []Route{{Path: "/", Methods: []string{"GET"}}},
		Invoke: func(context.Context, string, []byte) ([]byte, error) { return []byte(answer), nil }})
	rec := &recorder{h: http.Header{}}
	res := g.Write(context.Background(), &Request{Method: "GET", Path: "/", Header: http.Header{}}, rec)
	if res.Status != 201 || res.Size != 5 || res.Function != "api_handler" || rec.status != 201 || string(rec.body) != "hello" {
		t.Fatalf("result %+v, recorded %d %q", res, rec.status, rec.body)
	}
	for k, want := range map[string][]string{
		"Content-Type":   {"text/plain"},
		"X-A":            {"1", "2", "3"},
		"Set-Cookie":     {"a=1", "b=2"},
		"Content-Length": {"5"},
	} {
		if got := rec.h[k]; !cmp.Equal(got, want) {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	for _, k := range []string{"x-amzn-RequestId", "x-amz-apigw-id"} {
		if len(rec.h[k]) != 1 {
			t.Errorf("%s missing (raw key): %v", k, rec.h)
		}
	}
	if _, ok := rec.h["Transfer-Encoding"]; ok {
		t.Error("Transfer-Encoding passed through")
	}
	// The test client's view is canonical.
	resp := g.Serve(context.Background(), &Request{Method: "GET", Path: "/", Header: http.Header{}})
	if resp.Header.Get("X-Amzn-Requestid") == "" || resp.Header.Get("Content-Length") != "" {
		t.Errorf("Serve headers: %v", resp.Header)
	}

	for body, status := range map[string]int{
		`{"statusCode":99}`:                   502,
		`{"statusCode":600}`:                  502,
		`{"statusCode":204,"body":"dropped"}`: 204,
		`not json`:                            502,
		`{"statusCode":200,"body":"%%%","isBase64Encoded":true}`: 502,
	} {
		answer = body
		rec := &recorder{h: http.Header{}}
		res := g.Write(context.Background(), &Request{Method: "GET", Path: "/", Header: http.Header{}}, rec)
		if res.Status != status || (status == 204 && (len(rec.body) != 0 || rec.h["Content-Length"] != nil)) {
			t.Errorf("answer %s: %d %q %v", body, res.Status, rec.body, rec.h)
		}
		if status == 502 && string(rec.body) != `{"message":"Internal server error"}` {
			t.Errorf("answer %s: body %s", body, rec.body)
		}
	}
	g2 := New(Config{Routes: []Route{{Path: "/", Methods: []string{"GET"}}},
		Invoke: func(context.Context, string, []byte) ([]byte, error) { return nil, errors.New("crash") }})
	if r := g2.Serve(context.Background(), &Request{Method: "GET", Path: "/", Header: http.Header{}}); r.StatusCode != 502 || r.Header.Get("x-amzn-ErrorType") != "InternalServerErrorException" {
		t.Errorf("invocation error: %d %v", r.StatusCode, r.Header)
	}
}

func TestGatewayErrorsAndIdentity(t *testing.T) {
	var last map[string]any
	g := New(Config{
		Routes: []Route{
			{Path: "/", Methods: []string{"POST"}},
			{Path: "/iam", Methods: []string{"GET"}, AuthorizerKind: "iam"},
			{Path: "/pool", Methods: []string{"GET"}, AuthorizerKind: "cognito"},
			{Path: "/custom", Methods: []string{"GET"}, AuthorizerKind: "custom", AuthorizerHeader: "X-Token"},
		},
		Invoke: func(_ context.Context, _ string, p []byte) ([]byte, error) {
			last = nil
			if err := json.Unmarshal(p, &last); err != nil {
				return nil, err
			}
			return []byte(`{"statusCode":200,"body":""}`), nil
		},
	})
	serve := func(method, path string, body []byte, hdr ...string) *Response {
		h := http.Header{}
		for i := 0; i+1 < len(hdr); i += 2 {
			h.Set(hdr[i], hdr[i+1])
		}
		return g.Serve(context.Background(), &Request{Method: method, Path: path, Header: h, Body: body})
	}
	if r := serve("GET", "/nope", nil, "Authorization", "Bearer t"); r.StatusCode != 403 || r.Header.Get("x-amzn-ErrorType") != "IncompleteSignatureException" ||
		!strings.HasSuffix(string(r.Body), `Authorization=Bearer t"}`) {
		t.Errorf("unknown path with a token: %d %v %s", r.StatusCode, r.Header, r.Body)
	}
	if r := serve("GET", "/nope", nil, "Authorization", "AWS4-HMAC-SHA256 Credential=x"); r.StatusCode != 403 || string(r.Body) != `{"message":"Missing Authentication Token"}` {
		t.Errorf("unknown path, signed: %d %s", r.StatusCode, r.Body)
	}
	if r := serve("POST", "/", make([]byte, MaxPayload+1)); r.StatusCode != 413 || string(r.Body) != `{"message":"Request Too Long"}` {
		t.Errorf("over the payload limit: %d %s", r.StatusCode, r.Body)
	}
	if r := serve("POST", "/", make([]byte, MaxPayload)); r.StatusCode != 200 {
		t.Errorf("at the payload limit: %d %s", r.StatusCode, r.Body)
	}
	if r := serve("GET", "/iam", nil, "Authorization", "AWS4-HMAC-SHA256 Credential=AKID1/20260101/us-east-1/execute-api/aws4_request, SignedHeaders=host, Signature=0"); r.StatusCode != 200 ||
		last["requestContext"].(map[string]any)["identity"].(map[string]any)["accessKey"] != "AKID1" {
		t.Errorf("iam: %d %v", r.StatusCode, last["requestContext"])
	}
	if r := serve("GET", "/iam", nil, "Authorization", "Basic x"); r.StatusCode != 403 || r.Header.Get("x-amzn-ErrorType") != "IncompleteSignatureException" {
		t.Errorf("iam, not SigV4: %d %s", r.StatusCode, r.Body)
	}
	jwt := "h." + base64.RawURLEncoding.EncodeToString([]byte(`{"sub":"s","n":1,"o":{"a":true}}`)) + ".sig"
	if r := serve("GET", "/pool", nil, "Authorization", jwt); r.StatusCode != 200 {
		t.Errorf("cognito: %d", r.StatusCode)
	} else if diff := cmp.Diff(map[string]any{"claims": map[string]any{"sub": "s", "n": "1", "o": `{"a":true}`}}, last["requestContext"].(map[string]any)["authorizer"]); diff != "" {
		t.Errorf("cognito claims: %s", diff)
	}
	if r := serve("GET", "/pool", nil, "Authorization", "opaque"); r.StatusCode != 200 || last["requestContext"].(map[string]any)["authorizer"] != nil {
		t.Errorf("cognito, opaque token: %d %v", r.StatusCode, last["requestContext"])
	}
	if r := serve("GET", "/custom", nil, "Authorization", "x"); r.StatusCode != 401 {
		t.Errorf("custom without X-Token: %d", r.StatusCode)
	}
	if r := serve("GET", "/custom", nil, "X-Token", "x"); r.StatusCode != 200 {
		t.Errorf("custom: %d", r.StatusCode)
	}
}

// BenchmarkGatewayWrite is the local server's per-request gateway cost:
// event writing, the (fake) invocation, decoding, header setting.
func BenchmarkGatewayWrite(b *testing.B) {
	answer := []byte(`{"statusCode":200,"headers":{"Content-Type":"application/json"},"body":"{\"hello\":\"world\"}","isBase64Encoded":false}`)
	g := New(Config{Routes: []Route{{Path: "/", Methods: []string{"GET"}}, {Path: "/users/{name}", Methods: []string{"GET"}}},
		Invoke: func(context.Context, string, []byte) ([]byte, error) { return bytes.Clone(answer), nil }})
	h := http.Header{"User-Agent": {"wrk"}, "Accept": {"*/*"}, "Accept-Encoding": {"gzip"}}
	req := &Request{Method: "GET", Path: "/users/bob", RawQuery: "a=1", Header: h, Host: "127.0.0.1:8000", SourceIP: "127.0.0.1"}
	w := &discardWriter{h: http.Header{}}
	b.ReportAllocs()
	for b.Loop() {
		clear(w.h)
		g.Write(context.Background(), req, w)
	}
}

type discardWriter struct{ h http.Header }

func (d *discardWriter) Header() http.Header         { return d.h }
func (d *discardWriter) WriteHeader(int)             {}
func (d *discardWriter) Write(p []byte) (int, error) { return len(p), nil }

// TestConcurrentServe shares one gateway (pools, authorizer cache) among
// goroutines; run with -race.
func TestConcurrentServe(t *testing.T) {
	for _, httpAPI := range []bool{false, true} {
		concurrentServe(t, httpAPI)
	}
}

func concurrentServe(t *testing.T, httpAPI bool) {
	g := New(Config{
		HTTPAPI: httpAPI,
		Routes: []Route{
			{Path: "/users/{name}", Methods: []string{"GET"}},
			{Path: "/secret", Methods: []string{"GET"}, AuthorizerKind: "builtin", Authorizer: "auth"},
		},
		Authorizers: []Authorizer{{Name: "auth", TTLSeconds: 60}},
		Invoke: func(_ context.Context, fn string, p []byte) ([]byte, error) {
			if fn == "auth" && httpAPI {
				return []byte(`{"isAuthorized":true,"context":{"k":"v"}}`), nil
			}
			if fn == "auth" {
				return []byte(`{"principalId":"p","policyDocument":{"Statement":[{"Action":"execute-api:Invoke","Effect":"Allow","Resource":"*"}]},"context":{"k":"v"}}`), nil
			}
			var ev struct {
				Path    string `json:"path"`
				RawPath string `json:"rawPath"`
			}
			if err := json.Unmarshal(p, &ev); err != nil {
				return nil, err
			}
			if httpAPI {
				ev.Path = ev.RawPath
			}
			return json.Marshal(map[string]any{"statusCode": 200, "headers": map[string]string{"X-Path": ev.Path}, "body": ev.Path})
		},
	})
	done := make(chan error)
	for i := range 8 {
		go func() {
			var err error
			for j := range 200 {
				path := "/users/u" + strings.Repeat("x", (i*j)%50)
				r := g.Serve(context.Background(), &Request{Method: "GET", Path: path, Header: http.Header{"Authorization": {"t" + string(rune('a'+j%5))}}})
				if r.StatusCode != 200 || string(r.Body) != path || r.Header.Get("X-Path") != path {
					err = errors.New("wrong answer for " + path + ": " + string(r.Body))
					break
				}
				if r := g.Serve(context.Background(), &Request{Method: "GET", Path: "/secret", Header: http.Header{"Authorization": {"t" + string(rune('a'+j%5))}}}); r.StatusCode != 200 {
					err = errors.New("secret: " + string(r.Body))
					break
				}
			}
			done <- err
		}()
	}
	for range 8 {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}

// BenchmarkDecodeProxyResponse is the decoder alone on a typical answer.
func BenchmarkDecodeProxyResponse(b *testing.B) {
	answer := []byte(`{"statusCode":201,"headers":{"Content-Type":"application/json","X-Request-Id":"abc-123"},` +
		`"multiValueHeaders":{"Set-Cookie":["a=1; Path=/","b=2; Path=/"]},` +
		`"body":"{\"name\":\"Ada Lovelace\",\"email\":\"ada@example.org\",\"tags\":[\"math\",\"engines\"],\"note\":\"café <b>&</b>\"}","isBase64Encoded":false}`)
	var pr proxyResponse
	b.SetBytes(int64(len(answer)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := decodeProxyResponseInto(answer, &pr); err != nil {
			b.Fatal(err)
		}
	}
}
