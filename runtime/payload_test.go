package runtime

import (
	"bytes"
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"unsafe"

	"github.com/chalice-go/chalice"
)

// kept is what a handler stored from its request: everything App.Invoke
// handed out must stay as it was after the caller reuses its payload
// buffer, as aws-lambda-go does for the next invocation.
type kept struct {
	method, param, query, header, acc string
	body                              []byte
	decoded                           newUser
	req                               *chalice.Request
	reqPath, reqHeader, reqQuery      string
}

func keepingApp(got *kept, full bool) *App {
	h := func(ctx context.Context, c *Call) (any, error) {
		got.method = c.Method()
		got.param = c.Param(0)
		got.query = chalice.QueryParam(ctx, "q")
		got.header = chalice.RequestHeader(ctx, "X-Kept")
		got.acc, _ = c.Header("accept")
		got.body = c.Body()
		if err := c.DecodeJSON(&got.decoded); err != nil {
			return nil, err
		}
		if full {
			got.req = c.Request()
			got.reqPath = got.req.Path
			got.reqHeader = got.req.Headers["x-kept"]
			got.reqQuery = got.req.QueryParams.Get("q")
		}
		return "ok", nil
	}
	return &App{Name: "kept", Routes: []Route{{Path: "/things/{name}", Methods: []string{"POST"}, Handler: h}}}
}

func TestInvokeReadsPayloadInPlace(t *testing.T) {
	events := map[string][]byte{
		"v1": mustJSON(t, v1{method: "POST", resource: "/things/{name}", path: "/things/thing-one",
			headers:    map[string]string{"X-Kept": "header-value", "Accept": "application/json", "Content-Type": "application/json"},
			query:      map[string][]string{"q": {"query-value"}},
			pathParams: map[string]string{"name": "thing-one"},
			body:       `{"name":"Ada","email":"ada@example.org","note":"caf\u00e9 \"quoted\""}`}.event()),
		"v1 by path": mustJSON(t, v1{method: "post", resource: "/{proxy+}", path: "/things/thing-one",
			headers: map[string]string{"X-Kept": "header-value", "Accept": "application/json"},
			query:   map[string][]string{"q": {"query-value"}},
			body:    `{"name":"Ada","email":"ada@example.org","note":"caf\u00e9 \"quoted\""}`}.event()),
		"v2": mustJSON(t, v2{method: "POST", routeKey: "POST /things/{name}", rawPath: "/things/thing-one", rawQuery: "q=query-value",
			headers:    map[string]string{"x-kept": "header-value", "accept": "application/json"},
			pathParams: map[string]string{"name": "thing-one"},
			body:       `{"name":"Ada","email":"ada@example.org","note":"caf\u00e9 \"quoted\""}`}.event()),
	}
	// An unescaped body is read in place too.
	plain := v1{method: "POST", resource: "/things/{name}", path: "/things/thing-one",
		headers:    map[string]string{"X-Kept": "header-value", "Accept": "application/json"},
		query:      map[string][]string{"q": {"query-value"}},
		pathParams: map[string]string{"name": "thing-one"}}.event()
	plain["body"] = "BODY"
	events["v1 plain body"] = bytes.Replace(mustJSON(t, plain), []byte(`"BODY"`),
		[]byte(`"{'not': json}"`), 1)

	for name, event := range events {
		for _, full := range []bool{false, true} {
			payload := bytes.Clone(event)
			var got kept
			a := keepingApp(&got, full)
			orig := bytes.Clone(payload)
			out, err := a.Invoke(context.Background(), "api_handler", payload)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if !bytes.Equal(payload, orig) {
				t.Fatalf("%s: Invoke modified the payload:\n%s\n%s", name, payload, orig)
			}
			r := decodeResponse(t, out)
			wantStatus := 200
			if name == "v1 plain body" {
				wantStatus = 400 // DecodeJSON fails on it; the rest is still kept
			}
			if r.StatusCode != wantStatus {
				t.Fatalf("%s: %s", name, out)
			}
			// The caller reuses its buffer.
			for i := range payload {
				payload[i] = 'X'
			}
			check := func(what, got, want string) {
				if got != want {
					t.Errorf("%s (full %v): %s = %q after the payload was reused, want %q", name, full, what, got, want)
				}
			}
			check("Method", got.method, "POST")
			check("Param", got.param, "thing-one")
			check("QueryParam", got.query, "query-value")
			check("RequestHeader", got.header, "header-value")
			check("Header", got.acc, "application/json")
			if name == "v1 plain body" {
				check("Body", string(got.body), "{'not': json}")
				continue
			}
			check("Body", string(got.body), `{"name":"Ada","email":"ada@example.org","note":"caf\u00e9 \"quoted\""}`)
			check("DecodeJSON", got.decoded.Name+" "+got.decoded.Note, `Ada café "quoted"`)
			if full {
				check("Request.Path", got.reqPath, "/things/thing-one")
				check("Request.Path (kept)", got.req.Path, "/things/thing-one")
				check("Request.Method", got.req.Method, "POST")
				check("Request.Headers", got.req.Headers["x-kept"], "header-value")
				check("Request.QueryParams", got.req.QueryParams.Get("q"), "query-value")
				check("Request.URIParams", got.req.URIParams["name"], "thing-one")
			}
		}
	}
}

