package events

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/lambdacontext"

	"github.com/chalice-go/chalice"
	"github.com/chalice-go/chalice/internal/hook"
)

const schedulePayload = `{"version":"0","id":"e1","detail-type":"Scheduled Event","source":"aws.events",
"account":"123","time":"2024-01-01T00:00:00Z","region":"us-west-2","resources":["arn:aws:events:us-west-2:123:rule/r"],"detail":{}}`

func s3Payload(keys ...string) []byte {
	var recs []string
	for _, k := range keys {
		recs = append(recs, `{"eventSource":"aws:s3","eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"b"},"object":{"key":"`+k+`","size":3}}}`)
	}
	return []byte(`{"Records":[` + strings.Join(recs, ",") + `]}`)
}

func sqsPayload(bodies ...string) []byte {
	var recs []string
	for i, b := range bodies {
		id := string(rune('a' + i))
		bb, _ := json.Marshal(b)
		recs = append(recs, `{"messageId":"`+id+`","receiptHandle":"rh-`+id+`","body":`+string(bb)+`,"eventSource":"aws:sqs"}`)
	}
	return []byte(`{"Records":[` + strings.Join(recs, ",") + `]}`)
}

const snsPayload = `{"Records":[{"EventSource":"aws:sns","Sns":{"Subject":"s","Message":"m","TopicArn":"arn:aws:sns:us-west-2:1:t"}}]}`

const kinesisPayload = `{"Records":[{"kinesis":{"partitionKey":"p","sequenceNumber":"1","data":"aGk="}},
{"kinesis":{"partitionKey":"p","sequenceNumber":"2","data":"eW8="}}]}`

const dynamoPayload = `{"Records":[{"eventName":"INSERT","dynamodb":{"Keys":{"id":{"S":"1"}},"NewImage":{"id":{"S":"1"}}}}]}`

func wsPayload(eventType, body string) []byte {
	bb, _ := json.Marshal(body)
	return []byte(`{"requestContext":{"routeKey":"$default","eventType":"` + eventType + `","stage":"api",
"domainName":"abc.execute-api.us-west-2.amazonaws.com","connectionId":"conn-1"},"body":` + string(bb) + `,"isBase64Encoded":false}`)
}

// captureLog sends the app log to a buffer for the test.
func captureLog(t *testing.T) *bytes.Buffer {
	t.Helper()
	var buf bytes.Buffer
	chalice.ConfigureLogger("app", &buf)
	t.Cleanup(func() { chalice.ConfigureLogger("app", os.Stdout) })
	return &buf
}

