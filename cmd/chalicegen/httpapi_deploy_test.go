package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/apigatewayv2"
	v2types "github.com/aws/aws-sdk-go-v2/service/apigatewayv2/types"

	"github.com/chalice-go/chalice/deploy/state"
	"github.com/chalice-go/chalice/gen/gentest"
	"github.com/chalice-go/chalice/internal/mototest"
)

// TestDeployHTTPAPICommandsMoto deploys examples/httpapi (api_gateway_type
// "http") through the real CLI on moto (behind the test proxy, which
// answers the API Gateway v2 calls moto lacks): the dry run, the deploy's
// output, the HTTP API it made, url, an unchanged dry run, and delete.
func TestDeployHTTPAPICommandsMoto(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and deploys an app against moto; skipped with -short")
	}
	mototest.Proxied(t)
	for k, v := range map[string]string{"GOFLAGS": "-mod=mod", "GOPROXY": "off", "GOSUMDB": "off", "GOWORK": "off", "GOTOOLCHAIN": "local"} {
		t.Setenv(k, v)
	}
	dir := gentest.NewModule(t, repoRoot(t), "example.com/httpapi", filepath.Join(repoRoot(t), "examples", "httpapi"))
	ctx := context.Background()
	cfg, err := awsconfig.LoadDefaultConfig(ctx)
	if err != nil {
		t.Fatal(err)
	}

	code, stdout, stderr := cli(t, dir, "--project-dir", dir, "deploy", "--dry-run")
	if code != 0 || !strings.Contains(stdout, "  - HTTP API httpapi (8 routes, 2 authorizers, stage $default)\n") {
		t.Errorf("deploy --dry-run: exit %d\n%s\n%s", code, stdout, stderr)
	}
	code, stdout, stderr = cli(t, dir, "--project-dir", dir, "deploy")
	if code != 0 {
		t.Fatalf("deploy: exit %d\n%s\n%s", code, stdout, stderr)
	}
	st, err := state.Load(dir, "dev")
	if err != nil {
		t.Fatal(err)
	}
	rec := st.Lookup(state.TypeHTTPAPI, "http_api")
	if rec == nil {
		t.Fatalf("no http_api record: %+v", st.Resources)
	}
	url := "https://" + rec.HTTPAPIID + ".execute-api.us-east-1.amazonaws.com/"
	if !strings.Contains(stdout, "Creating HTTP API: httpapi\n") || !strings.Contains(stdout, "  - HTTP API URL: "+url+"\n") || rec.HTTPAPIURL != url {
		t.Errorf("deploy output or record (%+v):\n%s", rec, stdout)
	}
	c := apigatewayv2.NewFromConfig(cfg)
	api, err := c.GetApi(ctx, &apigatewayv2.GetApiInput{ApiId: aws.String(rec.HTTPAPIID)})
	if err != nil || api.ProtocolType != v2types.ProtocolTypeHttp || api.CorsConfiguration == nil {
		t.Errorf("HTTP API: %v %+v", err, api)
	}
	routes, err := c.GetRoutes(ctx, &apigatewayv2.GetRoutesInput{ApiId: aws.String(rec.HTTPAPIID)})
	if err != nil || len(routes.Items) != 8 {
		t.Errorf("routes: %v %+v", err, routes)
	}
	if code, out, errs := cli(t, dir, "--project-dir", dir, "url"); code != 0 || out != url+"\n" {
		t.Errorf("url: exit %d %q %s", code, out, errs)
	}
	if code, out, errs := cli(t, dir, "--project-dir", dir, "deploy", "--dry-run"); code != 0 || !strings.Contains(out, "No changes: the deployed stage matches the app.") {
		t.Errorf("dry run after deploy: exit %d\n%s\n%s", code, out, errs)
	}
	code, stdout, stderr = cli(t, dir, "--project-dir", dir, "delete")
	if code != 0 || !strings.Contains(stdout, "Deleting HTTP API: "+rec.HTTPAPIID+"\n") {
		t.Errorf("delete: exit %d\n%s\n%s", code, stdout, stderr)
	}
	if apis, err := c.GetApis(ctx, &apigatewayv2.GetApisInput{}); err != nil || len(apis.Items) != 0 {
		t.Errorf("APIs after delete: %v %+v", err, apis)
	}
}
