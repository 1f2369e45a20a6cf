// Package model is the app model: everything chalicegen learned from the
// annotated source, in one tree. The analyzer builds it; the generator, the
// policy inferrer and the deployer read it. It holds no go/types values so it
// can be serialized (chalicegen dumps it as JSON for debugging and tests).
package model

import "go/token"

// App is one Chalice app: a package main plus its registered blueprints.
type App struct {
	Name        string // app_name from .chalice/config.json, else the directory name
	PkgPath     string // import path of the app package
	PkgName     string // "main"
	Dir         string // directory of the app package
	Debug       bool
	CORS        *CORS    // app-wide CORS (//chalice:app cors...), nil when off
	BinaryTypes []string // the spec's defaults plus //chalice:app binary_types=
	// BinaryTypesPos is where binary_types= is written; zero without it.
	BinaryTypesPos Pos      `json:",omitzero"`
	Experimental   []string // //chalice:app experimental=...
	HasMain        bool     // the package defines func main itself

	Routes      []*Route
	Authorizers []*Authorizer // built-in authorizers (//chalice:authorizer)
	Events      []*EventHandler
	Middleware  []*Middleware
	Blueprints  []*Blueprint
	// AuthorizerVars are the IAM/Cognito/Custom authorizer vars routes refer to.
	AuthorizerVars []*AuthorizerVar
	// CORSVars are the CORSConfig vars routes or the app refer to.
	Imports []string // packages the generated file must import beyond the fixed ones
	// PkgNames maps each import path the generated file may name (the
	// packages in Imports and in every Type.Imports) to the qualifier
	// Type.Expr spells it with: the package name, made unique across the app
	// when two packages share one (e.g. a second "types" becomes "types2").
	// The generator resolves qualifiers through it; a path missing here is
	// matched by its last element.
	PkgNames map[string]string `json:",omitempty"`
	// Shapes are the named struct types the routes' Type.Shape values
	// refer to, sorted by Name.
	Shapes []*NamedShape `json:",omitempty"`
}

// Pos is a source position, kept as plain values.
type Pos struct {
	File   string
	Line   int
	Column int
}

func (p Pos) String() string {
	return token.Position{Filename: p.File, Line: p.Line, Column: p.Column}.String()
}

// Func names a Go function the generated code calls.
type Func struct {
	PkgPath string // import path; equal to App.PkgPath for the app package
	Name    string // Go identifier
	Pos     Pos
}

// Route is one //chalice:route directive.
type Route struct {
	Func           Func
	Name           string   // name= or the Go function name
	Path           string   // full path, blueprint url_prefix applied, "{x}" form
	Methods        []string // upper-case, sorted as written
	ContentTypes   []string // default ["application/json"]
	CORS           *CORS    // resolved: route cors, else app cors; nil when off
	Authorizer     *AuthorizerRef
	APIKeyRequired bool
	Blueprint      string // import path of the blueprint, "" for the app
	// Errors are the chalice error constructors the handler's body calls
	// (NotFoundError, ...), sorted; for the API description.
	Errors []string `json:",omitempty"`

	Signature Signature
	Pos       Pos
}

// Captures returns the capture names in path order.
func (r *Route) Captures() []string { return PathCaptures(r.Path) }

// ParamKind says how a handler parameter is filled.
type ParamKind int

const (
	ParamContext ParamKind = iota // context.Context
	ParamCapture                  // a path capture
	ParamBody                     // JSON body decoded into the type
	ParamRequest                  // *chalice.Request
	ParamEvent                    // the event value of an event handler
)

// ScalarKind is the Go kind of a capture parameter.
type ScalarKind string

const (
	String        ScalarKind = "string"
	Int           ScalarKind = "int"
	Int8          ScalarKind = "int8"
	Int16         ScalarKind = "int16"
	Int32         ScalarKind = "int32"
	Int64         ScalarKind = "int64"
	Uint          ScalarKind = "uint"
	Uint8         ScalarKind = "uint8"
	Uint16        ScalarKind = "uint16"
	Uint32        ScalarKind = "uint32"
	Uint64        ScalarKind = "uint64"
	Float32       ScalarKind = "float32"
	Float64       ScalarKind = "float64"
	Bool          ScalarKind = "bool"
	TextUnmarshal ScalarKind = "text" // implements encoding.TextUnmarshaler via pointer
)

// Type is a Go type as the generated code must spell it.
type Type struct {
	PkgPath string // "" for predeclared or unnamed types
	Name    string // type name when named
	// Expr is the type as Go source, qualified with package names as the
	// generated file will import them (e.g. "map[string]any", "users.Profile").
	Expr    string
	Pointer bool // *T of a named type
	// Underlying named scalar kind, for named string/int types.
	Kind ScalarKind
	// Imports lists every import path Expr mentions.
	Imports []string
	// Shape is the JSON form of the type, for route captures, bodies and
	// results; nil elsewhere and for chalice.Response results.
	Shape *Shape `json:",omitempty"`
}

