package chalice

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"
)

const scheduledPayload = `{"version":"0","id":"12345678-b9f1-4667-9c5e-39f98e9a6113",
"detail-type":"Scheduled Event","source":"aws.events","account":"123457940291",
"time":"2017-06-30T23:28:38Z","region":"us-west-2",
"resources":["arn:aws:events:us-west-2:123457940291:rule/testevents-dev-every_minute"],"detail":{}}`

func TestParseCloudWatchEvent(t *testing.T) {
	ev, err := ParseCloudWatchEvent([]byte(scheduledPayload))
	if err != nil {
		t.Fatal(err)
	}
	want := CloudWatchEvent{
		Version: "0", Account: "123457940291", Region: "us-west-2",
		DetailType: "Scheduled Event", Source: "aws.events", Time: "2017-06-30T23:28:38Z",
		EventID:   "12345678-b9f1-4667-9c5e-39f98e9a6113",
		Detail:    json.RawMessage(`{}`),
		Resources: []string{"arn:aws:events:us-west-2:123457940291:rule/testevents-dev-every_minute"},
	}
	ev.raw = nil
	if !reflect.DeepEqual(ev, want) {
		t.Errorf("got %+v\nwant %+v", ev, want)
	}
}

func TestCloudWatchToMapIsOriginal(t *testing.T) {
	ev, err := ParseCloudWatchEvent([]byte(scheduledPayload))
	if err != nil {
		t.Fatal(err)
	}
	var want map[string]any
	if err := json.Unmarshal([]byte(scheduledPayload), &want); err != nil {
		t.Fatal(err)
	}
	if got := ev.ToMap(); !reflect.DeepEqual(got, want) {
		t.Errorf("ToMap = %v, want %v", got, want)
	}
	if (CloudWatchEvent{}).ToMap() != nil {
		t.Error("ToMap of a hand-built event should be nil")
	}
}

func TestParseCopiesPayload(t *testing.T) {
	b := []byte(scheduledPayload)
	ev, err := ParseCloudWatchEvent(b)
	if err != nil {
		t.Fatal(err)
	}
	for i := range b {
		b[i] = ' '
	}
	if ev.ToMap()["source"] != "aws.events" {
		t.Errorf("ToMap changed with the caller's buffer: %v", ev.ToMap())
	}
}

func TestDetailAs(t *testing.T) {
	ev, err := ParseCloudWatchEvent([]byte(`{"source":"aws.codecommit","detail-type":"CodeCommit Repository State Change",
		"detail":{"event":"referenceUpdated","repositoryName":"repo","commitId":"abc"}}`))
	if err != nil {
		t.Fatal(err)
	}
	type commit struct {
		Event          string `json:"event"`
		RepositoryName string `json:"repositoryName"`
		CommitID       string `json:"commitId"`
	}
	c, err := DetailAs[commit](ev)
	if err != nil {
		t.Fatal(err)
	}
	if c != (commit{"referenceUpdated", "repo", "abc"}) {
		t.Errorf("DetailAs = %+v", c)
	}
	var m map[string]any
	if err := ev.DecodeDetail(&m); err != nil || m["repositoryName"] != "repo" {
		t.Errorf("DecodeDetail = %v, %v", m, err)
	}
	if _, err := DetailAs[commit](CloudWatchEvent{}); err == nil {
		t.Error("DetailAs of an event without detail should fail")
	}
}

func s3Payload(keys ...string) string {
	var recs []string
	for _, k := range keys {
		recs = append(recs, `{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"us-west-2",
"eventTime":"2024-01-01T00:00:00.000Z","eventName":"ObjectCreated:Put",
"s3":{"s3SchemaVersion":"1.0","bucket":{"name":"mybucket","arn":"arn:aws:s3:::mybucket"},
"object":{"key":"`+k+`","size":1024,"eTag":"d41d8cd98f00b204e9800998ecf8427e","versionId":"v1"}}}`)
	}
	return `{"Records":[` + strings.Join(recs, ",") + `]}`
}

