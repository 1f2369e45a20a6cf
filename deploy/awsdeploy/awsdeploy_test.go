package awsdeploy_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/google/go-cmp/cmp"

	"github.com/chalice-go/chalice/deploy/awsdeploy"
	"github.com/chalice-go/chalice/deploy/plan"
	"github.com/chalice-go/chalice/deploy/state"
	"github.com/chalice-go/chalice/internal/awsproxy"
	"github.com/chalice-go/chalice/internal/mototest"
	"github.com/chalice-go/chalice/model"
	"github.com/chalice-go/chalice/policy"
)

type fakePolicies struct{ doc *policy.Document }

func (f fakePolicies) Inferred(string) (*policy.Document, error) { return f.doc, nil }
func (f fakePolicies) File(string) (*policy.Document, error)     { return f.doc, nil }

func appModel() *model.App {
	sqsResult := model.Signature{Result: model.ResultValueError, ResultType: model.Type{Name: "SQSBatchResult", PkgPath: "github.com/chalice-go/chalice"}}
	return &model.App{
		Name: "demo",
		Routes: []*model.Route{
			{Path: "/", Methods: []string{"GET"}},
			{Path: "/users/{id}", Methods: []string{"GET", "PUT"}, Authorizer: &model.AuthorizerRef{Kind: model.AuthBuiltin, Name: "check"}, CORS: &model.CORS{}},
			{Path: "/admin", Methods: []string{"POST"}, Authorizer: &model.AuthorizerRef{Kind: model.AuthIAM, Var: "iam"}, APIKeyRequired: true},
			{Path: "/pool", Methods: []string{"GET"}, Authorizer: &model.AuthorizerRef{Kind: model.AuthCognito, Var: "pool", Name: "MyPool"}},
			{Path: "/files/{proxy+}", Methods: []string{"GET"}},
		},
		Authorizers:    []*model.Authorizer{{Name: "check", TTLSeconds: 300, Header: "Authorization"}},
		AuthorizerVars: []*model.AuthorizerVar{{Var: "pool", Kind: model.AuthCognito, Name: "MyPool", ProviderARNs: []string{"arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc"}}},
		BinaryTypes:    []string{"application/octet-stream", "image/png"},
		Events: []*model.EventHandler{
			{Kind: model.EventSchedule, Name: "every_hour", Schedule: "rate(1 hour)"},
			{Kind: model.EventSQS, Name: "worker", Options: map[string]string{"queue": "jobs", "batch_size": "5"}, Signature: sqsResult},
			{Kind: model.EventSNS, Name: "on_topic", Options: map[string]string{"topic": "news"}},
			{Kind: model.EventS3, Name: "on_upload", Options: map[string]string{"bucket": "uploads", "prefix": "in/"}},
		},
	}
}

const cfgJSON = `{
  "version": "2.0", "app_name": "demo",
  "environment_variables": {"GREETING": "hi"},
  "stages": {"dev": {"architecture": "x86_64", "lambda_functions": {"worker": {"lambda_timeout": 30, "lambda_memory_size": 256}}}}
}`

func buildPlan(t *testing.T, app *model.App) *plan.Plan {
	t.Helper()
	return buildPlanWith(t, app, cfgJSON)
}

type env struct {
	cfg     aws.Config
	dir     string
	out     *bytes.Buffer
	dep     *awsdeploy.Deployer
	zipPath string
	zipSHA  string
	proxy   *awsproxy.Proxy
	killed  *atomic.Bool // set: Save fails, as in a killed process
}

