// Command hello is the packaging fixture: a Lambda function written directly
// against aws-lambda-go. It stands in for a chalicegen-generated app until
// runtime.Start works, and serves the logical function named by _HANDLER as a
// generated app does.
package main

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambdacontext"
)

// greeting is a chalicelib/ data file: compiled into the binary, so it needs
// no place of its own in the deployment package.
//
//go:embed chalicelib/greeting.txt
var greeting string

func apiHandler(ctx context.Context, req events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
	name := req.PathParameters["name"]
	if name == "fail" {
		return events.APIGatewayProxyResponse{}, errors.New("asked to fail")
	}
	lc, _ := lambdacontext.FromContext(ctx)
	var requestID, arn string
	if lc != nil {
		requestID, arn = lc.AwsRequestID, lc.InvokedFunctionArn
	}
	deadline, _ := ctx.Deadline()
	body, err := json.Marshal(map[string]any{
		"greeting":      strings.TrimSpace(greeting) + ", " + name,
		"method":        req.HTTPMethod,
		"path":          req.Path,
		"query":         req.QueryStringParameters["q"],
		"stage":         req.RequestContext.Stage,
		"handler":       os.Getenv("_HANDLER"),
		"function_name": lambdacontext.FunctionName,
		"request_id":    requestID,
		"function_arn":  arn,
		"trace_id":      os.Getenv("_X_AMZN_TRACE_ID"),
		"deadline_ms":   deadline.UnixMilli(),
	})
	if err != nil {
		return events.APIGatewayProxyResponse{}, err
	}
	return events.APIGatewayProxyResponse{
		StatusCode: 200,
		Headers:    map[string]string{"Content-Type": "application/json"},
		Body:       string(body),
	}, nil
}

func main() {
	switch h := os.Getenv("_HANDLER"); h {
	case "api_handler":
		lambda.Start(apiHandler)
	default:
		fmt.Fprintf(os.Stderr, "hello: no logical function named %q\n", h)
		os.Exit(1)
	}
}
