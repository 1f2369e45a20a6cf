// DynamoDB operations whose IAM actions differ from their names.
package main

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

var db = dynamodb.NewFromConfig(aws.Config{})

func Transfer(ctx context.Context) error {
	_, err := db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
		{Put: &types.Put{TableName: aws.String("accounts")}},
	}})
	if err != nil {
		return err
	}
	_, err = db.TransactGetItems(ctx, &dynamodb.TransactGetItemsInput{})
	if err != nil {
		return err
	}
	_, err = db.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{})
	if err != nil {
		return err
	}
	_, err = db.ExecuteStatement(ctx, &dynamodb.ExecuteStatementInput{Statement: aws.String(`SELECT * FROM "accounts"`)})
	return err
}

func main() {}
