// Websocket handlers: chalice.WebsocketSend and the management API client.
package main

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigatewaymanagementapi"

	"github.com/chalice-go/chalice"
)

func Message(ctx context.Context, ev chalice.WebsocketEvent) error {
	return chalice.WebsocketSend(ctx, ev.ConnectionID, "echo: "+ev.Body)
}

func Kick(ctx context.Context, id string) error {
	c := apigatewaymanagementapi.NewFromConfig(aws.Config{})
	_, err := c.DeleteConnection(ctx, &apigatewaymanagementapi.DeleteConnectionInput{ConnectionId: aws.String(id)})
	return err
}

func Connect(ctx context.Context, ev chalice.WebsocketEvent) error { return nil }

func main() {}
