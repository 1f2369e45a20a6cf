// Package iactest checks rendered templates with the real tools: cfn-lint,
// the SAM translator (python aws-sam-translator) and CloudFormation on
// moto. Without the tools a test is skipped, except under CI, where a
// missing tool fails it.
package iactest

import (
	"archive/zip"
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cftypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/chalice-go/chalice/deploy/iac"
)

//go:embed translate.py
var translateScript string

func missing(t testing.TB, format string, args ...any) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatalf(format, args...)
	}
	t.Skipf(format, args...)
}

// RequireTools skips (fails under CI) without cfn-lint and the SAM
// translator; .ci/run installs both.
func RequireTools(t testing.TB) {
	t.Helper()
	if _, err := exec.LookPath("cfn-lint"); err != nil {
		missing(t, "cfn-lint not found (pip install cfn-lint)")
	}
	if err := exec.Command("python3", "-c", "import samtranslator").Run(); err != nil {
		missing(t, "python3 with samtranslator not found (pip install aws-sam-translator): %v", err)
	}
}

// Lint runs cfn-lint on the files and fails the test on any error
// (warnings and informational messages are printed, not failed).
func Lint(t testing.TB, files ...string) {
	t.Helper()
	if len(files) == 0 {
		return
	}
	cmd := exec.Command("cfn-lint", append([]string{"--format", "parseable", "--"}, files...)...)
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		// cfn-lint's exit code is a bit set: 1 fatal, 2 error, 4 warning, 8 informational.
		if ee.ExitCode()&3 != 0 {
			t.Errorf("cfn-lint found errors:\n%s", out)
			return
		}
	default:
		t.Fatalf("cfn-lint: %v\n%s", err, out)
	}
	if len(bytes.TrimSpace(out)) > 0 {
		t.Logf("cfn-lint (warnings):\n%s", out)
	}
}

// CodeURI is where Package puts the deployment package, as aws
// cloudformation package would: s3://<Bucket>/deployment.zip.
const Bucket = "chalice-artifacts"

// Package does what aws cloudformation package does to a SAM template:
// CodeUri points at the uploaded package.
func Package(t testing.TB, sam map[string]any) map[string]any {
	t.Helper()
	b, err := json.Marshal(sam)
	if err != nil {
		t.Fatal(err)
	}
	b = bytes.ReplaceAll(b, []byte(`"CodeUri":"`+iac.CodeURI+`"`), []byte(`"CodeUri":"s3://`+Bucket+`/deployment.zip"`))
	var out map[string]any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// Translate runs the SAM translator on packaged templates (see Package),
// each written as JSON into dir, and returns the CloudFormation templates'
// paths.
func Translate(t testing.TB, dir string, names []string, templates []map[string]any) []string {
	t.Helper()
	args := []string{"-c", translateScript}
	var outs []string
	for i, tm := range templates {
		in := filepath.Join(dir, names[i]+".packaged.json")
		b, err := json.MarshalIndent(tm, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(in, b, 0o644); err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(dir, names[i]+".cfn.json")
		args = append(args, in, out)
		outs = append(outs, out)
	}
	cmd := exec.Command("python3", args...)
	// The translator only needs a region; nothing of a test's AWS
	// environment (an empty AWS_PROFILE breaks boto3) reaches it.
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "AWS_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "AWS_DEFAULT_REGION=us-east-1", "AWS_REGION=us-east-1", "AWS_EC2_METADATA_DISABLED=true")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("SAM translator: %v\n%s", err, out)
	}
	return outs
}

// MotoUnsupported are the resource types moto's CloudFormation cannot
// create. It skips SNS subscriptions, every API Gateway v2 resource (the
// websocket and HTTP APIs) and custom domains with a warning, and fails a
// REST API deployment: it does not import a RestApi's Body, so the API
// has no methods to deploy.
var MotoUnsupported = []string{
	"AWS::SNS::Subscription",
	"AWS::ApiGateway::Deployment", "AWS::ApiGateway::Stage",
	"AWS::ApiGatewayV2::Api", "AWS::ApiGatewayV2::Integration", "AWS::ApiGatewayV2::Route",
	"AWS::ApiGatewayV2::Deployment", "AWS::ApiGatewayV2::Stage", "AWS::ApiGatewayV2::Authorizer",
	"AWS::ApiGatewayV2::DomainName", "AWS::ApiGatewayV2::ApiMapping", "AWS::ApiGateway::DomainName", "AWS::ApiGateway::BasePathMapping",
}

// motoFails are the unsupported types that fail a stack rather than
// being skipped.
var motoFails = []string{"AWS::ApiGateway::Deployment", "AWS::ApiGateway::Stage"}

// ForMoto reads a CloudFormation template and returns it without the
// resources moto's CloudFormation fails on (and the outputs that read
// their attributes), and the logical IDs of every resource moto cannot
// create (dropped or skipped).
func ForMoto(t testing.TB, cfnFile string) (map[string]any, []string) {
	t.Helper()
	b, err := os.ReadFile(cfnFile)
	if err != nil {
		t.Fatal(err)
	}
	var tm map[string]any
	if err := json.Unmarshal(b, &tm); err != nil {
		t.Fatal(err)
	}
	res := tm["Resources"].(map[string]any)
	var uncreated []string
	for id, r := range res {
		typ := resourceType(r)
		if slices.Contains(MotoUnsupported, typ) {
			uncreated = append(uncreated, id)
		}
		if slices.Contains(motoFails, typ) {
			delete(res, id)
		}
	}
	slices.Sort(uncreated)
	// moto fails a stack whose output reads an attribute (Fn::GetAtt) of a
	// resource it skipped, such as a custom domain's alias target.
	outs, _ := tm["Outputs"].(map[string]any)
	for name, o := range outs {
		b, _ := json.Marshal(o)
		for _, id := range uncreated {
			if bytes.Contains(b, []byte(`"Fn::GetAtt":["`+id+`"`)) {
				delete(outs, name)
			}
		}
	}
	return tm, uncreated
}

func resourceType(r any) string {
	m, _ := r.(map[string]any)
	s, _ := m["Type"].(string)
	return s
}

// UploadPackage puts a small deployment package where Package's CodeUri
// points.
func UploadPackage(ctx context.Context, t testing.TB, cfg aws.Config) {
	t.Helper()
	c := s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true })
	if _, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(Bucket)}); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, _ := zw.Create("bootstrap")
	w.Write([]byte("#!/bin/sh\n"))
	zw.Close()
	if _, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(Bucket), Key: aws.String("deployment.zip"), Body: bytes.NewReader(b.Bytes())}); err != nil {
		t.Fatal(err)
	}
}

