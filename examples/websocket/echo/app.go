// Command websocket-echo is the spec's websocket echo server: every
// message a client sends comes back to it unchanged.
//
//chalice:app experimental=WEBSOCKETS
package main

//go:generate go tool chalicegen

import (
	"context"
	"errors"

	"github.com/chalice-go/chalice"
)

//chalice:on_ws_message
func message(ctx context.Context, event chalice.WebsocketEvent) error {
	err := chalice.WebsocketSend(ctx, event.ConnectionID, event.Body)
	var gone *chalice.WebsocketDisconnectedError
	if errors.As(err, &gone) {
		return nil // Disconnected so we can't send the message back.
	}
	return err
}
