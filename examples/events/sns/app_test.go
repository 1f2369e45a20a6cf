package main

import (
	"bytes"
	"os"
	"testing"

	"github.com/chalice-go/chalice"
	"github.com/chalice-go/chalice/chalicetest"
)

// The spec publishes two messages and reads them back with chalice logs.
func TestHandleSNSMessageLogs(t *testing.T) {
	var logs bytes.Buffer
	chalice.ConfigureLogger("chalice-sns-demo", &logs)
	t.Cleanup(func() { chalice.ConfigureLogger("chalice-sns-demo", os.Stdout) })

	c := chalicetest.New(chaliceApp()) // a debug app: DEBUG lines are logged
	for _, m := range [][2]string{{"TestSubject1", "TestMessage1"}, {"TestSubject2", "TestMessage2"}} {
		res, err := c.Invoke(t, "handle_sns_message", chalicetest.SNSEvent("my-demo-topic", m[0], m[1]))
		if err != nil || string(res) != "null" {
			t.Fatalf("invoke: %s, %v", res, err)
		}
	}
	want := "chalice-sns-demo - DEBUG - Received message with subject: TestSubject1, message: TestMessage1\n" +
		"chalice-sns-demo - DEBUG - Received message with subject: TestSubject2, message: TestMessage2\n"
	if logs.String() != want {
		t.Errorf("logs:\n%s\nwant:\n%s", logs.String(), want)
	}
}

func TestTopicARNWorksToo(t *testing.T) {
	c := chalicetest.New(chaliceApp())
	if _, err := c.Invoke(t, "handle_sns_message", chalicetest.SNSEvent("arn:aws:sns:eu-west-1:111122223333:other", "s", "m")); err != nil {
		t.Fatal(err)
	}
}
