package chalicetest

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"reflect"
	"sort"
	"strings"
	"time"
)

// Event builders: each returns a payload shaped like the one AWS delivers
// to Lambda, for Client.Invoke:
//
//	out, err := c.Invoke(t, "handle_sqs_message", chalicetest.SQSEvent("my-queue", "hello"))
//
// Account, region and ids are fixed fake values; times are EventTime.

// Fake values the builders use.
const (
	Account = "123456789012"
	Region  = "us-west-2"
	// WebsocketDomain and WebsocketStage are the API the websocket
	// builders' events come from.
	WebsocketDomain = "abcdef1234.execute-api.us-west-2.amazonaws.com"
	WebsocketStage  = "api"
)

// EventTime is the time every built event carries.
var EventTime = time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		// Only the builders' own maps and caller-supplied details reach
		// here; a detail that cannot be encoded is a bug in the test.
		return []byte(fmt.Sprintf(`{"chalicetest_error":%q}`, err.Error()))
	}
	return b
}

func fakeID(kind string, i int) string {
	return fmt.Sprintf("%08x-0000-4000-8000-%012d", len(kind)*7919+i, i+1)
}

// ScheduleEvent is what a schedule rule sends: detail-type "Scheduled
// Event", source aws.events, detail {}. rule names the rule in resources
// (default "every_hour").
func ScheduleEvent(rule ...string) []byte {
	name := "every_hour"
	if len(rule) > 0 && rule[0] != "" {
		name = rule[0]
	}
	return mustJSON(map[string]any{
		"version":     "0",
		"id":          fakeID("schedule", 0),
		"detail-type": "Scheduled Event",
		"source":      "aws.events",
		"account":     Account,
		"time":        EventTime.Format(time.RFC3339),
		"region":      Region,
		"resources":   []string{"arn:aws:events:" + Region + ":" + Account + ":rule/" + name},
		"detail":      map[string]any{},
	})
}

// CloudWatchEvent is an EventBridge (CloudWatch Events) event. detail is
// encoded as JSON (a json.RawMessage or []byte is used as is; nil is {}).
func CloudWatchEvent(source, detailType string, detail any) []byte {
	var d json.RawMessage
	switch v := detail.(type) {
	case nil:
		d = json.RawMessage(`{}`)
	case json.RawMessage:
		d = v
	case []byte:
		d = v
	default:
		d = mustJSON(v)
	}
	return mustJSON(map[string]any{
		"version":     "0",
		"id":          fakeID("cloudwatch", 0),
		"detail-type": detailType,
		"source":      source,
		"account":     Account,
		"time":        EventTime.Format(time.RFC3339),
		"region":      Region,
		"resources":   []string{},
		"detail":      d,
	})
}

// S3Event is an S3 event notification for one object. The key is encoded
// as S3 encodes it (spaces as '+', other specials as %XX); eventName
// defaults to "ObjectCreated:Put" (an "s3:" prefix is dropped, as S3 sends
// it without).
func S3Event(bucket, key string, eventName ...string) []byte {
	name := "ObjectCreated:Put"
	if len(eventName) > 0 && eventName[0] != "" {
		name = strings.TrimPrefix(eventName[0], "s3:")
	}
	encoded := strings.ReplaceAll(url.QueryEscape(key), "%2F", "/")
	return mustJSON(map[string]any{"Records": []any{map[string]any{
		"eventVersion": "2.1",
		"eventSource":  "aws:s3",
		"awsRegion":    Region,
		"eventTime":    EventTime.Format("2006-01-02T15:04:05.000Z"),
		"eventName":    name,
		"userIdentity": map[string]any{"principalId": "AWS:EXAMPLE"},
		"requestParameters": map[string]any{
			"sourceIPAddress": "127.0.0.1",
		},
		"responseElements": map[string]any{
			"x-amz-request-id": "C3D13FE58DE4C810",
			"x-amz-id-2":       "FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD",
		},
		"s3": map[string]any{
			"s3SchemaVersion": "1.0",
			"configurationId": "chalicetest",
			"bucket": map[string]any{
				"name":          bucket,
				"ownerIdentity": map[string]any{"principalId": "EXAMPLE"},
				"arn":           "arn:aws:s3:::" + bucket,
			},
			"object": map[string]any{
				"key":       encoded,
				"size":      1024,
				"eTag":      "d41d8cd98f00b204e9800998ecf8427e",
				"sequencer": "0055AED6DCD90281E5",
			},
		},
	}}})
}

