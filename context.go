package chalice

import (
	"context"

	"github.com/aws/aws-lambda-go/lambdacontext"
	"github.com/chalice-go/chalice/internal/hook"
)

// CurrentRequest returns the HTTP request being served, or nil outside a
// route handler. The request is fully decoded on first call.
func CurrentRequest(ctx context.Context) *Request {
	inv := hook.From(ctx)
	if inv == nil {
		return nil
	}
	r, _ := inv.FullRequest().(*Request)
	return r
}

// LambdaContext returns the Lambda invocation context (request id, function
// ARN, deadline...), or nil when not running under Lambda's runtime API.
func LambdaContext(ctx context.Context) *lambdacontext.LambdaContext {
	lc, _ := lambdacontext.FromContext(ctx)
	return lc
}

// QueryParam returns the last value of the current HTTP request's query
// parameter name, or "" when it is absent or outside a route handler. Unlike
// CurrentRequest it reads only that parameter from the event.
func QueryParam(ctx context.Context, name string) string {
	if l, ok := hook.From(ctx).(hook.Lookup); ok {
		v, _ := l.QueryParam(name)
		return v
	}
	return ""
}

// RequestHeader returns the current HTTP request's header name (matched
// case-insensitively), or "" when it is absent or outside a route handler.
// Unlike CurrentRequest it reads only that header from the event.
func RequestHeader(ctx context.Context, name string) string {
	if l, ok := hook.From(ctx).(hook.Lookup); ok {
		v, _ := l.Header(name)
		return v
	}
	return ""
}
