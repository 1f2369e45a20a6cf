// Package orders is a blueprint: order intake over SQS.
package orders

import (
	"context"
	"encoding/json"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/chalice-go/chalice"
)

const queueURL = "https://sqs.us-east-1.amazonaws.com/123456789012/orders"

var (
	queue *sqs.Client
	db    *dynamodb.Client
)

func init() {
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		panic(err)
	}
	queue = sqs.NewFromConfig(cfg)
	db = dynamodb.NewFromConfig(cfg)
}

type Order struct {
	ID    string `json:"id"`
	Items int    `json:"items"`
}

// Submit queues an order.
func Submit(ctx context.Context, order Order) error {
	b, _ := json.Marshal(order)
	_, err := queue.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: aws.String(queueURL), MessageBody: aws.String(string(b))})
	return err
}

// Process stores queued orders.
func Process(ctx context.Context, ev chalice.SQSEvent) error {
	for _, r := range ev.Records {
		var o Order
		if err := json.Unmarshal([]byte(r.Body), &o); err != nil {
			return err
		}
		if _, err := db.PutItem(ctx, &dynamodb.PutItemInput{
			TableName: aws.String("orders"),
			Item:      map[string]types.AttributeValue{"id": &types.AttributeValueMemberS{Value: o.ID}},
		}); err != nil {
			return err
		}
	}
	return nil
}
