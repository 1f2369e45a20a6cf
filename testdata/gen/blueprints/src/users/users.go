// Package users is a blueprint.
package users

import (
	"context"

	api "example.com/bp/api/v2"
	othertypes "example.com/bp/other/types"
	"example.com/bp/types"

	"github.com/chalice-go/chalice"
)

//chalice:route /{id}
func Get(ctx context.Context, id string) (types.User, error) { return types.User{}, nil }

//chalice:route PATCH /{id}
func Patch(id api.ID, p othertypes.Patch) (map[string]types.User, error) { return nil, nil }

//chalice:route /{id}/pages/{n}
func Pages(id api.ID, n int) (types.Page[othertypes.Patch], error) {
	return types.Page[othertypes.Patch]{}, nil
}

// Index has the Go name of a handler in main, in another package.
//
//chalice:route /
func Index() []types.User { return nil }

//chalice:middleware http
func Audit(ctx context.Context, req *chalice.Request, next chalice.HTTPHandler) (*chalice.Response, error) {
	return next(ctx, req)
}
