package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"testing"

	"github.com/chalice-go/chalice/chalicetest"
)

func TestGzip(t *testing.T) {
	c := chalicetest.New(chaliceApp())
	r := c.Get(t, "/", chalicetest.Header("Accept", "application/json"))
	if r.StatusCode != 200 || r.Headers.Get("Content-Encoding") != "gzip" {
		t.Fatalf("%d %v %q", r.StatusCode, r.Headers, r.Body)
	}
	zr, err := gzip.NewReader(bytes.NewReader(r.Body))
	if err != nil {
		t.Fatal(err)
	}
	plain, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if string(plain) != `{"hello":"world"}` {
		t.Errorf("decompressed = %s", plain)
	}
}
