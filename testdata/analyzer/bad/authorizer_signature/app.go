package main

import (
	"context"

	"github.com/chalice-go/chalice"
)

//chalice:authorizer
func noCtx(r chalice.AuthRequest) (chalice.AuthResponse, error) { return chalice.AuthResponse{}, nil }

//chalice:authorizer name=ptr
func ptrResp(ctx context.Context, r chalice.AuthRequest) (*chalice.AuthResponse, error) {
	return nil, nil
}

//chalice:authorizer header=X-Token
func good(ctx context.Context, r chalice.AuthRequest) (chalice.AuthResponse, error) {
	return chalice.AuthResponse{}, nil
}

// A route naming an authorizer whose declaration is broken gets no second
// error.
//
//chalice:route /a authorizer=noCtx
func A() {}

//chalice:route /b authorizer=good
func B() {}

//chalice:authorizer ttl_seconds=soon
func broken(ctx context.Context, r chalice.AuthRequest) (chalice.AuthResponse, error) {
	return chalice.AuthResponse{}, nil
}

//chalice:route /c authorizer=broken
func C() {}
