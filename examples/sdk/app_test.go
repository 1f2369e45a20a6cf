package main

import (
	"testing"

	"github.com/chalice-go/chalice/chalicetest"
)

func TestSDKTest(t *testing.T) {
	c := chalicetest.New(chaliceApp())
	cases := []struct {
		method, path string
		opts         []chalicetest.RequestOption
		status       int
		body         string
	}{
		{"GET", "/", nil, 200, `{"hello":"world"}`},
		{"GET", "/foo", nil, 200, `{"foo":true}`},
		{"GET", "/hello/jimmy", nil, 200, `{"hello":"jimmy"}`},
		{"PUT", "/users/123", nil, 200, `{"msg":"fake updated user","userId":"123"}`},
		{"GET", "/teapot/418", nil, 200, `{"hello":"teapot"}`},
		{"GET", "/teapot/1", nil, 404, `{"Code":"NotFoundError","Message":"no teapot number 1"}`},
		{"GET", "/teapot/x", nil, 400, `{"Code":"BadRequestError","Message":"Invalid value for path parameter n: \"x\""}`},
		{"GET", "/secret", []chalicetest.RequestOption{chalicetest.Header("x-api-key", "k")}, 200, `{"secret":"open sesame"}`},
	}
	for _, tc := range cases {
		resp := c.Do(t, tc.method, tc.path, nil, tc.opts...)
		if resp.StatusCode != tc.status || string(resp.Body) != tc.body {
			t.Errorf("%s %s = %d %s, want %d %s", tc.method, tc.path, resp.StatusCode, resp.Body, tc.status, tc.body)
		}
	}
}

// Without an API key the gateway answers by itself.
func TestSecretNeedsKey(t *testing.T) {
	resp := chalicetest.New(chaliceApp()).Get(t, "/secret")
	if resp.StatusCode != 403 || string(resp.Body) != `{"message":"Forbidden"}` {
		t.Errorf("GET /secret = %d %s", resp.StatusCode, resp.Body)
	}
}
