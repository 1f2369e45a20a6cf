// SDK calls at init time run in every Lambda function of the app.
package main

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

var tableStatus = describe()

func describe() string {
	out, err := dynamodb.NewFromConfig(aws.Config{}).DescribeTable(context.Background(), &dynamodb.DescribeTableInput{TableName: aws.String("settings")})
	if err != nil || out.Table == nil {
		return ""
	}
	return string(out.Table.TableStatus)
}

func init() {
	s3.NewFromConfig(aws.Config{}).HeadBucket(context.Background(), &s3.HeadBucketInput{Bucket: aws.String("boot-bucket")})
}

func Index(ctx context.Context) (string, error) { return tableStatus, nil }

func Work(ctx context.Context) error {
	_, err := sqs.NewFromConfig(aws.Config{}).ListQueues(ctx, &sqs.ListQueuesInput{})
	return err
}

func main() {}
