// A route handler calling a client it builds itself.
package main

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

func Upload(ctx context.Context, key string) error {
	client := s3.NewFromConfig(aws.Config{})
	_, err := client.PutObject(ctx, &s3.PutObjectInput{
		Bucket: aws.String(bucketFromKey(key)),
		Key:    aws.String(key),
		Body:   strings.NewReader("x"),
	})
	return err
}

func bucketFromKey(k string) string { return strings.Split(k, "/")[0] }

func main() {}