func TestParseS3Event(t *testing.T) {
	evs, err := ParseS3Event([]byte(s3Payload("a+b%2Fc.txt", "plain.txt")))
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 2 {
		t.Fatalf("got %d events", len(evs))
	}
	e := evs[0]
	if e.Bucket != "mybucket" || e.Key != "a b/c.txt" || e.EventName != "ObjectCreated:Put" ||
		e.Size != 1024 || e.ETag != "d41d8cd98f00b204e9800998ecf8427e" || e.VersionID != "v1" ||
		e.Region != "us-west-2" || e.EventTime != "2024-01-01T00:00:00.000Z" {
		t.Errorf("got %+v", e)
	}
	if evs[1].Key != "plain.txt" {
		t.Errorf("second key = %q", evs[1].Key)
	}
	// ToMap keeps the key as S3 sent it.
	recs := e.ToMap()["Records"].([]any)
	obj := recs[0].(map[string]any)["s3"].(map[string]any)["object"].(map[string]any)
	if obj["key"] != "a+b%2Fc.txt" {
		t.Errorf("ToMap key = %v", obj["key"])
	}
	if _, err := ParseS3Event([]byte(`{}`)); err == nil {
		t.Error("an S3 event without records should fail")
	}
}

func TestUnquotePlus(t *testing.T) {
	for in, want := range map[string]string{
		"a+b%2Fc.txt":         "a b/c.txt",
		"Happy%20Face.jpg":    "Happy Face.jpg",
		"caf%C3%A9":           "café",
		"100%":                "100%",
		"50%zz":               "50%zz",
		"%4":                  "%4",
		"images/a+b.jpg":      "images/a b.jpg",
		"plus%2Bsign":         "plus+sign",
		"":                    "",
		"%e2%82%ac+%E2%82%AC": "€ €",
	} {
		if got := unquotePlus(in); got != want {
			t.Errorf("unquotePlus(%q) = %q, want %q", in, got, want)
		}
	}
}

const snsPayload = `{"Records":[{"EventVersion":"1.0","EventSubscriptionArn":"arn:aws:sns:us-west-2:123:my-demo-topic:abc",
"EventSource":"aws:sns","Sns":{"Type":"Notification","MessageId":"95df01b4","TopicArn":"arn:aws:sns:us-west-2:123:my-demo-topic",
"Subject":"TestSubject1","Message":"{\"n\":1}","Timestamp":"2018-06-28T17:49:30.513Z",
"MessageAttributes":{"kind":{"Type":"String","Value":"demo"}}}}]}`

func TestParseSNSEvent(t *testing.T) {
	evs, err := ParseSNSEvent([]byte(snsPayload))
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 1 {
		t.Fatalf("got %d events", len(evs))
	}
	e := evs[0]
	if e.Subject != "TestSubject1" || e.Message != `{"n":1}` || e.MessageID != "95df01b4" ||
		e.TopicARN != "arn:aws:sns:us-west-2:123:my-demo-topic" || e.Timestamp != "2018-06-28T17:49:30.513Z" ||
		e.MessageAttributes["kind"] != (SNSMessageAttribute{Type: "String", Value: "demo"}) {
		t.Errorf("got %+v", e)
	}
	var v struct{ N int }
	if err := e.Decode(&v); err != nil || v.N != 1 {
		t.Errorf("Decode = %+v, %v", v, err)
	}
	if e.ToMap()["Records"] == nil {
		t.Errorf("ToMap = %v", e.ToMap())
	}
}

const sqsPayload = `{"Records":[
{"messageId":"m1","receiptHandle":"rh1","body":"{\"id\":7}","attributes":{"ApproximateReceiveCount":"1"},
 "messageAttributes":{"bin":{"dataType":"Binary","binaryValue":"aGk="},"s":{"dataType":"String","stringValue":"x"}},
 "eventSource":"aws:sqs","eventSourceARN":"arn:aws:sqs:us-west-2:123:my-queue","awsRegion":"us-west-2"},
{"messageId":"m2","receiptHandle":"rh2","body":"plain","eventSource":"aws:sqs","eventSourceARN":"arn:aws:sqs:us-west-2:123:my-queue"}]}`

func TestParseSQSEvent(t *testing.T) {
	ev, err := ParseSQSEvent([]byte(sqsPayload))
	if err != nil {
		t.Fatal(err)
	}
	if len(ev.Records) != 2 {
		t.Fatalf("got %d records", len(ev.Records))
	}
	r := ev.Records[0]
	if r.Body != `{"id":7}` || r.ReceiptHandle != "rh1" || r.MessageID != "m1" ||
		r.EventSourceARN != "arn:aws:sqs:us-west-2:123:my-queue" || r.Attributes["ApproximateReceiveCount"] != "1" ||
		string(r.MessageAttributes["bin"].BinaryValue) != "hi" || r.MessageAttributes["s"].StringValue != "x" {
		t.Errorf("got %+v", r)
	}
	var v struct{ ID int }
	if err := r.Decode(&v); err != nil || v.ID != 7 {
		t.Errorf("Decode = %+v, %v", v, err)
	}
	if err := ev.Records[1].Decode(&v); err == nil {
		t.Error("Decode of a non-JSON body should fail")
	}
	if got := ev.Records[1].ToMap()["receiptHandle"]; got != "rh2" {
		t.Errorf("record ToMap receiptHandle = %v", got)
	}
	if len(ev.ToMap()["Records"].([]any)) != 2 {
		t.Errorf("event ToMap = %v", ev.ToMap())
	}
}

