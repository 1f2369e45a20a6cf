// Command awshello is the quick start app written directly against
// aws-lambda-go: GET / answers {"hello":"world"} through
// events.APIGatewayProxyRequest and a reflective lambda.Start handler. It
// exists to compare bootstrap sizes (BenchmarkHelloBootstrapSize).
package main

import (
	"context"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

func handler(ctx context.Context, req events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
	if req.HTTPMethod != "GET" || req.Path != "/" {
		return events.APIGatewayProxyResponse{StatusCode: 403, Body: `{"message":"Missing Authentication Token"}`}, nil
	}
	return events.APIGatewayProxyResponse{
		StatusCode: 200,
		Headers:    map[string]string{"Content-Type": "application/json"},
		Body:       `{"hello":"world"}`,
	}, nil
}

func main() { lambda.Start(handler) }
