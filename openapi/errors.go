package openapi

import (
	"errors"
	"strconv"

	"github.com/chalice-go/chalice"
)

// constructors are chalice's error constructors by name; the statuses come
// from calling them, so errors.go stays their one home.
var constructors = map[string]func(string) error{
	"BadRequestError":            chalice.BadRequestError,
	"UnauthorizedError":          chalice.UnauthorizedError,
	"ForbiddenError":             chalice.ForbiddenError,
	"NotFoundError":              chalice.NotFoundError,
	"MethodNotAllowedError":      chalice.MethodNotAllowedError,
	"RequestTimeoutError":        chalice.RequestTimeoutError,
	"ConflictError":              chalice.ConflictError,
	"RequestEntityTooLargeError": chalice.RequestEntityTooLargeError,
	"UnprocessableEntityError":   chalice.UnprocessableEntityError,
	"TooManyRequestsError":       chalice.TooManyRequestsError,
	"ChaliceViewError":           chalice.ChaliceViewError,
}

// errorStatus is the status the named constructor's error answers with.
func errorStatus(name string) (string, bool) {
	mk, ok := constructors[name]
	if !ok {
		return "", false
	}
	var ve *chalice.ViewError
	if !errors.As(mk(""), &ve) {
		return "", false
	}
	return strconv.Itoa(ve.StatusCode), true
}
