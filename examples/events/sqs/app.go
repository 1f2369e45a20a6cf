// Command sqs is the spec's SQS example (chalice-sqs-demo), plus a consumer
// that reports failures message by message.
//
//chalice:app debug
package main

//go:generate go tool chalicegen

import (
	"context"
	"errors"
	"fmt"

	"github.com/chalice-go/chalice"
)

// handleSQSMessage gets batches of one message from my-queue. Returning
// nil deletes the batch; an error leaves it on the queue, to be received
// again after the visibility timeout.
//
//chalice:on_sqs_message queue=my-queue batch_size=1 name=handle_sqs_message
func handleSQSMessage(ctx context.Context, event chalice.SQSEvent) error {
	for _, record := range event.Records {
		chalice.Logger(ctx).Debug(fmt.Sprintf("Received message with contents: %s", record.Body))
	}
	return nil
}

// Order is the JSON body of a message on the orders queue.
type Order struct {
	ID       string `json:"id"`
	Quantity int    `json:"quantity"`
}

// fulfil is the work done for one order; tests replace it.
var fulfil = func(ctx context.Context, o Order) error {
	if o.Quantity <= 0 {
		return errors.New("quantity must be positive")
	}
	return nil
}

// processOrders gets up to ten orders at a time. Instead of failing the
// whole batch for one bad order, it names the failed messages: only those
// return to the queue (Lambda's ReportBatchItemFailures).
//
//chalice:on_sqs_message queue=orders batch_size=10 name=process_orders
func processOrders(ctx context.Context, event chalice.SQSEvent) (chalice.SQSBatchResult, error) {
	var result chalice.SQSBatchResult
	for _, record := range event.Records {
		var o Order
		if err := record.Decode(&o); err != nil {
			chalice.Logger(ctx).Error(fmt.Sprintf("message %s is not an order: %v", record.MessageID, err))
			result.Fail(record)
			continue
		}
		if err := fulfil(ctx, o); err != nil {
			chalice.Logger(ctx).Error(fmt.Sprintf("order %s: %v", o.ID, err))
			result.Fail(record)
		}
	}
	return result, nil
}
