// Package runtime is what runs inside the Lambda function: the invocation
// loop, API Gateway event decoding, routing, response encoding and the
// CORS, content-type, binary and authorizer rules. The generated
// chalice_gen.go builds an App and calls Start; nothing here is for apps to
// call directly.
package runtime

import (
	"context"

	"github.com/chalice-go/chalice"
)

// App is the registration table written by chalicegen.
type App struct {
	Name        string
	Debug       bool
	CORS        *chalice.CORSConfig // app-wide, already folded into routes; kept for the local server
	BinaryTypes []string            // full list: defaults plus //chalice:app binary_types
	Routes      []Route
	Authorizers []Authorizer
	Middleware  []HTTPMiddleware
	// Functions are the non-HTTP logical functions (event handlers, pure
	// Lambdas, websocket handlers), dispatched by name.
	Functions []Function
}

// RouteHandler is the typed wrapper the generator writes for one handler. It
// reads captures and the body from c, calls the handler and returns its
// result: *chalice.Response, chalice.Response, or a value encoded as JSON
// (nil encodes as null).
type RouteHandler func(ctx context.Context, c *Call) (any, error)

// Route is one path+methods entry.
type Route struct {
	Name             string
	Path             string   // "/users/{name}", greedy "/files/{proxy+}"
	Methods          []string // upper-case
	ContentTypes     []string // accepted request content types; empty means application/json
	CORS             *chalice.CORSConfig
	AuthorizerKind   string // "", "builtin", "iam", "cognito", "custom"
	Authorizer       string // authorizer name
	AuthorizerHeader string // header carrying the token (cognito/custom/builtin)
	APIKeyRequired   bool
	Handler          RouteHandler
}

// Authorizer is a built-in authorizer function.
type Authorizer struct {
	Name       string
	Header     string // default "Authorization"
	TTLSeconds int
	Handler    func(ctx context.Context, req chalice.AuthRequest) (chalice.AuthResponse, error)
}

// HTTPMiddleware wraps every route handler, outermost first.
type HTTPMiddleware func(ctx context.Context, req *chalice.Request, next chalice.HTTPHandler) (*chalice.Response, error)

// Function is a non-HTTP logical Lambda function.
type Function struct {
	Name   string
	Kind   string // the directive name, e.g. "schedule", "on_sqs_message"
	Invoke func(ctx context.Context, payload []byte) ([]byte, error)
}
