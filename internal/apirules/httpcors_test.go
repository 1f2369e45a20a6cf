package apirules

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestHTTPAPICORS(t *testing.T) {
	route := func(name string, c *CORS, methods ...string) HTTPCORSRoute {
		r := HTTPCORSRoute{Name: name, Methods: methods}
		if c != nil {
			r.CORS = NewCORS(*c)
		}
		return r
	}
	builtin := []string{"Authorization", "Content-Type", "X-Amz-Date", "X-Amz-Security-Token", "X-Api-Key"}
	full := &CORS{AllowOrigin: "https://b.example https://a.example", AllowHeaders: []string{"X-Custom"},
		ExposeHeaders: []string{"X-Total", "X-Page"}, MaxAge: 600, AllowCredentials: true}
	same := &CORS{AllowOrigin: "https://a.example,https://b.example", AllowHeaders: []string{" X-Custom", "Authorization"},
		ExposeHeaders: []string{"X-Page", "X-Total"}, MaxAge: 600, AllowCredentials: true}
	for _, c := range []struct {
		name    string
		routes  []HTTPCORSRoute
		want    *HTTPCORS
		errAt   int
		errText string
	}{
		{name: "no routes"},
		{name: "no cors", routes: []HTTPCORSRoute{route("GET /", nil, "GET"), route("POST /a", nil, "POST")}},
		{name: "default cors", routes: []HTTPCORSRoute{route("GET /", &CORS{}, "GET"), route("PUT /a", &CORS{}, "put", "GET")},
			want: &HTTPCORS{AllowOrigins: []string{"*"}, AllowMethods: []string{"GET", "OPTIONS", "PUT"}, AllowHeaders: builtin}},
		{name: "every setting, written differently per route", routes: []HTTPCORSRoute{route("GET /", full, "GET"), route("DELETE /a", same, "DELETE")},
			want: &HTTPCORS{AllowOrigins: []string{"https://b.example", "https://a.example"}, AllowMethods: []string{"DELETE", "GET", "OPTIONS"},
				AllowHeaders: append(builtin, "X-Custom"), ExposeHeaders: []string{"X-Total", "X-Page"}, MaxAge: 600, AllowCredentials: true}},
		{name: "ANY", routes: []HTTPCORSRoute{route("GET /", &CORS{}, "GET"), route("ANY /{proxy+}", &CORS{}, "ANY")},
			want: &HTTPCORS{AllowOrigins: []string{"*"}, AllowMethods: []string{"*"}, AllowHeaders: builtin}},
		{name: "a route without cors", routes: []HTTPCORSRoute{route("GET /", &CORS{}, "GET"), route("GET /private", nil, "GET")},
			errAt: 1, errText: "GET /private has no CORS but GET / has"},
		{name: "the first route without cors", routes: []HTTPCORSRoute{route("GET /private", nil, "GET"), route("GET /", &CORS{}, "GET")},
			errAt: 0, errText: "GET /private has no CORS but GET / has"},
		{name: "another origin", routes: []HTTPCORSRoute{route("GET /", &CORS{AllowOrigin: "https://a.example"}, "GET"), route("GET /b", &CORS{AllowOrigin: "https://b.example"}, "GET")},
			errAt: 1, errText: `the CORS settings of GET /b differ from those of GET / (AllowOrigin "https://b.example", not "https://a.example")`},
		{name: "other headers", routes: []HTTPCORSRoute{route("GET /", &CORS{}, "GET"), route("GET /b", &CORS{AllowHeaders: []string{"X-A"}}, "GET")},
			errAt: 1, errText: "AllowHeaders"},
		{name: "other exposed headers", routes: []HTTPCORSRoute{route("GET /", &CORS{}, "GET"), route("GET /b", &CORS{ExposeHeaders: []string{"X-A"}}, "GET")},
			errAt: 1, errText: "ExposeHeaders"},
		{name: "other max age", routes: []HTTPCORSRoute{route("GET /", &CORS{MaxAge: 1}, "GET"), route("GET /b", &CORS{MaxAge: 2}, "GET")},
			errAt: 1, errText: "MaxAge 2, not 1"},
		{name: "credentials on one", routes: []HTTPCORSRoute{route("GET /", &CORS{AllowOrigin: "https://a.example"}, "GET"), route("GET /b", &CORS{AllowOrigin: "https://a.example", AllowCredentials: true}, "GET")},
			errAt: 1, errText: "AllowCredentials true, not false"},
		{name: "credentials with *", routes: []HTTPCORSRoute{route("GET /x", nil, "GET"), route("GET /", &CORS{AllowCredentials: true}, "GET")},
			errAt: 1, errText: `GET /: an HTTP API cannot allow credentials (AllowCredentials) with the origin "*"`},
	} {
		got, err := HTTPAPICORS(c.routes)
		if c.errText != "" {
			var ce *CORSConflictError
			if !errors.As(err, &ce) || ce.Route != c.errAt || !strings.Contains(ce.Error(), c.errText) {
				t.Errorf("%s: err = %#v, want one at route %d containing %q", c.name, err, c.errAt, c.errText)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if d := cmp.Diff(c.want, got); d != "" {
			t.Errorf("%s: HTTPAPICORS (-want +got):\n%s", c.name, d)
		}
	}
}

func TestHTTPCORSAnswers(t *testing.T) {
	star := &HTTPCORS{AllowOrigins: []string{"*"}, AllowMethods: []string{"GET", "OPTIONS"}, AllowHeaders: []string{"Authorization"}}
	listed := &HTTPCORS{AllowOrigins: []string{"https://a.example", "http://*"}, AllowMethods: []string{"*"},
		AllowHeaders: []string{"X-A"}, ExposeHeaders: []string{"X-Total"}, MaxAge: 60, AllowCredentials: true}
	for _, c := range []struct {
		name            string
		cors            *HTTPCORS
		origin          string
		preflight, resp []Header
	}{
		{"no origin", star, "", nil, nil},
		{"no configuration", nil, "https://a.example", nil, nil},
		{"any origin", star, "https://x.example",
			[]Header{{"Access-Control-Allow-Origin", "*"}, {"Access-Control-Allow-Methods", "GET,OPTIONS"}, {"Access-Control-Allow-Headers", "Authorization"}},
			[]Header{{"Access-Control-Allow-Origin", "*"}}},
		{"listed origin", listed, "https://a.example",
			[]Header{{"Access-Control-Allow-Origin", "https://a.example"}, {"Access-Control-Allow-Methods", "*"}, {"Access-Control-Allow-Headers", "X-A"}, {"Access-Control-Max-Age", "60"}, {"Access-Control-Allow-Credentials", "true"}},
			[]Header{{"Access-Control-Allow-Origin", "https://a.example"}, {"Access-Control-Allow-Credentials", "true"}, {"Access-Control-Expose-Headers", "X-Total"}}},
		{"prefix origin", listed, "http://localhost:3000",
			[]Header{{"Access-Control-Allow-Origin", "http://localhost:3000"}, {"Access-Control-Allow-Methods", "*"}, {"Access-Control-Allow-Headers", "X-A"}, {"Access-Control-Max-Age", "60"}, {"Access-Control-Allow-Credentials", "true"}},
			[]Header{{"Access-Control-Allow-Origin", "http://localhost:3000"}, {"Access-Control-Allow-Credentials", "true"}, {"Access-Control-Expose-Headers", "X-Total"}}},
		{"other origin", listed, "https://b.example", nil, nil},
	} {
		if d := cmp.Diff(c.preflight, c.cors.PreflightHeaders(c.origin)); d != "" {
			t.Errorf("%s: PreflightHeaders (-want +got):\n%s", c.name, d)
		}
		if d := cmp.Diff(c.resp, c.cors.ResponseHeaders(c.origin)); d != "" {
			t.Errorf("%s: ResponseHeaders (-want +got):\n%s", c.name, d)
		}
	}
	if !IsPreflight("OPTIONS", "https://a.example", "GET") || IsPreflight("OPTIONS", "https://a.example", "") || IsPreflight("GET", "https://a.example", "GET") {
		t.Error("IsPreflight")
	}
	if !IsCORSHeader("access-control-allow-origin") || !IsCORSHeader("Access-Control-Max-Age") || IsCORSHeader("Content-Type") || IsCORSHeader("Access-Control-") {
		t.Error("IsCORSHeader")
	}
}
