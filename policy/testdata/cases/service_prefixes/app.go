// IAM service prefixes are not always the SDK's signing names: CloudWatch
// signs as "monitoring", the Resource Groups Tagging API as "tagging".
package main

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/resourcegroupstaggingapi"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
)

func Metrics(ctx context.Context) error {
	cw := cloudwatch.NewFromConfig(aws.Config{})
	_, err := cw.PutMetricData(ctx, &cloudwatch.PutMetricDataInput{
		Namespace:  aws.String("app"),
		MetricData: []types.MetricDatum{{MetricName: aws.String("hits"), Value: aws.Float64(1)}},
	})
	return err
}

func Tagged(ctx context.Context) error {
	_, err := resourcegroupstaggingapi.NewFromConfig(aws.Config{}).GetResources(ctx, &resourcegroupstaggingapi.GetResourcesInput{})
	return err
}

func Secret(ctx context.Context) error {
	_, err := secretsmanager.NewFromConfig(aws.Config{}).GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String("db")})
	return err
}

func main() {}
