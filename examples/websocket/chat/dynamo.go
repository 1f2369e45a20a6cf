package main

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// DynamoStorage is Storage on the ChaliceChat table of resources.json: PK
// and SK string keys, and a ReverseLookup index keyed SK, PK.
type DynamoStorage struct {
	client *dynamodb.Client
	table  string
}

// NewDynamoStorage uses table with the default AWS configuration.
func NewDynamoStorage(ctx context.Context, table string) (*DynamoStorage, error) {
	if table == "" {
		return nil, errors.New("the TABLE environment variable is not set")
	}
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return nil, err
	}
	return &DynamoStorage{client: dynamodb.NewFromConfig(cfg), table: table}, nil
}

func str(s string) types.AttributeValue { return &types.AttributeValueMemberS{Value: s} }

func key(pk, sk string) map[string]types.AttributeValue {
	return map[string]types.AttributeValue{"PK": str(pk), "SK": str(sk)}
}

func stringAttr(item map[string]types.AttributeValue, name string) string {
	if v, ok := item[name].(*types.AttributeValueMemberS); ok {
		return v.Value
	}
	return ""
}

func (d *DynamoStorage) put(ctx context.Context, pk, sk string) error {
	_, err := d.client.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(d.table), Item: key(pk, sk)})
	return err
}

func (d *DynamoStorage) delete(ctx context.Context, pk, sk string) error {
	_, err := d.client.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: aws.String(d.table), Key: key(pk, sk)})
	return err
}

// query returns every item whose keyAttr equals value, from the table or
// an index, following pages.
func (d *DynamoStorage) query(ctx context.Context, index, keyAttr, value string) ([]map[string]types.AttributeValue, error) {
	in := &dynamodb.QueryInput{
		TableName:                 aws.String(d.table),
		KeyConditionExpression:    aws.String("#k = :v"),
		ExpressionAttributeNames:  map[string]string{"#k": keyAttr},
		ExpressionAttributeValues: map[string]types.AttributeValue{":v": str(value)},
	}
	if index != "" {
		in.IndexName = aws.String(index)
	}
	var items []map[string]types.AttributeValue
	p := dynamodb.NewQueryPaginator(d.client, in)
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		items = append(items, out.Items...)
	}
	return items, nil
}

func (d *DynamoStorage) CreateConnection(ctx context.Context, connectionID string) error {
	return d.put(ctx, connectionID, "username_")
}

func (d *DynamoStorage) SetUsername(ctx context.Context, connectionID, oldName, username string) error {
	if err := d.delete(ctx, connectionID, "username_"+oldName); err != nil {
		return err
	}
	return d.put(ctx, connectionID, "username_"+username)
}

func (d *DynamoStorage) ListRooms(ctx context.Context) ([]string, error) {
	var rooms []string
	p := dynamodb.NewScanPaginator(d.client, &dynamodb.ScanInput{TableName: aws.String(d.table)})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, item := range out.Items {
			if room, ok := strings.CutPrefix(stringAttr(item, "SK"), "room_"); ok {
				rooms = append(rooms, room)
			}
		}
	}
	slices.Sort(rooms)
	return slices.Compact(rooms), nil
}

func (d *DynamoStorage) SetRoom(ctx context.Context, connectionID, room string) error {
	return d.put(ctx, connectionID, "room_"+room)
}

func (d *DynamoStorage) RemoveRoom(ctx context.Context, connectionID, room string) error {
	return d.delete(ctx, connectionID, "room_"+room)
}

func (d *DynamoStorage) ConnectionIDsByRoom(ctx context.Context, room string) ([]string, error) {
	items, err := d.query(ctx, "ReverseLookup", "SK", "room_"+room)
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(items))
	for _, item := range items {
		ids = append(ids, stringAttr(item, "PK"))
	}
	slices.Sort(ids)
	return ids, nil
}

func (d *DynamoStorage) DeleteConnection(ctx context.Context, connectionID string) error {
	items, err := d.query(ctx, "", "PK", connectionID)
	if err != nil {
		return err
	}
	for _, item := range items {
		if err := d.delete(ctx, connectionID, stringAttr(item, "SK")); err != nil {
			return err
		}
	}
	return nil
}

func (d *DynamoStorage) RecordByConnection(ctx context.Context, connectionID string) (map[string]string, error) {
	items, err := d.query(ctx, "", "PK", connectionID)
	if err != nil {
		return nil, err
	}
	rec := map[string]string{}
	for _, item := range items {
		if k, v, ok := strings.Cut(stringAttr(item, "SK"), "_"); ok {
			rec[k] = v
		}
	}
	return rec, nil
}
