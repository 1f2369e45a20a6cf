package chalice

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"
)

// The Parse functions turn a Lambda payload into the event values handlers
// receive. The runtime (runtime/events) calls them; tests can too, to call a
// handler directly with a payload built by chalicetest:
//
//	ev, err := chalice.ParseSQSEvent(chalicetest.SQSEvent("q", "hello"))
//
// They copy the payload, never panic, and fail only on malformed JSON (or
// bad base64 in Kinesis data): a field of an unexpected type is left empty.

// ParseCloudWatchEvent decodes a scheduled or CloudWatch (EventBridge) event.
func ParseCloudWatchEvent(b []byte) (CloudWatchEvent, error) {
	var w struct {
		Version    string          `json:"version"`
		ID         string          `json:"id"`
		DetailType string          `json:"detail-type"`
		Source     string          `json:"source"`
		Account    string          `json:"account"`
		Time       string          `json:"time"`
		Region     string          `json:"region"`
		Resources  []string        `json:"resources"`
		Detail     json.RawMessage `json:"detail"`
	}
	if err := unmarshal(b, &w); err != nil {
		return CloudWatchEvent{}, fmt.Errorf("chalice: decoding CloudWatch event: %w", err)
	}
	return CloudWatchEvent{
		Version: w.Version, Account: w.Account, Region: w.Region,
		DetailType: w.DetailType, Source: w.Source, Time: w.Time, EventID: w.ID,
		Detail: w.Detail, Resources: w.Resources, raw: newPayload(b),
	}, nil
}

// ParseS3Event decodes an S3 event notification into one S3Event per record.
func ParseS3Event(b []byte) ([]S3Event, error) {
	var w struct {
		Records []struct {
			AWSRegion string `json:"awsRegion"`
			EventTime string `json:"eventTime"`
			EventName string `json:"eventName"`
			S3        struct {
				Bucket struct {
					Name string `json:"name"`
				} `json:"bucket"`
				Object struct {
					Key       string `json:"key"`
					Size      int64  `json:"size"`
					ETag      string `json:"eTag"`
					VersionID string `json:"versionId"`
				} `json:"object"`
			} `json:"s3"`
		} `json:"Records"`
	}
	if err := unmarshal(b, &w); err != nil {
		return nil, fmt.Errorf("chalice: decoding S3 event: %w", err)
	}
	if len(w.Records) == 0 {
		return nil, errors.New("chalice: S3 event has no records")
	}
	raw := newPayload(b)
	out := make([]S3Event, len(w.Records))
	for i, r := range w.Records {
		out[i] = S3Event{
			Bucket:    r.S3.Bucket.Name,
			Key:       unquotePlus(r.S3.Object.Key),
			EventName: r.EventName,
			EventTime: r.EventTime,
			Region:    r.AWSRegion,
			Size:      r.S3.Object.Size,
			ETag:      r.S3.Object.ETag,
			VersionID: r.S3.Object.VersionID,
			raw:       raw,
		}
	}
	return out, nil
}

// ParseSNSEvent decodes an SNS notification into one SNSEvent per record.
func ParseSNSEvent(b []byte) ([]SNSEvent, error) {
	var w struct {
		Records []struct {
			SNS struct {
				MessageID         string                         `json:"MessageId"`
				TopicARN          string                         `json:"TopicArn"`
				Subject           string                         `json:"Subject"`
				Message           string                         `json:"Message"`
				Timestamp         string                         `json:"Timestamp"`
				MessageAttributes map[string]SNSMessageAttribute `json:"MessageAttributes"`
			} `json:"Sns"`
		} `json:"Records"`
	}
	if err := unmarshal(b, &w); err != nil {
		return nil, fmt.Errorf("chalice: decoding SNS event: %w", err)
	}
	if len(w.Records) == 0 {
		return nil, errors.New("chalice: SNS event has no records")
	}
	raw := newPayload(b)
	out := make([]SNSEvent, len(w.Records))
	for i, r := range w.Records {
		s := r.SNS
		out[i] = SNSEvent{
			Subject: s.Subject, Message: s.Message, MessageID: s.MessageID,
			TopicARN: s.TopicARN, Timestamp: s.Timestamp,
			MessageAttributes: s.MessageAttributes, raw: raw,
		}
	}
	return out, nil
}

