package events

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
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
			return nil, errNilPure
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
			return nil, errNilPure
		}
		return nil, fn(ctx, in)
	}, mw...)
}

var errNilPure = errors.New("chalice: nil lambda function")

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

// PureHandler is the set of accepted pure Lambda forms for input In and
// result Out: with or without the context, returning (Out, error), Out,
// error or nothing.
type PureHandler[In, Out any] interface {
	func(context.Context, In) (Out, error) | func(In) (Out, error) |
		func(context.Context, In) Out | func(In) Out |
		func(context.Context, In) error | func(In) error |
		func(context.Context, In) | func(In)
}

// PureFunc adapts a //chalice:lambda_function handler of any accepted form
// as Pure does; forms without a value answer null. Go infers the handler
// type but not In and Out from a union, so they are given:
//
//	events.PureFunc[GreetRequest, GreetResponse](greet)   // func(GreetRequest) GreetResponse
//	events.PureFunc[map[string]any, any](record)          // func(ctx, map[string]any)
func PureFunc[In, Out any, H PureHandler[In, Out]](h H, mw ...Middleware) Invoke {
	var fn func(context.Context, In) (any, error)
	switch f := any(h).(type) {
	case func(context.Context, In) (Out, error):
		if f != nil {
			fn = func(ctx context.Context, in In) (any, error) { return f(ctx, in) }
		}
	case func(In) (Out, error):
		if f != nil {
			fn = func(_ context.Context, in In) (any, error) { return f(in) }
		}
	case func(context.Context, In) Out:
		if f != nil {
			fn = func(ctx context.Context, in In) (any, error) { return f(ctx, in), nil }
		}
	case func(In) Out:
		if f != nil {
			fn = func(_ context.Context, in In) (any, error) { return f(in), nil }
		}
	case func(context.Context, In) error:
		if f != nil {
			fn = func(ctx context.Context, in In) (any, error) { return nil, f(ctx, in) }
		}
	case func(In) error:
		if f != nil {
			fn = func(_ context.Context, in In) (any, error) { return nil, f(in) }
		}
	case func(context.Context, In):
		if f != nil {
			fn = func(ctx context.Context, in In) (any, error) { f(ctx, in); return nil, nil }
		}
	case func(In):
		if f != nil {
			fn = func(_ context.Context, in In) (any, error) { f(in); return nil, nil }
		}
	}
	return Pure(fn, mw...)
}
