package policy

import (
	"strings"

	"github.com/chalice-go/chalice/model"
)

// Polled event sources (SQS, Kinesis, DynamoDB streams) are read by
// Lambda's event source mapping with the function's own role, so the role
// needs read access that no call in the app's code shows.

// EventSourceStatement returns the permissions the event source mapping of
// e needs, or nil for sources that push to the function (schedules, S3,
// SNS, ...), which grant access through a resource policy instead.
func EventSourceStatement(e *model.EventHandler, partition string) *Statement {
	if partition == "" {
		partition = "aws"
	}
	var actions []string
	var resource, sid string
	switch e.Kind {
	case model.EventSQS:
		sid = "EventSourceSQS"
		actions = []string{"sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ReceiveMessage"}
		resource = orARN(e.Options["queue"], "arn:"+partition+":sqs:*:*:")
	case model.EventKinesis:
		sid = "EventSourceKinesis"
		actions = []string{"kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords",
			"kinesis:GetShardIterator", "kinesis:ListShards", "kinesis:SubscribeToShard"}
		resource = orARN(e.Options["stream"], "arn:"+partition+":kinesis:*:*:stream/")
	case model.EventDynamoDB:
		sid = "EventSourceDynamoDB"
		actions = []string{"dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams"}
		resource = e.Options["stream_arn"]
	default:
		return nil
	}
	if resource == "" {
		resource = "*"
	}
	return &Statement{Effect: "Allow", Action: actions, Resource: StringList{resource}, Sid: sid}
}

// orARN keeps an ARN as given and turns a bare name into prefix+name.
func orARN(nameOrARN, prefix string) string {
	if nameOrARN == "" || strings.HasPrefix(nameOrARN, "arn:") {
		return nameOrARN
	}
	return prefix + nameOrARN
}

// XRayStatement is what a function with active tracing needs to send
// trace segments.
func XRayStatement() Statement {
	return Statement{
		Effect:   "Allow",
		Action:   StringList{"xray:PutTelemetryRecords", "xray:PutTraceSegments"},
		Resource: StringList{"*"},
		Sid:      "XRay",
	}
}
