package main

import (
	"strings"
	"testing"

	"github.com/chalice-go/chalice/chalicetest"
)

func TestBinaryEcho(t *testing.T) {
	c := chalicetest.New(chaliceApp())
	in := []byte{0xFE, 0xED, 0x00, 0xFF}
	r := c.Post(t, "/bin-echo", in, chalicetest.ContentType("application/octet-stream"), chalicetest.Header("Accept", "application/octet-stream"))
	if r.StatusCode != 200 || string(r.Body) != string(in) {
		t.Fatalf("echo: %d %x", r.StatusCode, r.Body)
	}
	r = c.Post(t, "/bin-echo", in, chalicetest.ContentType("application/octet-stream"))
	if r.StatusCode != 400 {
		t.Fatalf("no Accept: %d %s", r.StatusCode, r.Body)
	}
	m := r.JSON(t).(map[string]any)
	if m["Code"] != "BadRequest" || !strings.Contains(m["Message"].(string), "Accept header") {
		t.Errorf("no Accept body: %s", r.Body)
	}
	if r := c.Post(t, "/bin-echo", in); r.StatusCode != 415 {
		t.Errorf("no Content-Type: %d %s", r.StatusCode, r.Body)
	}
}
