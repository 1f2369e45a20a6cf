// Package openapi renders the app model as an OpenAPI 3.1 description:
// every route and method, JSON Schemas of captures, bodies and results
// from the shapes the analyzer derived from the Go types, the error
// answers a route can produce, and security for authorizers and API keys.
//
// It also owns the operation names (OperationID), which the generated
// clients use as method names.
package openapi

import (
	"bytes"
	"encoding/json"
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/chalice-go/chalice/model"
)

// Version is the OpenAPI version written.
const Version = "3.1.0"

// Options are what the model does not know.
type Options struct {
	// Title defaults to the app name.
	Title string
	// APIVersion is info.version; "1.0" when empty.
	APIVersion string
	// ServerURL, when set, is the single servers entry (a stage's
	// deployed URL).
	ServerURL string
}

// Component names of the two error bodies; an app struct of the same name
// moves them aside (see errorNames).
const (
	chaliceErrorName = "ChaliceError"
	gatewayErrorName = "GatewayError"
)

// Build returns the OpenAPI document of app.
func Build(app *model.App, opts Options) *Object {
	b := &builder{app: app, schemes: map[string]*Object{}, headers: map[string]bool{}}
	b.chaliceErr, b.gatewayErr = errorNames(app)
	title := opts.Title
	if title == "" {
		title = app.Name
	}
	ver := opts.APIVersion
	if ver == "" {
		ver = "1.0"
	}
	doc := obj("openapi", Version, "info", obj("title", title, "version", ver))
	if opts.ServerURL != "" {
		doc.Set("servers", []any{obj("url", opts.ServerURL)})
	}
	doc.Set("paths", b.paths())
	comps := &Object{}
	schemas := &Object{}
	for _, s := range app.Shapes {
		schemas.Set(s.Name, Schema(s.Shape))
	}
	schemas.Set(b.chaliceErr, obj(
		"type", "object",
		"description", "An error answered by the app: the error constructor's name and its message.",
		"properties", obj("Code", obj("type", "string"), "Message", obj("type", "string")),
		"required", []string{"Code", "Message"},
	))
	schemas.Set(b.gatewayErr, obj(
		"type", "object",
		"description", "An answer of API Gateway itself (missing API key, authorizer denial, payload too large, failed integration).",
		"properties", obj("message", obj("type", []string{"string", "null"}), "Message", obj("type", "string")),
	))
	comps.Set("schemas", schemas)
	if len(b.headers) > 0 {
		hs := &Object{}
		for _, d := range headerDefs {
			if b.headers[d.name] {
				hs.Set(d.name, obj("description", d.desc, "schema", obj("type", d.typ)))
			}
		}
		comps.Set("headers", hs)
	}
	if len(b.schemes) > 0 {
		sec := &Object{}
		for _, k := range sortedKeys(b.schemes) {
			sec.Set(k, b.schemes[k])
		}
		comps.Set("securitySchemes", sec)
	}
	doc.Set("components", comps)
	return doc
}

