//go:build !linux

package main

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

func init() {
	queues.TagQueue(context.Background(), &sqs.TagQueueInput{QueueUrl: aws.String("darwin")})
}
