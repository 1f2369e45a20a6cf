// Package events turns typed event handlers into the raw invocation
// functions the runtime dispatches to (runtime.Function.Invoke): each
// adapter decodes the Lambda payload into the chalice event type, calls the
// handler and encodes what Lambda expects back.
//
// The generated chalice_gen.go registers one per event handler:
//
//	Functions: []runtime.Function{
//		{Name: "every_hour", Kind: "schedule", Invoke: events.Schedule(everyHour)},
//		{Name: "handle_sqs_message", Kind: "on_sqs_message", Invoke: events.SQS(handleSQSMessage)},
//	}
//
// A handler may take the context or not and return an error or nothing:
// func(ctx, E) error, func(ctx, E), func(E) error and func(E) are all
// accepted (E being the event type). The context carries the Lambda context
// (chalice.LambdaContext) as the runtime received it. Handler errors are
// logged with chalice.Logger and returned, so Lambda records a failed
// invocation and retries as the event source does; websocket handlers are
// the exception (see WebsocketMessage).
//
// The package imports neither the runtime nor the AWS SDK.
package events

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/chalice-go/chalice"
)

// Invoke is the shape of runtime.Function.Invoke.
type Invoke = func(ctx context.Context, payload []byte) ([]byte, error)

// Middleware wraps event handlers (//chalice:middleware all, or a kind such
// as sqs). event is the value the handler receives (chalice.SQSEvent, one
// chalice.S3Event, a pure Lambda's input...); next calls the rest of the
// chain and returns the handler's result (nil for event handlers, the
// output of a pure Lambda). A middleware may pass next another value of the
// same type. The type is an alias, so a plain func of this shape is one.
type Middleware = func(ctx context.Context, event any, next func(context.Context, any) (any, error)) (any, error)

// Handler is the set of accepted handler forms for event type E.
type Handler[E any] interface {
	func(context.Context, E) error | func(context.Context, E) | func(E) error | func(E)
}

// normalize turns any accepted form into func(ctx, E) error.
func normalize[E any, H Handler[E]](h H) func(context.Context, E) error {
	switch f := any(h).(type) {
	case func(context.Context, E) error:
		if f != nil {
			return f
		}
	case func(context.Context, E):
		if f != nil {
			return func(ctx context.Context, e E) error { f(ctx, e); return nil }
		}
	case func(E) error:
		if f != nil {
			return func(_ context.Context, e E) error { return f(e) }
		}
	case func(E):
		if f != nil {
			return func(_ context.Context, e E) error { f(e); return nil }
		}
	}
	return func(context.Context, E) error { return errors.New("chalice: nil event handler") }
}

// chain puts mws around fn, outermost first. Without middleware it returns
// fn untouched, so the common case pays nothing.
func chain[E any](fn func(context.Context, E) (any, error), mws []Middleware) func(context.Context, E) (any, error) {
	if len(mws) == 0 {
		return fn
	}
	next := func(ctx context.Context, ev any) (any, error) {
		e, ok := ev.(E)
		if !ok {
			var want E
			return nil, fmt.Errorf("chalice: middleware passed %T to the handler, which takes %T", ev, want)
		}
		return fn(ctx, e)
	}
	for i := len(mws) - 1; i >= 0; i-- {
		mw, inner := mws[i], next
		if mw == nil {
			continue
		}
		next = func(ctx context.Context, ev any) (any, error) { return mw(ctx, ev, inner) }
	}
	return func(ctx context.Context, e E) (any, error) { return next(ctx, e) }
}

// call adapts a normalized handler to the middleware chain's shape.
func call[E any](h func(context.Context, E) error, mws []Middleware) func(context.Context, E) (any, error) {
	return chain(func(ctx context.Context, e E) (any, error) { return nil, h(ctx, e) }, mws)
}

// nullResult is what an event handler's invocation returns (JSON null, as
// a Python handler returning None).
func nullResult() []byte { return []byte("null") }

