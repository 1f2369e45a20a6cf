package main

import (
	"testing"

	"github.com/chalice-go/chalice/chalicetest"
)

func TestIntrospect(t *testing.T) {
	c := chalicetest.New(chaliceApp(), chalicetest.WithStage("dev"))
	r := c.Get(t, "/introspect?query1=value1&query2=value2", chalicetest.Header("X-TestHeader", "Foo"), chalicetest.SourceIP("1.1.1.1"))
	if r.StatusCode != 200 {
		t.Fatalf("%d %s", r.StatusCode, r.Body)
	}
	m := r.JSON(t).(map[string]any)
	if m["method"] != "GET" {
		t.Errorf("method = %v", m["method"])
	}
	if h := m["headers"].(map[string]any); h["x-testheader"] != "Foo" {
		t.Errorf("headers = %v", h)
	}
	if q := m["query_params"].(map[string]any); q["query1"] != "value1" || q["query2"] != "value2" {
		t.Errorf("query_params = %v", q)
	}
	for _, k := range []string{"uri_params", "stage_vars", "raw_body"} {
		if v, ok := m[k]; !ok || v != nil {
			t.Errorf("%s = %v, want null", k, v)
		}
	}
	ctx := m["context"].(map[string]any)
	if ctx["resourcePath"] != "/introspect" || ctx["stage"] != "dev" || ctx["httpMethod"] != "GET" {
		t.Errorf("context = %v", ctx)
	}
	if id := ctx["identity"].(map[string]any); id["sourceIp"] != "1.1.1.1" {
		t.Errorf("identity = %v", id)
	}
}

func TestQueryParams(t *testing.T) {
	c := chalicetest.New(chaliceApp())
	if r := c.Get(t, "/users/bob"); string(r.Body) != `{"name":"bob"}` {
		t.Errorf("plain: %s", r.Body)
	}
	if r := c.Get(t, "/users/bob?include-greeting=true"); string(r.Body) != `{"name":"bob","greeting":"Hello, bob"}` {
		t.Errorf("greeting: %s", r.Body)
	}
}
