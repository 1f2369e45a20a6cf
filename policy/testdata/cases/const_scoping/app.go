// Constant resources at the call site scope the statement.
package main

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/smithy-go/ptr"
)

const bucket = "reports-bucket"

type Name string

const usersTable Name = "users"

func Scoped(ctx context.Context) error {
	cfg := aws.Config{}
	s3c := s3.NewFromConfig(cfg)
	s3c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String("k")})
	s3c.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: ptr.String(bucket)})
	s3c.ListBuckets(ctx, &s3.ListBucketsInput{})
	db := dynamodb.NewFromConfig(cfg)
	db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(string(usersTable))})
	db.Query(ctx, &dynamodb.QueryInput{TableName: aws.String("arn:aws:dynamodb:us-east-1:123456789012:table/events")})
	q := sqs.NewFromConfig(cfg)
	q.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: aws.String("jobs")})
	q.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: aws.String("http://localhost:4566/000000000000/jobs")})
	t := sns.NewFromConfig(cfg)
	t.CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String("events")})
	t.Publish(ctx, &sns.PublishInput{TargetArn: aws.String("arn:aws:sns:us-east-1:123456789012:events")})
	l := lambda.NewFromConfig(cfg)
	l.Invoke(ctx, &lambda.InvokeInput{FunctionName: aws.String("resizer:live")})
	l.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: aws.String("arn:aws:lambda:us-east-1:123456789012:function:resizer")})
	return nil
}

func main() {}
