package plantest

import (
	"slices"
	"testing"

	"github.com/chalice-go/chalice/deploy/plan"
	"github.com/chalice-go/chalice/model"
)

// HTTPConfig is a stage configuration that plans FullApp's routes as an
// HTTP API (api_gateway_type "http") with a custom domain, beside every
// function setting FullConfig has.
const HTTPConfig = `{"version":"2.0","app_name":"full","api_gateway_type":"http","stages":{"dev":{
	"lambda_memory_size":256,"lambda_timeout":30,"lambda_ephemeral_storage":1024,"xray":true,"log_retention_in_days":14,
	"environment_variables":{"MODE":"full"},"tags":{"team":"web"},"layers":["arn:aws:lambda:us-east-1:123456789012:layer:extra:1"],
	"api_gateway_custom_domain":{"domain_name":"api.example.com","certificate_arn":"arn:aws:acm:us-east-1:123456789012:certificate/abc","tls_version":"TLS_1_2","url_prefix":"v1","tags":{"env":"dev"}},
	"lambda_functions":{
		"api_handler":{"reserved_concurrency":5,"subnet_ids":["subnet-0123456789abcdef0"],"security_group_ids":["sg-0123456789abcdef0"]},
		"own_role":{"autogen_policy":false,"iam_policy_file":"own.json"},
		"ext_role":{"manage_iam_role":false,"iam_role_arn":"arn:aws:iam::123456789012:role/external"}}}}}`

// HTTPApp is FullApp as an HTTP API can serve it: every route shares one
// CORS configuration, the Cognito pool names its app clients, and what
// an HTTP API cannot express (API keys, a custom TOKEN authorizer, binary
// types) is left out.
func HTTPApp() *model.App {
	app := FullApp(false)
	app.BinaryTypes = nil
	cors := &model.CORS{AllowOrigin: "https://example.com", AllowHeaders: []string{"X-Custom"}, ExposeHeaders: []string{"X-Total"}, MaxAge: 600, AllowCredentials: true}
	app.Routes = slices.DeleteFunc(app.Routes, func(r *model.Route) bool { return r.Authorizer != nil && r.Authorizer.Kind == model.AuthCustom })
	for _, r := range app.Routes {
		r.APIKeyRequired, r.CORS = false, cors
	}
	app.AuthorizerVars = slices.DeleteFunc(app.AuthorizerVars, func(v *model.AuthorizerVar) bool { return v.Kind == model.AuthCustom })
	for _, v := range app.AuthorizerVars {
		v.Audience = []string{"client-a", "client-b"}
	}
	return app
}

// HTTP plans HTTPApp with HTTPConfig.
func HTTP(t testing.TB) *plan.Plan {
	t.Helper()
	p, err := plan.Build(plan.Inputs{App: HTTPApp(), Stage: Stage(t, HTTPConfig), Policies: Policies{}})
	if err != nil {
		t.Fatal(err)
	}
	return p
}
