// Values that pass through channels and sync.Map still reach their calls.
package main

import (
	"context"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/s3"
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

// Received jobs run in goroutines, captured by a closure or passed on.
func Workers(ctx context.Context) error {
	jobs := make(chan job, 2)
	k := kinesisLike{c: sqs.NewFromConfig(cfg)}
	jobs <- k.tag
	jobs <- k.untag
	close(jobs)
	var wg sync.WaitGroup
	for j := range jobs {
		wg.Add(2)
		go func() { defer wg.Done(); j(ctx) }()
		go run(ctx, j, &wg)
	}
	wg.Wait()
	return nil
}

func run(ctx context.Context, j job, wg *sync.WaitGroup) {
	defer wg.Done()
	j(ctx)
}

type kinesisLike struct{ c *sqs.Client }

func (k kinesisLike) tag(ctx context.Context) error {
	_, err := k.c.TagQueue(ctx, &sqs.TagQueueInput{QueueUrl: aws.String("https://sqs.us-east-1.amazonaws.com/123456789012/tagged")})
	return err
}

func (k kinesisLike) untag(ctx context.Context) error {
	_, err := k.c.UntagQueue(ctx, &sqs.UntagQueueInput{QueueUrl: aws.String("https://sqs.us-east-1.amazonaws.com/123456789012/tagged")})
	return err
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

// A func value returned by code without a body (context's cancel) is not
// a lost app value: it must not resolve to the app's func() closures.
var cleanup = func() {
	s3.NewFromConfig(cfg).DeleteBucket(context.Background(), &s3.DeleteBucketInput{Bucket: aws.String("scratch")})
}

func Timeout(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	_ = ctx
	return nil
}

func Cleanup(ctx context.Context) error {
	cleanup()
	return nil
}

func main() {}