func setup(t *testing.T) *env {
	if testing.Short() {
		t.Skip("moto deploy tests are skipped with -short")
	}
	px := mototest.Proxied(t)
	ctx := context.Background()
	cfg, err := awsconfig.LoadDefaultConfig(ctx)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	zipPath := filepath.Join(dir, "deployment.zip")
	zip := []byte("PK\x05\x06" + strings.Repeat("\x00", 18))
	if err := os.WriteFile(zipPath, zip, 0o644); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(zip)
	e := &env{cfg: cfg, dir: dir, out: &bytes.Buffer{}, zipPath: zipPath, zipSHA: base64.StdEncoding.EncodeToString(sum[:]), proxy: px}
	e.dep = &awsdeploy.Deployer{
		Clients: awsdeploy.NewClients(cfg), Region: cfg.Region, Out: e.out,
		Save: func(s *state.State) error {
			if e.killed != nil && e.killed.Load() {
				return errKilled
			}
			return s.Save(dir, "dev")
		},
		Poll: 10 * time.Millisecond, RoleRetry: time.Second,
	}
	// The event sources the app names must exist.
	if _, err := sqs.NewFromConfig(cfg).CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("jobs")}); err != nil {
		t.Fatal(err)
	}
	if _, err := sns.NewFromConfig(cfg).CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String("news")}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.dep.Clients.S3.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("uploads")}); err != nil {
		t.Fatal(err)
	}
	return e
}

func (e *env) deploy(t *testing.T, p *plan.Plan) *awsdeploy.Result {
	t.Helper()
	e.out.Reset()
	st, err := state.Load(e.dir, "dev")
	if err != nil {
		st = state.New()
	}
	res, err := e.dep.Deploy(context.Background(), p, awsdeploy.Code{ZipPath: e.zipPath, SHA256: e.zipSHA}, st)
	if err != nil {
		t.Fatalf("deploy: %v\noutput:\n%s", err, e.out)
	}
	return res
}

