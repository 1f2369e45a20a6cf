package api

import (
	"context"

	"github.com/chalice-go/chalice"
)

// Item is a blueprint type used in a handler signature.
type Item struct {
	ID string `json:"id"`
}

var auth = chalice.CognitoUserPoolAuthorizer{Name: "bp-pool", ProviderARNs: []string{"arn:pool"}}

//chalice:authorizer
func Check(ctx context.Context, r chalice.AuthRequest) (chalice.AuthResponse, error) {
	return chalice.AuthResponse{}, nil
}

//chalice:route /
func Root() map[string]string { return nil }

//chalice:route /items/{id} authorizer=Check
func GetItem(ctx context.Context, id string) (Item, error) { return Item{ID: id}, nil }

//chalice:route PUT /items/{id} authorizer=auth
func PutItem(id string, it *Item) error { return nil }

//chalice:schedule rate(5 minutes)
func Cleanup(ctx context.Context, e chalice.CloudWatchEvent) error { return nil }
