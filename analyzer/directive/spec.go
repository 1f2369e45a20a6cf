package directive

import "sort"

// Prefix starts every directive comment. As with //go: directives there is
// no space after the slashes, so prose mentioning "chalice:" is never taken
// for a directive.
const Prefix = "//chalice:"

// Target is what a directive must be attached to.
type Target int

const (
	OnFunc    Target = iota // the doc comment of a package-level func
	OnPackage               // the comment above the package clause
)

// OptKind says how an option is written.
type OptKind int

const (
	Str         OptKind = iota // key=value
	Int                        // key=N, a non-negative decimal integer
	List                       // key=a,b,c
	Ident                      // key=IDENT, a Go identifier
	Flag                       // key alone
	FlagOrIdent                // key alone, or key=IDENT
)

// OptSpec describes one option of a directive.
type OptSpec struct {
	Kind     OptKind
	Required bool
}

// Spec is the grammar of one directive.
type Spec struct {
	Name    string
	Target  Target
	MinArgs int // positional arguments
	MaxArgs int
	// ArgHelp describes the positional arguments for messages.
	ArgHelp string
	Options map[string]OptSpec
}

// OptionNames returns the option names of s, sorted.
func (s *Spec) OptionNames() []string {
	out := make([]string, 0, len(s.Options))
	for k := range s.Options {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

var nameOpt = OptSpec{Kind: Str}

// batch options shared by the stream and queue sources.
var (
	batchSize = OptSpec{Kind: Int}
	window    = OptSpec{Kind: Int}
	startPos  = OptSpec{Kind: Str}
)

// Specs is the grammar of every directive, by name. The names are the
// spec's decorator names.
var Specs = map[string]*Spec{
	"route": {Name: "route", Target: OnFunc, MinArgs: 1, MaxArgs: 2, ArgHelp: "[METHODS] PATH, methods comma-separated as in GET,PUT /users/{name}",
		Options: map[string]OptSpec{
			"name":             nameOpt,
			"authorizer":       {Kind: Ident},
			"content_types":    {Kind: List},
			"api_key_required": {Kind: Flag},
			"cors":             {Kind: FlagOrIdent},
		}},
	"authorizer": {Name: "authorizer", Target: OnFunc,
		Options: map[string]OptSpec{
			"name":           nameOpt,
			"ttl_seconds":    {Kind: Int},
			"execution_role": {Kind: Str},
			"header":         {Kind: Str},
		}},
	"schedule": {Name: "schedule", Target: OnFunc, MinArgs: 1, MaxArgs: 1,
		ArgHelp: "EXPR: rate(5 minutes) or cron(0 10 * * ? *)",
		Options: map[string]OptSpec{"name": nameOpt}},
	"on_cw_event": {Name: "on_cw_event", Target: OnFunc, MinArgs: 1, MaxArgs: 1,
		ArgHelp: `PATTERN: a JSON event pattern such as {"source": ["aws.codecommit"]}`,
		Options: map[string]OptSpec{"name": nameOpt}},
	"on_s3_event": {Name: "on_s3_event", Target: OnFunc,
		Options: map[string]OptSpec{
			"bucket": {Kind: Str, Required: true},
			"events": {Kind: List},
			"prefix": {Kind: Str},
			"suffix": {Kind: Str},
			"name":   nameOpt,
		}},
	"on_sns_message": {Name: "on_sns_message", Target: OnFunc,
		Options: map[string]OptSpec{
			"topic": {Kind: Str, Required: true},
			"name":  nameOpt,
		}},
	"on_sqs_message": {Name: "on_sqs_message", Target: OnFunc,
		Options: map[string]OptSpec{
			"queue":                              {Kind: Str, Required: true},
			"batch_size":                         batchSize,
			"maximum_batching_window_in_seconds": window,
			"name":                               nameOpt,
		}},
	"on_kinesis_record": {Name: "on_kinesis_record", Target: OnFunc,
		Options: map[string]OptSpec{
			"stream":                             {Kind: Str, Required: true},
			"batch_size":                         batchSize,
			"starting_position":                  startPos,
			"maximum_batching_window_in_seconds": window,
			"name":                               nameOpt,
		}},
	"on_dynamodb_record": {Name: "on_dynamodb_record", Target: OnFunc,
		Options: map[string]OptSpec{
			"stream_arn":                         {Kind: Str, Required: true},
			"batch_size":                         batchSize,
			"starting_position":                  startPos,
			"maximum_batching_window_in_seconds": window,
			"name":                               nameOpt,
		}},
	"lambda_function":  {Name: "lambda_function", Target: OnFunc, Options: map[string]OptSpec{"name": nameOpt}},
	"on_ws_connect":    {Name: "on_ws_connect", Target: OnFunc, Options: map[string]OptSpec{}},
	"on_ws_message":    {Name: "on_ws_message", Target: OnFunc, Options: map[string]OptSpec{}},
	"on_ws_disconnect": {Name: "on_ws_disconnect", Target: OnFunc, Options: map[string]OptSpec{}},
	"middleware": {Name: "middleware", Target: OnFunc, MaxArgs: 1,
		ArgHelp: "KIND: all, http, s3, sns, sqs, cloudwatch, scheduled, websocket, pure_lambda, kinesis or dynamodb",
		Options: map[string]OptSpec{}},
	"app": {Name: "app", Target: OnPackage,
		Options: map[string]OptSpec{
			"debug":        {Kind: Flag},
			"cors":         {Kind: FlagOrIdent},
			"binary_types": {Kind: List},
			"experimental": {Kind: List},
		}},
	"blueprint": {Name: "blueprint", Target: OnPackage, MinArgs: 1, MaxArgs: 1, ArgHelp: "IMPORT-PATH",
		Options: map[string]OptSpec{
			"url_prefix":  {Kind: Str},
			"name_prefix": {Kind: Str},
		}},
}

// Names returns every directive name, sorted.
func Names() []string {
	out := make([]string, 0, len(Specs))
	for k := range Specs {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
