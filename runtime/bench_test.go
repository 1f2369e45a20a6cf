package runtime

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/chalice-go/chalice"
)

// Every benchmark measures what Lambda sees: event payload bytes in,
// proxy-response bytes out, through App.Invoke.

// compactFixture returns a fixture as API Gateway sends it: compact JSON.
func compactFixture(b testing.TB, name string, edit func(map[string]any)) []byte {
	b.Helper()
	raw := fixture(b, name)
	if edit != nil {
		m := fixtureMap(b, name)
		edit(m)
		raw = mustJSON(b, m)
	}
	var out bytes.Buffer
	if err := json.Compact(&out, raw); err != nil {
		b.Fatal(err)
	}
	return out.Bytes()
}

// benchApp is a small realistic app: the spec's users route among others.
func benchApp(full bool) *App {
	usersHandler := chaliceRoute_users
	if full {
		// The spec's literal version: app.current_request.query_params.
		usersHandler = func(ctx context.Context, c *Call) (any, error) {
			name := c.Param(0)
			u := user{Name: name}
			if chalice.CurrentRequest(ctx).QueryParams.Get("include-greeting") == "true" {
				u.Greeting = "Hello, " + name
			}
			return u, nil
		}
	}
	return &App{Name: "bench", Routes: []Route{
		{Name: "index", Path: "/", Handler: func(ctx context.Context, c *Call) (any, error) { return map[string]string{"hello": "world"}, nil }},
		{Name: "users", Path: "/users/{name}", Methods: []string{"GET"}, Handler: usersHandler},
		{Name: "create_user", Path: "/users", Methods: []string{"POST"}, Handler: chaliceRoute_createUser},
		{Name: "get_item", Path: "/items/{id}", Methods: []string{"GET"}, Handler: chaliceRoute_getItem},
	}}
}

