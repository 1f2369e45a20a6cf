// A helper taking an interface, called from two functions with different
// implementations. VTA over the whole app is context-insensitive: both
// implementations flow into the helper's parameter. Re-running VTA per
// Lambda function over only the code that function reaches separates them.
package main

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

type Sink interface {
	Write(ctx context.Context, b string) error
}

type bucketSink struct{ c *s3.Client }

func (s bucketSink) Write(ctx context.Context, b string) error {
	_, err := s.c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("sink-bucket")})
	return err
}

type queueSink struct{ c *sqs.Client }

func (s queueSink) Write(ctx context.Context, b string) error {
	_, err := s.c.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: aws.String("https://sqs.us-east-1.amazonaws.com/123456789012/sink")})
	return err
}

func emit(ctx context.Context, s Sink) error { return s.Write(ctx, "x") }

func ToBucket(ctx context.Context) error {
	return emit(ctx, bucketSink{c: s3.NewFromConfig(aws.Config{})})
}

func ToQueue(ctx context.Context) error {
	return emit(ctx, queueSink{c: sqs.NewFromConfig(aws.Config{})})
}

func main() {}
