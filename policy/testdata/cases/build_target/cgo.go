//go:build cgo

package main

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

func init() {
	queues.DeleteQueue(context.Background(), &sqs.DeleteQueueInput{QueueUrl: aws.String("cgo")})
}
