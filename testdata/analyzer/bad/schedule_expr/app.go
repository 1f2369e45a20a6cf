package main

import (
	"context"

	"github.com/chalice-go/chalice"
)

//chalice:schedule rate(1 minutes)
func A(ctx context.Context, e chalice.CloudWatchEvent) error { return nil }

//chalice:schedule rate(5 minute)
func B(ctx context.Context, e chalice.CloudWatchEvent) error { return nil }

//chalice:schedule rate(0 minutes)
func C(ctx context.Context, e chalice.CloudWatchEvent) error { return nil }

//chalice:schedule rate(2 weeks)
func D(ctx context.Context, e chalice.CloudWatchEvent) error { return nil }

//chalice:schedule cron(0 10 * * ?)
func E(ctx context.Context, e chalice.CloudWatchEvent) error { return nil }

//chalice:schedule cron(0 10 ? * ? *)
func F(ctx context.Context, e chalice.CloudWatchEvent) error { return nil }

//chalice:schedule cron(61 10 * * ? *)
func G(ctx context.Context, e chalice.CloudWatchEvent) error { return nil }

//chalice:schedule every(5 minutes)
func H(ctx context.Context, e chalice.CloudWatchEvent) error { return nil }

//chalice:schedule "cron(0 18 ? * MON-FRU *)"
func I(ctx context.Context, e chalice.CloudWatchEvent) error { return nil }

//chalice:schedule cron(0/15 * * * ? *)
func J(ctx context.Context, e chalice.CloudWatchEvent) error { return nil }
