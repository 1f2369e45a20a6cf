package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/chalice-go/chalice/deploy/state"
	"github.com/chalice-go/chalice/gen/gentest"
	"github.com/chalice-go/chalice/internal/mototest"
)

// deployEnv starts moto, points the SDK at it and copies the deploy
// fixture into a throwaway module.
func deployEnv(t *testing.T) (dir string, cfg aws.Config) {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and deploys an app against moto; skipped with -short")
	}
	url := mototest.Start(t)
	mototest.Env(t, url)
	for k, v := range map[string]string{"GOFLAGS": "-mod=mod", "GOPROXY": "off", "GOSUMDB": "off", "GOWORK": "off", "GOTOOLCHAIN": "local"} {
		t.Setenv(k, v)
	}
	dir = gentest.NewModule(t, repoRoot(t), "example.com/deployapp", filepath.Join(repoRoot(t), "testdata", "deploy", "app"))
	cfg, err := awsconfig.LoadDefaultConfig(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return dir, cfg
}

func TestDeployCommandsMoto(t *testing.T) {
	dir, cfg := deployEnv(t)
	ctx := context.Background()
	if _, err := sqs.NewFromConfig(cfg).CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("jobs")}); err != nil {
		t.Fatal(err)
	}
	// Without a deploy, url/delete/invoke say so.
	for _, args := range [][]string{{"url"}, {"delete"}, {"invoke", "-n", "api_handler"}} {
		if code, _, stderr := cli(t, dir, append([]string{"--project-dir", dir}, args...)...); code != 1 || !strings.Contains(stderr, "not deployed") {
			t.Errorf("%v before deploy: exit %d: %s", args, code, stderr)
		}
	}

	// A dry run lists what the first deploy creates and records nothing.
	code, stdout, stderr := cli(t, dir, "--project-dir", dir, "deploy", "--dry-run")
	if code != 0 || !strings.Contains(stdout, "Dry run: nothing was changed.\nWould create:\n  - IAM role deployapp-dev\n  - lambda function deployapp-dev\n") ||
		!strings.Contains(stdout, "  - rest API deployapp (") {
		t.Errorf("deploy --dry-run: exit %d\n%s\n%s", code, stdout, stderr)
	}
	if _, err := state.Load(dir, "dev"); err == nil {
		t.Error("deploy --dry-run wrote the state file")
	}

	start := time.Now()
	code, stdout, stderr = cli(t, dir, "--project-dir", dir, "deploy")
	if code != 0 {
		t.Fatalf("deploy: exit %d\n%s\n%s", code, stdout, stderr)
	}
	t.Logf("first deploy: %v", time.Since(start))
	// The inferred policy is on disk, and it is what the code needs.
	if code, out, errOut := cli(t, dir, "--project-dir", dir, "gen-policy", "--check"); code != 0 || !strings.Contains(out, "policy-dev.json is up to date") {
		t.Errorf("gen-policy --check after deploy: exit %d\n%s%s", code, out, errOut)
	}
	want := []string{
		"Creating deployment package.",
		"Creating IAM role: deployapp-dev",
		"Creating lambda function: deployapp-dev",
		"Creating lambda function: deployapp-dev-gate",
		"Creating lambda function: deployapp-dev-hourly",
		"Creating lambda function: deployapp-dev-jobs",
		"Creating Rest API",
		"Resources deployed:",
		"  - Lambda ARN: arn:aws:lambda:us-east-1:123456789012:function:deployapp-dev",
		"  - Lambda ARN: arn:aws:lambda:us-east-1:123456789012:function:deployapp-dev-gate",
		"  - Lambda ARN: arn:aws:lambda:us-east-1:123456789012:function:deployapp-dev-hourly",
		"  - Lambda ARN: arn:aws:lambda:us-east-1:123456789012:function:deployapp-dev-jobs",
	}
	lines := strings.Split(strings.TrimRight(stdout, "\n"), "\n")
	if len(lines) != len(want)+1 || strings.Join(lines[:len(want)], "\n") != strings.Join(want, "\n") ||
		!strings.HasPrefix(lines[len(want)], "  - Rest API URL: https://") {
		t.Errorf("deploy output:\n%s\nwant:\n%s\n  - Rest API URL: ...", stdout, strings.Join(want, "\n"))
	}

	raw, err := os.ReadFile(filepath.Join(dir, ".chalice", "deployed", "dev.json"))
	if err != nil {
		t.Fatal(err)
	}
	var file map[string]any
	if err := json.Unmarshal(raw, &file); err != nil || file["schema_version"] != "2.0" || file["backend"] != "api" {
		t.Fatalf("state file: %v\n%s", err, raw)
	}
	st, err := state.Load(dir, "dev")
	if err != nil {
		t.Fatal(err)
	}
	apiURL := st.RestAPIURL()
	if !strings.HasSuffix(stdout, "  - Rest API URL: "+apiURL+"\n") {
		t.Errorf("URL %s not printed last", apiURL)
	}
	role := st.Get("default-role")
	if role == nil || role.RoleName != "deployapp-dev" || !strings.HasSuffix(role.RoleARN, ":role/deployapp-dev") {
		t.Errorf("role record: %+v", role)
	}

	// The functions run the one bootstrap; the handler picks the function.
	lc := lambda.NewFromConfig(cfg)
	fn, err := lc.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: aws.String("deployapp-dev-jobs")})
	if err != nil {
		t.Fatal(err)
	}
	c := fn.Configuration
	if aws.ToString(c.Handler) != "jobs" || string(c.Runtime) != "provided.al2023" || string(c.Architectures[0]) != "x86_64" ||
		aws.ToInt32(c.Timeout) != 30 || c.Environment.Variables["GREETING"] != "hello" {
		t.Errorf("jobs: handler %s runtime %s arch %v timeout %d env %v", aws.ToString(c.Handler), c.Runtime, c.Architectures, aws.ToInt32(c.Timeout), c.Environment.Variables)
	}
	sha := aws.ToString(c.CodeSha256)
	ms, err := lc.ListEventSourceMappings(ctx, &lambda.ListEventSourceMappingsInput{FunctionName: c.FunctionArn})
	if err != nil || len(ms.EventSourceMappings) != 1 || len(ms.EventSourceMappings[0].FunctionResponseTypes) != 1 {
		t.Errorf("jobs mapping: %+v %v", ms, err)
	}
	ag := apigateway.NewFromConfig(cfg)
	apiID := st.Get("rest_api").RestAPIID
	auths, err := ag.GetAuthorizers(ctx, &apigateway.GetAuthorizersInput{RestApiId: aws.String(apiID)})
	if err != nil || len(auths.Items) != 1 || aws.ToString(auths.Items[0].Name) != "gate" ||
		!strings.Contains(aws.ToString(auths.Items[0].AuthorizerUri), "function:deployapp-dev-gate/invocations") {
		t.Errorf("authorizers: %+v %v", auths, err)
	}

	if code, out, stderr := cli(t, dir, "--project-dir", dir, "url"); code != 0 || out != apiURL+"\n" {
		t.Errorf("url: exit %d %q %s", code, out, stderr)
	}
	if _, err := os.Stat(policyCachePath(dir, "dev", "x86_64")); err != nil {
		t.Errorf("no policy cache after deploy: %v", err)
	}
	if code, out, stderr := cli(t, dir, "--project-dir", dir, "deploy", "--dry-run"); code != 0 || !strings.HasSuffix(out, "Dry run: nothing was changed.\nNo changes: the deployed stage matches the app.\n") {
		t.Errorf("deploy --dry-run after deploy: exit %d\n%s\n%s", code, out, stderr)
	}

	// Unchanged redeploy: same API, code not uploaded again.
	code, stdout, stderr = cli(t, dir, "--project-dir", dir, "--debug", "deploy")
	if code != 0 || strings.Contains(stdout, "Creating IAM") || strings.Contains(stdout, "Creating Rest API") ||
		!strings.Contains(stdout, "Updating lambda function: deployapp-dev\n") || !strings.Contains(stderr, "code unchanged") ||
		!strings.Contains(stderr, "no new deployment") || !strings.Contains(stderr, "(reused unchanged: true)") {
		t.Errorf("redeploy: exit %d\n%s\n%s", code, stdout, stderr)
	}
	if st2, _ := state.Load(dir, "dev"); st2 == nil || st2.RestAPIURL() != apiURL {
		t.Errorf("redeploy changed the API")
	}
	fn, _ = lc.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: aws.String("deployapp-dev-jobs")})
	if aws.ToString(fn.Configuration.CodeSha256) != sha {
		t.Errorf("code changed on an unchanged redeploy")
	}

	// logs: events of /aws/lambda/deployapp-dev, Lambda's lines filtered.
	logs := cloudwatchlogs.NewFromConfig(cfg)
	group, stream := "/aws/lambda/deployapp-dev", "2024/05/01/[$LATEST]abcdef0123456789"
	createLogStream(t, logs, group, stream)
	now := time.Now().UnixMilli()
	if _, err := logs.PutLogEvents(ctx, &cloudwatchlogs.PutLogEventsInput{LogGroupName: aws.String(group), LogStreamName: aws.String(stream), LogEvents: []cwtypes.InputLogEvent{
		{Timestamp: aws.Int64(now - 2000), Message: aws.String("START RequestId: 1 Version: $LATEST\n")},
		{Timestamp: aws.Int64(now - 1000), Message: aws.String("hello from the handler\n")},
	}}); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := cli(t, dir, "--project-dir", dir, "logs", "--since", "1h")
	if code != 0 || !strings.HasSuffix(out, " abcdef hello from the handler\n") || strings.Contains(out, "START") {
		t.Errorf("logs: exit %d %q %s", code, out, stderr)
	}
	if code, out, _ := cli(t, dir, "--project-dir", dir, "logs", "-n", "api_handler", "--include-lambda-messages"); code != 0 || !strings.Contains(out, "START RequestId: 1") {
		t.Errorf("logs --include-lambda-messages: exit %d %q", code, out)
	}

	// invoke: moto runs functions in Docker, absent here; the request
	// reaches Lambda and its failure is reported, not hidden.
	if code, _, stderr := cli(t, dir, "--project-dir", dir, "invoke", "-n", "nope"); code != 1 || !strings.Contains(stderr, `no deployed function named "nope"`) {
		t.Errorf("invoke unknown: exit %d %s", code, stderr)
	}

	code, out, stderr = cli(t, dir, "--project-dir", dir, "invoke", "-n", "hourly")
	// moto answers a function error whose payload says Docker is missing:
	// the payload goes to stderr and the exit status is 1.
	if code != 1 || !strings.Contains(stderr, "docker") || !strings.Contains(stderr, "chalicegen: hourly returned an error (Handled)") {
		t.Errorf("invoke without Docker: exit %d %q %s", code, out, stderr)
	}

	// delete
	code, stdout, stderr = cli(t, dir, "--project-dir", dir, "delete")
	if code != 0 {
		t.Fatalf("delete: exit %d\n%s\n%s", code, stdout, stderr)
	}
	for _, w := range []string{"Deleting Rest API: " + apiID + "\n", "Deleting function: arn:aws:lambda:us-east-1:123456789012:function:deployapp-dev\n", "Deleting IAM role: deployapp-dev\n"} {
		if !strings.Contains(stdout, w) {
			t.Errorf("delete output lacks %q:\n%s", w, stdout)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, ".chalice", "deployed", "dev.json")); !os.IsNotExist(err) {
		t.Errorf("state file left: %v", err)
	}
	fns, _ := lc.ListFunctions(ctx, &lambda.ListFunctionsInput{})
	if len(fns.Functions) != 0 {
		t.Errorf("%d functions left", len(fns.Functions))
	}
	if code, _, _ := cli(t, dir, "--project-dir", dir, "url"); code != 1 {
		t.Errorf("url after delete: exit %d", code)
	}
}
