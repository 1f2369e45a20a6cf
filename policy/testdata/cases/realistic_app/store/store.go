// Package store keeps orders in DynamoDB and queues them on SQS, behind
// interfaces the handlers use.
package store

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

const Table = "orders"

type Orders interface {
	Put(ctx context.Context, id string) error
	List(ctx context.Context, customer string) ([]string, error)
}

type Queue interface {
	Send(ctx context.Context, body string) error
}

type DynamoOrders struct{ DB *dynamodb.Client }

func (o DynamoOrders) Put(ctx context.Context, id string) error {
	_, err := o.DB.PutItem(ctx, &dynamodb.PutItemInput{
		TableName: aws.String(Table),
		Item:      map[string]types.AttributeValue{"id": &types.AttributeValueMemberS{Value: id}},
	})
	return err
}

func (o DynamoOrders) List(ctx context.Context, customer string) ([]string, error) {
	p := dynamodb.NewQueryPaginator(o.DB, &dynamodb.QueryInput{
		TableName:              aws.String(Table),
		IndexName:              aws.String("by-customer"),
		KeyConditionExpression: aws.String("customer = :c"),
	})
	var ids []string
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		ids = append(ids, string(rune(len(page.Items))))
	}
	return ids, nil
}

type SQSQueue struct {
	Client *sqs.Client
	URL    string
}

func (q SQSQueue) Send(ctx context.Context, body string) error {
	_, err := q.Client.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: aws.String(q.URL), MessageBody: aws.String(body)})
	return err
}
