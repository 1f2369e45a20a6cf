// Package storage wraps S3 behind an interface of its own.
package storage

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

type Store interface {
	Put(ctx context.Context, key string) error
	Get(ctx context.Context, key string) error
}

const Bucket = "helper-bucket"

type s3Store struct{ c *s3.Client }

func New() Store { return &s3Store{c: s3.NewFromConfig(aws.Config{})} }

func (s *s3Store) Put(ctx context.Context, key string) error {
	_, err := s.c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(Bucket), Key: aws.String(key)})
	return err
}

func (s *s3Store) Get(ctx context.Context, key string) error {
	_, err := s.c.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(Bucket), Key: aws.String(key)})
	return err
}