// Param is one handler parameter.
type Param struct {
	Name string
	Kind ParamKind
	Type Type
	// CaptureIndex is the position of the capture in the path, for ParamCapture.
	CaptureIndex int
}

// ResultKind describes what the handler returns.
type ResultKind int

const (
	ResultNone       ResultKind = iota // func(...)
	ResultError                        // func(...) error
	ResultValue                        // func(...) T
	ResultValueError                   // func(...) (T, error)
)

// Signature is a checked handler signature.
type Signature struct {
	Params []Param
	Result ResultKind
	// ResultType is T for ResultValue/ResultValueError.
	ResultType Type
	// ResponseResult is set when T is *chalice.Response or chalice.Response.
	ResponseResult  bool
	ResponsePointer bool
	// GoType is the whole function type as Go source, for the compile-time
	// assertion in the generated file.
	GoType string
}

// CORS is a resolved CORS configuration.
type CORS struct {
	Var              string // the IDENT it came from, "" for plain `cors`
	AllowOrigin      string
	AllowHeaders     []string
	ExposeHeaders    []string
	MaxAge           int
	AllowCredentials bool
}

// AuthorizerKind is the kind of authorizer a route uses.
type AuthorizerKind string

const (
	AuthBuiltin AuthorizerKind = "builtin" // //chalice:authorizer func
	AuthIAM     AuthorizerKind = "iam"
	AuthCognito AuthorizerKind = "cognito"
	AuthCustom  AuthorizerKind = "custom"
)

// AuthorizerRef is what a route's authorizer= resolved to.
type AuthorizerRef struct {
	Kind AuthorizerKind
	Name string // the authorizer's name (function logical name or var's Name field)
	Var  string // the IDENT as written
}

// AuthorizerVar is a package-level IAMAuthorizer / CognitoUserPoolAuthorizer /
// CustomAuthorizer var.
type AuthorizerVar struct {
	Var           string
	PkgPath       string // package declaring Var (the app's, or a blueprint's)
	Kind          AuthorizerKind
	Name          string
	ProviderARNs  []string
	Audience      []string `json:",omitempty"` // Cognito: app client IDs (an HTTP API's JWT audience)
	Header        string
	AuthorizerURI string
	TTLSeconds    int
	Pos           Pos
}

// Authorizer is a built-in authorizer function.
type Authorizer struct {
	Func          Func
	Name          string // logical function name: name= or the Go name (with blueprint name_prefix)
	TTLSeconds    int    // default 300
	ExecutionRole string
	Header        string // default "Authorization"
	Blueprint     string
	Pos           Pos
}

// EventKind names an event-source directive.
type EventKind string

const (
	EventSchedule       EventKind = "schedule"
	EventCloudWatch     EventKind = "on_cw_event"
	EventS3             EventKind = "on_s3_event"
	EventSNS            EventKind = "on_sns_message"
	EventSQS            EventKind = "on_sqs_message"
	EventKinesis        EventKind = "on_kinesis_record"
	EventDynamoDB       EventKind = "on_dynamodb_record"
	EventLambdaFunction EventKind = "lambda_function"
	EventWSConnect      EventKind = "on_ws_connect"
	EventWSMessage      EventKind = "on_ws_message"
	EventWSDisconnect   EventKind = "on_ws_disconnect"
)

// EventHandler is one event-source handler: its own Lambda function.
type EventHandler struct {
	Kind      EventKind
	Func      Func
	Name      string            // logical function name
	Options   map[string]string // the directive's options as written (bucket=, events=, ...)
	Schedule  string            // for schedule: the validated expression
	Pattern   string            // for on_cw_event: the event pattern JSON
	Blueprint string
	Signature Signature
	Pos       Pos
}

// MiddlewareKind is the event type a middleware applies to.
type MiddlewareKind string

// Middleware is one //chalice:middleware function.
type Middleware struct {
	Func      Func
	Kind      MiddlewareKind // "http", "all", "s3", ...
	Blueprint string
	Pos       Pos
}

// Blueprint is a registered blueprint package.
type Blueprint struct {
	ImportPath string
	PkgName    string
	URLPrefix  string
	NamePrefix string
	Pos        Pos
}

// FunctionNames returns every logical Lambda function name of the app:
// api_handler when there are routes, then authorizers and event handlers.
func (a *App) FunctionNames() []string {
	var out []string
	if len(a.Routes) > 0 {
		out = append(out, "api_handler")
	}
	for _, z := range a.Authorizers {
		out = append(out, z.Name)
	}
	for _, e := range a.Events {
		out = append(out, e.Name)
	}
	return out
}
