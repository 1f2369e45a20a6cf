// An interface value whose concrete type the analysis cannot see: it
// comes back out of sync.Map, which has no body in the analysis.
package main

import (
	"context"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

type Purger interface {
	PurgeQueue(ctx context.Context, in *sqs.PurgeQueueInput, optFns ...func(*sqs.Options)) (*sqs.PurgeQueueOutput, error)
}

type Named interface{ Name() string }

var registry sync.Map

func init() { registry.Store("q", sqs.NewFromConfig(aws.Config{})) }

func Purge(ctx context.Context) error {
	v, _ := registry.Load("q")
	if n, ok := v.(Named); ok {
		_ = n.Name()
	}
	_, err := v.(Purger).PurgeQueue(ctx, &sqs.PurgeQueueInput{QueueUrl: aws.String("https://sqs.us-east-1.amazonaws.com/123456789012/dlq")})
	return err
}

func main() {}
