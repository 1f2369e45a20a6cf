// Calls through function values: a package-level func var, a method
// value, a func passed as a parameter.
package main

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

var topics = sns.NewFromConfig(aws.Config{})
var queues = sqs.NewFromConfig(aws.Config{})

var notify = func(ctx context.Context, msg string) error {
	_, err := topics.Publish(ctx, &sns.PublishInput{Message: aws.String(msg)})
	return err
}

type purger struct{ c *sqs.Client }

func (p purger) purge(ctx context.Context, url string) error {
	_, err := p.c.PurgeQueue(ctx, &sqs.PurgeQueueInput{QueueUrl: aws.String(url)})
	return err
}

func apply(ctx context.Context, f func(context.Context, string) error, arg string) error {
	return f(ctx, arg)
}

func Notify(ctx context.Context) error { return notify(ctx, "hi") }

func Purge(ctx context.Context) error {
	p := purger{c: queues}
	return apply(ctx, p.purge, "u")
}

func main() {}
