// A valid app: no diagnostics.
//
//chalice:app cors=corsConfig experimental=WEBSOCKETS
package main

import (
	"context"

	"github.com/chalice-go/chalice"
)

var corsConfig = chalice.CORSConfig{AllowOrigin: "https://example.com", MaxAge: 600}

var pool = chalice.CognitoUserPoolAuthorizer{Name: "pool", ProviderARNs: []string{"arn:pool"}}

type Item struct{ Name string }

//chalice:route GET,PUT /items/{id} authorizer=pool
func item(ctx context.Context, id int, body *Item) (Item, error) { return *body, nil }

//chalice:on_ws_message
func message(ctx context.Context, e chalice.WebsocketEvent) error { return nil }

//chalice:middleware http
func mw(ctx context.Context, req *chalice.Request, next chalice.HTTPHandler) (*chalice.Response, error) {
	return next(ctx, req)
}

func main() {}
