package runtime

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"log/slog"
	"reflect"
	"strings"
	"testing"

	"github.com/chalice-go/chalice"
)

const missingToken = `{"message":"Missing Authentication Token"}`

const builtinAllowHeaders = "Authorization,Content-Type,X-Amz-Date,X-Amz-Security-Token,X-Api-Key"

func TestHTTPv1(t *testing.T) {
	jsonCT := map[string]string{"Content-Type": "application/json"}
	tests := []struct {
		name      string
		ev        any
		debug     bool
		status    int
		body      string            // exact body, when set
		jsonBody  any               // decoded body, when set
		contains  []string          // substrings of the body
		headers   map[string]string // must be present with these values
		absent    []string          // headers that must be absent
		b64       bool
		emptyBody bool
	}{
		{name: "spec users example from fixture", ev: "v1_users_name.json", status: 200,
			body: `{"name":"bob","greeting":"Hello, bob"}`, headers: jsonCT},
		{name: "index", ev: v1{method: "GET", resource: "/", path: "/"}, status: 200, body: `{"hello":"world"}`, headers: jsonCT},
		{name: "json post echo", ev: "v1_post_json.json", status: 200,
			body: `{"name":"Ada Lovelace","email":"ada@example.org","age":36,"tags":["math","engines"],"note":"café <b>&</b>"}`},
		{name: "malformed json body", ev: v1{method: "POST", resource: "/users", path: "/users", body: `{"name": `,
			headers: map[string]string{"Content-Type": "application/json"}},
			status: 400, body: `{"Code":"BadRequestError","Message":"Error Parsing JSON"}`, headers: jsonCT},
		{name: "empty json body", ev: v1{method: "POST", resource: "/users", path: "/users",
			headers: map[string]string{"Content-Type": "application/json; charset=utf-8"}},
			status: 400, body: `{"Code":"BadRequestError","Message":"Error Parsing JSON"}`},
		{name: "blank json body", ev: v1{method: "POST", resource: "/users", path: "/users", body: " \n",
			headers: map[string]string{"Content-Type": "application/json"}},
			status: 400, body: `{"Code":"BadRequestError","Message":"Error Parsing JSON"}`},
		// The spec's json_body is None without a body and a JSON content
		// type: the body parameter gets its zero value.
		{name: "no body no content type", ev: v1{method: "POST", resource: "/users", path: "/users"},
			status: 200, body: `{"name":"","email":"","age":0,"tags":null,"note":""}`},
		{name: "malformed body no content type", ev: v1{method: "POST", resource: "/users", path: "/users", body: `{"name": `},
			status: 400, body: `{"Code":"BadRequestError","Message":"Error Parsing JSON"}`},
		{name: "base64 json body", ev: v1{method: "POST", resource: "/users", path: "/users",
			body: base64.StdEncoding.EncodeToString([]byte(`{"name":"b64"}`)), b64: true},
			status: 200, jsonBody: map[string]any{"name": "b64", "email": "", "age": 0.0, "tags": nil, "note": ""}},
		{name: "capture does not parse", ev: v1{method: "GET", resource: "/items/{id}", path: "/items/abc", pathParams: map[string]string{"id": "abc"}},
			status: 400, body: `{"Code":"BadRequestError","Message":"Invalid value for path parameter id: \"abc\""}`},
		{name: "not found error", ev: v1{method: "GET", resource: "/items/{id}", path: "/items/3", pathParams: map[string]string{"id": "3"}},
			status: 404, body: `{"Code":"NotFoundError","Message":"3"}`},
		{name: "typed capture", ev: v1{method: "GET", resource: "/items/{id}", path: "/items/2", pathParams: map[string]string{"id": "2"}},
			status: 200, body: `{"id":2,"value":"two"}`},
		{name: "second method same path", ev: v1{method: "PUT", resource: "/items/{id}", path: "/items/7", pathParams: map[string]string{"id": "7"}},
			status: 200, body: `{"method":"PUT","put":"7"}`},
		{name: "unknown method", ev: v1{method: "DELETE", resource: "/items/{id}", path: "/items/7", pathParams: map[string]string{"id": "7"}},
			status: 403, body: missingToken, headers: map[string]string{"x-amzn-ErrorType": "MissingAuthenticationTokenException"}},
		{name: "unknown path", ev: v1{method: "GET", resource: "/nope", path: "/nope"}, status: 403, body: missingToken},
		{name: "lower-case method", ev: v1{method: "put", resource: "/items/{id}", path: "/items/7", pathParams: map[string]string{"id": "7"}},
			status: 200, body: `{"method":"PUT","put":"7"}`},
		{name: "uncaught error", ev: v1{method: "GET", resource: "/cities/{city}", path: "/cities/vancouver", pathParams: map[string]string{"city": "vancouver"}},
			status: 500, body: `{"Code":"InternalServerError","Message":"An internal server error occurred."}`, headers: jsonCT},
		{name: "uncaught error debug", debug: true, ev: v1{method: "GET", resource: "/cities/{city}", path: "/cities/vancouver", pathParams: map[string]string{"city": "vancouver"}},
			status: 500, contains: []string{"KeyError: vancouver", "*errors.errorString"}, headers: map[string]string{"Content-Type": "text/plain"}},
		{name: "panic", ev: v1{method: "GET", resource: "/panic", path: "/panic"},
			status: 500, body: `{"Code":"InternalServerError","Message":"An internal server error occurred."}`},
		{name: "panic debug", debug: true, ev: v1{method: "GET", resource: "/panic", path: "/panic"},
			status: 500, contains: []string{"panic: assignment to entry in nil map", "goroutine", "app_test.go"}},
		{name: "view error", ev: v1{method: "GET", resource: "/badrequest", path: "/badrequest"},
			status: 400, body: `{"Code":"BadRequestError","Message":"This is a bad request"}`},
		{name: "wrapped view error", ev: v1{method: "GET", resource: "/wrapped", path: "/wrapped"},
			status: 409, body: `{"Code":"ConflictError","Message":"already there"}`},
		{name: "nil result is null", ev: v1{method: "PUT", resource: "/nothing", path: "/nothing"}, status: 200, body: `null`, headers: jsonCT},
		{name: "response without body", ev: v1{method: "GET", resource: "/empty", path: "/empty"}, status: 204, emptyBody: true},
		{name: "nil *Response", ev: v1{method: "GET", resource: "/nil-response", path: "/nil-response"}, status: 200, body: `null`},
		{name: "result json fails", ev: v1{method: "GET", resource: "/unencodable", path: "/unencodable"}, status: 500,
			body: `{"Code":"InternalServerError","Message":"An internal server error occurred."}`},
		{name: "custom response text", ev: v1{method: "GET", resource: "/text", path: "/text"}, status: 200, body: "hello world!",
			headers: map[string]string{"Content-Type": "text/plain"}},
		{name: "custom error response", ev: v1{method: "GET", resource: "/plain-error", path: "/plain-error"}, status: 400,
			body: "Plain text error message", headers: map[string]string{"Content-Type": "text/plain"}},
		{name: "string result is JSON", ev: v1{method: "GET", resource: "/string-result", path: "/string-result"}, status: 200, body: `"just a string"`},
		{name: "html and bad utf8", ev: v1{method: "GET", resource: "/html", path: "/html"}, status: 200,
			body: `{"bad":"\ufffd","ctl":"\u0001\u2028","html":"<a href=\"x\">&</a>"}`},
		{name: "raw string body escaping", ev: v1{method: "GET", resource: "/raw-text", path: "/raw-text"}, status: 200,
			body: "bad \ufffd ctl \x01\x1f \u2028 <&> \"q\" \\ é 😀", headers: map[string]string{"Content-Type": "text/plain; charset=utf-8"}},

		// content_types
		{name: "415 wrong type", ev: v1{method: "POST", resource: "/form", path: "/form", body: `{"a":1}`,
			headers: map[string]string{"Content-Type": "application/json"}},
			status: 415, body: `{"Code":"UnsupportedMediaType","Message":"Unsupported media type: application/json"}`},
		{name: "415 default json when no content type", ev: v1{method: "POST", resource: "/form", path: "/form", body: `states=WA`},
			status: 415, body: `{"Code":"UnsupportedMediaType","Message":"Unsupported media type: application/json"}`},
		{name: "form accepted with params", ev: v1{method: "POST", resource: "/form", path: "/form", body: `states=WA&states=CA`,
			headers: map[string]string{"content-type": "application/x-www-form-urlencoded; charset=utf-8"}},
			status: 200, body: `{"states":["WA","CA"]}`},
		{name: "default route rejects text/plain", ev: v1{method: "GET", resource: "/", path: "/",
			headers: map[string]string{"Content-Type": "Text/Plain"}},
			status: 415, body: `{"Code":"UnsupportedMediaType","Message":"Unsupported media type: text/plain"}`},
		{name: "second content type", ev: v1{method: "POST", resource: "/introspect", path: "/introspect", body: "hi",
			headers: map[string]string{"Content-Type": "text/plain"}}, status: 200},

		// binary
		{name: "binary echo fixture", ev: "v1_binary_post.json", status: 200, body: "/u0AAf8=", b64: true,
			headers: map[string]string{"Content-Type": "application/octet-stream"}},
		{name: "binary without accept", ev: v1{method: "POST", resource: "/bin-echo", path: "/bin-echo", body: "/u0=", b64: true,
			headers: map[string]string{"Content-Type": "application/octet-stream"}},
			status: 400, body: `{"Code":"BadRequest","Message":"Request did not specify an Accept header with application/octet-stream, The response has a Content-Type of application/octet-stream. If a response has a binary Content-Type then the request must specify an Accept header that matches."}`},
		{name: "binary accept wildcard", ev: v1{method: "POST", resource: "/bin-echo", path: "/bin-echo", body: "/u0=", b64: true,
			headers: map[string]string{"Content-Type": "application/octet-stream", "Accept": "text/html, */*;q=0.8"}},
			status: 200, body: "/u0=", b64: true},
		{name: "binary accept type wildcard", ev: v1{method: "POST", resource: "/bin-echo", path: "/bin-echo", body: "/u0=", b64: true,
			headers: map[string]string{"Content-Type": "application/octet-stream", "Accept": "application/*"}},
			status: 200, body: "/u0=", b64: true},
		{name: "binary accept other type", ev: v1{method: "POST", resource: "/bin-echo", path: "/bin-echo", body: "/u0=", b64: true,
			headers: map[string]string{"Content-Type": "application/octet-stream", "Accept": "text/html"}},
			status: 400, contains: []string{`"Code":"BadRequest"`}},
		{name: "custom binary type (gzip json)", ev: v1{method: "GET", resource: "/gzip", path: "/gzip",
			headers: map[string]string{"Accept": "application/gzip-json"}},
			status: 200, body: base64.StdEncoding.EncodeToString([]byte{0x1f, 0x8b, 0x08, 0x00}), b64: true,
			headers: map[string]string{"Content-Encoding": "gzip"}},

		// CORS
		{name: "cors defaults", ev: v1{method: "PUT", resource: "/supports-cors", path: "/supports-cors"}, status: 200, body: `{}`,
			headers: map[string]string{"Access-Control-Allow-Origin": "*", "Access-Control-Allow-Headers": builtinAllowHeaders},
			absent:  []string{"Access-Control-Max-Age", "Access-Control-Allow-Credentials", "Access-Control-Expose-Headers", "Vary"}},
		{name: "cors on error", ev: v1{method: "GET", resource: "/supports-cors", path: "/supports-cors"}, status: 404,
			headers: map[string]string{"Access-Control-Allow-Origin": "*", "Content-Type": "application/json"}},
		{name: "cors on 415", ev: v1{method: "PUT", resource: "/supports-cors", path: "/supports-cors",
			headers: map[string]string{"Content-Type": "text/csv"}}, status: 415,
			headers: map[string]string{"Access-Control-Allow-Origin": "*"}},
		{name: "cors on binary 400", ev: v1{method: "GET", resource: "/cors-binary", path: "/cors-binary"}, status: 400,
			headers: map[string]string{"Access-Control-Allow-Origin": "*"}},
		{name: "custom cors", ev: v1{method: "GET", resource: "/custom-cors", path: "/custom-cors"}, status: 200, body: `{"cors":true}`,
			headers: map[string]string{
				"Access-Control-Allow-Origin":      "https://foo.example.com",
				"Access-Control-Allow-Headers":     "Authorization,Content-Type,X-Amz-Date,X-Amz-Security-Token,X-Api-Key,X-Special-Header",
				"Access-Control-Max-Age":           "600",
				"Access-Control-Expose-Headers":    "X-Special-Header",
				"Access-Control-Allow-Credentials": "true",
			}},
		{name: "multi origin echo", ev: v1{method: "GET", resource: "/multi-origin", path: "/multi-origin",
			headers: map[string]string{"Origin": "https://b.example.com"}}, status: 200,
			headers: map[string]string{"Access-Control-Allow-Origin": "https://b.example.com", "Vary": "Origin"}},
		{name: "multi origin unknown", ev: v1{method: "GET", resource: "/multi-origin", path: "/multi-origin",
			headers: map[string]string{"Origin": "https://evil.example.com"}}, status: 200,
			headers: map[string]string{"Access-Control-Allow-Origin": "https://a.example.com", "Vary": "Origin"}},
		{name: "preflight", ev: v1{method: "OPTIONS", resource: "/supports-cors", path: "/supports-cors"}, status: 200, emptyBody: true,
			headers: map[string]string{"Access-Control-Allow-Methods": "PUT,GET,OPTIONS", "Access-Control-Allow-Origin": "*",
				"Access-Control-Allow-Headers": builtinAllowHeaders}},
		{name: "preflight multi origin", ev: v1{method: "OPTIONS", resource: "/multi-origin", path: "/multi-origin",
			headers: map[string]string{"origin": "https://b.example.com"}}, status: 200,
			headers: map[string]string{"Access-Control-Allow-Methods": "GET,OPTIONS", "Access-Control-Allow-Origin": "https://b.example.com"}},
		{name: "no preflight without cors", ev: v1{method: "OPTIONS", resource: "/text", path: "/text"}, status: 403, body: missingToken},
		{name: "no cors headers without cors", ev: v1{method: "GET", resource: "/text", path: "/text"}, status: 200,
			absent: []string{"Access-Control-Allow-Origin"}},

		// routing
		{name: "greedy by resource", ev: v1{method: "GET", resource: "/files/{proxy+}", path: "/files/a/b/c.txt",
			pathParams: map[string]string{"proxy": "a/b/c.txt"}}, status: 200, body: `{"method":"GET","proxy":"a/b/c.txt"}`},
		{name: "greedy by path", ev: v1{method: "DELETE", resource: "/{proxy+}", path: "/files/x/y"}, status: 200,
			body: `{"method":"DELETE","proxy":"x/y"}`},
		{name: "greedy needs a segment", ev: v1{method: "GET", resource: "/{proxy+}", path: "/files/"}, status: 403},
		{name: "captures by path when resource unknown", ev: v1{method: "GET", resource: "/{proxy+}", path: "/users/amy",
			pathParams: map[string]string{"proxy": "users/amy"}}, status: 200, body: `{"name":"amy"}`},
		{name: "captures by path when pathParameters missing", ev: v1{method: "GET", resource: "/a/{first}/b/{second}", path: "/a/1/b/2"},
			status: 200, body: `{"first":"1","second":"2"}`},
		{name: "literal beats capture", ev: v1{method: "GET", resource: "", path: "/a/fixed/b/zz"}, status: 200, body: `{"literal":"zz"}`},
		{name: "capture when literal fails", ev: v1{method: "GET", resource: "", path: "/a/fixedx/b/zz"}, status: 200,
			body: `{"first":"fixedx","second":"zz"}`},
		{name: "trailing slash", ev: v1{method: "GET", resource: "", path: "/text/"}, status: 403},
		{name: "decoded capture from pathParameters", ev: v1{method: "GET", resource: "/users/{name}", path: "/users/a b",
			pathParams: map[string]string{"name": "a b"}}, status: 200, body: `{"name":"a b"}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := testApp()
			a.Debug = tc.debug
			quietLogs(t, a)
			ev := tc.ev
			if name, ok := ev.(string); ok {
				ev = fixture(t, name)
			}
			r := invoke(t, a, ev)
			if r.StatusCode != tc.status {
				t.Fatalf("status = %d, want %d; body %s", r.StatusCode, tc.status, r.Body)
			}
			if tc.body != "" || tc.emptyBody {
				if r.Body != tc.body {
					t.Errorf("body = %q\nwant   %q", r.Body, tc.body)
				}
			}
			if tc.jsonBody != nil {
				if got := r.jsonBody(t); !reflect.DeepEqual(got, tc.jsonBody) {
					t.Errorf("body = %#v, want %#v", got, tc.jsonBody)
				}
			}
			for _, s := range tc.contains {
				if !strings.Contains(r.Body, s) {
					t.Errorf("body does not contain %q:\n%s", s, r.Body)
				}
			}
			for k, v := range tc.headers {
				if got, ok := r.Headers[k]; !ok || got != v {
					t.Errorf("header %s = %q (present %v), want %q; all %v", k, got, ok, v, r.Headers)
				}
			}
			for _, k := range tc.absent {
				if _, ok := r.header(k); ok {
					t.Errorf("header %s present, want absent", k)
				}
			}
			if r.IsBase64Encoded != tc.b64 {
				t.Errorf("isBase64Encoded = %v, want %v", r.IsBase64Encoded, tc.b64)
			}
			if _, ok := r.raw["cookies"]; ok {
				t.Errorf("1.0 response has cookies")
			}
		})
	}
}

func TestHTTPv2(t *testing.T) {
	tests := []struct {
		name    string
		ev      any
		status  int
		body    string
		headers map[string]string
		cookies []string
		b64     bool
	}{
		{name: "http api fixture", ev: "v2_http_api.json", status: 200, body: `{"name":"Jürgen","greeting":"Hello, Jürgen"}`,
			headers: map[string]string{"Content-Type": "application/json"}},
		{name: "named stage + ANY proxy route", ev: "v2_http_api_stage.json", status: 200,
			body: `{"method":"DELETE","proxy":"docs/read me.txt"}`},
		{name: "function url base64 post", ev: "function_url.json", status: 200,
			body: `{"name":"Grace Hopper","email":"","age":85,"tags":null,"note":""}`},
		{name: "unknown path", ev: v2{method: "GET", rawPath: "/nope"}, status: 404, body: `{"message":"Not Found"}`},
		{name: "unknown method", ev: v2{method: "PATCH", rawPath: "/text"}, status: 404, body: `{"message":"Not Found"}`},
		{name: "rawPath decoded captures", ev: v2{method: "GET", rawPath: "/users/a%2Fb%20c"}, status: 200, body: `{"name":"a/b c"}`},
		{name: "cookies and multi headers", ev: v2{method: "GET", rawPath: "/cookies"}, status: 200, body: `{"ok":"yes"}`,
			headers: map[string]string{"X-One": "1", "X-Many": "x,y", "Content-Type": "application/json"},
			cookies: []string{"a=1; Path=/", "b=2; HttpOnly"}},
		{name: "preflight", ev: v2{method: "OPTIONS", rawPath: "/supports-cors"}, status: 200,
			headers: map[string]string{"Access-Control-Allow-Methods": "PUT,GET,OPTIONS"}},
		{name: "binary", ev: v2{method: "POST", rawPath: "/bin-echo", body: "AAE=", b64: true,
			headers: map[string]string{"content-type": "application/octet-stream", "accept": "application/octet-stream"}},
			status: 200, body: "AAE=", b64: true},
		{name: "route key registered", ev: v2{method: "GET", routeKey: "GET /items/{id}", rawPath: "/items/1",
			pathParams: map[string]string{"id": "1"}}, status: 200, body: `{"id":1,"value":"one"}`},
		{name: "route key without pathParameters", ev: v2{method: "GET", routeKey: "GET /items/{id}", rawPath: "/items/2"},
			status: 200, body: `{"id":2,"value":"two"}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := testApp()
			quietLogs(t, a)
			ev := tc.ev
			if name, ok := ev.(string); ok {
				ev = fixture(t, name)
			}
			r := invoke(t, a, ev)
			if r.StatusCode != tc.status {
				t.Fatalf("status = %d, want %d; body %s", r.StatusCode, tc.status, r.Body)
			}
			if tc.body != "" && r.Body != tc.body {
				t.Errorf("body = %q\nwant   %q", r.Body, tc.body)
			}
			for k, v := range tc.headers {
				if got := r.Headers[k]; got != v {
					t.Errorf("header %s = %q, want %q; all %v", k, got, v, r.Headers)
				}
			}
			if !reflect.DeepEqual(r.Cookies, tc.cookies) {
				t.Errorf("cookies = %q, want %q", r.Cookies, tc.cookies)
			}
			if _, ok := r.header("Set-Cookie"); ok {
				t.Errorf("2.0 response keeps Set-Cookie in headers")
			}
			if _, ok := r.raw["multiValueHeaders"]; ok {
				t.Errorf("2.0 response has multiValueHeaders")
			}
			if r.IsBase64Encoded != tc.b64 {
				t.Errorf("isBase64Encoded = %v, want %v", r.IsBase64Encoded, tc.b64)
			}
		})
	}
}

