// Package plan turns an app model and a stage's configuration into the AWS
// resources a deploy must converge to: IAM roles, Lambda functions, the
// REST API (resources, methods, authorizers), the websocket API and the
// event sources. It is pure: it calls no AWS API and reads no file except
// through Inputs, so every rule is unit-tested.
package plan

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/chalice-go/chalice/config"
	"github.com/chalice-go/chalice/model"
	"github.com/chalice-go/chalice/policy"
)

// Runtime is the Lambda runtime of every function.
const Runtime = "provided.al2023"

// DefaultRoleName is the state name of the role functions share.
const DefaultRoleName = "default-role"

// APIHandler is the logical name of the function serving every route.
const APIHandler = "api_handler"

// Plan is everything one stage of an app deploys.
type Plan struct {
	AppName string
	Stage   string
	// APIGatewayStage is the API Gateway stage of the REST and websocket APIs.
	APIGatewayStage string
	Roles           []*Role
	Functions       []*Function
	RestAPI         *RestAPI      // nil without routes
	WebsocketAPI    *WebsocketAPI // nil without websocket handlers
	Events          []*EventSource
}

// Role is an IAM role chalicegen manages.
type Role struct {
	StateName string // "default-role", or "<function>_role"
	RoleName  string // <app>-<stage>[-<function>]
	Policy    *policy.Document
}

// Function is one Lambda function.
type Function struct {
	Logical      string // api_handler, an event handler's name, ...
	Name         string // <app>-<stage> for api_handler, <app>-<stage>-<logical> otherwise
	Handler      string // the logical name: the bootstrap dispatches on _HANDLER
	Runtime      string
	Architecture string // Lambda's value: arm64 or x86_64
	// Role is the StateName of a managed Role; RoleARN is set instead when
	// manage_iam_role is false.
	Role    string
	RoleARN string

	MemorySize          int
	Timeout             int
	EphemeralStorage    int
	Environment         map[string]string
	Tags                map[string]string
	Layers              []string
	SubnetIDs           []string
	SecurityGroupIDs    []string
	ReservedConcurrency *int
	XRay                bool
	LogRetentionInDays  int
}

// RestAPI is the API Gateway (v1) REST API of the routes.
type RestAPI struct {
	Name                   string // the app name, as the spec's Chalice names it
	Stage                  string
	EndpointType           string // EDGE, REGIONAL or PRIVATE
	VPCEndpointIDs         []string
	Policy                 string // resource policy JSON, "" for none
	BinaryMediaTypes       []string
	MinimumCompressionSize *int
	Authorizers            []*Authorizer // sorted by name
	Resources              []*Resource   // sorted by path, "/" first; every ancestor present
	// Invokers are the logical functions API Gateway invokes: api_handler
	// and the built-in authorizers it uses.
	Invokers []string
}

// Authorizer types.
const (
	AuthorizerToken   = "TOKEN"
	AuthorizerCognito = "COGNITO_USER_POOLS"
)

// Authorizer is an API Gateway authorizer.
type Authorizer struct {
	Name string
	Type string // TOKEN or COGNITO_USER_POOLS
	// Function is the logical name of a built-in authorizer's Lambda
	// function; URI is a custom authorizer's given URI.
	Function       string
	URI            string
	ProviderARNs   []string
	IdentitySource string // method.request.header.<Header>
	TTLSeconds     int
	// CredentialsRoleARN is the built-in authorizer's execution_role.
	CredentialsRoleARN string
}

// Resource is one path of the REST API.
type Resource struct {
	Path    string
	Methods []*Method // sorted by HTTP method
}

// PathPart is the last segment of the path ("" for "/").
func (r *Resource) PathPart() string { return r.Path[strings.LastIndexByte(r.Path, '/')+1:] }

// Parent is the parent path ("" for "/").
func (r *Resource) Parent() string { return ParentPath(r.Path) }

// ParentPath is the parent of a resource path ("" for "/").
func ParentPath(p string) string {
	if p == "/" {
		return ""
	}
	i := strings.LastIndexByte(p, '/')
	if i == 0 {
		return "/"
	}
	return p[:i]
}

