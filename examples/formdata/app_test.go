package main

import (
	"testing"

	"github.com/chalice-go/chalice/chalicetest"
)

func TestForm(t *testing.T) {
	c := chalicetest.New(chaliceApp())
	r := c.Post(t, "/", "states=WA&states=CA", chalicetest.ContentType("application/x-www-form-urlencoded; charset=utf-8"))
	if r.StatusCode != 200 || string(r.Body) != `{"states":["WA","CA"]}` {
		t.Errorf("form: %d %s", r.StatusCode, r.Body)
	}
	r = c.Post(t, "/", map[string]any{"states": []string{"WA"}})
	if r.StatusCode != 415 {
		t.Fatalf("json: %d %s", r.StatusCode, r.Body)
	}
	if m := r.JSON(t).(map[string]any); m["Code"] != "UnsupportedMediaType" {
		t.Errorf("415 body: %s", r.Body)
	}
}
