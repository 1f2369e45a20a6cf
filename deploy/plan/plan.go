// Package plan turns an app model and a stage's configuration into the AWS
// resources a deploy must converge to: IAM roles, Lambda functions, the
// REST API (resources, methods, authorizers), the websocket API and the
// event sources. It is pure: it calls no AWS API and reads no file except
// through Inputs, so every rule is unit-tested.
package plan

import (
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/chalice-go/chalice/config"
	"github.com/chalice-go/chalice/internal/apirules"
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
	// LogGroups are the functions' log groups whose retention is set.
	LogGroups []*LogGroup
	RestAPI   *RestAPI // nil without routes or with api_gateway_type "http"
	// HTTPAPI is the routes' API Gateway v2 HTTP API (api_gateway_type
	// "http"); nil otherwise. At most one of RestAPI and HTTPAPI is set.
	HTTPAPI      *HTTPAPI      `json:",omitempty"`
	WebsocketAPI *WebsocketAPI // nil without websocket handlers
	Events       []Event       // one per event handler, in source order
	// FunctionURLs are the functions' Function URLs (function_url).
	FunctionURLs []*FunctionURL `json:",omitempty"`
	// Warnings are settings the plan accepts but that have no effect on
	// this stage; deploy and package print them.
	Warnings []*model.Error `json:"-"`
}

// Role is an IAM role chalicegen manages.
type Role struct {
	StateName string // "default-role", or "<function>_role"
	RoleName  string // <app>-<stage>[-<function>]
	// TrustPolicy is the assume-role policy: LambdaTrustPolicy.
	TrustPolicy string
	Policy      *policy.Document
}

