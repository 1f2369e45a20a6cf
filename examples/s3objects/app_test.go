package main

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/chalice-go/chalice/chalicetest"
	"github.com/chalice-go/chalice/internal/mototest"
)

func TestObjectsInS3(t *testing.T) {
	if testing.Short() {
		t.Skip("moto test skipped in -short mode")
	}
	mototest.Env(t, mototest.Start(t))
	ctx := context.Background()
	c3, err := s3Client(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c3.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(bucket)}); err != nil {
		t.Fatal(err)
	}
	c := chalicetest.New(chaliceApp())
	if r := c.Get(t, "/objects/mykey"); r.StatusCode != 404 || string(r.Body) != `{"Code":"NotFoundError","Message":"mykey"}` {
		t.Fatalf("missing: %d %s", r.StatusCode, r.Body)
	}
	if r := c.Put(t, "/objects/mykey", map[string]any{"foo": []int{1, 2}}); r.StatusCode != 200 || string(r.Body) != "null" {
		t.Fatalf("put: %d %s", r.StatusCode, r.Body)
	}
	if r := c.Get(t, "/objects/mykey"); r.StatusCode != 200 || string(r.Body) != `{"foo":[1,2]}` {
		t.Fatalf("get: %d %s", r.StatusCode, r.Body)
	}
	out, err := c3.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String("mykey")})
	if err != nil {
		t.Fatalf("the object is not in the bucket: %v", err)
	}
	out.Body.Close()
}