// ParseSQSEvent decodes a batch of SQS messages.
func ParseSQSEvent(b []byte) (SQSEvent, error) {
	var w struct {
		Records []struct {
			MessageID         string                         `json:"messageId"`
			ReceiptHandle     string                         `json:"receiptHandle"`
			Body              string                         `json:"body"`
			Attributes        map[string]string              `json:"attributes"`
			MessageAttributes map[string]SQSMessageAttribute `json:"messageAttributes"`
			EventSourceARN    string                         `json:"eventSourceARN"`
		} `json:"Records"`
	}
	if err := unmarshal(b, &w); err != nil {
		return SQSEvent{}, fmt.Errorf("chalice: decoding SQS event: %w", err)
	}
	raw := newPayload(b)
	ev := SQSEvent{Records: make([]SQSRecord, len(w.Records)), raw: raw}
	for i, r := range w.Records {
		ev.Records[i] = SQSRecord{
			Body: r.Body, ReceiptHandle: r.ReceiptHandle, MessageID: r.MessageID,
			EventSourceARN: r.EventSourceARN, Attributes: r.Attributes,
			MessageAttributes: r.MessageAttributes, raw: raw, index: i,
		}
	}
	return ev, nil
}

// ParseKinesisEvent decodes a batch of Kinesis records.
func ParseKinesisEvent(b []byte) (KinesisEvent, error) {
	var w struct {
		Records []struct {
			EventID        string `json:"eventID"`
			EventSourceARN string `json:"eventSourceARN"`
			Kinesis        struct {
				SchemaVersion  string  `json:"kinesisSchemaVersion"`
				PartitionKey   string  `json:"partitionKey"`
				SequenceNumber string  `json:"sequenceNumber"`
				Data           string  `json:"data"`
				Arrival        float64 `json:"approximateArrivalTimestamp"`
			} `json:"kinesis"`
		} `json:"Records"`
	}
	if err := unmarshal(b, &w); err != nil {
		return KinesisEvent{}, fmt.Errorf("chalice: decoding Kinesis event: %w", err)
	}
	raw := newPayload(b)
	ev := KinesisEvent{Records: make([]KinesisRecord, len(w.Records)), raw: raw}
	for i, r := range w.Records {
		k := r.Kinesis
		data, err := base64.StdEncoding.DecodeString(k.Data)
		if err != nil {
			return KinesisEvent{}, fmt.Errorf("chalice: decoding Kinesis record %d data: %w", i, err)
		}
		ev.Records[i] = KinesisRecord{
			Data: data, PartitionKey: k.PartitionKey, SequenceNumber: k.SequenceNumber,
			SchemaVersion: k.SchemaVersion, Timestamp: epochTime(k.Arrival),
			EventID: r.EventID, EventSourceARN: r.EventSourceARN, raw: raw, index: i,
		}
	}
	return ev, nil
}

// ParseDynamoDBEvent decodes a batch of DynamoDB stream records.
func ParseDynamoDBEvent(b []byte) (DynamoDBEvent, error) {
	var w struct {
		Records []struct {
			EventID        string `json:"eventID"`
			EventName      string `json:"eventName"`
			EventSourceARN string `json:"eventSourceARN"`
			AWSRegion      string `json:"awsRegion"`
			DynamoDB       struct {
				Created        float64        `json:"ApproximateCreationDateTime"`
				Keys           map[string]any `json:"Keys"`
				NewImage       map[string]any `json:"NewImage"`
				OldImage       map[string]any `json:"OldImage"`
				SequenceNumber string         `json:"SequenceNumber"`
				SizeBytes      int64          `json:"SizeBytes"`
				StreamViewType string         `json:"StreamViewType"`
			} `json:"dynamodb"`
		} `json:"Records"`
	}
	if err := unmarshal(b, &w); err != nil {
		return DynamoDBEvent{}, fmt.Errorf("chalice: decoding DynamoDB event: %w", err)
	}
	raw := newPayload(b)
	ev := DynamoDBEvent{Records: make([]DynamoDBRecord, len(w.Records)), raw: raw}
	for i, r := range w.Records {
		d := r.DynamoDB
		ev.Records[i] = DynamoDBRecord{
			EventID: r.EventID, EventName: r.EventName, EventSourceARN: r.EventSourceARN,
			Region: r.AWSRegion, Keys: d.Keys, NewImage: d.NewImage, OldImage: d.OldImage,
			SequenceNumber: d.SequenceNumber, SizeBytes: d.SizeBytes,
			StreamViewType: d.StreamViewType, Timestamp: epochTime(d.Created),
			raw: raw, index: i,
		}
	}
	return ev, nil
}

