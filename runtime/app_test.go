package runtime

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chalice-go/chalice"
)

// The wrappers below are shaped like the ones chalicegen writes: closures
// reading c.Param(i), parsing with strconv and BadParam, c.DecodeJSON.

type user struct {
	Name     string `json:"name"`
	Greeting string `json:"greeting,omitempty"`
}

type newUser struct {
	Name  string   `json:"name"`
	Email string   `json:"email"`
	Age   int      `json:"age"`
	Tags  []string `json:"tags"`
	Note  string   `json:"note"`
}

// users is the spec's Routing example handler.
func users(ctx context.Context, name string) user {
	u := user{Name: name}
	if chalice.QueryParam(ctx, "include-greeting") == "true" {
		u.Greeting = "Hello, " + name
	}
	return u
}

func chaliceRoute_users(ctx context.Context, c *Call) (any, error) {
	return users(ctx, c.Param(0)), nil
}

func createUser(ctx context.Context, u newUser) (newUser, error) { return u, nil }

func chaliceRoute_createUser(ctx context.Context, c *Call) (any, error) {
	var body newUser
	if err := c.DecodeJSON(&body); err != nil {
		return nil, err
	}
	return createUser(ctx, body)
}

var items = map[int]string{1: "one", 2: "two"}

func getItem(id int) (map[string]any, error) {
	v, ok := items[id]
	if !ok {
		return nil, chalice.NotFoundError(strconv.Itoa(id))
	}
	return map[string]any{"id": id, "value": v}, nil
}

func chaliceRoute_getItem(ctx context.Context, c *Call) (any, error) {
	id64, err := strconv.ParseInt(c.Param(0), 10, 0)
	if err != nil {
		return nil, BadParam("id", c.Param(0), err)
	}
	return getItem(int(id64))
}

var citiesToState = map[string]string{"seattle": "WA", "portland": "OR"}

func stateOfCity(city string) (map[string]string, error) {
	st, ok := citiesToState[city]
	if !ok {
		return nil, errors.New("KeyError: " + city)
	}
	return map[string]string{"state": st}, nil
}

