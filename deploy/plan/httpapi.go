package plan

import (
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"sort"
	"strings"

	"github.com/chalice-go/chalice/config"
	"github.com/chalice-go/chalice/model"
)

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
	CORS *CORSConfig `json:",omitempty"`
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
	Method               string // "POST": API Gateway invokes Lambda with POST
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

// CORSConfig is a CORS configuration as API Gateway v2 (an HTTP API's
// native CORS) and Lambda (a Function URL's) both take it: the same six
// settings, so one type serves both and their renderers.
type CORSConfig struct {
	AllowOrigins     []string
	AllowMethods     []string
	AllowHeaders     []string
	ExposeHeaders    []string
	MaxAge           int
	AllowCredentials bool
}

// HTTP API integration and authorizer settings the plan fixes.
const (
	HTTPPayloadFormat       = "2.0"
	HTTPIntegrationTimeout  = 30000 // ms, the HTTP API maximum
	httpAuthorizerMaxTTL    = 3600
	httpAuthorizerRouteKey  = "$context.routeKey"
	httpIdentityHeaderStart = "$request.header."
)

// buildHTTPAPI plans the routes as an HTTP API. What an HTTP API cannot
// express is an error here, positioned at the source where there is one,
// rather than a setting silently dropped.
func buildHTTPAPI(in Inputs) (*HTTPAPI, error) {
	app, sc := in.App, in.Stage
	if err := httpAPISettings(app, sc); err != nil {
		return nil, err
	}
	api := &HTTPAPI{
		Name:  sc.AppName,
		Stage: HTTPAPIStage,
		Integration: &HTTPIntegration{Function: APIHandler, URI: InvocationURI(APIHandler), Method: "POST",
			PayloadFormatVersion: HTTPPayloadFormat, TimeoutMillis: HTTPIntegrationTimeout},
		Tags: StageTags(sc),
		URL:  Concat("https://", Ref{Kind: RefHTTPAPIID}, ".execute-api.", Ref{Kind: RefRegion}, ".", Ref{Kind: RefURLSuffix}, "/"),
	}
	ix := newAuthorizerIndex(app)
	auths := map[string]*HTTPAuthorizer{}
	invokers := []string{APIHandler}
	seen := map[string]bool{}
	for _, r := range app.Routes {
		if r.APIKeyRequired {
			return nil, model.Errorf(r.Pos, "route %s: api_key_required: an HTTP API has no API keys; remove it or set api_gateway_type \"rest\"", r.Path)
		}
		authType, a, err := httpAuthorizer(ix, r)
		if err != nil {
			return nil, err
		}
		authName := ""
		if a != nil {
			authName = a.Name
			if prev := auths[a.Name]; prev == nil {
				auths[a.Name] = a
				if a.Function != "" {
					invokers = append(invokers, a.Function)
				}
			} else if !reflect.DeepEqual(prev, a) {
				return nil, model.Errorf(r.Pos, "two different authorizers are named %q", a.Name)
			}
		}
		for _, m := range r.Methods {
			key := m + " " + r.Path
			if seen[key] {
				return nil, model.Errorf(r.Pos, "%s %s is declared twice", m, r.Path)
			}
			seen[key] = true
			api.Routes = append(api.Routes, &HTTPRoute{Key: key, AuthorizationType: authType, Authorizer: authName})
		}
	}
	cors, err := app.HTTPCORS()
	if err != nil {
		return nil, err
	}
	if cors != nil {
		api.CORS = &CORSConfig{AllowOrigins: cors.AllowOrigins, AllowMethods: cors.AllowMethods, AllowHeaders: cors.AllowHeaders,
			ExposeHeaders: cors.ExposeHeaders, MaxAge: cors.MaxAge, AllowCredentials: cors.AllowCredentials}
	}
	sort.Slice(api.Routes, func(i, j int) bool { return api.Routes[i].Key < api.Routes[j].Key })
	for _, name := range slices.Sorted(maps.Keys(auths)) {
		api.Authorizers = append(api.Authorizers, auths[name])
	}
	for _, fn := range invokers {
		api.Permissions = append(api.Permissions, apiGatewayPermission(fn, Ref{Kind: RefHTTPAPIID}))
	}
	return api, nil
}

