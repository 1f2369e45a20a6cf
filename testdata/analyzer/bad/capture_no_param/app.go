package main

import "context"

//chalice:route /users/{name}
func A() {}

//chalice:route /users/{name}/posts/{id}
func B(ctx context.Context, name string) error { return nil }
