package awsdeploy_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"

	"github.com/chalice-go/chalice/deploy/state"
	"github.com/chalice-go/chalice/model"
)

const functionURLCfg = `{
  "version": "2.0", "app_name": "demo",
  "function_url": {"auth_type": "AWS_IAM"},
  "stages": {"dev": {"lambda_functions": {"api_handler": {"function_url": {"auth_type": "NONE",
    "cors": {"allow_origins": ["https://a.example"], "allow_methods": ["GET", "POST"], "max_age": 300}}}}}}
}`

// Function URLs: api_handler's is public with CORS (plus the public-access
// statement), the pure function's is IAM-authenticated; both recorded
// with their URLs; an unchanged redeploy makes no mutating call; a change
// of auth type updates in place and drops the public statement; dropped
// cors is removed, after which a redeploy makes no mutating call; delete
// removes them.
func TestFunctionURLsMoto(t *testing.T) {
	e := setup(t)
	ctx := context.Background()
	app := &model.App{
		Name:   "demo",
		Routes: []*model.Route{{Path: "/", Methods: []string{"GET"}}},
		Events: []*model.EventHandler{{Kind: model.EventLambdaFunction, Name: "worker"}},
	}
	p := buildPlanWith(t, app, functionURLCfg)
	res := e.deploy(t, p)
	lc := lambda.NewFromConfig(e.cfg)
	web, err := lc.GetFunctionUrlConfig(ctx, &lambda.GetFunctionUrlConfigInput{FunctionName: aws.String("demo-dev")})
	if err != nil {
		t.Fatal(err)
	}
	if web.AuthType != "NONE" || web.Cors == nil || web.Cors.AllowOrigins[0] != "https://a.example" || aws.ToInt32(web.Cors.MaxAge) != 300 {
		t.Errorf("api_handler URL: %+v", web)
	}
	pol, err := lc.GetPolicy(ctx, &lambda.GetPolicyInput{FunctionName: aws.String("demo-dev")})
	if err != nil || !strings.Contains(aws.ToString(pol.Policy), "FunctionURLAllowPublicAccess") || !strings.Contains(aws.ToString(pol.Policy), "lambda:InvokeFunctionUrl") {
		t.Errorf("public access statement: %v %s", err, aws.ToString(pol.Policy))
	}
	// URLs created since October 2025 also need lambda:InvokeFunction,
	// limited to calls through a Function URL (else the URL answers 403).
	if s := statement(t, aws.ToString(pol.Policy), "FunctionURLInvokeAllowPublicAccess"); s["Action"] != "lambda:InvokeFunction" || s["Principal"] != "*" || s["InvokedViaFunctionUrl"] != true {
		t.Errorf("public invoke statement: %v in %s", s, aws.ToString(pol.Policy))
	}
	worker, err := lc.GetFunctionUrlConfig(ctx, &lambda.GetFunctionUrlConfigInput{FunctionName: aws.String("demo-dev-worker")})
	if err != nil || worker.AuthType != "AWS_IAM" {
		t.Fatalf("worker URL: %+v %v", worker, err)
	}
	st, _ := state.Load(e.dir, "dev")
	urls := st.FunctionURLs()
	if urls["api_handler"] != aws.ToString(web.FunctionUrl) || urls["worker"] != aws.ToString(worker.FunctionUrl) || len(urls) != 2 {
		t.Errorf("state: %v", urls)
	}
	if r := st.Lookup(state.TypeFunctionURL, "worker-function-url"); r == nil || !strings.HasSuffix(r.LambdaARN, ":function:demo-dev-worker") {
		t.Errorf("worker record: %+v", r)
	}
	if !strings.Contains(e.out.String(), "  - Function URL (api_handler): "+aws.ToString(web.FunctionUrl)+"\n") {
		t.Errorf("output:\n%s", e.out)
	}
	_ = res

	e.proxy.Reset()
	e.deploy(t, p)
	if m := e.mutatingCalls(); len(m) != 0 {
		t.Errorf("unchanged redeploy made mutating calls: %v", m)
	}

	p2 := buildPlanWith(t, app, strings.Replace(functionURLCfg, `"auth_type": "NONE"`, `"auth_type": "AWS_IAM"`, 1))
	e.deploy(t, p2)
	web2, _ := lc.GetFunctionUrlConfig(ctx, &lambda.GetFunctionUrlConfigInput{FunctionName: aws.String("demo-dev")})
	if web2.AuthType != "AWS_IAM" || aws.ToString(web2.FunctionUrl) != aws.ToString(web.FunctionUrl) {
		t.Errorf("auth change: %+v", web2)
	}
	if pol, err := lc.GetPolicy(ctx, &lambda.GetPolicyInput{FunctionName: aws.String("demo-dev")}); err == nil && strings.Contains(aws.ToString(pol.Policy), "FunctionURLAllowPublicAccess") {
		t.Error("public access statement kept after the change to AWS_IAM")
	} else if err == nil && strings.Contains(aws.ToString(pol.Policy), "FunctionURLInvokeAllowPublicAccess") {
		t.Error("public invoke statement kept after the change to AWS_IAM")
	}

	// cors dropped: the URL's CORS is removed (an empty Cors, which moto
	// ignores: a gap of the test proxy) and the next redeploy has nothing
	// to do.
	p3 := buildPlanWith(t, app, strings.Replace(functionURLCfg, `"auth_type": "NONE",
    "cors": {"allow_origins": ["https://a.example"], "allow_methods": ["GET", "POST"], "max_age": 300}`, `"auth_type": "AWS_IAM"`, 1))
	e.deploy(t, p3)
	if web3, err := lc.GetFunctionUrlConfig(ctx, &lambda.GetFunctionUrlConfigInput{FunctionName: aws.String("demo-dev")}); err != nil || web3.Cors != nil || web3.AuthType != "AWS_IAM" {
		t.Errorf("cors dropped: %+v %v", web3, err)
	}
	e.proxy.Reset()
	e.deploy(t, p3)
	if m := e.mutatingCalls(); len(m) != 0 {
		t.Errorf("redeploy after dropping cors made mutating calls: %v", m)
	}

	st, _ = state.Load(e.dir, "dev")
	if err := e.dep.Delete(ctx, st); err != nil {
		t.Fatal(err)
	}
	if _, err := lc.GetFunctionUrlConfig(ctx, &lambda.GetFunctionUrlConfigInput{FunctionName: aws.String("demo-dev-worker")}); err == nil {
		t.Error("function URL left after delete")
	}
}

// statement is the statement with the given Sid of a resource policy (nil
// when absent), as moto returns it (fields of the request kept as keys).
func statement(t *testing.T, policy, sid string) map[string]any {
	t.Helper()
	var doc struct{ Statement []map[string]any }
	if err := json.Unmarshal([]byte(policy), &doc); err != nil {
		t.Fatalf("policy %q: %v", policy, err)
	}
	for _, s := range doc.Statement {
		if s["Sid"] == sid {
			return s
		}
	}
	return nil
}
