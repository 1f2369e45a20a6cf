package benchmarks

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	chiadapter "github.com/awslabs/aws-lambda-go-api-proxy/chi"
	"github.com/go-chi/chi/v5"

	"github.com/chalice-go/chalice"
	chruntime "github.com/chalice-go/chalice/runtime"
)

// ---- the app, written twice -------------------------------------------

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

type idResult struct {
	ID string `json:"id"`
}

// chaliceApp is what chalicegen writes for the app: typed wrappers around
// plain handlers.
func chaliceApp(extraRoutes int) *chruntime.App {
	a := &chruntime.App{Name: "bench", Routes: []chruntime.Route{
		{Name: "users", Path: "/users/{name}", Methods: []string{"GET"}, Handler: func(ctx context.Context, c *chruntime.Call) (any, error) {
			name := c.Param(0)
			u := user{Name: name}
			if chalice.QueryParam(ctx, "include-greeting") == "true" {
				u.Greeting = "Hello, " + name
			}
			return u, nil
		}},
		{Name: "create_user", Path: "/users", Methods: []string{"POST"}, Handler: func(ctx context.Context, c *chruntime.Call) (any, error) {
			var u newUser
			if err := c.DecodeJSON(&u); err != nil {
				return nil, err
			}
			return u, nil
		}},
	}}
	for i := 0; i < extraRoutes; i++ {
		a.Routes = append(a.Routes, chruntime.Route{Name: fmt.Sprintf("r%d", i), Path: fmt.Sprintf("/r%d/items/{id}", i),
			Methods: []string{"GET"}, Handler: func(ctx context.Context, c *chruntime.Call) (any, error) {
				return idResult{ID: c.Param(0)}, nil
			}})
	}
	return a
}

// chiRouter is the same app as idiomatic net/http + chi handlers.
func chiRouter(extraRoutes int) *chi.Mux {
	r := chi.NewRouter()
	writeJSON := func(w http.ResponseWriter, v any) {
		w.Header().Set("Content-Type", "application/json")
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		_ = enc.Encode(v)
	}
	r.Get("/users/{name}", func(w http.ResponseWriter, req *http.Request) {
		name := chi.URLParam(req, "name")
		u := user{Name: name}
		if req.URL.Query().Get("include-greeting") == "true" {
			u.Greeting = "Hello, " + name
		}
		writeJSON(w, u)
	})
	r.Post("/users", func(w http.ResponseWriter, req *http.Request) {
		var u newUser
		if err := json.NewDecoder(req.Body).Decode(&u); err != nil {
			http.Error(w, `{"Code":"BadRequestError","Message":"Error Parsing JSON"}`, http.StatusBadRequest)
			return
		}
		writeJSON(w, u)
	})
	for i := 0; i < extraRoutes; i++ {
		r.Get(fmt.Sprintf("/r%d/items/{id}", i), func(w http.ResponseWriter, req *http.Request) {
			writeJSON(w, idResult{ID: chi.URLParam(req, "id")})
		})
	}
	return r
}

// baselineHandler is the usual Lambda setup: aws-lambda-go decodes the
// event into events.APIGatewayProxyRequest with encoding/json, the
// api-proxy adapter builds an *http.Request, chi routes it, and the
// response struct is encoded back.
func baselineHandler(extraRoutes int) lambda.Handler {
	adapter := chiadapter.New(chiRouter(extraRoutes))
	return lambda.NewHandler(func(ctx context.Context, req events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
		return adapter.ProxyWithContext(ctx, req)
	})
}

// ---- payloads ----------------------------------------------------------

// readFixture reads an event of runtime/testdata, compact as API Gateway
// sends it, with the top-level members in set replaced in place (their
// order kept, as API Gateway writes them).
func readFixture(tb testing.TB, name string, set map[string]any) []byte {
	tb.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "runtime", "testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	if set != nil {
		raw = setMembers(tb, raw, set)
	}
	var out bytes.Buffer // API Gateway sends compact JSON
	if err := json.Compact(&out, raw); err != nil {
		tb.Fatal(err)
	}
	return out.Bytes()
}

// setMembers replaces top-level members of the JSON object raw, keeping
// their order.
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
			if v, err = json.Marshal(r); err != nil {
				tb.Fatal(err)
			}
		}
		if n > 0 {
			out.WriteByte(',')
		}
		k, _ := json.Marshal(t)
		out.Write(k)
		out.WriteByte(':')
		out.Write(v)
	}
	out.WriteByte('}')
	return out.Bytes()
}

// routeEvent is a users event aimed at route /r<i>/items/{id}.
func routeEvent(name string, i int) func(testing.TB) []byte {
	return func(tb testing.TB) []byte {
		return readFixture(tb, name, map[string]any{
			"resource":                        fmt.Sprintf("/r%d/items/{id}", i),
			"path":                            fmt.Sprintf("/r%d/items/42", i),
			"pathParameters":                  map[string]any{"id": "42"},
			"queryStringParameters":           nil,
			"multiValueQueryStringParameters": nil,
		})
	}
}

func plain(name string) func(testing.TB) []byte {
	return func(tb testing.TB) []byte { return readFixture(tb, name, nil) }
}

