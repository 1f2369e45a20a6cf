package benchmarks

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"

	"github.com/chalice-go/chalice"
	"github.com/chalice-go/chalice/chalicetest"
	chaliceevents "github.com/chalice-go/chalice/runtime/events"
)

// The event benchmarks measure one invocation of an event handler, payload
// bytes to result bytes, through chalice's adapters (runtime/events) and
// through aws-lambda-go's reflective handler with its events types, in the
// same run. Each prints both figures and their ratio (chalice/aws-lambda-go:
// below 1 is faster).

// evSQSBatch is a batch of ten orders, as a queue feeding a consumer sends.
func evSQSBatch() []byte {
	bodies := make([]string, 10)
	for i := range bodies {
		bodies[i] = fmt.Sprintf(`{"orderId":"order-%04d","customer":"customer-%d","items":[{"sku":"SKU-1","qty":2},{"sku":"SKU-2","qty":1}],"total":49.90}`, i, i)
	}
	return chalicetest.SQSEvent("orders", bodies...)
}

// evPair runs the chalice and the aws-lambda-go invocation as sub-benchmarks
// and prints their ratio.
func evPair(b *testing.B, payload []byte, ours, theirs func(context.Context, []byte) ([]byte, error), want string) {
	ctx := context.Background()
	for name, f := range map[string]func(context.Context, []byte) ([]byte, error){"chalice": ours, "aws-lambda-go": theirs} {
		out, err := f(ctx, payload)
		if err != nil || strings.TrimSpace(string(out)) != want {
			b.Fatalf("%s: %s, %v", name, out, err)
		}
	}
	var nsOurs, nsTheirs float64
	run := func(f func(context.Context, []byte) ([]byte, error), ns *float64) func(b *testing.B) {
		return func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(payload)))
			for b.Loop() {
				if _, err := f(ctx, payload); err != nil {
					b.Fatal(err)
				}
			}
			*ns = float64(b.Elapsed().Nanoseconds()) / float64(b.N)
		}
	}
	b.Run("chalice", run(ours, &nsOurs))
	b.Run("aws-lambda-go", run(theirs, &nsTheirs))
	if nsOurs > 0 && nsTheirs > 0 {
		fmt.Printf("%s: chalice %v/op, aws-lambda-go %v/op, ratio %.2f\n", b.Name(),
			time.Duration(nsOurs), time.Duration(nsTheirs), nsOurs/nsTheirs)
	}
}

func BenchmarkEventsSQSBatch10(b *testing.B) {
	var sink int
	ours := chaliceevents.SQS(func(ctx context.Context, e chalice.SQSEvent) error {
		for _, r := range e.Records {
			sink += len(r.Body) + len(r.MessageID)
		}
		return nil
	})
	theirs := lambda.NewHandler(func(ctx context.Context, e events.SQSEvent) error {
		for _, r := range e.Records {
			sink += len(r.Body) + len(r.MessageId)
		}
		return nil
	}).Invoke
	evPair(b, evSQSBatch(), ours, theirs, "null")
}

func BenchmarkEventsS3(b *testing.B) {
	var sink int
	ours := chaliceevents.S3(func(ctx context.Context, e chalice.S3Event) error {
		sink += len(e.Bucket) + len(e.Key)
		return nil
	})
	theirs := lambda.NewHandler(func(ctx context.Context, e events.S3Event) error {
		for _, r := range e.Records {
			sink += len(r.S3.Bucket.Name) + len(r.S3.Object.URLDecodedKey)
		}
		return nil
	}).Invoke
	evPair(b, chalicetest.S3Event("photos-bucket", "uploads/2024/summer holiday/IMG 0042.jpg"), ours, theirs, "null")
}
