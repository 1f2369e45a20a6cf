package iac_test

import (
	"context"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	cftypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	ltypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/chalice-go/chalice/deploy/awsdeploy"
	"github.com/chalice-go/chalice/deploy/iac"
	"github.com/chalice-go/chalice/deploy/iac/iactest"
	"github.com/chalice-go/chalice/deploy/plan"
	"github.com/chalice-go/chalice/deploy/plan/plantest"
	"github.com/chalice-go/chalice/deploy/state"
	"github.com/chalice-go/chalice/internal/mototest"
	"github.com/chalice-go/chalice/model"
)

// prerequisites creates what the full app's configuration names: the
// external roles, the queue, topic and streams. It returns the DynamoDB
// stream's ARN.
func prerequisites(ctx context.Context, t *testing.T, cfg aws.Config) string {
	t.Helper()
	trust := aws.String(plan.LambdaTrustPolicy)
	for _, r := range []string{"external", "authorizer"} {
		if _, err := iam.NewFromConfig(cfg).CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String(r), AssumeRolePolicyDocument: trust}); err != nil {
			t.Fatal(err)
		}
	}
	zip := []byte("PK\x05\x06" + strings.Repeat("\x00", 18))
	if _, err := lambda.NewFromConfig(cfg).PublishLayerVersion(ctx, &lambda.PublishLayerVersionInput{LayerName: aws.String("extra"), Content: &ltypes.LayerVersionContentInput{ZipFile: zip}}); err != nil {
		t.Fatal(err)
	}
	if _, err := sqs.NewFromConfig(cfg).CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("jobs")}); err != nil {
		t.Fatal(err)
	}
	if _, err := sns.NewFromConfig(cfg).CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String("news")}); err != nil {
		t.Fatal(err)
	}
	if _, err := kinesis.NewFromConfig(cfg).CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: aws.String("clicks"), ShardCount: aws.Int32(1)}); err != nil {
		t.Fatal(err)
	}
	out, err := dynamodb.NewFromConfig(cfg).CreateTable(ctx, &dynamodb.CreateTableInput{
		TableName:            aws.String("t"),
		AttributeDefinitions: []ddbtypes.AttributeDefinition{{AttributeName: aws.String("k"), AttributeType: ddbtypes.ScalarAttributeTypeS}},
		KeySchema:            []ddbtypes.KeySchemaElement{{AttributeName: aws.String("k"), KeyType: ddbtypes.KeyTypeHash}},
		BillingMode:          ddbtypes.BillingModePayPerRequest,
		StreamSpecification:  &ddbtypes.StreamSpecification{StreamEnabled: aws.Bool(true), StreamViewType: ddbtypes.StreamViewTypeNewImage},
	})
	if err != nil {
		t.Fatal(err)
	}
	return aws.ToString(out.TableDescription.LatestStreamArn)
}

