// Package plantest builds a plan with every feature the planner knows,
// for the tests of the executors and renderers: a renderer that ignores a
// plan field, or a resource deploy creates and a template lacks, shows up
// against it.
package plantest

import (
	"testing"

	"github.com/chalice-go/chalice/config"
	"github.com/chalice-go/chalice/deploy/plan"
	"github.com/chalice-go/chalice/model"
	"github.com/chalice-go/chalice/policy"
)

// Policies answers every policy with a small document naming its source.
type Policies struct{}

// Inferred implements plan.Policies.
func (Policies) Inferred(fn string) (*policy.Document, error) {
	return &policy.Document{Version: policy.Version, Statement: []policy.Statement{
		{Effect: "Allow", Action: policy.StringList{"logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"}, Resource: policy.StringList{"arn:*:logs:*:*:*"}, Sid: "Logs"},
	}}, nil
}

// File implements plan.Policies.
func (Policies) File(f string) (*policy.Document, error) {
	return &policy.Document{Version: policy.Version, Statement: []policy.Statement{
		{Effect: "Allow", Action: policy.StringList{"s3:GetObject"}, Resource: policy.StringList{"*"}, Sid: "File"},
	}}, nil
}

// FullConfig is a stage configuration that sets every setting the plan
// carries.
const FullConfig = `{"version":"2.0","app_name":"full","api_gateway_endpoint_type":"PRIVATE","stages":{"dev":{
	"api_gateway_stage":"v1","api_gateway_endpoint_vpce":["vpce-0123456789abcdef0"],"minimum_compression_size":1024,
	"lambda_memory_size":256,"lambda_timeout":30,"lambda_ephemeral_storage":1024,"xray":true,"log_retention_in_days":14,
	"environment_variables":{"MODE":"full"},"tags":{"team":"web"},"layers":["arn:aws:lambda:us-east-1:123456789012:layer:extra:1"],
	"lambda_functions":{
		"api_handler":{"reserved_concurrency":5,"subnet_ids":["subnet-0123456789abcdef0"],"security_group_ids":["sg-0123456789abcdef0"]},
		"own_role":{"autogen_policy":false,"iam_policy_file":"own.json"},
		"ext_role":{"manage_iam_role":false,"iam_role_arn":"arn:aws:iam::123456789012:role/external"}}}}}`

// DomainsConfig is a stage configuration with what FullConfig cannot
// have beside a PRIVATE API: custom domains for both APIs, and Function
// URLs (public with full and partial CORS, and IAM-signed).
const DomainsConfig = `{"version":"2.0","app_name":"full","api_gateway_endpoint_type":"REGIONAL","stages":{"dev":{
	"api_gateway_stage":"v1",
	"api_gateway_custom_domain":{"domain_name":"api.example.com","certificate_arn":"arn:aws:acm:us-east-1:123456789012:certificate/abc","tls_version":"TLS_1_2","url_prefix":"v1","tags":{"env":"dev"}},
	"websocket_api_custom_domain":{"domain_name":"ws.example.com","certificate_arn":"arn:aws:acm:us-east-1:123456789012:certificate/def","url_prefix":"chat","tags":{"env":"dev"}},
	"lambda_functions":{
		"own_role":{"function_url":{"auth_type":"NONE","cors":{"allow_origins":["https://a.example.com"],"allow_methods":["GET","POST"],"allow_headers":["x-a"],"expose_headers":["x-b"],"max_age":60,"allow_credentials":true}}},
		"ext_role":{"function_url":{"auth_type":"AWS_IAM"}},
		"every_hour":{"function_url":{"auth_type":"NONE","cors":{"allow_origins":["*"]}}}}}}}`