// httpAPISettings refuses the stage settings and app options an HTTP API
// has no equivalent for.
func httpAPISettings(app *model.App, sc *config.StageConfig) error {
	where := fmt.Sprintf("stage %s (api_gateway_type \"http\")", sc.Name)
	var errs []error
	if sc.APIGatewayPolicyFile != "" {
		errs = append(errs, fmt.Errorf("%s: api_gateway_policy_file: an HTTP API has no resource policy; remove the key or set api_gateway_type \"rest\"", where))
	}
	if sc.APIGatewayEndpointTypeSet && sc.APIGatewayEndpointType != "REGIONAL" {
		errs = append(errs, fmt.Errorf("%s: api_gateway_endpoint_type %s: an HTTP API is REGIONAL; remove the key or set it to REGIONAL", where, sc.APIGatewayEndpointType))
	}
	if len(sc.APIGatewayEndpointVPCE) > 0 {
		errs = append(errs, fmt.Errorf("%s: api_gateway_endpoint_vpce: an HTTP API cannot be private; remove the key or set api_gateway_type \"rest\"", where))
	}
	if sc.MinimumCompressionSize != nil {
		errs = append(errs, fmt.Errorf("%s: minimum_compression_size: an HTTP API does not compress responses; remove the key or set api_gateway_type \"rest\"", where))
	}
	if sc.APIGatewayStage != config.DefaultAPIGatewayStage && !hasWebsocket(app) {
		errs = append(errs, fmt.Errorf("%s: api_gateway_stage %q: an HTTP API is served from its $default stage at the root of its URL, and the app has no websocket API for the stage name to apply to; remove the key", where, sc.APIGatewayStage))
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	// binary_types written at all is an error, even when it adds nothing
	// to the defaults: the option says the app relies on a list.
	if app.BinaryTypesPos != (model.Pos{}) || (!slices.Equal(app.BinaryTypes, model.DefaultBinaryTypes) && len(app.BinaryTypes) > 0) {
		return model.Errorf(app.BinaryTypesPos, "binary_types: an HTTP API has no binary media type list (it passes any body to the function base64-encoded); remove binary_types or set api_gateway_type \"rest\"")
	}
	return nil
}

func hasWebsocket(app *model.App) bool {
	return slices.ContainsFunc(app.Events, func(e *model.EventHandler) bool {
		return e.Kind == model.EventWSConnect || e.Kind == model.EventWSMessage || e.Kind == model.EventWSDisconnect
	})
}

// httpAuthorizer is route r's authorization type and authorizer on an
// HTTP API: a Cognito user pool becomes a JWT authorizer, a built-in
// authorizer a Lambda authorizer with simple responses, IAM is AWS_IAM.
func httpAuthorizer(ix *authorizerIndex, r *model.Route) (string, *HTTPAuthorizer, error) {
	ref := r.Authorizer
	if ref == nil {
		return HTTPAuthNone, nil, nil
	}
	switch ref.Kind {
	case model.AuthIAM:
		return HTTPAuthIAM, nil, nil
	case model.AuthBuiltin:
		b, err := ix.builtin(r)
		if err != nil {
			return "", nil, err
		}
		if b.TTLSeconds > httpAuthorizerMaxTTL {
			return "", nil, model.Errorf(b.Pos, "authorizer %s: ttl_seconds %d: an HTTP API caches an authorizer's answer for at most %d seconds", b.Name, b.TTLSeconds, httpAuthorizerMaxTTL)
		}
		a := &HTTPAuthorizer{Name: b.Name, Type: HTTPAuthorizerRequest,
			IdentitySource: []string{httpIdentityHeaderStart + orAuthorization(b.Header)},
			Function:       b.Name, URI: InvocationURI(b.Name), PayloadFormatVersion: HTTPPayloadFormat,
			EnableSimpleResponses: true, TTLSeconds: b.TTLSeconds, CredentialsRoleARN: b.ExecutionRole}
		if b.TTLSeconds > 0 {
			// A simple response allows or denies one route: cache it per route.
			a.IdentitySource = append(a.IdentitySource, httpAuthorizerRouteKey)
		}
		return HTTPAuthCustom, a, nil
	case model.AuthCognito:
		v, name, err := ix.variable(r)
		if err != nil {
			return "", nil, err
		}
		pos := v.Pos
		if pos.Line == 0 {
			pos = r.Pos
		}
		if len(v.ProviderARNs) != 1 {
			return "", nil, model.Errorf(pos, "%s: an HTTP API's JWT authorizer trusts one issuer, so it takes exactly one ProviderARNs entry (%d given)", v.Var, len(v.ProviderARNs))
		}
		if len(v.Audience) == 0 {
			return "", nil, model.Errorf(pos, "%s needs Audience under api_gateway_type \"http\": the app client IDs of the user pool whose tokens the JWT authorizer accepts", v.Var)
		}
		issuer, ok := CognitoIssuer(v.ProviderARNs[0])
		if !ok {
			return "", nil, model.Errorf(pos, "%s: ProviderARNs %q is not a Cognito user pool ARN (arn:aws:cognito-idp:REGION:ACCOUNT:userpool/POOL_ID)", v.Var, v.ProviderARNs[0])
		}
		aud := slices.Clone(v.Audience)
		slices.Sort(aud)
		return HTTPAuthJWT, &HTTPAuthorizer{Name: name, Type: HTTPAuthorizerJWT,
			IdentitySource: []string{httpIdentityHeaderStart + orAuthorization(v.Header)}, Issuer: issuer, Audience: aud}, nil
	case model.AuthCustom:
		v, _, err := ix.variable(r)
		if err != nil {
			return "", nil, err
		}
		return "", nil, model.Errorf(r.Pos, "route %s uses %s, a chalice.CustomAuthorizer (a TOKEN authorizer given by URI), which an HTTP API cannot use: use a //chalice:authorizer function or set api_gateway_type \"rest\"", r.Path, v.Var)
	}
	return "", nil, model.Errorf(r.Pos, "route %s: unknown authorizer kind %q", r.Path, ref.Kind)
}

// CognitoIssuer is the JWT issuer URL of a Cognito user pool given by
// its ARN: https://cognito-idp.REGION.amazonaws.com/POOL_ID (with the
// partition's DNS suffix).
func CognitoIssuer(arn string) (string, bool) {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "cognito-idp" || parts[3] == "" || !strings.HasPrefix(parts[5], "userpool/") {
		return "", false
	}
	id := strings.TrimPrefix(parts[5], "userpool/")
	if id == "" || strings.Contains(id, "/") {
		return "", false
	}
	suffix := "amazonaws.com"
	if parts[1] == "aws-cn" {
		suffix = "amazonaws.com.cn"
	}
	return "https://cognito-idp." + parts[3] + "." + suffix + "/" + id, true
}