// JSON is the document as indented JSON with a final newline.
func JSON(app *model.App, opts Options) ([]byte, error) {
	raw, err := json.Marshal(Build(app, opts))
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := json.Indent(&b, raw, "", "  "); err != nil {
		return nil, err
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}

// YAML is the document as YAML.
func YAML(app *model.App, opts Options) ([]byte, error) {
	raw, err := json.Marshal(Build(app, opts))
	if err != nil {
		return nil, err
	}
	return toYAML(raw)
}

func errorNames(app *model.App) (string, string) {
	pick := func(n string) string {
		for app.ShapeByName(n) != nil {
			n += "_"
		}
		return n
	}
	return pick(chaliceErrorName), pick(gatewayErrorName)
}

type builder struct {
	app                    *model.App
	schemes                map[string]*Object
	headers                map[string]bool // CORS headers used
	chaliceErr, gatewayErr string
}

// Operation is one route method, as the document and the clients see it.
type Operation struct {
	Route  *model.Route
	Method string // upper case
	ID     string // OperationID(Route.Path, Method)
}

// Operations lists every route method sorted by path, then in the order
// the methods were written.
func Operations(app *model.App) []Operation {
	var out []Operation
	for _, r := range app.Routes {
		for _, m := range r.Methods {
			out = append(out, Operation{Route: r, Method: m, ID: OperationID(r.Path, m)})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Route.Path < out[j].Route.Path })
	return out
}

// OperationID is the spec's SDK method name: the path's segments
// camel-cased (captures by name, "root" for "/"), then the method:
// "/hello/{name}" GET → helloNameGet, "/users/{user_id}" PUT →
// usersUserIdPut, "/" GET → rootGet.
func OperationID(path, method string) string {
	var words []string
	for _, seg := range strings.Split(path, "/") {
		seg = strings.TrimSuffix(strings.TrimSuffix(strings.TrimPrefix(seg, "{"), "}"), "+")
		words = append(words, strings.FieldsFunc(seg, func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r)
		})...)
	}
	if len(words) == 0 {
		words = []string{"root"}
	}
	words = append(words, strings.ToLower(method))
	var b strings.Builder
	for i, w := range words {
		if i == 0 {
			b.WriteString(strings.ToLower(w[:1]) + w[1:])
			if unicode.IsDigit(rune(w[0])) {
				b.Reset()
				b.WriteString("op" + w)
			}
			continue
		}
		b.WriteString(strings.ToUpper(w[:1]) + w[1:])
	}
	return b.String()
}

func (b *builder) paths() *Object {
	byPath := map[string][]Operation{}
	var order []string
	for _, op := range Operations(b.app) {
		if _, ok := byPath[op.Route.Path]; !ok {
			order = append(order, op.Route.Path)
		}
		byPath[op.Route.Path] = append(byPath[op.Route.Path], op)
	}
	paths := &Object{}
	for _, p := range order {
		item := &Object{}
		ops := byPath[p]
		// Methods in the order OpenAPI lists them.
		sort.SliceStable(ops, func(i, j int) bool { return methodRank(ops[i].Method) < methodRank(ops[j].Method) })
		var cors *model.CORS
		for _, op := range ops {
			if op.Route.CORS != nil {
				cors = op.Route.CORS
			}
			if m := strings.ToLower(op.Method); methodRank(op.Method) < len(oasMethods) {
				item.Set(m, b.operation(op))
			} else {
				// OpenAPI 3.1 has fixed method fields; others are noted.
				item.Set("x-chalice-method-"+m, b.operation(op))
			}
		}
		if caps := model.PathCaptures(p); len(caps) > 0 {
			item.Set("parameters", b.pathParams(ops[0].Route))
		}
		if cors != nil {
			// OpenAPI has no field for a preflight's configuration.
			item.Set("x-chalice-cors", corsObject(cors))
		}
		paths.Set(p, item)
	}
	return paths
}

var oasMethods = []string{"GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"}

func methodRank(m string) int {
	if i := slices.Index(oasMethods, m); i >= 0 {
		return i
	}
	return len(oasMethods)
}

// pathParams are the captures with their parse schemas; a greedy
// {proxy+} keeps API Gateway's name.
func (b *builder) pathParams(r *model.Route) []any {
	var out []any
	greedy := map[string]bool{}
	for _, seg := range strings.Split(r.Path, "/") {
		if strings.HasSuffix(seg, "+}") {
			greedy[strings.TrimSuffix(strings.TrimPrefix(seg, "{"), "+}")] = true
		}
	}
	for _, c := range r.Captures() {
		schema := Schema(&model.Shape{Type: model.JSONString})
		for _, p := range r.Signature.Params {
			if p.Kind == model.ParamCapture && p.Name == c && p.Type.Shape != nil {
				schema = Schema(p.Type.Shape)
			}
		}
		name := c
		if greedy[c] {
			name = c + "+"
		}
		o := obj("name", name, "in", "path", "required", true, "schema", schema)
		if greedy[c] {
			o.Set("description", "The rest of the path, slashes included.")
			o.Set("x-chalice-greedy", true)
		}
		out = append(out, o)
	}
	return out
}

