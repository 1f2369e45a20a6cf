// Each "did you mean" comes with its fix; fixes.go.golden is this file
// with every fix applied.
package main

import "context"

// want +2 `this comment does nothing: with a space after //, Go reads it as prose; write //chalice:route to make it a directive`
//
// chalice:route /spaced
func spaced() {}

// want +2 `unknown directive //chalice:rout; did you mean //chalice:route\?`
//
//chalice:rout /typo
func typo() {}

// want +2 `unknown option corss for //chalice:route; did you mean cors\?`
//
//chalice:route /flag corss
func flag() {}

// want +2 `unknown option nam for //chalice:route; did you mean name\?`
//
//chalice:route /opt nam=named
func opt() {}

// want +2 `methods are positional in //chalice:route, not an option: write //chalice:route GET,POST /path`
//
//chalice:route methods=['GET', 'POST'] /python
func python() {}

// want +2 `cors=True: write cors alone to enable it`
//
//chalice:route /pycors cors=True
func pycors() {}

// want +2 `option api_key_required is a flag and takes no value: write api_key_required alone`
//
//chalice:route /pyflag api_key_required=True
func pyflag() {}

// want +2 `unknown option Cors for //chalice:route; did you mean cors\?`
//
//chalice:route /capital Cors
func capital() {}

//chalice:route /users/{userId}
func user(ctx context.Context, userID string) {} // want `did you mean \{userID\} in the path\?`

func main() {}
