// Code reachable from one handler only must not reach another's policy.
package main

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

var (
	s3c  = s3.NewFromConfig(aws.Config{})
	db   = dynamodb.NewFromConfig(aws.Config{})
	lamb = lambda.NewFromConfig(aws.Config{})
)

func shared(ctx context.Context) error {
	_, err := db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String("config")})
	return err
}

func onlyThumbnail(ctx context.Context) error {
	_, err := s3c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("thumbs-bucket")})
	return err
}

func onlyFanout(ctx context.Context) error {
	_, err := lamb.Invoke(ctx, &lambda.InvokeInput{FunctionName: aws.String("worker-fn")})
	return err
}

func Thumbnail(ctx context.Context) error {
	if err := shared(ctx); err != nil {
		return err
	}
	return onlyThumbnail(ctx)
}

func Fanout(ctx context.Context) error {
	if err := shared(ctx); err != nil {
		return err
	}
	return onlyFanout(ctx)
}

func Status(ctx context.Context) (string, error) { return "ok", nil }

func main() {}