func TestDeployMoto(t *testing.T) {
	e := setup(t)
	ctx := context.Background()
	p := buildPlan(t, appModel())
	res := e.deploy(t, p)
	out := e.out.String()
	for _, want := range []string{
		"Creating IAM role: demo-dev\n",
		"Creating lambda function: demo-dev\n",
		"Creating lambda function: demo-dev-worker\n",
		"Creating Rest API\n",
		"Subscribing demo-dev-on_topic to SNS topic news\n",
		"Resources deployed:\n  - Lambda ARN: arn:aws:lambda:us-east-1:123456789012:function:demo-dev\n",
		"  - Rest API URL: https://" + res.RestAPIID + ".execute-api.us-east-1.amazonaws.com/api/\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}

	// IAM
	ic := iam.NewFromConfig(e.cfg)
	if _, err := ic.GetRolePolicy(ctx, &iam.GetRolePolicyInput{RoleName: aws.String("demo-dev"), PolicyName: aws.String("demo-dev")}); err != nil {
		t.Errorf("role policy: %v", err)
	}
	// Lambda
	lc := lambda.NewFromConfig(e.cfg)
	fn, err := lc.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: aws.String("demo-dev-worker")})
	if err != nil {
		t.Fatal(err)
	}
	c := fn.Configuration
	if string(c.Runtime) != "provided.al2023" || aws.ToString(c.Handler) != "worker" || string(c.Architectures[0]) != "x86_64" ||
		aws.ToInt32(c.Timeout) != 30 || aws.ToInt32(c.MemorySize) != 256 || c.Environment.Variables["GREETING"] != "hi" ||
		!strings.HasSuffix(aws.ToString(c.Role), ":role/demo-dev") {
		t.Errorf("worker configuration: runtime %s handler %s arch %v timeout %d memory %d env %v role %s",
			c.Runtime, aws.ToString(c.Handler), c.Architectures, aws.ToInt32(c.Timeout), aws.ToInt32(c.MemorySize), c.Environment.Variables, aws.ToString(c.Role))
	}
	if fn.Tags["aws-chalice"] == "" {
		t.Errorf("tags: %v", fn.Tags)
	}
	for _, name := range []string{"demo-dev", "demo-dev-check", "demo-dev-every_hour", "demo-dev-on_topic", "demo-dev-on_upload"} {
		if _, err := lc.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: aws.String(name)}); err != nil {
			t.Errorf("function %s: %v", name, err)
		}
	}
	// SQS mapping with partial batch responses.
	maps, err := lc.ListEventSourceMappings(ctx, &lambda.ListEventSourceMappingsInput{FunctionName: c.FunctionArn})
	if err != nil || len(maps.EventSourceMappings) != 1 {
		t.Fatalf("mappings: %v %v", maps, err)
	}
	m := maps.EventSourceMappings[0]
	if aws.ToInt32(m.BatchSize) != 5 || len(m.FunctionResponseTypes) != 1 || !strings.HasSuffix(aws.ToString(m.EventSourceArn), ":jobs") {
		t.Errorf("mapping: batch %d types %v source %s", aws.ToInt32(m.BatchSize), m.FunctionResponseTypes, aws.ToString(m.EventSourceArn))
	}
	// EventBridge
	ec := eventbridge.NewFromConfig(e.cfg)
	rule, err := ec.DescribeRule(ctx, &eventbridge.DescribeRuleInput{Name: aws.String("demo-dev-every_hour-event")})
	if err != nil || aws.ToString(rule.ScheduleExpression) != "rate(1 hour)" {
		t.Errorf("rule: %v %v", rule, err)
	}
	tg, err := ec.ListTargetsByRule(ctx, &eventbridge.ListTargetsByRuleInput{Rule: aws.String("demo-dev-every_hour-event")})
	if err != nil || len(tg.Targets) != 1 || !strings.HasSuffix(aws.ToString(tg.Targets[0].Arn), ":function:demo-dev-every_hour") {
		t.Errorf("targets: %v %v", tg, err)
	}
	// S3
	nc, err := e.dep.Clients.S3.GetBucketNotificationConfiguration(ctx, &s3.GetBucketNotificationConfigurationInput{Bucket: aws.String("uploads")})
	if err != nil || len(nc.LambdaFunctionConfigurations) != 1 {
		t.Errorf("bucket notifications: %+v %v", nc, err)
	}
	// SNS
	subs, err := sns.NewFromConfig(e.cfg).ListSubscriptions(ctx, &sns.ListSubscriptionsInput{})
	if err != nil || len(subs.Subscriptions) != 1 || aws.ToString(subs.Subscriptions[0].Protocol) != "lambda" {
		t.Errorf("subscriptions: %+v %v", subs, err)
	}

	// REST API
	ag := apigateway.NewFromConfig(e.cfg)
	api, err := ag.GetRestApi(ctx, &apigateway.GetRestApiInput{RestApiId: aws.String(res.RestAPIID)})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(api.Name) != "demo" || !slices.Equal(api.BinaryMediaTypes, []string{"application/octet-stream", "image/png"}) {
		t.Errorf("api: name %s binary %v", aws.ToString(api.Name), api.BinaryMediaTypes)
	}
	paths := resourcePaths(t, ag, res.RestAPIID)
	wantPaths := []string{"/", "/admin", "/files", "/files/{proxy+}", "/pool", "/users", "/users/{id}"}
	if !slices.Equal(slices.Sorted(mapKeys(paths)), wantPaths) {
		t.Errorf("resources %v, want %v", slices.Sorted(mapKeys(paths)), wantPaths)
	}
	auths, err := ag.GetAuthorizers(ctx, &apigateway.GetAuthorizersInput{RestApiId: aws.String(res.RestAPIID)})
	if err != nil || len(auths.Items) != 2 {
		t.Fatalf("authorizers: %+v %v", auths, err)
	}
	authByName := map[string]string{}
	for _, a := range auths.Items {
		authByName[aws.ToString(a.Name)] = string(a.Type)
	}
	if authByName["check"] != "TOKEN" || authByName["MyPool"] != "COGNITO_USER_POOLS" {
		t.Errorf("authorizers %v", authByName)
	}
	meth := func(path, m string) *apigateway.GetMethodOutput {
		t.Helper()
		out, err := ag.GetMethod(ctx, &apigateway.GetMethodInput{RestApiId: aws.String(res.RestAPIID), ResourceId: aws.String(paths[path]), HttpMethod: aws.String(m)})
		if err != nil {
			t.Fatalf("%s %s: %v", m, path, err)
		}
		return out
	}
	if g := meth("/users/{id}", "PUT"); aws.ToString(g.AuthorizationType) != "CUSTOM" || g.MethodIntegration == nil || g.MethodIntegration.Type != "AWS_PROXY" ||
		!strings.Contains(aws.ToString(g.MethodIntegration.Uri), "function:demo-dev/invocations") {
		t.Errorf("PUT /users/{id}: %+v", g)
	}
	if g := meth("/admin", "POST"); aws.ToString(g.AuthorizationType) != "AWS_IAM" || !aws.ToBool(g.ApiKeyRequired) {
		t.Errorf("POST /admin: auth %s key %v", aws.ToString(g.AuthorizationType), aws.ToBool(g.ApiKeyRequired))
	}
	if g := meth("/users/{id}", "OPTIONS"); g.MethodIntegration == nil || g.MethodIntegration.Type != "MOCK" {
		t.Errorf("OPTIONS /users/{id}: %+v", g)
	}
	if _, err := ag.GetStage(ctx, &apigateway.GetStageInput{RestApiId: aws.String(res.RestAPIID), StageName: aws.String("api")}); err != nil {
		t.Errorf("stage: %v", err)
	}

	// The state file.
	st, err := state.Load(e.dir, "dev")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range st.Resources {
		names = append(names, r.Name+":"+r.Type)
	}
	wantNames := []string{"default-role:iam_role", "api_handler:lambda_function", "check:lambda_function", "every_hour:lambda_function",
		"worker:lambda_function", "on_topic:lambda_function", "on_upload:lambda_function", "every_hour-event:cloudwatch_event",
		"worker-sqs-event-source:sqs_event", "on_topic-sns-subscription:sns_event", "on_upload-s3event:s3_event", "rest_api:rest_api"}
	if !slices.Equal(names, wantNames) {
		t.Errorf("state resources\n %v\nwant\n %v", names, wantNames)
	}
	if st.RestAPIURL() != res.RestAPIURL || st.SchemaVersion != "2.0" || st.Backend != "api" {
		t.Errorf("state: %+v", st)
	}

	// Redeploy, unchanged: same API, nothing created, no new deployment.
	deps := func() int {
		d, err := ag.GetDeployments(ctx, &apigateway.GetDeploymentsInput{RestApiId: aws.String(res.RestAPIID)})
		if err != nil {
			t.Fatal(err)
		}
		return len(d.Items)
	}
	before := deps()
	res2 := e.deploy(t, buildPlan(t, appModel()))
	out = e.out.String()
	if res2.RestAPIID != res.RestAPIID || strings.Contains(out, "Creating") || strings.Contains(out, "Subscribing") || !strings.Contains(out, "Updating lambda function: demo-dev\n") {
		t.Errorf("redeploy: id %s (was %s), output:\n%s", res2.RestAPIID, res.RestAPIID, out)
	}
	if after := deps(); after != before {
		t.Errorf("unchanged redeploy made %d new deployments", after-before)
	}
	subs, _ = sns.NewFromConfig(e.cfg).ListSubscriptions(ctx, &sns.ListSubscriptionsInput{})
	if len(subs.Subscriptions) != 1 {
		t.Errorf("redeploy duplicated the subscription: %d", len(subs.Subscriptions))
	}

	// Change routes and drop a handler: the API is updated in place, the
	// schedule's function and rule are deleted.
	app := appModel()
	app.Routes = append(app.Routes[:4], &model.Route{Path: "/files/{proxy+}", Methods: []string{"GET", "POST"}}, &model.Route{Path: "/new", Methods: []string{"DELETE"}})
	app.Routes = slices.DeleteFunc(app.Routes, func(r *model.Route) bool { return r.Path == "/pool" })
	app.AuthorizerVars = nil
	app.Events = slices.DeleteFunc(app.Events, func(e *model.EventHandler) bool { return e.Name == "every_hour" })
	res3 := e.deploy(t, buildPlan(t, app))
	out = e.out.String()
	if res3.RestAPIID != res.RestAPIID {
		t.Errorf("route change made a new API")
	}
	if !strings.Contains(out, "Deleting function: arn:aws:lambda:us-east-1:123456789012:function:demo-dev-every_hour\n") || !strings.Contains(out, "Deleting event rule: demo-dev-every_hour-event\n") {
		t.Errorf("removed handler not deleted:\n%s", out)
	}
	paths = resourcePaths(t, ag, res.RestAPIID)
	if _, ok := paths["/pool"]; ok {
		t.Errorf("/pool still exists: %v", paths)
	}
	if _, ok := paths["/new"]; !ok {
		t.Errorf("/new missing: %v", paths)
	}
	meth("/files/{proxy+}", "POST")
	if after := deps(); after != before+1 {
		t.Errorf("route change: %d new deployments, want 1", after-before)
	}
	auths, _ = ag.GetAuthorizers(ctx, &apigateway.GetAuthorizersInput{RestApiId: aws.String(res.RestAPIID)})
	if len(auths.Items) != 1 {
		t.Errorf("stale authorizer kept: %+v", auths.Items)
	}
	if _, err := lc.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: aws.String("demo-dev-every_hour")}); err == nil {
		t.Errorf("demo-dev-every_hour still exists")
	}

	// A policy change is shown, and applied only when confirmed.
	p4 := buildPlan(t, app)
	p4.Roles[0].Policy = &policy.Document{Version: "2012-10-17", Statement: []policy.Statement{policy.LogsStatement(),
		{Sid: "S3", Effect: "Allow", Action: policy.StringList{"s3:GetObject"}, Resource: policy.StringList{"*"}}}}
	var asked [][]string
	e.dep.Confirm = func(added, removed []string) (bool, error) { asked = append(asked, added); return false, nil }
	st4, _ := state.Load(e.dir, "dev")
	e.out.Reset()
	if _, err := e.dep.Deploy(ctx, p4, awsdeploy.Code{ZipPath: e.zipPath, SHA256: e.zipSHA}, st4); err != awsdeploy.ErrAborted {
		t.Errorf("declined policy change: %v", err)
	}
	if !strings.Contains(e.out.String(), "\nThe following action will be added to the execution policy:\n\ns3:GetObject\n") || len(asked) != 1 {
		t.Errorf("policy diff output:\n%s", e.out)
	}
	e.dep.Confirm = func(added, removed []string) (bool, error) { return true, nil }
	e.deploy(t, p4)
	if !strings.Contains(e.out.String(), "Updating policy for IAM role: demo-dev\n") {
		t.Errorf("policy update output:\n%s", e.out)
	}
	rp, err := ic.GetRolePolicy(ctx, &iam.GetRolePolicyInput{RoleName: aws.String("demo-dev"), PolicyName: aws.String("demo-dev")})
	if err != nil || !strings.Contains(aws.ToString(rp.PolicyDocument), "GetObject") {
		t.Errorf("policy not applied: %v", err)
	}
	e.deploy(t, p4)
	if strings.Contains(e.out.String(), "policy") {
		t.Errorf("unchanged policy reported:\n%s", e.out)
	}

	// Delete everything.
	st, err = state.Load(e.dir, "dev")
	if err != nil {
		t.Fatal(err)
	}
	e.out.Reset()
	if err := e.dep.Delete(ctx, st); err != nil {
		t.Fatalf("delete: %v\n%s", err, e.out)
	}
	out = e.out.String()
	for _, want := range []string{"Deleting Rest API: " + res.RestAPIID + "\n", "Deleting function: arn:aws:lambda:us-east-1:123456789012:function:demo-dev\n", "Deleting IAM role: demo-dev\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("delete output lacks %q:\n%s", want, out)
		}
	}
	if strings.Index(out, "Deleting Rest API") > strings.Index(out, "Deleting IAM role") {
		t.Errorf("delete order:\n%s", out)
	}
	if st, _ := state.Load(e.dir, "dev"); st == nil || len(st.Resources) != 0 {
		t.Errorf("state after delete: %+v", st)
	}
	if _, err := ag.GetRestApi(ctx, &apigateway.GetRestApiInput{RestApiId: aws.String(res.RestAPIID)}); err == nil {
		t.Errorf("rest API still exists")
	}
	if _, err := ic.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String("demo-dev")}); err == nil {
		t.Errorf("role still exists")
	}
	fns, _ := lc.ListFunctions(ctx, &lambda.ListFunctionsInput{})
	if len(fns.Functions) != 0 {
		t.Errorf("%d functions left", len(fns.Functions))
	}
	subs, _ = sns.NewFromConfig(e.cfg).ListSubscriptions(ctx, &sns.ListSubscriptionsInput{})
	if len(subs.Subscriptions) != 0 {
		t.Errorf("subscription left")
	}
	// A second delete of the same (stale) record is tolerant.
	stale := state.New()
	stale.Put(state.Resource{Name: "rest_api", Type: state.TypeRestAPI, RestAPIID: res.RestAPIID})
	stale.Put(state.Resource{Name: "api_handler", Type: state.TypeLambdaFunction, LambdaARN: "arn:aws:lambda:us-east-1:123456789012:function:demo-dev"})
	stale.Put(state.Resource{Name: "default-role", Type: state.TypeIAMRole, RoleName: "demo-dev"})
	if err := e.dep.Delete(ctx, stale); err != nil || len(stale.Resources) != 0 {
		t.Errorf("deleting gone resources: %v, left %v", err, stale.Resources)
	}
}

