// Package gen turns the app model into chalice_gen.go: one typed wrapper per
// route, compile-time assertions of every handler signature, the
// registration table the runtime serves, and func main.
//
// The output depends on the model only (no clock, no map iteration, no
// environment), so the same model always gives the same bytes; chalicegen
// relies on that to leave an up-to-date file untouched.
package gen

import (
	"bytes"
	"fmt"
	"go/token"
	"regexp"
	"slices"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/chalice-go/chalice/model"
)

// FileName is the file chalicegen writes into the app package.
const FileName = model.GeneratedFile

// Header is the first line of the generated file; `go vet`, gopls and
// linters recognize it as marking generated code.
const Header = model.GeneratedHeader

// AssertComment heads the signature assertions. A changed handler makes
// `go build` fail on one of the lines below it, so this is the first thing
// a user reads about the failure.
const AssertComment = "If a line below fails to compile, a handler's signature changed: re-run go generate."

const (
	chalicePkg = "github.com/chalice-go/chalice"
	runtimePkg = "github.com/chalice-go/chalice/runtime"
)

// Generate renders chalice_gen.go for app.
func Generate(app *model.App) ([]byte, error) {
	if app == nil {
		return nil, fmt.Errorf("gen: nil app model")
	}
	g := newGenerator(app)
	if err := g.file(); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := g.f.Render(&buf); err != nil {
		return nil, fmt.Errorf("gen: rendering %s: %v", FileName, err)
	}
	return buf.Bytes(), nil
}

type generator struct {
	app *model.App
	f   *jen.File
	// names maps an import path to the qualifier the model uses for it:
	// App.PkgNames, blueprint package names, and the fixed imports.
	names map[string]string
	// paths lists every import path the model mentions, sorted, to resolve
	// a qualifier that a type's own Imports does not cover.
	paths []string
}

func newGenerator(app *model.App) *generator {
	pkgName := app.PkgName
	if pkgName == "" {
		pkgName = "main"
	}
	g := &generator{
		app: app,
		f:   jen.NewFilePathName(app.PkgPath, pkgName),
		names: map[string]string{
			"context":  "context",
			"strconv":  "strconv",
			chalicePkg: "chalice",
			runtimePkg: "runtime",
		},
	}
	g.f.HeaderComment(Header)
	for _, bp := range app.Blueprints {
		if bp.PkgName != "" {
			g.names[bp.ImportPath] = bp.PkgName
		}
	}
	// Package names known to be real are imported without an alias.
	for p, n := range g.names {
		g.f.ImportName(p, n)
	}
	// A PkgNames qualifier may be a disambiguated name ("types2") rather
	// than the package's own, so it is imported under an explicit alias.
	// Either way the file follows jennifer's final choice: every reference
	// goes through jen.Qual.
	for p, q := range app.PkgNames {
		if g.names[p] != q {
			g.f.ImportAlias(p, q)
		}
		g.names[p] = q
	}
	seen := map[string]bool{}
	add := func(ps ...string) {
		for _, p := range ps {
			if p != "" && p != app.PkgPath && !seen[p] {
				seen[p] = true
				g.paths = append(g.paths, p)
			}
		}
	}
	for p := range g.names {
		add(p)
	}
	add(app.Imports...)
	for _, r := range app.Routes {
		add(r.Func.PkgPath)
		for _, p := range r.Signature.Params {
			add(p.Type.Imports...)
		}
		add(r.Signature.ResultType.Imports...)
	}
	slices.Sort(g.paths)
	return g
}

// qual refers to name in package path, unqualified for the app package.
func (g *generator) qual(path, name string) *jen.Statement {
	if path == "" || path == g.app.PkgPath {
		return jen.Id(name)
	}
	return jen.Qual(path, name)
}

func (g *generator) funcRef(fn model.Func) *jen.Statement { return g.qual(fn.PkgPath, fn.Name) }

// pkgName is the qualifier for an import path: as the model states it,
// else Go's convention (last element, a /vN suffix skipped).
func (g *generator) pkgName(p string) string {
	if n, ok := g.names[p]; ok {
		return n
	}
	elems := strings.Split(p, "/")
	n := elems[len(elems)-1]
	if len(elems) > 1 && majorVersion.MatchString(n) {
		n = elems[len(elems)-2]
	}
	n = strings.TrimPrefix(n, "go-")
	n = strings.TrimSuffix(strings.TrimSuffix(n, ".go"), "-go")
	return nonIdent.ReplaceAllString(n, "")
}

var (
	majorVersion = regexp.MustCompile(`^v[0-9]+$`)
	nonIdent     = regexp.MustCompile(`[^A-Za-z0-9_]`)
)

