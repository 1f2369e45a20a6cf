// Command gzip returns gzip-compressed JSON: application/json is added to
// the binary types so the compressed bytes pass through API Gateway.
//
//chalice:app binary_types=application/json
package main

//go:generate go tool chalicegen

import (
	"bytes"
	"compress/gzip"
	"encoding/json"

	"github.com/chalice-go/chalice"
)

//chalice:route GET /
func index() (*chalice.Response, error) {
	blob, err := json.Marshal(map[string]string{"hello": "world"})
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(blob); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return &chalice.Response{
		Body:       buf.Bytes(),
		StatusCode: 200,
		Headers:    map[string]string{"Content-Type": "application/json", "Content-Encoding": "gzip"},
	}, nil
}
