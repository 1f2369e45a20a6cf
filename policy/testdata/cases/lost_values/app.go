// Values that pass through channels and sync.Map still reach their calls.
package main

import (
	"context"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

type job func(ctx context.Context) error

var cfg = aws.Config{}

// Range over a channel of closures.
func Ranged(ctx context.Context) error {
	jobs := make(chan job, 1)
	q := sqs.NewFromConfig(cfg)
	jobs <- func(ctx context.Context) error {
		_, err := q.PurgeQueue(ctx, &sqs.PurgeQueueInput{QueueUrl: aws.String("https://sqs.us-east-1.amazonaws.com/123456789012/work")})
		return err
	}
	close(jobs)
	for j := range jobs {
		if err := j(ctx); err != nil {
			return err
		}
	}
	return nil
}

// v, ok := <-ch
func CommaOk(ctx context.Context) error {
	jobs := make(chan job, 1)
	t := sns.NewFromConfig(cfg)
	jobs <- func(ctx context.Context) error {
		_, err := t.ListTopics(ctx, &sns.ListTopicsInput{})
		return err
	}
	if j, ok := <-jobs; ok {
		return j(ctx)
	}
	return nil
}

type saver interface {
	Save(ctx context.Context) error
}

type ddbSaver struct{ c *dynamodb.Client }

func (s ddbSaver) Save(ctx context.Context) error {
	_, err := s.c.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String("saved")})
	return err
}

var registry sync.Map

func init() {
	registry.Store("ddb", ddbSaver{c: dynamodb.NewFromConfig(cfg)})
}

// A type-asserted sync.Map load.
func Registry(ctx context.Context) error {
	v, ok := registry.Load("ddb")
	if !ok {
		return nil
	}
	return v.(saver).Save(ctx)
}

func main() {}
