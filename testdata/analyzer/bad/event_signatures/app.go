package main

import (
	"context"

	"github.com/chalice-go/chalice"
)

//chalice:schedule rate(1 hour)
func A(ctx context.Context, e chalice.S3Event) error { return nil }

//chalice:on_sqs_message queue=q
func B(ctx context.Context, e chalice.SQSEvent) string { return "" }

//chalice:on_s3_event bucket=b
func C(ctx context.Context, e chalice.S3Event, extra int) error { return nil }

//chalice:on_sns_message topic=t
func D(ctx context.Context, e *chalice.SNSEvent) error { return nil }

//chalice:on_ws_message
func E(ctx context.Context, e chalice.WebsocketEvent) (int, error) { return 0, nil }

//chalice:on_dynamodb_record stream_arn=arn
func F(ctx context.Context, e chalice.KinesisEvent) error { return nil }

//chalice:on_sns_message topic=t2
func G(e chalice.SNSEvent) {}

//chalice:on_sqs_message queue=q2
func H(ctx context.Context, e chalice.SQSEvent) (chalice.SQSBatchResult, error) {
	return chalice.SQSBatchResult{}, nil
}
