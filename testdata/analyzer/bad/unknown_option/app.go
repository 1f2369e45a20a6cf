package main

import (
	"context"

	"github.com/chalice-go/chalice"
)

//chalice:route /x nam=y
func A() {}

//chalice:schedule rate(1 hour) bogus=1
func B(ctx context.Context, e chalice.CloudWatchEvent) error { return nil }

//chalice:on_ws_connect name=x
func C(ctx context.Context, e chalice.WebsocketEvent) error { return nil }
