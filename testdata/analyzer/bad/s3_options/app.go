package main

import (
	"context"

	"github.com/chalice-go/chalice"
)

//chalice:on_s3_event bucket=b events=s3:ObjectCreated:*,ObjectRemoved,s3::x
func A(ctx context.Context, e chalice.S3Event) error { return nil }

//chalice:on_s3_event bucket=b bucket=c
func B(ctx context.Context, e chalice.S3Event) error { return nil }
