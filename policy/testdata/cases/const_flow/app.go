// How far constant tracking goes: locals, package vars, branches.
package main

import (
	"context"
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

var (
	// Only ever assigned constants: tracked.
	archive = "archive-bucket"
	// Assigned from the environment: not.
	dynamic = os.Getenv("DYNAMIC")
	// A *string variable assigned aws.String of a constant.
	tableName = aws.String("ledger")
)

var c = s3.NewFromConfig(aws.Config{})

func Run(ctx context.Context, hot bool) error {
	b := "local-bucket"
	c.GetObjectTagging(ctx, &s3.GetObjectTaggingInput{Bucket: &b})
	c.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(archive)})
	c.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(dynamic)})

	name := "cold-bucket"
	if hot {
		name = "hot-bucket"
	}
	in := &s3.PutObjectInput{Key: aws.String("k")}
	in.Bucket = aws.String(name)
	c.PutObject(ctx, in)

	dynamodb.NewFromConfig(aws.Config{}).UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: tableName})

	msg := &sqs.SendMessageInput{QueueUrl: aws.String("https://sqs.us-east-1.amazonaws.com/123456789012/q")}
	decorate(msg)
	sqs.NewFromConfig(aws.Config{}).SendMessage(ctx, msg)
	return nil
}

// decorate may change anything in the input: the call is not scoped.
func decorate(in *sqs.SendMessageInput) { in.MessageBody = aws.String("x") }

func main() {}
