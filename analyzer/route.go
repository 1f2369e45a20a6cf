package analyzer

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/chalice-go/chalice/analyzer/directive"
	"github.com/chalice-go/chalice/model"
)

func (u *unit) route(fd *funcDirs, pd parsedDir) {
	c := u.c
	if !u.validFunc(fd, pd) {
		return
	}
	d := pd.d
	pathTok := d.Args[len(d.Args)-1]
	methods := []string{"GET"}
	rec := &routeRec{pos: pd.c.Slash, methodAt: map[string]token.Pos{}}
	if len(d.Args) == 2 {
		methods = nil
		for _, it := range directive.SplitList(d.Args[0]) {
			m := strings.ToUpper(it.Text)
			switch {
			case m == "":
				c.errorf(pd.at(it.Col), "empty method in list %q", d.Args[0].Text)
			case !httpMethods[m]:
				c.errorf(pd.at(it.Col), "unknown HTTP method %q: use GET, HEAD, POST, PUT, PATCH, DELETE or OPTIONS", it.Text)
			case rec.methodAt[m] != token.NoPos:
				c.errorf(pd.at(it.Col), "method %s is listed twice", m)
			default:
				methods = append(methods, m)
				rec.methodAt[m] = pd.at(it.Col)
			}
		}
	} else {
		rec.methodAt["GET"] = pd.c.Slash
		if looksLikeMethods(pathTok.Text) {
			c.errorf(pd.at(pathTok.Col), "//chalice:route %s has methods but no path: write //chalice:route %s /path", pathTok.Text, pathTok.Text)
			return
		}
	}
	norm, caps, perrs := parsePath(pathTok.Text)
	for _, e := range perrs {
		c.errorf(pd.argPos(pathTok, e.off), "%s", e.msg)
	}
	if len(perrs) > 0 {
		return
	}
	r := &model.Route{
		Func:           u.funcRef(fd),
		Name:           fd.decl.Name.Name,
		Path:           joinPrefix(u.urlPrefix, norm),
		Methods:        methods,
		ContentTypes:   []string{"application/json"},
		APIKeyRequired: d.Has("api_key_required"),
		Blueprint:      u.blueprintPath(),
		Pos:            c.modelPos(pd.c.Slash),
	}
	rec.r = r
	if o, ok := d.Option("name"); ok {
		r.Name = o.Value
	}
	if o, ok := d.Option("content_types"); ok {
		r.ContentTypes = nil
		for _, it := range o.Items() {
			if !validMediaType(it.Text) {
				c.errorf(pd.at(it.Col), "content type %q is not a media type like application/json", it.Text)
				continue
			}
			r.ContentTypes = append(r.ContentTypes, it.Text)
			rec.ctPos = append(rec.ctPos, pd.at(it.Col))
		}
	}
	if o, ok := d.Option("cors"); ok {
		rec.corsPos = pd.at(o.Col)
		if o.HasValue {
			r.CORS = u.corsVar(o.Value, pd.at(o.ValueCol))
		} else {
			r.CORS = defaultCORS()
		}
	} else {
		r.CORS = c.app.CORS
		rec.corsPos = pd.c.Slash
	}
	if o, ok := d.Option("authorizer"); ok {
		r.Authorizer = u.authorizerRef(o.Value, pd.at(o.ValueCol))
	}
	// Capture positions for "capture without parameter" messages.
	capPos := map[string]token.Pos{}
	for _, cp := range caps {
		capPos[cp.name] = pd.argPos(pathTok, cp.off)
	}
	// Where each capture's name is written, for fixes; unknown inside a
	// quoted path.
	capNames := map[string]token.Pos{}
	if !pathTok.Quoted {
		for _, cp := range caps {
			capNames[cp.name] = capPos[cp.name] + 1
		}
	}
	sig, ok := u.routeSignature(fd, r.Path, capPos, capNames)
	if !ok {
		return
	}
	r.Signature = sig
	r.Errors = u.errorConstructors(fd.decl)
	c.types.register(&r.Signature, sigTypesOf(fd.obj.Type().(*types.Signature), sig))
	c.routes = append(c.routes, rec)
	c.app.Routes = append(c.app.Routes, r)
}

