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

var errNoWebsocket = errors.New("chalice: websocket support is not linked: the app declares no //chalice:on_ws_* handler")

// WebsocketSend sends message to a connected websocket client.
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

// WebsocketInfo returns what API Gateway knows of a connection
// (ConnectedAt, Identity.SourceIp, Identity.UserAgent, LastActiveAt).
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