// SNSEvent is an SNS notification. topic is a topic name or ARN.
func SNSEvent(topic, subject, message string) []byte {
	arn := topic
	if !strings.HasPrefix(arn, "arn:") {
		arn = "arn:aws:sns:" + Region + ":" + Account + ":" + topic
	}
	return mustJSON(map[string]any{"Records": []any{map[string]any{
		"EventVersion":         "1.0",
		"EventSubscriptionArn": arn + ":" + fakeID("subscription", 0),
		"EventSource":          "aws:sns",
		"Sns": map[string]any{
			"SignatureVersion":  "1",
			"Timestamp":         EventTime.Format("2006-01-02T15:04:05.000Z"),
			"Signature":         "EXAMPLE",
			"SigningCertUrl":    "https://sns." + Region + ".amazonaws.com/SimpleNotificationService-example.pem",
			"MessageId":         fakeID("sns", 0),
			"Message":           message,
			"MessageAttributes": map[string]any{},
			"Type":              "Notification",
			"UnsubscribeUrl":    "https://sns." + Region + ".amazonaws.com/?Action=Unsubscribe",
			"TopicArn":          arn,
			"Subject":           subject,
		},
	}}})
}

// SQSEvent is a batch of SQS messages, one per body. queue is a queue name
// or ARN. Message ids are SQSMessageID(i).
func SQSEvent(queue string, bodies ...string) []byte {
	arn := queue
	if !strings.HasPrefix(arn, "arn:") {
		arn = "arn:aws:sqs:" + Region + ":" + Account + ":" + queue
	}
	recs := make([]any, len(bodies))
	sent := fmt.Sprint(EventTime.UnixMilli())
	for i, body := range bodies {
		recs[i] = map[string]any{
			"messageId":     SQSMessageID(i),
			"receiptHandle": "AQEB" + base64.StdEncoding.EncodeToString([]byte(SQSMessageID(i))),
			"body":          body,
			"attributes": map[string]any{
				"ApproximateReceiveCount":          "1",
				"SentTimestamp":                    sent,
				"SenderId":                         "AIDAIENQZJOLO23YVJ4VO",
				"ApproximateFirstReceiveTimestamp": sent,
			},
			"messageAttributes": map[string]any{},
			"md5OfBody":         fmt.Sprintf("%032x", len(body)),
			"eventSource":       "aws:sqs",
			"eventSourceARN":    arn,
			"awsRegion":         Region,
		}
	}
	return mustJSON(map[string]any{"Records": recs})
}

// SQSMessageID is the message id SQSEvent gives its i-th message.
func SQSMessageID(i int) string { return fakeID("sqs", i) }

// KinesisEvent is a batch of Kinesis records, one per data blob. stream is
// a stream name or ARN.
func KinesisEvent(stream string, data ...[]byte) []byte {
	arn := stream
	if !strings.HasPrefix(arn, "arn:") {
		arn = "arn:aws:kinesis:" + Region + ":" + Account + ":stream/" + stream
	}
	recs := make([]any, len(data))
	for i, d := range data {
		seq := fmt.Sprintf("49590338271490256608559692538361571095921575989136588%03d", i)
		recs[i] = map[string]any{
			"kinesis": map[string]any{
				"kinesisSchemaVersion":        "1.0",
				"partitionKey":                fmt.Sprintf("partition-%d", i),
				"sequenceNumber":              seq,
				"data":                        base64.StdEncoding.EncodeToString(d),
				"approximateArrivalTimestamp": float64(EventTime.UnixMilli()) / 1000,
			},
			"eventSource":       "aws:kinesis",
			"eventVersion":      "1.0",
			"eventID":           "shardId-000000000000:" + seq,
			"eventName":         "aws:kinesis:record",
			"invokeIdentityArn": "arn:aws:iam::" + Account + ":role/lambda-role",
			"awsRegion":         Region,
			"eventSourceARN":    arn,
		}
	}
	return mustJSON(map[string]any{"Records": recs})
}

// DynamoDBChange is one change for DynamoDBEvent. Keys, NewImage and
// OldImage hold plain Go values (string, numbers, bool, nil, []byte,
// []string, maps and slices of those), converted to DynamoDB's JSON form.
type DynamoDBChange struct {
	EventName string // "INSERT" (default), "MODIFY" or "REMOVE"
	Keys      map[string]any
	NewImage  map[string]any
	OldImage  map[string]any
}

// DynamoDBEvent is a batch of DynamoDB stream records for table.
func DynamoDBEvent(table string, changes ...DynamoDBChange) []byte {
	arn := "arn:aws:dynamodb:" + Region + ":" + Account + ":table/" + table + "/stream/2024-01-01T00:00:00.000"
	recs := make([]any, len(changes))
	for i, c := range changes {
		name := c.EventName
		if name == "" {
			name = "INSERT"
		}
		view := "KEYS_ONLY"
		switch {
		case c.NewImage != nil && c.OldImage != nil:
			view = "NEW_AND_OLD_IMAGES"
		case c.NewImage != nil:
			view = "NEW_IMAGE"
		case c.OldImage != nil:
			view = "OLD_IMAGE"
		}
		ddb := map[string]any{
			"ApproximateCreationDateTime": EventTime.Unix(),
			"Keys":                        toDynamoDBJSON(c.Keys),
			"SequenceNumber":              fmt.Sprintf("%021d", 1000+i),
			"SizeBytes":                   len(mustJSON(c.NewImage)) + len(mustJSON(c.Keys)),
			"StreamViewType":              view,
		}
		if c.NewImage != nil {
			ddb["NewImage"] = toDynamoDBJSON(c.NewImage)
		}
		if c.OldImage != nil {
			ddb["OldImage"] = toDynamoDBJSON(c.OldImage)
		}
		recs[i] = map[string]any{
			"eventID":        fakeID("dynamodb", i),
			"eventName":      name,
			"eventVersion":   "1.1",
			"eventSource":    "aws:dynamodb",
			"awsRegion":      Region,
			"dynamodb":       ddb,
			"eventSourceARN": arn,
		}
	}
	return mustJSON(map[string]any{"Records": recs})
}

