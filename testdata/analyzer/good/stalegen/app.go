// The generated file is stale: it names another package, imports one that
// no longer exists and declares what main calls. None of it stops the
// analysis.
package main

import "context"

//chalice:route /users/{name}
func user(ctx context.Context, name string) (map[string]string, error) {
	return map[string]string{"name": name}, nil
}

func main() {
	chaliceStart()
	startApp()
}