func benchInvoke(b *testing.B, a *App, payload []byte, wantBody string) {
	ctx := context.Background()
	out, err := a.Invoke(ctx, "api_handler", payload)
	if err != nil {
		b.Fatal(err)
	}
	if r := decodeResponse(b, out); r.StatusCode != 200 || r.Body != wantBody {
		b.Fatalf("unexpected response %s", out)
	}
	b.SetBytes(int64(len(payload)))
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuTime()
	for b.Loop() {
		if _, err := a.Invoke(ctx, "api_handler", payload); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op")
}

// The REST (1.0) benchmarks run on two realistic events of the same
// requests:
//
//   - regional: a regional REST API called by HTTPie or curl, 8 headers
//     (in headers and multiValueHeaders) and a full request context; the
//     GET is 1.6 KB and the POST 1.5 KB, compact, as API Gateway sends them.
//   - edge: an edge-optimized REST API (CloudFront in front), 15 headers;
//     the GET is 2.3 KB and the POST 2.5 KB.
type benchFixture struct {
	name, users, post string
}

var benchFixtures = []benchFixture{
	{"regional", "v1_users_typical.json", "v1_post_json.json"},
	{"edge", "v1_users_name.json", "v1_post_json_edge.json"},
}

const (
	usersBody = `{"name":"bob","greeting":"Hello, bob"}`
	postBody  = `{"name":"Ada Lovelace","email":"ada@example.org","age":36,"tags":["math","engines"],"note":"café <b>&</b>"}`
)

// BenchmarkV1UsersName: GET /users/{name}?include-greeting=true; the
// handler takes the name and reads one query parameter
// (chalice.QueryParam).
func BenchmarkV1UsersName(b *testing.B) {
	for _, fx := range benchFixtures {
		b.Run(fx.name, func(b *testing.B) {
			benchInvoke(b, benchApp(false), compactFixture(b, fx.users, nil), usersBody)
		})
	}
}

// BenchmarkV1UsersNameFullRequest is the same request with the handler
// calling chalice.CurrentRequest: the cost of materializing everything.
func BenchmarkV1UsersNameFullRequest(b *testing.B) {
	for _, fx := range benchFixtures {
		b.Run(fx.name, func(b *testing.B) {
			benchInvoke(b, benchApp(true), compactFixture(b, fx.users, nil), usersBody)
		})
	}
}

// BenchmarkV1PostJSON: POST /users with a JSON body decoded into a struct
// and echoed back.
func BenchmarkV1PostJSON(b *testing.B) {
	for _, fx := range benchFixtures {
		b.Run(fx.name, func(b *testing.B) {
			benchInvoke(b, benchApp(false), compactFixture(b, fx.post, nil), postBody)
		})
	}
}

// BenchmarkV2UsersName: the same route through an HTTP API 2.0 event.
func BenchmarkV2UsersName(b *testing.B) {
	benchInvoke(b, benchApp(false), compactFixture(b, "v2_http_api.json", nil), `{"name":"Jürgen","greeting":"Hello, Jürgen"}`)
}

// routesEvent is a users fixture aimed at route i of manyRoutes, its
// members kept in API Gateway's order.
func routesEvent(b *testing.B, name string, i int, byPath bool) []byte {
	resource := fmt.Sprintf("/r%d/items/{id}", i)
	if byPath {
		resource = "/{proxy+}"
	}
	return setMembers(b, compactFixture(b, name, nil), map[string]any{
		"resource":                        resource,
		"path":                            fmt.Sprintf("/r%d/items/42", i),
		"pathParameters":                  map[string]any{"id": "42"},
		"queryStringParameters":           nil,
		"multiValueQueryStringParameters": nil,
	})
}

// setMembers replaces top-level members of the JSON object raw, keeping
// their order (json.Marshal of a map would sort them), and compacts it.
func setMembers(tb testing.TB, raw []byte, set map[string]any) []byte {
	tb.Helper()
	dec := json.NewDecoder(bytes.NewReader(raw))
	if _, err := dec.Token(); err != nil {
		tb.Fatal(err)
	}
	var out bytes.Buffer
	out.WriteByte('{')
	for n := 0; dec.More(); n++ {
		t, err := dec.Token()
		if err != nil {
			tb.Fatal(err)
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			tb.Fatal(err)
		}
		if r, ok := set[t.(string)]; ok {
			v = mustJSON(tb, r)
		}
		if n > 0 {
			out.WriteByte(',')
		}
		out.Write(mustJSON(tb, t))
		out.WriteByte(':')
		out.Write(v)
	}
	out.WriteByte('}')
	var c bytes.Buffer
	if err := json.Compact(&c, out.Bytes()); err != nil {
		tb.Fatal(err)
	}
	return c.Bytes()
}

// BenchmarkRoutes200First / Last: 200 registered routes, the request
// hits the first or the last one (routed by the event's resource).
func BenchmarkRoutes200First(b *testing.B) {
	for _, fx := range benchFixtures {
		b.Run(fx.name, func(b *testing.B) {
			benchInvoke(b, manyRoutes(200), routesEvent(b, fx.users, 0, false), `{"id":"42"}`)
		})
	}
}

func BenchmarkRoutes200Last(b *testing.B) {
	for _, fx := range benchFixtures {
		b.Run(fx.name, func(b *testing.B) {
			benchInvoke(b, manyRoutes(200), routesEvent(b, fx.users, 199, false), `{"id":"42"}`)
		})
	}
}

// BenchmarkRoutes200LastByPath routes the last route by matching the path
// (a catch-all resource, as a hand-made or local event may have).
func BenchmarkRoutes200LastByPath(b *testing.B) {
	for _, fx := range benchFixtures {
		b.Run(fx.name, func(b *testing.B) {
			benchInvoke(b, manyRoutes(200), routesEvent(b, fx.users, 199, true), `{"id":"42"}`)
		})
	}
}

// BenchmarkParseEvent is the scanner alone: one pass recording the
// top-level spans (and the Content-Type/Accept/Origin headers).
func BenchmarkParseEvent(b *testing.B) {
	for _, fx := range benchFixtures {
		b.Run(fx.name, func(b *testing.B) {
			p := compactFixture(b, fx.users, nil)
			var ev event
			b.SetBytes(int64(len(p)))
			b.ReportAllocs()
			for b.Loop() {
				if err := parseEvent(p, &ev); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