// Authorization types of a method.
const (
	AuthNone    = "NONE"
	AuthIAM     = "AWS_IAM"
	AuthCustom  = "CUSTOM"
	AuthCognito = "COGNITO_USER_POOLS"
)

// Integration kinds.
const (
	IntegrationLambda = "lambda" // AWS_PROXY to api_handler
	IntegrationMock   = "mock"   // the CORS preflight
)

// Method is one HTTP method of a resource.
type Method struct {
	HTTPMethod        string
	AuthorizationType string // NONE, AWS_IAM, CUSTOM, COGNITO_USER_POOLS
	Authorizer        string // Authorizer name for CUSTOM and COGNITO_USER_POOLS
	APIKeyRequired    bool
	Integration       string // lambda or mock
	// ResponseHeaders are the preflight's static headers (mock only).
	ResponseHeaders map[string]string
}

// WebsocketAPI is the API Gateway v2 websocket API.
type WebsocketAPI struct {
	Name  string // <app>-<stage>-websocket-api
	Stage string
	// Routes maps a route key ($connect, $default, $disconnect) to the
	// logical function that handles it.
	Routes map[string]string
}

// Event source kinds.
const (
	SourceSchedule = "schedule"
	SourceCWEvent  = "cloudwatch_event"
	SourceS3       = "s3"
	SourceSNS      = "sns"
	SourceSQS      = "sqs"
	SourceKinesis  = "kinesis"
	SourceDynamoDB = "dynamodb"
)

// EventSource connects a function to an event.
type EventSource struct {
	Kind     string
	Function string // logical name
	// StateName is the name the deploy records it under.
	StateName string

	// schedule / cloudwatch_event
	RuleName           string
	ScheduleExpression string
	EventPattern       string
	// s3
	Bucket string
	Events []string
	Prefix string
	Suffix string
	// sns: a topic name or ARN
	Topic string
	// sqs: a queue name or ARN
	Queue string
	// kinesis: a stream name or ARN
	Stream string
	// dynamodb
	StreamARN string
	// event source mappings
	BatchSize                      int
	MaximumBatchingWindowInSeconds int
	StartingPosition               string
	ReportBatchItemFailures        bool
}

// Policies supplies the IAM policy documents of managed roles.
type Policies interface {
	// Inferred returns the inferred policy of a logical function, or the
	// app-wide one for "".
	Inferred(function string) (*policy.Document, error)
	// File returns the policy of an iam_policy_file (as written in the
	// config, relative to .chalice).
	File(iamPolicyFile string) (*policy.Document, error)
}

// Inputs is what Build needs.
type Inputs struct {
	App      *model.App
	Stage    *config.StageConfig
	Policies Policies
	// ReadFile reads files the config names (api_gateway_policy_file).
	ReadFile func(path string) ([]byte, error)
}

// FunctionName returns the Lambda function name of a logical function.
func FunctionName(app, stage, logical string) string {
	if logical == APIHandler {
		return app + "-" + stage
	}
	return app + "-" + stage + "-" + logical
}

