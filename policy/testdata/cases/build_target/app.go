// The analysed build is the deployed one: linux, the configured
// architecture (arm64 by default), CGO_ENABLED=0, -tags lambda.norpc.
package main

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

var queues = sqs.NewFromConfig(aws.Config{})

func Handle(ctx context.Context) error { return hook(ctx) }

func main() {}