// The two REST (1.0) events every case runs on:
//
//   - regional: a regional REST API called by HTTPie or curl: 8 headers (in
//     headers and multiValueHeaders), full request context; the GET is
//     1.6 KB, the POST 1.5 KB (the "realistic ~1.5 KB event").
//   - edge: an edge-optimized REST API, CloudFront in front: 15 headers;
//     GET 2.3 KB, POST 2.5 KB.
var fixtureSets = []struct{ name, users, post string }{
	{"regional", "v1_users_typical.json", "v1_post_json.json"},
	{"edge", "v1_users_name.json", "v1_post_json_edge.json"},
}

type scenario struct {
	name     string // "UsersName/regional"
	payload  func(testing.TB) []byte
	routes   int
	wantBody string
}

var scenarios = func() []scenario {
	var out []scenario
	for _, fx := range fixtureSets {
		out = append(out,
			scenario{"UsersName/" + fx.name, plain(fx.users), 0, `{"name":"bob","greeting":"Hello, bob"}`},
			scenario{"PostJSON/" + fx.name, plain(fx.post), 0,
				`{"name":"Ada Lovelace","email":"ada@example.org","age":36,"tags":["math","engines"],"note":"café <b>&</b>"}`},
			scenario{"Routes200First/" + fx.name, routeEvent(fx.users, 0), 200, `{"id":"42"}`},
			scenario{"Routes200Last/" + fx.name, routeEvent(fx.users, 199), 200, `{"id":"42"}`},
		)
	}
	return out
}()

// ---- measurement -------------------------------------------------------

type result struct {
	payload     int // bytes
	cpuPerOp    float64
	nsPerOp     float64
	allocsPerOp float64
	bytesPerOp  float64
}

var (
	resultsMu sync.Mutex
	results   = map[string]result{} // "scenario|side"
)

// run measures invoke and records the figures of the final (largest) run.
func run(b *testing.B, key string, payload []byte, check func([]byte), invoke func([]byte) ([]byte, error)) {
	out, err := invoke(payload)
	if err != nil {
		b.Fatal(err)
	}
	check(out)
	b.SetBytes(int64(len(payload)))
	b.ReportAllocs()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	b.ResetTimer()
	cpu0 := cpuTime()
	for i := 0; i < b.N; i++ {
		if _, err := invoke(payload); err != nil {
			b.Fatal(err)
		}
	}
	cpu := float64(cpuTime()-cpu0) / float64(b.N)
	b.StopTimer()
	b.ReportMetric(cpu, "cpu-ns/op")
	runtime.ReadMemStats(&after)
	r := result{
		payload:     len(payload),
		cpuPerOp:    cpu,
		nsPerOp:     float64(b.Elapsed().Nanoseconds()) / float64(b.N),
		allocsPerOp: float64(after.Mallocs-before.Mallocs) / float64(b.N),
		bytesPerOp:  float64(after.TotalAlloc-before.TotalAlloc) / float64(b.N),
	}
	resultsMu.Lock()
	// With -count > 1 keep the fastest run: on a shared machine the
	// minimum is the figure least disturbed by other load.
	if old, ok := results[key]; ok {
		r.nsPerOp = min(r.nsPerOp, old.nsPerOp)
		r.cpuPerOp = min(r.cpuPerOp, old.cpuPerOp)
	}
	results[key] = r
	resultsMu.Unlock()
}

// checkProxyResponse verifies a 1.0 proxy response body.
func checkProxyResponse(b *testing.B, want string) func([]byte) {
	return func(out []byte) {
		var r struct {
			StatusCode int    `json:"statusCode"`
			Body       string `json:"body"`
		}
		if err := json.Unmarshal(out, &r); err != nil {
			b.Fatalf("response %s: %v", out, err)
		}
		var got, exp any
		if r.StatusCode != 200 || json.Unmarshal([]byte(r.Body), &got) != nil || json.Unmarshal([]byte(want), &exp) != nil ||
			!reflect.DeepEqual(got, exp) {
			b.Fatalf("unexpected response %s", out)
		}
	}
}

func BenchmarkChalice(b *testing.B) {
	for _, sc := range scenarios {
		b.Run(sc.name, func(b *testing.B) {
			app := chaliceApp(sc.routes)
			ctx := context.Background()
			run(b, sc.name+"|chalice", sc.payload(b), checkProxyResponse(b, sc.wantBody), func(p []byte) ([]byte, error) {
				return app.Invoke(ctx, "api_handler", p)
			})
		})
	}
}

func BenchmarkBaselineChi(b *testing.B) {
	for _, sc := range scenarios {
		b.Run(sc.name, func(b *testing.B) {
			h := baselineHandler(sc.routes)
			ctx := context.Background()
			run(b, sc.name+"|baseline", sc.payload(b), checkProxyResponse(b, sc.wantBody), func(p []byte) ([]byte, error) {
				return h.Invoke(ctx, p)
			})
		})
	}
}

