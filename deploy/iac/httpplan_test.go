package iac

import (
	"testing"

	"github.com/chalice-go/chalice/deploy/plan"
	"github.com/chalice-go/chalice/deploy/plan/plantest"
)

// HTTPPlan is the full plan with its routes as an HTTP API (every
// HTTPAPI field set: JWT and Lambda authorizers, IAM routes, CORS, a
// custom domain), for the renderers' tests here and in iac_test.
var HTTPPlan = httpPlan

// httpPlan builds the HTTP API by hand, as the planner would for
// FullApp's routes under api_gateway_type "http".
func httpPlan(t testing.TB) *plan.Plan {
	t.Helper()
	p := plantest.Build(t, plantest.DomainsConfig, false)
	api := plan.Ref{Kind: plan.RefHTTPAPIID}
	perm := func(fn string) *plan.Permission {
		return &plan.Permission{Function: fn, StatementID: plan.Concat("apigateway-", api), Principal: "apigateway.amazonaws.com",
			SourceARN: plan.ARN("execute-api", api, "/*")}
	}
	d := *p.RestAPI.CustomDomain
	d.V2, d.EndpointType = true, "REGIONAL"
	p.HTTPAPI = &plan.HTTPAPI{
		Name:        p.RestAPI.Name,
		Stage:       plan.HTTPAPIStage,
		Integration: &plan.HTTPIntegration{Function: plan.APIHandler, URI: plan.InvocationURI(plan.APIHandler), PayloadFormatVersion: "2.0", TimeoutMillis: 30000},
		Routes: []*plan.HTTPRoute{
			{Key: "GET /", AuthorizationType: plan.HTTPAuthNone},
			{Key: "GET /builtin", AuthorizationType: plan.HTTPAuthCustom, Authorizer: "gate"},
			{Key: "GET /files/{proxy+}", AuthorizationType: plan.HTTPAuthNone},
			{Key: "GET /items/{id}", AuthorizationType: plan.HTTPAuthNone},
			{Key: "GET /pool", AuthorizationType: plan.HTTPAuthJWT, Authorizer: "Pool"},
			{Key: "POST /files/{proxy+}", AuthorizationType: plan.HTTPAuthNone},
			{Key: "POST /iam", AuthorizationType: plan.HTTPAuthIAM},
			{Key: "PUT /items/{id}", AuthorizationType: plan.HTTPAuthNone},
		},
		Authorizers: []*plan.HTTPAuthorizer{
			{Name: "Pool", Type: plan.HTTPAuthorizerJWT, IdentitySource: []string{"$request.header.Authorization"},
				Issuer: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_abc", Audience: []string{"client-a", "client-b"}},
			{Name: "gate", Type: plan.HTTPAuthorizerRequest, IdentitySource: []string{"$request.header.X-Token", "$context.routeKey"},
				Function: "gate", URI: plan.InvocationURI("gate"), PayloadFormatVersion: "2.0", EnableSimpleResponses: true, TTLSeconds: 60,
				CredentialsRoleARN: "arn:aws:iam::123456789012:role/authorizer"},
		},
		CORS: &plan.HTTPCORS{AllowOrigins: []string{"https://example.com"}, AllowMethods: []string{"GET", "PUT"},
			AllowHeaders: []string{"Authorization", "Content-Type", "X-Custom"}, ExposeHeaders: []string{"X-Total"}, MaxAge: 600, AllowCredentials: true},
		URL:          plan.Concat("https://", api, ".execute-api.", plan.Ref{Kind: plan.RefRegion}, ".", plan.Ref{Kind: plan.RefURLSuffix}, "/"),
		Permissions:  []*plan.Permission{perm(plan.APIHandler), perm("gate")},
		Tags:         p.RestAPI.Tags,
		CustomDomain: &d,
	}
	p.RestAPI = nil
	return p
}