// FullApp is an app with every kind of route, authorizer and event
// source. withS3 adds an S3 event handler (which CloudFormation cannot
// express).
func FullApp(withS3 bool) *model.App {
	batch := model.Signature{Result: model.ResultValueError, ResultType: model.Type{Name: "SQSBatchResult", PkgPath: "github.com/chalice-go/chalice"}}
	app := &model.App{
		Experimental: []string{model.FeatureWebsockets},
		BinaryTypes:  []string{"image/png", "application/octet-stream"},
		Routes: []*model.Route{
			{Path: "/", Methods: []string{"GET"}},
			{Path: "/items/{id}", Methods: []string{"GET", "PUT"}, CORS: &model.CORS{AllowOrigin: "https://example.com", AllowHeaders: []string{"X-Custom"}, ExposeHeaders: []string{"X-Total"}, MaxAge: 600, AllowCredentials: true}},
			{Path: "/iam", Methods: []string{"POST"}, Authorizer: &model.AuthorizerRef{Kind: model.AuthIAM}, APIKeyRequired: true},
			{Path: "/builtin", Methods: []string{"GET"}, Authorizer: &model.AuthorizerRef{Kind: model.AuthBuiltin, Name: "gate"}},
			{Path: "/pool", Methods: []string{"GET"}, Authorizer: &model.AuthorizerRef{Kind: model.AuthCognito, Var: "pool"}},
			{Path: "/custom", Methods: []string{"GET"}, Authorizer: &model.AuthorizerRef{Kind: model.AuthCustom, Var: "cust"}},
			{Path: "/files/{proxy+}", Methods: []string{"GET", "POST"}},
		},
		Authorizers: []*model.Authorizer{{Name: "gate", TTLSeconds: 60, Header: "X-Token", ExecutionRole: "arn:aws:iam::123456789012:role/authorizer"}},
		AuthorizerVars: []*model.AuthorizerVar{
			{Var: "pool", Kind: model.AuthCognito, Name: "Pool", ProviderARNs: []string{"arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc"}},
			{Var: "cust", Kind: model.AuthCustom, Name: "Cust", TTLSeconds: 30, Header: "X-Key",
				AuthorizerURI: "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth/invocations"},
		},
		Events: []*model.EventHandler{
			{Kind: model.EventSchedule, Name: "every_hour", Schedule: "rate(1 hour)"},
			{Kind: model.EventCloudWatch, Name: "on_ec2", Pattern: `{"source":["aws.ec2"]}`},
			{Kind: model.EventSNS, Name: "on_news", Options: map[string]string{"topic": "news"}},
			{Kind: model.EventSQS, Name: "on_job", Options: map[string]string{"queue": "jobs", "batch_size": "5", "maximum_batching_window_in_seconds": "2"}, Signature: batch},
			{Kind: model.EventKinesis, Name: "on_click", Options: map[string]string{"stream": "clicks", "starting_position": "TRIM_HORIZON"}},
			{Kind: model.EventDynamoDB, Name: "on_change", Options: map[string]string{"stream_arn": "arn:aws:dynamodb:us-east-1:123456789012:table/t/stream/2024-01-01T00:00:00.000"}},
			{Kind: model.EventLambdaFunction, Name: "own_role"},
			{Kind: model.EventLambdaFunction, Name: "ext_role"},
			{Kind: model.EventWSConnect, Name: "websocket_connect"},
			{Kind: model.EventWSMessage, Name: "websocket_message"},
			{Kind: model.EventWSDisconnect, Name: "websocket_disconnect"},
		},
	}
	if withS3 {
		app.Events = append(app.Events,
			&model.EventHandler{Kind: model.EventS3, Name: "on_upload", Options: map[string]string{"bucket": "uploads", "prefix": "in/", "suffix": ".png", "events": "s3:ObjectCreated:*"}},
			&model.EventHandler{Kind: model.EventS3, Name: "on_delete", Options: map[string]string{"bucket": "uploads", "events": "s3:ObjectRemoved:*"}})
	}
	return app
}

// Stage parses a configuration and returns its dev stage.
func Stage(t testing.TB, js string) *config.StageConfig {
	t.Helper()
	f, err := config.Parse("config.json", []byte(js))
	if err != nil {
		t.Fatal(err)
	}
	sc, err := f.Stage("dev")
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// Full builds the full plan.
func Full(t testing.TB, withS3 bool) *plan.Plan {
	t.Helper()
	return Build(t, FullConfig, withS3)
}

// Build plans FullApp with a configuration.
func Build(t testing.TB, config string, withS3 bool) *plan.Plan {
	t.Helper()
	p, err := plan.Build(plan.Inputs{App: FullApp(withS3), Stage: Stage(t, config), Policies: Policies{}})
	if err != nil {
		t.Fatal(err)
	}
	return p
}
