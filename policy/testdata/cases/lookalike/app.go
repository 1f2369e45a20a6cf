// Types that look like SDK clients but are not.
package main

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	fakes3 "github.com/chalice-go/chalice/policy/testdata/cases/lookalike/s3"
)

// Client is a user type named like the SDK's, with the same method shape.
type Client struct{}

func (c *Client) PutObject(ctx context.Context, in *s3.PutObjectInput, optFns ...func(*s3.Options)) (*s3.PutObjectOutput, error) {
	return &s3.PutObjectOutput{}, nil
}

// Wrapper has an SDK-named method with another shape.
type Wrapper struct{ c *s3.Client }

func (w Wrapper) GetObject(ctx context.Context, key string) error { return nil }

func Fake(ctx context.Context) error {
	(&Client{}).PutObject(ctx, &s3.PutObjectInput{})
	fakes3.New().PutObject(ctx, &fakes3.PutObjectInput{})
	Wrapper{}.GetObject(ctx, "k")
	// Methods of the real client that are not operations.
	real := s3.NewFromConfig(aws.Config{})
	_ = real.Options()
	return nil
}

func main() {}