func TestSQSBatchResultFail(t *testing.T) {
	var b SQSBatchResult
	b.Fail(SQSRecord{MessageID: "a"})
	b.Fail(SQSRecord{MessageID: "b"})
	if !reflect.DeepEqual(b.FailedMessageIDs, []string{"a", "b"}) {
		t.Errorf("got %v", b.FailedMessageIDs)
	}
}

const kinesisPayload = `{"Records":[{"kinesis":{"kinesisSchemaVersion":"1.0","partitionKey":"pk",
"sequenceNumber":"4956","data":"eyJhIjoxfQ==","approximateArrivalTimestamp":1480641523.477},
"eventSource":"aws:kinesis","eventID":"shardId-000000000000:4956","eventName":"aws:kinesis:record",
"eventSourceARN":"arn:aws:kinesis:us-east-1:123:stream/s"}]}`

func TestParseKinesisEvent(t *testing.T) {
	ev, err := ParseKinesisEvent([]byte(kinesisPayload))
	if err != nil {
		t.Fatal(err)
	}
	r := ev.Records[0]
	wantTime := time.Date(2016, 12, 2, 1, 18, 43, 477e6, time.UTC)
	if string(r.Data) != `{"a":1}` || r.PartitionKey != "pk" || r.SequenceNumber != "4956" ||
		r.SchemaVersion != "1.0" || !r.Timestamp.Equal(wantTime) || r.EventID != "shardId-000000000000:4956" ||
		r.EventSourceARN != "arn:aws:kinesis:us-east-1:123:stream/s" {
		t.Errorf("got %+v (time %v)", r, r.Timestamp)
	}
	var v struct{ A int }
	if err := r.Decode(&v); err != nil || v.A != 1 {
		t.Errorf("Decode = %+v, %v", v, err)
	}
	if r.ToMap()["kinesis"].(map[string]any)["data"] != "eyJhIjoxfQ==" {
		t.Errorf("ToMap = %v", r.ToMap())
	}
	if _, err := ParseKinesisEvent([]byte(`{"Records":[{"kinesis":{"data":"***"}}]}`)); err == nil {
		t.Error("bad base64 should fail")
	}
}

const dynamoPayload = `{"Records":[{"eventID":"e1","eventName":"MODIFY","eventSource":"aws:dynamodb","awsRegion":"us-east-1",
"dynamodb":{"ApproximateCreationDateTime":1480642020,
"Keys":{"id":{"S":"42"}},
"NewImage":{"id":{"S":"42"},"n":{"N":"3"},"ok":{"BOOL":true},"none":{"NULL":true},"b":{"B":"AAEqQQ=="},
  "tags":{"SS":["a","b"]},"nums":{"NS":["1","2.5"]},"bins":{"BS":["AQ=="]},
  "m":{"M":{"x":{"N":"1"}}},"l":{"L":[{"S":"c"},{"N":"3.14"}]}},
"OldImage":{"id":{"S":"42"},"n":{"N":"2"}},
"SequenceNumber":"111","SizeBytes":26,"StreamViewType":"NEW_AND_OLD_IMAGES"},
"eventSourceARN":"arn:aws:dynamodb:us-east-1:123:table/Example-Table/stream/2016-12-01T00:00:00.000"}]}`

