//chalice:app experimental=WEBSOCKETS
package main

import (
	"context"
	"encoding/json"

	"github.com/chalice-go/chalice"
)

//chalice:schedule rate(1 hour)
func everyHour(ctx context.Context, e chalice.CloudWatchEvent) error { return nil }

//chalice:schedule "cron(15 10 ? * 6L 2002-2005)" name=cron_handler
func cronHandler(e chalice.CloudWatchEvent) {}

//chalice:on_cw_event {"source": ["aws.codecommit"], "detail-type": ["CodeCommit Repository State Change"]}
func onCommit(ctx context.Context, e chalice.CloudWatchEvent) error { return nil }

//chalice:on_s3_event bucket=mybucket events=s3:ObjectCreated:Put,s3:ObjectRemoved:* prefix=images/ suffix=.jpg
func resizeImage(ctx context.Context, e chalice.S3Event) error { return nil }

//chalice:on_sns_message topic=my-topic name=handle_sns
func onSNS(ctx context.Context, e chalice.SNSEvent) error { return nil }

//chalice:on_sqs_message queue=my-queue batch_size=5 maximum_batching_window_in_seconds=30
func onSQS(ctx context.Context, e chalice.SQSEvent) (chalice.SQSBatchResult, error) {
	return chalice.SQSBatchResult{}, nil
}

//chalice:on_kinesis_record stream=mystream starting_position=TRIM_HORIZON batch_size=100
func onKinesis(ctx context.Context, e chalice.KinesisEvent) error { return nil }

//chalice:on_dynamodb_record stream_arn=arn:aws:dynamodb:us-west-2:123:table/t/stream/2020
func onDynamo(ctx context.Context, e chalice.DynamoDBEvent) error { return nil }

// Input is what the pure Lambda takes.
type Input struct {
	Name string `json:"name"`
}

//chalice:lambda_function name=MyFunction
func pure(ctx context.Context, in Input) (map[string]any, error) { return nil, nil }

//chalice:lambda_function
func rawLambda(ctx context.Context, in json.RawMessage) error { return nil }

//chalice:lambda_function
func noResult(in []string) {}

//chalice:on_ws_connect
func connect(ctx context.Context, e chalice.WebsocketEvent) error { return nil }

//chalice:on_ws_message
func message(ctx context.Context, e chalice.WebsocketEvent) error { return nil }

//chalice:on_ws_disconnect
func disconnect(e chalice.WebsocketEvent) error { return nil }

//chalice:middleware http
func logRequests(ctx context.Context, req *chalice.Request, next chalice.HTTPHandler) (*chalice.Response, error) {
	return next(ctx, req)
}

//chalice:middleware
func everything(ctx context.Context, event any, next func(context.Context, any) (any, error)) (any, error) {
	return next(ctx, event)
}

//chalice:middleware sqs
func sqsOnly(ctx context.Context, event any, next func(context.Context, any) (any, error)) (any, error) {
	return next(ctx, event)
}

func main() {}
