// Method expressions and method values of the client.
package main

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

type op func(context.Context, *s3.DeleteBucketInput, ...func(*s3.Options)) (*s3.DeleteBucketOutput, error)

func run(ctx context.Context, f op) error {
	_, err := f(ctx, &s3.DeleteBucketInput{Bucket: aws.String("old-bucket")})
	return err
}

func Drop(ctx context.Context) error {
	c := s3.NewFromConfig(aws.Config{})
	if err := run(ctx, c.DeleteBucket); err != nil {
		return err
	}
	del := (*s3.Client).DeleteBucketPolicy
	_, err := del(c, ctx, &s3.DeleteBucketPolicyInput{Bucket: aws.String("old-bucket")})
	return err
}

func main() {}
