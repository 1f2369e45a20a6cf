// Package hook joins the public chalice package and the runtime without an
// import cycle: the runtime puts the invocation in the context, and chalice's
// accessors read it back through these small interfaces.
package hook

import "context"

// Invocation is the runtime's per-invocation state.
type Invocation interface {
	// FullRequest returns the fully decoded *chalice.Request (as any), or nil
	// outside an HTTP invocation. It is decoded on first use.
	FullRequest() any
}

type invocationKey struct{}

// With returns ctx carrying inv.
func With(ctx context.Context, inv Invocation) context.Context {
	return context.WithValue(ctx, invocationKey{}, inv)
}

// From returns the invocation in ctx, or nil.
func From(ctx context.Context) Invocation {
	inv, _ := ctx.Value(invocationKey{}).(Invocation)
	return inv
}

// Websocket is implemented by the package the generator links into apps
// that declare websocket handlers; nil otherwise, which keeps the AWS SDK
// out of every other binary.
type Websocket interface {
	Send(ctx context.Context, connectionID string, message []byte) error
	Close(ctx context.Context, connectionID string) error
	Info(ctx context.Context, connectionID string) (any, error)
}

// WebsocketAPI is set at init time by the websocket support package.
var WebsocketAPI Websocket