func TestResponseMultiValueV1(t *testing.T) {
	r := invoke(t, testApp(), v1{method: "GET", resource: "/cookies", path: "/cookies"})
	want := map[string][]string{"Set-Cookie": {"a=1; Path=/", "b=2; HttpOnly"}, "X-Many": {"x", "y"}}
	if !reflect.DeepEqual(r.MultiValueHeaders, want) {
		t.Errorf("multiValueHeaders = %v, want %v", r.MultiValueHeaders, want)
	}
	if r.Headers["X-One"] != "1" || r.Headers["Content-Type"] != "application/json" {
		t.Errorf("headers = %v", r.Headers)
	}
}

func TestRequestV1(t *testing.T) {
	a := testApp()
	r := invoke(t, a, v1{
		method: "POST", resource: "/echo/{a}/{b}", path: "/echo/x/y z",
		pathParams: map[string]string{"a": "x", "b": "y z"},
		headers:    map[string]string{"X-Custom": "Foo", "Content-Type": "application/json", "ACCEPT": "*/*"},
		query:      map[string][]string{"q": {"1", "2"}, "single": {"s"}},
		stageVars:  map[string]string{"env": "dev"},
		body:       `{"k":"v"}`,
	})
	got := r.jsonBody(t).(map[string]any)
	want := map[string]any{
		"method":        "POST",
		"path":          "/echo/x/y z",
		"headers":       map[string]any{"x-custom": "Foo", "content-type": "application/json", "accept": "*/*"},
		"mv":            map[string]any{"x-custom": []any{"Foo"}, "content-type": []any{"application/json"}, "accept": []any{"*/*"}},
		"query":         map[string]any{"q": []any{"1", "2"}, "single": []any{"s"}},
		"uri":           map[string]any{"a": "x", "b": "y z"},
		"body":          `{"k":"v"}`,
		"stage_vars":    map[string]any{"env": "dev"},
		"same":          true,
		"header_lookup": "Foo",
	}
	if !reflect.DeepEqual(got, want) {
		gb, _ := json.MarshalIndent(got, "", " ")
		t.Errorf("request = %s", gb)
	}
}

