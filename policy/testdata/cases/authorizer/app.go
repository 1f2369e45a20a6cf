// A built-in authorizer is its own Lambda function.
package main

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/chalice-go/chalice"
)

var db = dynamodb.NewFromConfig(aws.Config{})

func Auth(ctx context.Context, req chalice.AuthRequest) (chalice.AuthResponse, error) {
	out, err := db.GetItem(ctx, &dynamodb.GetItemInput{
		TableName: aws.String("tokens"),
		Key:       map[string]types.AttributeValue{"token": &types.AttributeValueMemberS{Value: req.Token}},
	})
	if err != nil || out.Item == nil {
		return chalice.AuthResponse{}, chalice.UnauthorizedError("no")
	}
	return chalice.AuthResponse{PrincipalID: "user", Routes: []chalice.AuthRoute{{Path: "/"}}}, nil
}

func Private(ctx context.Context) (string, error) { return "secret", nil }

func main() {}
