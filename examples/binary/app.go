// Command binary echoes binary bodies.
package main

//go:generate go tool chalicegen

import "github.com/chalice-go/chalice"

//chalice:route POST /bin-echo content_types=application/octet-stream
func binEcho(req *chalice.Request) *chalice.Response {
	return &chalice.Response{
		Body:       req.RawBody,
		StatusCode: 200,
		Headers:    map[string]string{"Content-Type": "application/octet-stream"},
	}
}