// ParseWebsocketEvent decodes an API Gateway websocket event.
func ParseWebsocketEvent(b []byte) (WebsocketEvent, error) {
	var w struct {
		Body            string `json:"body"`
		IsBase64Encoded bool   `json:"isBase64Encoded"`
		RequestContext  struct {
			DomainName   string `json:"domainName"`
			Stage        string `json:"stage"`
			ConnectionID string `json:"connectionId"`
			RouteKey     string `json:"routeKey"`
			EventType    string `json:"eventType"`
		} `json:"requestContext"`
	}
	if err := unmarshal(b, &w); err != nil {
		return WebsocketEvent{}, fmt.Errorf("chalice: decoding websocket event: %w", err)
	}
	body := w.Body
	if w.IsBase64Encoded {
		if d, err := base64.StdEncoding.DecodeString(body); err == nil {
			body = string(d)
		}
	}
	rc := w.RequestContext
	return WebsocketEvent{
		DomainName: rc.DomainName, Stage: rc.Stage, ConnectionID: rc.ConnectionID,
		Body: body, RouteKey: rc.RouteKey, EventType: rc.EventType, raw: newPayload(b),
	}, nil
}

// unmarshal decodes b into v, forgiving values of an unexpected type (they
// are left zero; encoding/json goes on with the rest) and bad base64 in
// []byte fields. Malformed JSON is an error; so is an empty payload.
func unmarshal(b []byte, v any) error {
	err := json.Unmarshal(b, v)
	if err == nil {
		return nil
	}
	var te *json.UnmarshalTypeError
	var be base64.CorruptInputError
	if errors.As(err, &te) || errors.As(err, &be) {
		return nil
	}
	return err
}

// epochTime converts seconds since the epoch (fractional) to a UTC time;
// zero or out-of-range values give the zero time.
func epochTime(sec float64) time.Time {
	if sec <= 0 || sec > 1e11 || math.IsNaN(sec) {
		return time.Time{}
	}
	whole, frac := math.Modf(sec)
	// Round to milliseconds: the sources send at most that precision, and
	// float64 noise would otherwise show in the nanoseconds.
	ms := int64(math.Round(frac * 1000))
	return time.Unix(int64(whole), ms*int64(time.Millisecond)).UTC()
}

// unquotePlus decodes an S3 notification key: '+' is a space and %XX an
// escaped byte. A '%' not followed by two hex digits is kept as is, as
// Python's unquote_plus does.
func unquotePlus(s string) string {
	if strings.IndexByte(s, '%') < 0 && strings.IndexByte(s, '+') < 0 {
		return s
	}
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '+':
			out = append(out, ' ')
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			out = append(out, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
		default:
			out = append(out, c)
		}
	}
	return string(out)
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case '0' <= c && c <= '9':
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	default:
		return c - 'A' + 10
	}
}

// tableFromStreamARN returns the table name of a stream ARN
// (arn:aws:dynamodb:REGION:ACCOUNT:table/NAME/stream/LABEL).
func tableFromStreamARN(arn string) string {
	_, rest, ok := strings.Cut(arn, ":table/")
	if !ok {
		return ""
	}
	name, _, _ := strings.Cut(rest, "/")
	return name
}