func TestRequestNilFields(t *testing.T) {
	// The spec's introspect example: query_params, uri_params and
	// stage_vars are null when the request has none.
	r := invoke(t, testApp(), fixtureMapWith(t, "v1_users_name.json", func(m map[string]any) {
		m["resource"], m["path"] = "/introspect", "/introspect"
		m["queryStringParameters"], m["multiValueQueryStringParameters"], m["pathParameters"] = nil, nil, nil
	}))
	got := r.jsonBody(t).(map[string]any)
	for _, k := range []string{"query_params", "uri_params", "stage_vars", "raw_body"} {
		if v, ok := got[k]; !ok || v != nil {
			t.Errorf("%s = %v, want null", k, v)
		}
	}
	if got["method"] != "GET" {
		t.Errorf("method = %v", got["method"])
	}
	ctx := got["context"].(map[string]any)
	if ctx["resourcePath"] != "/users/{name}" || ctx["requestTimeEpoch"] != 1701162866123.0 {
		t.Errorf("context = %v", ctx)
	}
	id := ctx["identity"].(map[string]any)
	if v, ok := id["accessKey"]; !ok || v != nil || id["sourceIp"] != "203.0.113.42" {
		t.Errorf("identity = %v", id)
	}
	h := got["headers"].(map[string]any)
	if h["x-amz-cf-id"] == nil || h["user-agent"] != "HTTPie/3.2.2" || len(h) != 15 {
		t.Errorf("headers = %v", h)
	}
}

