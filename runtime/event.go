package runtime

import (
	"errors"
	"fmt"
	"strings"
)

// event holds the spans of the top-level fields of a Lambda event; nothing
// is decoded until asked for. b is the runtime's private copy of the payload.
type event struct {
	b []byte

	// API Gateway REST (payload 1.0) proxy events.
	resource, path, httpMethod         val
	headers, mvHeaders, query, mvQuery val
	pathParams, stageVars, reqCtx      val
	body, isB64                        val
	// HTTP API payload 2.0 and Lambda Function URL events.
	version, routeKey, rawPath, rawQuery val
	cookies                              val
	// Lambda authorizer events.
	typ, authToken, methodArn, routeArn val

	// The request headers the runtime needs itself, picked up while the
	// headers object is scanned anyway (the last one wins, like API
	// Gateway's single-value map).
	hdrCT, hdrAccept, hdrOrigin val
}

var errNotObject = errors.New("the event is not a JSON object")

// parseEvent records the top-level fields of b in one pass.
func parseEvent(b []byte, ev *event) error {
	*ev = event{b: b}
	i := skipWS(b, 0)
	if i >= len(b) || b[i] != '{' {
		return errNotObject
	}
	it, _ := iterObject(b, val{i, len(b)})
	for {
		k, v, ok := it.next()
		if !ok {
			break
		}
		key, esc, _ := rawStr(b, k)
		name := aliasString(key)
		if esc {
			if s, ok := str(b, k); ok {
				name = s
			}
		}
		switch name {
		case "resource":
			ev.resource = v
		case "path":
			ev.path = v
		case "httpMethod":
			ev.httpMethod = v
		case "headers":
			ev.headers = v
			ev.scanHeaders(v)
		case "multiValueHeaders":
			ev.mvHeaders = v
		case "queryStringParameters":
			ev.query = v
		case "multiValueQueryStringParameters":
			ev.mvQuery = v
		case "pathParameters":
			ev.pathParams = v
		case "stageVariables":
			ev.stageVars = v
		case "requestContext":
			ev.reqCtx = v
		case "body":
			ev.body = v
		case "isBase64Encoded":
			ev.isB64 = v
		case "version":
			ev.version = v
		case "routeKey":
			ev.routeKey = v
		case "rawPath":
			ev.rawPath = v
		case "rawQueryString":
			ev.rawQuery = v
		case "cookies":
			ev.cookies = v
		case "type":
			ev.typ = v
		case "authorizationToken":
			ev.authToken = v
		case "methodArn":
			ev.methodArn = v
		case "routeArn":
			ev.routeArn = v
		}
	}
	if it.err != nil {
		return fmt.Errorf("%w at offset %d", it.err, it.i)
	}
	if skipWS(b, it.i+1) != len(b) {
		return fmt.Errorf("%w: data after the event object", errSyntax)
	}
	return nil
}

// scanHeaders records the spans of Content-Type, Accept and Origin.
func (ev *event) scanHeaders(obj val) {
	it, _ := iterObject(ev.b, obj)
	for {
		k, v, ok := it.next()
		if !ok {
			return
		}
		key, _, _ := rawStr(ev.b, k)
		switch len(key) {
		case len("content-type"):
			if equalFoldLower(aliasString(key), "content-type") {
				ev.hdrCT = v
			}
		case len("accept"):
			if equalFoldLower(aliasString(key), "accept") {
				ev.hdrAccept = v
			} else if equalFoldLower(aliasString(key), "origin") {
				ev.hdrOrigin = v
			}
		}
	}
}

// bodyBytes decodes the body string. Its escapes are decoded in place in
// the private buffer (nothing else refers to those bytes), so a JSON body,
// whose quotes always arrive escaped, costs no copy. Call it once.
func (ev *event) bodyBytes() ([]byte, bool) {
	s, esc, ok := rawStr(ev.b, ev.body)
	if !ok {
		return nil, false
	}
	if esc {
		u, err := unescapeTo(s[:0], s)
		if err != nil {
			return nil, false
		}
		s = u
	}
	return s[:len(s):len(s)], true
}

// str decodes a top-level string field ("" when absent or not a string).
func (ev *event) str(v val) string {
	s, _ := str(ev.b, v)
	return s
}

// member finds key in the object v (exact match).
func (ev *event) member(obj val, key string) val {
	it, ok := iterObject(ev.b, obj)
	if !ok {
		return val{}
	}
	for {
		k, v, ok := it.next()
		if !ok {
			return val{}
		}
		if s, esc, _ := rawStr(ev.b, k); !esc && string(s) == key {
			return v
		}
	}
}

// isV2 reports an HTTP API payload 2.0 or Function URL event.
func (ev *event) isV2() bool {
	s, _, _ := rawStr(ev.b, ev.version)
	return string(s) == "2.0"
}

// stage returns requestContext.stage.
func (ev *event) stage() string {
	return ev.str(ev.member(ev.reqCtx, "stage"))
}

// v2Method returns requestContext.http.method of a 2.0 event.
func (ev *event) v2Method() string {
	return ev.str(ev.member(ev.member(ev.reqCtx, "http"), "method"))
}

// stripStage removes the "/stage" prefix HTTP APIs put in front of the path
// for stages other than $default.
func stripStage(path, stage string) string {
	if stage == "" || stage == "$default" || len(path) < len(stage)+1 || path[0] != '/' {
		return path
	}
	if path[1:1+len(stage)] != stage {
		return path
	}
	rest := path[1+len(stage):]
	switch {
	case rest == "":
		return "/"
	case rest[0] == '/':
		return rest
	}
	return path
}

// equalFoldLower compares s with lower, which is already lower-case ASCII.
func equalFoldLower(s, lower string) bool {
	if len(s) != len(lower) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}

// lowerASCII lower-cases s, returning s itself when it already is.
func lowerASCII(s string) string {
	if hasUpper(s) {
		return strings.ToLower(s)
	}
	return s
}

func hasUpper(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; 'A' <= c && c <= 'Z' {
			return true
		}
	}
	return false
}

// findHeader returns the value of header lower (a lower-case name) from the
// headers object, matching names case-insensitively; the last one wins, as
// API Gateway's single-value map does.
func (ev *event) findHeader(lower string) (string, bool) {
	it, ok := iterObject(ev.b, ev.headers)
	if !ok {
		return "", false
	}
	var out string
	found := false
	for {
		k, v, ok := it.next()
		if !ok {
			break
		}
		if key, ok := str(ev.b, k); ok && equalFoldLower(key, lower) {
			if s, ok := str(ev.b, v); ok {
				out, found = s, true
			}
		}
	}
	if !found && lower == "cookie" && ev.cookies.present() {
		return ev.joinCookies(), true
	}
	return out, found
}

// joinCookies rebuilds the Cookie header from a 2.0 event's cookies array.
func (ev *event) joinCookies() string {
	it, ok := iterArray(ev.b, ev.cookies)
	if !ok {
		return ""
	}
	var sb strings.Builder
	for {
		v, ok := it.next()
		if !ok {
			break
		}
		if s, ok := str(ev.b, v); ok {
			if sb.Len() > 0 {
				sb.WriteString("; ")
			}
			sb.WriteString(s)
		}
	}
	return sb.String()
}