// looksLikeMethods reports a lone argument that is a method list, which
// means the path was forgotten.
func looksLikeMethods(s string) bool {
	for _, m := range strings.Split(s, ",") {
		if !httpMethods[strings.ToUpper(m)] {
			return false
		}
	}
	return true
}

// routeSignature checks a route handler's parameters and results.
func (u *unit) routeSignature(fd *funcDirs, path string, capPos, capNames map[string]token.Pos) (model.Signature, bool) {
	c := u.c
	sig := fd.obj.Type().(*types.Signature)
	captures := model.PathCaptures(path)
	capIndex := map[string]int{}
	for i, n := range captures {
		capIndex[n] = i
	}
	var out model.Signature
	ok := true
	bad := func(pos token.Pos, format string, args ...any) {
		c.errorf(pos, format, args...)
		ok = false
	}
	if sig.Variadic() {
		bad(fd.decl.Name.Pos(), "handler %s is variadic; route handlers take fixed parameters", fd.decl.Name.Name)
	}
	fields := paramPositions(fd.decl.Type.Params)
	bound := map[string]bool{}
	var body, request *types.Var
	params := sig.Params()
	for i := 0; i < params.Len(); i++ {
		v := params.At(i)
		t := v.Type()
		pos := fields[i]
		name := v.Name()
		p := model.Param{Name: name}
		switch {
		case isContext(t):
			if i != 0 {
				bad(pos, "context.Context must be the first parameter of %s", fd.decl.Name.Name)
				continue
			}
			p.Kind = model.ParamContext
		case isChalice(t, "Request"):
			bad(pos, "parameter %s takes chalice.Request by value; take *chalice.Request", paramName(v))
			continue
		case isPtrToChalice(t, "Request"):
			if request != nil {
				bad(pos, "handler %s takes *chalice.Request twice", fd.decl.Name.Name)
				continue
			}
			request = v
			p.Kind = model.ParamRequest
		case name != "" && name != "_" && hasKey(capIndex, name):
			kind, why := captureKind(t)
			if why != "" {
				bad(pos, "capture parameter %s has type %s: %s", name, c.typeString(t), why)
				continue
			}
			p.Kind = model.ParamCapture
			p.CaptureIndex = capIndex[name]
			bound[name] = true
			if !c.nameable(t, pos) {
				ok = false
				continue
			}
			u.c.describe(t, &p.Type)
			p.Type.Kind = kind
			out.Params = append(out.Params, p)
			continue
		case isBodyType(t):
			if body != nil {
				bad(pos, "handler %s has two body parameters (%s and %s); at most one parameter is decoded from the JSON body",
					fd.decl.Name.Name, paramName(body), paramName(v))
				continue
			}
			if why := c.jsonProblem(t, false); why != "" {
				bad(pos, "body parameter %s cannot be decoded from JSON: %s", paramName(v), why)
				continue
			}
			body = v
			p.Kind = model.ParamBody
		default:
			if kind, _ := captureKind(t); kind != "" {
				if name == "" || name == "_" {
					bad(pos, "parameter %s of type %s is unnamed: a capture parameter is named after its {capture}", paramName(v), c.typeString(t))
				} else if capName := foldMatch(captures, name); capName != "" {
					// userID for {userId}: the likeliest mistake, so a fix
					// that renames the capture (the path's name for it is
					// private to the handler) to the parameter's name.
					msg := fmt.Sprintf("parameter %s has no capture in path %s: captures match parameters by name, case included; did you mean {%s} in the path?",
						paramName(v), path, name)
					d := Diagnostic{Pos: pos, Msg: msg}
					if at := capNames[capName]; at != token.NoPos {
						d.Fix = []Edit{{Pos: at, End: at + token.Pos(len(capName)), NewText: name}}
					}
					c.diags = append(c.diags, d)
					ok = false
				} else if len(captures) == 0 {
					bad(pos, "parameter %s has no capture in path %s: add {%s} to the path or remove the parameter", paramName(v), path, name)
				} else {
					bad(pos, "parameter %s has no capture in path %s (captures: %s): parameters are matched to captures by name",
						paramName(v), path, strings.Join(captures, ", "))
				}
				continue
			}
			bad(pos, "parameter %s has unsupported type %s: a route handler takes context.Context, path captures (string, numbers, bool, encoding.TextUnmarshaler), one JSON body (struct, map, slice or pointer to struct) and *chalice.Request",
				paramName(v), c.typeString(t))
			continue
		}
		if !c.nameable(t, pos) {
			ok = false
			continue
		}
		u.c.describe(t, &p.Type)
		out.Params = append(out.Params, p)
	}
	for _, name := range captures {
		if !bound[name] && ok {
			pos := capPos[name]
			if pos == token.NoPos {
				pos = fd.decl.Name.Pos()
			}
			c.errorf(pos, "capture {%s} has no parameter: add a parameter named %s to %s", name, name, fd.decl.Name.Name)
			ok = false
		}
	}
	if !u.routeResults(fd, sig, &out) {
		ok = false
	}
	return out, ok
}

