// Package config reads and writes a Chalice project's .chalice/config.json.
//
// The file has three levels. Top-level keys apply to every stage; the
// "stages" object holds per-stage settings; a "lambda_functions" object, at
// the top level or inside a stage, holds settings for one Lambda function by
// its logical name (api_handler for all routes, an event handler's name, ...).
// A value is looked up from the most specific level to the least:
//
//	stages.<stage>.lambda_functions.<function>.<key>
//	stages.<stage>.<key>
//	lambda_functions.<function>.<key>
//	<key>
//	the default
//
// environment_variables and tags are instead merged across those levels, the
// more specific level winning per key. docs/config.md lists every key, its
// type, default and the levels that accept it.
//
// Load validates every key it knows. A wrong type, an out-of-range value or
// a key set at a level that does not accept it is an error naming the file,
// line, column and key path. Keys it does not know are kept (Save writes them
// back) and reported as warnings, so that a file written for another version
// of Chalice still loads.
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"
)

// Names and defaults.
const (
	// Dir is the project's configuration directory.
	Dir = ".chalice"
	// FileName is the configuration file inside Dir.
	FileName = "config.json"

	DefaultStage                  = "dev"
	DefaultVersion                = "2.0"
	DefaultAPIGatewayStage        = "api"
	DefaultAPIGatewayEndpointType = "EDGE"
	DefaultAPIGatewayType         = APIGatewayTypeREST
	APIGatewayTypeREST            = "rest" // API Gateway v1 REST API
	APIGatewayTypeHTTP            = "http" // API Gateway v2 HTTP API
	DefaultLambdaTimeout          = 60     // seconds
	DefaultLambdaMemorySize       = 128    // MB
	DefaultEphemeralStorage       = 512    // MB
	DefaultArchitecture           = "arm64"

	// TagKey is the tag every deployed Lambda function carries.
	TagKey = "aws-chalice"
)

// ChaliceVersion is the version written into the aws-chalice tag. It
// defaults to the version of the module the running binary was built from
// ("dev" for a development build); the CLI may set it.
var ChaliceVersion = buildVersion()

func buildVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "dev"
	}
	v := bi.Main.Version
	if bi.Main.Path != "github.com/chalice-go/chalice" {
		v = ""
		for _, d := range bi.Deps {
			if d.Path == "github.com/chalice-go/chalice" {
				v = d.Version
			}
		}
	}
	if v == "" || v == "(devel)" {
		return "dev"
	}
	return strings.TrimPrefix(v, "v")
}

// Settings holds the keys of one level of the file: the top level, one
// stage, or one lambda_functions entry. A nil field is a key that is not set
// at this level. An empty, non-nil slice or map is a key set to an empty
// value, which hides the values of less specific levels.
type Settings struct {
	APIGatewayStage          *string
	APIGatewayEndpointType   *string  // top level only
	APIGatewayEndpointVPCE   []string // written as a string or a list
	APIGatewayPolicyFile     *string
	APIGatewayCustomDomain   *CustomDomain
	WebsocketAPICustomDomain *CustomDomain
	MinimumCompressionSize   *int
	APIGatewayType           *string // "rest" or "http"
	Architecture             *string
	AutomaticLayer           *bool

	AutogenPolicy          *bool
	EnvironmentVariables   map[string]string
	IAMPolicyFile          *string
	IAMRoleARN             *string
	LambdaMemorySize       *int
	LambdaTimeout          *int
	LambdaEphemeralStorage *int
	Layers                 []string
	LogRetentionInDays     *int
	ManageIAMRole          *bool
	ReservedConcurrency    *int
	SecurityGroupIDs       []string
	SubnetIDs              []string
	Tags                   map[string]string
	XRay                   *bool
	FunctionURL            *FunctionURL

	// LambdaFunctions holds per-function settings (top level and stages).
	LambdaFunctions map[string]*Settings

	// Extra holds keys this package does not know, as written.
	Extra map[string][]byte

	vpceString bool // api_gateway_endpoint_vpce was written as a string
}