func TestRequestV2(t *testing.T) {
	a := testApp()
	ev := v2{method: "POST", routeKey: "POST /echo/{a}/{b}", rawPath: "/echo/x/y%20z",
		rawQuery: "tag=a&tag=b+c&empty&e%3D=1",
		headers:  map[string]string{"x-custom": "Foo", "content-type": "application/json", "x-multi": "1,2"},
		cookies:  []string{"session=abc", "theme=dark"},
		body:     `{"k":1}`}
	r := invoke(t, a, ev)
	got := r.jsonBody(t).(map[string]any)
	want := map[string]any{
		"method": "POST", "path": "/echo/x/y z",
		"headers": map[string]any{"x-custom": "Foo", "content-type": "application/json", "x-multi": "1,2", "cookie": "session=abc; theme=dark"},
		"mv": map[string]any{"x-custom": []any{"Foo"}, "content-type": []any{"application/json"}, "x-multi": []any{"1,2"},
			"cookie": []any{"session=abc; theme=dark"}},
		"query":      map[string]any{"tag": []any{"a", "b c"}, "empty": []any{""}, "e=": []any{"1"}},
		"uri":        map[string]any{"a": "x", "b": "y z"},
		"body":       `{"k":1}`,
		"stage_vars": nil, "same": true, "header_lookup": "Foo",
	}
	if !reflect.DeepEqual(got, want) {
		gb, _ := json.MarshalIndent(got, "", " ")
		t.Errorf("request = %s", gb)
	}
}

