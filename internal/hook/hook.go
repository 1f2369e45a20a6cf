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

// Lookup is implemented by HTTP invocations that answer single lookups
// straight from the event, without decoding the whole request.
type Lookup interface {
	// QueryParam returns the last value of a query parameter.
	QueryParam(name string) (string, bool)
	// Header returns a request header, matched case-insensitively.
	Header(name string) (string, bool)
}

type invocationKey struct{}

// Key is the context key the invocation is stored under. A runtime whose
// per-invocation state is itself a context.Context answers Value(Key) with
// the invocation, sparing a context.WithValue allocation per request.
var Key any = invocationKey{}

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

// WebsocketEndpoint is where the Management API of a websocket API lives:
// https://{DomainName}/{Stage}. The websocket adapters (runtime/events)
// record it in the context of each websocket invocation.
type WebsocketEndpoint struct {
	DomainName string
	Stage      string
}

type websocketEndpointKey struct{}

// WithWebsocketEndpoint returns ctx carrying ep.
func WithWebsocketEndpoint(ctx context.Context, ep WebsocketEndpoint) context.Context {
	return context.WithValue(ctx, websocketEndpointKey{}, ep)
}

// WebsocketEndpointFrom returns the endpoint in ctx.
func WebsocketEndpointFrom(ctx context.Context) (WebsocketEndpoint, bool) {
	ep, ok := ctx.Value(websocketEndpointKey{}).(WebsocketEndpoint)
	return ep, ok
}