func mapKeys(m map[string]string) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func resourcePaths(t *testing.T, ag *apigateway.Client, id string) map[string]string {
	t.Helper()
	out, err := ag.GetResources(context.Background(), &apigateway.GetResourcesInput{RestApiId: aws.String(id), Limit: aws.Int32(500)})
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	for _, r := range out.Items {
		m[aws.ToString(r.Path)] = aws.ToString(r.Id)
	}
	return m
}

// A first deploy creates independent resources concurrently, yet prints
// the same lines and leaves the same state file and account as a
// sequential one (Workers 1), and every state write is a whole file
// recording at most one change more than the previous write.
func TestConcurrentDeployMoto(t *testing.T) {
	e := setup(t)
	e.proxy.Latency = 20 * time.Millisecond // calls overlap as they would against AWS
	p := buildPlan(t, appModel())
	var counts []int
	e.dep.Save = func(s *state.State) error {
		if err := s.Save(e.dir, "dev"); err != nil {
			return err
		}
		got, err := state.Load(e.dir, "dev")
		if err != nil {
			t.Errorf("the state file as written: %v", err)
			return nil
		}
		counts = append(counts, len(got.Resources))
		return nil
	}
	apiID := regexp.MustCompile(`[a-z0-9]{10}\.execute-api`)
	run := func(workers int) (out string, records []string, inFlight int) {
		t.Helper()
		counts = nil
		e.dep.Workers = workers
		e.proxy.Reset()
		e.deploy(t, p)
		for i := 1; i < len(counts); i++ {
			if d := counts[i] - counts[i-1]; d > 1 || d < -1 {
				t.Errorf("workers %d: a state write went from %d to %d records", workers, counts[i-1], counts[i])
			}
		}
		st, err := state.Load(e.dir, "dev")
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range st.Resources {
			records = append(records, r.Name+":"+r.Type)
		}
		return apiID.ReplaceAllString(e.out.String(), "ID.execute-api"), records, e.proxy.MaxInFlight()
	}
	seqOut, seqRecords, seqIn := run(1)
	st, _ := state.Load(e.dir, "dev")
	if err := e.dep.Delete(context.Background(), st); err != nil {
		t.Fatal(err)
	}
	out, records, in := run(0)
	if seqIn != 1 {
		t.Errorf("a sequential deploy had %d mutating calls in flight at once", seqIn)
	}
	if in < 2 {
		t.Errorf("the concurrent deploy never had two mutating calls in flight (max %d)", in)
	}
	if diff := cmp.Diff(seqOut, out); diff != "" {
		t.Errorf("output differs from a sequential deploy's (-sequential +concurrent):\n%s", diff)
	}
	if diff := cmp.Diff(seqRecords, records); diff != "" {
		t.Errorf("state records differ from a sequential deploy's (-sequential +concurrent):\n%s", diff)
	}
}