func TestLazyLookups(t *testing.T) {
	var seen []string
	a := &App{Routes: []Route{{Path: "/q", Handler: func(ctx context.Context, c *Call) (any, error) {
		v, ok := c.QueryParam("tag")
		seen = append(seen, fmt.Sprintf("%s %v", v, ok))
		v, ok = c.QueryParam("missing")
		seen = append(seen, fmt.Sprintf("%s %v", v, ok))
		seen = append(seen, chalice.RequestHeader(ctx, "x-custom"), chalice.RequestHeader(ctx, "Cookie"))
		seen = append(seen, chalice.QueryParam(ctx, "tag"))
		return nil, nil
	}}}}
	invoke(t, a, v1{method: "GET", resource: "/q", path: "/q", query: map[string][]string{"tag": {"a", "b"}},
		headers: map[string]string{"X-Custom": "c"}})
	invoke(t, a, v2{method: "GET", rawPath: "/q", rawQuery: "tag=a&tag=b%21", cookies: []string{"k=v", "k2=v2"},
		headers: map[string]string{"x-custom": "c2"}})
	want := []string{"b true", " false", "c", "", "b", "b! true", " false", "c2", "k=v; k2=v2", "b!"}
	if !reflect.DeepEqual(seen, want) {
		t.Errorf("lookups = %q, want %q", seen, want)
	}
	if chalice.QueryParam(context.Background(), "x") != "" || chalice.CurrentRequest(context.Background()) != nil {
		t.Error("accessors outside a request should be empty")
	}
}

