package awsdeploy_test

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/apigatewayv2"

	"github.com/chalice-go/chalice/config"
	"github.com/chalice-go/chalice/deploy/plan"
	"github.com/chalice-go/chalice/deploy/state"
	"github.com/chalice-go/chalice/model"
	"github.com/chalice-go/chalice/policy"
)

func buildPlanWith(t *testing.T, app *model.App, cfg string) *plan.Plan {
	t.Helper()
	f, err := config.Parse("config.json", []byte(cfg))
	if err != nil {
		t.Fatal(err)
	}
	sc, err := f.Stage("dev")
	if err != nil {
		t.Fatal(err)
	}
	doc := &policy.Document{Version: "2012-10-17", Statement: []policy.Statement{policy.LogsStatement()}}
	p, err := plan.Build(plan.Inputs{App: app, Stage: sc, Policies: fakePolicies{doc}})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

const domainCfg = `{
  "version": "2.0", "app_name": "demo", "api_gateway_endpoint_type": "REGIONAL",
  "stages": {"dev": {
    "api_gateway_custom_domain": {"domain_name": "api.example.com", "certificate_arn": "arn:aws:acm:us-east-1:123456789012:certificate/rest",
      "tls_version": "TLS_1_2", "url_prefix": "v1", "tags": {"team": "web"}},
    "websocket_api_custom_domain": {"domain_name": "ws.example.com", "certificate_arn": "arn:aws:acm:us-east-1:123456789012:certificate/ws"}
  }}
}`

// Custom domains: the REST API's (v1 domain name + base path mapping) and
// the websocket API's (v2 domain name + API mapping) are created, the
// alias targets printed, an unchanged redeploy makes no mutating call, and
// delete removes them.
func TestCustomDomainsMoto(t *testing.T) {
	e := setup(t)
	ctx := context.Background()
	app := &model.App{
		Name:         "demo",
		Experimental: []string{model.FeatureWebsockets},
		Routes:       []*model.Route{{Path: "/", Methods: []string{"GET"}}},
		Events: []*model.EventHandler{
			{Kind: model.EventWSConnect, Name: "websocket_connect"},
			{Kind: model.EventWSMessage, Name: "websocket_message"},
		},
	}
	p := buildPlanWith(t, app, domainCfg)
	res := e.deploy(t, p)
	out := e.out.String()
	ag := apigateway.NewFromConfig(e.cfg)
	dn, err := ag.GetDomainName(ctx, &apigateway.GetDomainNameInput{DomainName: aws.String("api.example.com")})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(dn.RegionalCertificateArn) != "arn:aws:acm:us-east-1:123456789012:certificate/rest" || dn.SecurityPolicy != "TLS_1_2" ||
		dn.EndpointConfiguration == nil || dn.EndpointConfiguration.Types[0] != "REGIONAL" {
		t.Errorf("REST domain: cert %s policy %s endpoint %+v", aws.ToString(dn.RegionalCertificateArn), dn.SecurityPolicy, dn.EndpointConfiguration)
	}
	if !strings.Contains(out, "  - Custom domain name:\n      DomainName: api.example.com\n      HostedZoneId: "+aws.ToString(dn.RegionalHostedZoneId)+"\n      AliasDomainName: "+aws.ToString(dn.RegionalDomainName)+"\n") {
		t.Errorf("output lacks the REST domain's alias target:\n%s", out)
	}
	maps, err := ag.GetBasePathMappings(ctx, &apigateway.GetBasePathMappingsInput{DomainName: aws.String("api.example.com")})
	if err != nil || len(maps.Items) != 1 || aws.ToString(maps.Items[0].BasePath) != "v1" || aws.ToString(maps.Items[0].RestApiId) != res.RestAPIID || aws.ToString(maps.Items[0].Stage) != "api" {
		t.Errorf("base path mappings: %+v %v", maps, err)
	}
	c2 := apigatewayv2.NewFromConfig(e.cfg)
	wd, err := c2.GetDomainName(ctx, &apigatewayv2.GetDomainNameInput{DomainName: aws.String("ws.example.com")})
	if err != nil || len(wd.DomainNameConfigurations) != 1 || aws.ToString(wd.DomainNameConfigurations[0].CertificateArn) != "arn:aws:acm:us-east-1:123456789012:certificate/ws" {
		t.Fatalf("websocket domain: %+v %v", wd, err)
	}
	if !strings.Contains(out, "      DomainName: ws.example.com\n") {
		t.Errorf("output lacks the websocket domain:\n%s", out)
	}
	am, err := c2.GetApiMappings(ctx, &apigatewayv2.GetApiMappingsInput{DomainName: aws.String("ws.example.com")})
	if err != nil || len(am.Items) != 1 || aws.ToString(am.Items[0].ApiId) != res.WebsocketAPIID || aws.ToString(am.Items[0].Stage) != "api" {
		t.Errorf("API mappings: %+v %v", am, err)
	}
	st, _ := state.Load(e.dir, "dev")
	if r := st.Lookup(state.TypeDomainName, "api_gateway_custom_domain"); r == nil || r.DomainName != "api.example.com" || r.AliasDomainName != aws.ToString(dn.RegionalDomainName) {
		t.Errorf("state: %+v", st.Resources)
	}

	e.proxy.Reset()
	e.deploy(t, p)
	if m := e.mutatingCalls(); len(m) != 0 {
		t.Errorf("unchanged redeploy made mutating calls: %v", m)
	}

	st, _ = state.Load(e.dir, "dev")
	e.out.Reset()
	if err := e.dep.Delete(ctx, st); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(e.out.String(), "Deleting custom domain name: api.example.com\n") {
		t.Errorf("delete output:\n%s", e.out)
	}
	if _, err := ag.GetDomainName(ctx, &apigateway.GetDomainNameInput{DomainName: aws.String("api.example.com")}); err == nil {
		t.Error("REST domain left after delete")
	}
	if _, err := c2.GetDomainName(ctx, &apigatewayv2.GetDomainNameInput{DomainName: aws.String("ws.example.com")}); err == nil {
		t.Error("websocket domain left after delete")
	}
}
