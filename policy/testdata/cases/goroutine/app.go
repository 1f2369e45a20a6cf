// Calls made in goroutines and deferred calls.
package main

import (
	"context"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

var q = sqs.NewFromConfig(aws.Config{})

const queueURL = "https://sqs.eu-west-1.amazonaws.com/111122223333/work"

func send(ctx context.Context, body string, wg *sync.WaitGroup) {
	defer wg.Done()
	q.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: aws.String(queueURL), MessageBody: aws.String(body)})
}

func Fanout(ctx context.Context, bodies []string) error {
	var wg sync.WaitGroup
	for _, b := range bodies {
		wg.Add(1)
		go send(ctx, b, &wg)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		q.ChangeMessageVisibilityBatch(ctx, &sqs.ChangeMessageVisibilityBatchInput{
			QueueUrl: aws.String(queueURL),
			Entries:  []types.ChangeMessageVisibilityBatchRequestEntry{},
		})
	}()
	defer q.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: aws.String(queueURL)})
	wg.Wait()
	<-done
	return nil
}

func main() {}