func TestMalformedEvents(t *testing.T) {
	a := testApp()
	for _, p := range []string{
		``, `null`, `[]`, `"x"`, `{`, `{"httpMethod":"GET"`, `{"httpMethod":"GET"} x`, `{"a" 1}`, `{"a":1,}`,
		`{"foo":1}`, `{"headers":{"a":[}}`, `{"body":"\x"}`,
	} {
		out, err := a.Invoke(context.Background(), "api_handler", []byte(p))
		if err == nil {
			t.Errorf("%q: no error; out %s", p, out)
		}
	}
	// Well-formed but odd events are answered, not failed.
	for _, p := range []string{
		`{"httpMethod":5,"path":"/"}`,
		`{"httpMethod":"GET","path":null,"resource":null}`,
		`{"httpMethod":"GET","path":"/","headers":{"Content-Type":7}}`,
		`{"httpMethod":"GET","resource":"/users/{name}","path":"/users/x","pathParameters":{"name":["x"]}}`,
		`{"version":"2.0","rawPath":5}`,
		`{"httpMethod":"POST","resource":"/users","path":"/users","body":"bad base64 !","isBase64Encoded":true}`,
	} {
		out, err := a.Invoke(context.Background(), "api_handler", []byte(p))
		if err != nil {
			t.Errorf("%q: %v", p, err)
			continue
		}
		decodeResponse(t, out)
	}
}

