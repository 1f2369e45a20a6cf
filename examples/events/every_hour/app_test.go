package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/chalice-go/chalice"
	"github.com/chalice-go/chalice/chalicetest"
)

func capture(t *testing.T) *bytes.Buffer {
	var buf bytes.Buffer
	old := out
	out = &buf
	t.Cleanup(func() { out = old })
	return &buf
}

func TestEveryHourPrintsTheEvent(t *testing.T) {
	buf := capture(t)
	c := chalicetest.New(chaliceApp())
	payload := chalicetest.ScheduleEvent("every-hour-dev-every_hour")
	res, err := c.Invoke(t, "every_hour", payload)
	if err != nil {
		t.Fatal(err)
	}
	if string(res) != "null" {
		t.Errorf("result = %s", res)
	}
	// The handler printed the original event, unchanged.
	var printed, sent map[string]any
	if err := json.Unmarshal(buf.Bytes(), &printed); err != nil {
		t.Fatalf("printed %q: %v", buf.String(), err)
	}
	_ = json.Unmarshal(payload, &sent)
	if printed["detail-type"] != "Scheduled Event" || printed["source"] != "aws.events" ||
		printed["id"] != sent["id"] || len(printed) != len(sent) {
		t.Errorf("printed %v, sent %v", printed, sent)
	}
}

func TestEveryTwoHours(t *testing.T) {
	buf := capture(t)
	c := chalicetest.New(chaliceApp())
	if _, err := c.Invoke(t, "every_two_hours", chalicetest.ScheduleEvent()); err != nil {
		t.Fatal(err)
	}
	if got := buf.String(); got != "Scheduled Event from aws.events at 2024-01-02T03:04:05Z\n" {
		t.Errorf("printed %q", got)
	}
}

func TestWeekdayMornings(t *testing.T) {
	buf := capture(t)
	c := chalicetest.New(chaliceApp())
	if _, err := c.Invoke(t, "weekday_mornings", chalicetest.ScheduleEvent("every-hour-dev-weekday_mornings")); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "rule/every-hour-dev-weekday_mornings") {
		t.Errorf("printed %q", buf.String())
	}
}

// The expressions in the directives are the ones Rate and Cron build, and
// they validate as the analyzer checks them.
func TestScheduleExpressions(t *testing.T) {
	for expr, want := range map[string]string{
		chalice.Rate(1, chalice.Hours):                   "rate(1 hour)",
		chalice.Rate(2, chalice.Hours):                   "rate(2 hours)",
		chalice.Cron("0", "8", "?", "*", "MON-FRI", "*"): "cron(0 8 ? * MON-FRI *)",
	} {
		if expr != want {
			t.Errorf("got %q, want %q", expr, want)
		}
		if err := chalice.ValidateSchedule(expr); err != nil {
			t.Error(err)
		}
	}
}
