// Values handed to code without a body (encoding/json, fmt, io) only have
// the methods called that the library can find: those of the interface the
// value was converted to, and the standard ones with their exact signature.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

type session struct {
	ID string
	s3 *s3.Client
	q  *sqs.Client
}

// Close has the name of io.Closer's method but not its signature: nothing
// in encoding/json or fmt can call it.
func (s *session) Close(ctx context.Context) {
	s.s3.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String("sessions"), Key: aws.String(s.ID)})
}

// String is fmt.Stringer's: fmt calls it.
func (s *session) String() string {
	s.q.GetQueueUrl(context.Background(), &sqs.GetQueueUrlInput{QueueName: aws.String("audit")})
	return s.ID
}

type body struct{ c *s3.Client }

// Read is io.Reader's: io.ReadAll calls it.
func (b body) Read(p []byte) (int, error) {
	b.c.GetObject(context.Background(), &s3.GetObjectInput{Bucket: aws.String("bodies"), Key: aws.String("k")})
	return 0, io.EOF
}

func Handle(ctx context.Context) (string, error) {
	s := &session{ID: "x", s3: s3.NewFromConfig(aws.Config{}), q: sqs.NewFromConfig(aws.Config{})}
	b, _ := json.Marshal(s)
	io.ReadAll(body{c: s.s3})
	return fmt.Sprint(s) + string(b), nil
}

func main() {}
