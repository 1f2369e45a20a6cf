package main

import (
	"testing"

	"github.com/chalice-go/chalice/chalicetest"
)

func TestObjects(t *testing.T) {
	c := chalicetest.New(chaliceApp())
	if r := c.Get(t, "/objects/mykey"); r.StatusCode != 404 || string(r.Body) != `{"Code":"NotFoundError","Message":"mykey"}` {
		t.Fatalf("missing key: %d %s", r.StatusCode, r.Body)
	}
	if r := c.Put(t, "/objects/mykey", map[string]string{"foo": "bar"}); r.StatusCode != 200 || string(r.Body) != "null" {
		t.Fatalf("put: %d %s", r.StatusCode, r.Body)
	}
	if r := c.Get(t, "/objects/mykey"); r.StatusCode != 200 || string(r.Body) != `{"mykey":{"foo":"bar"}}` {
		t.Fatalf("get: %d %s", r.StatusCode, r.Body)
	}
	if r := c.Put(t, "/objects/bad", "{not json", chalicetest.ContentType("application/json")); r.StatusCode != 400 {
		t.Errorf("bad json: %d %s", r.StatusCode, r.Body)
	}
}

func TestTypedBody(t *testing.T) {
	c := chalicetest.New(chaliceApp())
	r := c.Post(t, "/profiles/7", map[string]any{"name": "jenny", "tags": []string{"a"}})
	if r.StatusCode != 200 || string(r.Body) != `{"id":"7","name":"jenny","tags":["a"]}` {
		t.Errorf("post: %d %s", r.StatusCode, r.Body)
	}
	if r := c.Post(t, "/profiles/7", map[string]any{"tags": []string{}}); r.StatusCode != 422 {
		t.Errorf("missing name: %d %s", r.StatusCode, r.Body)
	}
	if r := c.Post(t, "/profiles/7", `{"name":`, chalicetest.ContentType("application/json")); r.StatusCode != 400 {
		t.Errorf("truncated json: %d %s", r.StatusCode, r.Body)
	}
	if r := c.Post(t, "/profiles/7", "name=x", chalicetest.ContentType("application/x-www-form-urlencoded")); r.StatusCode != 415 {
		t.Errorf("form body on a JSON route: %d %s", r.StatusCode, r.Body)
	}
}