// BenchmarkEventsDecodeOnly is the floor of the baseline: decoding the
// event into events.APIGatewayProxyRequest, nothing else.
func BenchmarkEventsDecodeOnly(b *testing.B) {
	for _, sc := range scenarios {
		b.Run(sc.name, func(b *testing.B) {
			run(b, sc.name+"|decode", sc.payload(b), func([]byte) {}, func(p []byte) ([]byte, error) {
				var req events.APIGatewayProxyRequest
				return nil, json.Unmarshal(p, &req)
			})
		})
	}
}

// TestMain prints the comparison after the benchmarks ran.
func TestMain(m *testing.M) {
	code := m.Run()
	resultsMu.Lock()
	defer resultsMu.Unlock()
	if len(results) > 0 {
		fmt.Println(summary())
	}
	if s := bootstrapSummary(); s != "" {
		fmt.Println(s)
	}
	os.Exit(code)
}

func summary() string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "\nchalice runtime vs aws-lambda-go + events + api-proxy + chi, payload bytes -> response bytes\n")
	fmt.Fprintf(&sb, "(fastest of the runs: wall ns/op, process CPU ns/op incl. GC in parentheses; allocs/op)\n")
	fmt.Fprintf(&sb, "%-24s %6s  %-30s %-30s %-30s %s\n", "scenario", "bytes", "chalice", "baseline (chi)", "events decode only", "baseline/chalice  decode/chalice")
	cell := func(r result, ok bool) string {
		if !ok {
			return "-"
		}
		return fmt.Sprintf("%6.0f ns (%6.0f) %4.0f allocs", r.nsPerOp, r.cpuPerOp, r.allocsPerOp)
	}
	ratio := func(a, b result, okA, okB bool) string {
		if !okA || !okB || b.nsPerOp <= 0 || b.cpuPerOp <= 0 {
			return "-"
		}
		return fmt.Sprintf("%4.1fx (%4.1fx)", a.nsPerOp/b.nsPerOp, a.cpuPerOp/b.cpuPerOp)
	}
	for _, sc := range scenarios {
		c, okC := results[sc.name+"|chalice"]
		bl, okB := results[sc.name+"|baseline"]
		d, okD := results[sc.name+"|decode"]
		if !okC && !okB && !okD {
			continue
		}
		size := max(c.payload, bl.payload, d.payload)
		fmt.Fprintf(&sb, "%-24s %6d  %-30s %-30s %-30s %-17s %s\n", sc.name, size,
			cell(c, okC), cell(bl, okB), cell(d, okD), ratio(bl, c, okB, okC), ratio(d, c, okD, okC))
	}
	// The acceptance figures, on the ~1.5 KB (regional) event.
	check := func(name string, got, limit float64, unit string) string {
		verdict := "ok"
		if got > limit {
			verdict = "MISSED"
		}
		return fmt.Sprintf("%s %.2f%s (<= %.2f%s: %s)", name, got, unit, limit, unit, verdict)
	}
	u, ok1 := results["UsersName/regional|chalice"]
	p, ok2 := results["PostJSON/regional|chalice"]
	f, ok3 := results["Routes200First/regional|chalice"]
	l, ok4 := results["Routes200Last/regional|chalice"]
	if ok1 && ok2 && ok3 && ok4 {
		fmt.Fprintf(&sb, "targets (regional event): %s; %s; %s\n",
			check("users", u.nsPerOp/1000, 2, " µs"), check("POST", p.nsPerOp/1000, 4, " µs"),
			check("last/first of 200 routes", l.nsPerOp/f.nsPerOp, 1.10, ""))
	}
	for _, fx := range fixtureSets {
		first, ok1 := results["Routes200First/"+fx.name+"|chalice"]
		last, ok2 := results["Routes200Last/"+fx.name+"|chalice"]
		if ok1 && ok2 {
			fmt.Fprintf(&sb, "chalice, last of 200 routes / first (%s): %.3f (cpu %.3f)\n", fx.name,
				last.nsPerOp/first.nsPerOp, last.cpuPerOp/first.cpuPerOp)
		}
	}
	return sb.String()
}

// TestSameAnswers checks that both sides answer every scenario alike, so
// the benchmarks compare equal work.
func TestSameAnswers(t *testing.T) {
	ctx := context.Background()
	for _, sc := range scenarios {
		p := sc.payload(t)
		ours, err := chaliceApp(sc.routes).Invoke(ctx, "api_handler", p)
		if err != nil {
			t.Fatal(err)
		}
		theirs, err := baselineHandler(sc.routes).Invoke(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		var a, b struct {
			StatusCode int    `json:"statusCode"`
			Body       string `json:"body"`
		}
		if json.Unmarshal(ours, &a) != nil || json.Unmarshal(theirs, &b) != nil {
			t.Fatalf("%s: undecodable responses\n%s\n%s", sc.name, ours, theirs)
		}
		var va, vb any
		_ = json.Unmarshal([]byte(a.Body), &va)
		_ = json.Unmarshal([]byte(b.Body), &vb)
		if a.StatusCode != b.StatusCode || !reflect.DeepEqual(va, vb) || va == nil {
			t.Errorf("%s: chalice %d %s, baseline %d %s", sc.name, a.StatusCode, a.Body, b.StatusCode, b.Body)
		}
	}
}
