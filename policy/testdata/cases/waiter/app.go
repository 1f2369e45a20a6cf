// Waiters poll the operation they wrap.
package main

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

func Wait(ctx context.Context) error {
	s := s3.NewFromConfig(aws.Config{})
	w := s3.NewObjectExistsWaiter(s)
	if err := w.Wait(ctx, &s3.HeadObjectInput{Bucket: aws.String("inbox-bucket"), Key: aws.String("ready")}, time.Minute); err != nil {
		return err
	}
	db := dynamodb.NewFromConfig(aws.Config{})
	_, err := dynamodb.NewTableExistsWaiter(db).WaitForOutput(ctx, &dynamodb.DescribeTableInput{TableName: aws.String("jobs")}, time.Minute)
	return err
}

func main() {}
