package runtime

import (
	"errors"
	"fmt"
	"strings"

	"github.com/chalice-go/chalice/internal/jsonx"
)

// event holds the spans of the top-level fields of a Lambda event; nothing
// is decoded until asked for. b is the invocation payload, which the
// runtime only reads (see App.Invoke), or, once owned is set, a private
// copy of it.
type event struct {
	b     []byte
	owned bool // b is the runtime's private copy (Call.detach)

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

var (
	errNotObject = errors.New("the event is not a JSON object")
	errTooLarge  = errors.New("the event is larger than 2 GB")
)

// parseEvent records the top-level fields of b in one pass. Every member
// is checked strictly except the inside of the values it only skips
// (multiValueHeaders, requestContext, ...): those are checked for balanced
// brackets and terminated strings (see jsonx.SkipValue), and decoded strictly
// if ever read.
func parseEvent(b []byte, ev *event) error {
	*ev = event{b: b}
	if len(b) > maxEvent {
		return errTooLarge
	}
	i := jsonx.SkipSpace(b, 0)
	if i >= len(b) || b[i] != '{' {
		return errNotObject
	}
	i = jsonx.SkipSpace(b, i+1)
	if i < len(b) && b[i] == '}' {
		return checkEnd(b, i+1)
	}
	for {
		if i >= len(b) || b[i] != '"' {
			return syntaxAt(i)
		}
		ke, esc, err := jsonx.ScanString(b, i)
		if err != nil {
			return syntaxAt(i)
		}
		name := aliasString(b[i+1 : ke-1])
		if esc {
			if name, err = unescapeString(b[i+1 : ke-1]); err != nil {
				return syntaxAt(i)
			}
		}
		j := jsonx.SkipSpace(b, ke)
		if j >= len(b) || b[j] != ':' {
			return syntaxAt(j)
		}
		j = jsonx.SkipSpace(b, j+1)
		var ve int
		switch {
		case j >= len(b):
			return syntaxAt(j)
		case name == "headers":
			ve, err = ev.scanHeaders(j)
		case b[j] == '"':
			ve, _, err = jsonx.ScanString(b, j)
		case b[j] == '{' || b[j] == '[':
			ve, err = jsonx.SkipContainer(b, j)
		default:
			ve, err = jsonx.SkipValue(b, j)
		}
		if err != nil {
			return syntaxAt(j)
		}
		ev.set(name, span(j, ve))
		i = jsonx.SkipSpace(b, ve)
		if i >= len(b) {
			return syntaxAt(i)
		}
		if b[i] == '}' {
			return checkEnd(b, i+1)
		}
		if b[i] != ',' {
			return syntaxAt(i)
		}
		i = jsonx.SkipSpace(b, i+1)
	}
}

func syntaxAt(i int) error { return fmt.Errorf("%w at offset %d", errSyntax, i) }

func checkEnd(b []byte, i int) error {
	if jsonx.SkipSpace(b, i) != len(b) {
		return fmt.Errorf("%w: data after the event object", errSyntax)
	}
	return nil
}

// set records the span of top-level member name (the last one wins).
func (ev *event) set(name string, v val) {
	switch name {
	case "resource":
		ev.resource = v
	case "path":
		ev.path = v
	case "httpMethod":
		ev.httpMethod = v
	case "headers":
		ev.headers = v
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

// scanHeaders walks the headers value starting at b[i] member by member
// (strictly), recording the spans of Content-Type, Accept and Origin, and
// returns the offset just past it. This is the only pass over the headers.
func (ev *event) scanHeaders(i int) (int, error) {
	b := ev.b
	// Start afresh: with duplicate "headers" members the last one counts.
	ev.hdrCT, ev.hdrAccept, ev.hdrOrigin = val{}, val{}, val{}
	if i >= len(b) || b[i] != '{' {
		return jsonx.SkipValue(b, i) // null, or not an object: left for the readers
	}
	i = jsonx.SkipSpace(b, i+1)
	if i < len(b) && b[i] == '}' {
		return i + 1, nil
	}
	for {
		if i >= len(b) || b[i] != '"' {
			return 0, errSyntax
		}
		ke, err := jsonx.SkipString(b, i)
		if err != nil {
			return 0, err
		}
		j := jsonx.SkipSpace(b, ke)
		if j >= len(b) || b[j] != ':' {
			return 0, errSyntax
		}
		j = jsonx.SkipSpace(b, j+1)
		var ve int
		if j < len(b) && b[j] == '"' {
			ve, _, err = jsonx.ScanString(b, j)
		} else {
			ve, err = jsonx.SkipValue(b, j)
		}
		if err != nil {
			return 0, err
		}
		switch key := aliasString(b[i+1 : ke-1]); len(key) {
		case len("content-type"):
			if equalFoldLower(key, "content-type") {
				ev.hdrCT = span(j, ve)
			}
		case len("accept"):
			if equalFoldLower(key, "accept") {
				ev.hdrAccept = span(j, ve)
			} else if equalFoldLower(key, "origin") {
				ev.hdrOrigin = span(j, ve)
			}
		}
		i = jsonx.SkipSpace(b, ve)
		if i >= len(b) {
			return 0, errSyntax
		}
		if b[i] == '}' {
			return i + 1, nil
		}
		if b[i] != ',' {
			return 0, errSyntax
		}
		i = jsonx.SkipSpace(b, i+1)
	}
}

// rawBody returns the body string's raw contents (escapes not decoded)
// and whether it has escapes; ok is false when there is no string body.
func (ev *event) rawBody() (raw []byte, esc, ok bool) {
	return rawStr(ev.b, ev.body)
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
