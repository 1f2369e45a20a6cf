package policy

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/chalice-go/chalice/model"
)

func TestEventSourceStatements(t *testing.T) {
	cases := []struct {
		e    model.EventHandler
		want *Statement
	}{
		{model.EventHandler{Kind: model.EventSQS, Options: map[string]string{"queue": "orders"}}, &Statement{
			Effect: "Allow", Sid: "EventSourceSQS",
			Action:   StringList{"sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ReceiveMessage"},
			Resource: StringList{"arn:aws:sqs:*:*:orders"},
		}},
		{model.EventHandler{Kind: model.EventSQS, Options: map[string]string{"queue": "arn:aws:sqs:us-east-1:1:q"}}, &Statement{
			Effect: "Allow", Sid: "EventSourceSQS",
			Action:   StringList{"sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ReceiveMessage"},
			Resource: StringList{"arn:aws:sqs:us-east-1:1:q"},
		}},
		{model.EventHandler{Kind: model.EventKinesis, Options: map[string]string{"stream": "clicks"}}, &Statement{
			Effect: "Allow", Sid: "EventSourceKinesis",
			Action: StringList{"kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords",
				"kinesis:GetShardIterator", "kinesis:ListShards", "kinesis:SubscribeToShard"},
			Resource: StringList{"arn:aws:kinesis:*:*:stream/clicks"},
		}},
		{model.EventHandler{Kind: model.EventDynamoDB, Options: map[string]string{"stream_arn": "arn:aws:dynamodb:us-east-1:1:table/t/stream/x"}}, &Statement{
			Effect: "Allow", Sid: "EventSourceDynamoDB",
			Action:   StringList{"dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams"},
			Resource: StringList{"arn:aws:dynamodb:us-east-1:1:table/t/stream/x"},
		}},
		{model.EventHandler{Kind: model.EventSchedule}, nil},
		{model.EventHandler{Kind: model.EventSNS, Options: map[string]string{"topic": "t"}}, nil},
		{model.EventHandler{Kind: model.EventS3, Options: map[string]string{"bucket": "b"}}, nil},
	}
	for _, c := range cases {
		if diff := cmp.Diff(c.want, EventSourceStatement(&c.e, "")); diff != "" {
			t.Errorf("%s %v: %s", c.e.Kind, c.e.Options, diff)
		}
	}
}

func TestMergeStatementsAppWide(t *testing.T) {
	q := func(name string) Statement {
		return *EventSourceStatement(&model.EventHandler{Kind: model.EventSQS, Options: map[string]string{"queue": name}}, "")
	}
	got := mergeStatements(nil, []Statement{q("b"), XRayStatement()})
	got = mergeStatements(got, []Statement{q("a"), XRayStatement()})
	if len(got) != 2 || got[0].Sid != "EventSourceSQS" || got[1].Sid != "XRay" {
		t.Fatalf("merged = %+v", got)
	}
	if diff := cmp.Diff(StringList{"arn:aws:sqs:*:*:a", "arn:aws:sqs:*:*:b"}, got[0].Resource); diff != "" {
		t.Error(diff)
	}
}
