// Command sns is the spec's SNS example (chalice-sns-demo): a Lambda
// function subscribed to the my-demo-topic SNS topic.
//
//chalice:app debug
package main

//go:generate go tool chalicegen

import (
	"context"
	"fmt"

	"github.com/chalice-go/chalice"
)

//chalice:on_sns_message topic=my-demo-topic name=handle_sns_message
func handleSNSMessage(ctx context.Context, event chalice.SNSEvent) error {
	chalice.Logger(ctx).Debug(fmt.Sprintf("Received message with subject: %s, message: %s", event.Subject, event.Message))
	return nil
}
