package chalice

import "fmt"

// ViewError is an error that becomes an HTTP response with StatusCode and a
// JSON body {"Code": Code, "Message": Message}.
type ViewError struct {
	StatusCode int
	Code       string // the constructor's name, e.g. "BadRequestError"
	Message    string
}

func (e *ViewError) Error() string { return e.Code + ": " + e.Message }

func viewError(status int, code, msg string) error {
	return &ViewError{StatusCode: status, Code: code, Message: msg}
}

// BadRequestError answers 400.
func BadRequestError(msg string) error { return viewError(400, "BadRequestError", msg) }

// UnauthorizedError answers 401.
func UnauthorizedError(msg string) error { return viewError(401, "UnauthorizedError", msg) }

// ForbiddenError answers 403.
func ForbiddenError(msg string) error { return viewError(403, "ForbiddenError", msg) }

// NotFoundError answers 404.
func NotFoundError(msg string) error { return viewError(404, "NotFoundError", msg) }

// MethodNotAllowedError answers 405.
func MethodNotAllowedError(msg string) error { return viewError(405, "MethodNotAllowedError", msg) }

// RequestTimeoutError answers 408.
func RequestTimeoutError(msg string) error { return viewError(408, "RequestTimeoutError", msg) }

// ConflictError answers 409.
func ConflictError(msg string) error { return viewError(409, "ConflictError", msg) }

// RequestEntityTooLargeError answers 413.
func RequestEntityTooLargeError(msg string) error {
	return viewError(413, "RequestEntityTooLargeError", msg)
}

// UnprocessableEntityError answers 422.
func UnprocessableEntityError(msg string) error {
	return viewError(422, "UnprocessableEntityError", msg)
}

// TooManyRequestsError answers 429.
func TooManyRequestsError(msg string) error { return viewError(429, "TooManyRequestsError", msg) }

// ChaliceViewError answers 500.
func ChaliceViewError(msg string) error { return viewError(500, "ChaliceViewError", msg) }

// Errorf is BadRequestError-style sugar: NewViewError(404, "NotFoundError", ...).
func NewViewError(status int, code, format string, args ...any) error {
	return viewError(status, code, fmt.Sprintf(format, args...))
}
