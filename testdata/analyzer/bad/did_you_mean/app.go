package main

import (
	"context"
)

// A space after the slashes makes the next line prose: a warning says so.
//
// chalice:route /spaced
func Spaced() {}

//chalice:route /flag corss
func Flag() {}

//chalice:route /opt cros=allowAll
func Opt() {}

//chalice:route methods=['GET', 'POST'] /python
func Python() {}

//chalice:route /pycors cors=True
func PyCORS() {}

//chalice:route /users/{userId}
func User(ctx context.Context, userID string) {}
