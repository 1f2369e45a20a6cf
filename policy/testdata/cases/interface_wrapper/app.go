// The client hides behind a user interface with the SDK's method shape.
package main

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

type Sender interface {
	SendMessage(ctx context.Context, in *sqs.SendMessageInput, optFns ...func(*sqs.Options)) (*sqs.SendMessageOutput, error)
}

type Service struct{ q Sender }

var svc = Service{q: sqs.NewFromConfig(aws.Config{})}

func (s Service) Enqueue(ctx context.Context, url, body string) error {
	_, err := s.q.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: aws.String(url), MessageBody: aws.String(body)})
	return err
}

func Handle(ctx context.Context, body string) error {
	return svc.Enqueue(ctx, "https://sqs.us-east-1.amazonaws.com/123456789012/jobs", body)
}

func main() {}
