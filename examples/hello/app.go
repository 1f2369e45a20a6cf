// Command hello is the quick start app: GET / answers {"hello": "world"}.
package main

//go:generate go tool chalicegen

//chalice:route GET /
func index() map[string]string {
	return map[string]string{"hello": "world"}
}
