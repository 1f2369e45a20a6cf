// Package main is the benchmark app: five AWS services, a blueprint and a
// helper package, shaped like a small real Chalice app.
package main

import (
	"context"
	"encoding/json"
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/sns"

	"github.com/chalice-go/chalice"
	"github.com/chalice-go/chalice/policy/testdata/bench/app/internal/store"
	_ "github.com/chalice-go/chalice/policy/testdata/bench/app/orders"
)

var (
	cfg    = mustConfig()
	st     = store.New(cfg)
	topics = sns.NewFromConfig(cfg)
	fns    = lambda.NewFromConfig(cfg)
)

func mustConfig() aws.Config {
	c, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		panic(err)
	}
	return c
}

type Item struct {
	Name  string `json:"name"`
	Price int    `json:"price"`
}

// GetObject returns an object from S3.
func GetObject(ctx context.Context, key string) (*chalice.Response, error) {
	b, err := st.Get(ctx, key)
	if err != nil {
		return nil, chalice.NotFoundError(key)
	}
	return &chalice.Response{Body: b}, nil
}

// PutObject stores the body and announces it.
func PutObject(ctx context.Context, key string, item Item) error {
	b, _ := json.Marshal(item)
	if err := st.Put(ctx, key, b); err != nil {
		return err
	}
	_, err := topics.Publish(ctx, &sns.PublishInput{
		TopicArn: aws.String("arn:aws:sns:us-east-1:123456789012:objects"),
		Message:  aws.String(key),
	})
	return err
}

// List lists keys.
func List(ctx context.Context) ([]string, error) { return st.List(ctx) }

// Resize runs on uploads and invokes the resizer function.
func Resize(ctx context.Context, ev chalice.S3Event) error {
	payload, _ := json.Marshal(map[string]string{"key": ev.Key})
	_, err := fns.Invoke(ctx, &lambda.InvokeInput{FunctionName: aws.String(os.Getenv("RESIZER")), Payload: payload})
	return err
}

func main() {}
