package chalice

import (
	"context"
	"errors"

	"github.com/chalice-go/chalice/internal/hook"
)

// WebsocketDisconnectedError reports a connection that is gone.
type WebsocketDisconnectedError struct{ ConnectionID string }

func (e *WebsocketDisconnectedError) Error() string {
	return "websocket connection " + e.ConnectionID + " is disconnected"
}

var errNoWebsocket = errors.New("chalice: websocket support is not linked: the app declares no //chalice:on_ws_* handler (or import _ \"github.com/chalice-go/chalice/runtime/wsapi\")")

// WithWebsocketEndpoint returns ctx set up to send to the connections of
// the websocket API at domainName and stage (its Management API endpoint is
// https://{domainName}/{stage}). Websocket handlers need not call it: their
// context already names the API that invoked them. Other handlers (a route,
// an SQS consumer...) call it before WebsocketSend, WebsocketClose or
// WebsocketInfo.
func WithWebsocketEndpoint(ctx context.Context, domainName, stage string) context.Context {
	return hook.WithWebsocketEndpoint(ctx, hook.WebsocketEndpoint{DomainName: domainName, Stage: stage})
}

// WebsocketSend sends message to a connected websocket client. A
// connection that is gone is a *WebsocketDisconnectedError.
func WebsocketSend(ctx context.Context, connectionID, message string) error {
	if hook.WebsocketAPI == nil {
		return errNoWebsocket
	}
	return hook.WebsocketAPI.Send(ctx, connectionID, []byte(message))
}

// WebsocketClose closes a websocket connection.
func WebsocketClose(ctx context.Context, connectionID string) error {
	if hook.WebsocketAPI == nil {
		return errNoWebsocket
	}
	return hook.WebsocketAPI.Close(ctx, connectionID)
}

// WebsocketInfo returns what API Gateway knows of a connection, keyed as
// the Management API's GetConnection answer: "ConnectedAt" and
// "LastActiveAt" (time.Time), "Identity" (map[string]any with "SourceIp"
// and "UserAgent" strings). A connection that is gone is a
// *WebsocketDisconnectedError.
func WebsocketInfo(ctx context.Context, connectionID string) (map[string]any, error) {
	if hook.WebsocketAPI == nil {
		return nil, errNoWebsocket
	}
	v, err := hook.WebsocketAPI.Info(ctx, connectionID)
	if err != nil {
		return nil, err
	}
	m, _ := v.(map[string]any)
	return m, nil
}
