package main

import (
	"testing"

	"github.com/chalice-go/chalice/chalicetest"
)

func TestRoutes(t *testing.T) {
	c := chalicetest.New(chaliceApp(), chalicetest.WithHTTPAPI()) // the API this app deploys as
	if r := c.Get(t, "/users/ana"); r.StatusCode != 200 || string(r.Body) != `{"method":"GET","name":"ana"}` {
		t.Errorf("GET /users/ana: %d %s", r.StatusCode, r.Body)
	}
	if r := c.Get(t, "/files/a/b.txt"); r.StatusCode != 200 || string(r.Body) != `{"path":"a/b.txt"}` {
		t.Errorf("GET /files/a/b.txt: %d %s", r.StatusCode, r.Body)
	}
	if r := c.Delete(t, "/users/ana"); r.StatusCode != 404 || string(r.Body) != `{"message":"Not Found"}` {
		t.Errorf("DELETE /users/ana: %d %s", r.StatusCode, r.Body)
	}
}
