package analyzer

import (
	"go/token"
	"reflect"
	"sort"

	"github.com/chalice-go/chalice/model"
)

// finish runs the checks that span the whole app and completes the model.
func (c *checker) finish() {
	app := c.app
	app.BinaryTypes = mergeBinaryTypes(app.BinaryTypes)
	if len(app.BinaryTypes) > 25 && c.appDirective != token.NoPos {
		c.errorf(c.appDirective, "the app has %d binary types; API Gateway allows at most 25", len(app.BinaryTypes))
	}
	c.checkRoutes()
	c.checkFunctions()
	c.checkWebsockets()
	c.finishModel()
}

// mergeBinaryTypes is the spec's defaults followed by the app's additions,
// without repeats.
func mergeBinaryTypes(extra []string) []string {
	out := append([]string(nil), model.DefaultBinaryTypes...)
	seen := map[string]bool{}
	for _, t := range out {
		seen[t] = true
	}
	for _, t := range extra {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

// checkRoutes applies the rules that hold per path: a method has one
// handler; CORS-enabled paths get their OPTIONS from chalice, so OPTIONS
// cannot also be a handler; all CORS routes of a path share one config;
// handlers of one path have distinct names; content types are all binary or
// all not.
func (c *checker) checkRoutes() {
	binary := map[string]bool{}
	for _, t := range c.app.BinaryTypes {
		binary[t] = true
	}
	byPath := map[string][]*routeRec{}
	var paths []string
	for _, rec := range c.routes {
		if byPath[rec.r.Path] == nil {
			paths = append(paths, rec.r.Path)
		}
		byPath[rec.r.Path] = append(byPath[rec.r.Path], rec)
		c.checkContentTypes(rec, binary)
	}
	for _, path := range paths {
		recs := byPath[path]
		methods := map[string]*routeRec{}
		names := map[string]*routeRec{}
		var firstCORS *routeRec
		for _, rec := range recs {
			r := rec.r
			for _, m := range r.Methods {
				if prev := methods[m]; prev != nil {
					c.errorf(rec.methodAt[m], "%s %s is already handled by %s (%s)", m, path, prev.r.Func.Name, c.short(prev.pos))
					continue
				}
				methods[m] = rec
			}
			if prev := names[r.Name]; prev != nil {
				c.errorf(rec.pos, "route name %q is already used on %s by %s (%s): set name= to tell them apart", r.Name, path, prev.r.Func.Name, c.short(prev.pos))
			} else {
				names[r.Name] = rec
			}
			if r.CORS == nil {
				continue
			}
			if firstCORS == nil {
				firstCORS = rec
			} else if !sameCORS(firstCORS.r.CORS, r.CORS) {
				c.errorf(rec.corsPos, "%s has CORS settings (%s) that differ from those of %s (%s, %s): all routes of one path share one CORS configuration",
					path, corsLabel(r.CORS), firstCORS.r.Func.Name, corsLabel(firstCORS.r.CORS), c.short(firstCORS.pos))
			}
		}
		if firstCORS != nil {
			if opt := methods["OPTIONS"]; opt != nil {
				c.errorf(opt.methodAt["OPTIONS"], "OPTIONS %s cannot have a handler: CORS is enabled on this path and chalice answers its preflight requests", path)
			}
		}
	}
}

func sameCORS(a, b *model.CORS) bool {
	x, y := *a, *b
	x.Var, y.Var = "", ""
	return reflect.DeepEqual(x, y)
}

func corsLabel(c *model.CORS) string {
	if c.Var == "" {
		return "cors"
	}
	return "cors=" + c.Var
}

func (c *checker) checkContentTypes(rec *routeRec, binary map[string]bool) {
	r := rec.r
	if len(rec.ctPos) < 2 {
		return
	}
	first := binary[r.ContentTypes[0]]
	for i, ct := range r.ContentTypes[1:] {
		if binary[ct] != first {
			kind := func(b bool) string {
				if b {
					return "binary"
				}
				return "not binary"
			}
			c.errorf(rec.ctPos[i+1], "content type %s is %s but %s is %s: a route's content types must all be binary types or none",
				ct, kind(binary[ct]), r.ContentTypes[0], kind(first))
			return
		}
	}
}

// checkFunctions keeps logical Lambda function names unique: each becomes
// <app>-<stage>-<name>.
func (c *checker) checkFunctions() {
	reserved := map[string]string{"api_handler": "the routes' function"}
	for _, n := range wsNames {
		reserved[n] = "a websocket handler"
	}
	seen := map[string]*fnRec{}
	for _, f := range c.fns {
		if what, ok := reserved[f.name]; ok {
			c.errorf(f.pos, "function name %s is reserved for %s: set name= on %s", f.name, what, f.goFunc)
			continue
		}
		if prev := seen[f.name]; prev != nil {
			c.errorf(f.pos, "function name %s is already used by %s (%s): set name= to tell them apart", f.name, prev.goFunc, prev.posText)
			continue
		}
		seen[f.name] = f
	}
}

// checkWebsockets requires the WEBSOCKETS feature flag, as the spec does
// for experimental APIs.
func (c *checker) checkWebsockets() {
	if len(c.ws) == 0 || c.appPkg == nil {
		return
	}
	for _, f := range c.app.Experimental {
		if f == "WEBSOCKETS" {
			return
		}
	}
	var first *fnRec
	for _, f := range c.ws {
		if first == nil || f.pos < first.pos {
			first = f
		}
	}
	c.diags = append(c.diags, Diagnostic{Pos: first.pos,
		Msg:   "websocket handlers are experimental: opt in with //chalice:app experimental=" + model.FeatureWebsockets + " above the package clause",
		Cause: &model.ExperimentalError{Missing: []string{model.FeatureWebsockets}}})
}

// finishModel renders type expressions and fills the app-level lists.
func (c *checker) finishModel() {
	app := c.app
	c.types.app = c.appPkg
	reserved := map[string]bool{}
	if c.appPkg != nil {
		for _, n := range c.appPkg.Scope().Names() {
			reserved[n] = true
		}
	}
	extra := map[string]string{}
	for _, bp := range app.Blueprints {
		extra[bp.ImportPath] = bp.PkgName
	}
	c.types.assign(reserved, extra)
	c.types.render()
	c.deriveShapes()
	// Imports: every package a type or a blueprint needs, less the
	// generated file's fixed imports; PkgNames: the qualifier of each
	// package named anywhere (fixed ones included, harmlessly).
	used := map[string]bool{}
	addAll := func(sig model.Signature) {
		for _, p := range sig.Params {
			for _, imp := range p.Type.Imports {
				used[imp] = true
			}
		}
		for _, imp := range sig.ResultType.Imports {
			used[imp] = true
		}
	}
	for _, r := range app.Routes {
		addAll(r.Signature)
	}
	for _, e := range app.Events {
		addAll(e.Signature)
	}
	for _, bp := range app.Blueprints {
		used[bp.ImportPath] = true
	}
	delete(used, app.PkgPath)
	var imports []string
	for p := range used {
		if _, fixed := fixedImports[p]; !fixed {
			imports = append(imports, p)
		}
	}
	sort.Strings(imports)
	app.Imports = imports
	app.PkgNames = nil
	for p := range used {
		if n, ok := c.types.names[p]; ok {
			if app.PkgNames == nil {
				app.PkgNames = map[string]string{}
			}
			app.PkgNames[p] = n
		}
	}
	sort.SliceStable(app.AuthorizerVars, func(i, j int) bool {
		a, b := app.AuthorizerVars[i], app.AuthorizerVars[j]
		if a.PkgPath != b.PkgPath {
			return a.PkgPath == app.PkgPath || (b.PkgPath != app.PkgPath && a.PkgPath < b.PkgPath)
		}
		return a.Var < b.Var
	})
}
