// Two values of one struct type holding different implementations: each
// function gets the implementation its own instance holds.
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

// Instances built where they are used: per-function refinement keeps them apart.
func Archive(ctx context.Context) error {
	svc := &service{out: s3Sink{c: s3.NewFromConfig(cfg)}}
	return svc.handle(ctx, "a")
}

func Notify(ctx context.Context) error {
	svc := &service{out: sqsSink{c: sqs.NewFromConfig(cfg)}}
	return svc.handle(ctx, "b")
}

func main() {}