// Build computes the plan.
func Build(in Inputs) (*Plan, error) {
	app, sc := in.App, in.Stage
	if app == nil || sc == nil {
		return nil, fmt.Errorf("plan: no app or stage")
	}
	if err := model.CheckExperimental(app); err != nil {
		return nil, err
	}
	names := app.FunctionNames()
	if err := sc.Check(names...); err != nil {
		return nil, err
	}
	arch, err := lambdaArch(sc.Architecture)
	if err != nil {
		return nil, err
	}
	p := &Plan{AppName: sc.AppName, Stage: sc.Name, APIGatewayStage: sc.APIGatewayStage}

	// Roles: functions whose policy settings are the stage's share
	// default-role; a function with its own policy settings gets its own
	// role; manage_iam_role false uses the given ARN.
	def := sc.Function("")
	roles := map[string]*Role{}
	for _, n := range names {
		fc := sc.Function(n)
		f := &Function{
			Logical:             n,
			Name:                FunctionName(sc.AppName, sc.Name, n),
			Handler:             n,
			Runtime:             Runtime,
			Architecture:        arch,
			MemorySize:          fc.LambdaMemorySize,
			Timeout:             fc.LambdaTimeout,
			EphemeralStorage:    fc.LambdaEphemeralStorage,
			Environment:         fc.EnvironmentVariables,
			Tags:                fc.Tags,
			Layers:              fc.Layers,
			SubnetIDs:           fc.SubnetIDs,
			SecurityGroupIDs:    fc.SecurityGroupIDs,
			ReservedConcurrency: fc.ReservedConcurrency,
			XRay:                fc.XRay,
			LogRetentionInDays:  fc.LogRetentionInDays,
		}
		if !fc.ManageIAMRole {
			f.RoleARN = fc.IAMRoleARN
			p.Functions = append(p.Functions, f)
			continue
		}
		shared := fc.AutogenPolicy == def.AutogenPolicy && (fc.AutogenPolicy || fc.IAMPolicyFile == def.IAMPolicyFile)
		roleState, roleName, forFn := DefaultRoleName, sc.AppName+"-"+sc.Name, ""
		if !shared {
			roleState, roleName, forFn = n+"_role", f.Name, n
		}
		f.Role = roleState
		if roles[roleState] == nil {
			var doc *policy.Document
			if in.Policies == nil {
				return nil, fmt.Errorf("plan: no policy source")
			}
			if fc.AutogenPolicy {
				doc, err = in.Policies.Inferred(forFn)
			} else {
				doc, err = in.Policies.File(fc.IAMPolicyFile)
			}
			if err != nil {
				return nil, err
			}
			r := &Role{StateName: roleState, RoleName: roleName, Policy: doc}
			roles[roleState] = r
			p.Roles = append(p.Roles, r)
		}
		p.Functions = append(p.Functions, f)
	}

	if len(app.Routes) > 0 {
		api, err := buildRestAPI(in)
		if err != nil {
			return nil, err
		}
		p.RestAPI = api
	}
	ws := map[string]string{}
	for _, e := range app.Events {
		src, err := eventSource(sc, e)
		if err != nil {
			return nil, err
		}
		if src != nil {
			p.Events = append(p.Events, src)
		}
		switch e.Kind {
		case model.EventWSConnect:
			ws["$connect"] = e.Name
		case model.EventWSMessage:
			ws["$default"] = e.Name
		case model.EventWSDisconnect:
			ws["$disconnect"] = e.Name
		}
	}
	if len(ws) > 0 {
		p.WebsocketAPI = &WebsocketAPI{Name: sc.AppName + "-" + sc.Name + "-websocket-api", Stage: sc.APIGatewayStage, Routes: ws}
	}
	return p, nil
}

func lambdaArch(a string) (string, error) {
	switch a {
	case "", "arm64":
		return "arm64", nil
	case "x86_64":
		return "x86_64", nil
	}
	return "", fmt.Errorf("architecture %q: use arm64 or x86_64", a)
}

// Function returns the planned function with the given logical name.
func (p *Plan) Function(logical string) *Function {
	for _, f := range p.Functions {
		if f.Logical == logical {
			return f
		}
	}
	return nil
}

// Role returns the planned role with the given state name.
func (p *Plan) Role(stateName string) *Role {
	for _, r := range p.Roles {
		if r.StateName == stateName {
			return r
		}
	}
	return nil
}

