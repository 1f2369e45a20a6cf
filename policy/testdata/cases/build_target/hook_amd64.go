package main

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

func hook(ctx context.Context) error {
	_, err := queues.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: aws.String("https://sqs.eu-west-1.amazonaws.com/123456789012/amd")})
	return err
}
