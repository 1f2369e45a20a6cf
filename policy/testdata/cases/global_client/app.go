// A client in a package-level variable built by the SDK's config loader.
package main

import (
	"context"
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

var client = newClient()

func newClient() *s3.Client {
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		panic(err)
	}
	return s3.NewFromConfig(cfg)
}

func Get(ctx context.Context, key string) (string, error) {
	out, err := client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(os.Getenv("BUCKET")), Key: aws.String(key)})
	if err != nil {
		return "", err
	}
	defer out.Body.Close()
	return "ok", nil
}

func main() {}