// CreateStack creates a stack from a CloudFormation template, waits for
// it, fails the test unless it and every resource completed, and returns
// the resources by logical ID and the outputs.
func CreateStack(ctx context.Context, t testing.TB, cfg aws.Config, name string, tm map[string]any) (map[string]cftypes.StackResourceSummary, map[string]string) {
	t.Helper()
	body, err := json.Marshal(tm)
	if err != nil {
		t.Fatal(err)
	}
	// No retries: moto creates the stack while it answers, and a retried
	// CreateStack would only report that the stack exists.
	// The reads that follow are idempotent and keep the SDK's retries: moto
	// may close a kept-alive connection as a request goes out on it.
	create := cloudformation.NewFromConfig(cfg, func(o *cloudformation.Options) { o.RetryMaxAttempts = 1 })
	c := cloudformation.NewFromConfig(cfg)
	if _, err := create.CreateStack(ctx, &cloudformation.CreateStackInput{
		StackName: aws.String(name), TemplateBody: aws.String(string(body)),
		Capabilities: []cftypes.Capability{cftypes.CapabilityCapabilityIam},
	}); err != nil {
		t.Fatalf("CreateStack %s: %v", name, err)
	}
	var st cftypes.Stack
	for deadline := time.Now().Add(60 * time.Second); ; {
		out, err := c.DescribeStacks(ctx, &cloudformation.DescribeStacksInput{StackName: aws.String(name)})
		if err != nil {
			t.Fatal(err)
		}
		st = out.Stacks[0]
		if !strings.HasSuffix(string(st.StackStatus), "_IN_PROGRESS") || time.Now().After(deadline) {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	if st.StackStatus != cftypes.StackStatusCreateComplete {
		t.Fatalf("stack %s: %s %s", name, st.StackStatus, aws.ToString(st.StackStatusReason))
	}
	res := map[string]cftypes.StackResourceSummary{}
	p := cloudformation.NewListStackResourcesPaginator(c, &cloudformation.ListStackResourcesInput{StackName: aws.String(name)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range page.StackResourceSummaries {
			res[aws.ToString(r.LogicalResourceId)] = r
			if r.ResourceStatus != cftypes.ResourceStatusCreateComplete {
				t.Errorf("stack %s: %s (%s) is %s", name, aws.ToString(r.LogicalResourceId), aws.ToString(r.ResourceType), r.ResourceStatus)
			}
		}
	}
	for id, r := range tm["Resources"].(map[string]any) {
		if _, ok := res[id]; !ok && !slices.Contains(MotoUnsupported, resourceType(r)) {
			t.Errorf("stack %s: resource %s was not created", name, id)
		}
	}
	outs := map[string]string{}
	for _, o := range st.Outputs {
		outs[aws.ToString(o.OutputKey)] = aws.ToString(o.OutputValue)
	}
	return res, outs
}
