package chalice

import (
	"context"
	"encoding/json"
	"mime"
	"strings"
)

// MultiDict maps a key to all of its values, in the order received.
type MultiDict map[string][]string

// Get returns the last value of key, or "" when there is none.
func (m MultiDict) Get(key string) string {
	v := m[key]
	if len(v) == 0 {
		return ""
	}
	return v[len(v)-1]
}

// GetAll returns every value of key.
func (m MultiDict) GetAll(key string) []string { return m[key] }

// CaseInsensitiveHeaders holds request headers under lower-cased names.
type CaseInsensitiveHeaders map[string]string

// Get returns the header value for name, matched case-insensitively.
func (h CaseInsensitiveHeaders) Get(name string) string {
	if v, ok := h[name]; ok {
		return v
	}
	return h[strings.ToLower(name)]
}

// Request is the HTTP request a route handler serves.
type Request struct {
	Method      string
	Path        string
	Headers     CaseInsensitiveHeaders
	QueryParams MultiDict         // nil when the request has none
	URIParams   map[string]string // nil when the route captures nothing
	RawBody     []byte
	Context     map[string]any // the API Gateway request context
	StageVars   map[string]string

	// MultiValueHeaders keeps every value of repeated headers (lower-cased names).
	MultiValueHeaders map[string][]string
}

// ContentType returns the media type of the request body without parameters.
func (r *Request) ContentType() string {
	ct := r.Headers.Get("content-type")
	if ct == "" {
		return ""
	}
	if mt, _, err := mime.ParseMediaType(ct); err == nil {
		return mt
	}
	if i := strings.IndexByte(ct, ';'); i >= 0 {
		ct = ct[:i]
	}
	return strings.ToLower(strings.TrimSpace(ct))
}

// JSONBody decodes the body as JSON. It returns nil, nil unless the content
// type is application/json (the default when none is sent) and the body is
// not empty; malformed JSON is a BadRequestError.
func (r *Request) JSONBody() (any, error) {
	ct := r.ContentType()
	if ct != "" && ct != "application/json" {
		return nil, nil
	}
	if len(r.RawBody) == 0 {
		return nil, nil
	}
	var v any
	if err := json.Unmarshal(r.RawBody, &v); err != nil {
		return nil, BadRequestError("Error Parsing JSON")
	}
	return v, nil
}

// The authorizer accessors read the request context the same way behind
// a REST API (payload 1.0) and an HTTP API (payload 2.0), whose events put
// an authorizer's output in different places.

// AuthorizerContext returns what the route's built-in authorizer passed
// on: its AuthResponse.Context values and principalId (behind a REST API
// also integrationLatency), from requestContext.authorizer (REST) or
// requestContext.authorizer.lambda (HTTP API). nil when there is none.
func (r *Request) AuthorizerContext() map[string]any {
	a, _ := r.Context["authorizer"].(map[string]any)
	if r.isV2() {
		a, _ = a["lambda"].(map[string]any)
	}
	return a
}

// Claims returns the token claims of a route authorized by a Cognito user
// pool: requestContext.authorizer.claims (REST) or
// requestContext.authorizer.jwt.claims (HTTP API, a JWT authorizer). nil
// when there are none.
func (r *Request) Claims() map[string]any {
	a, _ := r.Context["authorizer"].(map[string]any)
	if r.isV2() {
		a, _ = a["jwt"].(map[string]any)
	}
	c, _ := a["claims"].(map[string]any)
	return c
}

// IAMIdentity returns the caller of a route with IAM authorization:
// requestContext.identity behind a REST API (there on every request, with
// accessKey, userArn... set once signed) or requestContext.authorizer.iam
// behind an HTTP API (accessKey, accountId, userArn, userId...; nil
// without IAM authorization).
func (r *Request) IAMIdentity() map[string]any {
	if r.isV2() {
		a, _ := r.Context["authorizer"].(map[string]any)
		id, _ := a["iam"].(map[string]any)
		return id
	}
	id, _ := r.Context["identity"].(map[string]any)
	return id
}

// isV2 reports a payload 2.0 request context (HTTP API, Function URL),
// which describes the request under "http".
func (r *Request) isV2() bool {
	_, ok := r.Context["http"].(map[string]any)
	return ok
}

// ToMap returns the request as a JSON-serializable map with the spec's
// to_dict keys: method, headers, query_params, uri_params, context,
// stage_vars and raw_body (always null, as the reference output shows).
func (r *Request) ToMap() map[string]any {
	m := map[string]any{
		"method":  r.Method,
		"headers": map[string]string(r.Headers),
		"context": r.Context,
		// raw_body is left out of the serialized form: bytes are not JSON.
		"raw_body": nil,
	}
	if r.QueryParams == nil {
		m["query_params"] = nil
	} else {
		// One value per key, the last, as a plain dict would hold it.
		q := make(map[string]any, len(r.QueryParams))
		for k := range r.QueryParams {
			q[k] = r.QueryParams.Get(k)
		}
		m["query_params"] = q
	}
	if r.URIParams == nil {
		m["uri_params"] = nil
	} else {
		m["uri_params"] = r.URIParams
	}
	if r.StageVars == nil {
		m["stage_vars"] = nil
	} else {
		m["stage_vars"] = r.StageVars
	}
	return m
}

// HTTPHandler is the shape of the next step in an HTTP middleware chain.
type HTTPHandler func(ctx context.Context, req *Request) (*Response, error)
