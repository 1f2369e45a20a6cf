// chalice_gen.go refers to every handler; it must not make one handler's
// calls part of every function.
package main

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

func A(ctx context.Context) error {
	_, err := s3.NewFromConfig(aws.Config{}).ListBuckets(ctx, &s3.ListBucketsInput{})
	return err
}

func B(ctx context.Context) error {
	_, err := sqs.NewFromConfig(aws.Config{}).ListQueues(ctx, &sqs.ListQueuesInput{})
	return err
}
