// Command customresponse returns plain text, custom status codes and
// multi-value headers through chalice.Response.
package main

//go:generate go tool chalicegen

import "github.com/chalice-go/chalice"

//chalice:route GET /
func index() *chalice.Response {
	return &chalice.Response{
		Body:       "hello world!",
		StatusCode: 200,
		Headers:    map[string]string{"Content-Type": "text/plain"},
	}
}

//chalice:route GET /badrequest
func badrequest() chalice.Response {
	return chalice.Response{
		Body:       "Plain text error message",
		Headers:    map[string]string{"Content-Type": "text/plain"},
		StatusCode: 400,
	}
}

//chalice:route GET /cookies
func cookies() *chalice.Response {
	return &chalice.Response{
		StatusCode:        201,
		Body:              map[string]bool{"created": true},
		MultiValueHeaders: map[string][]string{"Set-Cookie": {"a=1", "b=2"}},
	}
}
