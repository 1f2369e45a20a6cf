package model

import (
	"errors"
	"fmt"
)

// Error is a problem at a source position, as every stage after the
// analyzer reports one (the generator, the policy inferrer, the deploy
// plan). The position stays a value so the CLI can print it relative to the
// working directory; callers find it with errors.As.
type Error struct {
	Pos Pos
	Msg string // the message, without the position
	// Err is the underlying error, if any (Unwrap).
	Err error
}

// Errorf returns an *Error at pos.
func Errorf(pos Pos, format string, args ...any) *Error {
	e := &Error{Pos: pos, Msg: fmt.Sprintf(format, args...)}
	for _, a := range args {
		if err, ok := a.(error); ok && e.Err == nil {
			e.Err = err
		}
	}
	return e
}

func (e *Error) Error() string {
	if e.Pos.File == "" {
		return e.Msg
	}
	return e.Pos.String() + ": " + e.Msg
}

func (e *Error) Unwrap() error { return e.Err }

// AsError returns the positioned error in err's chain, if any.
func AsError(err error) (*Error, bool) {
	var pe *Error
	ok := errors.As(err, &pe)
	return pe, ok
}
