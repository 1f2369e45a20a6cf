package chalice

// IAMAuthorizer requires SigV4-signed requests (API Gateway AWS_IAM auth).
type IAMAuthorizer struct{}

// CognitoUserPoolAuthorizer authorizes with an existing Cognito user pool.
type CognitoUserPoolAuthorizer struct {
	Name         string
	ProviderARNs []string
	Header       string // default "Authorization"
	// Audience lists the app client IDs a token must be issued for. A
	// REST API does not use it (API Gateway checks the token against the
	// pools); an HTTP API (api_gateway_type "http") checks Cognito tokens
	// with a JWT authorizer, which needs it.
	Audience []string
}

// CustomAuthorizer uses an existing Lambda function as a token authorizer.
type CustomAuthorizer struct {
	Name          string
	AuthorizerURI string
	TTLSeconds    int // default 300
	Header        string
}

// AuthRequest is what a built-in authorizer (//chalice:authorizer) receives.
type AuthRequest struct {
	AuthType  string // "TOKEN" or "REQUEST"
	Token     string
	MethodARN string
	// Raw is the authorizer event as Lambda received it (REQUEST authorizers
	// carry headers, query string and path parameters there).
	Raw map[string]any
}

// ToMap returns the original authorizer event.
func (r AuthRequest) ToMap() map[string]any { return r.Raw }

// AuthRoute allows some methods on one path.
type AuthRoute struct {
	Path    string
	Methods []string
}

// AuthResponse is a built-in authorizer's answer. Routes holds strings
// ("/foo", "*" for everything) or AuthRoute values; empty denies everything.
type AuthResponse struct {
	Routes      []AuthRoute
	PrincipalID string
	Context     map[string]any
}

// AllowPaths is a shorthand for routes allowing every method on each path.
func AllowPaths(paths ...string) []AuthRoute {
	out := make([]AuthRoute, len(paths))
	for i, p := range paths {
		out[i] = AuthRoute{Path: p, Methods: []string{"*"}}
	}
	return out
}
