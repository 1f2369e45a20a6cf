package plan

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/chalice-go/chalice/config"
	"github.com/chalice-go/chalice/model"
	"github.com/chalice-go/chalice/policy"
)

type policies struct{ files map[string]bool }

func (p *policies) Inferred(fn string) (*policy.Document, error) {
	return &policy.Document{Version: "2012-10-17", Statement: []policy.Statement{{Effect: "Allow", Sid: "fn-" + fn}}}, nil
}

func (p *policies) File(f string) (*policy.Document, error) {
	if p.files == nil {
		p.files = map[string]bool{}
	}
	p.files[f] = true
	return &policy.Document{Version: "2012-10-17", Statement: []policy.Statement{{Effect: "Allow", Sid: "file-" + f}}}, nil
}

func stage(t *testing.T, js string) *config.StageConfig {
	t.Helper()
	f, err := config.Parse("config.json", []byte(js))
	if err != nil {
		t.Fatal(err)
	}
	sc, err := f.Stage("dev")
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

func build(t *testing.T, app *model.App, cfg string) *Plan {
	t.Helper()
	p, err := Build(Inputs{App: app, Stage: stage(t, cfg), Policies: &policies{}, ReadFile: func(string) ([]byte, error) { return []byte(`{"a": 1}`), nil }})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

const basic = `{"version":"2.0","app_name":"app"}`

func TestNamesAndRoles(t *testing.T) {
	app := &model.App{
		Routes: []*model.Route{{Path: "/", Methods: []string{"GET"}}},
		Events: []*model.EventHandler{
			{Kind: model.EventSchedule, Name: "tick", Schedule: "rate(1 minute)"},
			{Kind: model.EventLambdaFunction, Name: "own"},
			{Kind: model.EventLambdaFunction, Name: "ext"},
		},
	}
	cfg := `{"version":"2.0","app_name":"app","stages":{"dev":{"lambda_memory_size":256,"lambda_functions":{
		"own":{"autogen_policy":false,"iam_policy_file":"own.json"},
		"ext":{"manage_iam_role":false,"iam_role_arn":"arn:aws:iam::1:role/x"}}}}}`
	p := build(t, app, cfg)
	var got []string
	for _, f := range p.Functions {
		got = append(got, f.Logical+"="+f.Name+"/"+f.Handler+"/"+f.Role+"/"+f.RoleARN.String())
		if f.Runtime != "provided.al2023" || f.Architecture != "arm64" || f.MemorySize != 256 {
			t.Errorf("%s: %+v", f.Logical, f)
		}
	}
	want := []string{"api_handler=app-dev/api_handler/default-role/${role_arn:default-role}", "tick=app-dev-tick/tick/default-role/${role_arn:default-role}",
		"own=app-dev-own/own/own_role/${role_arn:own_role}", "ext=app-dev-ext/ext//arn:aws:iam::1:role/x"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("functions\n %v\nwant\n %v", got, want)
	}
	if len(p.Roles) != 2 || p.Roles[0].RoleName != "app-dev" || p.Roles[0].Policy.Statement[0].Sid != "fn-" ||
		p.Roles[1].RoleName != "app-dev-own" || p.Roles[1].Policy.Statement[0].Sid != "file-own.json" {
		t.Errorf("roles: %+v %+v", p.Roles[0], p.Roles[1])
	}
	if p.Role("own_role") == nil || p.Function("tick") == nil || p.Function("nope") != nil {
		t.Error("lookups")
	}
}

func TestAutogenFalseSharesTheRole(t *testing.T) {
	pol := &policies{}
	app := &model.App{Routes: []*model.Route{{Path: "/", Methods: []string{"GET"}}}}
	p, err := Build(Inputs{App: app, Stage: stage(t, `{"version":"2.0","app_name":"app","autogen_policy":false}`), Policies: pol})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Roles) != 1 || !pol.files["policy-dev.json"] {
		t.Errorf("roles %+v, files %v", p.Roles, pol.files)
	}
}

func TestRestAPI(t *testing.T) {
	app := &model.App{
		BinaryTypes: []string{"image/png"},
		Routes: []*model.Route{
			{Path: "/a/b/{c}", Methods: []string{"PUT", "GET"}, CORS: &model.CORS{AllowHeaders: []string{"X-Custom"}, MaxAge: 60}},
			{Path: "/iam", Methods: []string{"GET"}, Authorizer: &model.AuthorizerRef{Kind: model.AuthIAM}, APIKeyRequired: true},
			{Path: "/built", Methods: []string{"GET"}, Authorizer: &model.AuthorizerRef{Kind: model.AuthBuiltin, Name: "auth"}},
			{Path: "/pool", Methods: []string{"GET"}, Authorizer: &model.AuthorizerRef{Kind: model.AuthCognito, Var: "pool"}},
			{Path: "/cust", Methods: []string{"GET"}, Authorizer: &model.AuthorizerRef{Kind: model.AuthCustom, Var: "cust"}},
			{Path: "/files/{proxy+}", Methods: []string{"GET"}},
		},
		Authorizers: []*model.Authorizer{{Name: "auth", TTLSeconds: 10, Header: "X-Token", ExecutionRole: "arn:aws:iam::1:role/r"}},
		AuthorizerVars: []*model.AuthorizerVar{
			{Var: "pool", Kind: model.AuthCognito, Name: "Pool", ProviderARNs: []string{"arn:b", "arn:a"}},
			{Var: "cust", Kind: model.AuthCustom, Name: "Cust", AuthorizerURI: "arn:uri", TTLSeconds: 5, Header: "H"},
		},
	}
	p := build(t, app, `{"version":"2.0","app_name":"app","api_gateway_stage":"v1","minimum_compression_size":100,"api_gateway_endpoint_type":"REGIONAL"}`)
	api := p.RestAPI
	if api.Name != "app" || api.Stage != "v1" || api.EndpointType != "REGIONAL" || *api.MinimumCompressionSize != 100 ||
		!reflect.DeepEqual(api.BinaryMediaTypes, []string{"image/png"}) || len(api.Permissions) != 2 || api.URL.String() != "https://${rest_api_id}.execute-api.${region}.${url_suffix}/v1/" {
		t.Errorf("api: %+v", api)
	}
	var paths []string
	methods := map[string]*Method{}
	for _, r := range api.Resources {
		paths = append(paths, r.Path)
		for _, m := range r.Methods {
			methods[m.HTTPMethod+" "+r.Path] = m
		}
	}
	wantPaths := []string{"/", "/a", "/a/b", "/a/b/{c}", "/built", "/cust", "/files", "/files/{proxy+}", "/iam", "/pool"}
	if !reflect.DeepEqual(paths, wantPaths) {
		t.Errorf("paths %v", paths)
	}
	if m := methods["GET /iam"]; m.AuthorizationType != AuthIAM || !m.APIKeyRequired {
		t.Errorf("iam: %+v", m)
	}
	if m := methods["GET /built"]; m.AuthorizationType != AuthCustom || m.Authorizer != "auth" {
		t.Errorf("built: %+v", m)
	}
	if m := methods["GET /pool"]; m.AuthorizationType != AuthCognito || m.Authorizer != "Pool" {
		t.Errorf("pool: %+v", m)
	}
	for i, fn := range []string{"api_handler", "auth"} {
		pm := api.Permissions[i]
		if pm.Function != fn || pm.StatementID.String() != "apigateway-${rest_api_id}" || pm.Principal != "apigateway.amazonaws.com" ||
			pm.SourceARN.String() != "arn:${partition}:execute-api:${region}:${account}:${rest_api_id}/*" {
			t.Errorf("permission %d: %+v", i, pm)
		}
	}
	if m := methods["GET /iam"]; m.IntegrationURI.String() != "arn:${partition}:apigateway:${region}:lambda:path/2015-03-31/functions/${function_arn:api_handler}/invocations" {
		t.Errorf("integration URI %s", m.IntegrationURI)
	}
	opt := methods["OPTIONS /a/b/{c}"]
	if opt == nil || opt.Integration != IntegrationMock || opt.ResponseHeaders["Access-Control-Allow-Methods"] != "PUT,GET,OPTIONS" ||
		opt.ResponseHeaders["Access-Control-Allow-Origin"] != "*" || opt.ResponseHeaders["Access-Control-Max-Age"] != "60" ||
		!strings.Contains(opt.ResponseHeaders["Access-Control-Allow-Headers"], "X-Custom") {
		t.Errorf("preflight: %+v", opt)
	}
	if _, vary := opt.ResponseHeaders["Vary"]; vary {
		t.Errorf("single-origin preflight varies: %+v", opt)
	}
	if r := api.Resources[3]; r.PathPart() != "{c}" || r.Parent() != "/a/b" || api.Resources[1].Parent() != "/" || api.Resources[0].Parent() != "" {
		t.Errorf("path parts")
	}
	want := []*Authorizer{
		{Name: "Cust", Type: AuthorizerToken, URI: Lit("arn:uri"), IdentitySource: "method.request.header.H", TTLSeconds: 5},
		{Name: "Pool", Type: AuthorizerCognito, ProviderARNs: []string{"arn:a", "arn:b"}, IdentitySource: "method.request.header.Authorization", TTLSeconds: 300},
		{Name: "auth", Type: AuthorizerToken, Function: "auth", URI: InvocationURI("auth"), IdentitySource: "method.request.header.X-Token", TTLSeconds: 10, CredentialsRoleARN: "arn:aws:iam::1:role/r"},
	}
	if !reflect.DeepEqual(api.Authorizers, want) {
		for _, a := range api.Authorizers {
			t.Errorf("authorizer %+v", a)
		}
	}
	if p2 := build(t, &model.App{Routes: app.Routes[:1]}, basic); !reflect.DeepEqual(p2.RestAPI.BinaryMediaTypes, model.DefaultBinaryTypes) {
		t.Errorf("default binary types: %v", p2.RestAPI.BinaryMediaTypes)
	}
	priv := build(t, &model.App{Routes: app.Routes[:1]}, `{"version":"2.0","app_name":"app","api_gateway_endpoint_type":"PRIVATE","api_gateway_endpoint_vpce":"vpce-1"}`)
	if !strings.Contains(priv.RestAPI.Policy, `"aws:SourceVpce":["vpce-1"]`) {
		t.Errorf("private policy: %s", priv.RestAPI.Policy)
	}
	pf := build(t, &model.App{Routes: app.Routes[:1]}, `{"version":"2.0","app_name":"app","api_gateway_policy_file":"p.json"}`)
	if pf.RestAPI.Policy != `{"a":1}` {
		t.Errorf("policy file: %s", pf.RestAPI.Policy)
	}
	if p := build(t, &model.App{}, basic); p.RestAPI != nil || p.WebsocketAPI != nil {
		t.Errorf("no routes, no API")
	}
}

func TestEventSources(t *testing.T) {
	batch := model.Signature{Result: model.ResultValueError, ResultType: model.Type{Name: "SQSBatchResult", PkgPath: "github.com/chalice-go/chalice"}}
	app := &model.App{Events: []*model.EventHandler{
		{Kind: model.EventSchedule, Name: "tick", Schedule: "rate(1 minute)"},
		{Kind: model.EventCloudWatch, Name: "cw", Pattern: `{"source":["aws.ec2"]}`},
		{Kind: model.EventS3, Name: "up", Options: map[string]string{"bucket": "b", "suffix": ".png"}},
		{Kind: model.EventS3, Name: "up2", Options: map[string]string{"bucket": "b", "events": "s3:ObjectRemoved:*,s3:ObjectCreated:Put"}},
		{Kind: model.EventSNS, Name: "news", Options: map[string]string{"topic": "t"}},
		{Kind: model.EventSQS, Name: "q1", Options: map[string]string{"queue": "q"}},
		{Kind: model.EventSQS, Name: "q2", Options: map[string]string{"queue": "q", "batch_size": "10", "maximum_batching_window_in_seconds": "5"}, Signature: batch},
		{Kind: model.EventKinesis, Name: "k", Options: map[string]string{"stream": "s"}},
		{Kind: model.EventDynamoDB, Name: "d", Options: map[string]string{"stream_arn": "arn:s", "starting_position": "TRIM_HORIZON", "batch_size": "7"}},
	}}
	p := build(t, app, basic)
	by := map[string]Event{}
	for _, e := range p.Events {
		by[e.Base().Function] = e
	}
	check := func(name string, ok bool) {
		t.Helper()
		if !ok {
			t.Errorf("%s: %+v", name, by[name])
		}
	}
	tick, _ := by["tick"].(*ScheduleEvent)
	check("tick", tick != nil && tick.Rule.Name == "app-dev-tick-event" && tick.StateName == "tick-event" && tick.ScheduleExpression == "rate(1 minute)" &&
		tick.Permission.SourceARN.String() == "${rule_arn:tick-event}" && tick.Permission.StatementID.String() == "events-app-dev-tick-event")
	cw, _ := by["cw"].(*CloudWatchEvent)
	check("cw", cw != nil && cw.EventPattern != "")
	up, _ := by["up"].(*S3Event)
	check("up", up != nil && reflect.DeepEqual(up.Events, []string{"s3:ObjectCreated:*"}) && up.Suffix == ".png" && up.StateName == "up-s3event" &&
		up.Permission.SourceARN.String() == "arn:${partition}:s3:::b")
	up2, _ := by["up2"].(*S3Event)
	check("up2", up2 != nil && reflect.DeepEqual(up2.Events, []string{"s3:ObjectRemoved:*", "s3:ObjectCreated:Put"}))
	news, _ := by["news"].(*SNSEvent)
	check("news", news != nil && news.Topic == "t" && news.StateName == "news-sns-subscription" && news.TopicARN.String() == "arn:${partition}:sns:${region}:${account}:t")
	q1, _ := by["q1"].(*SQSEvent)
	check("q1", q1 != nil && q1.BatchSize == 1 && !q1.ReportBatchItemFailures && q1.QueueARN.String() == "arn:${partition}:sqs:${region}:${account}:q")
	q2, _ := by["q2"].(*SQSEvent)
	check("q2", q2 != nil && q2.BatchSize == 10 && q2.MaximumBatchingWindowInSeconds == 5 && q2.ReportBatchItemFailures)
	k, _ := by["k"].(*KinesisEvent)
	check("k", k != nil && k.BatchSize == 100 && k.StartingPosition == "LATEST" && k.Stream == "s" && k.StreamARN.String() == "arn:${partition}:kinesis:${region}:${account}:stream/s")
	d, _ := by["d"].(*DynamoDBEvent)
	check("d", d != nil && d.BatchSize == 7 && d.StartingPosition == "TRIM_HORIZON" && d.StreamARN.String() == "arn:s")
}

func TestWebsocket(t *testing.T) {
	app := &model.App{Events: []*model.EventHandler{
		{Kind: model.EventWSConnect, Name: "websocket_connect"},
		{Kind: model.EventWSMessage, Name: "websocket_message"},
	}}
	_, err := Build(Inputs{App: app, Stage: stage(t, basic), Policies: &policies{}})
	var xe *model.ExperimentalError
	if !errors.As(err, &xe) {
		t.Fatalf("without opt-in: %v", err)
	}
	app.Experimental = []string{model.FeatureWebsockets}
	p := build(t, app, basic)
	ws := p.WebsocketAPI
	var routes []string
	for _, r := range ws.Routes {
		routes = append(routes, r.Key+"="+r.Function+" "+r.IntegrationURI.String())
	}
	want := []string{
		"$connect=websocket_connect arn:${partition}:apigateway:${region}:lambda:path/2015-03-31/functions/${function_arn:websocket_connect}/invocations",
		"$default=websocket_message arn:${partition}:apigateway:${region}:lambda:path/2015-03-31/functions/${function_arn:websocket_message}/invocations",
	}
	if ws.Name != "app-dev-websocket-api" || ws.Stage != "api" || !reflect.DeepEqual(routes, want) || len(ws.Permissions) != 2 ||
		ws.URL.String() != "wss://${websocket_api_id}.execute-api.${region}.${url_suffix}/api/" || len(p.Events) != 0 {
		t.Errorf("websocket: %+v %v", ws, routes)
	}
}

func TestErrors(t *testing.T) {
	sc := stage(t, `{"version":"2.0","app_name":"app","manage_iam_role":false}`)
	app := &model.App{Routes: []*model.Route{{Path: "/", Methods: []string{"GET"}}}}
	if _, err := Build(Inputs{App: app, Stage: sc, Policies: &policies{}}); err == nil || !strings.Contains(err.Error(), "iam_role_arn") {
		t.Errorf("manage_iam_role without arn: %v", err)
	}
	bad := &model.App{Routes: []*model.Route{{Path: "/", Methods: []string{"GET"}, Authorizer: &model.AuthorizerRef{Kind: model.AuthBuiltin, Name: "missing"}}}}
	if _, err := Build(Inputs{App: bad, Stage: stage(t, basic), Policies: &policies{}}); err == nil || !strings.Contains(err.Error(), `"missing"`) {
		t.Errorf("unknown authorizer: %v", err)
	}
	if _, err := Build(Inputs{}); err == nil {
		t.Error("empty inputs")
	}
	if _, err := Build(Inputs{App: &model.App{}, Stage: stage(t, `{"version":"2.0","app_name":"app","architecture":"x86_64"}`), Policies: &policies{}}); err != nil {
		t.Errorf("x86_64: %v", err)
	}
}

func TestValue(t *testing.T) {
	v := Concat("a", "b", Ref{Kind: RefRegion}, Lit("c"), "")
	if len(v) != 3 || v.String() != "ab${region}c" {
		t.Errorf("concat: %#v", v)
	}
	if _, ok := v.Literal(); ok {
		t.Error("a value with a reference is not literal")
	}
	if s, ok := Lit("x").Literal(); !ok || s != "x" {
		t.Error("literal")
	}
	got, err := v.Resolve(func(r Ref) (string, error) { return "eu-west-1", nil })
	if err != nil || got != "abeu-west-1c" {
		t.Errorf("resolve: %q %v", got, err)
	}
	if _, err := v.Resolve(func(r Ref) (string, error) { return "", errors.New("unknown") }); err == nil {
		t.Error("unresolved reference")
	}
	if b, _ := v.MarshalJSON(); string(b) != `"ab${region}c"` {
		t.Errorf("json: %s", b)
	}
}

// TestMultiOriginPreflight: a preflight whose answer depends on the
// request's Origin goes to the function (AWS_PROXY), which echoes the
// matching origin; a MOCK integration could only send fixed headers.
func TestMultiOriginPreflight(t *testing.T) {
	multi := &model.CORS{AllowOrigin: "https://a.example.com https://b.example.com"}
	app := &model.App{Routes: []*model.Route{
		{Path: "/m", Methods: []string{"GET"}, CORS: multi},
		{Path: "/m", Methods: []string{"POST"}, CORS: multi},
		{Path: "/one", Methods: []string{"GET"}, CORS: &model.CORS{AllowOrigin: "https://a.example.com"}},
	}}
	p := build(t, app, basic)
	got := map[string]*Method{}
	for _, r := range p.RestAPI.Resources {
		for _, m := range r.Methods {
			got[m.HTTPMethod+" "+r.Path] = m
		}
	}
	if m := got["OPTIONS /m"]; m == nil || m.Integration != IntegrationLambda || m.ResponseHeaders != nil || m.AuthorizationType != AuthNone ||
		m.IntegrationURI.String() != InvocationURI(APIHandler).String() {
		t.Errorf("multi-origin preflight: %+v", m)
	}
	if m := got["OPTIONS /one"]; m == nil || m.Integration != IntegrationMock || m.ResponseHeaders["Access-Control-Allow-Origin"] != "https://a.example.com" {
		t.Errorf("single-origin preflight: %+v", m)
	}
}