func hasKey(m map[string]int, k string) bool { _, ok := m[k]; return ok }

func paramName(v *types.Var) string {
	if v.Name() == "" {
		return "_"
	}
	return v.Name()
}

// paramPositions gives one position per parameter (names share a field).
func paramPositions(fl *ast.FieldList) []token.Pos {
	var out []token.Pos
	if fl == nil {
		return out
	}
	for _, f := range fl.List {
		if len(f.Names) == 0 {
			out = append(out, f.Type.Pos())
			continue
		}
		for _, n := range f.Names {
			out = append(out, n.Pos())
		}
	}
	return out
}

func resultPositions(ft *ast.FuncType) []token.Pos {
	return paramPositions(ft.Results)
}

// routeResults checks what a route handler returns.
func (u *unit) routeResults(fd *funcDirs, sig *types.Signature, out *model.Signature) bool {
	c := u.c
	res := sig.Results()
	pos := resultPositions(fd.decl.Type)
	name := fd.decl.Name.Name
	switch res.Len() {
	case 0:
		out.Result = model.ResultNone
		return true
	case 1:
		if isError(res.At(0).Type()) {
			out.Result = model.ResultError
			return true
		}
		out.Result = model.ResultValue
	case 2:
		if !isError(res.At(1).Type()) {
			c.errorf(pos[1], "the second result of %s must be error, not %s", name, c.typeString(res.At(1).Type()))
			return false
		}
		out.Result = model.ResultValueError
	default:
		c.errorf(pos[0], "%s returns %d values; a route handler returns nothing, error, T or (T, error)", name, res.Len())
		return false
	}
	t := res.At(0).Type()
	switch {
	case isPtrToChalice(t, "Response"):
		out.ResponseResult, out.ResponsePointer = true, true
	case isChalice(t, "Response"):
		out.ResponseResult = true
	default:
		if why := c.jsonProblem(t, true); why != "" {
			c.errorf(pos[0], "result type %s of %s cannot be encoded as JSON: %s", c.typeString(t), name, why)
			return false
		}
	}
	if !c.nameable(t, pos[0]) {
		return false
	}
	c.describe(t, &out.ResultType)
	return true
}

// sigTypesOf pairs a checked signature with its go/types types.
func sigTypesOf(sig *types.Signature, out model.Signature) sigTypes {
	st := sigTypes{sig: sig}
	for i := 0; i < sig.Params().Len(); i++ {
		st.params = append(st.params, sig.Params().At(i).Type())
	}
	if out.Result == model.ResultValue || out.Result == model.ResultValueError {
		st.result = sig.Results().At(0).Type()
	}
	return st
}

// foldMatch returns the capture equal to name but for case, or "".
func foldMatch(captures []string, name string) string {
	for _, c := range captures {
		if strings.EqualFold(c, name) {
			return c
		}
	}
	return ""
}
