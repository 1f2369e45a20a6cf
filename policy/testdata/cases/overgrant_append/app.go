// Appending a value to a slice in init does not call its methods: only the
// function that ranges over the hooks runs them.
package main

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

type Hook interface {
	Run(ctx context.Context) error
}

type counterHook struct{ db *dynamodb.Client }

func (h counterHook) Run(ctx context.Context) error {
	_, err := h.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName: aws.String("counters"),
		Key:       map[string]types.AttributeValue{"id": &types.AttributeValueMemberS{Value: "runs"}},
	})
	return err
}

var hookList []Hook

func init() {
	hookList = append(hookList, counterHook{db: dynamodb.NewFromConfig(aws.Config{})})
	names := make([]Hook, 0, 1)
	copy(names, hookList)
	_ = len(hookList)
}

func Index(ctx context.Context) (string, error) { return "ok", nil }

func Work(ctx context.Context) error {
	for _, h := range hookList {
		if err := h.Run(ctx); err != nil {
			return err
		}
	}
	return nil
}

func main() {}
