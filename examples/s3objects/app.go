// Command s3objects is the policy generation tutorial: objects are stored
// in S3, and `chalicegen gen-policy` infers s3:GetObject and s3:PutObject on
// the bucket from the calls below.
package main

//go:generate go tool chalicegen

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/chalice-go/chalice"
)

const bucket = "chalice-go-objects"

var (
	clientOnce sync.Once
	client     *s3.Client
	clientErr  error
)

// s3Client is created on first use so tests can point AWS_ENDPOINT_URL at a
// local server first.
func s3Client(ctx context.Context) (*s3.Client, error) {
	clientOnce.Do(func() {
		cfg, err := config.LoadDefaultConfig(ctx)
		if err != nil {
			clientErr = err
			return
		}
		client = s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true })
	})
	return client, clientErr
}

//chalice:route GET,PUT /objects/{key}
func s3objects(ctx context.Context, key string, req *chalice.Request) (any, error) {
	c, err := s3Client(ctx)
	if err != nil {
		return nil, err
	}
	if req.Method == "PUT" {
		body, err := req.JSONBody()
		if err != nil {
			return nil, err
		}
		data, err := json.Marshal(body)
		if err != nil {
			return nil, err
		}
		_, err = c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(key), Body: bytes.NewReader(data)})
		return nil, err
	}
	out, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	var nsk *types.NoSuchKey
	if errors.As(err, &nsk) {
		return nil, chalice.NotFoundError(key)
	}
	if err != nil {
		return nil, err
	}
	defer out.Body.Close()
	data, err := io.ReadAll(out.Body)
	if err != nil {
		return nil, err
	}
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		return nil, err
	}
	return v, nil
}
