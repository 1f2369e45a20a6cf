// Generic helpers and generic types around clients.
package main

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

type Repo[T any] struct {
	db    *dynamodb.Client
	table string
}

func (r *Repo[T]) Save(ctx context.Context, v T) error {
	_, err := r.db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(r.table)})
	return err
}

func retry[T any](n int, f func() (T, error)) (T, error) {
	var v T
	var err error
	for i := 0; i < n; i++ {
		if v, err = f(); err == nil {
			return v, nil
		}
	}
	return v, err
}

type user struct{ ID string }

func Save(ctx context.Context) error {
	r := &Repo[user]{db: dynamodb.NewFromConfig(aws.Config{}), table: "users"}
	if err := r.Save(ctx, user{ID: "1"}); err != nil {
		return err
	}
	q := sqs.NewFromConfig(aws.Config{})
	_, err := retry(3, func() (*sqs.GetQueueAttributesOutput, error) {
		return q.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: aws.String("https://sqs.us-west-2.amazonaws.com/123456789012/users")})
	})
	return err
}

func main() {}
