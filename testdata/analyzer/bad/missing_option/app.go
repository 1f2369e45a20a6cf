package main

import (
	"context"

	"github.com/chalice-go/chalice"
)

//chalice:on_s3_event events=s3:ObjectCreated:*
func A(ctx context.Context, e chalice.S3Event) error { return nil }

//chalice:on_sqs_message
func B(ctx context.Context, e chalice.SQSEvent) error { return nil }

//chalice:route
func C() {}

//chalice:schedule name=every
func D(ctx context.Context, e chalice.CloudWatchEvent) error { return nil }

//chalice:route /x name
func E() {}
