package main

import (
	"testing"

	"github.com/chalice-go/chalice/chalicetest"
)

func TestBlueprints(t *testing.T) {
	c := chalicetest.New(chaliceApp())
	for path, want := range map[string]string{
		"/":      `{"hello":"world"}`,
		"/foo":   `{"foo":"bar"}`,
		"/hello": `{"hello":"world"}`,
	} {
		if r := c.Get(t, path); r.StatusCode != 200 || string(r.Body) != want {
			t.Errorf("GET %s = %d %s", path, r.StatusCode, r.Body)
		}
	}
	if r := c.Get(t, "/users/1"); r.StatusCode != 403 {
		t.Errorf("unprefixed blueprint route answered %d", r.StatusCode)
	}
	if r := c.Get(t, "/admin/users/1"); r.StatusCode != 401 {
		t.Errorf("no token: %d", r.StatusCode)
	}
	r := c.Get(t, "/admin/users/12", chalicetest.Header("Authorization", "admin"))
	if r.StatusCode != 200 || string(r.Body) != `{"id":12,"role":"member"}` {
		t.Errorf("admin: %d %s", r.StatusCode, r.Body)
	}
	// The authorizer is its own Lambda function, named with the prefix.
	if _, err := c.Invoke(t, "admin_Auth", `{"type":"TOKEN","authorizationToken":"x","methodArn":"arn:aws:execute-api:us-east-1:1:a/api/GET/admin/users/1"}`); err != nil {
		t.Errorf("invoke admin_Auth: %v", err)
	}
}
