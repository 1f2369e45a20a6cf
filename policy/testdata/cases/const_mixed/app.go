// One non-constant call of an action puts the whole action on "*".
package main

import (
	"context"
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

var c = s3.NewFromConfig(aws.Config{})

func Fixed(ctx context.Context) error {
	_, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("fixed-bucket")})
	return err
}

func FromEnv(ctx context.Context) error {
	_, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(os.Getenv("BUCKET"))})
	if err != nil {
		return err
	}
	_, err = c.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("fixed-bucket")})
	return err
}

func main() {}