func TestPayloadNotAliased(t *testing.T) {
	var kept string
	a := &App{Routes: []Route{{Path: "/k/{v}", Handler: func(ctx context.Context, c *Call) (any, error) {
		kept = c.Param(0)
		return nil, nil
	}}}}
	p := mustJSON(t, v1{method: "GET", resource: "/k/{v}", path: "/k/abc", pathParams: map[string]string{"v": "abc"}}.event())
	if _, err := a.Invoke(context.Background(), "api_handler", p); err != nil {
		t.Fatal(err)
	}
	for i := range p {
		p[i] = 'X'
	}
	if kept != "abc" {
		t.Errorf("capture changed with the caller's buffer: %q", kept)
	}
}

func TestMiddleware(t *testing.T) {
	var order []string
	a := testApp()
	a.Middleware = []HTTPMiddleware{
		func(ctx context.Context, req *chalice.Request, next chalice.HTTPHandler) (*chalice.Response, error) {
			order = append(order, "outer:"+req.Path)
			resp, err := next(ctx, req)
			order = append(order, "outer-done")
			if err != nil {
				return &chalice.Response{StatusCode: 418, Body: "converted: " + err.Error(),
					Headers: map[string]string{"Content-Type": "text/plain"}}, nil
			}
			if resp.Headers == nil {
				resp.Headers = map[string]string{}
			}
			resp.Headers["X-Outer"] = "1"
			return resp, nil
		},
		func(ctx context.Context, req *chalice.Request, next chalice.HTTPHandler) (*chalice.Response, error) {
			order = append(order, "inner")
			r2 := *req
			r2.URIParams = map[string]string{"name": "rewritten"}
			return next(ctx, &r2)
		},
	}
	r := invoke(t, a, v1{method: "GET", resource: "/users/{name}", path: "/users/bob", pathParams: map[string]string{"name": "bob"}})
	if r.StatusCode != 200 || r.Body != `{"name":"rewritten"}` || r.Headers["X-Outer"] != "1" {
		t.Errorf("response = %+v", r)
	}
	if want := []string{"outer:/users/bob", "inner", "outer-done"}; !reflect.DeepEqual(order, want) {
		t.Errorf("order = %q, want %q", order, want)
	}
	quietLogs(t, a)
	r = invoke(t, a, v1{method: "GET", resource: "/panic", path: "/panic"})
	if r.StatusCode != 418 || !strings.Contains(r.Body, "converted: panic: assignment to entry in nil map") {
		t.Errorf("panic through middleware = %+v", r)
	}
	// Results that are not Responses stay JSON through middleware.
	order = nil
	if r := invoke(t, a, v1{method: "GET", resource: "/string-result", path: "/string-result"}); r.Body != `"just a string"` {
		t.Errorf("string result through middleware = %q", r.Body)
	}
	if r := invoke(t, a, v1{method: "PUT", resource: "/nothing", path: "/nothing"}); r.Body != `null` {
		t.Errorf("nil result through middleware = %q", r.Body)
	}
	if r := invoke(t, a, v1{method: "GET", resource: "/nil-response", path: "/nil-response"}); r.Body != `null` {
		t.Errorf("nil *Response through middleware = %q", r.Body)
	}
	if r := invoke(t, a, v1{method: "GET", resource: "/empty", path: "/empty"}); r.Body != `` || r.StatusCode != 204 {
		t.Errorf("empty Response through middleware = %+v", r)
	}
	r = invoke(t, a, v1{method: "GET", resource: "/badrequest", path: "/badrequest"})
	if r.StatusCode != 418 {
		t.Errorf("error through middleware = %+v", r)
	}
	// A middleware that panics or errors itself is answered like a handler.
	a2 := testApp()
	quietLogs(t, a2)
	a2.Middleware = []HTTPMiddleware{func(ctx context.Context, req *chalice.Request, next chalice.HTTPHandler) (*chalice.Response, error) {
		if req.Path == "/text" {
			panic("middleware broke")
		}
		return nil, chalice.ForbiddenError("no")
	}}
	if r := invoke(t, a2, v1{method: "GET", resource: "/text", path: "/text"}); r.StatusCode != 500 {
		t.Errorf("middleware panic = %+v", r)
	}
	if r := invoke(t, a2, v1{method: "GET", resource: "/", path: "/"}); r.StatusCode != 403 || r.Body != `{"Code":"ForbiddenError","Message":"no"}` {
		t.Errorf("middleware error = %+v", r)
	}
}

