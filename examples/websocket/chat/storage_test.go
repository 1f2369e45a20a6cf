package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os/exec"
	"reflect"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
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
	endpoint := startMoto(t)
	dir := t.TempDir()
	for k, v := range map[string]string{
		"AWS_ENDPOINT_URL": endpoint, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
		"AWS_SESSION_TOKEN": "", "AWS_REGION": "us-east-1", "AWS_PROFILE": "",
		"AWS_CONFIG_FILE": dir + "/config", "AWS_SHARED_CREDENTIALS_FILE": dir + "/credentials",
		"AWS_EC2_METADATA_DISABLED": "true",
	} {
		t.Setenv(k, v)
	}
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

// startMoto runs a moto server on a free loopback port, or skips when
// python3 or moto is missing.
func startMoto(t *testing.T) string {
	t.Helper()
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not found: skipping the moto test")
	}
	if err := exec.Command(py, "-c", "import moto.server").Run(); err != nil {
		t.Skip("moto is not installed (pip install 'moto[server]'): skipping the moto test")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	cmd := exec.Command(py, "-m", "moto.server", "-H", "127.0.0.1", "-p", fmt.Sprint(port))
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get(base + "/moto-api/")
		if err == nil {
			resp.Body.Close()
			return base
		}
		if time.Now().After(deadline) {
			t.Fatalf("moto server did not start on %s: %v", base, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
