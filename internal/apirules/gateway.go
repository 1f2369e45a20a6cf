package apirules

import (
	"slices"
	"strings"

	"github.com/chalice-go/chalice/internal/jsonx"
)

// GatewayError is one of API Gateway's own answers (a "gateway response"):
// the answer to a request the function never sees.
type GatewayError struct {
	Status int
	Type   string // x-amzn-ErrorType; "" on HTTP APIs
	Body   string // JSON
}

// API Gateway's answers.
var (
	// ErrMissingToken answers an unknown resource or method on a REST API.
	ErrMissingToken     = GatewayError{403, "MissingAuthenticationTokenException", `{"message":"Missing Authentication Token"}`}
	ErrUnauthorized     = GatewayError{401, "UnauthorizedException", `{"message":"Unauthorized"}`}
	ErrForbidden        = GatewayError{403, "ForbiddenException", `{"message":"Forbidden"}`}
	ErrAccessDenied     = GatewayError{403, "AccessDeniedException", `{"Message":"User is not authorized to access this resource"}`}
	ErrExplicitDeny     = GatewayError{403, "AccessDeniedException", `{"Message":"User is not authorized to access this resource with an explicit deny"}`}
	ErrAuthorizerConfig = GatewayError{500, "AuthorizerConfigurationException", `{"message":null}`}
	ErrInternal         = GatewayError{502, "InternalServerErrorException", `{"message":"Internal server error"}`}
	ErrTooLarge         = GatewayError{413, "RequestEntityTooLargeException", `{"message":"Request Too Long"}`}
	// ErrNotFoundHTTP answers an unknown route on an HTTP API or a
	// Function URL.
	ErrNotFoundHTTP = GatewayError{404, "", `{"message":"Not Found"}`}
)

// MaxPayload is API Gateway's request payload limit (10 MB); a larger body
// is answered ErrTooLarge without invoking the function.
const MaxPayload = 10 << 20

// SigV4Prefix starts a SigV4 Authorization header.
const SigV4Prefix = "AWS4-HMAC-SHA256 "

// IncompleteSignature is API Gateway's answer when an Authorization header
// that is not a SigV4 signature reaches a resource that has no method (or
// an IAM-authorized one): it tries to read it as a signature.
func IncompleteSignature(auth string) GatewayError {
	b := []byte(`{"message":"Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=`)
	b = jsonx.AppendEscaped(b, auth)
	b = append(b, `"}`...)
	return GatewayError{403, "IncompleteSignatureException", string(b)}
}

// MissingResource is a REST API's answer for a path or method it lacks,
// given the request's Authorization header.
func MissingResource(authorization string) GatewayError {
	if authorization != "" && !strings.HasPrefix(authorization, SigV4Prefix) {
		return IncompleteSignature(authorization)
	}
	return ErrMissingToken
}

// Headers returns the answer's headers (but the request IDs and the
// length, which the server adds): every gateway answer is built here.
func (e GatewayError) Headers() []Header {
	if e.Type == "" {
		return []Header{{"Content-Type", "application/json"}}
	}
	return []Header{{"Content-Type", "application/json"}, {"x-amzn-ErrorType", e.Type}}
}

// Gateway response types whose headers GatewayCORS sets: every 4xx and 5xx
// answer API Gateway gives by itself.
const (
	GatewayResponse4XX = "DEFAULT_4XX"
	GatewayResponse5XX = "DEFAULT_5XX"
)

// GatewayCORS is the rule that lets a page on another origin read API
// Gateway's own answers (a 403 for a missing API key, 401/403 from an
// authorizer, 413, 502): in an app with CORS routes they carry CORS
// headers too, else a browser reports a network error instead of the
// status. Gateway answers are API-wide, not per route, so the headers are
// static: Access-Control-Allow-Origin is the routes' origin when they all
// allow exactly the same single one, else "*"; Access-Control-Allow-
// Credentials is "true" only with one origin every CORS route allows
// credentials for ("*" forbids credentials). rules are the CORS routes'
// compiled configurations; nil when there are none.
func GatewayCORS(rules []*CORSRule) []Header {
	if len(rules) == 0 {
		return nil
	}
	origin := ""
	creds := true
	for i, r := range rules {
		if len(r.origins) != 1 || (i > 0 && r.origins[0] != origin) {
			origin = "*"
		} else if i == 0 {
			origin = r.origins[0]
		}
		creds = creds && slices.Contains(r.fixed, Header{"Access-Control-Allow-Credentials", "true"})
	}
	h := []Header{{"Access-Control-Allow-Origin", origin}}
	if creds && origin != "*" {
		h = append(h, Header{"Access-Control-Allow-Credentials", "true"})
	}
	return h
}
