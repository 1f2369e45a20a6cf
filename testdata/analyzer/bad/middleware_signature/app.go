package main

import (
	"context"

	"github.com/chalice-go/chalice"
)

//chalice:middleware http
func A(ctx context.Context, req *chalice.Request) (*chalice.Response, error) { return nil, nil }

//chalice:middleware everything
func B(ctx context.Context, event any, next func(context.Context, any) (any, error)) (any, error) {
	return next(ctx, event)
}

//chalice:middleware
func C(ctx context.Context, event chalice.S3Event, next func(context.Context, any) (any, error)) (any, error) {
	return next(ctx, event)
}

//chalice:middleware http
func D(ctx context.Context, req *chalice.Request, next chalice.HTTPHandler) (*chalice.Response, error) {
	return next(ctx, req)
}

//chalice:middleware sqs
func E(ctx context.Context, event any, next func(context.Context, any) (any, error)) (any, error) {
	return next(ctx, event)
}