func (b *builder) operation(op Operation) *Object {
	r := op.Route
	o := obj("operationId", op.ID, "summary", r.Name)
	if r.Blueprint != "" {
		o.Set("tags", []string{b.blueprintName(r.Blueprint)})
	}
	if body := b.requestBody(r); body != nil {
		o.Set("requestBody", body)
	}
	o.Set("responses", b.responses(r))
	if sec := b.security(r); sec != nil {
		o.Set("security", sec)
	}
	return o
}

func (b *builder) requestBody(r *model.Route) *Object {
	var shape *model.Shape
	has := false
	for _, p := range r.Signature.Params {
		switch p.Kind {
		case model.ParamBody:
			shape, has = p.Type.Shape, true
		case model.ParamRequest:
			has = true
		}
	}
	if !has {
		return nil
	}
	content := &Object{}
	for _, ct := range r.ContentTypes {
		s := &Object{}
		if shape != nil && isJSON(ct) {
			bs := *shape
			bs.Nullable = false // a *T body parameter always gets a value
			s = Schema(&bs)
		}
		content.Set(ct, obj("schema", s))
	}
	return obj("content", content)
}

func isJSON(ct string) bool {
	return ct == "application/json" || strings.HasSuffix(ct, "+json")
}

// responses: the result on 200, then every error answer the route can
// produce: 400 for captures that must parse or a JSON body, 401/403 from
// authorizers and API keys, 413 and 502 from the gateway, 415 for a
// content type the route does not accept, 500 for an unexpected error.
func (b *builder) responses(r *model.Route) *Object {
	res := &Object{}
	headers := b.corsHeaders(r.CORS)
	ok := obj("description", "The handler's result.")
	sig := r.Signature
	switch {
	case sig.ResponseResult:
		ok.Set("description", "The handler's chalice.Response: status, headers and body as it sets them.")
	case sig.Result == model.ResultValue || sig.Result == model.ResultValueError:
		if sig.ResultType.Shape != nil {
			ok.Set("content", obj("application/json", obj("schema", Schema(sig.ResultType.Shape))))
		}
	default:
		ok.Set("description", "The handler returns no value: the body is JSON null.")
		ok.Set("content", obj("application/json", obj("schema", obj("type", "null"))))
	}
	if headers != nil {
		ok.Set("headers", headers)
	}
	res.Set("200", ok)

	appErr := func(desc string) *Object {
		o := obj("description", desc, "content", obj("application/json", obj("schema", ref(b.chaliceErr))))
		if headers != nil {
			o.Set("headers", headers)
		}
		return o
	}
	gwErr := func(desc string) *Object {
		o := obj("description", desc, "content", obj("application/json", obj("schema", ref(b.gatewayErr))))
		if headers != nil {
			o.Set("headers", headers)
		}
		return o
	}
	var bad []string
	for _, p := range sig.Params {
		switch {
		case p.Kind == model.ParamCapture && p.Type.Kind != model.String && p.Type.Kind != "":
			bad = append(bad, "a path parameter that does not parse as its type")
		case p.Kind == model.ParamBody:
			bad = append(bad, "a body that is not valid JSON for the body type")
		}
	}
	if len(bad) > 0 {
		res.Set("400", appErr("BadRequestError: "+strings.Join(slices.Compact(bad), "; ")+"."))
	}
	// Errors the handler's body returns by constructor.
	for _, name := range r.Errors {
		status, ok := errorStatus(name)
		if !ok {
			continue
		}
		if prev, ok := res.Get(status); ok {
			p := prev.(*Object)
			d, _ := p.Get("description")
			p.Set("description", d.(string)+" Or "+name+" from the handler.")
			continue
		}
		res.Set(status, appErr(name+" from the handler."))
	}
	if a := r.Authorizer; a != nil {
		switch a.Kind {
		case model.AuthIAM:
			res.Set("403", gwErr("API Gateway: missing or invalid SigV4 signature, or access denied."))
		default:
			res.Set("401", gwErr("API Gateway: the authorizer's token is missing or denied."))
			res.Set("403", gwErr("API Gateway: the authorizer denies this route."))
		}
	}
	if r.APIKeyRequired {
		desc := "API Gateway: missing or invalid API key (x-api-key)."
		if prev, ok := res.Get("403"); ok {
			d, _ := prev.(*Object).Get("description")
			desc = d.(string) + " Or a missing or invalid API key (x-api-key)."
		}
		res.Set("403", gwErr(desc))
	}
	res.Set("413", gwErr("API Gateway: the request payload is too large."))
	res.Set("415", appErr("UnsupportedMediaType: the Content-Type is not one of "+strings.Join(r.ContentTypes, ", ")+"."))
	res.Set("500", appErr("InternalServerError or ChaliceViewError: the handler failed."))
	res.Set("502", gwErr("API Gateway: the function failed or answered malformed output."))
	// Other errors the handler returns (chalice.NotFoundError, ...) carry
	// their own statuses in the same shape.
	res.Set("default", appErr("An error the handler returned (chalice.*Error), with its status."))
	return sortedResponses(res)
}

