package main

import (
	"context"
	"reflect"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/chalice-go/chalice/internal/mototest"
)

// testStorage checks a Storage against the behaviour the chat relies on.
func testStorage(t *testing.T, st Storage) {
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(st.CreateConnection(ctx, "c1"))
	must(st.CreateConnection(ctx, "c2"))
	rec, err := st.RecordByConnection(ctx, "c1")
	must(err)
	if !reflect.DeepEqual(rec, map[string]string{"username": ""}) {
		t.Errorf("new record = %v", rec)
	}
	must(st.SetUsername(ctx, "c1", "", "John"))
	must(st.SetUsername(ctx, "c2", "", "Jenny"))
	must(st.SetRoom(ctx, "c2", "chalice"))
	must(st.SetRoom(ctx, "c1", "chalice"))
	must(st.SetRoom(ctx, "c1", "go"))
	rooms, err := st.ListRooms(ctx)
	must(err)
	if !reflect.DeepEqual(rooms, []string{"chalice", "go"}) {
		t.Errorf("rooms = %v", rooms)
	}
	ids, err := st.ConnectionIDsByRoom(ctx, "chalice")
	must(err)
	if !reflect.DeepEqual(ids, []string{"c1", "c2"}) {
		t.Errorf("chalice = %v", ids)
	}
	must(st.RemoveRoom(ctx, "c1", "go"))
	must(st.SetUsername(ctx, "c2", "Jenny", "JennyJones"))
	rec, err = st.RecordByConnection(ctx, "c2")
	must(err)
	if !reflect.DeepEqual(rec, map[string]string{"username": "JennyJones", "room": "chalice"}) {
		t.Errorf("c2 = %v", rec)
	}
	must(st.DeleteConnection(ctx, "c2"))
	rec, err = st.RecordByConnection(ctx, "c2")
	must(err)
	if len(rec) != 0 {
		t.Errorf("deleted c2 = %v", rec)
	}
	ids, err = st.ConnectionIDsByRoom(ctx, "chalice")
	must(err)
	if !reflect.DeepEqual(ids, []string{"c1"}) {
		t.Errorf("chalice after delete = %v", ids)
	}
	rooms, err = st.ListRooms(ctx)
	must(err)
	if !reflect.DeepEqual(rooms, []string{"chalice"}) {
		t.Errorf("rooms after delete = %v", rooms)
	}
}

func TestMemoryStorage(t *testing.T) { testStorage(t, NewMemoryStorage()) }

// TestDynamoStorage runs the same checks on the DynamoDB implementation,
// against a moto server on loopback with the tutorial's table.
func TestDynamoStorage(t *testing.T) {
	if testing.Short() {
		t.Skip("moto test skipped in -short mode")
	}
	endpoint := mototest.Start(t)
	mototest.Env(t, endpoint)
	ctx := context.Background()
	st, err := NewDynamoStorage(ctx, "ChaliceChat")
	if err != nil {
		t.Fatal(err)
	}
	key := func(name string, kt types.KeyType) types.KeySchemaElement {
		return types.KeySchemaElement{AttributeName: aws.String(name), KeyType: kt}
	}
	throughput := &types.ProvisionedThroughput{ReadCapacityUnits: aws.Int64(1), WriteCapacityUnits: aws.Int64(1)}
	_, err = st.client.CreateTable(ctx, &dynamodb.CreateTableInput{
		TableName: aws.String("ChaliceChat"),
		AttributeDefinitions: []types.AttributeDefinition{
			{AttributeName: aws.String("PK"), AttributeType: types.ScalarAttributeTypeS},
			{AttributeName: aws.String("SK"), AttributeType: types.ScalarAttributeTypeS},
		},
		KeySchema: []types.KeySchemaElement{key("PK", types.KeyTypeHash), key("SK", types.KeyTypeRange)},
		GlobalSecondaryIndexes: []types.GlobalSecondaryIndex{{
			IndexName:             aws.String("ReverseLookup"),
			KeySchema:             []types.KeySchemaElement{key("SK", types.KeyTypeHash), key("PK", types.KeyTypeRange)},
			Projection:            &types.Projection{ProjectionType: types.ProjectionTypeAll},
			ProvisionedThroughput: throughput,
		}},
		ProvisionedThroughput: throughput,
	})
	if err != nil {
		t.Fatal(err)
	}
	testStorage(t, st)
}
