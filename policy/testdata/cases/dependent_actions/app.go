// Operations authorised by another action, or needing one more.
package main

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime"
	brtypes "github.com/aws/aws-sdk-go-v2/service/bedrockruntime/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	smtypes "github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"
)

var cfg = aws.Config{}

func Chat(ctx context.Context) error {
	br := bedrockruntime.NewFromConfig(cfg)
	_, err := br.Converse(ctx, &bedrockruntime.ConverseInput{ModelId: aws.String("anthropic.claude-3-haiku-20240307-v1:0")})
	if err != nil {
		return err
	}
	_, err = br.ConverseStream(ctx, &bedrockruntime.ConverseStreamInput{
		ModelId:         aws.String("anthropic.claude-3-haiku-20240307-v1:0"),
		GuardrailConfig: &brtypes.GuardrailStreamConfiguration{GuardrailIdentifier: aws.String("g1")},
	})
	return err
}

func Secrets(ctx context.Context) error {
	sm := secretsmanager.NewFromConfig(cfg)
	_, err := sm.BatchGetSecretValue(ctx, &secretsmanager.BatchGetSecretValueInput{SecretIdList: []string{"a", "b"}})
	return err
}

func SecretsByFilter(ctx context.Context) error {
	sm := secretsmanager.NewFromConfig(cfg)
	_, err := sm.BatchGetSecretValue(ctx, &secretsmanager.BatchGetSecretValueInput{
		Filters: []smtypes.Filter{{Key: smtypes.FilterNameStringTypeName, Values: []string{"app/"}}},
	})
	return err
}

func Copy(ctx context.Context) error {
	_, err := s3.NewFromConfig(cfg).CopyObject(ctx, &s3.CopyObjectInput{
		Bucket:     aws.String("dest-bucket"),
		Key:        aws.String("k"),
		CopySource: aws.String("source-bucket/k"),
	})
	return err
}

func main() {}
