package main

import (
	"context"

	"github.com/chalice-go/chalice"
)

//chalice:schedule rate(1 hour) name=job
func A(ctx context.Context, e chalice.CloudWatchEvent) error { return nil }

//chalice:schedule rate(2 hours) name=job
func B(ctx context.Context, e chalice.CloudWatchEvent) error { return nil }

//chalice:lambda_function name=api_handler
func C(ctx context.Context, in map[string]any) error { return nil }

//chalice:authorizer name=D
func auth(ctx context.Context, r chalice.AuthRequest) (chalice.AuthResponse, error) {
	return chalice.AuthResponse{}, nil
}

//chalice:lambda_function
func D(ctx context.Context, in []int) error { return nil }

//chalice:on_sns_message topic=t name=websocket_message
func E(ctx context.Context, e chalice.SNSEvent) error { return nil }
