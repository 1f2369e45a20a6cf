package main

import (
	"context"

	"github.com/chalice-go/chalice"
)

//chalice:on_cw_event {"source": ["aws.ec2"],}
func A(ctx context.Context, e chalice.CloudWatchEvent) error { return nil }

//chalice:on_cw_event {}
func B(ctx context.Context, e chalice.CloudWatchEvent) error { return nil }

//chalice:on_cw_event ["aws.ec2"]
func C(ctx context.Context, e chalice.CloudWatchEvent) error { return nil }

//chalice:on_cw_event {"source": ["aws.ec2"]
func D(ctx context.Context, e chalice.CloudWatchEvent) error { return nil }
