// Package runtime is what runs inside the Lambda function: the invocation
// loop, API Gateway event decoding, routing, response encoding and the
// CORS, content-type, binary and authorizer rules. The generated
// chalice_gen.go builds an App and calls Start; nothing here is for apps to
// call directly.
//
// Start has three modes. Under Lambda (AWS_LAMBDA_RUNTIME_API set) it
// serves the logical function named by _HANDLER: "api_handler" for every
// route, a built-in authorizer's name, or a Function's name. In a build
// with the chalice_local tag and CHALICE_LOCAL=1 it runs the local API
// Gateway emulation. Anywhere else it explains that the binary is meant
// for Lambda (and `chalicegen local`) and exits with status 2.
//
// App.Invoke runs one invocation in-process, payload bytes in and response
// bytes out, for tests and the local server. See docs/runtime.md for the
// event formats, the answers and the decisions behind them.
package runtime

import (
	"context"
	"log/slog"
	"slices"
	"sync"

	"github.com/chalice-go/chalice"
	"github.com/chalice-go/chalice/internal/apirules"
)

// App is the registration table written by chalicegen. It is used through a
// pointer and must not change (or be copied) once it has served a request.
type App struct {
	Name  string
	Debug bool
	CORS  *chalice.CORSConfig // app-wide, already folded into routes; kept for the local server
	// BinaryTypes is the full list (the defaults plus //chalice:app
	// binary_types), or nil for API Gateway's defaults: read it through
	// BinaryMediaTypes.
	BinaryTypes []string
	Routes      []Route
	Authorizers []Authorizer
	Middleware  []HTTPMiddleware
	// Functions are the non-HTTP logical functions (event handlers, pure
	// Lambdas, websocket handlers), dispatched by name.
	Functions []Function

	// Built on first use (Start, Invoke, Match): the routing index and the
	// logger setup. The exported fields must not change after that.
	once sync.Once
	ix   *index
}

// BinaryMediaTypes returns the content types the app treats as binary:
// BinaryTypes, or API Gateway's default list (apirules.DefaultBinaryTypes,
// copied) when BinaryTypes is nil, as chalicegen leaves it for an app that
// adds none.
func (a *App) BinaryMediaTypes() []string {
	if a.BinaryTypes == nil {
		return slices.Clone(apirules.DefaultBinaryTypes)
	}
	return a.BinaryTypes
}

// index returns the app's lookup tables, building them (and configuring the
// logger) on first use.
func (a *App) index() *index {
	a.once.Do(func() {
		a.ix = buildIndex(a)
		chalice.ConfigureLogger(a.Name, nil)
		if a.Debug {
			chalice.SetLogLevel(slog.LevelDebug)
		}
	})
	return a.ix
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
