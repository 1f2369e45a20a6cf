// Two values of one struct type built at init: VTA is field-based, so the
// field holds both implementations in every function (a documented
// over-approximation).
package main

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

type sink interface {
	Put(ctx context.Context, v string) error
}

type s3Sink struct{ c *s3.Client }

func (s s3Sink) Put(ctx context.Context, v string) error {
	_, err := s.c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("archive"), Key: aws.String(v)})
	return err
}

type sqsSink struct{ c *sqs.Client }

func (s sqsSink) Put(ctx context.Context, v string) error {
	_, err := s.c.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: aws.String("https://sqs.us-east-1.amazonaws.com/123456789012/events"), MessageBody: aws.String(v)})
	return err
}

type service struct{ out sink }

func (s *service) handle(ctx context.Context, v string) error { return s.out.Put(ctx, v) }

var cfg = aws.Config{}

// Package-level instances built at init: both exist in every function.
var (
	archiver = &service{out: s3Sink{c: s3.NewFromConfig(cfg)}}
	notifier = &service{out: sqsSink{c: sqs.NewFromConfig(cfg)}}
)

func GlobalArchive(ctx context.Context) error { return archiver.handle(ctx, "c") }

func main() {}

func GlobalNotify(ctx context.Context) error { return notifier.handle(ctx, "d") }