// sortedResponses orders status codes numerically, default last.
func sortedResponses(o *Object) *Object {
	keys := slices.Clone(o.keys)
	sort.SliceStable(keys, func(i, j int) bool {
		if keys[i] == "default" || keys[j] == "default" {
			return keys[j] == "default" && keys[i] != "default"
		}
		return keys[i] < keys[j]
	})
	out := &Object{}
	for _, k := range keys {
		out.Set(k, o.vals[k])
	}
	return out
}

func ref(name string) *Object { return obj("$ref", "#/components/schemas/"+name) }

// corsHeaders are the headers a CORS route's answers carry, as
// references to components/headers (collected in b.headers).
func (b *builder) corsHeaders(c *model.CORS) *Object {
	if c == nil {
		return nil
	}
	// The headers the API Gateway rules send, in headerDefs' order.
	sent := map[string]bool{}
	for _, kv := range c.Rule().Headers("") {
		sent[kv.Name] = true
	}
	var names []string
	for _, d := range headerDefs {
		if sent[d.name] {
			names = append(names, d.name)
		}
	}
	h := &Object{}
	for _, n := range names {
		h.Set(n, obj("$ref", "#/components/headers/"+n))
		b.headers[n] = true
	}
	return h
}

// headerDefs are the definitions of the CORS headers, in a fixed order.
var headerDefs = []struct{ name, typ, desc string }{
	{"Access-Control-Allow-Origin", "string", "The route's CORS allowed origin."},
	{"Access-Control-Allow-Headers", "string", "The request headers the route's CORS configuration allows."},
	{"Access-Control-Expose-Headers", "string", "The response headers a page may read."},
	{"Access-Control-Max-Age", "integer", "How long a preflight answer may be cached, in seconds."},
	{"Access-Control-Allow-Credentials", "string", "true: the page may send credentials."},
	{"Vary", "string", "Origin, when the route lists several allowed origins."},
}

func corsObject(c *model.CORS) *Object {
	o := obj("allowOrigin", c.AllowOrigin)
	if len(c.AllowHeaders) > 0 {
		o.Set("allowHeaders", c.AllowHeaders)
	}
	if len(c.ExposeHeaders) > 0 {
		o.Set("exposeHeaders", c.ExposeHeaders)
	}
	if c.MaxAge > 0 {
		o.Set("maxAge", c.MaxAge)
	}
	if c.AllowCredentials {
		o.Set("allowCredentials", true)
	}
	return o
}

