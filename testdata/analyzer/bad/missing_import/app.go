package main

import "context"

//chalice:route /users/{name}
func User(ctx context.Context, name string) (*chalice.Response, error) {
	return nil, chalice.NotFoundError("no user " + name)
}

//chalice:route /ok
func OK() map[string]string { return nil }
