package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"testing"

	"github.com/chalice-go/chalice"
	"github.com/chalice-go/chalice/chalicetest"
)

func captureLog(t *testing.T) *bytes.Buffer {
	var buf bytes.Buffer
	chalice.ConfigureLogger("chalice-sqs-demo", &buf)
	t.Cleanup(func() { chalice.ConfigureLogger("chalice-sqs-demo", os.Stdout) })
	return &buf
}

func TestHandleSQSMessage(t *testing.T) {
	logs := captureLog(t)
	c := chalicetest.New(chaliceApp())
	res, err := c.Invoke(t, "handle_sqs_message", chalicetest.SQSEvent("my-queue", "hello"))
	if err != nil || string(res) != "null" {
		t.Fatalf("invoke: %s, %v", res, err)
	}
	if want := "chalice-sqs-demo - DEBUG - Received message with contents: hello\n"; logs.String() != want {
		t.Errorf("logs %q, want %q", logs.String(), want)
	}
}

type batchResponse struct {
	BatchItemFailures []struct {
		ItemIdentifier string `json:"itemIdentifier"`
	} `json:"batchItemFailures"`
}

func failedIDs(t *testing.T, res []byte) []string {
	t.Helper()
	var r batchResponse
	if err := json.Unmarshal(res, &r); err != nil {
		t.Fatalf("response %s: %v", res, err)
	}
	ids := []string{}
	for _, f := range r.BatchItemFailures {
		ids = append(ids, f.ItemIdentifier)
	}
	return ids
}

func TestProcessOrdersReportsOnlyFailedMessages(t *testing.T) {
	captureLog(t)
	c := chalicetest.New(chaliceApp())
	payload := chalicetest.SQSEvent("orders",
		`{"id":"o-1","quantity":2}`, // fine
		`not json`,                  // not an order
		`{"id":"o-3","quantity":0}`, // rejected by fulfil
		`{"id":"o-4","quantity":1}`, // fine
	)
	res, err := c.Invoke(t, "process_orders", payload)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{chalicetest.SQSMessageID(1), chalicetest.SQSMessageID(2)}
	if got := failedIDs(t, res); !reflect.DeepEqual(got, want) {
		t.Errorf("failed %q, want %q", got, want)
	}

	res, err = c.Invoke(t, "process_orders", chalicetest.SQSEvent("orders", `{"id":"o-5","quantity":1}`))
	if err != nil || len(failedIDs(t, res)) != 0 {
		t.Errorf("all good: %s, %v", res, err)
	}
}

func TestFulfilOutageFailsOnlyItsMessages(t *testing.T) {
	captureLog(t)
	old := fulfil
	fulfil = func(ctx context.Context, o Order) error {
		if o.ID == "o-2" {
			return errors.New("warehouse unavailable")
		}
		return nil
	}
	t.Cleanup(func() { fulfil = old })
	c := chalicetest.New(chaliceApp())
	res, err := c.Invoke(t, "process_orders", chalicetest.SQSEvent("orders", `{"id":"o-1","quantity":1}`, `{"id":"o-2","quantity":1}`))
	if err != nil {
		t.Fatal(err)
	}
	if got := failedIDs(t, res); !reflect.DeepEqual(got, []string{chalicetest.SQSMessageID(1)}) {
		t.Errorf("failed %q", got)
	}
}
