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

// A body parameter on a GET,PUT route: the GET carries no body and no JSON
// content type, so the handler gets the zero value; an empty body declared
// as JSON is still 400 Error Parsing JSON.
func TestBodyParamWithoutBody(t *testing.T) {
	c := chalicetest.New(chaliceApp())
	if r := c.Get(t, "/settings/ada"); r.StatusCode != 200 || string(r.Body) != `{"theme":""}` {
		t.Fatalf("GET without body: %d %s", r.StatusCode, r.Body)
	}
	if r := c.Put(t, "/settings/ada", map[string]string{"theme": "dark"}); r.StatusCode != 200 || string(r.Body) != `{"theme":"dark"}` {
		t.Fatalf("PUT: %d %s", r.StatusCode, r.Body)
	}
	if r := c.Get(t, "/settings/ada"); r.StatusCode != 200 || string(r.Body) != `{"theme":"dark"}` {
		t.Fatalf("GET after PUT: %d %s", r.StatusCode, r.Body)
	}
	for _, body := range []string{"", "{"} {
		r := c.Put(t, "/settings/ada", body, chalicetest.ContentType("application/json"))
		if r.StatusCode != 400 || string(r.Body) != `{"Code":"BadRequestError","Message":"Error Parsing JSON"}` {
			t.Errorf("PUT %q as JSON: %d %s", body, r.StatusCode, r.Body)
		}
	}
}
