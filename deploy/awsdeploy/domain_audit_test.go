package awsdeploy_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"

	"github.com/chalice-go/chalice/deploy/awsdeploy"
	"github.com/chalice-go/chalice/deploy/state"
	"github.com/chalice-go/chalice/internal/awsproxy"
	"github.com/chalice-go/chalice/model"
)

// The first deploy of a REST custom domain needs none of moto's gaps: the
// domain name it just created has no mappings to list (moto answers that
// listing with a 500), so a user trying it on a plain moto server gets a
// mapped domain. The deployer here talks to moto directly, not through the
// test proxy that answers the gaps.
func TestRestCustomDomainFirstDeployPlainMoto(t *testing.T) {
	e := setup(t)
	ctx := context.Background()
	cfg := e.cfg.Copy()
	cfg.BaseEndpoint = aws.String(e.proxy.Target)
	dep := &awsdeploy.Deployer{
		Clients: awsdeploy.NewClients(cfg), Region: cfg.Region, Out: e.out,
		Save: func(s *state.State) error { return s.Save(e.dir, "dev") },
		Poll: 10 * time.Millisecond, RoleRetry: time.Second,
	}
	app := &model.App{Name: "demo", Routes: []*model.Route{{Path: "/", Methods: []string{"GET"}}}}
	p := buildPlanWith(t, app, `{"version": "2.0", "app_name": "demo", "api_gateway_endpoint_type": "REGIONAL",
  "api_gateway_custom_domain": {"domain_name": "plain.example.com", "certificate_arn": "arn:aws:acm:us-east-1:123456789012:certificate/c", "url_prefix": "v1"}}`)
	res, err := dep.Deploy(ctx, p, awsdeploy.Code{ZipPath: e.zipPath, SHA256: e.zipSHA}, state.New())
	if err != nil {
		t.Fatalf("first deploy with a REST custom domain on plain moto: %v\n%s", err, e.out)
	}
	m, err := apigateway.NewFromConfig(cfg).GetBasePathMappings(ctx, &apigateway.GetBasePathMappingsInput{DomainName: aws.String("plain.example.com")})
	if err != nil || len(m.Items) != 1 || aws.ToString(m.Items[0].RestApiId) != res.RestAPIID || aws.ToString(m.Items[0].BasePath) != "v1" {
		t.Errorf("base path mappings: %+v %v", m, err)
	}
}

// A domain_name changed in the configuration replaces the old domain name:
// the deploy creates the new one and deletes the old (which would
// otherwise stay mapped to the API and survive delete), also when the
// deploy that created the new one was stopped right after creating it.
func TestRenamedCustomDomainIsDeleted(t *testing.T) {
	for _, mode := range []string{"", awsproxy.Stop} {
		t.Run("stop="+mode, func(t *testing.T) {
			e := setup(t)
			ctx := context.Background()
			app := &model.App{Name: "demo", Routes: []*model.Route{{Path: "/", Methods: []string{"GET"}}}}
			cfg := func(domain string) string {
				return `{"version": "2.0", "app_name": "demo", "api_gateway_endpoint_type": "REGIONAL",
  "api_gateway_custom_domain": {"domain_name": "` + domain + `", "certificate_arn": "arn:aws:acm:us-east-1:123456789012:certificate/c"}}`
			}
			e.deploy(t, buildPlanWith(t, app, cfg("old.example.com")))
			renamed := buildPlanWith(t, app, cfg("new.example.com"))
			st, _ := state.Load(e.dir, "dev")
			c, err := e.dep.Preview(ctx, renamed, awsdeploy.Code{ZipPath: e.zipPath, SHA256: e.zipSHA}, st)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Contains(c.Delete, "custom domain name old.example.com") {
				t.Errorf("dry run of the rename deletes %q", c.Delete)
			}
			if mode == awsproxy.Stop {
				kctx, stop := e.killable(t)
				e.proxy.InjectOn(op("apigateway", `^POST /domainnames$`), mode, stop)
				if err := e.tryDeploy(kctx, renamed); err == nil {
					t.Fatal("deploy stopped after CreateDomainName succeeded")
				}
				e.revive()
			}
			e.deploy(t, renamed)
			ag := apigateway.NewFromConfig(e.cfg)
			names := func() []string {
				out, err := ag.GetDomainNames(ctx, &apigateway.GetDomainNamesInput{})
				if err != nil {
					t.Fatal(err)
				}
				var n []string
				for _, d := range out.Items {
					n = append(n, aws.ToString(d.DomainName))
				}
				return n
			}
			if got := names(); len(got) != 1 || got[0] != "new.example.com" {
				t.Errorf("domain names after the rename: %v, want [new.example.com]", got)
			}
			if !strings.Contains(e.out.String(), "Deleting custom domain name: old.example.com\n") {
				t.Errorf("output:\n%s", e.out)
			}
			st, _ = state.Load(e.dir, "dev")
			if err := e.dep.Delete(ctx, st); err != nil {
				t.Fatal(err)
			}
			if got := names(); len(got) != 0 {
				t.Errorf("delete left domain names %v", got)
			}
		})
	}
}
