// Package s3 imitates the SDK's service package layout in user code.
package s3

import "context"

type Options struct{}
type PutObjectInput struct{ Bucket *string }
type PutObjectOutput struct{}

type Client struct{}

func New() *Client { return &Client{} }

func (c *Client) PutObject(ctx context.Context, in *PutObjectInput, optFns ...func(*Options)) (*PutObjectOutput, error) {
	return &PutObjectOutput{}, nil
}
