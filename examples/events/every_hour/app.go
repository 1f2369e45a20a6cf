// Command every_hour is the spec's scheduled events example: each schedule
// handler becomes its own Lambda function, invoked by an EventBridge rule at
// the given rate or cron expression.
package main

//go:generate go tool chalicegen

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/chalice-go/chalice"
)

// out is where the handlers print (stdout, so CloudWatch Logs, in Lambda).
var out io.Writer = os.Stdout

// everyHour prints the event it was invoked with, as the spec's
// print(event.to_dict()).
//
//chalice:schedule rate(1 hour) name=every_hour
func everyHour(ctx context.Context, event chalice.CloudWatchEvent) error {
	b, err := json.Marshal(event.ToMap())
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(out, string(b))
	return err
}

// everyTwoHours is a second function with its own rule.
//
//chalice:schedule rate(2 hours) name=every_two_hours
func everyTwoHours(ctx context.Context, event chalice.CloudWatchEvent) error {
	_, err := fmt.Fprintf(out, "%s from %s at %s\n", event.DetailType, event.Source, event.Time)
	return err
}

// weekdayMornings runs at 08:00 UTC Monday to Friday under its own name.
//
//chalice:schedule cron(0 8 ? * MON-FRI *) name=weekday_mornings
func weekdayMornings(ctx context.Context, event chalice.CloudWatchEvent) error {
	for _, rule := range event.Resources {
		fmt.Fprintln(out, "triggered by", rule)
	}
	return nil
}