// toDynamoDBJSON converts plain values to DynamoDB's attribute-value JSON.
func toDynamoDBJSON(item map[string]any) map[string]any {
	if item == nil {
		return map[string]any{}
	}
	out := make(map[string]any, len(item))
	for k, v := range item {
		out[k] = attributeValue(v)
	}
	return out
}

func attributeValue(v any) map[string]any {
	switch x := v.(type) {
	case nil:
		return map[string]any{"NULL": true}
	case string:
		return map[string]any{"S": x}
	case bool:
		return map[string]any{"BOOL": x}
	case json.Number:
		return map[string]any{"N": x.String()}
	case []byte:
		return map[string]any{"B": base64.StdEncoding.EncodeToString(x)}
	case []string:
		return map[string]any{"SS": x}
	case [][]byte:
		bs := make([]string, len(x))
		for i, b := range x {
			bs[i] = base64.StdEncoding.EncodeToString(b)
		}
		return map[string]any{"BS": bs}
	case map[string]any:
		return map[string]any{"M": toDynamoDBJSON(x)}
	case []any:
		l := make([]any, len(x))
		for i, e := range x {
			l[i] = attributeValue(e)
		}
		return map[string]any{"L": l}
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return map[string]any{"N": fmt.Sprint(v)}
	case reflect.Map:
		m := map[string]any{}
		keys := rv.MapKeys()
		sort.Slice(keys, func(i, j int) bool { return fmt.Sprint(keys[i]) < fmt.Sprint(keys[j]) })
		for _, k := range keys {
			m[fmt.Sprint(k.Interface())] = rv.MapIndex(k).Interface()
		}
		return map[string]any{"M": toDynamoDBJSON(m)}
	case reflect.Slice, reflect.Array:
		l := make([]any, rv.Len())
		for i := range l {
			l[i] = rv.Index(i).Interface()
		}
		return attributeValue(l)
	}
	return map[string]any{"S": fmt.Sprint(v)}
}

// WebsocketConnect is the $connect event of a new connection.
func WebsocketConnect(connectionID string) []byte {
	return websocketEvent(connectionID, "$connect", "CONNECT", nil)
}

// WebsocketMessage is a message received on the connection.
func WebsocketMessage(connectionID, body string) []byte {
	return websocketEvent(connectionID, "$default", "MESSAGE", &body)
}

// WebsocketDisconnect is the $disconnect event of the connection.
func WebsocketDisconnect(connectionID string) []byte {
	return websocketEvent(connectionID, "$disconnect", "DISCONNECT", nil)
}

func websocketEvent(connectionID, routeKey, eventType string, body *string) []byte {
	rc := map[string]any{
		"routeKey":          routeKey,
		"eventType":         eventType,
		"extendedRequestId": fakeID("ws-request", 0),
		"requestTime":       EventTime.Format("02/Jan/2006:15:04:05 -0700"),
		"messageDirection":  "IN",
		"stage":             WebsocketStage,
		"connectedAt":       EventTime.UnixMilli(),
		"requestTimeEpoch":  EventTime.UnixMilli(),
		"identity":          map[string]any{"sourceIp": "127.0.0.1", "userAgent": "chalicetest"},
		"requestId":         fakeID("ws-request", 0),
		"domainName":        WebsocketDomain,
		"connectionId":      connectionID,
		"apiId":             strings.SplitN(WebsocketDomain, ".", 2)[0],
	}
	ev := map[string]any{"requestContext": rc, "isBase64Encoded": false}
	switch eventType {
	case "CONNECT":
		h := map[string]any{
			"Host":                     WebsocketDomain,
			"Sec-WebSocket-Key":        "dGhlIHNhbXBsZSBub25jZQ==",
			"Sec-WebSocket-Version":    "13",
			"X-Forwarded-For":          "127.0.0.1",
			"X-Forwarded-Port":         "443",
			"X-Forwarded-Proto":        "https",
			"Sec-WebSocket-Extensions": "permessage-deflate; client_max_window_bits",
		}
		mh := map[string]any{}
		for k, v := range h {
			mh[k] = []any{v}
		}
		ev["headers"], ev["multiValueHeaders"] = h, mh
	case "MESSAGE":
		rc["messageId"] = fakeID("ws-message", 0)
		ev["body"] = *body
	case "DISCONNECT":
		rc["disconnectStatusCode"] = 1005
		rc["disconnectReason"] = "Client-side close frame status not set"
	}
	return mustJSON(ev)
}
