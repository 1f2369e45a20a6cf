package events

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
)

// Pure adapts a //chalice:lambda_function handler: the payload is decoded
// into In with encoding/json (an empty payload leaves In zero) and the
// result encoded as JSON, with no other mapping, as the spec's pure Lambda
// functions. Take json.RawMessage to receive the payload as is, return
// json.RawMessage to answer raw JSON.
func Pure[In, Out any](fn func(context.Context, In) (Out, error), mw ...Middleware) Invoke {
	h := chain(func(ctx context.Context, in In) (any, error) {
		if fn == nil {
			return nil, fmt.Errorf("chalice: nil lambda function")
		}
		return fn(ctx, in)
	}, mw)
	return func(ctx context.Context, payload []byte) ([]byte, error) {
		in, err := decodeInput[In](payload)
		if err != nil {
			return nil, logDecode(ctx, "lambda_function", err)
		}
		out, err := h(ctx, in)
		if err != nil {
			logError(ctx, "lambda_function", err)
			return nil, err
		}
		b, err := json.Marshal(out)
		if err != nil {
			err = fmt.Errorf("chalice: encoding the result: %w", err)
			logError(ctx, "lambda_function", err)
			return nil, err
		}
		return b, nil
	}
}

// PureError adapts a //chalice:lambda_function handler that returns only an
// error; the invocation answers null.
func PureError[In any](fn func(context.Context, In) error, mw ...Middleware) Invoke {
	return Pure(func(ctx context.Context, in In) (any, error) {
		if fn == nil {
			return nil, fmt.Errorf("chalice: nil lambda function")
		}
		return nil, fn(ctx, in)
	}, mw...)
}

func decodeInput[In any](payload []byte) (In, error) {
	var in In
	if len(bytes.TrimSpace(payload)) == 0 {
		return in, nil
	}
	if err := json.Unmarshal(payload, &in); err != nil {
		return in, fmt.Errorf("chalice: decoding the input as %T: %w", in, err)
	}
	return in, nil
}
