package main

import (
	"context"

	"github.com/chalice-go/chalice"
)

//chalice:on_ws_connect
func Connect(ctx context.Context, e chalice.WebsocketEvent) error { return nil }

//chalice:on_ws_message
func Message(ctx context.Context, e chalice.WebsocketEvent) error { return nil }

//chalice:on_ws_message
func Message2(ctx context.Context, e chalice.WebsocketEvent) error { return nil }