// resolvePkg finds the import path a qualifier in a type expression stands
// for: first among the type's own imports, then among all the model names.
// The model keeps qualifiers unique (App.PkgNames), so the first match is
// the only one.
func (g *generator) resolvePkg(name string, imports []string) (string, error) {
	for _, p := range imports {
		if g.pkgName(p) == name {
			return p, nil
		}
	}
	for _, p := range g.paths {
		if g.pkgName(p) == name {
			return p, nil
		}
	}
	return "", fmt.Errorf("no import path for package %q (add it to the type's Imports or App.PkgNames)", name)
}

// packageNames are the names the generated file may give its imports; a
// wrapper's locals avoid them so they never shadow a package.
func (g *generator) packageNames() []string {
	out := make([]string, 0, len(g.paths))
	for _, p := range g.paths {
		out = append(out, g.pkgName(p))
	}
	return out
}

// file lays out chalice_gen.go: assertions first so a stale signature is the
// first error go build reports, then the table, main, and the wrappers.
func (g *generator) file() error {
	wrappers, names, err := g.routeWrappers()
	if err != nil {
		return err
	}
	asserts, err := g.assertions()
	if err != nil {
		return err
	}
	// One var per line rather than a var block: gofmt would align a block
	// on its longest signature.
	if len(asserts) > 0 {
		g.f.Comment(AssertComment)
		for _, a := range asserts {
			g.f.Var().Add(a)
		}
		g.f.Line()
	}
	table, err := g.appTable(names)
	if err != nil {
		return err
	}
	g.f.Comment("chaliceApp is the registration table the runtime serves.")
	g.f.Func().Id("chaliceApp").Params().Op("*").Qual(runtimePkg, "App").Block(
		jen.Return(jen.Op("&").Qual(runtimePkg, "App").Add(table)),
	)
	if g.hasWebsockets() {
		// Linked only here: it brings the AWS SDK's API Gateway management client.
		g.f.Anon(wsapiPkg)
	}
	if !g.app.HasMain {
		g.f.Line()
		g.f.Func().Id("main").Params().Block(
			jen.Qual(runtimePkg, "Start").Call(jen.Id("chaliceApp").Call()),
		)
	}
	for _, w := range wrappers {
		g.f.Line()
		g.f.Add(w)
	}
	return nil
}

// multi renders a composite literal body one element per line, in the
// given order (jen.Dict would sort the keys).
func multi(items ...jen.Code) *jen.Statement {
	return jen.Custom(jen.Options{Open: "{", Close: "}", Separator: ",", Multi: true}, items...)
}

func field(name string, v jen.Code) *jen.Statement { return jen.Id(name).Op(":").Add(v) }

func stringSlice(ss []string) *jen.Statement {
	vals := make([]jen.Code, len(ss))
	for i, s := range ss {
		vals[i] = jen.Lit(s)
	}
	return jen.Index().String().Values(vals...)
}

