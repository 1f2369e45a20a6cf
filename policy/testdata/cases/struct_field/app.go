// The client sits in a struct field; handlers call methods of the struct.
package main

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

type Store struct {
	db    *dynamodb.Client
	table string
}

var store = &Store{db: dynamodb.NewFromConfig(aws.Config{}), table: "users"}

func (s *Store) Put(ctx context.Context, id string) error {
	_, err := s.db.PutItem(ctx, &dynamodb.PutItemInput{
		TableName: aws.String(s.table),
		Item:      map[string]types.AttributeValue{"id": &types.AttributeValueMemberS{Value: id}},
	})
	return err
}

func (s *Store) Delete(ctx context.Context, id string) error {
	_, err := s.db.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: aws.String(s.table)})
	return err
}

func Create(ctx context.Context, id string) error { return store.Put(ctx, id) }

func main() {}
