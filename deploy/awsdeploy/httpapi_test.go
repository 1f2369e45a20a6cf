package awsdeploy_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/apigatewayv2"
	v2types "github.com/aws/aws-sdk-go-v2/service/apigatewayv2/types"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/google/go-cmp/cmp"

	"github.com/chalice-go/chalice/deploy/awsdeploy"
	"github.com/chalice-go/chalice/deploy/plan"
	"github.com/chalice-go/chalice/deploy/state"
)

// httpAPIConfig deploys examples/httpapi as an HTTP API with a custom
// domain and a Function URL.
const httpAPIConfig = `{"version": "2.0", "app_name": "httpapi", "api_gateway_type": "http",
  "stages": {"dev": {
    "api_gateway_custom_domain": {"domain_name": "http.example.com", "certificate_arn": "arn:aws:acm:us-east-1:123456789012:certificate/http", "url_prefix": "v1", "tags": {"team": "web"}},
    "lambda_functions": {"api_handler": {"function_url": {"auth_type": "AWS_IAM"}}}}}}`

// TestDeployHTTPAPIMoto deploys an HTTP API and checks through the SDK
// what API Gateway holds: the API with its tags and CORS configuration,
// the payload 2.0 integration, the routes with their authorization, the
// JWT and Lambda (simple response) authorizers, the auto-deploying
// $default stage, the permissions, the domain and its API mapping. Then:
// an unchanged redeploy makes no mutating call, a lost record finds the
// API again, a changed app converges (a route deleted, CORS changed), and
// delete removes everything.
func TestDeployHTTPAPIMoto(t *testing.T) {
	e := setup(t)
	ctx := context.Background()
	p := campaignPlan(t, "httpapi", httpAPIConfig)
	preview := func(p *plan.Plan) *awsdeploy.Changes {
		t.Helper()
		st, err := state.Load(e.dir, "dev")
		if err != nil {
			st = state.New()
		}
		e.proxy.Reset()
		c, err := e.dep.Preview(ctx, p, awsdeploy.Code{ZipPath: e.zipPath, SHA256: e.zipSHA}, st)
		if err != nil {
			t.Fatal(err)
		}
		if m := e.proxy.Mutating(); len(m) != 0 {
			t.Errorf("preview made mutating calls: %v", m)
		}
		return c
	}
	if c := preview(p); !slices.Contains(c.Create, "HTTP API httpapi (8 routes, 2 authorizers, stage $default)") ||
		!slices.Contains(c.Create, "custom domain name http.example.com (mapped at /v1)") {
		t.Errorf("preview of the first deploy: %q", c.Create)
	}
	res := e.deploy(t, p)
	id := res.HTTPAPIID
	url := "https://" + id + ".execute-api.us-east-1.amazonaws.com/"
	out := e.out.String()
	for _, want := range []string{"Creating HTTP API: httpapi\n", "  - HTTP API URL: " + url + "\n", "      DomainName: http.example.com\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	c := apigatewayv2.NewFromConfig(e.cfg)
	api, err := c.GetApi(ctx, &apigatewayv2.GetApiInput{ApiId: aws.String(id)})
	if err != nil {
		t.Fatal(err)
	}
	wantCORS := &v2types.Cors{AllowOrigins: []string{"https://app.example.com"}, AllowMethods: []string{"DELETE", "GET", "OPTIONS", "POST", "PUT"},
		AllowHeaders:  []string{"Authorization", "Content-Type", "X-Amz-Date", "X-Amz-Security-Token", "X-Api-Key", "X-Request-Id"},
		ExposeHeaders: []string{"X-Total"}, MaxAge: aws.Int32(600), AllowCredentials: aws.Bool(false)}
	if api.ProtocolType != v2types.ProtocolTypeHttp || aws.ToString(api.Name) != "httpapi" || api.Tags[plan.StageTag] != "httpapi-dev" {
		t.Errorf("api: %s %s %v", api.ProtocolType, aws.ToString(api.Name), api.Tags)
	}
	if d := cmp.Diff(wantCORS, api.CorsConfiguration, cmp.AllowUnexported(v2types.Cors{})); d != "" {
		t.Errorf("CORS (-want +got):\n%s", d)
	}
	ints, err := c.GetIntegrations(ctx, &apigatewayv2.GetIntegrationsInput{ApiId: aws.String(id)})
	if err != nil {
		t.Fatal(err)
	}
	if len(ints.Items) != 1 {
		t.Fatalf("integrations: %+v", ints.Items)
	}
	in := ints.Items[0]
	if in.IntegrationType != v2types.IntegrationTypeAwsProxy || aws.ToString(in.PayloadFormatVersion) != "2.0" || aws.ToInt32(in.TimeoutInMillis) != 30000 ||
		!strings.Contains(aws.ToString(in.IntegrationUri), ":function:httpapi-dev/invocations") {
		t.Errorf("integration: %+v", in)
	}
	auths, err := c.GetAuthorizers(ctx, &apigatewayv2.GetAuthorizersInput{ApiId: aws.String(id)})
	if err != nil {
		t.Fatal(err)
	}
	authByID := map[string]v2types.Authorizer{}
	for _, a := range auths.Items {
		authByID[aws.ToString(a.AuthorizerId)] = a
	}
	routes, err := c.GetRoutes(ctx, &apigatewayv2.GetRoutesInput{ApiId: aws.String(id)})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range routes.Items {
		if aws.ToString(r.Target) != "integrations/"+aws.ToString(in.IntegrationId) {
			t.Errorf("route %s targets %s", aws.ToString(r.RouteKey), aws.ToString(r.Target))
		}
		s := string(r.AuthorizationType)
		if a, ok := authByID[aws.ToString(r.AuthorizerId)]; ok {
			s += " " + aws.ToString(a.Name)
		}
		got[aws.ToString(r.RouteKey)] = s
	}
	want := map[string]string{
		"GET /": "NONE", "GET /users/{name}": "NONE", "PUT /users/{name}": "NONE", "GET /files/{proxy+}": "NONE",
		"GET /private/{item}": "CUSTOM gate", "DELETE /private/{item}": "CUSTOM gate",
		"POST /signed": "AWS_IAM", "GET /me": "JWT UserPool",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("routes (-want +got):\n%s", d)
	}
	for _, a := range auths.Items {
		switch aws.ToString(a.Name) {
		case "UserPool":
			if a.AuthorizerType != v2types.AuthorizerTypeJwt || a.JwtConfiguration == nil ||
				aws.ToString(a.JwtConfiguration.Issuer) != "https://cognito-idp.us-west-2.amazonaws.com/us-west-2_example" ||
				!slices.Equal(a.JwtConfiguration.Audience, []string{"example-client-id"}) || !slices.Equal(a.IdentitySource, []string{"$request.header.Authorization"}) {
				t.Errorf("JWT authorizer: %+v %+v", a, a.JwtConfiguration)
			}
		case "gate":
			if a.AuthorizerType != v2types.AuthorizerTypeRequest || aws.ToString(a.AuthorizerPayloadFormatVersion) != "2.0" || !aws.ToBool(a.EnableSimpleResponses) ||
				aws.ToInt32(a.AuthorizerResultTtlInSeconds) != 300 || !slices.Equal(a.IdentitySource, []string{"$request.header.Authorization", "$context.routeKey"}) ||
				!strings.Contains(aws.ToString(a.AuthorizerUri), ":function:httpapi-dev-gate/invocations") {
				t.Errorf("Lambda authorizer: %+v", a)
			}
		default:
			t.Errorf("unexpected authorizer %+v", a)
		}
	}
	if len(auths.Items) != 2 {
		t.Errorf("%d authorizers, want 2", len(auths.Items))
	}
	stage, err := c.GetStage(ctx, &apigatewayv2.GetStageInput{ApiId: aws.String(id), StageName: aws.String("$default")})
	if err != nil || !aws.ToBool(stage.AutoDeploy) {
		t.Errorf("$default stage: %v %+v", err, stage)
	}
	lc := lambda.NewFromConfig(e.cfg)
	for _, fn := range []string{"httpapi-dev", "httpapi-dev-gate"} {
		pol, err := lc.GetPolicy(ctx, &lambda.GetPolicyInput{FunctionName: aws.String(fn)})
		if err != nil || !strings.Contains(aws.ToString(pol.Policy), "apigateway-"+id) || !strings.Contains(aws.ToString(pol.Policy), ":"+id+"/*") {
			t.Errorf("%s permission: %v %s", fn, err, aws.ToString(pol.Policy))
		}
	}
	dom, err := c.GetDomainName(ctx, &apigatewayv2.GetDomainNameInput{DomainName: aws.String("http.example.com")})
	if err != nil || len(dom.DomainNameConfigurations) != 1 || dom.DomainNameConfigurations[0].EndpointType != v2types.EndpointTypeRegional ||
		aws.ToString(dom.DomainNameConfigurations[0].CertificateArn) != "arn:aws:acm:us-east-1:123456789012:certificate/http" {
		t.Errorf("domain: %v %+v", err, dom)
	}
	maps, err := c.GetApiMappings(ctx, &apigatewayv2.GetApiMappingsInput{DomainName: aws.String("http.example.com")})
	if err != nil || len(maps.Items) != 1 || aws.ToString(maps.Items[0].ApiId) != id || aws.ToString(maps.Items[0].Stage) != "$default" || aws.ToString(maps.Items[0].ApiMappingKey) != "v1" {
		t.Errorf("API mappings: %v %+v", err, maps)
	}
	st, err := state.Load(e.dir, "dev")
	if err != nil {
		t.Fatal(err)
	}
	if rec := st.Lookup(state.TypeHTTPAPI, "http_api"); rec == nil || rec.HTTPAPIID != id || st.HTTPAPIURL() != url {
		t.Errorf("state: %+v", st.Resources)
	}
	if rec := st.Lookup(state.TypeDomainName, plan.RestAPIDomainName); rec == nil || !rec.APIGatewayV2 || rec.DomainName != "http.example.com" {
		t.Errorf("domain record: %+v", rec)
	}

	// Unchanged: nothing to preview, no mutating call.
	if c := preview(p); !c.Empty() {
		t.Errorf("preview after deploy: %+v", c)
	}
	e.proxy.Reset()
	e.deploy(t, p)
	if m := e.proxy.Mutating(); len(m) != 0 {
		t.Errorf("unchanged redeploy made mutating calls: %v", m)
	}
	// The record lost (a deploy killed before saving it): found by name
	// and tag, not created again.
	st.Delete("http_api")
	if err := st.Save(e.dir, "dev"); err != nil {
		t.Fatal(err)
	}
	e.proxy.Reset()
	if again := e.deploy(t, p); again.HTTPAPIID != id || strings.Contains(e.out.String(), "Creating HTTP API") {
		t.Errorf("lost record: API %s (was %s)\n%s", again.HTTPAPIID, id, e.out)
	}
	// A changed app converges: one route gone, another CORS origin.
	p2 := campaignPlan(t, "httpapi", httpAPIConfig)
	p2.HTTPAPI.Routes = slices.DeleteFunc(p2.HTTPAPI.Routes, func(r *plan.HTTPRoute) bool { return r.Key == "POST /signed" })
	p2.HTTPAPI.CORS.AllowOrigins = []string{"https://other.example.com"}
	for _, a := range p2.HTTPAPI.Authorizers {
		if a.Name == "gate" {
			a.TTLSeconds = 60
		}
	}
	// Auto-deploy turned off behind the deploy's back (moto's UpdateStage
	// is answered by the proxy).
	if _, err := c.UpdateStage(ctx, &apigatewayv2.UpdateStageInput{ApiId: aws.String(id), StageName: aws.String("$default"), AutoDeploy: aws.Bool(false)}); err != nil {
		t.Fatal(err)
	}
	if c := preview(p2); len(c.Update) != 1 || c.Update[0] != "HTTP API "+id+" (~CORS, ~authorizer gate, -POST /signed, ~stage $default auto-deploy)" {
		t.Errorf("preview of the change: %q", c.Update)
	}
	e.deploy(t, p2)
	if stage, err := c.GetStage(ctx, &apigatewayv2.GetStageInput{ApiId: aws.String(id), StageName: aws.String("$default")}); err != nil || !aws.ToBool(stage.AutoDeploy) {
		t.Errorf("auto-deploy after the change: %v %+v", err, stage)
	}
	auths, err = c.GetAuthorizers(ctx, &apigatewayv2.GetAuthorizersInput{ApiId: aws.String(id)})
	if err != nil || len(auths.Items) != 2 || !slices.ContainsFunc(auths.Items, func(a v2types.Authorizer) bool {
		return aws.ToString(a.Name) == "gate" && aws.ToInt32(a.AuthorizerResultTtlInSeconds) == 60
	}) {
		t.Errorf("authorizers after the change: %v %+v", err, auths)
	}
	routes, err = c.GetRoutes(ctx, &apigatewayv2.GetRoutesInput{ApiId: aws.String(id)})
	if err != nil || len(routes.Items) != len(want)-1 || slices.ContainsFunc(routes.Items, func(r v2types.Route) bool { return aws.ToString(r.RouteKey) == "POST /signed" }) {
		t.Errorf("routes after the change: %v %d", err, len(routes.Items))
	}
	if api, err := c.GetApi(ctx, &apigatewayv2.GetApiInput{ApiId: aws.String(id)}); err != nil || api.CorsConfiguration == nil || !slices.Equal(api.CorsConfiguration.AllowOrigins, []string{"https://other.example.com"}) {
		t.Errorf("CORS after the change: %v %+v", err, api)
	}
	e.proxy.Reset()
	e.deploy(t, p2)
	if m := e.proxy.Mutating(); len(m) != 0 {
		t.Errorf("unchanged redeploy after the change made mutating calls: %v", m)
	}
	// The app drops CORS: the API's configuration is deleted.
	p2.HTTPAPI.CORS = nil
	e.deploy(t, p2)
	if api, err := c.GetApi(ctx, &apigatewayv2.GetApiInput{ApiId: aws.String(id)}); err != nil || api.CorsConfiguration != nil {
		t.Errorf("CORS after dropping it: %v %+v", err, api.CorsConfiguration)
	}
	e.proxy.Reset()
	e.deploy(t, p2)
	if m := e.proxy.Mutating(); len(m) != 0 {
		t.Errorf("unchanged redeploy without CORS made mutating calls: %v", m)
	}

	if st, err = state.Load(e.dir, "dev"); err != nil {
		t.Fatal(err)
	}
	e.out.Reset()
	if err := e.dep.Delete(ctx, st); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(e.out.String(), "Deleting HTTP API: "+id+"\n") {
		t.Errorf("delete output:\n%s", e.out)
	}
	if _, err := c.GetApi(ctx, &apigatewayv2.GetApiInput{ApiId: aws.String(id)}); err == nil {
		t.Error("HTTP API still exists")
	}
	if _, err := c.GetDomainName(ctx, &apigatewayv2.GetDomainNameInput{DomainName: aws.String("http.example.com")}); err == nil {
		t.Error("domain still exists")
	}
	if len(st.Resources) != 0 {
		t.Errorf("state after delete: %+v", st.Resources)
	}
}

// A stage switched from a REST API to an HTTP API (api_gateway_type) with
// a custom domain: the HTTP API and a v2 domain replace the REST API and
// its v1 domain, nothing is left behind, and delete empties the account.
func TestSwitchRESTToHTTPAPIMoto(t *testing.T) {
	e := setup(t)
	ctx := context.Background()
	const domain = `"api_gateway_custom_domain": {"domain_name": "switch.example.com", "certificate_arn": "arn:aws:acm:us-east-1:123456789012:certificate/s"}`
	rest := campaignPlan(t, "httpapi", `{"version": "2.0", "app_name": "httpapi", "api_gateway_endpoint_type": "REGIONAL", "stages": {"dev": {`+domain+`}}}`)
	first := e.deploy(t, rest)
	if first.RestAPIID == "" {
		t.Fatalf("no REST API: %+v", first)
	}
	httpPlan := campaignPlan(t, "httpapi", `{"version": "2.0", "app_name": "httpapi", "api_gateway_type": "http", "stages": {"dev": {`+domain+`}}}`)
	// The dry run says the REST API's domain goes (the v2 one replaces it).
	st0, err := state.Load(e.dir, "dev")
	if err != nil {
		t.Fatal(err)
	}
	pv, err := e.dep.Preview(ctx, httpPlan, awsdeploy.Code{ZipPath: e.zipPath, SHA256: e.zipSHA}, st0)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(pv.Create, "custom domain name switch.example.com (mapped at /)") || !slices.Contains(pv.Delete, "custom domain name switch.example.com") {
		t.Errorf("dry run of the switch: create %q delete %q", pv.Create, pv.Delete)
	}
	res := e.deploy(t, httpPlan)
	ag := apigateway.NewFromConfig(e.cfg)
	c := apigatewayv2.NewFromConfig(e.cfg)
	if apis, err := ag.GetRestApis(ctx, &apigateway.GetRestApisInput{}); err != nil || len(apis.Items) != 0 {
		t.Errorf("REST APIs left: %v %+v", err, apis)
	}
	if _, err := ag.GetDomainName(ctx, &apigateway.GetDomainNameInput{DomainName: aws.String("switch.example.com")}); err == nil {
		t.Error("the REST API's v1 domain is left")
	}
	maps, err := c.GetApiMappings(ctx, &apigatewayv2.GetApiMappingsInput{DomainName: aws.String("switch.example.com")})
	if err != nil || len(maps.Items) != 1 || aws.ToString(maps.Items[0].ApiId) != res.HTTPAPIID {
		t.Errorf("v2 domain mapping: %v %+v", err, maps)
	}
	st, err := state.Load(e.dir, "dev")
	if err != nil {
		t.Fatal(err)
	}
	if st.RestAPIURL() != "" || st.HTTPAPIURL() != res.HTTPAPIURL {
		t.Errorf("state after the switch: %+v", st.Resources)
	}
	if err := e.dep.Delete(ctx, st); err != nil {
		t.Fatal(err)
	}
	if apis, err := c.GetApis(ctx, &apigatewayv2.GetApisInput{}); err != nil || len(apis.Items) != 0 {
		t.Errorf("v2 APIs left: %v %+v", err, apis)
	}
	if _, err := c.GetDomainName(ctx, &apigatewayv2.GetDomainNameInput{DomainName: aws.String("switch.example.com")}); err == nil {
		t.Error("the v2 domain is left")
	}
}
