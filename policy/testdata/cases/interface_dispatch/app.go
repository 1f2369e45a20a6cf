// Two implementations of a user interface, each used by one handler only.
package main

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

type Saver interface {
	Save(ctx context.Context, key string) error
}

type s3Saver struct{ c *s3.Client }

func (s s3Saver) Save(ctx context.Context, key string) error {
	_, err := s.c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("archive-bucket"), Key: aws.String(key)})
	return err
}

type dynamoSaver struct{ c *dynamodb.Client }

func (d *dynamoSaver) Save(ctx context.Context, key string) error {
	_, err := d.c.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("keys")})
	return err
}

func Archive(ctx context.Context, key string) error {
	var s Saver = s3Saver{c: s3.NewFromConfig(aws.Config{})}
	return s.Save(ctx, key)
}

func Index(ctx context.Context, key string) error {
	var s Saver = &dynamoSaver{c: dynamodb.NewFromConfig(aws.Config{})}
	return s.Save(ctx, key)
}

func main() {}
