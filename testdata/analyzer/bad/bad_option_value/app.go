package main

import (
	"context"

	"github.com/chalice-go/chalice"
)

//chalice:on_sqs_message queue=q batch_size=ten
func A(ctx context.Context, e chalice.SQSEvent) error { return nil }

//chalice:on_sqs_message queue=q batch_size=0
func B(ctx context.Context, e chalice.SQSEvent) error { return nil }

//chalice:on_kinesis_record stream=s starting_position=EARLIEST maximum_batching_window_in_seconds=900
func C(ctx context.Context, e chalice.KinesisEvent) error { return nil }

//chalice:authorizer ttl_seconds=9999
func D(ctx context.Context, r chalice.AuthRequest) (chalice.AuthResponse, error) {
	return chalice.AuthResponse{}, nil
}

//chalice:route /x api_key_required=true name=
func E() {}

//chalice:lambda_function name=has.dot
func F(ctx context.Context, in map[string]any) error { return nil }
