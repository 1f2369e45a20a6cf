package chalice

import "encoding/json"

// CloudWatchEvent is what schedule and on_cw_event handlers receive.
type CloudWatchEvent struct {
	Version    string
	Account    string
	Region     string
	DetailType string
	Source     string
	Time       string
	EventID    string
	Detail     json.RawMessage
	Resources  []string
	raw        map[string]any
}

// ToMap returns the event as Lambda delivered it.
func (e CloudWatchEvent) ToMap() map[string]any { return e.raw }

// S3Event is what on_s3_event handlers receive; Key is URL-decoded.
type S3Event struct {
	Bucket string
	Key    string
	raw    map[string]any
}

// ToMap returns the event as Lambda delivered it.
func (e S3Event) ToMap() map[string]any { return e.raw }

// SNSEvent is what on_sns_message handlers receive.
type SNSEvent struct {
	Subject string
	Message string
	raw     map[string]any
}

// ToMap returns the event as Lambda delivered it.
func (e SNSEvent) ToMap() map[string]any { return e.raw }

// SQSEvent is a batch of SQS messages.
type SQSEvent struct {
	Records []SQSRecord
	raw     map[string]any
}

// ToMap returns the event as Lambda delivered it.
func (e SQSEvent) ToMap() map[string]any { return e.raw }

// SQSRecord is one SQS message.
type SQSRecord struct {
	Body          string
	ReceiptHandle string
	raw           map[string]any
}

// ToMap returns the record as Lambda delivered it.
func (r SQSRecord) ToMap() map[string]any { return r.raw }

// WebsocketEvent is what websocket handlers receive.
type WebsocketEvent struct {
	DomainName   string
	Stage        string
	ConnectionID string
	Body         string
	raw          map[string]any
}

// ToMap returns the event as Lambda delivered it.
func (e WebsocketEvent) ToMap() map[string]any { return e.raw }
