package main

import "context"

type In struct {
	Name string
	Done chan bool
}

type Stringer interface{ String() string }

//chalice:lambda_function
func A(ctx context.Context, in In) error { return nil }

//chalice:lambda_function
func B(ctx context.Context, in map[string]any) (func(), error) { return nil, nil }

//chalice:lambda_function
func C(ctx context.Context, in Stringer) error { return nil }

//chalice:lambda_function
func D(ctx context.Context) error { return nil }

//chalice:lambda_function
func E(ctx context.Context, in map[string]any) (int, string) { return 0, "" }