// CustomDomain is the value of api_gateway_custom_domain and
// websocket_api_custom_domain.
type CustomDomain struct {
	DomainName     string
	CertificateARN string
	TLSVersion     string // "TLS_1_0" or "TLS_1_2"; "" leaves API Gateway's default
	URLPrefix      string // base path mapping; "" maps the API at the root
	Tags           map[string]string
	Extra          map[string][]byte
}

// File is a parsed config.json.
type File struct {
	// Path is the file's path as given to Load ("" for a File built in memory).
	Path    string
	Version string // "1.0" or "2.0"
	AppName string
	Top     Settings
	Stages  map[string]*Settings

	// Warnings are problems that did not stop the file from loading:
	// unknown keys, duplicate keys, values with no effect.
	Warnings []Diagnostic

	projectDir string
}

// Diagnostic is one problem, positioned in the file when possible.
type Diagnostic struct {
	File string
	Line int // 0 when the problem has no single position
	Col  int
	Path string // key path such as stages.dev.lambda_timeout; "" for the file
	Msg  string
}

func (d Diagnostic) String() string {
	var b strings.Builder
	b.WriteString(d.File)
	if d.Line > 0 {
		fmt.Fprintf(&b, ":%d:%d", d.Line, d.Col)
	}
	b.WriteString(": ")
	if d.Path != "" {
		b.WriteString(d.Path)
		b.WriteString(": ")
	}
	b.WriteString(d.Msg)
	return b.String()
}

// Error is what Load and Parse return for an invalid file: every problem
// found, in file order.
type Error struct {
	Diagnostics []Diagnostic
}

func (e *Error) Error() string {
	parts := make([]string, len(e.Diagnostics))
	for i, d := range e.Diagnostics {
		parts[i] = d.String()
	}
	return strings.Join(parts, "\n")
}

// Path returns the path of the configuration file of the project in dir.
func Path(projectDir string) string {
	return filepath.Join(projectDir, Dir, FileName)
}

// Load reads and validates projectDir/.chalice/config.json. A missing file is
// an error wrapping fs.ErrNotExist. When the file sets no app_name, the
// project directory's name is used.
func Load(projectDir string) (*File, error) {
	name := Path(projectDir)
	data, err := os.ReadFile(name)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%s: no configuration file (is %s a Chalice project? chalicegen new-project creates one): %w", name, displayDir(projectDir), fs.ErrNotExist)
		}
		return nil, err
	}
	f, err := Parse(name, data)
	if err != nil {
		return nil, err
	}
	f.projectDir = projectDir
	if f.AppName == "" {
		abs, err := filepath.Abs(projectDir)
		if err != nil {
			return nil, err
		}
		base := filepath.Base(abs)
		if !validName(base) {
			return nil, &Error{[]Diagnostic{{File: name, Path: "app_name", Msg: fmt.Sprintf("not set, and the project directory name %q is not a valid app name: set app_name", base)}}}
		}
		f.AppName = base
	}
	return f, nil
}

func displayDir(dir string) string {
	if dir == "" || dir == "." {
		return "the current directory"
	}
	return dir
}

// Default returns the configuration new-project writes for an app: version
// 2.0, app_name, and a dev stage using the "api" API Gateway stage.
func Default(appName string) *File {
	stage := DefaultAPIGatewayStage
	return &File{
		Version: DefaultVersion,
		AppName: appName,
		Stages:  map[string]*Settings{DefaultStage: {APIGatewayStage: &stage}},
	}
}

