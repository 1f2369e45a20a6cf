package main

import (
	"testing"

	"github.com/chalice-go/chalice/chalicetest"
)

func TestCities(t *testing.T) {
	c := chalicetest.New(chaliceApp())
	cases := []struct {
		method, path string
		status       int
		body         string
	}{
		{"GET", "/cities/seattle", 200, `{"state":"WA"}`},
		{"GET", "/cities/portland", 200, `{"state":"OR"}`},
		{"GET", "/cities/vancouver", 400, `{"Code":"BadRequestError","Message":"Unknown city 'vancouver', valid choices are: portland, seattle"}`},
		{"PUT", "/resource/foo", 200, `{"value":"foo"}`},
		{"GET", "/resource/foo", 403, `{"message":"Missing Authentication Token"}`},
		{"GET", "/users/42/posts/7", 200, `{"id":42,"n":7}`},
		{"GET", "/files/a/b/c.txt", 200, `{"path":"a/b/c.txt"}`},
		{"GET", "/files", 403, `{"message":"Missing Authentication Token"}`},
		{"GET", "/badrequest", 400, `{"Code":"BadRequestError","Message":"This is a bad request"}`},
	}
	for _, tc := range cases {
		resp := c.Do(t, tc.method, tc.path, nil)
		if resp.StatusCode != tc.status || string(resp.Body) != tc.body {
			t.Errorf("%s %s = %d %s, want %d %s", tc.method, tc.path, resp.StatusCode, resp.Body, tc.status, tc.body)
		}
	}
	for _, p := range []string{"/users/abc/posts/7", "/users/1/posts/300"} {
		resp := c.Get(t, p)
		if resp.StatusCode != 400 {
			t.Errorf("GET %s = %d %s, want 400", p, resp.StatusCode, resp.Body)
		}
		if m, ok := resp.JSON(t).(map[string]any); !ok || m["Code"] != "BadRequestError" {
			t.Errorf("GET %s body = %s", p, resp.Body)
		}
	}
	resp := c.Get(t, "/crash")
	if resp.StatusCode != 500 {
		t.Fatalf("crash: %d %s", resp.StatusCode, resp.Body)
	}
	if m, ok := resp.JSON(t).(map[string]any); !ok || m["Code"] == nil {
		t.Errorf("crash body = %s", resp.Body)
	}
}
