package main

import (
	"context"

	"github.com/chalice-go/chalice"
)

func check(ctx context.Context, r chalice.AuthRequest) (chalice.AuthResponse, error) {
	return chalice.AuthResponse{}, nil
}

//chalice:schedule rate(1 day)
func nightly(ctx context.Context, e chalice.CloudWatchEvent) error { return nil }

//chalice:route /a authorizer=check
func A() {}

//chalice:route /b authorizer=nightly
func B() {}
