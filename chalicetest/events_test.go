package chalicetest

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"testing"

	lambdaevents "github.com/aws/aws-lambda-go/events"

	"github.com/chalice-go/chalice"
	"github.com/chalice-go/chalice/runtime/events"
)

// The builders' payloads are checked twice: against aws-lambda-go's event
// structs (an independent description of what AWS sends) and through the
// chalice decoders.

func TestScheduleAndCloudWatchEvent(t *testing.T) {
	var ref lambdaevents.CloudWatchEvent
	if err := json.Unmarshal(ScheduleEvent("every_minute"), &ref); err != nil {
		t.Fatal(err)
	}
	if ref.DetailType != "Scheduled Event" || ref.Source != "aws.events" || string(ref.Detail) != "{}" ||
		len(ref.Resources) != 1 || ref.Resources[0] != "arn:aws:events:us-west-2:123456789012:rule/every_minute" {
		t.Errorf("schedule: %+v", ref)
	}
	ev, err := chalice.ParseCloudWatchEvent(CloudWatchEvent("aws.codecommit", "CodeCommit Repository State Change",
		map[string]string{"repositoryName": "repo"}))
	if err != nil {
		t.Fatal(err)
	}
	d, err := chalice.DetailAs[map[string]string](ev)
	if err != nil || d["repositoryName"] != "repo" || ev.Source != "aws.codecommit" || ev.Account != Account {
		t.Errorf("cloudwatch: %+v %v %v", ev, d, err)
	}
	raw, _ := chalice.ParseCloudWatchEvent(CloudWatchEvent("s", "t", json.RawMessage(`[1]`)))
	if string(raw.Detail) != "[1]" {
		t.Errorf("raw detail: %s", raw.Detail)
	}
}

func TestS3EventBuilder(t *testing.T) {
	b := S3Event("mybucket", "photos/a b+c.jpg", "s3:ObjectRemoved:Delete")
	var ref lambdaevents.S3Event
	if err := json.Unmarshal(b, &ref); err != nil {
		t.Fatal(err)
	}
	r := ref.Records[0]
	if r.EventName != "ObjectRemoved:Delete" || r.S3.Bucket.Name != "mybucket" || r.S3.Object.Key != "photos/a+b%2Bc.jpg" ||
		r.S3.Object.URLDecodedKey != "photos/a b+c.jpg" {
		t.Errorf("reference decode: %+v", r)
	}
	evs, err := chalice.ParseS3Event(b)
	if err != nil || len(evs) != 1 || evs[0].Key != "photos/a b+c.jpg" || evs[0].Bucket != "mybucket" {
		t.Errorf("chalice decode: %+v, %v", evs, err)
	}
	evs, _ = chalice.ParseS3Event(S3Event("b", "k"))
	if evs[0].EventName != "ObjectCreated:Put" {
		t.Errorf("default event name: %q", evs[0].EventName)
	}
}

func TestSNSEventBuilder(t *testing.T) {
	b := SNSEvent("my-demo-topic", "TestSubject1", "TestMessage1")
	var ref lambdaevents.SNSEvent
	if err := json.Unmarshal(b, &ref); err != nil {
		t.Fatal(err)
	}
	if s := ref.Records[0].SNS; s.Subject != "TestSubject1" || s.Message != "TestMessage1" ||
		s.TopicArn != "arn:aws:sns:us-west-2:123456789012:my-demo-topic" {
		t.Errorf("reference decode: %+v", s)
	}
	evs, err := chalice.ParseSNSEvent(b)
	if err != nil || evs[0].Subject != "TestSubject1" || evs[0].Message != "TestMessage1" {
		t.Errorf("chalice decode: %+v, %v", evs, err)
	}
}

func TestSQSEventBuilder(t *testing.T) {
	b := SQSEvent("my-queue", "one", `{"n":2}`)
	var ref lambdaevents.SQSEvent
	if err := json.Unmarshal(b, &ref); err != nil {
		t.Fatal(err)
	}
	if len(ref.Records) != 2 || ref.Records[1].Body != `{"n":2}` || ref.Records[0].EventSourceARN != "arn:aws:sqs:us-west-2:123456789012:my-queue" ||
		ref.Records[0].MessageId != SQSMessageID(0) || ref.Records[0].ReceiptHandle == "" {
		t.Errorf("reference decode: %+v", ref)
	}
	ev, err := chalice.ParseSQSEvent(b)
	if err != nil || len(ev.Records) != 2 || ev.Records[0].Body != "one" || ev.Records[1].MessageID != SQSMessageID(1) {
		t.Errorf("chalice decode: %+v, %v", ev, err)
	}
	if SQSMessageID(0) == SQSMessageID(1) {
		t.Error("message ids must differ")
	}
}

func TestKinesisEventBuilder(t *testing.T) {
	b := KinesisEvent("stream", []byte("hello"), []byte{0, 1, 2})
	var ref lambdaevents.KinesisEvent
	if err := json.Unmarshal(b, &ref); err != nil {
		t.Fatal(err)
	}
	if len(ref.Records) != 2 || string(ref.Records[0].Kinesis.Data) != "hello" ||
		ref.Records[0].EventSourceArn != "arn:aws:kinesis:us-west-2:123456789012:stream/stream" {
		t.Errorf("reference decode: %+v", ref)
	}
	ev, err := chalice.ParseKinesisEvent(b)
	if err != nil || string(ev.Records[0].Data) != "hello" || !reflect.DeepEqual(ev.Records[1].Data, []byte{0, 1, 2}) ||
		!ev.Records[0].Timestamp.Equal(EventTime) {
		t.Errorf("chalice decode: %+v, %v", ev, err)
	}
}