func TestParseDynamoDBEvent(t *testing.T) {
	ev, err := ParseDynamoDBEvent([]byte(dynamoPayload))
	if err != nil {
		t.Fatal(err)
	}
	r := ev.Records[0]
	if r.EventID != "e1" || r.EventName != "MODIFY" || r.Region != "us-east-1" || r.SequenceNumber != "111" ||
		r.SizeBytes != 26 || r.StreamViewType != "NEW_AND_OLD_IMAGES" ||
		!r.Timestamp.Equal(time.Unix(1480642020, 0)) || r.TableName() != "Example-Table" {
		t.Errorf("got %+v", r)
	}
	if !reflect.DeepEqual(r.Keys, map[string]any{"id": map[string]any{"S": "42"}}) {
		t.Errorf("Keys = %v", r.Keys)
	}
	plain := FromDynamoDBJSON(r.NewImage)
	want := map[string]any{
		"id": "42", "n": json.Number("3"), "ok": true, "none": nil, "b": []byte{0, 1, 42, 65},
		"tags": []string{"a", "b"}, "nums": []json.Number{"1", "2.5"}, "bins": [][]byte{{1}},
		"m": map[string]any{"x": json.Number("1")}, "l": []any{"c", json.Number("3.14")},
	}
	if !reflect.DeepEqual(plain, want) {
		t.Errorf("FromDynamoDBJSON =\n%#v\nwant\n%#v", plain, want)
	}
	type item struct {
		ID   string   `json:"id"`
		N    int      `json:"n"`
		OK   bool     `json:"ok"`
		Tags []string `json:"tags"`
		B    []byte   `json:"b"`
	}
	var newItem, oldItem, keys item
	if err := r.DecodeNewImage(&newItem); err != nil {
		t.Fatal(err)
	}
	if newItem.ID != "42" || newItem.N != 3 || !newItem.OK || len(newItem.Tags) != 2 || len(newItem.B) != 4 {
		t.Errorf("DecodeNewImage = %+v", newItem)
	}
	if err := r.DecodeOldImage(&oldItem); err != nil || oldItem.N != 2 {
		t.Errorf("DecodeOldImage = %+v, %v", oldItem, err)
	}
	if err := r.DecodeKeys(&keys); err != nil || keys.ID != "42" {
		t.Errorf("DecodeKeys = %+v, %v", keys, err)
	}
	if r.ToMap()["eventName"] != "MODIFY" {
		t.Errorf("ToMap = %v", r.ToMap())
	}
}

func TestFromDynamoDBJSONOddInput(t *testing.T) {
	in := map[string]any{"x": "bare", "y": map[string]any{"S": 1.0}, "z": map[string]any{"B": "not base64!"}, "w": map[string]any{"S": "a", "N": "1"}}
	got := FromDynamoDBJSON(in)
	if got["x"] != "bare" || !reflect.DeepEqual(got["y"], map[string]any{"S": 1.0}) ||
		string(got["z"].([]byte)) != "not base64!" || len(got["w"].(map[string]any)) != 2 {
		t.Errorf("got %#v", got)
	}
	if FromDynamoDBJSON(nil) != nil {
		t.Error("nil in, nil out")
	}
}

const wsMessagePayload = `{"requestContext":{"routeKey":"$default","messageId":"R1kn","eventType":"MESSAGE",
"stage":"api","connectedAt":1705751697419,"requestTimeEpoch":1705751700453,
"identity":{"userAgent":"wsdump","sourceIp":"1.2.3.4"},"requestId":"R1knPH","domainName":"abc.execute-api.us-west-2.amazonaws.com",
"connectionId":"R1kmxc2VNjMCFIA=","apiId":"abc"},"body":"{\"a\": 1}","isBase64Encoded":false}`

func TestParseWebsocketEvent(t *testing.T) {
	ev, err := ParseWebsocketEvent([]byte(wsMessagePayload))
	if err != nil {
		t.Fatal(err)
	}
	if ev.DomainName != "abc.execute-api.us-west-2.amazonaws.com" || ev.Stage != "api" ||
		ev.ConnectionID != "R1kmxc2VNjMCFIA=" || ev.Body != `{"a": 1}` || ev.RouteKey != "$default" ||
		ev.EventType != "MESSAGE" {
		t.Errorf("got %+v", ev)
	}
	v, err := ev.JSONBody()
	if err != nil || !reflect.DeepEqual(v, map[string]any{"a": 1.0}) {
		t.Errorf("JSONBody = %v, %v", v, err)
	}
	for _, body := range []string{"", "hello", "{"} {
		if _, err := (WebsocketEvent{Body: body}).JSONBody(); err == nil {
			t.Errorf("JSONBody(%q) should fail", body)
		}
	}
	bin, err := ParseWebsocketEvent([]byte(`{"requestContext":{"connectionId":"c"},"body":"aGVsbG8=","isBase64Encoded":true}`))
	if err != nil || bin.Body != "hello" {
		t.Errorf("binary frame = %q, %v", bin.Body, err)
	}
}

