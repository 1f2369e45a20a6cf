// SDK helpers run operations inside the SDK: the s3 transfer manager,
// the STS credential providers; attributevalue calls nothing.
package main

import (
	"bytes"
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/feature/s3/manager"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

var cfg = aws.Config{}

func Upload(ctx context.Context) error {
	up := manager.NewUploader(s3.NewFromConfig(cfg))
	_, err := up.Upload(ctx, &s3.PutObjectInput{Bucket: aws.String("uploads"), Key: aws.String("k"), Body: bytes.NewReader(nil)})
	return err
}

func Download(ctx context.Context) error {
	dl := manager.NewDownloader(s3.NewFromConfig(cfg))
	_, err := dl.Download(ctx, manager.NewWriteAtBuffer(nil), &s3.GetObjectInput{Bucket: aws.String("uploads"), Key: aws.String("k")})
	return err
}

func Assume(ctx context.Context) error {
	p := stscreds.NewAssumeRoleProvider(sts.NewFromConfig(cfg), "arn:aws:iam::123456789012:role/reader")
	c := cfg.Copy()
	c.Credentials = aws.NewCredentialsCache(p)
	_, err := s3.NewFromConfig(c).ListBuckets(ctx, &s3.ListBucketsInput{})
	return err
}

func Marshal(ctx context.Context) error {
	_, err := attributevalue.MarshalMap(map[string]string{"id": "1"})
	return err
}

func main() {}
