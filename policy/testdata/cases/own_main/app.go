// An app with its own main: it wires the store and a notifier before
// runtime.Start(chaliceApp()), so main runs in every function up to that
// call; the code after it never runs.
package main

import (
	"context"
	"log"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sns"

	"github.com/chalice-go/chalice/runtime"
)

type Store interface {
	Save(ctx context.Context, id string) error
}

type ddbStore struct{ c *dynamodb.Client }

func (s ddbStore) Save(ctx context.Context, id string) error {
	_, err := s.c.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("items")})
	return err
}

var (
	store  Store
	notify func(ctx context.Context, msg string) error
)

//chalice:route /items/{id} methods=PUT
func PutItem(ctx context.Context, id string) (string, error) {
	return id, store.Save(ctx, id)
}

//chalice:on_s3_event bucket=uploads
func OnUpload(ctx context.Context) error {
	return notify(ctx, "uploaded")
}

func main() {
	cfg := aws.Config{}
	if _, err := s3.NewFromConfig(cfg).HeadBucket(context.Background(), &s3.HeadBucketInput{Bucket: aws.String("uploads")}); err != nil {
		log.Fatal(err)
	}
	store = ddbStore{c: dynamodb.NewFromConfig(cfg)}
	topics := sns.NewFromConfig(cfg)
	notify = func(ctx context.Context, msg string) error {
		_, err := topics.Publish(ctx, &sns.PublishInput{Message: aws.String(msg), TopicArn: aws.String("arn:aws:sns:eu-west-1:123456789012:uploads")})
		return err
	}
	runtime.Start(chaliceApp())
	// Never runs: Start serves until the process ends.
	s3.NewFromConfig(cfg).DeleteBucket(context.Background(), &s3.DeleteBucketInput{Bucket: aws.String("uploads")})
}
