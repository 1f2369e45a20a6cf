package awsdeploy_test

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/apigatewayv2"
	"github.com/google/go-cmp/cmp"

	"github.com/chalice-go/chalice/config"
	"github.com/chalice-go/chalice/deploy/awsdeploy"
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

const domainUpdatedCfg = `{
  "version": "2.0", "app_name": "demo", "api_gateway_endpoint_type": "REGIONAL",
  "stages": {"dev": {
    "api_gateway_custom_domain": {"domain_name": "api.example.com", "certificate_arn": "arn:aws:acm:us-east-1:123456789012:certificate/rest2",
      "tls_version": "TLS_1_0", "url_prefix": "v2", "tags": {"team": "api", "env": "dev"}},
    "websocket_api_custom_domain": {"domain_name": "ws.example.com", "certificate_arn": "arn:aws:acm:us-east-1:123456789012:certificate/ws2",
      "tls_version": "TLS_1_2", "url_prefix": "chat", "tags": {"team": "rt"}}
  }}
}`

// The update path of custom domains: a changed certificate, TLS version,
// tags and url_prefix are applied to the existing domains (the mapping
// moves; no stale base path is left), read back through the SDK; the next
// redeploy makes no mutating call; removing the domain keys deletes the
// domains (and their mappings), which the app owned.
func TestCustomDomainUpdatesMoto(t *testing.T) {
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
	e.deploy(t, buildPlanWith(t, app, domainCfg))
	// The dry run reports what the update will change on both domains.
	preview := func() *awsdeploy.Changes {
		t.Helper()
		st, err := state.Load(e.dir, "dev")
		if err != nil {
			t.Fatal(err)
		}
		c, err := e.dep.Preview(ctx, buildPlanWith(t, app, domainUpdatedCfg), awsdeploy.Code{ZipPath: e.zipPath, SHA256: e.zipSHA}, st)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	if diff := cmp.Diff([]string{
		"custom domain name api.example.com (certificate, TLS version TLS_1_0, tags, +mapping /v2, -mapping /v1)",
		"custom domain name ws.example.com (certificate, TLS version TLS_1_2, tags, +mapping /chat, -mapping /)",
	}, preview().Update); diff != "" {
		t.Errorf("dry run of the domain update (-want +got):\n%s", diff)
	}
	e.out.Reset()
	res := e.deploy(t, buildPlanWith(t, app, domainUpdatedCfg))
	if out := e.out.String(); !strings.Contains(out, "Updating custom domain name: api.example.com\n") || !strings.Contains(out, "Updating custom domain name: ws.example.com\n") {
		t.Errorf("output:\n%s", out)
	}
	ag := apigateway.NewFromConfig(e.cfg)
	dn, err := ag.GetDomainName(ctx, &apigateway.GetDomainNameInput{DomainName: aws.String("api.example.com")})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(dn.RegionalCertificateArn) != "arn:aws:acm:us-east-1:123456789012:certificate/rest2" || dn.SecurityPolicy != "TLS_1_0" {
		t.Errorf("REST domain not updated: cert %s policy %s", aws.ToString(dn.RegionalCertificateArn), dn.SecurityPolicy)
	}
	if diff := cmp.Diff(map[string]string{"team": "api", "env": "dev"}, dn.Tags); diff != "" {
		t.Errorf("REST domain tags (-want +got):\n%s", diff)
	}
	bpm, err := ag.GetBasePathMappings(ctx, &apigateway.GetBasePathMappingsInput{DomainName: aws.String("api.example.com")})
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, m := range bpm.Items {
		paths = append(paths, aws.ToString(m.BasePath)+"->"+aws.ToString(m.RestApiId)+"/"+aws.ToString(m.Stage))
	}
	if diff := cmp.Diff([]string{"v2->" + res.RestAPIID + "/api"}, paths); diff != "" {
		t.Errorf("base path mappings after the url_prefix change (-want +got):\n%s", diff)
	}
	c2 := apigatewayv2.NewFromConfig(e.cfg)
	wd, err := c2.GetDomainName(ctx, &apigatewayv2.GetDomainNameInput{DomainName: aws.String("ws.example.com")})
	if err != nil {
		t.Fatal(err)
	}
	if len(wd.DomainNameConfigurations) != 1 || aws.ToString(wd.DomainNameConfigurations[0].CertificateArn) != "arn:aws:acm:us-east-1:123456789012:certificate/ws2" ||
		wd.DomainNameConfigurations[0].SecurityPolicy != "TLS_1_2" {
		t.Errorf("websocket domain not updated: %+v", wd.DomainNameConfigurations)
	}
	if diff := cmp.Diff(map[string]string{"team": "rt"}, wd.Tags); diff != "" {
		t.Errorf("websocket domain tags (-want +got):\n%s", diff)
	}
	am, err := c2.GetApiMappings(ctx, &apigatewayv2.GetApiMappingsInput{DomainName: aws.String("ws.example.com")})
	if err != nil {
		t.Fatal(err)
	}
	paths = nil
	for _, m := range am.Items {
		paths = append(paths, aws.ToString(m.ApiMappingKey)+"->"+aws.ToString(m.ApiId)+"/"+aws.ToString(m.Stage))
	}
	if diff := cmp.Diff([]string{"chat->" + res.WebsocketAPIID + "/api"}, paths); diff != "" {
		t.Errorf("API mappings after the url_prefix change (-want +got):\n%s", diff)
	}

	e.proxy.Reset()
	e.deploy(t, buildPlanWith(t, app, domainUpdatedCfg))
	if m := e.mutatingCalls(); len(m) != 0 {
		t.Errorf("redeploy after the update made mutating calls: %v", m)
	}
	if c := preview(); !c.Empty() {
		t.Errorf("dry run after the update: %+v", c)
	}

	// The keys removed: the domains go.
	e.out.Reset()
	e.deploy(t, buildPlanWith(t, app, `{"version": "2.0", "app_name": "demo", "api_gateway_endpoint_type": "REGIONAL", "stages": {"dev": {}}}`))
	for _, name := range []string{"api.example.com", "ws.example.com"} {
		if !strings.Contains(e.out.String(), "Deleting custom domain name: "+name+"\n") {
			t.Errorf("output lacks the deletion of %s:\n%s", name, e.out)
		}
	}
	if _, err := ag.GetDomainName(ctx, &apigateway.GetDomainNameInput{DomainName: aws.String("api.example.com")}); err == nil {
		t.Error("REST domain left after its key was removed")
	}
	if _, err := c2.GetDomainName(ctx, &apigatewayv2.GetDomainNameInput{DomainName: aws.String("ws.example.com")}); err == nil {
		t.Error("websocket domain left after its key was removed")
	}
	st, _ := state.Load(e.dir, "dev")
	for _, r := range st.Resources {
		if r.Type == state.TypeDomainName {
			t.Errorf("state still records %s", r.Name)
		}
	}
}
