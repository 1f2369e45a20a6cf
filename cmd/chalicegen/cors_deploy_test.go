package main

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	agtypes "github.com/aws/aws-sdk-go-v2/service/apigateway/types"

	"github.com/chalice-go/chalice/deploy/state"
	"github.com/chalice-go/chalice/gen/gentest"
	"github.com/chalice-go/chalice/internal/mototest"
)

// corsPreflight is one expected answer of testdata/deploy/cors/preflight.json
// (the fixture's app_test.go reads the same file).
type corsPreflight struct {
	Path       string
	Origin     string
	ByFunction bool
	Headers    map[string]string // "" means absent
}

// TestMultiOriginCORS deploys the CORS fixture on moto and checks what was
// configured: the multi-origin path's preflight is an AWS_PROXY method to
// api_handler (whose answer the fixture's own test checks by invoking the
// app with the proxy event API Gateway sends), the single-origin one a
// MOCK with the expected static headers. The same expectations then run
// against chalicetest (the fixture's go test) and chalicegen local.
func TestMultiOriginCORS(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and deploys an app against moto; skipped with -short")
	}
	mototest.Env(t, mototest.Start(t))
	for k, v := range map[string]string{"GOFLAGS": "-mod=mod", "GOPROXY": "off", "GOSUMDB": "off", "GOWORK": "off", "GOTOOLCHAIN": "local"} {
		t.Setenv(k, v)
	}
	dir := gentest.NewModule(t, repoRoot(t), "example.com/corsapp", filepath.Join(repoRoot(t), "testdata", "deploy", "cors"))
	raw, err := os.ReadFile(filepath.Join(dir, "preflight.json"))
	if err != nil {
		t.Fatal(err)
	}
	var want []corsPreflight
	if err := json.Unmarshal(raw, &want); err != nil {
		t.Fatal(err)
	}

	if code, stdout, stderr := cli(t, dir, "--project-dir", dir, "deploy"); code != 0 {
		t.Fatalf("deploy: exit %d\n%s\n%s", code, stdout, stderr)
	}
	st, err := state.Load(dir, "dev")
	if err != nil {
		t.Fatal(err)
	}
	api := st.Get("rest_api")
	if api == nil || api.RestAPIID == "" {
		t.Fatalf("no rest_api in the state")
	}
	ctx := context.Background()
	cfg, err := awsconfig.LoadDefaultConfig(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ag := apigateway.NewFromConfig(cfg)
	res, err := ag.GetResources(ctx, &apigateway.GetResourcesInput{RestApiId: aws.String(api.RestAPIID), Limit: aws.Int32(500)})
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	for _, r := range res.Items {
		ids[aws.ToString(r.Path)] = aws.ToString(r.Id)
	}
	for _, p := range want {
		m, err := ag.GetMethod(ctx, &apigateway.GetMethodInput{RestApiId: aws.String(api.RestAPIID), ResourceId: aws.String(ids[p.Path]), HttpMethod: aws.String("OPTIONS")})
		if err != nil {
			t.Fatalf("OPTIONS %s: %v", p.Path, err)
		}
		in := m.MethodIntegration
		if in == nil {
			t.Fatalf("OPTIONS %s: no integration", p.Path)
		}
		if p.ByFunction {
			if in.Type != agtypes.IntegrationTypeAwsProxy || !strings.Contains(aws.ToString(in.Uri), ":function:corsapp-dev/invocations") {
				t.Errorf("OPTIONS %s: integration %s %s, want AWS_PROXY to corsapp-dev", p.Path, in.Type, aws.ToString(in.Uri))
			}
			continue
		}
		if in.Type != agtypes.IntegrationTypeMock {
			t.Errorf("OPTIONS %s: integration %s, want MOCK", p.Path, in.Type)
			continue
		}
		params := in.IntegrationResponses["200"].ResponseParameters
		for k, v := range p.Headers {
			got, ok := params["method.response.header."+k]
			if (v == "" && ok) || (v != "" && got != "'"+v+"'") {
				t.Errorf("OPTIONS %s MOCK: %s = %q, want '%s'", p.Path, k, got, v)
			}
		}
	}

	// chalicetest, and the function's answer to the proxy event.
	gotest := exec.Command("go", "test", "-count=1", ".")
	gotest.Dir, gotest.Env = dir, gentest.Env()
	if out, err := gotest.CombinedOutput(); err != nil {
		t.Errorf("the fixture's go test (chalicetest, proxy event): %v\n%s", err, out)
	}

	// chalicegen local.
	lp := startLocal(t, dir)
	for _, p := range want {
		resp, _ := lp.do("OPTIONS", p.Path, nil, "Origin", p.Origin)
		if resp.StatusCode != 200 {
			t.Errorf("local OPTIONS %s from %s: status %d", p.Path, p.Origin, resp.StatusCode)
		}
		for k, v := range p.Headers {
			if got := resp.Header.Get(k); got != v {
				t.Errorf("local OPTIONS %s from %s: %s = %q, want %q", p.Path, p.Origin, k, got, v)
			}
		}
	}
}
