// Command deployapp is the app the deploy tests (cmd/chalicegen, against
// moto) deploy: routes behind a built-in authorizer, CORS and an API key, a
// schedule and a partial-batch SQS handler.
package main

//go:generate chalicegen

import (
	"context"

	"github.com/chalice-go/chalice"
)

//chalice:authorizer
func gate(ctx context.Context, req chalice.AuthRequest) (chalice.AuthResponse, error) {
	if req.Token == "allow" {
		return chalice.AuthResponse{Routes: chalice.AllowPaths("/"), PrincipalID: "user"}, nil
	}
	return chalice.AuthResponse{PrincipalID: "user"}, nil
}

//chalice:route GET /
func index() map[string]string { return map[string]string{"hello": "world"} }

//chalice:route GET,PUT /items/{id} authorizer=gate cors
func item(id string) map[string]string { return map[string]string{"id": id} }

//chalice:route GET /secret api_key_required
func secret() map[string]bool { return map[string]bool{"secret": true} }

//chalice:schedule rate(1 hour) name=hourly
func hourly(ctx context.Context, event chalice.CloudWatchEvent) {}

//chalice:on_sqs_message queue=jobs batch_size=5 name=jobs
func jobs(ctx context.Context, event chalice.SQSEvent) (chalice.SQSBatchResult, error) {
	return chalice.SQSBatchResult{}, nil
}
