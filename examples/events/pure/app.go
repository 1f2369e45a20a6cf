// Command pure is the spec's pure Lambda functions example: the hello world
// API plus two Lambda functions invoked as is, with no event mapping: their
// input is the invocation payload decoded from JSON, their result is
// encoded as JSON.
package main

//go:generate go tool chalicegen

import (
	"context"
	"errors"
	"strings"
)

//chalice:route GET /
func index() map[string]string {
	return map[string]string{"hello": "world"}
}

// customLambdaFunction takes any JSON object and answers {}.
//
//chalice:lambda_function name=custom_lambda_function
func customLambdaFunction(ctx context.Context, event map[string]any) (map[string]any, error) {
	// Anything you want here.
	return map[string]any{}, nil
}

// GreetRequest is MyFunction's input.
type GreetRequest struct {
	Name     string `json:"name"`
	Language string `json:"language"`
}

// GreetResponse is MyFunction's result.
type GreetResponse struct {
	Greeting string `json:"greeting"`
}

var greetings = map[string]string{"en": "Hello", "fr": "Bonjour", "es": "Hola"}

// otherLambdaFunction is deployed under the name MyFunction.
//
//chalice:lambda_function name=MyFunction
func otherLambdaFunction(ctx context.Context, req GreetRequest) (GreetResponse, error) {
	if strings.TrimSpace(req.Name) == "" {
		return GreetResponse{}, errors.New("name is required")
	}
	hello, ok := greetings[req.Language]
	if !ok {
		hello = greetings["en"]
	}
	return GreetResponse{Greeting: hello + ", " + req.Name + "!"}, nil
}