// StageNames returns the stages the file declares, sorted.
func (f *File) StageNames() []string {
	names := make([]string, 0, len(f.Stages))
	for n := range f.Stages {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func (f *File) displayName() string {
	if f.Path != "" {
		return f.Path
	}
	return filepath.Join(Dir, FileName)
}

// Stage resolves the configuration of a stage. "" means the default stage,
// dev. A stage the file does not declare takes the top-level values only,
// as the spec's "Chalice Stages" has it (deploying such a stage creates
// it); StageConfig.Declared tells, so that callers can say so.
func (f *File) Stage(name string) (*StageConfig, error) {
	if name == "" {
		name = DefaultStage
	}
	if !validName(name) {
		return nil, fmt.Errorf("invalid stage name %q: use letters, digits, '-' and '_'", name)
	}
	st, declared := f.Stages[name]
	if !declared {
		st = &Settings{}
	}
	if f.AppName == "" {
		return nil, fmt.Errorf("%s: app_name is not set", f.displayName())
	}
	s := &StageConfig{
		Name:       name,
		AppName:    f.AppName,
		Declared:   declared,
		ChaliceDir: filepath.Join(f.projectDir, Dir),
		file:       f,
		stage:      st,
	}
	chain := []*Settings{st, &f.Top}
	s.APIGatewayStage = firstOr(chain, func(x *Settings) *string { return x.APIGatewayStage }, DefaultAPIGatewayStage)
	s.APIGatewayType = firstOr(chain, func(x *Settings) *string { return x.APIGatewayType }, DefaultAPIGatewayType)
	s.APIGatewayEndpointType = firstOr(chain, func(x *Settings) *string { return x.APIGatewayEndpointType }, DefaultAPIGatewayEndpointType)
	s.APIGatewayEndpointTypeSet = f.Top.APIGatewayEndpointType != nil
	s.APIGatewayEndpointVPCE = clone(firstList(chain, func(x *Settings) []string { return x.APIGatewayEndpointVPCE }))
	s.APIGatewayPolicyFile = firstOr(chain, func(x *Settings) *string { return x.APIGatewayPolicyFile }, "")
	if s.APIGatewayPolicyFile != "" {
		s.APIGatewayPolicyPath = s.path(s.APIGatewayPolicyFile)
	}
	s.APIGatewayCustomDomain = firstDomain(chain, func(x *Settings) *CustomDomain { return x.APIGatewayCustomDomain })
	s.WebsocketAPICustomDomain = firstDomain(chain, func(x *Settings) *CustomDomain { return x.WebsocketAPICustomDomain })
	if p := first(chain, func(x *Settings) *int { return x.MinimumCompressionSize }); p != nil {
		v := *p
		s.MinimumCompressionSize = &v
	}
	s.Architecture = firstOr(chain, func(x *Settings) *string { return x.Architecture }, DefaultArchitecture)
	s.AutomaticLayer = firstOr(chain, func(x *Settings) *bool { return x.AutomaticLayer }, false)
	return s, nil
}

// StageConfig is the resolved configuration of one stage: the settings that
// apply to the stage as a whole. Function resolves per-function settings.
type StageConfig struct {
	Name    string
	AppName string
	// Declared is false for a stage the file's "stages" does not list: it
	// has the top-level values only.
	Declared bool
	// ChaliceDir is the .chalice directory policy files are relative to.
	ChaliceDir string

	APIGatewayStage string // default "api"
	// APIGatewayType is the kind of API the routes deploy as:
	// APIGatewayTypeREST (default) or APIGatewayTypeHTTP.
	APIGatewayType         string
	APIGatewayEndpointType string // EDGE (default), REGIONAL or PRIVATE
	// APIGatewayEndpointTypeSet reports that api_gateway_endpoint_type is
	// written in the file rather than defaulted (an HTTP API accepts only
	// REGIONAL, and only when it is asked for).
	APIGatewayEndpointTypeSet bool
	APIGatewayEndpointVPCE    []string // nil when not set
	APIGatewayPolicyFile      string   // as written, relative to .chalice; "" when not set
	APIGatewayPolicyPath      string   // APIGatewayPolicyFile joined to ChaliceDir
	// Custom domains; nil when not set.
	APIGatewayCustomDomain   *CustomDomain
	WebsocketAPICustomDomain *CustomDomain
	// MinimumCompressionSize is nil when compression is not configured.
	MinimumCompressionSize *int
	// Architecture is arm64 (default) or x86_64; one binary serves every
	// function of the app, so it is set per stage, not per function.
	Architecture string
	// AutomaticLayer is accepted for compatibility and has no effect: a Go
	// app is one static binary with no dependency layer to build.
	AutomaticLayer bool

	file  *File
	stage *Settings
}

func (s *StageConfig) path(rel string) string {
	if filepath.IsAbs(rel) {
		return rel
	}
	return filepath.Join(s.ChaliceDir, filepath.FromSlash(rel))
}

// ConfiguredFunctions returns the function names that have a
// lambda_functions entry for this stage (top level or in the stage), sorted.
// The CLI warns about names the app does not define.
func (s *StageConfig) ConfiguredFunctions() []string {
	set := map[string]bool{}
	for n := range s.file.Top.LambdaFunctions {
		set[n] = true
	}
	for n := range s.stage.LambdaFunctions {
		set[n] = true
	}
	out := make([]string, 0, len(set))
	for n := range set {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// FunctionConfig is the resolved configuration of one Lambda function of a
// stage.
type FunctionConfig struct {
	Name    string // logical name: api_handler, an event handler's name, ...
	Stage   string
	AppName string

	LambdaMemorySize       int // MB, default 128
	LambdaTimeout          int // seconds, default 60
	LambdaEphemeralStorage int // MB of /tmp, default 512
	// ReservedConcurrency is nil when not set (no reservation); 0 blocks
	// every invocation.
	ReservedConcurrency *int
	// LogRetentionInDays is 0 when not set: the log group keeps its events
	// forever.
	LogRetentionInDays int
	XRay               bool // active tracing, default false

	// EnvironmentVariables and Tags are merged across levels and never nil;
	// Tags holds the aws-chalice tag unless the file sets that key itself.
	EnvironmentVariables map[string]string
	Tags                 map[string]string

	ManageIAMRole bool   // default true
	IAMRoleARN    string // used when ManageIAMRole is false
	AutogenPolicy bool   // default true
	// IAMPolicyFile is the policy used when AutogenPolicy is false, relative
	// to .chalice; default policy-<stage>.json. IAMPolicyPath is it joined to
	// the .chalice directory.
	IAMPolicyFile string
	IAMPolicyPath string

	Layers           []string
	SubnetIDs        []string
	SecurityGroupIDs []string

	Architecture string // the stage's architecture

	// FunctionURL is the function's function_url, nil without one.
	FunctionURL *FunctionURL `json:",omitempty"`
}

// Function resolves the configuration of the Lambda function with the given
// logical name. A name with no lambda_functions entry gets the stage's and
// the top level's values.
func (s *StageConfig) Function(logicalName string) FunctionConfig {
	top := &s.file.Top
	chain := make([]*Settings, 0, 4)
	if fs := s.stage.LambdaFunctions[logicalName]; fs != nil {
		chain = append(chain, fs)
	}
	chain = append(chain, s.stage)
	if fs := top.LambdaFunctions[logicalName]; fs != nil {
		chain = append(chain, fs)
	}
	chain = append(chain, top)

	fc := FunctionConfig{
		Name:                   logicalName,
		Stage:                  s.Name,
		AppName:                s.AppName,
		LambdaMemorySize:       firstOr(chain, func(x *Settings) *int { return x.LambdaMemorySize }, DefaultLambdaMemorySize),
		LambdaTimeout:          firstOr(chain, func(x *Settings) *int { return x.LambdaTimeout }, DefaultLambdaTimeout),
		LambdaEphemeralStorage: firstOr(chain, func(x *Settings) *int { return x.LambdaEphemeralStorage }, DefaultEphemeralStorage),
		LogRetentionInDays:     firstOr(chain, func(x *Settings) *int { return x.LogRetentionInDays }, 0),
		XRay:                   firstOr(chain, func(x *Settings) *bool { return x.XRay }, false),
		ManageIAMRole:          firstOr(chain, func(x *Settings) *bool { return x.ManageIAMRole }, true),
		IAMRoleARN:             firstOr(chain, func(x *Settings) *string { return x.IAMRoleARN }, ""),
		AutogenPolicy:          firstOr(chain, func(x *Settings) *bool { return x.AutogenPolicy }, true),
		IAMPolicyFile:          firstOr(chain, func(x *Settings) *string { return x.IAMPolicyFile }, "policy-"+s.Name+".json"),
		Layers:                 clone(firstList(chain, func(x *Settings) []string { return x.Layers })),
		SubnetIDs:              clone(firstList(chain, func(x *Settings) []string { return x.SubnetIDs })),
		SecurityGroupIDs:       clone(firstList(chain, func(x *Settings) []string { return x.SecurityGroupIDs })),
		Architecture:           s.Architecture,
	}
	fc.IAMPolicyPath = s.path(fc.IAMPolicyFile)
	fc.FunctionURL = firstFunctionURL(chain)
	if p := first(chain, func(x *Settings) *int { return x.ReservedConcurrency }); p != nil {
		v := *p
		fc.ReservedConcurrency = &v
	}
	fc.EnvironmentVariables = merge(chain, func(x *Settings) map[string]string { return x.EnvironmentVariables })
	fc.Tags = merge(chain, func(x *Settings) map[string]string { return x.Tags })
	if _, ok := fc.Tags[TagKey]; !ok {
		fc.Tags[TagKey] = fmt.Sprintf("version=%s:stage=%s:app=%s", ChaliceVersion, s.Name, s.AppName)
	}
	return fc
}

// MaxLayers is the number of layers AWS Lambda accepts per function.
const MaxLayers = 5

// Check reports settings of the stage and of the named functions that are
// valid on their own but make a deploy impossible: manage_iam_role false
// without iam_role_arn, subnet_ids without security_group_ids (or the
// reverse), too many layers, a PRIVATE endpoint with neither
// api_gateway_endpoint_vpce nor api_gateway_policy_file. Loading and local
// runs do not need these, so only deploy and package call Check.
func (s *StageConfig) Check(functionNames ...string) error {
	var errs []error
	where := fmt.Sprintf("%s: stage %s", s.file.displayName(), s.Name)
	if s.APIGatewayEndpointType == "PRIVATE" && len(s.APIGatewayEndpointVPCE) == 0 && s.APIGatewayPolicyFile == "" {
		errs = append(errs, fmt.Errorf("%s: api_gateway_endpoint_type is PRIVATE but neither api_gateway_endpoint_vpce nor api_gateway_policy_file is set", where))
	}
	for _, name := range functionNames {
		fc := s.Function(name)
		fw := fmt.Sprintf("%s, function %s", where, name)
		if !fc.ManageIAMRole && fc.IAMRoleARN == "" {
			errs = append(errs, fmt.Errorf("%s: manage_iam_role is false but iam_role_arn is not set", fw))
		}
		if len(fc.SubnetIDs) > 0 && len(fc.SecurityGroupIDs) == 0 {
			errs = append(errs, fmt.Errorf("%s: subnet_ids is set but security_group_ids is not; a VPC configuration needs both", fw))
		}
		if len(fc.SecurityGroupIDs) > 0 && len(fc.SubnetIDs) == 0 {
			errs = append(errs, fmt.Errorf("%s: security_group_ids is set but subnet_ids is not; a VPC configuration needs both", fw))
		}
		if len(fc.Layers) > MaxLayers {
			errs = append(errs, fmt.Errorf("%s: %d layers; AWS Lambda accepts at most %d", fw, len(fc.Layers), MaxLayers))
		}
	}
	return errors.Join(errs...)
}

func first[T any](chain []*Settings, get func(*Settings) *T) *T {
	for _, s := range chain {
		if v := get(s); v != nil {
			return v
		}
	}
	return nil
}

func firstOr[T any](chain []*Settings, get func(*Settings) *T, def T) T {
	if v := first(chain, get); v != nil {
		return *v
	}
	return def
}

func firstList(chain []*Settings, get func(*Settings) []string) []string {
	for _, s := range chain {
		if v := get(s); v != nil {
			return v
		}
	}
	return nil
}

func firstDomain(chain []*Settings, get func(*Settings) *CustomDomain) *CustomDomain {
	d := first(chain, get)
	if d == nil {
		return nil
	}
	c := *d
	c.Tags = cloneMap(d.Tags)
	c.Extra = nil
	return &c
}

// merge overlays the maps of chain, least specific (last) first.
func merge(chain []*Settings, get func(*Settings) map[string]string) map[string]string {
	out := map[string]string{}
	for i := len(chain) - 1; i >= 0; i-- {
		for k, v := range get(chain[i]) {
			out[k] = v
		}
	}
	return out
}

func clone(s []string) []string {
	if s == nil {
		return nil
	}
	return append([]string{}, s...)
}

func cloneMap(m map[string]string) map[string]string {
	if m == nil {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