// planWithStream plans an app whose DynamoDB handler reads the stream
// prerequisites created.
func planWithStream(t *testing.T, app *model.App, config, streamARN string) *plan.Plan {
	t.Helper()
	for _, e := range app.Events {
		if e.Name == "on_change" {
			e.Options = map[string]string{"stream_arn": streamARN}
		}
	}
	p, err := plan.Build(plan.Inputs{App: app, Stage: plantest.Stage(t, config), Policies: plantest.Policies{}})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// live is what exists on an AWS endpoint, in terms both a deploy and a
// stack can be compared in (names the stack chose are normalized away).
type function struct {
	Runtime, Handler string
	Memory, Timeout  int32
	Architectures    []string
	Env              map[string]string
	Layers           []string
	Role, Team       string
}

type live struct {
	Functions   map[string]*function
	Policies    []string            // inline role policies
	Rules       map[string]string   // name -> schedule or pattern, target
	Mappings    []string            // function, source, settings
	Permissions map[string][]string // function -> principals
	LogGroups   map[string]int32
	Routes      map[string][]string // path -> methods and integration types
}

var labelRE = regexp.MustCompile(`/stream/[^/"]+$`)

func collect(ctx context.Context, t *testing.T, cfg aws.Config, restAPIID string, prefix string) *live {
	t.Helper()
	l := &live{Functions: map[string]*function{}, Rules: map[string]string{}, Permissions: map[string][]string{}, LogGroups: map[string]int32{}, Routes: map[string][]string{}}
	lc := lambda.NewFromConfig(cfg)
	fns, err := lc.ListFunctions(ctx, &lambda.ListFunctionsInput{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fns.Functions {
		name := aws.ToString(f.FunctionName)
		g, err := lc.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: f.FunctionName})
		if err != nil {
			t.Fatal(err)
		}
		c := g.Configuration
		var env map[string]string
		if c.Environment != nil {
			env = c.Environment.Variables
		}
		var layers []string
		for _, x := range c.Layers {
			layers = append(layers, aws.ToString(x.Arn))
		}
		role := "managed"
		if strings.HasSuffix(aws.ToString(c.Role), ":role/external") {
			role = "external"
		}
		var arch []string
		for _, a := range c.Architectures {
			arch = append(arch, string(a))
		}
		l.Functions[name] = &function{string(c.Runtime), aws.ToString(c.Handler), aws.ToInt32(c.MemorySize), aws.ToInt32(c.Timeout), arch, env, layers, role, g.Tags["team"]}
		if pol, err := lc.GetPolicy(ctx, &lambda.GetPolicyInput{FunctionName: f.FunctionName}); err == nil {
			var doc struct{ Statement []struct{ Principal any } }
			json.Unmarshal([]byte(aws.ToString(pol.Policy)), &doc)
			for _, s := range doc.Statement {
				p, _ := json.Marshal(s.Principal)
				l.Permissions[name] = append(l.Permissions[name], string(p))
			}
			slices.Sort(l.Permissions[name])
			l.Permissions[name] = slices.Compact(l.Permissions[name])
		}
	}
	ic := iam.NewFromConfig(cfg)
	roles, err := ic.ListRoles(ctx, &iam.ListRolesInput{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range roles.Roles {
		if !strings.HasPrefix(aws.ToString(r.RoleName), prefix) {
			continue
		}
		names, err := ic.ListRolePolicies(ctx, &iam.ListRolePoliciesInput{RoleName: r.RoleName})
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range names.PolicyNames {
			p, err := ic.GetRolePolicy(ctx, &iam.GetRolePolicyInput{RoleName: r.RoleName, PolicyName: aws.String(n)})
			if err != nil {
				t.Fatal(err)
			}
			doc, err := url.QueryUnescape(aws.ToString(p.PolicyDocument))
			if err != nil {
				t.Fatal(err)
			}
			if strings.HasPrefix(doc, "{'") {
				// moto's CloudFormation stores a role's inline policy as
				// Python's repr of it; these documents have no quotes inside.
				doc = strings.ReplaceAll(doc, "'", `"`)
			}
			l.Policies = append(l.Policies, normalJSON(t, doc))
		}
	}
	sort.Strings(l.Policies)
	ec := eventbridge.NewFromConfig(cfg)
	rules, err := ec.ListRules(ctx, &eventbridge.ListRulesInput{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rules.Rules {
		tg, err := ec.ListTargetsByRule(ctx, &eventbridge.ListTargetsByRuleInput{Rule: r.Name})
		if err != nil || len(tg.Targets) != 1 {
			t.Fatalf("targets of %s: %v %v", aws.ToString(r.Name), tg, err)
		}
		what := aws.ToString(r.ScheduleExpression)
		if what == "" {
			what = normalJSON(t, aws.ToString(r.EventPattern))
		}
		l.Rules[aws.ToString(r.Name)] = what + " -> " + aws.ToString(tg.Targets[0].Arn)
	}
	ms, err := lc.ListEventSourceMappings(ctx, &lambda.ListEventSourceMappingsInput{})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms.EventSourceMappings {
		b, _ := json.Marshal([]any{aws.ToString(m.FunctionArn), labelRE.ReplaceAllString(aws.ToString(m.EventSourceArn), "/stream/LABEL"),
			aws.ToInt32(m.BatchSize), aws.ToInt32(m.MaximumBatchingWindowInSeconds), m.StartingPosition, m.FunctionResponseTypes})
		l.Mappings = append(l.Mappings, string(b))
	}
	sort.Strings(l.Mappings)
	groups, err := cloudwatchlogs.NewFromConfig(cfg).DescribeLogGroups(ctx, &cloudwatchlogs.DescribeLogGroupsInput{})
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range groups.LogGroups {
		l.LogGroups[aws.ToString(g.LogGroupName)] = aws.ToInt32(g.RetentionInDays)
	}
	if restAPIID == "" {
		return l
	}
	res, err := apigateway.NewFromConfig(cfg).GetResources(ctx, &apigateway.GetResourcesInput{RestApiId: aws.String(restAPIID), Embed: []string{"methods"}, Limit: aws.Int32(500)})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res.Items {
		var ms []string
		for m, x := range r.ResourceMethods {
			typ := ""
			if x.MethodIntegration != nil {
				typ = strings.ToLower(string(x.MethodIntegration.Type))
			}
			ms = append(ms, m+":"+typ)
		}
		sort.Strings(ms)
		l.Routes[aws.ToString(r.Path)] = ms
	}
	return l
}

func normalJSON(t *testing.T, s string) string {
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("%v: %s", err, s)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// TestTemplateMatchesDeploy deploys the full app with chalicegen's
// deployer on one moto server and its SAM template (translated, as
// CloudFormation runs it) on another, and compares what exists: the same
// functions with the same settings, role policies, rules, mappings,
// permissions, log groups and routes, once with the routes as a REST API
// and once as an HTTP API. What moto's CloudFormation cannot create
// (iactest.MotoUnsupported) is compared against the template instead.
func TestTemplateMatchesDeploy(t *testing.T) {
	if testing.Short() {
		t.Skip("deploys to moto twice; skipped with -short")
	}
	iactest.RequireTools(t)
	t.Run("rest", func(t *testing.T) {
		b := deployBoth(t, func(t *testing.T, streamARN string) *plan.Plan {
			return planWithStream(t, plantest.FullApp(false), plantest.FullConfig, streamARN)
		})
		restID := aws.ToString(b.stack[iac.RestAPIID].PhysicalResourceId)
		if b.outs["RestAPIId"] != restID || !strings.HasPrefix(b.outs["EndpointURL"], "https://"+restID+".execute-api.") {
			t.Errorf("outputs: %v", b.outs)
		}
		importBody(b.ctx, t, b.cfgB, restID, b.tm)
		x, y := b.compare(t, b.res.RestAPIID, restID)
		if len(x.Routes) < 8 || !reflect.DeepEqual(x.Routes, y.Routes) {
			t.Errorf("REST API routes differ:\ndeploy:   %v\ntemplate: %v", x.Routes, y.Routes)
		}
		compareV2(b.ctx, t, b.cfgA, b.cfnFile, b.pB, "WEBSOCKET route key=$connect auth=NONE function=full-dev-websocket_connect")
	})
	t.Run("http", func(t *testing.T) {
		b := deployBoth(t, func(t *testing.T, streamARN string) *plan.Plan {
			return planWithStream(t, plantest.HTTPApp(), plantest.HTTPConfig, streamARN)
		})
		if b.res.HTTPAPIID == "" || b.res.RestAPIID != "" {
			t.Fatalf("deploy result: %+v", b.res)
		}
		b.compare(t, "", "")
		compareV2(b.ctx, t, b.cfgA, b.cfnFile, b.pB,
			"HTTP route key=GET /pool auth=JWT authorizer=Pool function=full-dev",
			"HTTP route key=GET /builtin auth=CUSTOM authorizer=gate function=full-dev",
			"HTTP route key=POST /iam auth=AWS_IAM function=full-dev",
			"HTTP stage name=$default autodeploy=true",
			"mapping domain=api.example.com key=v1 api=HTTP stage=$default")
	})
}

// both is one plan deployed by awsdeploy on moto A and as its translated
// SAM template by CloudFormation on moto B.
type both struct {
	ctx        context.Context
	cfgA, cfgB aws.Config
	pA, pB     *plan.Plan
	res        *awsdeploy.Result
	cfnFile    string
	tm         map[string]any // the template as created on moto
	stack      map[string]cftypes.StackResourceSummary
	outs       map[string]string
}

func deployBoth(t *testing.T, build func(t *testing.T, streamARN string) *plan.Plan) *both {
	t.Helper()
	b := &both{ctx: context.Background()}
	// Both servers start before the environment points the SDK at the
	// first: moto itself must not see AWS_ENDPOINT_URL.
	urlB := mototest.Start(t)

	// chalicegen deploy
	mototest.Proxied(t)
	cfgA, err := awsconfig.LoadDefaultConfig(b.ctx)
	if err != nil {
		t.Fatal(err)
	}
	b.cfgA, b.pA = cfgA, build(t, prerequisites(b.ctx, t, cfgA))
	zip := filepath.Join(t.TempDir(), "deployment.zip")
	if err := os.WriteFile(zip, []byte("PK\x05\x06"+strings.Repeat("\x00", 18)), 0o644); err != nil {
		t.Fatal(err)
	}
	dep := &awsdeploy.Deployer{Clients: awsdeploy.NewClients(cfgA), Region: cfgA.Region, Poll: 10 * time.Millisecond, RoleRetry: time.Second}
	if b.res, err = dep.Deploy(b.ctx, b.pA, awsdeploy.Code{ZipPath: zip, SHA256: "x"}, state.New()); err != nil {
		t.Fatal(err)
	}

	// the SAM template on CloudFormation
	b.cfgB = cfgA.Copy()
	b.cfgB.BaseEndpoint = aws.String(urlB)
	b.pB = build(t, prerequisites(b.ctx, t, b.cfgB))
	sam, err := iac.SAM(b.pB)
	if err != nil {
		t.Fatal(err)
	}
	b.cfnFile = iactest.Translate(t, t.TempDir(), []string{"full"}, []map[string]any{iactest.Package(t, sam)})[0]
	iactest.Lint(t, b.cfnFile)
	var dropped []string
	b.tm, dropped = iactest.ForMoto(t, b.cfnFile)
	t.Logf("not created on moto's CloudFormation: %v", dropped)
	iactest.UploadPackage(b.ctx, t, b.cfgB)
	b.stack, b.outs = iactest.CreateStack(b.ctx, t, b.cfgB, "full", b.tm)
	return b
}

// compare fails unless both endpoints have the same functions, role
// policies, rules, mappings, permissions, log groups and SNS
// subscriptions; it returns what it collected, with the REST API routes
// of the given APIs.
func (b *both) compare(t *testing.T, restA, restB string) (*live, *live) {
	t.Helper()
	x := collect(b.ctx, t, b.cfgA, restA, "full-dev")
	y := collect(b.ctx, t, b.cfgB, restB, "full-")
	// moto's CloudFormation ignores a function's Architectures, Layers and
	// Tags: those are compared against the template.
	for _, r := range b.tm["Resources"].(map[string]any) {
		r := r.(map[string]any)
		if r["Type"] != "AWS::Lambda::Function" {
			continue
		}
		var props struct {
			FunctionName  string
			Architectures []string
			Layers        []string
			Tags          []struct{ Key, Value string }
		}
		j, _ := json.Marshal(r["Properties"])
		json.Unmarshal(j, &props)
		if f := y.Functions[props.FunctionName]; f != nil {
			f.Architectures, f.Layers = props.Architectures, props.Layers
			for _, tag := range props.Tags {
				if tag.Key == "team" {
					f.Team = tag.Value
				}
			}
		}
	}
	for _, c := range []struct {
		what string
		a, b any
	}{
		{"functions", x.Functions, y.Functions}, {"role policies", x.Policies, y.Policies}, {"rules", x.Rules, y.Rules},
		{"event source mappings", x.Mappings, y.Mappings}, {"permissions", x.Permissions, y.Permissions},
		{"log groups", x.LogGroups, y.LogGroups},
	} {
		ja, _ := json.MarshalIndent(c.a, "", " ")
		jb, _ := json.MarshalIndent(c.b, "", " ")
		if string(ja) != string(jb) {
			t.Errorf("%s differ:\ndeploy:   %s\ntemplate: %s", c.what, ja, jb)
		}
	}
	if len(x.Functions) != len(b.pA.Functions) || len(x.Rules) != 2 || len(x.Mappings) != 3 {
		t.Errorf("deploy created too little: %+v", x)
	}

	// SNS subscriptions (moto's CloudFormation cannot create them) against
	// the template.
	subs, err := sns.NewFromConfig(b.cfgA).ListSubscriptions(b.ctx, &sns.ListSubscriptionsInput{})
	if err != nil {
		t.Fatal(err)
	}
	var deployed, templated []string
	for _, s := range subs.Subscriptions {
		deployed = append(deployed, aws.ToString(s.Endpoint)[strings.LastIndexByte(aws.ToString(s.Endpoint), ':')+1:]+"<-"+aws.ToString(s.TopicArn)[strings.LastIndexByte(aws.ToString(s.TopicArn), ':')+1:])
	}
	for _, r := range readResources(t, b.cfnFile) {
		if r.Type == "AWS::SNS::Subscription" {
			fn := r.Properties["Endpoint"].(map[string]any)["Fn::GetAtt"].([]any)[0].(string)
			sub, _ := json.Marshal(r.Properties["TopicArn"])
			topic := strings.TrimSuffix(string(sub)[strings.LastIndexByte(string(sub), ':')+1:], `"}`)
			templated = append(templated, b.pB.Function(logicalOf(b.pB, fn)).Name+"<-"+topic)
		}
	}
	sort.Strings(deployed)
	sort.Strings(templated)
	if !slices.Equal(deployed, templated) || len(deployed) != 1 {
		t.Errorf("subscriptions:\ndeploy:   %v\ntemplate: %v", deployed, templated)
	}
	return x, y
}

func logicalOf(p *plan.Plan, id string) string {
	for _, f := range p.Functions {
		if iac.FunctionID(f.Logical) == id {
			return f.Logical
		}
	}
	return ""
}

// importBody puts the stack's REST API definition into moto's REST API:
// moto's CloudFormation ignores a RestApi's Body. Its import wants a uri
// on every integration, so MOCK ones get an empty one; references are
// replaced by a function's invocation URI.
func importBody(ctx context.Context, t *testing.T, cfg aws.Config, id string, tm map[string]any) {
	t.Helper()
	body := tm["Resources"].(map[string]any)[iac.RestAPIID].(map[string]any)["Properties"].(map[string]any)["Body"]
	var fix func(v any) any
	fix = func(v any) any {
		switch v := v.(type) {
		case map[string]any:
			if len(v) == 1 {
				for k := range v {
					if strings.HasPrefix(k, "Fn::") || k == "Ref" {
						return "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:x/invocations"
					}
				}
			}
			if v["type"] == "mock" {
				v["uri"], v["httpMethod"] = "", "POST"
			}
			for k, x := range v {
				v[k] = fix(x)
			}
		case []any:
			for i, x := range v {
				v[i] = fix(x)
			}
		}
		return v
	}
	b, err := json.Marshal(fix(body))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := apigateway.NewFromConfig(cfg).PutRestApi(ctx, &apigateway.PutRestApiInput{RestApiId: aws.String(id), Mode: "overwrite", Body: b}); err != nil {
		t.Fatalf("importing the REST API definition: %v", err)
	}
}
