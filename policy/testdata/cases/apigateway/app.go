// API Gateway's control plane is authorized by HTTP verb.
package main

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
)

func Keys(ctx context.Context) error {
	c := apigateway.NewFromConfig(aws.Config{})
	c.GetRestApis(ctx, &apigateway.GetRestApisInput{})
	c.CreateApiKey(ctx, &apigateway.CreateApiKeyInput{})
	c.UpdateStage(ctx, &apigateway.UpdateStageInput{})
	c.DeleteApiKey(ctx, &apigateway.DeleteApiKeyInput{})
	return nil
}

func main() {}