func testApp() *App {
	return &App{
		Name: "testapp",
		Routes: []Route{
			{Name: "index", Path: "/", Methods: []string{"GET"}, Handler: func(ctx context.Context, c *Call) (any, error) {
				return map[string]string{"hello": "world"}, nil
			}},
			{Name: "users", Path: "/users/{name}", Methods: []string{"GET"}, Handler: chaliceRoute_users},
			{Name: "create_user", Path: "/users", Methods: []string{"POST"}, Handler: chaliceRoute_createUser},
			{Name: "get_item", Path: "/items/{id}", Methods: []string{"GET"}, Handler: chaliceRoute_getItem},
			{Name: "put_item", Path: "/items/{id}", Methods: []string{"PUT"}, Handler: func(ctx context.Context, c *Call) (any, error) {
				return map[string]string{"put": c.Param(0), "method": c.Method()}, nil
			}},
			{Name: "cities", Path: "/cities/{city}", Handler: func(ctx context.Context, c *Call) (any, error) {
				return stateOfCity(c.Param(0))
			}},
			{Name: "two", Path: "/a/{first}/b/{second}", Handler: func(ctx context.Context, c *Call) (any, error) {
				return map[string]string{"first": c.Param(0), "second": c.Param(1)}, nil
			}},
			{Name: "literal_wins", Path: "/a/fixed/b/{second}", Handler: func(ctx context.Context, c *Call) (any, error) {
				return map[string]string{"literal": c.Param(0)}, nil
			}},
			{Name: "bin_echo", Path: "/bin-echo", Methods: []string{"POST"}, ContentTypes: []string{"application/octet-stream"},
				Handler: func(ctx context.Context, c *Call) (any, error) {
					return &chalice.Response{Body: c.Body(), Headers: map[string]string{"Content-Type": "application/octet-stream"}}, nil
				}},
			{Name: "form", Path: "/form", Methods: []string{"POST"}, ContentTypes: []string{"application/x-www-form-urlencoded"},
				Handler: func(ctx context.Context, c *Call) (any, error) {
					q, err := url.ParseQuery(string(c.Request().RawBody))
					if err != nil {
						return nil, chalice.BadRequestError(err.Error())
					}
					return map[string]any{"states": q["states"]}, nil
				}},
			{Name: "text", Path: "/text", Handler: func(ctx context.Context, c *Call) (any, error) {
				return chalice.Response{Body: "hello world!", StatusCode: 200, Headers: map[string]string{"Content-Type": "text/plain"}}, nil
			}},
			{Name: "plain_error", Path: "/plain-error", Handler: func(ctx context.Context, c *Call) (any, error) {
				return &chalice.Response{Body: "Plain text error message", StatusCode: 400, Headers: map[string]string{"Content-Type": "text/plain"}}, nil
			}},
			{Name: "fail", Path: "/fail", Handler: func(ctx context.Context, c *Call) (any, error) {
				return nil, errors.New("database is on fire")
			}},
			{Name: "panic", Path: "/panic", Handler: func(ctx context.Context, c *Call) (any, error) {
				var m map[string]int
				m["x"]++ // nil map write: a runtime panic
				return nil, nil
			}},
			{Name: "badrequest", Path: "/badrequest", Handler: func(ctx context.Context, c *Call) (any, error) {
				return nil, chalice.BadRequestError("This is a bad request")
			}},
			{Name: "wrapped", Path: "/wrapped", Handler: func(ctx context.Context, c *Call) (any, error) {
				return nil, errorsJoin(chalice.ConflictError("already there"))
			}},
			{Name: "nothing", Path: "/nothing", Methods: []string{"PUT"}, Handler: func(ctx context.Context, c *Call) (any, error) {
				return nil, nil
			}},
			{Name: "empty_response", Path: "/empty", Handler: func(ctx context.Context, c *Call) (any, error) {
				return &chalice.Response{StatusCode: 204}, nil
			}},
			{Name: "nil_response", Path: "/nil-response", Handler: func(ctx context.Context, c *Call) (any, error) {
				var r *chalice.Response
				return r, nil
			}},
			{Name: "unencodable", Path: "/unencodable", Handler: func(ctx context.Context, c *Call) (any, error) {
				return map[string]any{"ch": make(chan int)}, nil
			}},
			{Name: "supports_cors", Path: "/supports-cors", Methods: []string{"PUT"}, CORS: &chalice.CORSConfig{},
				Handler: func(ctx context.Context, c *Call) (any, error) { return map[string]any{}, nil }},
			{Name: "supports_cors_get", Path: "/supports-cors", Methods: []string{"GET"}, CORS: &chalice.CORSConfig{},
				Handler: func(ctx context.Context, c *Call) (any, error) { return nil, chalice.NotFoundError("nope") }},
			{Name: "custom_cors", Path: "/custom-cors", Methods: []string{"GET"}, CORS: &chalice.CORSConfig{
				AllowOrigin: "https://foo.example.com", AllowHeaders: []string{"X-Special-Header"}, MaxAge: 600,
				ExposeHeaders: []string{"X-Special-Header"}, AllowCredentials: true,
			}, Handler: func(ctx context.Context, c *Call) (any, error) { return map[string]bool{"cors": true}, nil }},
			{Name: "multi_origin", Path: "/multi-origin", Methods: []string{"GET"}, CORS: &chalice.CORSConfig{
				AllowOrigin: "https://a.example.com, https://b.example.com",
			}, Handler: func(ctx context.Context, c *Call) (any, error) { return "ok", nil }},
			{Name: "cors_binary", Path: "/cors-binary", CORS: &chalice.CORSConfig{}, Handler: func(ctx context.Context, c *Call) (any, error) {
				return &chalice.Response{Body: []byte{1, 2}, Headers: map[string]string{"Content-Type": "image/png"}}, nil
			}},
			{Name: "files", Path: "/files/{proxy+}", Methods: []string{"GET", "DELETE"}, Handler: func(ctx context.Context, c *Call) (any, error) {
				return map[string]string{"proxy": c.Param(0), "method": c.Method()}, nil
			}},
			{Name: "introspect", Path: "/introspect", Methods: []string{"GET", "POST"}, ContentTypes: []string{"application/json", "text/plain"},
				Handler: func(ctx context.Context, c *Call) (any, error) {
					return chalice.CurrentRequest(ctx).ToMap(), nil
				}},
			{Name: "echo_request", Path: "/echo/{a}/{b}", Methods: []string{"GET", "POST"}, Handler: func(ctx context.Context, c *Call) (any, error) {
				r := c.Request()
				return map[string]any{
					"method": r.Method, "path": r.Path, "headers": r.Headers, "mv": r.MultiValueHeaders,
					"query": r.QueryParams, "uri": r.URIParams, "body": string(r.RawBody), "stage_vars": r.StageVars,
					"same": chalice.CurrentRequest(ctx) == r, "header_lookup": chalice.RequestHeader(ctx, "X-Custom"),
				}, nil
			}},
			{Name: "cookies", Path: "/cookies", Handler: func(ctx context.Context, c *Call) (any, error) {
				return &chalice.Response{
					Body:              map[string]string{"ok": "yes"},
					Headers:           map[string]string{"X-One": "1"},
					MultiValueHeaders: map[string][]string{"Set-Cookie": {"a=1; Path=/", "b=2; HttpOnly"}, "X-Many": {"x", "y"}},
				}, nil
			}},
			{Name: "gzip", Path: "/gzip", Handler: func(ctx context.Context, c *Call) (any, error) {
				return &chalice.Response{Body: []byte{0x1f, 0x8b, 0x08, 0x00}, Headers: map[string]string{
					"Content-Type": "application/gzip-json", "Content-Encoding": "gzip"}}, nil
			}},
			{Name: "html", Path: "/html", Handler: func(ctx context.Context, c *Call) (any, error) {
				return map[string]string{"html": "<a href=\"x\">&</a>", "bad": "\xff", "ctl": "\x01\u2028"}, nil
			}},
			{Name: "raw_text", Path: "/raw-text", Handler: func(ctx context.Context, c *Call) (any, error) {
				return chalice.Response{Body: "bad \xff ctl \x01\x1f \u2028 <&> \"q\" \\ é 😀",
					Headers: map[string]string{"Content-Type": "text/plain; charset=utf-8"}}, nil
			}},
			{Name: "string_result", Path: "/string-result", Handler: func(ctx context.Context, c *Call) (any, error) {
				return "just a string", nil
			}},
		},
		BinaryTypes: append(append([]string{}, defaultBinaryForTest()...), "application/gzip-json"),
	}
}

