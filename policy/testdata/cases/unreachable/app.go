// SDK calls that no entry point reaches.
package main

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

type admin struct{ c *s3.Client }

func (a admin) nuke(ctx context.Context) {
	a.c.DeleteBucket(ctx, &s3.DeleteBucketInput{})
}

func unused(ctx context.Context) {
	dynamodb.NewFromConfig(aws.Config{}).DeleteTable(ctx, &dynamodb.DeleteTableInput{})
}

// NotRegistered looks like a handler but is no entry point.
func NotRegistered(ctx context.Context) { unused(ctx) }

func Hello(ctx context.Context) (string, error) {
	if false {
		_ = admin{}
	}
	return "hello", nil
}

func main() {}