func logError(ctx context.Context, kind string, err error) {
	chalice.Logger(ctx).Error(kind + " handler failed: " + err.Error())
}

func logDecode(ctx context.Context, kind string, err error) error {
	chalice.Logger(ctx).Error(kind + ": " + err.Error())
	return err
}

// cloudWatch serves schedule and on_cw_event handlers.
func cloudWatch[H Handler[chalice.CloudWatchEvent]](kind string, h H, mws []Middleware) Invoke {
	fn := call(normalize[chalice.CloudWatchEvent](h), mws)
	return func(ctx context.Context, payload []byte) ([]byte, error) {
		ev, err := chalice.ParseCloudWatchEvent(payload)
		if err != nil {
			return nil, logDecode(ctx, kind, err)
		}
		if _, err := fn(ctx, ev); err != nil {
			logError(ctx, kind, err)
			return nil, err
		}
		return nullResult(), nil
	}
}

// Schedule adapts a //chalice:schedule handler.
func Schedule[H Handler[chalice.CloudWatchEvent]](h H, mw ...Middleware) Invoke {
	return cloudWatch("schedule", h, mw)
}

// CloudWatch adapts a //chalice:on_cw_event handler.
func CloudWatch[H Handler[chalice.CloudWatchEvent]](h H, mw ...Middleware) Invoke {
	return cloudWatch("on_cw_event", h, mw)
}

// S3 adapts a //chalice:on_s3_event handler. The handler is called once per
// record of the notification (S3 sends one); every record is tried and the
// failures are returned together.
func S3[H Handler[chalice.S3Event]](h H, mw ...Middleware) Invoke {
	fn := call(normalize[chalice.S3Event](h), mw)
	return func(ctx context.Context, payload []byte) ([]byte, error) {
		evs, err := chalice.ParseS3Event(payload)
		if err != nil {
			return nil, logDecode(ctx, "on_s3_event", err)
		}
		var errs []error
		for _, ev := range evs {
			if _, err := fn(ctx, ev); err != nil {
				logError(ctx, "on_s3_event", err)
				errs = append(errs, err)
			}
		}
		if len(errs) > 0 {
			return nil, errors.Join(errs...)
		}
		return nullResult(), nil
	}
}

// SNS adapts a //chalice:on_sns_message handler, called once per record
// (SNS sends one) like S3.
func SNS[H Handler[chalice.SNSEvent]](h H, mw ...Middleware) Invoke {
	fn := call(normalize[chalice.SNSEvent](h), mw)
	return func(ctx context.Context, payload []byte) ([]byte, error) {
		evs, err := chalice.ParseSNSEvent(payload)
		if err != nil {
			return nil, logDecode(ctx, "on_sns_message", err)
		}
		var errs []error
		for _, ev := range evs {
			if _, err := fn(ctx, ev); err != nil {
				logError(ctx, "on_sns_message", err)
				errs = append(errs, err)
			}
		}
		if len(errs) > 0 {
			return nil, errors.Join(errs...)
		}
		return nullResult(), nil
	}
}

// SQS adapts a //chalice:on_sqs_message handler taking the whole batch. The
// batch succeeds or fails as a whole, as the spec says: a returned error
// fails the invocation, and Lambda makes every message of the batch visible
// again once the visibility timeout passes.
func SQS[H Handler[chalice.SQSEvent]](h H, mw ...Middleware) Invoke {
	fn := call(normalize[chalice.SQSEvent](h), mw)
	return func(ctx context.Context, payload []byte) ([]byte, error) {
		ev, err := chalice.ParseSQSEvent(payload)
		if err != nil {
			return nil, logDecode(ctx, "on_sqs_message", err)
		}
		if _, err := fn(ctx, ev); err != nil {
			logError(ctx, "on_sqs_message", err)
			return nil, err
		}
		return nullResult(), nil
	}
}

// SQSPartialHandler is the set of accepted partial-batch SQS handler forms.
type SQSPartialHandler interface {
	func(context.Context, chalice.SQSEvent) (chalice.SQSBatchResult, error) |
		func(chalice.SQSEvent) (chalice.SQSBatchResult, error)
}