func errorsJoin(err error) error { return errors.Join(errors.New("context"), err) }

func defaultBinaryForTest() []string {
	return []string{"application/octet-stream", "application/x-tar", "application/zip",
		"audio/basic", "audio/ogg", "audio/mp4", "audio/mpeg", "audio/wav",
		"audio/webm", "image/png", "image/jpg", "image/jpeg", "image/gif",
		"video/ogg", "video/mpeg", "video/webm"}
}

// proxyResponse is the union of the 1.0 and 2.0 response shapes; raw keeps
// the keys actually present.
type proxyResponse struct {
	StatusCode        int                 `json:"statusCode"`
	Headers           map[string]string   `json:"headers"`
	MultiValueHeaders map[string][]string `json:"multiValueHeaders"`
	Cookies           []string            `json:"cookies"`
	Body              string              `json:"body"`
	IsBase64Encoded   bool                `json:"isBase64Encoded"`
	raw               map[string]any
}

func decodeResponse(t testing.TB, out []byte) proxyResponse {
	t.Helper()
	var r proxyResponse
	if !json.Valid(out) {
		t.Fatalf("response is not valid JSON: %s", out)
	}
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatalf("decoding response: %v\n%s", err, out)
	}
	_ = json.Unmarshal(out, &r.raw)
	return r
}

