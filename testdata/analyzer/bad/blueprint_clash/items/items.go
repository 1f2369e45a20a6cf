package items

import (
	"context"

	"github.com/chalice-go/chalice"
)

//chalice:route /items
func List() []string { return nil }

//chalice:schedule rate(2 days)
func Nightly(ctx context.Context, e chalice.CloudWatchEvent) error { return nil }

//chalice:on_ws_message
func Message(ctx context.Context, e chalice.WebsocketEvent) error { return nil }