// SQSPartial adapts an SQS handler that reports failures message by
// message: it answers Lambda's partial batch response,
// {"batchItemFailures":[{"itemIdentifier":"<message id>"}]}, so only the
// failed messages return to the queue. An error fails the whole batch. The
// event source mapping must enable ReportBatchItemFailures.
func SQSPartial[H SQSPartialHandler](h H, mw ...Middleware) Invoke {
	var base func(context.Context, chalice.SQSEvent) (chalice.SQSBatchResult, error)
	switch f := any(h).(type) {
	case func(context.Context, chalice.SQSEvent) (chalice.SQSBatchResult, error):
		base = f
	case func(chalice.SQSEvent) (chalice.SQSBatchResult, error):
		if f != nil {
			base = func(_ context.Context, e chalice.SQSEvent) (chalice.SQSBatchResult, error) { return f(e) }
		}
	}
	if base == nil {
		base = func(context.Context, chalice.SQSEvent) (chalice.SQSBatchResult, error) {
			return chalice.SQSBatchResult{}, errors.New("chalice: nil event handler")
		}
	}
	fn := chain(func(ctx context.Context, e chalice.SQSEvent) (any, error) { return base(ctx, e) }, mw)
	return func(ctx context.Context, payload []byte) ([]byte, error) {
		ev, err := chalice.ParseSQSEvent(payload)
		if err != nil {
			return nil, logDecode(ctx, "on_sqs_message", err)
		}
		res, err := fn(ctx, ev)
		if err != nil {
			logError(ctx, "on_sqs_message", err)
			return nil, err
		}
		var failed []string
		switch r := res.(type) {
		case chalice.SQSBatchResult:
			failed = r.FailedMessageIDs
		case *chalice.SQSBatchResult:
			if r != nil {
				failed = r.FailedMessageIDs
			}
		}
		return batchResponse(failed), nil
	}
}

// batchResponse encodes Lambda's partial batch response.
func batchResponse(ids []string) []byte {
	type item struct {
		ItemIdentifier string `json:"itemIdentifier"`
	}
	out := struct {
		BatchItemFailures []item `json:"batchItemFailures"`
	}{BatchItemFailures: make([]item, 0, len(ids))}
	for _, id := range ids {
		out.BatchItemFailures = append(out.BatchItemFailures, item{ItemIdentifier: id})
	}
	b, _ := json.Marshal(out) // strings only: cannot fail
	return b
}

// Kinesis adapts a //chalice:on_kinesis_record handler taking the whole
// batch; an error fails it as a whole.
func Kinesis[H Handler[chalice.KinesisEvent]](h H, mw ...Middleware) Invoke {
	fn := call(normalize[chalice.KinesisEvent](h), mw)
	return func(ctx context.Context, payload []byte) ([]byte, error) {
		ev, err := chalice.ParseKinesisEvent(payload)
		if err != nil {
			return nil, logDecode(ctx, "on_kinesis_record", err)
		}
		if _, err := fn(ctx, ev); err != nil {
			logError(ctx, "on_kinesis_record", err)
			return nil, err
		}
		return nullResult(), nil
	}
}

// DynamoDB adapts a //chalice:on_dynamodb_record handler taking the whole
// batch; an error fails it as a whole.
func DynamoDB[H Handler[chalice.DynamoDBEvent]](h H, mw ...Middleware) Invoke {
	fn := call(normalize[chalice.DynamoDBEvent](h), mw)
	return func(ctx context.Context, payload []byte) ([]byte, error) {
		ev, err := chalice.ParseDynamoDBEvent(payload)
		if err != nil {
			return nil, logDecode(ctx, "on_dynamodb_record", err)
		}
		if _, err := fn(ctx, ev); err != nil {
			logError(ctx, "on_dynamodb_record", err)
			return nil, err
		}
		return nullResult(), nil
	}
}
