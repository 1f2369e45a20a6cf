package plan

// HTTPAPI is the API Gateway v2 HTTP API of the routes, planned instead of
// the RestAPI when the stage's api_gateway_type is "http". Every route is
// integrated with api_handler through one AWS_PROXY integration using
// payload format 2.0; it is served from the $default stage, which
// auto-deploys, so there is no deployment to create.
type HTTPAPI struct {
	Name  string // the app name, as the RestAPI's
	Stage string // HTTPAPIStage
	// Integration is the one Lambda integration every route uses.
	Integration *HTTPIntegration
	Routes      []*HTTPRoute      // sorted by Key
	Authorizers []*HTTPAuthorizer // sorted by Name
	// CORS is the API's native CORS configuration: API Gateway answers
	// preflights and adds the headers to every response. nil without CORS
	// routes. HTTP APIs have one configuration per API, so routes with
	// different CORS settings are a planning error.
	CORS *HTTPCORS `json:",omitempty"`
	// URL is the $default stage's invoke URL (no stage path segment).
	URL Value
	// Permissions let API Gateway invoke api_handler and the built-in
	// authorizers the routes use.
	Permissions []*Permission
	Tags        map[string]string // StageTags
	// CustomDomain is api_gateway_custom_domain (an API Gateway v2 domain
	// name and API mapping, V2 set); nil without one.
	CustomDomain *CustomDomain `json:",omitempty"`
}

// HTTPAPIStage is the HTTP API's stage: $default, served at the API's root
// and deployed automatically on every change.
const HTTPAPIStage = "$default"

// HTTPIntegration is an HTTP API's AWS_PROXY Lambda integration.
type HTTPIntegration struct {
	Function             string // logical name: api_handler
	URI                  Value  // InvocationURI of Function
	PayloadFormatVersion string // "2.0"
	TimeoutMillis        int    // 30000, the HTTP API maximum
}

// HTTP API route authorization types.
const (
	HTTPAuthNone   = "NONE"
	HTTPAuthIAM    = "AWS_IAM"
	HTTPAuthJWT    = "JWT"    // a Cognito user pool authorizer
	HTTPAuthCustom = "CUSTOM" // a built-in (Lambda) authorizer
)

// HTTPRoute is one route of an HTTP API.
type HTTPRoute struct {
	Key               string // "GET /users/{name}": method, space, path
	AuthorizationType string // HTTPAuthNone, HTTPAuthIAM, HTTPAuthJWT or HTTPAuthCustom
	Authorizer        string // HTTPAuthorizer name for JWT and CUSTOM
}

// HTTP API authorizer types.
const (
	HTTPAuthorizerJWT     = "JWT"
	HTTPAuthorizerRequest = "REQUEST" // a Lambda authorizer
)

// HTTPAuthorizer is an HTTP API authorizer: a JWT authorizer for a Cognito
// user pool, or a Lambda (REQUEST) authorizer with payload format 2.0 and
// simple responses for a built-in authorizer.
type HTTPAuthorizer struct {
	Name string
	Type string // HTTPAuthorizerJWT or HTTPAuthorizerRequest
	// IdentitySource lists where the identity comes from
	// ("$request.header.Authorization"). A cached Lambda authorizer also
	// lists "$context.routeKey": a simple response allows or denies one
	// route, so it must not be reused for another.
	IdentitySource []string

	// JWT: the user pool's issuer URL
	// (https://cognito-idp.<region>.amazonaws.com/<pool id>) and the app
	// client IDs a token must be issued for.
	Issuer   string   `json:",omitempty"`
	Audience []string `json:",omitempty"`

	// REQUEST: the built-in authorizer's function and invocation URI.
	Function              string `json:",omitempty"`
	URI                   Value  `json:",omitempty"`
	PayloadFormatVersion  string `json:",omitempty"` // "2.0"
	EnableSimpleResponses bool   `json:",omitempty"`
	TTLSeconds            int    `json:",omitempty"` // at most 3600 on HTTP APIs
	CredentialsRoleARN    string `json:",omitempty"` // execution_role
}

// HTTPCORS is an HTTP API's CORS configuration.
type HTTPCORS struct {
	AllowOrigins     []string
	AllowMethods     []string
	AllowHeaders     []string
	ExposeHeaders    []string
	MaxAge           int
	AllowCredentials bool
}