func buildRestAPI(in Inputs) (*RestAPI, error) {
	app, sc := in.App, in.Stage
	api := &RestAPI{
		Name:                   sc.AppName,
		Stage:                  sc.APIGatewayStage,
		EndpointType:           sc.APIGatewayEndpointType,
		VPCEndpointIDs:         sc.APIGatewayEndpointVPCE,
		BinaryMediaTypes:       slices.Clone(app.BinaryTypes),
		MinimumCompressionSize: sc.MinimumCompressionSize,
		Invokers:               []string{APIHandler},
	}
	if len(api.BinaryMediaTypes) == 0 {
		api.BinaryMediaTypes = slices.Clone(model.DefaultBinaryTypes)
	}
	if api.EndpointType == "" {
		api.EndpointType = config.DefaultAPIGatewayEndpointType
	}
	switch {
	case sc.APIGatewayPolicyPath != "":
		if in.ReadFile == nil {
			return nil, fmt.Errorf("plan: cannot read %s", sc.APIGatewayPolicyPath)
		}
		b, err := in.ReadFile(sc.APIGatewayPolicyPath)
		if err != nil {
			return nil, fmt.Errorf("api_gateway_policy_file: %w", err)
		}
		var v any
		if err := json.Unmarshal(b, &v); err != nil {
			return nil, fmt.Errorf("api_gateway_policy_file %s: %w", sc.APIGatewayPolicyPath, err)
		}
		c, _ := json.Marshal(v)
		api.Policy = string(c)
	case api.EndpointType == "PRIVATE" && len(api.VPCEndpointIDs) > 0:
		api.Policy = privatePolicy(api.VPCEndpointIDs)
	}

	vars := map[string]*model.AuthorizerVar{}
	for _, v := range app.AuthorizerVars {
		vars[v.PkgPath+"."+v.Var] = v
		if _, dup := vars[v.Var]; !dup {
			vars[v.Var] = v
		}
	}
	builtins := map[string]*model.Authorizer{}
	for _, a := range app.Authorizers {
		builtins[a.Name] = a
	}
	auths := map[string]*Authorizer{}
	byPath := map[string]*Resource{}
	ensure := func(path string) *Resource {
		for q := path; q != ""; q = ParentPath(q) {
			if byPath[q] == nil {
				byPath[q] = &Resource{Path: q}
			}
		}
		return byPath[path]
	}
	ensure("/")
	corsByPath := map[string]*model.CORS{}
	methodsByPath := map[string][]string{}
	for _, r := range app.Routes {
		res := ensure(r.Path)
		for _, m := range r.Methods {
			me := &Method{HTTPMethod: m, AuthorizationType: AuthNone, APIKeyRequired: r.APIKeyRequired, Integration: IntegrationLambda}
			if ref := r.Authorizer; ref != nil {
				switch ref.Kind {
				case model.AuthIAM:
					me.AuthorizationType = AuthIAM
				case model.AuthBuiltin:
					b := builtins[ref.Name]
					if b == nil {
						return nil, fmt.Errorf("%s: route %s uses authorizer %q, which the app does not define", r.Pos, r.Path, ref.Name)
					}
					me.AuthorizationType, me.Authorizer = AuthCustom, b.Name
					if auths[b.Name] == nil {
						ttl := b.TTLSeconds
						header := b.Header
						if header == "" {
							header = "Authorization"
						}
						auths[b.Name] = &Authorizer{Name: b.Name, Type: AuthorizerToken, Function: b.Name,
							IdentitySource: "method.request.header." + header, TTLSeconds: ttl, CredentialsRoleARN: b.ExecutionRole}
						api.Invokers = append(api.Invokers, b.Name)
					}
				case model.AuthCognito, model.AuthCustom:
					v := lookupVar(vars, r, ref)
					if v == nil {
						return nil, fmt.Errorf("%s: route %s uses authorizer %s, which the app does not define", r.Pos, r.Path, ref.Var)
					}
					name := v.Name
					if name == "" {
						name = ref.Var
					}
					header := v.Header
					if header == "" {
						header = "Authorization"
					}
					a := &Authorizer{Name: name, IdentitySource: "method.request.header." + header}
					if ref.Kind == model.AuthCognito {
						me.AuthorizationType = AuthCognito
						a.Type, a.ProviderARNs = AuthorizerCognito, slices.Clone(v.ProviderARNs)
						sort.Strings(a.ProviderARNs)
						a.TTLSeconds = 300
					} else {
						me.AuthorizationType = AuthCustom
						a.Type, a.URI, a.TTLSeconds = AuthorizerToken, v.AuthorizerURI, v.TTLSeconds
					}
					if prev := auths[name]; prev != nil && !sameAuthorizer(prev, a) {
						return nil, fmt.Errorf("%s: two different authorizers are named %q", r.Pos, name)
					}
					auths[name] = a
					me.Authorizer = name
				}
			}
			if slices.ContainsFunc(res.Methods, func(x *Method) bool { return x.HTTPMethod == m }) {
				return nil, fmt.Errorf("%s: %s %s is declared twice", r.Pos, m, r.Path)
			}
			res.Methods = append(res.Methods, me)
			methodsByPath[r.Path] = append(methodsByPath[r.Path], m)
		}
		if r.CORS != nil {
			corsByPath[r.Path] = r.CORS
		}
	}
	for path, cors := range corsByPath {
		res := byPath[path]
		if slices.ContainsFunc(res.Methods, func(x *Method) bool { return x.HTTPMethod == "OPTIONS" }) {
			continue // the app answers OPTIONS itself
		}
		ms := append(slices.Clone(methodsByPath[path]), "OPTIONS")
		slices.Sort(ms)
		ms = slices.Compact(ms)
		h := CORSHeaders(cors)
		h["Access-Control-Allow-Methods"] = strings.Join(ms, ",")
		res.Methods = append(res.Methods, &Method{HTTPMethod: "OPTIONS", AuthorizationType: AuthNone, Integration: IntegrationMock, ResponseHeaders: h})
	}
	for _, r := range byPath {
		sort.Slice(r.Methods, func(i, j int) bool { return r.Methods[i].HTTPMethod < r.Methods[j].HTTPMethod })
		api.Resources = append(api.Resources, r)
	}
	sort.Slice(api.Resources, func(i, j int) bool { return api.Resources[i].Path < api.Resources[j].Path })
	for _, a := range auths {
		api.Authorizers = append(api.Authorizers, a)
	}
	sort.Slice(api.Authorizers, func(i, j int) bool { return api.Authorizers[i].Name < api.Authorizers[j].Name })
	return api, nil
}

