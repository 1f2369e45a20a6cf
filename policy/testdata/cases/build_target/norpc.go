//go:build lambda.norpc

package main

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

func init() {
	queues.GetQueueUrl(context.Background(), &sqs.GetQueueUrlInput{QueueName: aws.String("norpc")})
}