// appTable is the runtime.App literal.
func (g *generator) appTable(wrapperNames []string) (*jen.Statement, error) {
	a := g.app
	var fields []jen.Code
	fields = append(fields, field("Name", jen.Lit(a.Name)))
	if a.Debug {
		fields = append(fields, field("Debug", jen.True()))
	}
	if a.CORS != nil {
		fields = append(fields, field("CORS", corsLit(a.CORS)))
	}
	// Left out when it is the defaults: a nil runtime.App.BinaryTypes means
	// them (App.BinaryMediaTypes).
	if a.BinaryTypes != nil && !slices.Equal(a.BinaryTypes, model.DefaultBinaryTypes) {
		bt := make([]jen.Code, len(a.BinaryTypes))
		for i, s := range a.BinaryTypes {
			bt[i] = jen.Lit(s)
		}
		fields = append(fields, field("BinaryTypes", jen.Index().String().Add(multi(bt...))))
	}

	if len(a.Routes) > 0 {
		routes := make([]jen.Code, len(a.Routes))
		for i, r := range a.Routes {
			lit, err := g.routeLit(r, wrapperNames[i])
			if err != nil {
				return nil, err
			}
			routes[i] = lit
		}
		fields = append(fields, field("Routes", jen.Index().Qual(runtimePkg, "Route").Add(multi(routes...))))
	}
	if len(a.Authorizers) > 0 {
		auths := make([]jen.Code, len(a.Authorizers))
		for i, z := range a.Authorizers {
			auths[i] = multi(
				field("Name", jen.Lit(z.Name)),
				field("Header", jen.Lit(orDefault(z.Header, "Authorization"))),
				field("TTLSeconds", jen.Lit(z.TTLSeconds)),
				field("Handler", g.funcRef(z.Func)),
			)
		}
		fields = append(fields, field("Authorizers", jen.Index().Qual(runtimePkg, "Authorizer").Add(multi(auths...))))
	}
	var mws []jen.Code
	for _, m := range a.Middleware {
		if m.Kind == "http" {
			mws = append(mws, g.funcRef(m.Func))
		}
	}
	if len(mws) > 0 {
		fields = append(fields, field("Middleware", jen.Index().Qual(runtimePkg, "HTTPMiddleware").Add(multi(mws...))))
	}
	fns, err := g.functionLits()
	if err != nil {
		return nil, err
	}
	if len(fns) > 0 {
		fields = append(fields, field("Functions", jen.Index().Qual(runtimePkg, "Function").Add(multi(fns...))))
	}
	return multi(fields...), nil
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// corsLit spells a resolved CORS config, zero fields left out.
func corsLit(c *model.CORS) *jen.Statement {
	var fs []jen.Code
	if c.AllowOrigin != "" {
		fs = append(fs, field("AllowOrigin", jen.Lit(c.AllowOrigin)))
	}
	if len(c.AllowHeaders) > 0 {
		fs = append(fs, field("AllowHeaders", stringSlice(c.AllowHeaders)))
	}
	if len(c.ExposeHeaders) > 0 {
		fs = append(fs, field("ExposeHeaders", stringSlice(c.ExposeHeaders)))
	}
	if c.MaxAge != 0 {
		fs = append(fs, field("MaxAge", jen.Lit(c.MaxAge)))
	}
	if c.AllowCredentials {
		fs = append(fs, field("AllowCredentials", jen.True()))
	}
	if len(fs) == 0 {
		return jen.Op("&").Qual(chalicePkg, "CORSConfig").Values()
	}
	return jen.Op("&").Qual(chalicePkg, "CORSConfig").Add(multi(fs...))
}

func (g *generator) routeLit(r *model.Route, wrapper string) (*jen.Statement, error) {
	fs := []jen.Code{
		field("Name", jen.Lit(r.Name)),
		field("Path", jen.Lit(r.Path)),
		field("Methods", stringSlice(r.Methods)),
	}
	if len(r.ContentTypes) > 0 {
		fs = append(fs, field("ContentTypes", stringSlice(r.ContentTypes)))
	}
	if r.CORS != nil {
		fs = append(fs, field("CORS", corsLit(r.CORS)))
	}
	if ref := r.Authorizer; ref != nil {
		header, err := g.authorizerHeader(r, ref)
		if err != nil {
			return nil, err
		}
		fs = append(fs, field("AuthorizerKind", jen.Lit(string(ref.Kind))))
		if ref.Name != "" {
			fs = append(fs, field("Authorizer", jen.Lit(ref.Name)))
		}
		if header != "" {
			fs = append(fs, field("AuthorizerHeader", jen.Lit(header)))
		}
	}
	if r.APIKeyRequired {
		fs = append(fs, field("APIKeyRequired", jen.True()))
	}
	fs = append(fs, field("Handler", jen.Id(wrapper)))
	return multi(fs...), nil
}

// authorizerHeader looks up the header a route's authorizer reads its token
// from; IAM authorizers have none.
func (g *generator) authorizerHeader(r *model.Route, ref *model.AuthorizerRef) (string, error) {
	switch ref.Kind {
	case model.AuthIAM:
		return "", nil
	case model.AuthBuiltin:
		for _, z := range g.app.Authorizers {
			if z.Name == ref.Name {
				return orDefault(z.Header, "Authorization"), nil
			}
		}
		return "", posErr(r.Pos, "route %s: no built-in authorizer named %q in the model", r.Name, ref.Name)
	case model.AuthCognito, model.AuthCustom:
		// authorizer=IDENT names a var of the handler's own package.
		for _, v := range g.app.AuthorizerVars {
			if v.Var == ref.Var && (v.PkgPath == "" || g.samePkg(v.PkgPath, r.Func.PkgPath)) {
				return orDefault(v.Header, "Authorization"), nil
			}
		}
		return "", posErr(r.Pos, "route %s: no authorizer var %q in the model", r.Name, ref.Var)
	}
	return "", posErr(r.Pos, "route %s: unknown authorizer kind %q", r.Name, ref.Kind)
}

// posErr reports a model inconsistency at its source position, worded like
// the analyzer's errors, so a user who hits one sees where it came from.
func posErr(p model.Pos, format string, args ...any) error {
	return model.Errorf(p, "chalice: "+format, args...)
}

// wrapperNames derives a stable, unique Go name for a route's wrapper from
// the handler it calls; a blueprint handler gets its package name in.
func (g *generator) wrapperNames() []string {
	used := map[string]bool{}
	out := make([]string, len(g.app.Routes))
	for i, r := range g.app.Routes {
		base := "chaliceRoute_" + r.Func.Name
		if r.Func.PkgPath != "" && r.Func.PkgPath != g.app.PkgPath {
			base = "chaliceRoute_" + g.pkgName(r.Func.PkgPath) + "_" + r.Func.Name
		}
		n := base
		for k := 2; used[n]; k++ {
			n = fmt.Sprintf("%s_%d", base, k)
		}
		used[n] = true
		out[i] = n
	}
	return out
}

// scope hands out local variable names that shadow nothing the wrapper uses.
type scope map[string]bool

func (s scope) reserve(names ...string) {
	for _, n := range names {
		s[n] = true
	}
}

func (s scope) fresh(name string) string {
	if name == "" || name == "_" {
		name = "arg"
	}
	n := name
	for k := 2; s[n] || token.IsKeyword(n); k++ {
		n = fmt.Sprintf("%s%d", name, k)
	}
	s[n] = true
	return n
}

func (g *generator) samePkg(a, b string) bool {
	return a == b || g.isLocal(a) && g.isLocal(b)
}

// the package path of model.Func values declared in the app package may be
// spelled either "" or App.PkgPath.
func (g *generator) isLocal(p string) bool { return p == "" || p == g.app.PkgPath }

// sigTypes returns the handler's parameter and result types as jennifer
// code, and the unqualified identifiers they mention. Context and request
// parameters have fixed types whatever the model spells.
func (g *generator) sigTypes(sig model.Signature) (params, results []jen.Code, idents []string, err error) {
	for _, p := range sig.Params {
		switch p.Kind {
		case model.ParamContext:
			params = append(params, jen.Qual("context", "Context"))
		case model.ParamRequest:
			params = append(params, jen.Op("*").Qual(chalicePkg, "Request"))
		default:
			te, err := g.typeCode(p.Type)
			if err != nil {
				return nil, nil, nil, fmt.Errorf("parameter %s: %v", p.Name, err)
			}
			params = append(params, te.code)
			idents = append(idents, te.idents...)
		}
	}
	switch sig.Result {
	case model.ResultNone:
	case model.ResultError:
		results = []jen.Code{jen.Error()}
	case model.ResultValue, model.ResultValueError:
		te, err := g.typeCode(sig.ResultType)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("result: %v", err)
		}
		results = []jen.Code{te.code}
		idents = append(idents, te.idents...)
		if sig.Result == model.ResultValueError {
			results = append(results, jen.Error())
		}
	default:
		return nil, nil, nil, fmt.Errorf("unknown result kind %d", sig.Result)
	}
	return params, results, idents, nil
}