func lookupVar(vars map[string]*model.AuthorizerVar, r *model.Route, ref *model.AuthorizerRef) *model.AuthorizerVar {
	pkg := r.Blueprint
	if pkg == "" {
		pkg = r.Func.PkgPath
	}
	if v := vars[pkg+"."+ref.Var]; v != nil {
		return v
	}
	if v := vars[ref.Var]; v != nil {
		return v
	}
	for _, v := range vars {
		if v.Name != "" && v.Name == ref.Name {
			return v
		}
	}
	return nil
}

func sameAuthorizer(a, b *Authorizer) bool {
	return a.Type == b.Type && a.URI == b.URI && a.IdentitySource == b.IdentitySource &&
		a.TTLSeconds == b.TTLSeconds && slices.Equal(a.ProviderARNs, b.ProviderARNs)
}

// BuiltinAllowHeaders are the headers every CORS preflight allows, as the
// local API Gateway emulation does.
var BuiltinAllowHeaders = []string{"Authorization", "Content-Type", "X-Amz-Date", "X-Amz-Security-Token", "X-Api-Key"}

// CORSHeaders returns the static preflight headers of a CORS config (all
// but Access-Control-Allow-Methods, which depends on the path).
func CORSHeaders(c *model.CORS) map[string]string {
	h := map[string]string{}
	allow := c.AllowOrigin
	if allow == "" {
		allow = "*"
	}
	h["Access-Control-Allow-Origin"] = allow
	hs := append(slices.Clone(BuiltinAllowHeaders), c.AllowHeaders...)
	slices.Sort(hs)
	h["Access-Control-Allow-Headers"] = strings.Join(slices.Compact(hs), ",")
	if len(c.ExposeHeaders) > 0 {
		h["Access-Control-Expose-Headers"] = strings.Join(c.ExposeHeaders, ",")
	}
	if c.MaxAge > 0 {
		h["Access-Control-Max-Age"] = strconv.Itoa(c.MaxAge)
	}
	if c.AllowCredentials {
		h["Access-Control-Allow-Credentials"] = "true"
	}
	return h
}

