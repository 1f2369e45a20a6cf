// Presigned URLs: the caller of the URL acts with the role's permissions.
package main

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

var presigner = s3.NewPresignClient(s3.NewFromConfig(aws.Config{}))

func Download(ctx context.Context, key string) (string, error) {
	req, err := presigner.PresignGetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("media-bucket"), Key: aws.String(key)})
	if err != nil {
		return "", err
	}
	return req.URL, nil
}

func Upload(ctx context.Context, key string) (string, error) {
	req, err := presigner.PresignPostObject(ctx, &s3.PutObjectInput{Bucket: aws.String("media-bucket"), Key: aws.String(key)})
	if err != nil {
		return "", err
	}
	return req.URL, nil
}

func main() {}