// assertions are `_ func(...) ... = handler` lines, one per distinct
// handler: the wrappers would fail to compile too, but on a line that says
// nothing about why, while these sit under AssertComment.
func (g *generator) assertions() ([]jen.Code, error) {
	var out []jen.Code
	seen := map[model.Func]bool{}
	once := func(fn model.Func) bool {
		key := model.Func{PkgPath: fn.PkgPath, Name: fn.Name}
		if g.isLocal(key.PkgPath) {
			key.PkgPath = ""
		}
		if seen[key] {
			return false
		}
		seen[key] = true
		return true
	}
	for _, r := range g.app.Routes {
		if !once(r.Func) {
			continue
		}
		params, results, _, err := g.sigTypes(r.Signature)
		if err != nil {
			return nil, posErr(r.Pos, "route %s: %v", r.Name, err)
		}
		out = append(out, jen.Id("_").Add(funcSig(params, results)).Op("=").Add(g.funcRef(r.Func)))
	}
	for _, z := range g.app.Authorizers {
		if !once(z.Func) {
			continue
		}
		out = append(out, jen.Id("_").Func().Params(
			jen.Qual("context", "Context"), jen.Qual(chalicePkg, "AuthRequest"),
		).Parens(jen.List(jen.Qual(chalicePkg, "AuthResponse"), jen.Error())).Op("=").Add(g.funcRef(z.Func)))
	}
	for _, m := range g.app.Middleware {
		if m.Kind != "http" || !once(m.Func) {
			continue
		}
		out = append(out, jen.Id("_").Func().Params(
			jen.Qual("context", "Context"), jen.Op("*").Qual(chalicePkg, "Request"), jen.Qual(chalicePkg, "HTTPHandler"),
		).Parens(jen.List(jen.Op("*").Qual(chalicePkg, "Response"), jen.Error())).Op("=").Add(g.funcRef(m.Func)))
	}
	ev, err := g.eventAssertions(once)
	if err != nil {
		return nil, err
	}
	return append(out, ev...), nil
}