// A payload shared by concurrent invocations is only read.
func TestInvokeConcurrentSamePayload(t *testing.T) {
	a := benchApp(false)
	p := compactFixture(t, "v1_post_json.json", nil)
	orig := bytes.Clone(p)
	done := make(chan []byte)
	for range 4 {
		go func() {
			var last []byte
			for range 50 {
				out, err := a.Invoke(context.Background(), "api_handler", p)
				if err != nil {
					t.Error(err)
				}
				last = out
			}
			done <- last
		}()
	}
	for range 4 {
		if r := decodeResponse(t, <-done); r.StatusCode != 200 {
			t.Errorf("status %d", r.StatusCode)
		}
	}
	if !bytes.Equal(p, orig) {
		t.Fatal("the payload was modified")
	}
}

// The Call is allocated per invocation: up to 512 bytes the Go allocator
// serves it without a type header, which is measurably cheaper.
func TestCallSize(t *testing.T) {
	if n := unsafe.Sizeof(Call{}); n > 512 {
		t.Errorf("Call is %d bytes, more than 512", n)
	}
}

// jsonHeader marks a request body as JSON: without it (and without a
// body) DecodeJSON leaves the value at its zero value.
var jsonHeader = map[string]string{"Content-Type": "application/json"}

// DecodeJSON's pooled decoder accepts exactly what json.Unmarshal accepts,
// also after failures (a decoder that failed is not reused).
func TestDecodeJSONMatchesUnmarshal(t *testing.T) {
	bodies := []string{
		`{"name":"Ada","age":36,"tags":["a","b"]}`, `{"name":"Ada"}` + "\n", ` {"name":"Ada"} `,
		`{"name":"Ada"}}`, `{"name":"Ada"} {"name":"Bob"}`, `{"name":"Ada"}x`, `{"name":"Ada"},`,
		`{"name":}`, `{"name":"Ada"`, `{"age":"x"}`, `{"age":1.5}`, `{"tags":"x"}`, `{"Name":"case"}`,
		`"text"`, `12`, `12 `, `1 2`, `null`, `true`, `[1,2]`, `[1,2]]`, ``, ` `, "\t\n", `{}`, `{} `,
		`{"note":"caf\u00e9 \"q\" \ud83d\ude00 \ud800"}`, "{\"note\":\"raw\x01ctl\"}", "{\"note\":\"bad utf8 \xff\"}",
		`{"name":"Ada","name":"Bob"}`, `{"unknown":{"deep":[1,{"x":null}]}}`, `{"age":99999999999999999999}`,
		strings.Repeat(" ", 600) + `{"name":"padded"}`, `{"name":"` + strings.Repeat("x", 20000) + `"}`,
	}
	got := new(newUser)
	a := &App{Name: "dj", Routes: []Route{{Path: "/d", Methods: []string{"POST"}, ContentTypes: []string{"*/*"},
		Handler: func(ctx context.Context, c *Call) (any, error) {
			*got = newUser{}
			return nil, c.DecodeJSON(got)
		}}}}
	quietLogs(t, a)
	for round := 0; round < 3; round++ {
		for _, body := range bodies {
			var want newUser
			wantOK := len(bytes.TrimSpace([]byte(body))) > 0 && json.Unmarshal([]byte(body), &want) == nil
			r := invoke(t, a, v1{method: "POST", resource: "/d", path: "/d", body: body, headers: jsonHeader})
			if gotOK := r.StatusCode == 200; gotOK != wantOK {
				t.Errorf("body %.60q: DecodeJSON ok %v, json.Unmarshal ok %v (%d %s)", body, gotOK, wantOK, r.StatusCode, r.Body)
				continue
			}
			if wantOK && !reflect.DeepEqual(*got, want) {
				t.Errorf("body %.60q: decoded %+v, want %+v", body, *got, want)
			}
		}
	}
}

// FuzzDecodeJSON checks DecodeJSON against json.Unmarshal on arbitrary
// bodies: the same acceptance, the same result.
func FuzzDecodeJSON(f *testing.F) {
	for _, s := range []string{`{"name":"Ada","age":36,"tags":["a"]}`, `{"name":"Ada"}}`, ` 12 `, `"x"`, `[1]`, `{"age":"x"}`, ``} {
		f.Add(s)
	}
	got := new(newUser)
	a := &App{Name: "dj", Routes: []Route{{Path: "/d", Methods: []string{"POST"}, ContentTypes: []string{"*/*"},
		Handler: func(ctx context.Context, c *Call) (any, error) {
			*got = newUser{}
			return nil, c.DecodeJSON(got)
		}}}}
	quietLogs(f, a)
	f.Fuzz(func(t *testing.T, body string) {
		var want newUser
		wantOK := len(bytes.TrimSpace([]byte(body))) > 0 && json.Unmarshal([]byte(body), &want) == nil
		r := invoke(t, a, v1{method: "POST", resource: "/d", path: "/d", body: body, headers: jsonHeader})
		if gotOK := r.StatusCode == 200; gotOK != wantOK {
			t.Fatalf("body %q: DecodeJSON ok %v, json.Unmarshal ok %v", body, gotOK, wantOK)
		}
		if wantOK && !reflect.DeepEqual(*got, want) {
			t.Fatalf("body %q: decoded %+v, want %+v", body, *got, want)
		}
	})
}