func TestDynamoDBEventBuilder(t *testing.T) {
	b := DynamoDBEvent("Users", DynamoDBChange{
		EventName: "MODIFY",
		Keys:      map[string]any{"id": "u1"},
		NewImage: map[string]any{"id": "u1", "age": 31, "admin": true, "tags": []string{"a"},
			"prefs": map[string]any{"theme": "dark"}, "list": []any{"x", 1.5}, "nothing": nil, "blob": []byte{9}},
		OldImage: map[string]any{"id": "u1", "age": 30},
	})
	var ref lambdaevents.DynamoDBEvent
	if err := json.Unmarshal(b, &ref); err != nil {
		t.Fatal(err)
	}
	rr := ref.Records[0]
	if rr.EventName != "MODIFY" || rr.Change.NewImage["age"].Number() != "31" || rr.Change.Keys["id"].String() != "u1" ||
		rr.Change.StreamViewType != "NEW_AND_OLD_IMAGES" {
		t.Errorf("reference decode: %+v", rr)
	}
	ev, err := chalice.ParseDynamoDBEvent(b)
	if err != nil {
		t.Fatal(err)
	}
	r := ev.Records[0]
	var item struct {
		ID    string            `json:"id"`
		Age   int               `json:"age"`
		Admin bool              `json:"admin"`
		Tags  []string          `json:"tags"`
		Prefs map[string]string `json:"prefs"`
		Blob  []byte            `json:"blob"`
	}
	if err := r.DecodeNewImage(&item); err != nil {
		t.Fatal(err)
	}
	if item.ID != "u1" || item.Age != 31 || !item.Admin || item.Tags[0] != "a" || item.Prefs["theme"] != "dark" ||
		!reflect.DeepEqual(item.Blob, []byte{9}) || r.TableName() != "Users" {
		t.Errorf("chalice decode: %+v", item)
	}
}

func TestWebsocketBuilders(t *testing.T) {
	var ref lambdaevents.APIGatewayWebsocketProxyRequest
	if err := json.Unmarshal(WebsocketConnect("c1"), &ref); err != nil {
		t.Fatal(err)
	}
	if ref.RequestContext.ConnectionID != "c1" || ref.RequestContext.RouteKey != "$connect" ||
		ref.RequestContext.DomainName != WebsocketDomain || ref.RequestContext.Stage != WebsocketStage {
		t.Errorf("reference decode: %+v", ref.RequestContext)
	}
	for _, c := range []struct {
		payload          []byte
		eventType, route string
		body             string
	}{
		{WebsocketConnect("c1"), "CONNECT", "$connect", ""},
		{WebsocketMessage("c1", "hello"), "MESSAGE", "$default", "hello"},
		{WebsocketDisconnect("c1"), "DISCONNECT", "$disconnect", ""},
	} {
		ev, err := chalice.ParseWebsocketEvent(c.payload)
		if err != nil || ev.EventType != c.eventType || ev.RouteKey != c.route || ev.Body != c.body ||
			ev.ConnectionID != "c1" || ev.DomainName != WebsocketDomain || ev.Stage != WebsocketStage {
			t.Errorf("%s: %+v, %v", c.eventType, ev, err)
		}
	}
}

func TestWebsocketRecorder(t *testing.T) {
	ws := NewWebsocketRecorder(t)
	echo := events.WebsocketMessage(func(ctx context.Context, e chalice.WebsocketEvent) error {
		return chalice.WebsocketSend(ctx, e.ConnectionID, e.Body)
	})
	out, err := echo(context.Background(), WebsocketMessage("c1", "foo"))
	if err != nil || string(out) != `{"statusCode":200}` {
		t.Fatalf("echo: %s, %v", out, err)
	}
	_, _ = echo(context.Background(), WebsocketMessage("c1", "bar"))
	_, _ = echo(context.Background(), WebsocketMessage("c2", "baz"))
	if got := ws.Messages("c1"); !reflect.DeepEqual(got, []string{"foo", "bar"}) {
		t.Errorf("c1 got %q", got)
	}
	if s := ws.Sent(); len(s) != 3 || s[2] != (SentMessage{"c2", "baz", WebsocketDomain, WebsocketStage}) {
		t.Errorf("sent = %+v", s)
	}

	ctx := chalice.WithWebsocketEndpoint(context.Background(), WebsocketDomain, WebsocketStage)
	ws.Disconnect("c2")
	var d *chalice.WebsocketDisconnectedError
	if err := chalice.WebsocketSend(ctx, "c2", "x"); !errors.As(err, &d) || d.ConnectionID != "c2" {
		t.Errorf("send to a gone connection: %v", err)
	}
	info, err := chalice.WebsocketInfo(ctx, "c1")
	if err != nil || info["Identity"].(map[string]any)["UserAgent"] != "chalicetest" {
		t.Errorf("info: %v, %v", info, err)
	}
	if err := chalice.WebsocketClose(ctx, "c1"); err != nil || !ws.Closed("c1") {
		t.Errorf("close: %v", err)
	}
	if err := chalice.WebsocketSend(ctx, "c1", "x"); !errors.As(err, &d) {
		t.Errorf("send after close: %v", err)
	}
	if err := chalice.WebsocketSend(context.Background(), "c3", "x"); err == nil {
		t.Error("a send without a websocket API in the context must fail, as on AWS")
	}
	ws.Reset()
	if len(ws.Sent()) != 0 {
		t.Error("Reset")
	}
}
