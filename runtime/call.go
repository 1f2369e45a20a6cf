package runtime

import (
	"context"

	"github.com/chalice-go/chalice"
)

// Call is one HTTP invocation as the generated wrappers see it. It decodes
// the event lazily: a typed handler that only takes captures never pays for
// headers, the request context or the full chalice.Request.
type Call struct {
	// CONTRACT (implemented by the runtime work): fields are unexported.
}

// Param returns the i-th path capture of the matched route (path order),
// URL-decoded as API Gateway delivers it.
func (c *Call) Param(i int) string { panic("contract") }

// Body returns the request body, base64-decoded when the event flags it.
func (c *Call) Body() []byte { panic("contract") }

// Request returns the fully decoded request (decoded once, then cached).
func (c *Call) Request() *chalice.Request { panic("contract") }

// DecodeJSON decodes the body into v; an empty or malformed body is a
// chalice.BadRequestError.
func (c *Call) DecodeJSON(v any) error { panic("contract") }

// BadParam is the error a wrapper returns when capture name's raw value does
// not parse as the parameter's type: a 400 BadRequestError.
func BadParam(name, raw string, err error) error { panic("contract") }

// Start runs app: under Lambda it serves the logical function named by
// _HANDLER; see the package documentation for the other modes.
func Start(app *App) { panic("contract") }

// Invoke handles one invocation payload for the logical function name and
// returns the response payload, exactly as Lambda would pass them.
func (a *App) Invoke(ctx context.Context, name string, payload []byte) ([]byte, error) {
	panic("contract")
}

// Match finds the route for method and path (a request path without the
// stage, e.g. "/users/bob"). It returns the route, its captures by name, and
// 0; or nil, nil and the status API Gateway would answer: 403 for an unknown
// path or method (API Gateway's "Missing Authentication Token").
func (a *App) Match(method, path string) (*Route, map[string]string, int) { panic("contract") }
