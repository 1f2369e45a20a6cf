package sdkgen

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/chalice-go/chalice/model"
	"github.com/chalice-go/chalice/openapi"
)

// TypeScript types from the model's shapes: the same derivation the
// OpenAPI description renders as JSON Schema.

var identRe = regexp.MustCompile(`^[A-Za-z_$][A-Za-z0-9_$]*$`)

func propName(s string) string {
	if identRe.MatchString(s) {
		return s
	}
	return fmt.Sprintf("%q", s)
}

// tsType spells a shape as a TypeScript type at the given indent.
func tsType(s *model.Shape, indent string) string {
	if s == nil {
		return "unknown"
	}
	t := tsBase(s, indent)
	if s.Nullable && t != "unknown" {
		t += " | null"
	}
	return t
}

func tsBase(s *model.Shape, indent string) string {
	switch {
	case s.Ref != "":
		return s.Ref
	case s.Type == "":
		return "unknown"
	}
	switch s.Type {
	case model.JSONString:
		return "string"
	case model.JSONInteger, model.JSONNumber:
		return "number"
	case model.JSONBoolean:
		return "boolean"
	case model.JSONNull:
		return "null"
	case model.JSONArray:
		el := tsType(s.Items, indent)
		if strings.ContainsAny(el, "|{ ") {
			el = "(" + el + ")"
		}
		return el + "[]"
	case model.JSONObject:
		if s.Values != nil {
			return "{ [key: string]: " + tsType(s.Values, indent) + " }"
		}
		return tsObject(s.Fields, indent)
	}
	return "unknown"
}

func tsObject(fields []model.Field, indent string) string {
	if len(fields) == 0 {
		return "Record<string, never>"
	}
	var b strings.Builder
	b.WriteString("{\n")
	for _, f := range fields {
		opt := ""
		if !f.Required {
			opt = "?"
		}
		fmt.Fprintf(&b, "%s  %s%s: %s;\n", indent, propName(f.Name), opt, tsType(f.Shape, indent+"  "))
	}
	b.WriteString(indent + "}")
	return b.String()
}

// namedTypes declares every named struct shape as an interface.
func namedTypes(app *model.App) string {
	var b strings.Builder
	for _, s := range app.Shapes {
		fmt.Fprintf(&b, "/** The Go type %s. */\n", s.GoType)
		body := tsObject(s.Shape.Fields, "")
		if body == "Record<string, never>" {
			body = "{}"
		}
		fmt.Fprintf(&b, "export interface %s %s\n\n", s.Name, body)
	}
	return b.String()
}

// method is one generated client method.
type method struct {
	op         openapi.Operation
	paramsType string // the params argument's type
	paramsOpt  bool
	bodyType   string
	bodyOpt    bool
	resultType string
}

func methodOf(op openapi.Operation) method {
	r := op.Route
	m := method{op: op, paramsType: "Record<string, never>", paramsOpt: true, bodyType: "unknown", bodyOpt: true, resultType: "unknown"}
	var caps []model.Field
	for _, c := range r.Captures() {
		shape := &model.Shape{Type: model.JSONString}
		for _, p := range r.Signature.Params {
			if p.Kind == model.ParamCapture && p.Name == c && p.Type.Shape != nil {
				shape = p.Type.Shape
			}
		}
		caps = append(caps, model.Field{Name: c, Required: true, Shape: shape})
	}
	if len(caps) > 0 {
		var parts []string
		for _, c := range caps {
			parts = append(parts, propName(c.Name)+": "+tsType(c.Shape, ""))
		}
		m.paramsType, m.paramsOpt = "{ "+strings.Join(parts, "; ")+" }", false
	}
	for _, p := range r.Signature.Params {
		if p.Kind == model.ParamBody && p.Type.Shape != nil {
			bs := *p.Type.Shape
			bs.Nullable = false
			m.bodyType, m.bodyOpt = tsType(&bs, "  "), false
		}
	}
	sig := r.Signature
	switch {
	case sig.ResponseResult:
	case sig.Result == model.ResultValue || sig.Result == model.ResultValueError:
		if sig.ResultType.Shape != nil {
			m.resultType = tsType(sig.ResultType.Shape, "  ")
		}
	default:
		m.resultType = "null"
	}
	return m
}

// signature is the method's TypeScript parameter list and result.
func (m method) signature() string {
	p, pt := "params", m.paramsType
	switch {
	case m.paramsOpt && m.bodyOpt:
		p += "?"
	case m.paramsOpt:
		pt += " | undefined" // a required body follows
	}
	bd := "body"
	if m.bodyOpt {
		bd += "?"
	}
	return fmt.Sprintf("(%s: %s, %s: %s, additionalParams?: AdditionalParams): Promise<ApiResponse<%s>>",
		p, pt, bd, m.bodyType, m.resultType)
}

// doc is the method's comment: the route it calls.
func (m method) doc() string {
	r := m.op.Route
	return fmt.Sprintf("/** %s %s (%s) */", m.op.Method, r.Path, r.Name)
}

// staticTypes are the client's own types, the same for every app.
const staticTypes = `/** Options of newClient. */
export interface ClientConfig {
  /** Base URL of the API, e.g. https://abc.execute-api.us-west-2.amazonaws.com/api */
  endpoint?: string;
  /** Sent as x-api-key on every request. */
  apiKey?: string;
  /** Sent in the authorizer's header on routes with a token authorizer. */
  authorization?: string;
  /** Extra headers for every request. */
  headers?: Record<string, string>;
  /** AWS credentials: routes with an IAMAuthorizer are signed (SigV4). */
  accessKey?: string;
  secretKey?: string;
  sessionToken?: string;
  /** Signing region; by default taken from the endpoint's host. */
  region?: string;
  /** The fetch to use (default: the global fetch). */
  fetch?: typeof fetch;
  /** WebCrypto for signing (default: the global crypto). */
  crypto?: Crypto;
  /** The signing clock (default: new Date()). */
  now?: () => Date;
}

/** Per-call extras. */
export interface AdditionalParams {
  headers?: Record<string, string>;
  queryParams?: Record<string, string | number | boolean | Array<string | number | boolean>>;
}

/** A 2xx answer: the parsed body (JSON, else text), status and headers. */
export interface ApiResponse<T> {
  data: T;
  status: number;
  headers: Record<string, string>;
}
`

// apiErrorDecl is ApiError as a declaration (the .d.ts).
const apiErrorDecl = `/** A non-2xx answer: the status, the parsed body ({Code, Message} from the
 * app, {message} from API Gateway itself) and the response headers. */
export declare class ApiError extends Error {
  status: number;
  data: unknown;
  headers: Record<string, string>;
  Code: string | undefined;
  Message: string | undefined;
}
`
