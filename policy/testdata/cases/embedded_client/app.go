// The client embedded in a user struct; promoted methods.
package main

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

type Bucket struct {
	*s3.Client
	name string
}

type Getter interface {
	GetBucketTagging(context.Context, *s3.GetBucketTaggingInput, ...func(*s3.Options)) (*s3.GetBucketTaggingOutput, error)
}

func Tags(ctx context.Context) error {
	b := Bucket{Client: s3.NewFromConfig(aws.Config{}), name: "x"}
	b.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: aws.String("policy-bucket")})
	var g Getter = b
	_, err := g.GetBucketTagging(ctx, &s3.GetBucketTaggingInput{Bucket: aws.String("tagged-bucket")})
	return err
}

func main() {}
