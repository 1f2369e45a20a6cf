package chalice

import (
	"encoding/json"
	"sync"
	"time"
)

// The event types below are what event-source handlers receive. Each keeps
// the payload Lambda delivered; ToMap decodes it on first call and returns
// that same map afterwards (shared by every value decoded from the payload:
// read it, do not modify it). A value built by hand rather than by one of
// the Parse functions has no payload: its ToMap returns nil.
//
// Decoding is lenient about the type of a field (a number where a string is
// expected leaves the typed field empty; ToMap still has it) and strict
// about JSON syntax. See docs/events.md.

// CloudWatchEvent is what schedule and on_cw_event handlers receive.
type CloudWatchEvent struct {
	Version    string // "0"
	Account    string
	Region     string
	DetailType string // "Scheduled Event" for schedules
	Source     string // "aws.events" for schedules
	Time       string // RFC 3339, as sent
	EventID    string
	// Detail is the event payload as JSON; {} for scheduled events.
	// Decode it with DetailAs or DecodeDetail.
	Detail    json.RawMessage
	Resources []string // for schedules, the ARN of the rule
	raw       *payload
}

// ToMap returns the event as Lambda delivered it.
func (e CloudWatchEvent) ToMap() map[string]any { return e.raw.object() }

// DecodeDetail decodes Detail into v (a pointer), as encoding/json does.
func (e CloudWatchEvent) DecodeDetail(v any) error { return decodeJSON(e.Detail, v) }

// DetailAs decodes the detail of e as a T:
//
//	type push struct {
//		RepositoryName string `json:"repositoryName"`
//		ReferenceName  string `json:"referenceName"`
//	}
//	d, err := chalice.DetailAs[push](event)
func DetailAs[T any](e CloudWatchEvent) (T, error) {
	var v T
	err := decodeJSON(e.Detail, &v)
	return v, err
}

// S3Event is what on_s3_event handlers receive: one record of an S3 event
// notification (the handler is called once per record; S3 sends one).
type S3Event struct {
	Bucket string
	// Key is URL-decoded ("a+b%2Fc.txt" arrives as "a b/c.txt"); ToMap
	// keeps the encoded form S3 sent.
	Key       string
	EventName string // "ObjectCreated:Put", "ObjectRemoved:Delete", ...
	EventTime string
	Region    string
	Size      int64
	ETag      string
	VersionID string
	raw       *payload
}

// ToMap returns the whole notification as Lambda delivered it.
func (e S3Event) ToMap() map[string]any { return e.raw.object() }

// SNSEvent is what on_sns_message handlers receive: one SNS notification
// (the handler is called once per record; SNS sends one).
type SNSEvent struct {
	Subject   string
	Message   string
	MessageID string
	TopicARN  string
	Timestamp string
	// MessageAttributes maps a name to its Type ("String", "Number",
	// "Binary", ...) and Value.
	MessageAttributes map[string]SNSMessageAttribute
	raw               *payload
}

// SNSMessageAttribute is one attribute of an SNS message.
type SNSMessageAttribute struct {
	Type  string `json:"Type"`
	Value string `json:"Value"`
}

// ToMap returns the whole notification as Lambda delivered it.
func (e SNSEvent) ToMap() map[string]any { return e.raw.object() }

// Decode decodes Message as JSON into v (a pointer).
func (e SNSEvent) Decode(v any) error { return decodeJSON([]byte(e.Message), v) }

// SQSEvent is a batch of SQS messages. With the plain handler form the batch
// succeeds or fails as a whole, as the spec describes; a handler returning
// (SQSBatchResult, error) reports failures message by message.
type SQSEvent struct {
	Records []SQSRecord
	raw     *payload
}

// ToMap returns the event as Lambda delivered it.
func (e SQSEvent) ToMap() map[string]any { return e.raw.object() }

// SQSRecord is one SQS message.
type SQSRecord struct {
	Body           string
	ReceiptHandle  string
	MessageID      string
	EventSourceARN string // the queue's ARN
	// Attributes are the system attributes (ApproximateReceiveCount,
	// SentTimestamp, MessageGroupId, ...).
	Attributes        map[string]string
	MessageAttributes map[string]SQSMessageAttribute
	raw               *payload
	index             int
}

// SQSMessageAttribute is one user-defined attribute of an SQS message.
type SQSMessageAttribute struct {
	DataType    string `json:"dataType"`
	StringValue string `json:"stringValue"`
	BinaryValue []byte `json:"binaryValue"` // base64-decoded
}

// ToMap returns the record as Lambda delivered it.
func (r SQSRecord) ToMap() map[string]any { return r.raw.record(r.index) }

// Decode decodes Body as JSON into v (a pointer).
func (r SQSRecord) Decode(v any) error { return decodeJSON([]byte(r.Body), v) }

// SQSBatchResult is what a partial-batch SQS handler returns: the messages
// that failed go back to the queue, the others are deleted. The event
// source mapping must have ReportBatchItemFailures enabled, which the
// deployer sets for such handlers.
type SQSBatchResult struct {
	// FailedMessageIDs lists SQSRecord.MessageID values.
	FailedMessageIDs []string
}

