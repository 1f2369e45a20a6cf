package awsdeploy_test

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"

	"github.com/chalice-go/chalice/deploy/awsdeploy"
	"github.com/chalice-go/chalice/deploy/state"
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
