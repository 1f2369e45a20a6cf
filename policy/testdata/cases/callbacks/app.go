// Code handed to the standard library, which calls it back.
package main

import (
	"context"
	"fmt"
	"sort"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sns"
)

var (
	once   sync.Once
	client *s3.Client
)

func get(ctx context.Context) *s3.Client {
	once.Do(func() {
		client = s3.NewFromConfig(aws.Config{})
		client.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("lazy-bucket")})
	})
	return client
}

// byPriority sorts by asking SNS, absurdly; sort.Sort calls Less.
type byPriority []string

func (b byPriority) Len() int      { return len(b) }
func (b byPriority) Swap(i, j int) { b[i], b[j] = b[j], b[i] }
func (b byPriority) Less(i, j int) bool {
	sns.NewFromConfig(aws.Config{}).GetTopicAttributes(context.Background(), &sns.GetTopicAttributesInput{})
	return b[i] < b[j]
}

// reporter is printed: fmt calls String, never Purge.
type reporter struct{ c *s3.Client }

func (r reporter) String() string {
	r.c.GetBucketLocation(context.Background(), &s3.GetBucketLocationInput{Bucket: aws.String("report-bucket")})
	return "reporter"
}

func (r reporter) Purge(ctx context.Context) {
	r.c.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: aws.String("report-bucket")})
}

func Run(ctx context.Context, names []string) error {
	c := get(ctx)
	sort.Sort(byPriority(names))
	fmt.Println(reporter{c: c})
	return nil
}

func main() {}