// Fail marks rec as failed.
func (b *SQSBatchResult) Fail(rec SQSRecord) {
	b.FailedMessageIDs = append(b.FailedMessageIDs, rec.MessageID)
}

// KinesisEvent is a batch of Kinesis records.
type KinesisEvent struct {
	Records []KinesisRecord
	raw     *payload
}

// ToMap returns the event as Lambda delivered it.
func (e KinesisEvent) ToMap() map[string]any { return e.raw.object() }

// KinesisRecord is one Kinesis data record.
type KinesisRecord struct {
	Data           []byte // base64-decoded
	PartitionKey   string
	SequenceNumber string
	SchemaVersion  string
	// Timestamp is the approximate arrival time.
	Timestamp      time.Time
	EventID        string
	EventSourceARN string // the stream's ARN
	raw            *payload
	index          int
}

// ToMap returns the record as Lambda delivered it (Data still base64).
func (r KinesisRecord) ToMap() map[string]any { return r.raw.record(r.index) }

// Decode decodes Data as JSON into v (a pointer).
func (r KinesisRecord) Decode(v any) error { return decodeJSON(r.Data, v) }

// DynamoDBEvent is a batch of DynamoDB stream records.
type DynamoDBEvent struct {
	Records []DynamoDBRecord
	raw     *payload
}

// ToMap returns the event as Lambda delivered it.
func (e DynamoDBEvent) ToMap() map[string]any { return e.raw.object() }

// DynamoDBRecord is one change of a DynamoDB table.
//
// Keys, NewImage and OldImage are items in DynamoDB's JSON form, exactly as
// the stream sends them: each attribute maps a type to a value, e.g.
// {"id": {"S": "42"}, "n": {"N": "3"}}. FromDynamoDBJSON turns one into
// plain Go values; DecodeKeys, DecodeNewImage and DecodeOldImage decode one
// into a struct.
type DynamoDBRecord struct {
	EventID        string
	EventName      string // "INSERT", "MODIFY" or "REMOVE"
	EventSourceARN string
	Region         string
	Keys           map[string]any
	NewImage       map[string]any // nil unless the stream view type has it
	OldImage       map[string]any
	SequenceNumber string
	SizeBytes      int64
	StreamViewType string
	// Timestamp is the approximate creation time of the change.
	Timestamp time.Time
	raw       *payload
	index     int
}

// ToMap returns the record as Lambda delivered it.
func (r DynamoDBRecord) ToMap() map[string]any { return r.raw.record(r.index) }

// TableName is the table's name, taken from EventSourceARN.
func (r DynamoDBRecord) TableName() string { return tableFromStreamARN(r.EventSourceARN) }

// DecodeKeys decodes Keys into v (a pointer to a struct or map), after
// FromDynamoDBJSON. Struct fields use `json` tags.
func (r DynamoDBRecord) DecodeKeys(v any) error { return decodeItem(r.Keys, v) }

// DecodeNewImage decodes NewImage into v, as DecodeKeys does.
func (r DynamoDBRecord) DecodeNewImage(v any) error { return decodeItem(r.NewImage, v) }

// DecodeOldImage decodes OldImage into v, as DecodeKeys does.
func (r DynamoDBRecord) DecodeOldImage(v any) error { return decodeItem(r.OldImage, v) }

// WebsocketEvent is what websocket handlers receive.
type WebsocketEvent struct {
	DomainName   string
	Stage        string
	ConnectionID string
	// Body is the message received; empty for connect and disconnect.
	// A binary frame arrives base64-decoded.
	Body      string
	RouteKey  string // "$connect", "$default", "$disconnect"
	EventType string // "CONNECT", "MESSAGE", "DISCONNECT"
	raw       *payload
}

// ToMap returns the event as Lambda delivered it.
func (e WebsocketEvent) ToMap() map[string]any { return e.raw.object() }

// JSONBody decodes Body as JSON. A body that is not JSON (an empty one
// included) is an error, as the spec's json_body raises ValueError.
func (e WebsocketEvent) JSONBody() (any, error) {
	var v any
	if err := json.Unmarshal([]byte(e.Body), &v); err != nil {
		return nil, err
	}
	return v, nil
}

// Decode decodes Body as JSON into v (a pointer).
func (e WebsocketEvent) Decode(v any) error { return decodeJSON([]byte(e.Body), v) }

// payload is an event's original bytes, decoded into a generic map on the
// first ToMap call. Every value decoded from one payload shares it.
type payload struct {
	b    []byte
	once sync.Once
	v    any
}

func newPayload(b []byte) *payload { return &payload{b: append([]byte(nil), b...)} }

func (p *payload) value() any {
	if p == nil {
		return nil
	}
	p.once.Do(func() {
		if err := json.Unmarshal(p.b, &p.v); err != nil {
			p.v = nil
		}
	})
	return p.v
}

func (p *payload) object() map[string]any {
	m, _ := p.value().(map[string]any)
	return m
}

// record returns Records[i] of the payload.
func (p *payload) record(i int) map[string]any {
	recs, _ := p.object()["Records"].([]any)
	if i < 0 || i >= len(recs) {
		return nil
	}
	m, _ := recs[i].(map[string]any)
	return m
}

func decodeJSON(b []byte, v any) error { return json.Unmarshal(b, v) }
