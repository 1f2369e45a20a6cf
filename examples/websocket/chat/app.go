// Command websocket-chat is the spec's chat server example: chat rooms and
// nicknames over an API Gateway websocket API, with the state (which
// connection has which name, who is in which room) in a DynamoDB table.
//
// The table comes from resources.json, merged into the CloudFormation
// template (chalicegen package --merge-template resources.json out); its
// name reaches the functions in the TABLE environment variable.
//
// Locally, `go tool chalicegen local` (or chalicegen local) serves the
// chat on ws://127.0.0.1:8000/ with no AWS account: without TABLE the
// state is kept in memory. Connect two clients (websocat, say): the first
// line each sends is its nickname; then /join lobby, and chat.
//
//chalice:app experimental=WEBSOCKETS
package main

//go:generate go tool chalicegen

import (
	"context"

	"github.com/chalice-go/chalice"
)

//chalice:on_ws_connect
func connect(ctx context.Context, event chalice.WebsocketEvent) error {
	st, err := storage(ctx)
	if err != nil {
		return err
	}
	return st.CreateConnection(ctx, event.ConnectionID)
}

//chalice:on_ws_disconnect
func disconnect(ctx context.Context, event chalice.WebsocketEvent) error {
	st, err := storage(ctx)
	if err != nil {
		return err
	}
	return st.DeleteConnection(ctx, event.ConnectionID)
}

//chalice:on_ws_message
func message(ctx context.Context, event chalice.WebsocketEvent) error {
	st, err := storage(ctx)
	if err != nil {
		return err
	}
	h := &Handler{storage: st, sender: &Sender{storage: st}}
	return h.Handle(ctx, event.ConnectionID, event.Body)
}
