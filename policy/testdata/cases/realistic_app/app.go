// A realistic app: an HTTP API over orders, an SQS worker that summarises
// them with Bedrock and notifies, a nightly export, and a pure Lambda that
// fans out. Ten services.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/s3/manager"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime"
	brtypes "github.com/aws/aws-sdk-go-v2/service/bedrockruntime/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/chalice-go/chalice/policy/testdata/cases/realistic_app/store"
)

var (
	cfg     = aws.Config{Region: "eu-west-1"}
	s3c     = s3.NewFromConfig(cfg)
	presign = s3.NewPresignClient(s3c)
	orders  store.Orders
	queue   store.Queue
)

func init() {
	orders = store.DynamoOrders{DB: dynamodb.NewFromConfig(cfg)}
	queue = store.SQSQueue{Client: nil, URL: os.Getenv("QUEUE_URL")}
}

func GetUpload(ctx context.Context, key string) (string, error) {
	req, err := presign.PresignGetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("order-uploads"), Key: aws.String(key)})
	if err != nil {
		return "", err
	}
	return req.URL, nil
}

func CreateOrder(ctx context.Context, id string) error {
	if err := orders.Put(ctx, id); err != nil {
		return err
	}
	return queue.Send(ctx, id)
}

func ListOrders(ctx context.Context, customer string) ([]string, error) {
	return orders.List(ctx, customer)
}

func Worker(ctx context.Context, body string) error {
	secret, err := secretsmanager.NewFromConfig(cfg).GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String("prod/partner-api")})
	if err != nil {
		return err
	}
	_ = secret
	out, err := bedrockruntime.NewFromConfig(cfg).Converse(ctx, &bedrockruntime.ConverseInput{
		ModelId:  aws.String("anthropic.claude-3-haiku-20240307-v1:0"),
		Messages: []brtypes.Message{{Role: brtypes.ConversationRoleUser, Content: []brtypes.ContentBlock{&brtypes.ContentBlockMemberText{Value: body}}}},
	})
	if err != nil {
		return err
	}
	_ = out
	if _, err := sns.NewFromConfig(cfg).Publish(ctx, &sns.PublishInput{
		TopicArn: aws.String("arn:aws:sns:eu-west-1:123456789012:order-events"),
		Message:  aws.String(body),
	}); err != nil {
		return err
	}
	_, err = cloudwatch.NewFromConfig(cfg).PutMetricData(ctx, &cloudwatch.PutMetricDataInput{
		Namespace:  aws.String("orders"),
		MetricData: []cwtypes.MetricDatum{{MetricName: aws.String("processed"), Value: aws.Float64(1)}},
	})
	return err
}

func Nightly(ctx context.Context) error {
	ids, err := orders.List(ctx, "all")
	if err != nil {
		return err
	}
	b, _ := json.Marshal(ids)
	up := manager.NewUploader(s3c)
	if _, err := up.Upload(ctx, &s3.PutObjectInput{
		Bucket: aws.String("order-exports"),
		Key:    aws.String(time.Now().Format("2006-01-02") + ".json"),
		Body:   bytes.NewReader(b),
	}); err != nil {
		return err
	}
	_, err = eventbridge.NewFromConfig(cfg).PutEvents(ctx, &eventbridge.PutEventsInput{
		Entries: []ebtypes.PutEventsRequestEntry{{Source: aws.String("orders"), DetailType: aws.String("exported"), Detail: aws.String("{}")}},
	})
	return err
}

func FanOut(ctx context.Context) error {
	who, err := sts.NewFromConfig(cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return err
	}
	_ = who
	_, err = lambda.NewFromConfig(cfg).Invoke(ctx, &lambda.InvokeInput{FunctionName: aws.String("orders-dev-worker")})
	return err
}

func main() {}
