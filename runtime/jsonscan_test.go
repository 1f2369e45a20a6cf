package runtime

import (
	"bytes"
	"context"
	"encoding/json"
	"reflect"
	"testing"
	"unicode/utf8"

	"github.com/chalice-go/chalice/internal/jsonx"
)

var jsonSamples = []string{
	`{}`, `[]`, `null`, `true`, `false`, `0`, `-0.5e+3`, `1E9`, `"x"`,
	`{"a":1,"b":[true,false,null,{"c":"d"}],"e":{"f":{"g":[]}}}`,
	` { "sp" : [ 1 , 2 ] , "t":"\t\u00e9\ud83d\ude00\/\\\"" } `,
	`{"lone":"\ud800x","dup":1,"dup":2}`,
	`"\u2028\u0000"`,
	`{"big":1e400}`,
}

var badJSON = []string{
	``, `{`, `}`, `{"a"}`, `{"a":}`, `{"a":1,}`, `[1,]`, `[1 2]`, `{"a" 1}`, `{a:1}`, `"abc`, `"\x"`, `"\u12"`,
	`01`, `1.`, `-`, `1e`, `tru`, `nul`, `{"a":1}}`, `[}`, "\"a\x01b\"", `{"a":[1,{"b":2]}}`,
}

func TestDecodeAnyMatchesEncodingJSON(t *testing.T) {
	for _, s := range jsonSamples {
		b := []byte(s)
		got, err := decodeAny(b, span(jsonx.SkipSpace(b, 0), len(b)))
		var want any
		werr := json.Unmarshal(b, &want)
		if werr != nil {
			if s == `{"big":1e400}` && err == nil { // kept as its text instead of failing
				continue
			}
			t.Errorf("%s: encoding/json fails (%v) but decodeAny = %v, %v", s, werr, got, err)
			continue
		}
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: decodeAny = %#v, %v; want %#v", s, got, err, want)
		}
	}
	for _, s := range badJSON {
		b := []byte(s)
		if _, err := decodeAny(b, span(jsonx.SkipSpace(b, 0), len(b))); err == nil {
			t.Errorf("%q: decodeAny accepted malformed JSON", s)
		}
	}
}

// FuzzDecodeEvent feeds arbitrary payloads through every entry point that
// reads an event: it must never panic, must answer HTTP events with valid
// JSON, and decodeAny must agree with encoding/json on valid input. Run
// with -fuzz=FuzzDecodeEvent; plain `go test` runs only the seed corpus.
func FuzzDecodeEvent(f *testing.F) {
	for _, name := range []string{"v1_users_name.json", "v1_post_json.json", "v1_binary_post.json", "v2_http_api.json",
		"v2_http_api_stage.json", "function_url.json", "auth_token.json", "auth_request.json"} {
		f.Add(fixture(f, name))
	}
	for _, s := range append(append([]string{}, jsonSamples...), badJSON...) {
		f.Add([]byte(s))
	}
	f.Add([]byte(`{"httpMethod":"GET","path":"/echo/%zz/b","resource":"/x","headers":{"Origin":"o"},"multiValueHeaders":{"A":["1",2]},"isBase64Encoded":true,"body":"!!"}`))
	f.Add([]byte(`{"version":"2.0","rawPath":"/echo/a/b","rawQueryString":"a=%zz&&=&b","cookies":["x",1],"requestContext":{"http":{"method":"POST"}}}`))

	a := testApp()
	a.Middleware = nil
	a.Authorizers = []Authorizer{{Name: "auth", Handler: nil}}
	full := testApp()
	full.Routes = append(full.Routes, Route{Path: "/{proxy+}", Methods: []string{"ANY"}, Handler: func(ctx context.Context, c *Call) (any, error) {
		return c.Request().ToMap(), nil
	}})
	quietLogs(f, a)
	quietLogs(f, full)
	f.Fuzz(func(t *testing.T, p []byte) {
		for _, app := range []*App{a, full} {
			out, err := app.Invoke(context.Background(), "api_handler", p)
			if err == nil && !json.Valid(out) {
				t.Fatalf("invalid response JSON %q for %q", out, p)
			}
		}
		_, _ = a.Invoke(context.Background(), "auth", p)
		var ev event
		_ = parseEvent(append([]byte(nil), p...), &ev)
		got, err := decodeAny(p, span(jsonx.SkipSpace(p, 0), len(p)))
		var want any
		if json.Unmarshal(p, &want) == nil && utf8.Valid(p) && !bytes.Contains(p, []byte(`\u`)) {
			if err != nil {
				t.Fatalf("decodeAny rejects valid JSON %q: %v", p, err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("decodeAny(%q) = %#v, want %#v", p, got, want)
			}
		}
	})
}

// eventMembers are the top-level members parseEvent records, with a getter
// for each span.
var eventMembers = map[string]func(*event) val{
	"resource": func(e *event) val { return e.resource }, "path": func(e *event) val { return e.path },
	"httpMethod": func(e *event) val { return e.httpMethod }, "headers": func(e *event) val { return e.headers },
	"multiValueHeaders": func(e *event) val { return e.mvHeaders }, "queryStringParameters": func(e *event) val { return e.query },
	"multiValueQueryStringParameters": func(e *event) val { return e.mvQuery }, "pathParameters": func(e *event) val { return e.pathParams },
	"stageVariables": func(e *event) val { return e.stageVars }, "requestContext": func(e *event) val { return e.reqCtx },
	"body": func(e *event) val { return e.body }, "isBase64Encoded": func(e *event) val { return e.isB64 },
	"version": func(e *event) val { return e.version }, "routeKey": func(e *event) val { return e.routeKey },
	"rawPath": func(e *event) val { return e.rawPath }, "rawQueryString": func(e *event) val { return e.rawQuery },
	"cookies": func(e *event) val { return e.cookies }, "type": func(e *event) val { return e.typ },
	"authorizationToken": func(e *event) val { return e.authToken }, "methodArn": func(e *event) val { return e.methodArn },
	"routeArn": func(e *event) val { return e.routeArn },
}

// FuzzParseEventSpans fences the hand-written event scanner (kept on the
// hot path; see docs/decisions.md) with encoding/json: on every valid
// UTF-8 payload encoding/json accepts, parseEvent accepts it too and
// records, for every member it knows, exactly the bytes encoding/json
// finds there (the last of duplicates).
func FuzzParseEventSpans(f *testing.F) {
	for _, name := range []string{"v1_users_name.json", "v1_post_json.json", "v2_http_api.json", "auth_token.json"} {
		f.Add(fixture(f, name))
	}
	for _, s := range append(append([]string{}, jsonSamples...), badJSON...) {
		f.Add([]byte(s))
	}
	f.Add([]byte(`{"path":"/a","pa\u0074h":"/b","headers":{"Content-Type":"x","content-type":"y"},"body":null}`))
	f.Fuzz(func(t *testing.T, p []byte) {
		if !utf8.Valid(p) {
			return
		}
		var m map[string]json.RawMessage
		if json.Unmarshal(p, &m) != nil || m == nil {
			return
		}
		var ev event
		if err := parseEvent(p, &ev); err != nil {
			t.Fatalf("parseEvent rejects %q, which encoding/json accepts: %v", p, err)
		}
		for name, get := range eventMembers {
			want, ok := m[name]
			v := get(&ev)
			if got := p[v.off:v.end]; !ok && v != (val{}) || ok && !bytes.Equal(got, want) {
				t.Fatalf("%q: member %s spans %q, encoding/json finds %q (present %v)", p, name, got, want, ok)
			}
		}
	})
}
