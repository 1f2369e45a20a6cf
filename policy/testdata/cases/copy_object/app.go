// CopyObject reads the source and writes the destination.
package main

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

func Promote(ctx context.Context, key string) error {
	c := s3.NewFromConfig(aws.Config{})
	_, err := c.CopyObject(ctx, &s3.CopyObjectInput{
		Bucket:     aws.String("published-bucket"),
		CopySource: aws.String("drafts-bucket/some%20key"),
		Key:        aws.String(key),
	})
	if err != nil {
		return err
	}
	_, err = c.DeleteObjects(ctx, &s3.DeleteObjectsInput{
		Bucket: aws.String("drafts-bucket"),
		Delete: &types.Delete{Objects: []types.ObjectIdentifier{{Key: aws.String(key)}}},
	})
	return err
}

func main() {}