// security lists the schemes a route needs (all of them at once) and
// records their definitions. API Gateway's own extensions name the kind
// of authorizer.
func (b *builder) security(r *model.Route) []any {
	req := &Object{}
	if r.APIKeyRequired {
		b.schemes["api_key"] = obj("type", "apiKey", "name", "x-api-key", "in", "header")
		req.Set("api_key", []string{})
	}
	if a := r.Authorizer; a != nil {
		name, scheme := b.authScheme(r)
		b.schemes[name] = scheme
		req.Set(name, []string{})
	}
	if len(req.keys) == 0 {
		return nil
	}
	return []any{req}
}

func (b *builder) authScheme(r *model.Route) (string, *Object) {
	a := r.Authorizer
	header, _ := b.app.AuthorizerHeader(r)
	switch a.Kind {
	case model.AuthIAM:
		return "sigv4", obj("type", "apiKey", "name", "Authorization", "in", "header",
			"description", "AWS Signature Version 4 (IAMAuthorizer).", "x-amazon-apigateway-authtype", "awsSigv4")
	case model.AuthBuiltin:
		return a.Name, obj("type", "apiKey", "name", header, "in", "header",
			"description", "The app's authorizer function "+a.Name+".", "x-amazon-apigateway-authtype", "custom")
	case model.AuthCognito:
		return a.Name, obj("type", "apiKey", "name", header, "in", "header",
			"description", "CognitoUserPoolAuthorizer "+a.Name+".", "x-amazon-apigateway-authtype", "cognito_user_pools")
	}
	return a.Name, obj("type", "apiKey", "name", header, "in", "header",
		"description", "CustomAuthorizer "+a.Name+".", "x-amazon-apigateway-authtype", "custom")
}

// Schema is the JSON Schema (2020-12, as OpenAPI 3.1 uses it) of a shape;
// named structs are references into components/schemas.
func Schema(s *model.Shape) *Object {
	if s == nil {
		return &Object{}
	}
	var o *Object
	switch {
	case s.Ref != "":
		o = ref(s.Ref)
		if s.Nullable {
			return obj("anyOf", []any{o, obj("type", "null")})
		}
		return o
	case s.Type == "":
		return &Object{} // any JSON value, null included
	}
	if s.Nullable {
		o = obj("type", []string{string(s.Type), "null"})
	} else {
		o = obj("type", string(s.Type))
	}
	if s.Format != "" {
		o.Set("format", s.Format)
	}
	if s.Unsigned {
		o.Set("minimum", 0)
	}
	if s.Base64 {
		o.Set("contentEncoding", "base64")
	}
	switch s.Type {
	case model.JSONArray:
		o.Set("items", Schema(s.Items))
		if s.Len > 0 {
			o.Set("minItems", s.Len)
			o.Set("maxItems", s.Len)
		}
	case model.JSONObject:
		if s.Values != nil {
			o.Set("additionalProperties", Schema(s.Values))
			break
		}
		props := &Object{}
		var required []string
		for _, f := range s.Fields {
			props.Set(f.Name, Schema(f.Shape))
			if f.Required {
				required = append(required, f.Name)
			}
		}
		o.Set("properties", props)
		if len(required) > 0 {
			o.Set("required", required)
		}
	}
	return o
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// CheckOperationIDs reports two route methods whose operation names (the
// clients' method names) collide, such as /a-b and /a_b.
func CheckOperationIDs(app *model.App) error {
	seen := map[string]Operation{}
	for _, op := range Operations(app) {
		if prev, ok := seen[op.ID]; ok {
			return model.Errorf(op.Route.Pos, "chalice: %s %s and %s %s (line %d) both get the client method name %s; rename a path segment",
				op.Method, op.Route.Path, prev.Method, prev.Route.Path, prev.Route.Pos.Line, op.ID)
		}
		seen[op.ID] = op
	}
	return nil
}

// blueprintName is the tag of a blueprint's operations: its package name.
func (b *builder) blueprintName(path string) string {
	for _, bp := range b.app.Blueprints {
		if bp.ImportPath == path && bp.PkgName != "" {
			return bp.PkgName
		}
	}
	return path
}