func (r proxyResponse) jsonBody(t testing.TB) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(r.Body), &v); err != nil {
		t.Fatalf("body is not JSON: %v: %q", err, r.Body)
	}
	return v
}

func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// fixtureMap loads a fixture for editing.
func fixtureMap(t testing.TB, name string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(fixture(t, name), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// v1 builds a REST API (1.0) proxy event the way API Gateway sends it.
type v1 struct {
	method, resource, path string
	headers                map[string]string
	query                  map[string][]string
	pathParams             map[string]string
	body                   string
	b64                    bool
	stageVars              map[string]string
}

func (e v1) event() map[string]any {
	m := map[string]any{
		"resource": e.resource, "path": e.path, "httpMethod": e.method,
		"headers": nil, "multiValueHeaders": nil,
		"queryStringParameters": nil, "multiValueQueryStringParameters": nil,
		"pathParameters": nil, "stageVariables": nil,
		"requestContext": map[string]any{
			"resourcePath": e.resource, "httpMethod": e.method, "path": "/api" + e.path, "stage": "api",
			"accountId": "123456789012", "apiId": "abc123", "requestId": "req-1",
			"identity": map[string]any{"sourceIp": "1.1.1.1", "userAgent": "test", "accessKey": nil},
		},
		"body": nil, "isBase64Encoded": e.b64,
	}
	if e.headers != nil {
		h, mv := map[string]any{}, map[string]any{}
		for k, v := range e.headers {
			h[k] = v
			mv[k] = []string{v}
		}
		m["headers"], m["multiValueHeaders"] = h, mv
	}
	if e.query != nil {
		q, mq := map[string]any{}, map[string]any{}
		for k, vs := range e.query {
			q[k] = vs[len(vs)-1]
			mq[k] = vs
		}
		m["queryStringParameters"], m["multiValueQueryStringParameters"] = q, mq
	}
	if e.pathParams != nil {
		m["pathParameters"] = e.pathParams
	}
	if e.stageVars != nil {
		m["stageVariables"] = e.stageVars
	}
	if e.body != "" || e.b64 {
		m["body"] = e.body
	}
	return m
}

// v2 builds an HTTP API payload 2.0 event.
type v2 struct {
	method, routeKey, rawPath, rawQuery string
	headers                             map[string]string
	cookies                             []string
	pathParams                          map[string]string
	body                                string
	b64                                 bool
	stage                               string
}

func (e v2) event() map[string]any {
	stage := e.stage
	if stage == "" {
		stage = "$default"
	}
	rk := e.routeKey
	if rk == "" {
		rk = "$default"
	}
	m := map[string]any{
		"version": "2.0", "routeKey": rk, "rawPath": e.rawPath, "rawQueryString": e.rawQuery,
		"headers": e.headers,
		"requestContext": map[string]any{
			"accountId": "123456789012", "apiId": "api", "stage": stage, "routeKey": rk,
			"http": map[string]any{"method": e.method, "path": e.rawPath, "protocol": "HTTP/1.1", "sourceIp": "1.1.1.1"},
		},
		"isBase64Encoded": e.b64,
	}
	if e.cookies != nil {
		m["cookies"] = e.cookies
	}
	if e.pathParams != nil {
		m["pathParameters"] = e.pathParams
	}
	if e.body != "" {
		m["body"] = e.body
	}
	return m
}

func invoke(t testing.TB, a *App, ev any) proxyResponse {
	t.Helper()
	var payload []byte
	switch e := ev.(type) {
	case []byte:
		payload = e
	case v1:
		payload = mustJSON(t, e.event())
	case v2:
		payload = mustJSON(t, e.event())
	default:
		payload = mustJSON(t, e)
	}
	out, err := a.Invoke(context.Background(), "api_handler", payload)
	if err != nil {
		t.Fatalf("Invoke: %v", err)
	}
	r := decodeResponse(t, out)
	return r
}

// header looks a response header up case-insensitively.
func (r proxyResponse) header(name string) (string, bool) {
	for k, v := range r.Headers {
		if strings.EqualFold(k, name) {
			return v, true
		}
	}
	return "", false
}