func TestScheduleForms(t *testing.T) {
	ctx := context.Background()
	var got []string
	adapters := []Invoke{
		Schedule(func(ctx context.Context, e chalice.CloudWatchEvent) error {
			got = append(got, "ctx,err:"+e.DetailType)
			return nil
		}),
		Schedule(func(ctx context.Context, e chalice.CloudWatchEvent) { got = append(got, "ctx:"+e.Source) }),
		Schedule(func(e chalice.CloudWatchEvent) error { got = append(got, "err:"+e.EventID); return nil }),
		Schedule(func(e chalice.CloudWatchEvent) { got = append(got, "none:"+e.Region) }),
		CloudWatch(func(e chalice.CloudWatchEvent) { got = append(got, "cw:"+string(e.Detail)) }),
	}
	for _, a := range adapters {
		out, err := a(ctx, []byte(schedulePayload))
		if err != nil || string(out) != "null" {
			t.Fatalf("got %q, %v", out, err)
		}
	}
	want := []string{"ctx,err:Scheduled Event", "ctx:aws.events", "err:e1", "none:us-west-2", "cw:{}"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestHandlerErrorIsLoggedAndReturned(t *testing.T) {
	logs := captureLog(t)
	boom := errors.New("boom")
	_, err := Schedule(func(context.Context, chalice.CloudWatchEvent) error { return boom })(context.Background(), []byte(schedulePayload))
	if !errors.Is(err, boom) {
		t.Errorf("err = %v", err)
	}
	if !strings.Contains(logs.String(), "app - ERROR - schedule handler failed: boom") {
		t.Errorf("log = %q", logs.String())
	}
	_, err = SQS(func(chalice.SQSEvent) error { return nil })(context.Background(), []byte("{"))
	if err == nil || !strings.Contains(logs.String(), "on_sqs_message: chalice: decoding SQS event") {
		t.Errorf("bad payload: err %v, log %q", err, logs.String())
	}
}

func TestNilHandler(t *testing.T) {
	captureLog(t)
	var h func(context.Context, chalice.SQSEvent) error
	if _, err := SQS(h)(context.Background(), sqsPayload("x")); err == nil {
		t.Error("nil handler should fail, not panic")
	}
	var p func(context.Context, int) (int, error)
	if _, err := Pure(p)(context.Background(), []byte("1")); err == nil {
		t.Error("nil lambda function should fail, not panic")
	}
	var sp func(context.Context, chalice.SQSEvent) (chalice.SQSBatchResult, error)
	if _, err := SQSPartial(sp)(context.Background(), sqsPayload("x")); err == nil {
		t.Error("nil partial handler should fail, not panic")
	}
}

func TestLambdaContextReachesHandler(t *testing.T) {
	ctx := lambdacontext.NewContext(context.Background(), &lambdacontext.LambdaContext{AwsRequestID: "req-1"})
	var id string
	_, err := SNS(func(ctx context.Context, e chalice.SNSEvent) error {
		id = chalice.LambdaContext(ctx).AwsRequestID
		return nil
	})(ctx, []byte(snsPayload))
	if err != nil || id != "req-1" {
		t.Errorf("request id %q, err %v", id, err)
	}
}

func TestS3PerRecord(t *testing.T) {
	captureLog(t)
	var keys []string
	inv := S3(func(ctx context.Context, e chalice.S3Event) error {
		keys = append(keys, e.Key)
		if strings.HasPrefix(e.Key, "bad") {
			return errors.New("cannot handle " + e.Key)
		}
		return nil
	})
	out, err := inv(context.Background(), s3Payload("a+b%2Fc.txt", "d.txt"))
	if err != nil || string(out) != "null" {
		t.Fatalf("got %q, %v", out, err)
	}
	if !reflect.DeepEqual(keys, []string{"a b/c.txt", "d.txt"}) {
		t.Errorf("keys = %q", keys)
	}
	keys = nil
	_, err = inv(context.Background(), s3Payload("bad1", "ok", "bad2"))
	if err == nil || !strings.Contains(err.Error(), "bad1") || !strings.Contains(err.Error(), "bad2") {
		t.Errorf("err = %v", err)
	}
	if len(keys) != 3 {
		t.Errorf("every record should be tried: %q", keys)
	}
}

func TestSNS(t *testing.T) {
	var got chalice.SNSEvent
	_, err := SNS(func(e chalice.SNSEvent) { got = e })(context.Background(), []byte(snsPayload))
	if err != nil || got.Subject != "s" || got.Message != "m" {
		t.Errorf("got %+v, %v", got, err)
	}
}

func TestSQSWholeBatch(t *testing.T) {
	captureLog(t)
	var bodies []string
	inv := SQS(func(ctx context.Context, e chalice.SQSEvent) error {
		for _, r := range e.Records {
			bodies = append(bodies, r.Body)
			if r.Body == "poison" {
				return errors.New("poison message")
			}
		}
		return nil
	})
	out, err := inv(context.Background(), sqsPayload("one", "two"))
	if err != nil || string(out) != "null" || !reflect.DeepEqual(bodies, []string{"one", "two"}) {
		t.Errorf("got %q, %v, bodies %q", out, err, bodies)
	}
	if _, err := inv(context.Background(), sqsPayload("ok", "poison")); err == nil {
		t.Error("a failing batch must fail the invocation")
	}
}

func TestSQSPartial(t *testing.T) {
	captureLog(t)
	inv := SQSPartial(func(ctx context.Context, e chalice.SQSEvent) (chalice.SQSBatchResult, error) {
		var res chalice.SQSBatchResult
		for _, r := range e.Records {
			if strings.HasPrefix(r.Body, "bad") {
				res.Fail(r)
			}
		}
		return res, nil
	})
	out, err := inv(context.Background(), sqsPayload("bad", "good", "bad again"))
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != `{"batchItemFailures":[{"itemIdentifier":"a"},{"itemIdentifier":"c"}]}` {
		t.Errorf("got %s", out)
	}
	out, err = inv(context.Background(), sqsPayload("good"))
	if err != nil || string(out) != `{"batchItemFailures":[]}` {
		t.Errorf("got %s, %v", out, err)
	}
	failAll := SQSPartial(func(chalice.SQSEvent) (chalice.SQSBatchResult, error) {
		return chalice.SQSBatchResult{}, errors.New("down")
	})
	if _, err := failAll(context.Background(), sqsPayload("x")); err == nil {
		t.Error("an error fails the whole batch")
	}
}

func TestKinesisAndDynamoDB(t *testing.T) {
	var data []string
	_, err := Kinesis(func(e chalice.KinesisEvent) {
		for _, r := range e.Records {
			data = append(data, string(r.Data))
		}
	})(context.Background(), []byte(kinesisPayload))
	if err != nil || !reflect.DeepEqual(data, []string{"hi", "yo"}) {
		t.Errorf("kinesis: %q, %v", data, err)
	}
	var names []string
	_, err = DynamoDB(func(ctx context.Context, e chalice.DynamoDBEvent) error {
		for _, r := range e.Records {
			var item struct{ ID string }
			if err := r.DecodeNewImage(&item); err != nil {
				return err
			}
			names = append(names, r.EventName+":"+item.ID)
		}
		return nil
	})(context.Background(), []byte(dynamoPayload))
	if err != nil || !reflect.DeepEqual(names, []string{"INSERT:1"}) {
		t.Errorf("dynamodb: %q, %v", names, err)
	}
}

type order struct {
	ID  string `json:"id"`
	Qty int    `json:"qty"`
}

type receipt struct {
	Total int `json:"total"`
}

func TestPure(t *testing.T) {
	captureLog(t)
	inv := Pure(func(ctx context.Context, o order) (receipt, error) {
		if o.Qty < 0 {
			return receipt{}, errors.New("negative quantity")
		}
		return receipt{Total: o.Qty * 3}, nil
	})
	out, err := inv(context.Background(), []byte(`{"id":"x","qty":4}`))
	if err != nil || string(out) != `{"total":12}` {
		t.Errorf("got %s, %v", out, err)
	}
	out, err = inv(context.Background(), nil)
	if err != nil || string(out) != `{"total":0}` {
		t.Errorf("empty payload: %s, %v", out, err)
	}
	if _, err := inv(context.Background(), []byte(`{"qty":-1}`)); err == nil || err.Error() != "negative quantity" {
		t.Errorf("handler error: %v", err)
	}
	if _, err := inv(context.Background(), []byte(`{"qty":`)); err == nil {
		t.Error("bad JSON should fail")
	}
	raw := Pure(func(ctx context.Context, in json.RawMessage) (json.RawMessage, error) { return in, nil })
	out, err = raw(context.Background(), []byte(`{"any":[1,2]}`))
	if err != nil || string(out) != `{"any":[1,2]}` {
		t.Errorf("raw: %s, %v", out, err)
	}
	m := Pure(func(ctx context.Context, in map[string]any) (map[string]any, error) { return map[string]any{}, nil })
	if out, err := m(context.Background(), []byte(`{}`)); err != nil || string(out) != `{}` {
		t.Errorf("map: %s, %v", out, err)
	}
	var called bool
	noResult := PureError(func(ctx context.Context, in []int) error { called = len(in) == 2; return nil })
	if out, err := noResult(context.Background(), []byte(`[1,2]`)); err != nil || string(out) != "null" || !called {
		t.Errorf("PureError: %s, %v, called %v", out, err, called)
	}
	bad := Pure(func(ctx context.Context, in int) (func(), error) { return func() {}, nil })
	if _, err := bad(context.Background(), []byte(`1`)); err == nil {
		t.Error("an unencodable result should fail")
	}
}

func TestWebsocket(t *testing.T) {
	captureLog(t)
	var ep hook.WebsocketEndpoint
	var ev chalice.WebsocketEvent
	ok := func(ctx context.Context, e chalice.WebsocketEvent) error {
		ep, _ = hook.WebsocketEndpointFrom(ctx)
		ev = e
		return nil
	}
	for _, inv := range []Invoke{WebsocketConnect(ok), WebsocketMessage(ok), WebsocketDisconnect(ok)} {
		out, err := inv(context.Background(), wsPayload("MESSAGE", "hello"))
		if err != nil || string(out) != `{"statusCode":200}` {
			t.Errorf("got %s, %v", out, err)
		}
	}
	if ep != (hook.WebsocketEndpoint{DomainName: "abc.execute-api.us-west-2.amazonaws.com", Stage: "api"}) {
		t.Errorf("endpoint = %+v", ep)
	}
	if ev.ConnectionID != "conn-1" || ev.Body != "hello" {
		t.Errorf("event = %+v", ev)
	}
	fail := WebsocketMessage(func(chalice.WebsocketEvent) error { return errors.New("x") })
	if out, err := fail(context.Background(), wsPayload("MESSAGE", "")); err != nil || string(out) != `{"statusCode":500}` {
		t.Errorf("error: %s, %v", out, err)
	}
	deny := WebsocketConnect(func(chalice.WebsocketEvent) error { return chalice.ForbiddenError("no token") })
	if out, err := deny(context.Background(), wsPayload("CONNECT", "")); err != nil || string(out) != `{"statusCode":403}` {
		t.Errorf("forbidden: %s, %v", out, err)
	}
	if out, err := WebsocketMessage(ok)(context.Background(), []byte("{")); err != nil || string(out) != `{"statusCode":400}` {
		t.Errorf("bad payload: %s, %v", out, err)
	}
}

func TestMiddleware(t *testing.T) {
	var trace []string
	mw := func(name string) Middleware {
		return func(ctx context.Context, event any, next func(context.Context, any) (any, error)) (any, error) {
			trace = append(trace, name+">")
			res, err := next(ctx, event)
			trace = append(trace, "<"+name)
			return res, err
		}
	}
	inv := SQS(func(e chalice.SQSEvent) { trace = append(trace, "handler:"+e.Records[0].Body) }, mw("outer"), nil, mw("inner"))
	if _, err := inv(context.Background(), sqsPayload("m")); err != nil {
		t.Fatal(err)
	}
	want := []string{"outer>", "inner>", "handler:m", "<inner", "<outer"}
	if !reflect.DeepEqual(trace, want) {
		t.Errorf("trace = %q, want %q", trace, want)
	}

	// A middleware may replace the event (same type) or the result.
	rewrite := func(ctx context.Context, event any, next func(context.Context, any) (any, error)) (any, error) {
		o := event.(order)
		o.Qty *= 10
		res, err := next(ctx, o)
		r := res.(receipt)
		r.Total++
		return r, err
	}
	pure := Pure(func(ctx context.Context, o order) (receipt, error) { return receipt{Total: o.Qty}, nil }, rewrite)
	if out, err := pure(context.Background(), []byte(`{"qty":2}`)); err != nil || string(out) != `{"total":21}` {
		t.Errorf("pure with middleware: %s, %v", out, err)
	}

	// Short-circuit: a middleware that does not call next.
	called := false
	stop := func(ctx context.Context, event any, next func(context.Context, any) (any, error)) (any, error) {
		return nil, errors.New("rejected by middleware")
	}
	captureLog(t)
	if _, err := S3(func(chalice.S3Event) { called = true }, stop)(context.Background(), s3Payload("k")); err == nil || called {
		t.Errorf("short-circuit: err %v, called %v", err, called)
	}

	// Passing the wrong type to next is an error, not a panic.
	wrong := func(ctx context.Context, event any, next func(context.Context, any) (any, error)) (any, error) {
		return next(ctx, "not an event")
	}
	if _, err := Schedule(func(chalice.CloudWatchEvent) {}, wrong)(context.Background(), []byte(schedulePayload)); err == nil ||
		!strings.Contains(err.Error(), "middleware passed string") {
		t.Errorf("wrong type: %v", err)
	}
}

func TestPureFuncForms(t *testing.T) {
	captureLog(t)
	ctx := context.Background()
	in := []byte(`{"id":"x","qty":2}`)
	r := func(o order) receipt { return receipt{Total: o.Qty} }
	var seen int
	for i, c := range []struct {
		inv  Invoke
		want string
	}{
		{PureFunc[order, receipt](func(ctx context.Context, o order) (receipt, error) { return r(o), nil }), `{"total":2}`},
		{PureFunc[order, receipt](func(o order) (receipt, error) { return r(o), nil }), `{"total":2}`},
		{PureFunc[order, receipt](func(ctx context.Context, o order) receipt { return r(o) }), `{"total":2}`},
		{PureFunc[order, receipt](func(o order) receipt { return r(o) }), `{"total":2}`},
		{PureFunc[order, any](func(ctx context.Context, o order) error { seen += o.Qty; return nil }), `null`},
		{PureFunc[order, any](func(o order) error { seen += o.Qty; return nil }), `null`},
		{PureFunc[order, any](func(ctx context.Context, o order) { seen += o.Qty }), `null`},
		{PureFunc[order, any](func(o order) { seen += o.Qty }), `null`},
	} {
		out, err := c.inv(ctx, in)
		if err != nil || string(out) != c.want {
			t.Errorf("form %d: %s, %v", i, out, err)
		}
	}
	if seen != 8 {
		t.Errorf("no-result forms called %d times", seen/2)
	}
	fail := PureFunc[order, any](func(order) error { return errors.New("no") })
	if _, err := fail(ctx, in); err == nil {
		t.Error("error form must fail")
	}
	var nilFn func(order) receipt
	if _, err := PureFunc[order, receipt](nilFn)(ctx, in); err == nil {
		t.Error("nil handler must fail, not panic")
	}
}
