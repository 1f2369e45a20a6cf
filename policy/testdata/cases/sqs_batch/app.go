// SQS and SNS batch operations need the single-message actions.
package main

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

const url = "https://sqs.ap-southeast-2.amazonaws.com/444455556666/batch"

func Consume(ctx context.Context) error {
	q := sqs.NewFromConfig(aws.Config{})
	q.SendMessageBatch(ctx, &sqs.SendMessageBatchInput{QueueUrl: aws.String(url)})
	q.DeleteMessageBatch(ctx, &sqs.DeleteMessageBatchInput{QueueUrl: aws.String(url)})
	sns.NewFromConfig(aws.Config{}).PublishBatch(ctx, &sns.PublishBatchInput{TopicArn: aws.String("arn:aws:sns:ap-southeast-2:444455556666:done")})
	return nil
}

func main() {}
