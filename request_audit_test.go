package chalice_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/aws/aws-lambda-go/lambdacontext"

	"github.com/chalice-go/chalice"
	"github.com/chalice-go/chalice/runtime"
)

// Audit tests: acceptance points of issue 2 that the code meets but no other
// test asserted.

// TestErrorConstructorsAudit: every error class the spec lists (and the
// extra ones current Chalice has) answers its status with Code = its name.
func TestErrorConstructorsAudit(t *testing.T) {
	for _, c := range []struct {
		f      func(string) error
		status int
		code   string
	}{
		{chalice.BadRequestError, 400, "BadRequestError"},
		{chalice.UnauthorizedError, 401, "UnauthorizedError"},
		{chalice.ForbiddenError, 403, "ForbiddenError"},
		{chalice.NotFoundError, 404, "NotFoundError"},
		{chalice.MethodNotAllowedError, 405, "MethodNotAllowedError"},
		{chalice.RequestTimeoutError, 408, "RequestTimeoutError"},
		{chalice.ConflictError, 409, "ConflictError"},
		{chalice.RequestEntityTooLargeError, 413, "RequestEntityTooLargeError"},
		{chalice.UnprocessableEntityError, 422, "UnprocessableEntityError"},
		{chalice.TooManyRequestsError, 429, "TooManyRequestsError"},
		{chalice.ChaliceViewError, 500, "ChaliceViewError"},
	} {
		err := fmt.Errorf("wrapped: %w", c.f("msg "+c.code))
		var ve *chalice.ViewError
		if !errors.As(err, &ve) {
			t.Errorf("%s: not a *chalice.ViewError", c.code)
			continue
		}
		if ve.StatusCode != c.status || ve.Code != c.code || ve.Message != "msg "+c.code {
			t.Errorf("%s: got %d %q %q, want %d %q", c.code, ve.StatusCode, ve.Code, ve.Message, c.status, c.code)
		}
		// Through the runtime: status and {"Code","Message"}.
		app := &runtime.App{Name: "audit", Routes: []runtime.Route{{Name: "e", Path: "/e", Methods: []string{"GET"},
			Handler: func(ctx context.Context, _ *runtime.Call) (any, error) { return nil, err }}}}
		out, ierr := app.Invoke(context.Background(), "api_handler", proxyEvent("GET", "/e", nil, ""))
		if ierr != nil {
			t.Fatalf("%s: invoke: %v", c.code, ierr)
		}
		var resp struct {
			StatusCode int    `json:"statusCode"`
			Body       string `json:"body"`
		}
		if err := json.Unmarshal(out, &resp); err != nil {
			t.Fatalf("%s: %v: %s", c.code, err, out)
		}
		want := fmt.Sprintf(`{"Code":%q,"Message":%q}`, c.code, "msg "+c.code)
		if resp.StatusCode != c.status || resp.Body != want {
			t.Errorf("%s: answered %d %s, want %d %s", c.code, resp.StatusCode, resp.Body, c.status, want)
		}
	}
}

// proxyEvent is a minimal API Gateway REST proxy event.
func proxyEvent(method, path string, headers map[string]string, body string) []byte {
	ev := map[string]any{
		"resource": path, "path": path, "httpMethod": method, "headers": headers,
		"body": body, "isBase64Encoded": false,
		"requestContext": map[string]any{"resourcePath": path, "httpMethod": method, "stage": "api"},
	}
	b, err := json.Marshal(ev)
	if err != nil {
		panic(err)
	}
	return b
}

func TestMultiDictAndHeadersAudit(t *testing.T) {
	m := chalice.MultiDict{"a": {"1", "2"}, "e": {}}
	if m.Get("a") != "2" || m.Get("e") != "" || m.Get("x") != "" {
		t.Errorf("MultiDict.Get: %q %q %q, want last value / empty", m.Get("a"), m.Get("e"), m.Get("x"))
	}
	if got := m.GetAll("a"); !reflect.DeepEqual(got, []string{"1", "2"}) {
		t.Errorf("MultiDict.GetAll = %v", got)
	}
	h := chalice.CaseInsensitiveHeaders{"x-testheader": "Foo"}
	for _, name := range []string{"x-testheader", "X-TestHeader", "X-TESTHEADER"} {
		if h.Get(name) != "Foo" {
			t.Errorf("Headers.Get(%q) = %q", name, h.Get(name))
		}
	}
}

// TestJSONBodyAudit: json_body is the parsed body for JSON requests only,
// and malformed JSON is a 400 BadRequestError.
func TestJSONBodyAudit(t *testing.T) {
	req := func(ct, body string) *chalice.Request {
		h := chalice.CaseInsensitiveHeaders{}
		if ct != "" {
			h["content-type"] = ct
		}
		return &chalice.Request{Headers: h, RawBody: []byte(body)}
	}
	v, err := req("application/json; charset=utf-8", `{"a":[1,"x"]}`).JSONBody()
	if err != nil || !reflect.DeepEqual(v, map[string]any{"a": []any{1.0, "x"}}) {
		t.Errorf("JSON body: %v %v", v, err)
	}
	if v, err := req("text/plain", `{"a":1}`).JSONBody(); v != nil || err != nil {
		t.Errorf("text/plain body: %v %v, want nil, nil", v, err)
	}
	if v, err := req("application/json", ``).JSONBody(); v != nil || err != nil {
		t.Errorf("empty body: %v %v, want nil, nil", v, err)
	}
	_, err = req("application/json", `{"a":`).JSONBody()
	var ve *chalice.ViewError
	if !errors.As(err, &ve) || ve.StatusCode != 400 || ve.Code != "BadRequestError" {
		t.Errorf("malformed JSON: %v, want a 400 BadRequestError", err)
	}
}

// TestLambdaContextInRouteAudit: chalice.LambdaContext(ctx) reaches a route
// handler (the spec's lambda_context), and CurrentRequest works beside it.
func TestLambdaContextInRouteAudit(t *testing.T) {
	var gotID, gotMethod string
	app := &runtime.App{Name: "audit", Routes: []runtime.Route{{Name: "lc", Path: "/lc", Methods: []string{"GET"},
		Handler: func(ctx context.Context, _ *runtime.Call) (any, error) {
			if lc := chalice.LambdaContext(ctx); lc != nil {
				gotID = lc.AwsRequestID
			}
			if r := chalice.CurrentRequest(ctx); r != nil {
				gotMethod = r.Method
			}
			return nil, nil
		}}}}
	ctx := lambdacontext.NewContext(context.Background(), &lambdacontext.LambdaContext{AwsRequestID: "req-123"})
	if _, err := app.Invoke(ctx, "api_handler", proxyEvent("GET", "/lc", nil, "")); err != nil {
		t.Fatal(err)
	}
	if gotID != "req-123" || gotMethod != "GET" {
		t.Errorf("LambdaContext id %q, CurrentRequest method %q; want req-123, GET", gotID, gotMethod)
	}
	if chalice.LambdaContext(context.Background()) != nil {
		t.Error("LambdaContext outside Lambda should be nil")
	}
}