func privatePolicy(vpce []string) string {
	doc := map[string]any{
		"Version": "2012-10-17",
		"Statement": []any{map[string]any{
			"Effect":    "Allow",
			"Principal": "*",
			"Action":    "execute-api:Invoke",
			"Resource":  "arn:*:execute-api:*:*:*",
			"Condition": map[string]any{"StringEquals": map[string]any{"aws:SourceVpce": vpce}},
		}},
	}
	b, _ := json.Marshal(doc)
	return string(b)
}

func eventSource(sc *config.StageConfig, e *model.EventHandler) (*EventSource, error) {
	opt := func(k string) string { return e.Options[k] }
	num := func(k string, def int) (int, error) {
		s := opt(k)
		if s == "" {
			return def, nil
		}
		n, err := strconv.Atoi(s)
		if err != nil {
			return 0, fmt.Errorf("%s: %s=%q is not a number", e.Pos, k, s)
		}
		return n, nil
	}
	src := &EventSource{Function: e.Name}
	fn := FunctionName(sc.AppName, sc.Name, e.Name)
	var err error
	switch e.Kind {
	case model.EventSchedule:
		src.Kind, src.StateName, src.RuleName = SourceSchedule, e.Name+"-event", fn+"-event"
		src.ScheduleExpression = e.Schedule
		if src.ScheduleExpression == "" {
			src.ScheduleExpression = opt("expression")
		}
	case model.EventCloudWatch:
		src.Kind, src.StateName, src.RuleName = SourceCWEvent, e.Name+"-event", fn+"-event"
		src.EventPattern = e.Pattern
	case model.EventS3:
		src.Kind, src.StateName = SourceS3, e.Name+"-s3event"
		src.Bucket, src.Prefix, src.Suffix = opt("bucket"), opt("prefix"), opt("suffix")
		src.Events = splitList(opt("events"))
		if len(src.Events) == 0 {
			src.Events = []string{"s3:ObjectCreated:*"}
		}
	case model.EventSNS:
		src.Kind, src.StateName, src.Topic = SourceSNS, e.Name+"-sns-subscription", opt("topic")
	case model.EventSQS:
		src.Kind, src.StateName, src.Queue = SourceSQS, e.Name+"-sqs-event-source", opt("queue")
		if src.BatchSize, err = num("batch_size", 1); err != nil {
			return nil, err
		}
		src.ReportBatchItemFailures = returnsBatchResult(e)
	case model.EventKinesis:
		src.Kind, src.StateName, src.Stream = SourceKinesis, e.Name+"-kinesis-event-source", opt("stream")
		if src.BatchSize, err = num("batch_size", 100); err != nil {
			return nil, err
		}
	case model.EventDynamoDB:
		src.Kind, src.StateName, src.StreamARN = SourceDynamoDB, e.Name+"-dynamodb-event-source", opt("stream_arn")
		if src.BatchSize, err = num("batch_size", 100); err != nil {
			return nil, err
		}
	default:
		return nil, nil // pure Lambda functions and websocket handlers
	}
	switch src.Kind {
	case SourceSQS, SourceKinesis, SourceDynamoDB:
		if src.MaximumBatchingWindowInSeconds, err = num("maximum_batching_window_in_seconds", 0); err != nil {
			return nil, err
		}
	}
	if src.Kind == SourceKinesis || src.Kind == SourceDynamoDB {
		src.StartingPosition = opt("starting_position")
		if src.StartingPosition == "" {
			src.StartingPosition = "LATEST"
		}
	}
	return src, nil
}

// returnsBatchResult reports whether an SQS handler returns
// chalice.SQSBatchResult: its mapping then reports partial batch failures.
func returnsBatchResult(e *model.EventHandler) bool {
	t := e.Signature.ResultType
	return (e.Signature.Result == model.ResultValue || e.Signature.Result == model.ResultValueError) &&
		t.Name == "SQSBatchResult" && t.PkgPath == "github.com/chalice-go/chalice"
}

func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}