func TestLogging(t *testing.T) {
	a := testApp()
	var buf bytes.Buffer
	a.index()
	chalice.ConfigureLogger(a.Name, &buf)
	t.Cleanup(func() { chalice.ConfigureLogger("app", discard{}) })
	invoke(t, a, v1{method: "GET", resource: "/cities/{city}", path: "/cities/vancouver", pathParams: map[string]string{"city": "vancouver"}})
	if got := buf.String(); !strings.HasPrefix(got, "testapp - ERROR - Caught exception for cities: KeyError: vancouver") {
		t.Errorf("log = %q", got)
	}
	buf.Reset()
	chalice.Logger(context.Background()).Debug("hidden")
	if buf.Len() != 0 {
		t.Errorf("debug logged at default level: %q", buf.String())
	}

	d := testApp()
	d.Name, d.Debug = "dbg", true
	d.index()
	t.Cleanup(func() { chalice.SetLogLevel(slog.LevelError) }) // back to ERROR
	chalice.ConfigureLogger(d.Name, &buf)
	chalice.Logger(context.Background()).Debug("This is a debug statement")
	if got := buf.String(); got != "dbg - DEBUG - This is a debug statement\n" {
		t.Errorf("debug log = %q", got)
	}
}

func fixtureMapWith(t testing.TB, name string, edit func(map[string]any)) map[string]any {
	m := fixtureMap(t, name)
	edit(m)
	return m
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// quietLogs sends the app's error logs to nowhere for the test.
func quietLogs(t testing.TB, a *App) {
	a.index()
	chalice.ConfigureLogger(a.Name, discard{})
	t.Cleanup(func() { chalice.SetLogLevel(slog.LevelError) })
}

func TestConcurrentInvoke(t *testing.T) {
	a := testApp()
	quietLogs(t, a)
	type job struct {
		ev   []byte
		want string
	}
	jobs := []job{
		{fixture(t, "v1_users_name.json"), `{"name":"bob","greeting":"Hello, bob"}`},
		{fixture(t, "v2_http_api.json"), `{"name":"Jürgen","greeting":"Hello, Jürgen"}`},
		{fixture(t, "v1_post_json.json"), `{"name":"Ada Lovelace","email":"ada@example.org","age":36,"tags":["math","engines"],"note":"café <b>&</b>"}`},
		{mustJSON(t, v1{method: "GET", resource: "/cities/{city}", path: "/cities/x", pathParams: map[string]string{"city": "x"}}.event()),
			`{"Code":"InternalServerError","Message":"An internal server error occurred."}`},
	}
	errs := make(chan error, 8)
	for g := 0; g < 8; g++ {
		go func(g int) {
			for i := 0; i < 50; i++ {
				j := jobs[(g+i)%len(jobs)]
				out, err := a.Invoke(context.Background(), "api_handler", j.ev)
				if err != nil {
					errs <- err
					return
				}
				var r proxyResponse
				if err := json.Unmarshal(out, &r); err != nil || r.Body != j.want {
					errs <- fmt.Errorf("got %s, want body %s", out, j.want)
					return
				}
			}
			errs <- nil
		}(g)
	}
	for g := 0; g < 8; g++ {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
}