// LambdaTrustPolicy lets Lambda assume an execution role.
const LambdaTrustPolicy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}`

// Function is one Lambda function.
type Function struct {
	Logical      string // api_handler, an event handler's name, ...
	Name         string // <app>-<stage> for api_handler, <app>-<stage>-<logical> otherwise
	Handler      string // the logical name: the bootstrap dispatches on _HANDLER
	Runtime      string
	Architecture string // Lambda's value: arm64 or x86_64
	// Role is the StateName of a managed Role, "" when manage_iam_role is
	// false; RoleARN is the role's ARN: a reference to the managed role or
	// the configured iam_role_arn.
	Role    string
	RoleARN Value

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
}

// LogGroup is a function's CloudWatch Logs group, managed when its
// retention is configured (Lambda creates it on first use otherwise).
type LogGroup struct {
	Function        string // logical name
	Name            string // /aws/lambda/<function name>
	RetentionInDays int
}

// LogGroupName is the log group Lambda writes a function's logs to.
func LogGroupName(functionName string) string { return "/aws/lambda/" + functionName }

// Permission lets an AWS service invoke a function (a statement of the
// function's resource policy).
type Permission struct {
	Function    string // logical name
	StatementID Value
	Principal   string // apigateway.amazonaws.com, events.amazonaws.com, ...
	SourceARN   Value
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
	// URL is the stage's invoke URL.
	URL Value
	// Permissions let API Gateway invoke api_handler and the built-in
	// authorizers the routes use.
	Permissions []*Permission
	// Tags mark the API as this stage's (StageTags), so a deploy that died
	// before recording its ID finds it again instead of creating another.
	Tags map[string]string
	// CustomDomain is api_gateway_custom_domain; nil without one.
	CustomDomain *CustomDomain `json:",omitempty"`
	// GatewayResponses are API Gateway's own answers (DEFAULT_4XX,
	// DEFAULT_5XX) with the headers they add: apirules.GatewayCORS in an
	// app with CORS routes, so a page can read a missing-API-key 403.
	// Sorted by Type; nil when the app has no CORS route.
	GatewayResponses []*GatewayResponse `json:",omitempty"`
}

// GatewayResponse is one gateway response type with its extra headers.
type GatewayResponse struct {
	Type    string            // apirules.GatewayResponse4XX or GatewayResponse5XX
	Headers map[string]string // header name → static value
}

// StageTag is the tag key that marks an API as one stage's of an app; its
// value is "<app>-<stage>". APIs have no unique name of their own (the
// REST API is named after the app in every stage).
const StageTag = "chalice-stage"

// StageTags are the tags of a stage's APIs.
func StageTags(sc *config.StageConfig) map[string]string {
	return map[string]string{StageTag: sc.AppName + "-" + sc.Name}
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
	// function, "" for the others.
	Function string
	// URI is the TOKEN authorizer's Lambda invocation URI: the built-in
	// authorizer function's, or a custom authorizer's given URI.
	URI            Value
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
	IntegrationLambda = "lambda" // AWS_PROXY to api_handler (routes, and a preflight that depends on the request)
	IntegrationMock   = "mock"   // a static CORS preflight
)

// Method is one HTTP method of a resource.
type Method struct {
	HTTPMethod        string
	AuthorizationType string // NONE, AWS_IAM, CUSTOM, COGNITO_USER_POOLS
	Authorizer        string // Authorizer name for CUSTOM and COGNITO_USER_POOLS
	APIKeyRequired    bool
	Integration       string // lambda or mock
	// IntegrationURI is api_handler's invocation URI (lambda only).
	IntegrationURI Value
	// ResponseHeaders are the preflight's static headers (mock only).
	ResponseHeaders map[string]string
}

// WebsocketAPI is the API Gateway v2 websocket API.
type WebsocketAPI struct {
	Name  string // <app>-<stage>-websocket-api
	Stage string
	// RouteSelectionExpression picks the route of a message.
	RouteSelectionExpression string
	Routes                   []*WebsocketRoute // sorted by key
	// URL is the stage's wss:// URL.
	URL Value
	// Permissions let API Gateway invoke the route functions.
	Permissions []*Permission
	Tags        map[string]string // StageTags
	// CustomDomain is websocket_api_custom_domain; nil without one.
	CustomDomain *CustomDomain `json:",omitempty"`
}

// WebsocketRoute is one route of the websocket API, integrated (AWS_PROXY)
// with its function.
type WebsocketRoute struct {
	Key            string // $connect, $default or $disconnect
	Function       string // logical name
	IntegrationURI Value
}

// Event is an event source of a function: *ScheduleEvent,
// *CloudWatchEvent, *S3Event, *SNSEvent, *SQSEvent, *KinesisEvent or
// *DynamoDBEvent.
type Event interface {
	// Base returns what every event source has.
	Base() *EventBase
}

// EventBase is what every event source has.
type EventBase struct {
	Function string // logical name
	// StateName is the name the deploy records it under.
	StateName string
}

// Base implements Event.
func (b *EventBase) Base() *EventBase { return b }

// Rule is an EventBridge rule targeting a function.
type Rule struct {
	Name       string // <function name>-event
	Permission *Permission
}

// ScheduleEvent runs a function on a schedule.
type ScheduleEvent struct {
	EventBase
	Rule
	ScheduleExpression string
}

// CloudWatchEvent runs a function for events matching a pattern.
type CloudWatchEvent struct {
	EventBase
	Rule
	EventPattern string // JSON
}

// S3Event is a notification of an existing bucket.
type S3Event struct {
	EventBase
	Bucket     string
	Events     []string
	Prefix     string
	Suffix     string
	Permission *Permission
}

// SNSEvent subscribes a function to a topic.
type SNSEvent struct {
	EventBase
	Topic      string // as written in the source: a name or an ARN
	TopicARN   Value
	Permission *Permission
}

// Mapping is the settings of a Lambda event source mapping.
type Mapping struct {
	BatchSize                      int
	MaximumBatchingWindowInSeconds int
}

// SQSEvent polls a queue.
type SQSEvent struct {
	EventBase
	Mapping
	Queue    string // as written in the source: a name or an ARN
	QueueARN Value
	// ReportBatchItemFailures is set when the handler returns
	// chalice.SQSBatchResult.
	ReportBatchItemFailures bool
}

// KinesisEvent reads a Kinesis stream.
type KinesisEvent struct {
	EventBase
	Mapping
	Stream           string // as written in the source: a name or an ARN
	StreamARN        Value
	StartingPosition string
}

// DynamoDBEvent reads a DynamoDB stream.
type DynamoDBEvent struct {
	EventBase
	Mapping
	StreamARN        Value
	StartingPosition string
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
		}
		if u := functionURL(n, fc.FunctionURL); u != nil {
			p.FunctionURLs = append(p.FunctionURLs, u)
		}
		if fc.LogRetentionInDays > 0 {
			p.LogGroups = append(p.LogGroups, &LogGroup{Function: n, Name: LogGroupName(f.Name), RetentionInDays: fc.LogRetentionInDays})
		}
		if !fc.ManageIAMRole {
			f.RoleARN = Lit(fc.IAMRoleARN)
			p.Functions = append(p.Functions, f)
			continue
		}
		shared := fc.AutogenPolicy == def.AutogenPolicy && (fc.AutogenPolicy || fc.IAMPolicyFile == def.IAMPolicyFile)
		roleState, roleName, forFn := DefaultRoleName, sc.AppName+"-"+sc.Name, ""
		if !shared {
			roleState, roleName, forFn = n+"_role", f.Name, n
		}
		f.Role, f.RoleARN = roleState, Concat(Ref{Kind: RefRoleARN, Name: roleState})
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
			r := &Role{StateName: roleState, RoleName: roleName, TrustPolicy: LambdaTrustPolicy, Policy: doc}
			roles[roleState] = r
			p.Roles = append(p.Roles, r)
		}
		p.Functions = append(p.Functions, f)
	}

	switch {
	case len(app.Routes) == 0:
	case sc.APIGatewayType == config.APIGatewayTypeHTTP:
		if p.HTTPAPI, err = buildHTTPAPI(in); err != nil {
			return nil, err
		}
	default:
		if p.RestAPI, err = buildRestAPI(in); err != nil {
			return nil, err
		}
		for _, v := range app.AuthorizerVars {
			if v.Kind == model.AuthCognito && len(v.Audience) > 0 {
				p.Warnings = append(p.Warnings, model.Errorf(v.Pos, "%s: Audience has no effect on a REST API, whose Cognito authorizer accepts tokens of any app client of the pool; it applies under api_gateway_type \"http\"", v.Var))
			}
		}
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
		p.WebsocketAPI = websocketAPI(sc, ws)
	}
	if err := customDomains(sc, p); err != nil {
		return nil, err
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
		Tags:                   StageTags(sc),
		URL:                    Concat("https://", Ref{Kind: RefRestAPIID}, ".execute-api.", Ref{Kind: RefRegion}, ".", Ref{Kind: RefURLSuffix}, "/"+sc.APIGatewayStage+"/"),
	}
	invokers := []string{APIHandler}
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

	ix := newAuthorizerIndex(app)
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
			me := &Method{HTTPMethod: m, AuthorizationType: AuthNone, APIKeyRequired: r.APIKeyRequired, Integration: IntegrationLambda, IntegrationURI: InvocationURI(APIHandler)}
			if ref := r.Authorizer; ref != nil {
				switch ref.Kind {
				case model.AuthIAM:
					me.AuthorizationType = AuthIAM
				case model.AuthBuiltin:
					b, err := ix.builtin(r)
					if err != nil {
						return nil, err
					}
					me.AuthorizationType, me.Authorizer = AuthCustom, b.Name
					if auths[b.Name] == nil {
						auths[b.Name] = &Authorizer{Name: b.Name, Type: AuthorizerToken, Function: b.Name, URI: InvocationURI(b.Name),
							IdentitySource: "method.request.header." + orAuthorization(b.Header), TTLSeconds: b.TTLSeconds, CredentialsRoleARN: b.ExecutionRole}
						invokers = append(invokers, b.Name)
					}
				case model.AuthCognito, model.AuthCustom:
					v, name, err := ix.variable(r)
					if err != nil {
						return nil, err
					}
					a := &Authorizer{Name: name, IdentitySource: "method.request.header." + orAuthorization(v.Header)}
					if ref.Kind == model.AuthCognito {
						me.AuthorizationType = AuthCognito
						a.Type, a.ProviderARNs = AuthorizerCognito, slices.Clone(v.ProviderARNs)
						sort.Strings(a.ProviderARNs)
						a.TTLSeconds = 300
					} else {
						me.AuthorizationType = AuthCustom
						a.Type, a.URI, a.TTLSeconds = AuthorizerToken, Lit(v.AuthorizerURI), v.TTLSeconds
					}
					if prev := auths[name]; prev != nil && !sameAuthorizer(prev, a) {
						return nil, model.Errorf(r.Pos, "two different authorizers are named %q", name)
					}
					auths[name] = a
					me.Authorizer = name
				}
			}
			if slices.ContainsFunc(res.Methods, func(x *Method) bool { return x.HTTPMethod == m }) {
				return nil, model.Errorf(r.Pos, "%s %s is declared twice", m, r.Path)
			}
			res.Methods = append(res.Methods, me)
			methodsByPath[r.Path] = append(methodsByPath[r.Path], m)
		}
		if r.CORS != nil && corsByPath[r.Path] == nil {
			corsByPath[r.Path] = r.CORS // the first, as the runtime takes it
		}
	}
	api.GatewayResponses = gatewayResponses(app)
	for path, cors := range corsByPath {
		res := byPath[path]
		if slices.ContainsFunc(res.Methods, func(x *Method) bool { return x.HTTPMethod == "OPTIONS" }) {
			continue // the app answers OPTIONS itself
		}
		// apirules decides the answer; one that depends on the request's
		// Origin cannot be a MOCK integration's static headers, so the
		// function (whose runtime applies the same rule) answers it.
		h, static := cors.Rule().StaticPreflight(apirules.AllowMethods(methodsByPath[path]))
		if !static {
			res.Methods = append(res.Methods, &Method{HTTPMethod: "OPTIONS", AuthorizationType: AuthNone, Integration: IntegrationLambda, IntegrationURI: InvocationURI(APIHandler)})
			continue
		}
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
	for _, fn := range invokers {
		api.Permissions = append(api.Permissions, apiGatewayPermission(fn, Ref{Kind: RefRestAPIID}))
	}
	return api, nil
}

// apiGatewayPermission lets API Gateway invoke fn from any stage, method
// and path of the API.
func apiGatewayPermission(fn string, api Ref) *Permission {
	return &Permission{
		Function:    fn,
		StatementID: Concat("apigateway-", api),
		Principal:   "apigateway.amazonaws.com",
		SourceARN:   ARN("execute-api", api, "/*"),
	}
}

func websocketAPI(sc *config.StageConfig, routes map[string]string) *WebsocketAPI {
	api := Ref{Kind: RefWebsocketAPIID}
	ws := &WebsocketAPI{
		Name: sc.AppName + "-" + sc.Name + "-websocket-api", Stage: sc.APIGatewayStage,
		RouteSelectionExpression: "$request.body.action",
		Tags:                     StageTags(sc),
		URL:                      Concat("wss://", api, ".execute-api.", Ref{Kind: RefRegion}, ".", Ref{Kind: RefURLSuffix}, "/"+sc.APIGatewayStage+"/"),
	}
	seen := map[string]bool{}
	for _, key := range slices.Sorted(maps.Keys(routes)) {
		fn := routes[key]
		ws.Routes = append(ws.Routes, &WebsocketRoute{Key: key, Function: fn, IntegrationURI: InvocationURI(fn)})
		if !seen[fn] {
			seen[fn] = true
			ws.Permissions = append(ws.Permissions, apiGatewayPermission(fn, api))
		}
	}
	return ws
}

var sidUnsafe = regexp.MustCompile(`[^A-Za-z0-9_-]`)

// statementID makes a Lambda permission statement ID from parts.
func statementID(parts ...string) Value {
	s := sidUnsafe.ReplaceAllString(strings.Join(parts, "-"), "-")
	if len(s) > 100 {
		s = s[:100]
	}
	return Lit(s)
}

// authorizerIndex resolves routes' authorizer references for either kind
// of API.
type authorizerIndex struct {
	vars     map[string]*model.AuthorizerVar // by "pkg.Var" and by Var
	builtins map[string]*model.Authorizer    // by name
}

func newAuthorizerIndex(app *model.App) *authorizerIndex {
	ix := &authorizerIndex{vars: map[string]*model.AuthorizerVar{}, builtins: map[string]*model.Authorizer{}}
	for _, v := range app.AuthorizerVars {
		ix.vars[v.PkgPath+"."+v.Var] = v
		if _, dup := ix.vars[v.Var]; !dup {
			ix.vars[v.Var] = v
		}
	}
	for _, a := range app.Authorizers {
		ix.builtins[a.Name] = a
	}
	return ix
}

// builtin is the //chalice:authorizer function route r uses.
func (ix *authorizerIndex) builtin(r *model.Route) (*model.Authorizer, error) {
	b := ix.builtins[r.Authorizer.Name]
	if b == nil {
		return nil, model.Errorf(r.Pos, "route %s uses authorizer %q, which the app does not define", r.Path, r.Authorizer.Name)
	}
	return b, nil
}

// variable is the authorizer var route r uses, with the authorizer's name.
func (ix *authorizerIndex) variable(r *model.Route) (*model.AuthorizerVar, string, error) {
	v := lookupVar(ix.vars, r, r.Authorizer)
	if v == nil {
		return nil, "", model.Errorf(r.Pos, "route %s uses authorizer %s, which the app does not define", r.Path, r.Authorizer.Var)
	}
	name := v.Name
	if name == "" {
		name = r.Authorizer.Var
	}
	return v, name, nil
}

// orAuthorization is an authorizer's token header: Authorization unless
// the app names another.
func orAuthorization(header string) string {
	if header == "" {
		return "Authorization"
	}
	return header
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
	return a.Type == b.Type && a.URI.String() == b.URI.String() && a.IdentitySource == b.IdentitySource &&
		a.TTLSeconds == b.TTLSeconds && slices.Equal(a.ProviderARNs, b.ProviderARNs)
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

func eventSource(sc *config.StageConfig, e *model.EventHandler) (Event, error) {
	opt := func(k string) string { return e.Options[k] }
	num := func(k string, def int) (int, error) {
		s := opt(k)
		if s == "" {
			return def, nil
		}
		n, err := strconv.Atoi(s)
		if err != nil {
			return 0, model.Errorf(e.Pos, "%s=%q is not a number", k, s)
		}
		return n, nil
	}
	mapping := func(batch int) (Mapping, error) {
		var m Mapping
		var err error
		if m.BatchSize, err = num("batch_size", batch); err != nil {
			return m, err
		}
		m.MaximumBatchingWindowInSeconds, err = num("maximum_batching_window_in_seconds", 0)
		return m, err
	}
	startAt := func() string {
		if s := opt("starting_position"); s != "" {
			return s
		}
		return "LATEST"
	}
	fn := FunctionName(sc.AppName, sc.Name, e.Name)
	base := func(suffix string) EventBase { return EventBase{Function: e.Name, StateName: e.Name + suffix} }
	rule := func() Rule {
		name := fn + "-event"
		return Rule{Name: name, Permission: &Permission{
			Function: e.Name, StatementID: statementID("events", name), Principal: "events.amazonaws.com",
			SourceARN: Concat(Ref{Kind: RefRuleARN, Name: e.Name + "-event"}),
		}}
	}
	switch e.Kind {
	case model.EventSchedule:
		expr := e.Schedule
		if expr == "" {
			expr = opt("expression")
		}
		return &ScheduleEvent{EventBase: base("-event"), Rule: rule(), ScheduleExpression: expr}, nil
	case model.EventCloudWatch:
		return &CloudWatchEvent{EventBase: base("-event"), Rule: rule(), EventPattern: e.Pattern}, nil
	case model.EventS3:
		s := &S3Event{EventBase: base("-s3event"), Bucket: opt("bucket"), Prefix: opt("prefix"), Suffix: opt("suffix"), Events: splitList(opt("events"))}
		if len(s.Events) == 0 {
			s.Events = []string{"s3:ObjectCreated:*"}
		}
		s.Permission = &Permission{Function: e.Name, StatementID: statementID("s3", s.Bucket), Principal: "s3.amazonaws.com",
			SourceARN: Concat("arn:", Ref{Kind: RefPartition}, ":s3:::"+s.Bucket)}
		return s, nil
	case model.EventSNS:
		topic := opt("topic")
		s := &SNSEvent{EventBase: base("-sns-subscription"), Topic: topic,
			TopicARN: nameOrARN(topic, func(n string) Value { return ARN("sns", n) })}
		s.Permission = &Permission{Function: e.Name, StatementID: statementID("sns", topic[strings.LastIndexByte(topic, ':')+1:]),
			Principal: "sns.amazonaws.com", SourceARN: s.TopicARN}
		return s, nil
	case model.EventSQS:
		m, err := mapping(1)
		if err != nil {
			return nil, err
		}
		q := opt("queue")
		return &SQSEvent{EventBase: base("-sqs-event-source"), Mapping: m, Queue: q,
			QueueARN:                nameOrARN(q, func(n string) Value { return ARN("sqs", n) }),
			ReportBatchItemFailures: returnsBatchResult(e)}, nil
	case model.EventKinesis:
		m, err := mapping(100)
		if err != nil {
			return nil, err
		}
		st := opt("stream")
		return &KinesisEvent{EventBase: base("-kinesis-event-source"), Mapping: m, Stream: st,
			StreamARN:        nameOrARN(st, func(n string) Value { return ARN("kinesis", "stream/"+n) }),
			StartingPosition: startAt()}, nil
	case model.EventDynamoDB:
		m, err := mapping(100)
		if err != nil {
			return nil, err
		}
		return &DynamoDBEvent{EventBase: base("-dynamodb-event-source"), Mapping: m, StreamARN: Lit(opt("stream_arn")), StartingPosition: startAt()}, nil
	}
	return nil, nil // pure Lambda functions and websocket handlers
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

// gatewayResponses are the gateway answers' headers the API Gateway rules
// give an app with CORS routes (apirules.GatewayCORS).
func gatewayResponses(app *model.App) []*GatewayResponse {
	var rules []*apirules.CORSRule
	for _, r := range app.Routes {
		if r.CORS != nil {
			rules = append(rules, r.CORS.Rule())
		}
	}
	hs := apirules.GatewayCORS(rules)
	if hs == nil {
		return nil
	}
	var out []*GatewayResponse
	for _, t := range []string{apirules.GatewayResponse4XX, apirules.GatewayResponse5XX} {
		g := &GatewayResponse{Type: t, Headers: map[string]string{}}
		for _, h := range hs {
			g.Headers[h.Name] = h.Value
		}
		out = append(out, g)
	}
	return out
}
