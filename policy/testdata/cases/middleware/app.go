// Middleware runs in the functions of the event types it registers for.
package main

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sns"
)

func Audit(ctx context.Context) error {
	_, err := s3.NewFromConfig(aws.Config{}).PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("audit-bucket")})
	return err
}

func Metrics(ctx context.Context) error {
	_, err := sns.NewFromConfig(aws.Config{}).Publish(ctx, &sns.PublishInput{TopicArn: aws.String("arn:aws:sns:us-east-1:123456789012:metrics")})
	return err
}

func Index(ctx context.Context) (string, error) { return "ok", nil }

func OnMessage(ctx context.Context) error { return nil }

func main() {}
