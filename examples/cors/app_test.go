package main

import (
	"testing"

	"github.com/chalice-go/chalice/chalicetest"
)

func TestCORS(t *testing.T) {
	c := chalicetest.New(chaliceApp())
	r := c.Put(t, "/supports-cors", nil)
	if r.StatusCode != 200 || r.Headers.Get("Access-Control-Allow-Origin") != "*" {
		t.Errorf("cors route: %d %v", r.StatusCode, r.Headers)
	}
	if got := r.Headers.Get("Access-Control-Allow-Headers"); got != "Authorization,Content-Type,X-Amz-Date,X-Amz-Security-Token,X-Api-Key" {
		t.Errorf("allow headers = %q", got)
	}
	pre := c.Options(t, "/supports-cors", chalicetest.Header("Origin", "https://x.example"))
	if pre.StatusCode != 200 || pre.Headers.Get("Access-Control-Allow-Methods") != "PUT,OPTIONS" {
		t.Errorf("preflight: %d %v", pre.StatusCode, pre.Headers)
	}

	r = c.Get(t, "/custom-cors")
	want := map[string]string{
		"Access-Control-Allow-Origin":      "https://foo.example.com",
		"Access-Control-Allow-Headers":     "Authorization,Content-Type,X-Amz-Date,X-Amz-Security-Token,X-Api-Key,X-Special-Header",
		"Access-Control-Max-Age":           "600",
		"Access-Control-Expose-Headers":    "X-Special-Header",
		"Access-Control-Allow-Credentials": "true",
	}
	for k, v := range want {
		if got := r.Headers.Get(k); got != v {
			t.Errorf("custom %s = %q, want %q", k, got, v)
		}
	}

	// Error responses carry the CORS headers too, and a listed Origin is echoed.
	r = c.Get(t, "/multi-origin", chalicetest.Header("Origin", "http://allowed2.example.com"))
	if r.StatusCode != 404 || r.Headers.Get("Access-Control-Allow-Origin") != "http://allowed2.example.com" {
		t.Errorf("multi-origin: %d %v", r.StatusCode, r.Headers)
	}
	r = c.Get(t, "/multi-origin", chalicetest.Header("Origin", "http://evil.example.com"))
	if got := r.Headers.Get("Access-Control-Allow-Origin"); got != "http://allowed1.example.com" {
		t.Errorf("unlisted origin got %q", got)
	}

	r = c.Options(t, "/cors_multiple_origins", chalicetest.Header("Origin", "http://allowed1.example.com"))
	if r.StatusCode != 200 || r.Headers.Get("Access-Control-Allow-Origin") != "http://allowed1.example.com" {
		t.Errorf("manual options: %d %v", r.StatusCode, r.Headers)
	}
	if r := c.Get(t, "/cors_multiple_origins"); string(r.Body) != "Foo" {
		t.Errorf("manual get: %q", r.Body)
	}
}
