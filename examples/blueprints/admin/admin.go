// Package admin is a blueprint mounted under /admin with its own authorizer.
package admin

import (
	"context"

	"github.com/chalice-go/chalice"
)

// Auth lets the "admin" token through; its Lambda is named admin_Auth.
//
//chalice:authorizer
func Auth(ctx context.Context, req chalice.AuthRequest) (chalice.AuthResponse, error) {
	if req.Token == "admin" {
		return chalice.AuthResponse{Routes: chalice.AllowPaths("*"), PrincipalID: "admin"}, nil
	}
	return chalice.AuthResponse{}, nil
}

// User is an admin's view of a user.
type User struct {
	ID   int    `json:"id"`
	Role string `json:"role"`
}

//chalice:route GET /users/{id} authorizer=Auth
func GetUser(id int) User { return User{ID: id, Role: "member"} }