func TestParseLenientAndStrict(t *testing.T) {
	// A field of the wrong type is left empty; the rest is decoded.
	ev, err := ParseSQSEvent([]byte(`{"Records":[{"messageId":5,"body":"b","attributes":{"x":1}}]}`))
	if err != nil {
		t.Fatalf("lenient decode failed: %v", err)
	}
	if ev.Records[0].Body != "b" || ev.Records[0].MessageID != "" {
		t.Errorf("got %+v", ev.Records[0])
	}
	for name, parse := range map[string]func([]byte) error{
		"cw":        func(b []byte) error { _, err := ParseCloudWatchEvent(b); return err },
		"s3":        func(b []byte) error { _, err := ParseS3Event(b); return err },
		"sns":       func(b []byte) error { _, err := ParseSNSEvent(b); return err },
		"sqs":       func(b []byte) error { _, err := ParseSQSEvent(b); return err },
		"kinesis":   func(b []byte) error { _, err := ParseKinesisEvent(b); return err },
		"dynamodb":  func(b []byte) error { _, err := ParseDynamoDBEvent(b); return err },
		"websocket": func(b []byte) error { _, err := ParseWebsocketEvent(b); return err },
	} {
		for _, bad := range []string{"", "{", `{"Records":[}`, "nul"} {
			if err := parse([]byte(bad)); err == nil {
				t.Errorf("%s: %q should fail", name, bad)
			}
		}
	}
	// null and a non-object are not syntax errors: they give an empty event.
	if ev, err := ParseSQSEvent([]byte("null")); err != nil || len(ev.Records) != 0 {
		t.Errorf("null: %+v, %v", ev, err)
	}
	if _, err := ParseCloudWatchEvent([]byte(`[1,2]`)); err != nil {
		t.Errorf("array: %v", err)
	}
}

func TestEpochTime(t *testing.T) {
	if !epochTime(0).IsZero() || !epochTime(-5).IsZero() || !epochTime(1e300).IsZero() {
		t.Error("out-of-range values should give the zero time")
	}
	if got := epochTime(1.5); !got.Equal(time.Unix(1, 5e8)) {
		t.Errorf("epochTime(1.5) = %v", got)
	}
}

// FuzzParseEvents feeds arbitrary payloads to every decoder and every
// accessor: none may panic. `make fuzz` runs it for a bounded time.
func FuzzParseEvents(f *testing.F) {
	for _, s := range []string{scheduledPayload, s3Payload("a+b%2Fc"), snsPayload, sqsPayload, kinesisPayload,
		dynamoPayload, wsMessagePayload, "", "null", "[]", `{"Records":null}`, `{"Records":[null,1,"x"]}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if ev, err := ParseCloudWatchEvent(b); err == nil {
			ev.ToMap()
			_, _ = DetailAs[map[string]any](ev)
		}
		if evs, err := ParseS3Event(b); err == nil {
			for _, e := range evs {
				e.ToMap()
			}
		}
		if evs, err := ParseSNSEvent(b); err == nil {
			for _, e := range evs {
				e.ToMap()
				_ = e.Decode(new(any))
			}
		}
		if ev, err := ParseSQSEvent(b); err == nil {
			ev.ToMap()
			for _, r := range ev.Records {
				r.ToMap()
				_ = r.Decode(new(any))
			}
		}
		if ev, err := ParseKinesisEvent(b); err == nil {
			for _, r := range ev.Records {
				r.ToMap()
				_ = r.Decode(new(any))
			}
		}
		if ev, err := ParseDynamoDBEvent(b); err == nil {
			for _, r := range ev.Records {
				r.ToMap()
				_ = r.TableName()
				_ = r.DecodeNewImage(new(map[string]any))
				_ = r.DecodeOldImage(new(struct{ ID string }))
				_ = r.DecodeKeys(new(any))
			}
		}
		if ev, err := ParseWebsocketEvent(b); err == nil {
			ev.ToMap()
			_, _ = ev.JSONBody()
		}
		_ = unquotePlus(string(b))
		_ = ValidateSchedule(string(b))
	})
}

func TestToMapConcurrent(t *testing.T) {
	ev, err := ParseSQSEvent([]byte(sqsPayload))
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan map[string]any)
	for _, r := range append(ev.Records, ev.Records...) {
		go func() { done <- r.ToMap() }()
	}
	for range 4 {
		if m := <-done; m["eventSource"] != "aws:sqs" {
			t.Errorf("ToMap = %v", m)
		}
	}
}
