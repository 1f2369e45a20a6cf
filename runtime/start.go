package runtime

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/chalice-go/chalice"
)

// APIHandler is the logical function name that serves every route.
const APIHandler = "api_handler"

// localServe is set by the chalice_local build (runtime/local*.go): with it
// and CHALICE_LOCAL=1, Start serves the app on the local API Gateway
// emulation instead of the Lambda runtime API.
var localServe func(*App) error

// Start runs app: under Lambda it serves the logical function named by
// _HANDLER; see the package documentation for the other modes.
func Start(app *App) {
	os.Exit(start(app, os.Getenv, os.Stderr, func(h lambda.Handler) { lambda.Start(h) }))
}

// start is Start with its environment passed in, for tests. It returns the
// exit status (serve returns only in tests: lambda.Start never does).
func start(app *App, getenv func(string) string, stderr io.Writer, serve func(lambda.Handler)) int {
	app.index()
	if localServe != nil && getenv("CHALICE_LOCAL") == "1" {
		if err := localServe(app); err != nil {
			fmt.Fprintf(stderr, "chalice: %v\n", err)
			return 1
		}
		return 0
	}
	if getenv("AWS_LAMBDA_RUNTIME_API") == "" {
		fmt.Fprintf(stderr, "%s is a Chalice for Go app built to run inside AWS Lambda, where the Lambda\n"+
			"runtime API (AWS_LAMBDA_RUNTIME_API) serves it the function named by _HANDLER.\n"+
			"To try it on this machine, run `chalicegen local` in the project directory;\n"+
			"to run it on AWS, `chalicegen deploy`.\n", appLabel(app))
		return 2
	}
	name := getenv("_HANDLER")
	h := lambdaHandler{app: app, name: name}
	if err := app.checkName(name); err != nil {
		// Keep serving, so each invocation reports the misconfiguration
		// instead of an opaque runtime exit.
		fmt.Fprintf(stderr, "%v\n", err)
		h.err = err
	}
	serve(h)
	return 0
}

func appLabel(app *App) string {
	if app.Name != "" {
		return "This binary (app " + app.Name + ")"
	}
	return "This binary"
}

// lambdaHandler adapts one logical function to aws-lambda-go's raw-bytes
// Handler, so no reflection or JSON round trip happens in the library.
// aws-lambda-go (lambda/invoke_loop.go, runtime_api_client.go) passes the
// bytes of a pooled bytes.Buffer that it resets and reads the next event
// into once the response is sent; App.Invoke's contract allows exactly
// that.
type lambdaHandler struct {
	app  *App
	name string
	err  error
}

func (h lambdaHandler) Invoke(ctx context.Context, payload []byte) ([]byte, error) {
	if h.err != nil {
		return nil, h.err
	}
	return h.app.Invoke(ctx, h.name, payload)
}

// checkName reports a logical function name the app does not have.
func (a *App) checkName(name string) error {
	ix := a.index()
	if name == APIHandler {
		return nil
	}
	if _, ok := ix.auths[name]; ok {
		return nil
	}
	if _, ok := ix.funcs[name]; ok {
		return nil
	}
	if name == "" {
		return fmt.Errorf("chalice: _HANDLER is not set; it must name one of this app's functions: %s", strings.Join(ix.names, ", "))
	}
	return fmt.Errorf("chalice: unknown handler %q (from _HANDLER); this app's functions are: %s", name, strings.Join(ix.names, ", "))
}

// Invoke handles one invocation payload for the logical function name and
// returns the response payload, exactly as Lambda would pass them.
//
// The payload is only read, in place, and must not be modified during the
// call; the caller may reuse it as soon as Invoke returns (aws-lambda-go
// reads the next invocation into the same buffer). Nothing the handler
// receives aliases it: captures, query parameters, headers and the method
// are copied out, a body is a fresh slice, a full chalice.Request and an
// authorizer's event are decoded from a private copy, and a Function's
// Invoke gets its own copy. The result is a new slice the caller owns.
func (a *App) Invoke(ctx context.Context, name string, payload []byte) ([]byte, error) {
	ix := a.index()
	if name == APIHandler {
		return a.serveHTTP(ctx, payload)
	}
	if z, ok := ix.auths[name]; ok {
		return a.authorize(ctx, z, payload)
	}
	if f, ok := ix.funcs[name]; ok {
		return callFunction(ctx, f, payload)
	}
	return nil, a.checkName(name)
}

// callFunction runs a non-HTTP function; a panic becomes an error, which
// Lambda reports as the invocation's failure.
func callFunction(ctx context.Context, f *Function, payload []byte) (out []byte, err error) {
	defer func() {
		if p := recover(); p != nil {
			chalice.Logger(ctx).Error(fmt.Sprintf("Caught exception for %s: panic: %v\n\n%s", f.Name, p, debug.Stack()))
			out, err = nil, fmt.Errorf("chalice: %s panicked: %v", f.Name, p)
		}
	}()
	if f.Invoke == nil {
		return nil, fmt.Errorf("chalice: function %s has no handler", f.Name)
	}
	// A copy, so nothing the function keeps aliases aws-lambda-go's buffer,
	// which it reuses for the next invocation.
	return f.Invoke(ctx, bytes.Clone(payload))
}
