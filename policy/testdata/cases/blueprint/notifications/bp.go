// Package notifications is a blueprint.
package notifications

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

var topic = sns.NewFromConfig(aws.Config{})

const topicARN = "arn:aws:sns:us-east-1:123456789012:alerts"

func Alert(ctx context.Context, msg string) error {
	_, err := topic.Publish(ctx, &sns.PublishInput{TopicArn: aws.String(topicARN), Message: aws.String(msg)})
	return err
}

func Drain(ctx context.Context) error {
	q := sqs.NewFromConfig(aws.Config{})
	_, err := q.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: aws.String("https://sqs.us-east-1.amazonaws.com/123456789012/alerts")})
	return err
}
