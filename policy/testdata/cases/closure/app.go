// Closures capturing the client, called directly and via a slice.
package main

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

func Cleanup(ctx context.Context, keys []string) error {
	c := s3.NewFromConfig(aws.Config{})
	del := func(k string) error {
		_, err := c.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String("tmp-bucket"), Key: aws.String(k)})
		return err
	}
	steps := []func() error{
		func() error {
			_, err := c.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String("tmp-bucket")})
			return err
		},
	}
	for _, s := range steps {
		if err := s(); err != nil {
			return err
		}
	}
	for _, k := range keys {
		if err := del(k); err != nil {
			return err
		}
	}
	return nil
}

func main() {}
