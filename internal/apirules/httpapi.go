package apirules

import (
	"strings"
)

// An HTTP API's own answers (API Gateway v2): plain JSON messages without
// an error type header. A request no route takes, whatever the reason (an
// unknown path, or a known path without the method), is ErrNotFoundHTTP.
var (
	// ErrUnauthorizedHTTP answers a request without the identity an
	// authorizer needs (its identity source header), or whose JWT is
	// refused.
	ErrUnauthorizedHTTP = GatewayError{401, "", `{"message":"Unauthorized"}`}
	// ErrForbiddenHTTP answers a request a Lambda authorizer does not
	// authorize (isAuthorized false), or an IAM-authorized route's request
	// without a valid signature.
	ErrForbiddenHTTP = GatewayError{403, "", `{"message":"Forbidden"}`}
	// ErrInternalHTTP answers when the integration or an authorizer fails
	// (an error, a malformed answer).
	ErrInternalHTTP = GatewayError{500, "", `{"message":"Internal Server Error"}`}
	// ErrTooLargeHTTP answers a body over MaxPayload.
	ErrTooLargeHTTP = GatewayError{413, "", `{"message":"Request Entity Too Large"}`}
)

// HTTPRequestIDHeader is the header an HTTP API puts its request ID in
// (a REST API has x-amzn-RequestId and x-amz-apigw-id instead).
const HTTPRequestIDHeader = "Apigw-Requestid"

// HTTPRoutes selects an HTTP API's route for a request. Unlike a REST API,
// which finds the resource first and then its method, an HTTP API only
// considers routes that take the request's method: among those (a route
// for the exact method before an ANY route of the same path) a literal
// segment beats a {capture}, which beats a trailing greedy {capture+}.
// So GET /pets/dog and POST /pets/{id} send POST /pets/dog to the second.
// Read-only once built.
type HTTPRoutes struct {
	byMethod map[string]*methodRoutes
	any      *methodRoutes // the ANY routes, for the other methods
	n        int
}

// methodRoutes is the table of the routes taking one method.
type methodRoutes struct {
	table *Table
	ids   []int  // route number by table number
	exact []bool // the route is for this method, not ANY
}

func newMethodRoutes() *methodRoutes { return &methodRoutes{table: NewTable()} }

func (m *methodRoutes) add(path string, id int, exact bool) {
	n := m.table.Add(path)
	if n == len(m.ids) {
		m.ids = append(m.ids, id)
		m.exact = append(m.exact, exact)
	} else if exact && !m.exact[n] {
		m.ids[n], m.exact[n] = id, true
	}
}

// NewHTTPRoutes returns an empty route set.
func NewHTTPRoutes() *HTTPRoutes {
	return &HTTPRoutes{byMethod: map[string]*methodRoutes{}, any: newMethodRoutes()}
}

// Add adds the route "method path" (path in API Gateway's form:
// NormalizePath; method upper case, ANY for every method) and returns its
// number, counting from 0 in the order added.
func (r *HTTPRoutes) Add(method, path string) int {
	id := r.n
	r.n++
	if method == "ANY" {
		r.any.add(path, id, false)
		for _, m := range r.byMethod {
			m.add(path, id, false)
		}
		return id
	}
	m := r.byMethod[method]
	if m == nil {
		m = newMethodRoutes()
		for i, p := range r.any.table.paths {
			m.add(p, r.any.ids[i], false)
		}
		r.byMethod[method] = m
	}
	m.add(path, id, true)
	return id
}

// Match returns the number of the route taking method (upper case) on a
// percent-encoded request path and appends its capture values to caps;
// -1 when none does (ErrNotFoundHTTP, or a CORS preflight the gateway
// answers).
func (r *HTTPRoutes) Match(method, path string, caps []string) (int, []string) {
	m := r.byMethod[method]
	if m == nil {
		m = r.any
	}
	n, caps := m.table.Match(path, true, caps)
	if n < 0 {
		return -1, caps
	}
	return m.ids[n], caps
}

// HTTPRequestBinary reports whether an HTTP API passes a request body
// with Content-Type ct to the function base64-encoded (isBase64Encoded).
// An HTTP API has no binary media type list: only text/* and JSON, XML and
// JavaScript bodies pass as text; any other type, form data and a body
// without a Content-Type included, is encoded.
func HTTPRequestBinary(ct string) bool {
	mt := MediaType(ct)
	if strings.HasPrefix(mt, "text/") {
		return false
	}
	switch mt {
	case "application/json", "application/xml", "application/javascript":
		return false
	}
	return true
}

// HTTPRouteKey is an HTTP API route's key, "GET /users/{name}", as events
// and the route ARN's authorizers see it.
func HTTPRouteKey(method, path string) string { return method + " " + path }
