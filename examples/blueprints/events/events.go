// Package events is a blueprint of event handlers: registered with
// name_prefix=bp_, its functions deploy as bp_Cron and bp_HandleSNSMessage.
package events

import (
	"context"
	"sync/atomic"

	"github.com/chalice-go/chalice"
)

// Ticks counts schedule invocations (for the example's test).
var Ticks atomic.Int64

//chalice:schedule rate(5 minutes)
func Cron(ctx context.Context, e chalice.CloudWatchEvent) error {
	Ticks.Add(1)
	return nil
}

// LastMessage is the last SNS message received.
var LastMessage atomic.Value

//chalice:on_sns_message topic=MyTopic
func HandleSNSMessage(ctx context.Context, e chalice.SNSEvent) error {
	LastMessage.Store(e.Subject + ": " + e.Message)
	return nil
}
