// Rekognition reads an image named by an S3Object with the caller's
// permissions: the function also needs s3:GetObject. Image bytes sent
// inline need nothing more.
package main

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/rekognition"
	"github.com/aws/aws-sdk-go-v2/service/rekognition/types"
)

var rk = rekognition.NewFromConfig(aws.Config{})

func Labels(ctx context.Context, bucket, key string) error {
	_, err := rk.DetectLabels(ctx, &rekognition.DetectLabelsInput{
		Image: &types.Image{S3Object: &types.S3Object{Bucket: &bucket, Name: &key}},
	})
	return err
}

func Inline(ctx context.Context, img []byte) error {
	_, err := rk.DetectText(ctx, &rekognition.DetectTextInput{Image: &types.Image{Bytes: img}})
	return err
}

func main() {}
